// Command privacydesk-cli is Privacy Desk's command line without the window: the same
// headless commands as privacydesk (privacydesk-cli [--db FILE] COMMAND [flags]), in a
// binary that links neither GTK nor WebKit, so it runs on a server, in a scheduled task
// or in a console on Windows.
package main

import (
	"os"

	"privacydesk/app/internal/command"
)

func main() {
	os.Exit(command.Run(os.Args[1:], os.Stdout, os.Stderr, nil))
}
