package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// idleSession is a signed-in session (Ana Office, the default idle limit of 10 minutes)
// whose idle clock is advanced by hand: no sleeps, no timing.
type idleSession struct {
	d        *desk
	app      *AppService
	s        *SessionService
	requests *RequestService
	now      time.Time
}

func newIdleSession(t *testing.T) *idleSession {
	t.Helper()
	d := &desk{dbPath: testpg.Location(t, filepath.Join(t.TempDir(), "privacydesk.db")), dataDir: t.TempDir(), now: func() time.Time { return contractClock }}
	is := &idleSession{d: d, app: &AppService{d: d}, s: &SessionService{d: d}, requests: &RequestService{d: d}, now: contractClock}
	d.idle.now = func() time.Time { return is.now }
	in, err := is.s.CreateAdministrator("Ana Office", contractPassphrase, contractPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if in.Session.IdleLockSeconds != defaultIdleLockMinutes*60 {
		t.Fatalf("idle limit %d s, want the default", in.Session.IdleLockSeconds)
	}
	t.Cleanup(func() { is.s.SignOut() })
	return is
}

func (is *idleSession) wait(d time.Duration) { is.now = is.now.Add(d) }

// list is a bound call that reads PHI: "" when it was answered, the refusal otherwise.
func (is *idleSession) list(t *testing.T) string {
	t.Helper()
	_, err := is.requests.List(backend.RequestFilter{})
	if err != nil && refusal(t, err) == "" {
		t.Fatalf("List: %v", err)
	}
	return refusal(t, err)
}

// idleLocks counts the audit trail's lock events of reason idle.
func (is *idleSession) idleLocks(t *testing.T) int {
	t.Helper()
	is.d.mu.RLock()
	st := is.d.store
	is.d.mu.RUnlock()
	events, _, err := st.ListAuditEvents(backend.AuditFilter{Action: "lock", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Entity != "account" || e.EntityID != "Ana Office" || e.Staff != "Ana Office" {
			t.Errorf("lock event %+v: want account Ana Office, by Ana Office", e)
		}
		if strings.Contains(e.After, `"reason":"idle"`) || strings.Contains(e.Before, `"reason":"idle"`) {
			n++
		}
	}
	return n
}

// TestIdleLockWithoutTheWindow: the window's idle timer never fires (no Lock call), yet
// past the idle limit the next bound call is refused as locked, the session says
// locked, and the lock is audited once, with reason idle, as the window's is.
func TestIdleLockWithoutTheWindow(t *testing.T) {
	is := newIdleSession(t)
	is.wait(10 * time.Minute)
	if r := is.list(t); r != "" {
		t.Fatalf("at the idle limit exactly: refused %q", r)
	}
	is.wait(time.Second)
	if r := is.list(t); r != backend.ErrorMessage(errLocked) {
		t.Fatalf("past the idle limit without input: List answered (refusal %q), want the locked refusal", r)
	}
	_, err := is.requests.List(backend.RequestFilter{})
	if b := exportErr(t, err); b.Code != backend.ECONFLICT || b.Field != "session" {
		t.Errorf("the locked refusal is %+v: the window knows it by code conflict and field session", b)
	}
	if got := is.app.Info().Session.State; got != SessionLocked {
		t.Errorf("session %q after the backend's idle lock, want locked", got)
	}
	// The window's timer fires late: no second lock event.
	if err := is.s.Lock("idle"); err != nil {
		t.Fatal(err)
	}
	if n := is.idleLocks(t); n != 1 {
		t.Errorf("%d idle lock events in the audit trail, want 1", n)
	}
	// Unlocking starts the idle time again.
	if _, err := is.s.Unlock(contractPassphrase); err != nil {
		t.Fatal(err)
	}
	is.wait(9 * time.Minute)
	if r := is.list(t); r != "" {
		t.Errorf("9 minutes after unlocking: refused %q", r)
	}
}

// TestReportedInputKeepsTheSessionOpen: input the window reports keeps the session open
// past the idle limit counted from the sign-in; input reported once the limit has passed
// does not reopen it.
func TestReportedInputKeepsTheSessionOpen(t *testing.T) {
	is := newIdleSession(t)
	for i := 0; i < 5; i++ { // 45 minutes of work, input reported every 9
		is.wait(9 * time.Minute)
		if err := is.s.ReportInput(); err != nil {
			t.Fatalf("input reported after 9 minutes: %v", err)
		}
		if r := is.list(t); r != "" {
			t.Fatalf("after %d minutes with input: refused %q", 9*(i+1), r)
		}
	}
	is.wait(10*time.Minute + time.Second)
	err := is.s.ReportInput()
	if refusal(t, err) != backend.ErrorMessage(errLocked) {
		t.Errorf("input reported past the idle limit: %v, want the locked refusal", err)
	}
	if r := is.list(t); r != backend.ErrorMessage(errLocked) {
		t.Errorf("late input reopened the session: List refusal %q", r)
	}
	if err := is.s.SignOut(); err != nil {
		t.Fatal(err)
	}
	if refusal(t, is.s.ReportInput()) != backend.ErrorMessage(errNotSignedIn) {
		t.Error("input reported with nobody signed in was not refused")
	}
}

// TestBackgroundCallsDoNotKeepTheSessionOpen: the window's own calls (the dashboard's
// refresh, the jobs' progress, the app's info) are not input: a session that only they
// keep busy locks at the idle limit.
func TestBackgroundCallsDoNotKeepTheSessionOpen(t *testing.T) {
	is := newIdleSession(t)
	dashboard := &DashboardService{d: is.d}
	exports := &ExportService{}
	exports.d, exports.now = is.d, func() time.Time { return contractClock }
	exports.init()
	for minute := 1; minute <= 10; minute++ {
		is.wait(time.Minute)
		if _, err := dashboard.Get(); err != nil {
			t.Fatalf("dashboard after %d minutes: %v", minute, err)
		}
		if _, err := exports.Jobs(); err != nil {
			t.Fatalf("jobs after %d minutes: %v", minute, err)
		}
		if got := is.app.Info().Session.State; got != SessionSignedIn {
			t.Fatalf("after %d minutes: session %q", minute, got)
		}
	}
	is.wait(time.Second)
	if _, err := dashboard.Get(); refusal(t, err) != backend.ErrorMessage(errLocked) {
		t.Errorf("a poll past the idle limit: %v, want the locked refusal", err)
	}
	if r := is.list(t); r != backend.ErrorMessage(errLocked) {
		t.Errorf("polling kept the session open: List refusal %q", r)
	}
	if n := is.idleLocks(t); n != 1 {
		t.Errorf("%d idle lock events in the audit trail, want 1", n)
	}
}

// TestIdleLimitFollowsTheSetting: the backend's limit is the practice's setting, changed
// under a running session.
func TestIdleLimitFollowsTheSetting(t *testing.T) {
	is := newIdleSession(t)
	if err := is.s.SetIdleLock(2); err != nil {
		t.Fatal(err)
	}
	is.wait(2*time.Minute + time.Second)
	if r := is.list(t); r != backend.ErrorMessage(errLocked) {
		t.Errorf("past a 2-minute idle limit: List refusal %q", r)
	}
}

// TestWatchIdleLockLocksWithoutACall: with no call at all, the app's own check locks the
// session past the idle limit and tells the window (the tick is short; the test waits
// for the lock, it does not measure time).
func TestWatchIdleLockLocksWithoutACall(t *testing.T) {
	is := newIdleSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	told := make(chan struct{})
	is.wait(10*time.Minute + time.Second)
	go watchIdleLock(ctx, is.d, time.Millisecond, func() { close(told) })
	select {
	case <-told:
	case <-time.After(time.Minute): // a safety net against a hang, not a measure
		t.Fatal("the app's own check did not lock the idle session")
	}
	is.d.mu.RLock()
	locked := is.d.locked
	is.d.mu.RUnlock()
	if !locked {
		t.Error("the window was told of a lock, but the session is not locked")
	}
	if n := is.idleLocks(t); n != 1 {
		t.Errorf("%d idle lock events in the audit trail, want 1", n)
	}
}
