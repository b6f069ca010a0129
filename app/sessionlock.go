package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// The window locks when the desktop session locks (HIPAA workstation use: a locked
// computer must not leave patients' data one unlock away from anyone who sits down at
// another user's session). Linux is told (sessionlock_linux.go); Windows is asked every
// few seconds (sessionlock_windows.go), through a sessionLockDetector, so that what the
// app does about it is the same code, tested here with a fake.

// sessionLockDetector tells whether the desktop session is locked now.
type sessionLockDetector interface {
	SessionLocked() (bool, error)
}

// pollSessionLock asks det at each tick until ctx ends, and calls onLock each time the
// desktop session goes from unlocked to locked: once per lock, not at every tick while
// it stays locked, and again after an unlock and a new lock. An error (the question
// cannot be answered) changes nothing and is logged once until an answer comes again.
func pollSessionLock(ctx context.Context, det sessionLockDetector, tick <-chan time.Time, onLock func()) {
	locked, failing := false, false
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
		now, err := det.SessionLocked()
		if err != nil {
			if !failing {
				slog.Info("session lock: the desktop's lock cannot be read", "err", err)
			}
			failing = true
			continue
		}
		failing = false
		if now && !locked {
			onLock()
		}
		locked = now
	}
}

// onDesktopLock is what the app does when the desktop session locks: it locks the
// session (audited as a lock with reason "session", as Ctrl+L's is with "shortcut") and
// tells the window (tell) to show its lock screen.
func onDesktopLock(d *desk, tell func()) func() {
	return func() {
		if err := (&SessionService{d: d}).Lock("session"); err != nil {
			slog.Error("session lock", "err", err)
		}
		tell()
	}
}

// The answer of WTSQuerySessionInformationW(WTSSessionInfoEx) on Windows: a WTSINFOEXW,
// whose Level (a DWORD, 1) is followed, at offset 8 (the level-1 structure holds
// LARGE_INTEGERs, so the union is 8-aligned), by WTSINFOEX_LEVEL1_W: SessionId,
// SessionState, then SessionFlags (a LONG) at offset 16. Decoded here, not in the
// Windows file, so that the layout is tested on every system.
const (
	wtsInfoExLevelOffset = 0
	wtsInfoExFlagsOffset = 16
	// wtsSessionStateLock and wtsSessionStateUnlock are SessionFlags' values
	// (WTS_SESSIONSTATE_LOCK, WTS_SESSIONSTATE_UNLOCK); WTS_SESSIONSTATE_UNKNOWN is -1.
	// Windows 7 and Server 2008 R2 report the two the other way round; the window's
	// WebView2 no longer runs there.
	wtsSessionStateLock   = 0
	wtsSessionStateUnlock = 1
)

// errSessionStateUnknown: Windows does not know whether the session is locked.
var errSessionStateUnknown = errors.New("the session's lock state is unknown")

// decodeWTSInfoEx says whether the WTSINFOEXW in b describes a locked session.
func decodeWTSInfoEx(b []byte) (bool, error) {
	if len(b) < wtsInfoExFlagsOffset+4 {
		return false, fmt.Errorf("WTSINFOEXW of %d bytes, too short", len(b))
	}
	if level := binary.LittleEndian.Uint32(b[wtsInfoExLevelOffset:]); level != 1 {
		return false, fmt.Errorf("WTSINFOEXW level %d, not 1", level)
	}
	switch int32(binary.LittleEndian.Uint32(b[wtsInfoExFlagsOffset:])) {
	case wtsSessionStateLock:
		return true, nil
	case wtsSessionStateUnlock:
		return false, nil
	}
	return false, errSessionStateUnknown
}
