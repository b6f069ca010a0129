//go:build tools

// Package tools pins the Wails command-line tool. `go install` of
// github.com/wailsapp/wails/v2/cmd/wails@v2.9.2 fails on Go 1.26: the golang.org/x/tools
// it pins does not compile there. This module requires the same Wails with a newer
// golang.org/x/tools, and `make wails` builds the same CLI from it.
package tools

import _ "github.com/wailsapp/wails/v2/cmd/wails"
