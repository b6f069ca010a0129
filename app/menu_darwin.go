package main

import "github.com/wailsapp/wails/v2/pkg/menu"

// platformMenus come before the File menu. On macOS the application menu (About, Hide,
// Quit) and the Edit menu must be there: without an Edit menu, copy, cut, paste and
// select all (Cmd+C, Cmd+X, Cmd+V, Cmd+A) do nothing in the window's text fields.
func platformMenus() []*menu.MenuItem { return []*menu.MenuItem{menu.AppMenu(), menu.EditMenu()} }

// quitInFileMenu: on macOS Quit (Cmd+Q) is in the application menu.
const quitInFileMenu = false
