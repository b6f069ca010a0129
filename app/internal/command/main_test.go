package command

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"privacydesk/backend/accounts"
	"privacydesk/backend/signin"
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
