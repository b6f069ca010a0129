//go:build !linux && !windows

package main

import "context"

// watchSessionLock: on macOS the session's lock is not watched (the idle lock and Ctrl+L
// remain). macOS is not a target: the app builds there by hand (wails build on a Mac),
// with no installer; Linux's watch is in sessionlock_linux.go, Windows' in
// sessionlock_windows.go.
func watchSessionLock(ctx context.Context, onLock func()) {}
