//go:build !linux

package main

import "context"

// watchSessionLock: on Windows and macOS the session's lock is not watched yet (the idle
// lock and Ctrl+L remain); Linux's is in sessionlock_linux.go.
func watchSessionLock(ctx context.Context, onLock func()) {}
