package command

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/dbsecret"
	"privacydesk/internal/testpg"
)

// commandPaths are the access paths of every registered command: its subcommands, the
// kinds it tells apart, or its own name.
func commandPaths() []string {
	var paths []string
	for name, cmd := range commands {
		switch {
		case cmd.subs != nil:
			for sub := range cmd.subs {
				paths = append(paths, name+" "+sub)
			}
		case len(cmd.kinds) > 0:
			for _, k := range cmd.kinds {
				paths = append(paths, name+" "+k)
			}
		default:
			paths = append(paths, name)
		}
	}
	slices.Sort(paths)
	return paths
}

// Every command, subcommand and kind has its entry in the access table, and every entry
// is a command that exists.
func TestEveryCommandHasAccess(t *testing.T) {
	for _, p := range commandPaths() {
		if _, ok := accessFor(p); !ok {
			t.Errorf("%q has no entry in commandAccess: say which permission it needs", p)
		}
	}
	for p := range commandAccess {
		name, sub, _ := strings.Cut(p, " ")
		cmd, ok := commands[name]
		switch {
		case !ok:
			t.Errorf("commandAccess names %q, which is no command", p)
		case sub != "" && cmd.subs[sub] == nil && !slices.Contains(cmd.kinds, sub):
			t.Errorf("commandAccess names %q, which %s does not have", p, name)
		}
	}
	for p, a := range commandAccess {
		if a.perm != "" && !slices.ContainsFunc(backend.Permissions, func(i backend.PermissionInfo) bool { return i.Permission == a.perm }) {
			t.Errorf("%s needs %q, which is no permission", p, a.perm)
		}
	}
}

// The accounts of each role in the role test, with their passphrases.
var roleAccounts = map[backend.Role]string{
	backend.RoleAdministrator: testUser,
	backend.RoleStaff:         "Sam Staff",
	backend.RoleAuditor:       "Aud Itor",
	backend.RoleBackup:        "Bea Backup",
}

const rolePassphrase = "a passphrase for every role"

// TestRolesRunCommands runs every command, as the access table lists them, for every
// role on a copy of the example practice: what the role may do succeeds; what it may
// not is refused with one line naming the role, writes no file and changes nothing in
// the practice's data (the only new audit events are the account's sign-in and the
// refusal).
func TestRolesRunCommands(t *testing.T) {
	dir := t.TempDir()
	demo := testpg.Location(t, filepath.Join(dir, "demo.db"))
	if code, _, errs := runArgs(t, "--db", demo, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	t.Setenv("PRIVACYDESK_NEW_PASSPHRASE", rolePassphrase)
	for role, name := range roleAccounts {
		if role == backend.RoleAdministrator {
			continue
		}
		if code, _, errs := runArgs(t, "--db", demo, "account", "add", name, "--role", string(role)); code != 0 {
			t.Fatalf("account add %s: %s", name, errs)
		}
	}
	for _, args := range [][]string{{"account", "add", "Dee Disabled", "--role", "staff"}, {"account", "disable", "Dee Disabled"}} {
		if code, _, errs := runArgs(t, append([]string{"--db", demo}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	encPass := privateFile(t, "the backups' own passphrase")
	bk := filepath.Join(dir, "demo.pdbackup")
	if code, _, errs := runArgs(t, "--db", demo, "backup", "--out", bk, "--passphrase-file", encPass); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	csvRequests := filepath.Join(dir, "requests.csv")
	os.WriteFile(csvRequests, []byte("Name,Email,Received,Regime,Rights\nAna Ruiz,ana@example.org,2026-02-02,ccpa,access\n"), 0o600)
	csvVendors := filepath.Join(dir, "vendors.csv")
	os.WriteFile(csvVendors, []byte("Vendor,Contact email,Category\nAcme Fax,fax@acme.example,hosting\n"), 0o600)
	eml := filepath.Join("..", "..", "..", "backend", "mailimport", "testdata", "plain-withdraw.eml")
	const ref = "PR-2026-0001"
	// db-password set keeps a server's password (any: the test cluster trusts its
	// clients) in a credential store in memory, never the computer's own.
	dbPass := privateFile(t, "the server's password")
	vault := dbsecret.Store
	dbsecret.Store = memoryVault{}
	t.Cleanup(func() { dbsecret.Store = vault })
	scheduleFor(t, "linux", "/usr/bin/privacydesk-cli")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	fakeTool(t, "systemctl")

	// One command line per entry in the access table; OUT is a file (or folder) the
	// command would write, DB the database.
	lines := map[string][]string{
		"account add":           {"account", "add", "New Person", "--role", "staff"},
		"account list":          {"account", "list"},
		"account disable":       {"account", "disable", "Sam Staff"},
		"account enable":        {"account", "enable", "Dee Disabled"},
		"account reset":         {"account", "reset", "Sam Staff"},
		"account role":          {"account", "role", "Sam Staff", "auditor"},
		"account check":         {"account", "check"},
		"applicability":         {"applicability", "--json"},
		"audit verify":          {"audit", "verify"},
		"audit anchor":          {"audit", "anchor", "--out", "OUT"},
		"audit list":            {"audit", "list"},
		"backup":                {"backup", "--out", "OUT"},
		"check":                 {"check"},
		"deadlines":             {"deadlines", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02"},
		"demo":                  {"demo"},
		"db-password set":       {"db-password", "set", "--password-file", dbPass},
		"export":                {"export", "requests", "--format", "csv", "--out", "OUT"},
		"import requests":       {"import", "requests", csvRequests},
		"import email":          {"import", "email", eml, "--regime", "gdpr"},
		"import vendors":        {"import", "vendors", csvVendors},
		"letter":                {"letter", "--request", ref, "--kind", "acknowledgment", "--accept-warnings", "--out", "OUT"},
		"letter kinds":          {"letter", "kinds"},
		"letter list":           {"letter", "list", "--request", ref},
		"letter sent":           {"letter", "sent", "1", "--method", "post"},
		"letter direct-vendors": {"letter", "direct-vendors", "--request", ref, "--method", "post", "--accept-warnings", "--out", "OUT"},
		"package":               {"package", "--request", ref, "--out", "OUT"},
		"migrate":               {"migrate", "--to", "OUT"},
		"recovery-key create":   {"recovery-key", "create", "--out", "OUT", "--replace"},
		"recovery-key show":     {"recovery-key", "show"},
		"report":                {"report", "readiness", "--out", "OUT"},
		"request add": {"request", "add", "--name", "Cy Diaz", "--email", "cy@example.com", "--regime", "ccpa", "--right", "access",
			"--received", "2026-03-02"},
		"request list":    {"request", "list"},
		"request show":    {"request", "show", ref},
		"restore":         {"restore", bk, "--passphrase-file", encPass},
		"schedule-backup": {"schedule-backup", "--to", "OUT", "--passphrase-file", encPass, "--account", "Nightly"},
		"vendor list":     {"vendor", "list"},
		"vendor show":     {"vendor", "show", "Claim.MD"},
		"vendor alerts":   {"vendor", "alerts"},
		"version":         {"version"},
	}
	for p := range commandAccess {
		if lines[p] == nil {
			t.Errorf("the role test has no command line for %q", p)
		}
	}
	// Some commands fail for reasons of their own on the example; they must still
	// pass the role check (their error names no role).
	ownFailure := map[string]string{"letter direct-vendors": "", "letter sent": "", "demo": "", "package": "", "db-password set": ""}

	parent := t
	for _, role := range backend.Roles {
		name := roleAccounts[role]
		pass := rolePassphrase
		if role == backend.RoleAdministrator {
			pass = testPassphrase
		}
		// The commands the role may not run change nothing (which each checks): they
		// share one copy; the others get a copy each.
		var refusedDB string
		for p, line := range lines {
			t.Run(string(role)+"/"+p, func(t *testing.T) {
				acc := commandAccess[p]
				allowed := acc.perm == "" || backend.Allowed(role, acc.perm)
				var db string
				if allowed {
					db = copyDB(t, demo)
				} else {
					if refusedDB == "" {
						refusedDB = copyDB(parent, demo)
					}
					db = refusedDB
				}
				out := filepath.Join(t.TempDir(), "out")
				args := []string{"--db", db}
				for _, a := range line {
					args = append(args, strings.ReplaceAll(a, "OUT", out))
				}
				before := auditHead(t, db)
				code, stdout, stderr := runAs(t, name, pass, args...)
				if allowed {
					_, own := ownFailure[p]
					if code != 0 && !(own && code == 1 && !strings.Contains(stderr, " may not ")) {
						t.Errorf("%s may %s: exit %d\nstdout %q\nstderr %q", role, p, code, stdout, stderr)
					}
					// Every event it made names the account signed in (the sign-in
					// names it as its subject; a restore brings the backup's own trail).
					if p != "restore" {
						for _, e := range eventsAfter(t, db, before) {
							signIn := e.Entity == "account" && e.EntityID == name && e.Action == "sign-in"
							if e.Staff != name && !signIn {
								t.Errorf("%s by %s recorded %s %s %s by %q", p, role, e.Entity, e.EntityID, e.Action, e.Staff)
							}
						}
					}
					return
				}
				want := name + " is " + roleNoun(role) + ": " + roleNoun(role) + " may not " + permissionText[acc.perm] + ".\n"
				if code != 1 || stdout != "" || !strings.HasSuffix(stderr, want) || strings.Count(withoutArgvWarning(stderr), "\n") != 1 {
					t.Errorf("%s may not %s: exit %d\nstdout %q\nstderr %q\nwant it to end %q", role, p, code, stdout, stderr, want)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a refused %s wrote %s", p, out)
				}
				// Only the sign-in and the refusal were recorded.
				var actions []string
				for _, e := range eventsAfter(t, db, before) {
					if e.Entity != "account" || e.EntityID != name {
						t.Errorf("a refused %s recorded %s %s %s", p, e.Entity, e.EntityID, e.Action)
					}
					actions = append(actions, e.Action)
				}
				if !slices.Equal(actions, []string{"refused", "sign-in"}) {
					t.Errorf("a refused %s recorded %v, want the refusal after the sign-in", p, actions)
				}
			})
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

func auditHead(t *testing.T, db string) backend.ChainHead {
	t.Helper()
	s := openTestDB(t, db)
	defer s.Close()
	h, err := s.AuditHead()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// eventsAfter are the audit events after the head before, newest first.
func eventsAfter(t *testing.T, db string, before backend.ChainHead) []backend.AuditEvent {
	t.Helper()
	s := openTestDB(t, db)
	defer s.Close()
	all, _, err := s.ListAuditEvents(backend.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var after []backend.AuditEvent
	for _, e := range all {
		if e.Seq > before.Events {
			after = append(after, e)
		}
	}
	return after
}
