// Command privacydesk is Privacy Desk: with no command it opens the desktop window;
// with a command (privacydesk [--db FILE] COMMAND [flags]) it runs headless, through the
// same package (app/internal/command) as the privacydesk-cli binary, for scheduled
// tasks and scripts.
//
// This package is the only one that imports the Wails runtime. It stays thin: parse,
// call a backend service, turn the error into the UI's error contract.
package main

import (
	"os"

	"privacydesk/app/internal/command"
)

// version is the build's version (command.Version, set with -ldflags).
var version = command.Version

func main() {
	os.Exit(command.Run(os.Args[1:], os.Stdout, os.Stderr, runGUI))
}
