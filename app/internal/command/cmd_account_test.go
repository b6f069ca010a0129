package command

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

func TestAccountCommands(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	passFile := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(passFile, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// The commands run signed in as the test administrator (TestMain), who becomes the
	// first administrator when account add makes the database.
	// A disabled account's key is gone from a file's keyring: its passphrase opens
	// nothing, refused as a wrong one before the database is open. A server's database
	// checks the passphrase itself, and says the account is disabled.
	disabledRefusal := "passphrase: The name or the passphrase is not right."
	if testpg.Enabled() {
		disabledRefusal = "The staff account Ann is disabled; an administrator can enable it."
	}
	steps := []struct {
		newPass string // PRIVACYDESK_NEW_PASSPHRASE for this step
		pass    string // PRIVACYDESK_PASSPHRASE, when not the test administrator's
		args    []string
		code    int
		stdout  string // a part of it
		stderr  string // a part of it
	}{
		{args: []string{"account", "list"}, code: 1, stderr: "There is no database at"},
		{args: []string{"account", "add", "Ann", "--role", "administrator"}, code: 1, stderr: "passphrase: Give the new passphrase of Ann"},
		{newPass: "too short", args: []string{"account", "add", "Ann", "--role", "administrator"}, code: 1, stderr: "passphrase: The passphrase has 9 characters"},
		{args: []string{"account", "add", "--role", "administrator"}, code: 2, stderr: "usage: privacydesk account add NAME"},
		{args: []string{"account", "add", "Ann"}, code: 2, stderr: "--role is required"},
		{args: []string{"account", "add", "Ann", "--role", "administrator", "--passphrase-file", passFile}, stdout: "Added Ann (administrator)."},
		{newPass: "ben's own passphrase", args: []string{"account", "add", "--role", "staff", "Ben Ng"}, stdout: "Added Ben Ng (staff)."},
		{newPass: "ben's own passphrase", args: []string{"account", "add", "ann", "--role", "staff"}, code: 1, stderr: "name: A staff account named \"Ann\" exists already."},
		{args: []string{"account", "check", "ann", "--passphrase-file", passFile}, stdout: "The passphrase of Ann (administrator) is right."},
		{pass: "not the passphrase", args: []string{"account", "check", "Ann"}, code: 1, stderr: "privacydesk account: passphrase: The name or the passphrase is not right.\n"},
		{args: []string{"account", "check"}, stdout: "The passphrase of Test Administrator (administrator) is right."},
		{args: []string{"account", "disable", "Ann"}, stdout: "Disabled Ann."},
		{args: []string{"account", "disable", testUser}, code: 1, stderr: "Test Administrator is the last enabled administrator"},
		{args: []string{"account", "role", testUser, "auditor"}, code: 1, stderr: "role: Test Administrator is the last enabled administrator"},
		{args: []string{"account", "role", "Ben Ng", "owner"}, code: 1, stderr: "role: The role is administrator, staff, auditor or backup"},
		{args: []string{"account", "role", "Ben Ng", "administrator"}, stdout: "Ben Ng is now administrator."},
		{args: []string{"account", "check", "Ann", "--passphrase-file", passFile}, code: 1, stderr: disabledRefusal},
		{args: []string{"account", "enable", "Ann"}, stdout: "Enabled Ann."},
		{args: []string{"account", "enable", "Zed"}, code: 1, stderr: "name: There is no staff account named \"Zed\"."},
		{newPass: "a brand new passphrase", args: []string{"account", "reset", "Ann"}, stdout: "New passphrase set for Ann."},
		{args: []string{"account", "check", "Ann", "--passphrase-file", passFile}, code: 1, stderr: "not right"},
		{pass: "a brand new passphrase", args: []string{"account", "check", "Ann"}, stdout: "is right"},
		{args: []string{"account", "list"}, stdout: "Ann                 administrator  enabled  0"},
		{args: []string{"account", "frobnicate"}, code: 2, stderr: "unknown subcommand"},
	}
	for _, st := range steps {
		t.Setenv("PRIVACYDESK_NEW_PASSPHRASE", st.newPass)
		if st.pass != "" {
			t.Setenv("PRIVACYDESK_PASSPHRASE", st.pass)
		} else {
			t.Setenv("PRIVACYDESK_PASSPHRASE", testPassphrase)
		}
		code, out, errs := runArgs(t, append([]string{"--db", db}, st.args...)...)
		if code != st.code || !strings.Contains(out, st.stdout) || !strings.Contains(errs, st.stderr) {
			t.Errorf("%v: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", st.args, code, st.code, out, st.stdout, errs, st.stderr)
		}
		if code == 1 && strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: failure not one line: %q", st.args, errs)
		}
	}

	code, out, _ := runArgs(t, "--db", db, "account", "list", "--json")
	var list []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 3 {
		t.Fatalf("list --json: exit %d %q", code, out)
	}
	if strings.Contains(out, "argon2") || list[1]["name"] != "Ben Ng" || list[1]["role"] != "administrator" {
		t.Errorf("list --json: %s", out)
	}

	// Every change and every sign-in, failed or not, is in the trail; refusals that
	// changed nothing are not.
	s := openTestDB(t, db)
	defer s.Close()
	evs, _, err := s.ListAuditEvents(backend.AuditFilter{Entity: "account", EntityID: "Ann"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
		if e.OSUser == "" {
			t.Errorf("event %s names no actor", e.Action)
		}
	}
	want := "sign-in,sign-in-failed,reset-passphrase,enable,sign-in-failed,disable,sign-in-failed,sign-in,create"
	// Every change names the signed-in account.
	for _, e := range evs {
		if e.Action != "sign-in" && e.Action != "sign-in-failed" && e.Staff != testUser {
			t.Errorf("%s by %q, want %q", e.Action, e.Staff, testUser)
		}
	}
	if got := strings.Join(actions, ","); got != want {
		t.Errorf("Ann's events\n got %s\nwant %s", got, want)
	}
}
