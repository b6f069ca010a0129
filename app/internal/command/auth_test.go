package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// A data command without a sign-in, or with a wrong one, exits 1 with one line and
// leaves no database behind; the commands that read no practice data need no account.
func TestDataCommandsNeedASignIn(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	add := []string{"--db", db, "request", "add", "--name", "Ann Lee", "--email", "ann@example.com", "--regime", "ccpa",
		"--right", "access", "--received", "2025-04-01"}
	notTerminal, oldRead := func() bool { return false }, readHidden
	stdinIsTerminal = notTerminal
	t.Cleanup(func() { stdinIsTerminal, readHidden = notTerminal, oldRead })

	refused := func(what, want string, args ...string) {
		t.Helper()
		code, out, errs := runArgs(t, args...)
		if code != 1 || out != "" || strings.Count(withoutArgvWarning(errs), "\n") != 1 || !strings.Contains(errs, want) {
			t.Errorf("%s: exit %d stdout %q stderr %q; want 1 and one line with %q", what, code, out, errs, want)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Fatalf("%s: the database was created", what)
		}
	}
	t.Setenv("PRIVACYDESK_USER", "")
	refused("no user", "Sign in first: give the staff account's name with --user NAME", add...)
	for _, args := range [][]string{{"version"}, {"letter", "kinds"}, {"deadlines", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02"},
		{"applicability", "--covered-entity"}, {"help"}} {
		if code, _, errs := runArgs(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Errorf("%v without an account: exit %d %q", args, code, errs)
		}
	}
	t.Setenv("PRIVACYDESK_USER", testUser)
	t.Setenv("PRIVACYDESK_PASSPHRASE", "")
	refused("no passphrase", "give the passphrase of Test Administrator with --passphrase-file F", add...)
	t.Setenv("PRIVACYDESK_PASSPHRASE", "short")
	refused("a passphrase too short for a new administrator", "passphrase: The passphrase has 5 characters", add...)
	t.Setenv("PRIVACYDESK_PASSPHRASE", testPassphrase)
	refused("not a command that makes a database", "There is no database at", "--db", db, "request", "list")

	// At a terminal the passphrase is asked for, without echo.
	stdinIsTerminal = func() bool { return true }
	readHidden = func() ([]byte, error) { return []byte(testPassphrase), nil }
	t.Setenv("PRIVACYDESK_PASSPHRASE", "")
	code, out, errs := runArgs(t, add...)
	if code != 0 || out != "PR-2025-0001\n" || recoveryKeyShown(t, withoutArgvWarning(errs)) != "Passphrase for Test Administrator: \n" {
		t.Fatalf("asked at the terminal: exit %d stdout %q stderr %q", code, out, errs)
	}
	stdinIsTerminal = notTerminal

	// --user and --passphrase-file before the command.
	t.Setenv("PRIVACYDESK_USER", "")
	pf := filepath.Join(dir, "pass")
	os.WriteFile(pf, []byte(testPassphrase+"\r\nsecond line\n"), 0o600)
	if code, out, errs := runArgs(t, "--db", db, "--user", testUser, "--passphrase-file="+pf, "request", "list", "--format", "csv"); code != 0 || !strings.Contains(out, "Ann Lee") {
		t.Errorf("--user --passphrase-file: exit %d %q %q", code, out, errs)
	}
	wrong := filepath.Join(dir, "wrong")
	os.WriteFile(wrong, []byte("not the right passphrase\n"), 0o600)
	out0 := filepath.Join(dir, "out.csv")
	code, out, errs = runArgs(t, "--db", db, "--user", testUser, "--passphrase-file", wrong, "export", "requests", "--out", out0)
	if code != 1 || out != "" || errs != "privacydesk export: passphrase: The name or the passphrase is not right.\n" {
		t.Errorf("a wrong passphrase: exit %d stdout %q stderr %q", code, out, errs)
	}
	if _, err := os.Stat(out0); !os.IsNotExist(err) {
		t.Errorf("a refused export wrote its file")
	}
	// The failed attempt is in the audit trail (signin.Open records it).
	code, out, _ = runArgs(t, "--db", db, "--user", testUser, "--passphrase-file", pf, "audit", "list", "--entity", "account")
	if code != 0 || !strings.Contains(out, "sign-in-failed") {
		t.Errorf("the failed sign-in is not audited: %q", out)
	}
}
