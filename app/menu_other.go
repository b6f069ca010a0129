//go:build !darwin

package main

import "github.com/wailsapp/wails/v2/pkg/menu"

// platformMenus come before the File menu: none on Windows and Linux, where the text
// fields' own context menu and keys copy and paste (see menu_darwin.go for macOS).
func platformMenus() []*menu.MenuItem { return nil }

// quitInFileMenu: Windows and Linux have Quit at the end of the File menu.
const quitInFileMenu = true
