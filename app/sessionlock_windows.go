package main

import (
	"context"
	"errors"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Windows: the window locks when the workstation locks (Win+L, the screen saver's lock,
// a lock by policy). Windows sends no message the app could listen for without a window
// procedure of its own (WTSRegisterSessionNotification needs the window's handle, which
// Wails keeps), so the app asks every few seconds (sessionLockPoll): the session's
// SessionFlags from WTSQuerySessionInformationW(WTSSessionInfoEx); when that cannot be
// answered, whether the input desktop can be opened (it cannot while the lock screen,
// the secure desktop, has the input; nor while a UAC prompt has it, which then locks the
// window too: the safe side).

var (
	wtsapi32                        = windows.NewLazySystemDLL("wtsapi32.dll")
	procWTSQuerySessionInformationW = wtsapi32.NewProc("WTSQuerySessionInformationW")
	user32                          = windows.NewLazySystemDLL("user32.dll")
	procOpenInputDesktop            = user32.NewProc("OpenInputDesktop")
	procCloseDesktop                = user32.NewProc("CloseDesktop")
)

// sessionLockPoll is how often Windows is asked: a lock is noticed within a few seconds.
const sessionLockPoll = 2 * time.Second

const (
	wtsCurrentServerHandle = 0
	wtsCurrentSession      = 0xFFFFFFFF // WTS_CURRENT_SESSION, (DWORD)-1
	wtsSessionInfoEx       = 25         // WTS_INFO_CLASS WTSSessionInfoEx
	desktopSwitchDesktop   = 0x0100     // DESKTOP_SWITCHDESKTOP
)

// watchSessionLock calls onLock whenever the workstation locks, until ctx ends.
func watchSessionLock(ctx context.Context, onLock func()) {
	t := time.NewTicker(sessionLockPoll)
	defer t.Stop()
	pollSessionLock(ctx, windowsSession{}, t.C, onLock)
}

// windowsSession reads this process's session's lock state.
type windowsSession struct{}

func (windowsSession) SessionLocked() (bool, error) {
	locked, err := wtsSessionLocked()
	if err == nil {
		return locked, nil
	}
	if inputErr := procOpenInputDesktop.Find(); inputErr != nil {
		return false, errors.Join(err, inputErr)
	}
	h, _, _ := procOpenInputDesktop.Call(0, 0, desktopSwitchDesktop)
	if h == 0 {
		return true, nil
	}
	procCloseDesktop.Call(h)
	return false, nil
}

// wtsSessionLocked asks the Remote Desktop Services API (present on every Windows,
// remote or not) whether the current session is locked.
func wtsSessionLocked() (bool, error) {
	if err := procWTSQuerySessionInformationW.Find(); err != nil {
		return false, err
	}
	var buf *byte
	var n uint32
	r, _, err := procWTSQuerySessionInformationW.Call(wtsCurrentServerHandle, wtsCurrentSession, wtsSessionInfoEx,
		uintptr(unsafe.Pointer(&buf)), uintptr(unsafe.Pointer(&n)))
	if r == 0 {
		return false, err
	}
	defer windows.WTSFreeMemory(uintptr(unsafe.Pointer(buf)))
	return decodeWTSInfoEx(unsafe.Slice(buf, n))
}
