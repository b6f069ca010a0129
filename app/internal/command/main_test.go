package command

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend/accounts"
	"privacydesk/backend/keyring"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// The account every test signs in as (the scripts and the e2e harness use the same two
// values): the commands that make a database make it its first administrator.
const (
	testUser       = "Test Administrator"
	testPassphrase = "correct horse battery staple"
)

// TestMain signs every CLI run in as the test administrator, unless a test says
// otherwise, and makes new passphrase hashes cheap: the hash's parameters are stored in
// it, so a cheap hash still verifies, and the tests sign in hundreds of times.
func TestMain(m *testing.M) {
	os.Setenv("PRIVACYDESK_USER", testUser)
	os.Setenv("PRIVACYDESK_PASSPHRASE", testPassphrase)
	accounts.DefaultParams = accounts.Params{Memory: 64, Time: 1, Threads: 1}
	os.Exit(m.Run())
}

// runAs runs the CLI signed in as name with passphrase (not the test administrator).
func runAs(t *testing.T, name, passphrase string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, now: time.Now, user: name, passphrase: passphrase}
	code := c.run(args)
	return code, out.String(), errb.String()
}

// newTestDB makes an empty database at db whose first administrator is the test
// administrator.
func newTestDB(t *testing.T, db string) {
	t.Helper()
	s, _, err := signin.Create(context.Background(), db, testUser, testPassphrase, signin.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// openTestDB opens the encrypted database at db for a test to look into (or to arrange
// what a command finds): the data key unwrapped from the keyring with the test
// administrator's passphrase, as a sign-in does, but without signing in, so the audit
// trail holds only what the commands recorded. The key is forgotten again when the
// store is closed and the test ends, so each command still signs in for itself. A
// PostgreSQL database (testpg) has no key: it is opened as it is.
func openTestDB(t *testing.T, db string) *storage.Store {
	t.Helper()
	if storage.IsPostgresURL(db) {
		s, err := storage.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s, err := storage.OpenKeyed(db, testKey(t, db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { forgetKey(db) })
	return s
}

// forgetKey drops the data key this process remembers for db.
func forgetKey(db string) {
	if abs, err := filepath.Abs(db); err == nil {
		storage.Forget(abs)
	}
}

// copyDB copies the closed database from for the test and returns where the copy is:
// a file in the test's folder with its keyring (without it the copy opens for nobody),
// or a PostgreSQL database copied by the server (testpg.Copy).
func copyDB(t *testing.T, from string) string {
	t.Helper()
	if storage.IsPostgresURL(from) {
		return testpg.Copy(t, from)
	}
	to := filepath.Join(t.TempDir(), filepath.Base(from))
	copyFile(t, from, to)
	copyFile(t, keyring.Path(from), keyring.Path(to))
	return to
}

// testKey is the data key of the database at db, unwrapped from its keyring with the
// test administrator's passphrase.
func testKey(t *testing.T, db string) []byte {
	t.Helper()
	f, err := keyring.Load(db)
	if err != nil {
		t.Fatal(err)
	}
	key, err := f.Unwrap(testUser, testPassphrase, accounts.DefaultParams.KeyParams())
	if err != nil {
		t.Fatalf("%s: the test administrator's key: %v", db, err)
	}
	return key
}

// rawTestDB is a plain SQL connection to the encrypted database at db (SQLCipher's key
// and page size given as the store gives them), or to the PostgreSQL database db, for
// a test that changes rows behind the app's back.
func rawTestDB(t *testing.T, db string) *sql.DB {
	t.Helper()
	if storage.IsPostgresURL(db) {
		raw, err := sql.Open("pgx", db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { raw.Close() })
		return raw
	}
	raw, err := sql.Open("sqlite3", "file:"+db+"?_pragma_key=x'"+hex.EncodeToString(testKey(t, db))+"'&_pragma_cipher_page_size=16384")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// recoveryKeyShown is stderr without the line a command that made a new database prints
// with its recovery key; the test fails when that line is not there exactly once.
func recoveryKeyShown(t *testing.T, stderr string) string {
	t.Helper()
	var rest []string
	n := 0
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if strings.HasPrefix(line, "privacydesk: recovery key of ") && strings.Contains(line, "print this and keep it safe") && strings.Contains(line, "AGE-SECRET-KEY-1") {
			n++
			continue
		}
		rest = append(rest, line)
	}
	if n != 1 {
		t.Errorf("the new database's recovery key was shown %d times: %q", n, stderr)
	}
	return strings.Join(rest, "")
}
