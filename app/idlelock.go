package main

import (
	"context"
	"log/slog"
	"time"
)

// The idle lock, enforced here and not only by the window (HIPAA automatic logoff,
// 45 CFR 164.312(a)(2)(iii)). The window's own timer locks promptly, but a page's timers
// can stop (a hidden or minimised window is throttled, a script error, a stuck render),
// and a window that never locks would leave every bound method open. So the backend keeps
// its own idle clock: the session locks when no user input has been reported for longer
// than the idle limit, checked at the door of every bound method (desk.allow), when the
// window asks for the session, and every few seconds by the app itself (watchIdleLock).
//
// Only what a person did counts: signing in, unlocking, and the window's report of input
// (SessionService.ReportInput, sent at most every few seconds while keys or the mouse
// are used). Other calls, the dashboard's refresh or a job's progress, do not keep the
// session open.

// idleClock is the backend's record of the last input and of the limit. Its fields are
// guarded by desk.mu.
type idleClock struct {
	// now is the clock (nil: time.Now, whose reading is monotonic); tests set it.
	now func() time.Time
	// lastInput is when the session began or input was last reported; zero while no
	// session runs (the idle lock starts with the session, desk.begin).
	lastInput time.Time
	// limit is how long without input locks the session: the practice's setting (or the
	// dev build's seam), read when the session begins or unlocks and when the window
	// asks for the session.
	limit time.Duration
}

func (c *idleClock) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// restart starts the idle time again (a sign-in, an unlock, reported input).
func (c *idleClock) restart() { c.lastInput = c.clock() }

// expired says whether the idle limit has passed since the last input. The elapsed time
// is the monotonic clock's, which setting the computer's clock does not move; it is also
// counted on the wall clock, and the longer of the two counts: the monotonic clock of
// Linux, macOS and Windows stands still while the computer sleeps, and a laptop closed
// for an hour must wake locked. A wall clock set back therefore cannot keep a session
// open (the monotonic time still passes); one set forward can only lock it early.
func (c *idleClock) expired() bool {
	if c.lastInput.IsZero() || c.limit <= 0 {
		return false
	}
	now := c.clock()
	idle := now.Sub(c.lastInput)
	if wall := now.Round(0).Sub(c.lastInput.Round(0)); wall > idle {
		idle = wall
	}
	return idle > c.limit
}

// idleLimit is the open session's idle limit: the dev build's seam when set, the
// practice's setting otherwise.
func (d *desk) idleLimit(ctx context.Context) time.Duration {
	d.mu.RLock()
	st, seconds := d.store, d.idleLockSeconds
	d.mu.RUnlock()
	if seconds == 0 {
		seconds = idleLockMinutes(ctx, st) * 60
	}
	return time.Duration(seconds) * time.Second
}

// lockIfIdle locks the session, audited as the window's idle lock is, when the idle
// limit has passed without input; it says whether it locked.
func (d *desk) lockIfIdle() bool {
	d.mu.RLock()
	idle := d.account.Name != "" && !d.locked && d.idle.expired()
	d.mu.RUnlock()
	if !idle {
		return false
	}
	locked, err := d.lock("idle")
	if err != nil {
		slog.Error("idle lock", "err", err)
	}
	return locked
}

// watchIdleLock checks the idle clock every few seconds until ctx ends, so the session
// locks (and the title says so) even when no call comes; onLock tells the window.
func watchIdleLock(ctx context.Context, d *desk, every time.Duration, onLock func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if d.lockIfIdle() {
				onLock()
			}
		}
	}
}
