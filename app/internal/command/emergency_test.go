package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// A lost passphrase recovered with the recovery key from the command line: the
// administrator's passphrase no longer signs in; --recovery-key-file opens the data for
// account reset only (and only with the practice's key); the new passphrase then signs
// in, and the audit trail shows the break-glass opening and the reset done by the
// recovery key.
func TestLostPassphraseRecoveredWithTheRecoveryKey(t *testing.T) {
	testpg.SQLiteOnly(t, "the recovery key unwraps the data key from the keyring beside a database file")
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	key := filepath.Join(dir, "recovery-key.txt")
	if code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", key, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	const forgotten = "what was it again, this passphrase"
	if code, _, errs := runAs(t, testUser, forgotten, "--db", db, "request", "list"); code != 1 || !strings.Contains(errs, "not right") {
		t.Fatalf("a wrong passphrase: exit %d %q", code, errs)
	}

	// Another practice's recovery key opens nothing.
	otherKey := filepath.Join(dir, "other-key.txt")
	if code, _, errs := runArgs(t, "--db", filepath.Join(dir, "other", "pd.db"), "--recovery-key-out", otherKey, "demo"); code != 0 {
		t.Fatalf("other demo: %s", errs)
	}
	t.Setenv("PRIVACYDESK_NEW_PASSPHRASE", "a new passphrase to remember")
	if code, out, errs := runAs(t, "", "", "--db", db, "--recovery-key-file", otherKey, "account", "reset", testUser); code != 1 || out != "" ||
		!strings.Contains(errs, "does not open the data") {
		t.Errorf("another practice's key: exit %d %q %q", code, out, errs)
	}
	// It opens the data for the account commands only.
	if code, out, errs := runAs(t, "", "", "--db", db, "--recovery-key-file", key, "request", "list"); code != 1 || out != "" ||
		!strings.Contains(errs, "only to manage staff accounts") {
		t.Errorf("request list with the recovery key: exit %d %q %q", code, out, errs)
	}

	code, out, errs := runAs(t, "", "", "--db", db, "--recovery-key-file", key, "account", "reset", testUser)
	if code != 0 || !strings.Contains(out, "New passphrase set for "+testUser) || !strings.Contains(errs, "EMERGENCY ACCESS") {
		t.Fatalf("reset with the recovery key: exit %d %q %q", code, out, errs)
	}
	if code, out, errs := runAs(t, testUser, "a new passphrase to remember", "--db", db, "account", "check"); code != 0 || !strings.Contains(out, "is right") {
		t.Errorf("the new passphrase: exit %d %q %q", code, out, errs)
	}
	if code, _, _ := runAs(t, testUser, forgotten, "--db", db, "account", "check"); code != 1 {
		t.Errorf("the old passphrase still signs in")
	}

	s := openRecovered(t, db, "a new passphrase to remember")
	defer s.Close()
	evs, _, err := s.ListAuditEvents(backend.AuditFilter{Entity: "account", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var breakGlass, reset bool
	for _, e := range evs {
		switch {
		case e.Action == "break-glass" && e.Staff == signin.RecoveryActor && e.OSUser != "":
			breakGlass = true
		case e.Action == "reset-passphrase" && e.EntityID == testUser && e.Staff == signin.RecoveryActor:
			reset = true
		}
	}
	if !breakGlass || !reset {
		t.Errorf("break-glass recorded %v, reset by the recovery key recorded %v: %+v", breakGlass, reset, evs)
	}
	if b, _ := os.ReadFile(key); !strings.Contains(string(b), "AGE-SECRET-KEY-1") {
		t.Errorf("the key file: %q", b)
	}
}

// openRecovered opens db as the test administrator with passphrase, through a sign-in.
func openRecovered(t *testing.T, db, passphrase string) *storage.Store {
	t.Helper()
	s, _, err := signin.Open(t.Context(), db, testUser, passphrase, signin.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { forgetKey(db) })
	return s
}

// Without --recovery-key-out the new database's recovery key is printed once on stderr,
// saying to print it; a key file that exists, or one inside the data folder, is refused
// before anything is made.
func TestNewDatabaseShowsItsRecoveryKey(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	inside := filepath.Join(dir, "data", "key.txt")
	if !testpg.Enabled() { // a server's database has no data folder beside it
		if code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", inside, "demo"); code != 1 || !strings.Contains(errs, "recovery-key-out: ") || !strings.Contains(errs, "inside the data folder") {
			t.Errorf("a key file in the data folder: exit %d %q", code, errs)
		}
	}
	taken := filepath.Join(dir, "taken.txt")
	os.WriteFile(taken, []byte("mine"), 0o600)
	if code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", taken, "demo"); code != 1 || !strings.Contains(errs, "exists already") {
		t.Errorf("a key file that exists: exit %d %q", code, errs)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "data")); len(ents) != 0 {
		t.Errorf("a refused first sign-in left %v", ents)
	}
	code, _, errs := runArgs(t, "--db", db, "demo")
	if code != 0 || strings.Count(errs, "AGE-SECRET-KEY-1") != 1 || !strings.Contains(errs, "print this and keep it safe") {
		t.Fatalf("demo: exit %d %q", code, errs)
	}
	if code, _, errs := runArgs(t, "--db", db, "request", "list"); code != 0 || strings.Contains(errs, "AGE-SECRET-KEY") {
		t.Errorf("shown again: %q", errs)
	}
}
