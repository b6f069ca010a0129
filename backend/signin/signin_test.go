package signin

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// cheap keeps the tests' Argon2id fast; the product uses accounts.DefaultParams.
var cheap = accounts.Params{Memory: 64, Time: 1, Threads: 1}

func TestCreateThenOpen(t *testing.T) {
	ctx := context.Background()
	path := testpg.Location(t, filepath.Join(t.TempDir(), "practice.db"))
	if st, err := Check(ctx, path); err != nil || st != StatusNew {
		t.Fatalf("Check(new) = %q, %v; want new", st, err)
	}
	if _, _, err := Open(ctx, path, "Ana Office", "correct horse battery", Options{}); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Fatalf("Open before Create: %v; want not found", err)
	}
	var secret string
	s, a, err := Create(ctx, path, "Ana Office", "correct horse battery", Options{OSUser: "front", RecoveryKey: func(k string) { secret = k }})
	if err != nil {
		t.Fatal(err)
	}
	if a.Role != backend.RoleAdministrator || s.Actor.Staff != "Ana Office" || s.Actor.OSUser != "front" {
		t.Fatalf("Create: role %q actor %+v", a.Role, s.Actor)
	}
	// A file is encrypted by Privacy Desk, a server's database by the server; either way
	// the practice gets its recovery key, which the backups are encrypted to.
	if s.Encrypted() == testpg.Enabled() || !strings.HasPrefix(secret, "AGE-SECRET-KEY-1") {
		t.Fatalf("Create: encrypted %v, recovery key %q", s.Encrypted(), secret)
	}
	if r, err := s.RecoveryRecipient(ctx); err != nil || r == "" {
		t.Fatalf("recovery recipient %q %v", r, err)
	}
	s.Close()
	storage.Forget(path)
	if !testpg.Enabled() {
		if _, err := storage.Open(path); err == nil {
			t.Fatal("the encrypted database opened without its key")
		}
	}
	if _, _, err := Create(ctx, path, "Bo", "another long passphrase", Options{}); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("second Create: %v; want conflict", err)
	}
	if _, _, err := Open(ctx, path, "Ana Office", "wrong passphrase!!", Options{}); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("wrong passphrase: %v; want invalid", err)
	}
	s, a, err = Open(ctx, path, "Ana Office", "correct horse battery", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a.Name != "Ana Office" || s.Actor.Staff != "Ana Office" {
		t.Fatalf("Open: %+v actor %+v", a, s.Actor)
	}
	// The failure (journalled in a file's keyring) is in the audit trail now.
	events, _, err := s.ListAuditEvents(backend.AuditFilter{Entity: "account", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range events {
		found = found || e.Action == "sign-in-failed" && e.EntityID == "Ana Office"
	}
	if !found {
		t.Errorf("the failed sign-in is not in the audit trail: %+v", events)
	}
}

// A failed sign-in never reaches the database: the keyring journals it, and after
// FreeFailures the wait applies before any unwrapping.
func TestFailuresWaitBeforeUnwrapping(t *testing.T) {
	testpg.SQLiteOnly(t, "the keyring beside a database file journals failed sign-ins (the accounts suite tests the wait in the database)")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "practice.db")
	now := time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)
	opt := Options{Now: func() time.Time { return now }, Cost: cheap}
	s, _, err := Create(ctx, path, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range accounts.FreeFailures {
		if _, _, err := Open(ctx, path, "Ana Office", "a wrong passphrase", opt); backend.ErrorCode(err) != backend.EINVALID {
			t.Fatalf("wrong passphrase: %v", err)
		}
	}
	if _, _, err := Open(ctx, path, "Ana Office", "correct horse battery", opt); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("right passphrase during the wait: %v; want conflict", err)
	}
	now = now.Add(accounts.Backoff(accounts.FreeFailures) + time.Second)
	s, _, err = Open(ctx, path, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	s.Close()
	f, err := keyring.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := f.Failed("Ana Office"); n != 0 {
		t.Errorf("failures after a sign-in: %d", n)
	}
}

// An account added, a passphrase reset and an account disabled rewrap only the key:
// the database's pages stay encrypted with the same key (the file opens with it), each
// passphrase opens it until its account is disabled.
func TestKeyringFollowsAccounts(t *testing.T) {
	testpg.SQLiteOnly(t, "the keyring beside a database file and SQLCipher's data key")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "practice.db")
	opt := Options{Cost: cheap}
	s, _, err := Create(ctx, path, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatal(err)
	}
	key := s.DataKey()
	svc := accounts.New(s)
	svc.Params = cheap
	if _, err := svc.Create(ctx, "Bo Desk", backend.RoleStaff, "bo's first passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Create(ctx, "Cy Audit", backend.RoleAuditor, "cy's long passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ResetPassphrase(ctx, "Bo Desk", "bo's second passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Disable(ctx, "Cy Audit"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	storage.Forget(path)
	for _, tc := range []struct {
		name, pass string
		ok         bool
	}{
		{"Bo Desk", "bo's second passphrase", true},
		{"Bo Desk", "bo's first passphrase", false},
		{"Cy Audit", "cy's long passphrase", false},
		{"Ana Office", "correct horse battery", true},
	} {
		s, _, err := Open(ctx, path, tc.name, tc.pass, opt)
		if (err == nil) != tc.ok {
			t.Errorf("%s with %q: %v; want ok %v", tc.name, tc.pass, err, tc.ok)
		}
		if err == nil {
			if !bytes.Equal(s.DataKey(), key) {
				t.Errorf("%s unwrapped another key", tc.name)
			}
			s.Close()
		}
		storage.Forget(path)
	}
	f, err := keyring.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Has("Cy Audit") || !f.Has("Bo Desk") {
		t.Errorf("keyring entries: %+v", f.Accounts)
	}
	// The key opens the file itself: nothing was re-encrypted.
	s, err = storage.OpenKeyed(path, key)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	st, err := os.Stat(keyring.Path(path))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("keyring file: %v %v", st, err)
	}
}

// A creation stopped after the keyring was written but before the first administrator
// had a key leaves a database nobody can sign in to: Check sets it aside and the path
// is new again, so the next Create succeeds; the unfinished files are kept, renamed.
func TestUnfinishedCreationIsSetAside(t *testing.T) {
	testpg.SQLiteOnly(t, "a database file and its keyring left by a stopped creation")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "practice.db")
	key, err := keyring.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newRecovery(path, key); err != nil {
		t.Fatal(err)
	}
	s, err := storage.OpenKeyed(path, key)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	storage.Forget(path)
	if st, err := Check(ctx, path); err != nil || st != StatusNew {
		t.Fatalf("Check(unfinished) = %q, %v; want new", st, err)
	}
	aside, _ := filepath.Glob(path + "*.unfinished-*")
	if len(aside) != 2 { // the database and its keyring
		t.Errorf("set aside %v; want the database and its keyring", aside)
	}
	s, _, err = Create(ctx, path, "Ana Office", "correct horse battery", Options{Cost: cheap})
	if err != nil {
		t.Fatalf("Create after an unfinished one: %v", err)
	}
	s.Close()
	if st, err := Check(ctx, path); err != nil || st != StatusReady {
		t.Fatalf("Check after Create = %q, %v; want ready", st, err)
	}
}

// Check tells a new database from one with data but no staff accounts (from before
// them), which Create makes an administrator for: a missing file or an empty server
// database is new; one with an audit trail is not. A file that exists is never new (its
// first administrator encrypts it); a server database only opened is still new.
func TestCheckTellsNewFromBeforeAccounts(t *testing.T) {
	ctx := context.Background()
	path := testpg.Location(t, filepath.Join(t.TempDir(), "practice.db"))
	if st, err := Check(ctx, path); err != nil || st != StatusNew {
		t.Fatalf("Check(nothing) = %q, %v; want new", st, err)
	}
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	opened := StatusNoAccounts
	if testpg.Enabled() {
		opened = StatusNew
	}
	if st, err := Check(ctx, path); err != nil || st != opened {
		t.Errorf("Check(opened) = %q, %v; want %q", st, err, opened)
	}
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	if _, err := s.CreateVendor(backend.Vendor{Name: "Kept before accounts"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if st, err := Check(ctx, path); err != nil || st != StatusNoAccounts {
		t.Errorf("Check(with data) = %q, %v; want no-accounts", st, err)
	}
	s, a, err := Create(ctx, path, "Ana Office", "correct horse battery", Options{Cost: cheap})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a.Role != backend.RoleAdministrator {
		t.Errorf("role %q", a.Role)
	}
	if v, err := s.GetVendorByName("Kept before accounts"); err != nil || v.Name == "" {
		t.Errorf("the data from before accounts: %+v %v", v, err)
	}
}
