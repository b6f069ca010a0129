// Command privacydesk is Privacy Desk: with no command it opens the desktop window;
// with a command (privacydesk [--db FILE] COMMAND [flags]) it runs headless, sharing the
// backend services the window uses, for scheduled tasks and scripts.
//
// This package is the only one that imports the Wails runtime. It stays thin: parse,
// call a backend service, turn the error into the UI's error contract.
package main

import (
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0"

func main() {
	os.Exit(runCLI(os.Args[1:], os.Stdout, os.Stderr))
}
