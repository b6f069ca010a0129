package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// testAdmin is the account the services' tests are signed in as.
var testAdmin = backend.StaffAccount{Name: "Dana", Role: backend.RoleAdministrator}

const contractPassphrase = "correct horse battery staple"

// newSession is the session of a new database whose first administrator, Ana Office,
// is signed in (passphrase contractPassphrase), on the contract's clock.
func newSession(t *testing.T) *SessionService {
	t.Helper()
	d := &desk{dbPath: testpg.Location(t, filepath.Join(t.TempDir(), "privacydesk.db")), dataDir: t.TempDir(), now: func() time.Time { return contractClock }}
	s := &SessionService{d: d}
	if _, err := s.CreateAdministrator("Ana Office", contractPassphrase, contractPassphrase); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.SignOut() })
	return s
}

// must returns v, or ends the test's goroutine with err (for methods that return both).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSession: a new database asks for its first administrator; signing in opens it for
// that account (every event names it); a locked window refuses the data and tells the
// shell nothing of the practice until the same passphrase unlocks it.
func TestSession(t *testing.T) {
	d := &desk{dbPath: testpg.Location(t, filepath.Join(t.TempDir(), "privacydesk.db")), dataDir: t.TempDir(), now: func() time.Time { return contractClock }}
	app, s, requests := &AppService{d: d}, &SessionService{d: d}, &RequestService{d: d}
	if got := app.Info().Session.State; got != SessionNew {
		t.Fatalf("new database: session %q", got)
	}
	if _, err := requests.List(backend.RequestFilter{}); refusal(t, err) != backend.ErrorMessage(errNotSignedIn) {
		t.Errorf("List before sign-in: %v", err)
	}
	_, err := s.CreateAdministrator("Ana Office", "too short", "too shorT")
	if b := exportErr(t, err); b.Code != backend.EINVALID || len(b.Problems) != 2 || b.Problems[0].Field != "passphrase" || b.Problems[1].Field != "repeat" {
		t.Errorf("short, different passphrases: %+v", b)
	}
	if _, err := s.CreateAdministrator("Ana Office", contractPassphrase, contractPassphrase); err != nil {
		t.Fatal(err)
	}
	if err := s.SignOut(); err != nil {
		t.Fatal(err)
	}
	if got := app.Info(); got.Session.State != SessionSignedOut || got.Staff != "" || got.Today != "" {
		t.Errorf("signed out: %+v", got)
	}
	if _, err := s.SignIn("Ana Office", "not the passphrase"); exportErr(t, err).Field != "passphrase" {
		t.Errorf("wrong passphrase: %v", err)
	}
	in, err := s.SignIn("ana office", contractPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if in.Session.State != SessionSignedIn || in.Session.Role != backend.RoleAdministrator || in.Session.IdleLockSeconds != 600 {
		t.Errorf("signed in: %+v", in.Session)
	}
	if _, err := s.SignIn("Ana Office", contractPassphrase); err == nil {
		t.Error("a second sign-in over the first was accepted")
	}

	if err := s.SetIdleLock(31); exportErr(t, err).Field != "idleLockMinutes" {
		t.Errorf("31 minutes: %v", err)
	}
	if err := s.SetIdleLock(2); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock("idle"); err != nil {
		t.Fatal(err)
	}
	info := app.Info()
	if info.Session.State != SessionLocked || info.Today != "" || len(info.State) != 0 || info.Staff != "" || len(info.Session.Permissions) != 0 {
		t.Errorf("locked: %+v", info)
	}
	if _, err := requests.List(backend.RequestFilter{}); refusal(t, err) != backend.ErrorMessage(errLocked) {
		t.Errorf("List while locked: %v", err)
	}
	if _, err := s.Unlock("not the passphrase"); exportErr(t, err).Field != "passphrase" {
		t.Errorf("unlock with a wrong passphrase: %v", err)
	}
	if app.Info().Session.State != SessionLocked {
		t.Error("a wrong passphrase unlocked the window")
	}
	got, err := s.Unlock(contractPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != SessionSignedIn || got.IdleLockSeconds != 120 {
		t.Errorf("unlocked: %+v", got)
	}
	if _, err := requests.List(backend.RequestFilter{}); err != nil {
		t.Errorf("List after unlock: %v", err)
	}
	st, _ := d.open()
	events, _, err := st.ListAuditEvents(backend.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range events {
		actions[e.Action] = true
		// signin.Open records a sign-in before it has an actor: the entity names the account.
		if e.Staff != "Ana Office" && !(strings.HasPrefix(e.Action, "sign-in") && e.EntityID == "Ana Office") {
			t.Errorf("event %s %s by %q, want Ana Office", e.Entity, e.Action, e.Staff)
		}
	}
	for _, a := range []string{"sign-in", "sign-in-failed", "sign-out", "lock"} {
		if !actions[a] {
			t.Errorf("no %q event in the audit trail: %v", a, actions)
		}
	}
}

// TestSignOutForgetsTheDataKey: the data key a sign-in unwrapped stays in the process
// only while someone is signed in (locked or not); after the sign-out the next person
// needs their own passphrase to have it again.
func TestSignOutForgetsTheDataKey(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "privacydesk.db")
	d := &desk{dbPath: dbPath, dataDir: t.TempDir(), now: func() time.Time { return contractClock }}
	s := &SessionService{d: d}
	if _, err := s.CreateAdministrator("Ana Office", contractPassphrase, contractPassphrase); err != nil {
		t.Fatal(err)
	}
	if storage.UnlockedKey(dbPath) == nil {
		t.Fatal("signed in, but the process holds no data key: is the database encrypted?")
	}
	if err := s.Lock("shortcut"); err != nil {
		t.Fatal(err)
	}
	if storage.UnlockedKey(dbPath) == nil {
		t.Error("the lock dropped the data key of the database still open")
	}
	if err := s.SignOut(); err != nil {
		t.Fatal(err)
	}
	if storage.UnlockedKey(dbPath) != nil {
		t.Error("after the sign-out the process still holds the data key")
	}
	if _, err := s.SignIn("Ana Office", contractPassphrase); err != nil {
		t.Fatalf("signing in again: %v", err)
	}
	if _, err := (&RequestService{d: d}).List(backend.RequestFilter{}); err != nil {
		t.Errorf("List after signing in again: %v", err)
	}
	s.SignOut()
}
