package command

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

func TestAccountCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pd.db")
	passFile := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(passFile, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PRIVACYDESK_PASSPHRASE", "")

	steps := []struct {
		env    string // PRIVACYDESK_PASSPHRASE for this step
		args   []string
		code   int
		stdout string // a part of it
		stderr string // a part of it
	}{
		{args: []string{"account", "list"}, stdout: "No staff accounts yet"},
		{args: []string{"account", "add", "Ann", "--role", "staff", "--passphrase-file", passFile}, code: 1, stderr: "role: The first staff account must be an administrator"},
		{args: []string{"account", "add", "Ann", "--role", "administrator"}, code: 1, stderr: "passphrase: Give the passphrase"},
		{env: "too short", args: []string{"account", "add", "Ann", "--role", "administrator"}, code: 1, stderr: "passphrase: The passphrase has 9 characters"},
		{args: []string{"account", "add", "--role", "administrator"}, code: 2, stderr: "usage: privacydesk account add NAME"},
		{args: []string{"account", "add", "Ann"}, code: 2, stderr: "--role is required"},
		{args: []string{"account", "add", "Ann", "--role", "administrator", "--passphrase-file", passFile}, stdout: "Added Ann (administrator)."},
		{env: "ben's own passphrase", args: []string{"account", "add", "--role", "staff", "Ben Ng"}, stdout: "Added Ben Ng (staff)."},
		{env: "ben's own passphrase", args: []string{"account", "add", "ann", "--role", "staff"}, code: 1, stderr: "name: A staff account named \"Ann\" exists already."},
		{args: []string{"account", "check", "ann", "--passphrase-file", passFile}, stdout: "The passphrase of Ann (administrator) is right."},
		{env: "not the passphrase", args: []string{"account", "check", "Ann"}, code: 1, stderr: "privacydesk account: passphrase: The name or the passphrase is not right.\n"},
		{args: []string{"account", "disable", "Ann"}, code: 1, stderr: "Ann is the last enabled administrator"},
		{args: []string{"account", "role", "Ann", "auditor"}, code: 1, stderr: "role: Ann is the last enabled administrator"},
		{args: []string{"account", "role", "Ben Ng", "owner"}, code: 1, stderr: "role: The role is administrator, staff, auditor or backup"},
		{args: []string{"account", "role", "Ben Ng", "administrator"}, stdout: "Ben Ng is now administrator."},
		{args: []string{"account", "disable", "Ann"}, stdout: "Disabled Ann."},
		{args: []string{"account", "check", "Ann", "--passphrase-file", passFile}, code: 1, stderr: "Ann is disabled"},
		{args: []string{"account", "enable", "Ann"}, stdout: "Enabled Ann."},
		{args: []string{"account", "enable", "Zed"}, code: 1, stderr: "name: There is no staff account named \"Zed\"."},
		{env: "a brand new passphrase", args: []string{"account", "reset", "Ann"}, stdout: "New passphrase set for Ann."},
		{args: []string{"account", "check", "Ann", "--passphrase-file", passFile}, code: 1, stderr: "not right"},
		{env: "a brand new passphrase", args: []string{"account", "check", "Ann"}, stdout: "is right"},
		{args: []string{"account", "list"}, stdout: "Ann     administrator  enabled  0"},
		{args: []string{"account", "frobnicate"}, code: 2, stderr: "unknown subcommand"},
	}
	for _, st := range steps {
		t.Setenv("PRIVACYDESK_PASSPHRASE", st.env)
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
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 {
		t.Fatalf("list --json: exit %d %q", code, out)
	}
	if strings.Contains(out, "argon2") || list[1]["name"] != "Ben Ng" || list[1]["role"] != "administrator" {
		t.Errorf("list --json: %s", out)
	}

	// Every change and every sign-in, failed or not, is in the trail; refusals that
	// changed nothing are not.
	s, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
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
	if got := strings.Join(actions, ","); got != want {
		t.Errorf("Ann's events\n got %s\nwant %s", got, want)
	}
}
