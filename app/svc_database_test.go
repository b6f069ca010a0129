package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/app/internal/command"
	"privacydesk/backend/dbchoice"
	"privacydesk/backend/dbsecret"
	"privacydesk/backend/storage"
)

// memoryVault is a credential store in memory.
type memoryVault = dbsecret.Memory

func withMemoryVault(t *testing.T) memoryVault {
	t.Helper()
	v := memoryVault{}
	old := dbsecret.Store
	dbsecret.Store = v
	t.Cleanup(func() { dbsecret.Store = old })
	t.Setenv(dbsecret.EnvPassword, "")
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)
	return v
}

// Settings > Database on a window that follows this computer's choice: a server chosen
// meanwhile is pending until the administrator signs out, and then the sign-in screen
// opens it; a window started with --db says so and keeps its database.
func TestDatabaseChoiceAppliesAtSignOut(t *testing.T) {
	for _, follows := range []bool{true, false} {
		dir := t.TempDir()
		file := command.DefaultDBFile(dir)
		st, err := storage.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		d := &desk{dbPath: file, dataDir: dir, userDir: dir, followsChoice: follows, store: st, account: testAdmin}
		settings := &SettingsService{d: d}
		got, err := settings.Database()
		if err != nil {
			t.Fatal(err)
		}
		if got.Pending || got.Choice.Engine != dbchoice.EngineSQLite || got.DefaultFile != file || !strings.Contains(got.InUse, file) {
			t.Errorf("follows=%v, nothing chosen: %+v", follows, got)
		}
		if (got.Override != "") == follows {
			t.Errorf("follows=%v: override %q", follows, got.Override)
		}
		server := dbchoice.Choice{Engine: dbchoice.EnginePostgres, Host: "db.office.lan", Port: 5432, Database: "practice", User: "privacydesk", SSLMode: "require"}
		b, _ := json.Marshal(server)
		if err := os.WriteFile(filepath.Join(dir, dbchoice.FileName), b, 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err = settings.Database(); err != nil || got.Pending != follows {
			t.Errorf("follows=%v, a server chosen: pending %v (%v)", follows, got.Pending, err)
		}
		if err := (&SessionService{d: d}).SignOut(); err != nil {
			t.Fatal(err)
		}
		want := file
		if follows {
			want = server.URL()
		}
		if d.dbPath != want {
			t.Errorf("follows=%v: after signing out the desk opens %q, want %q", follows, d.dbPath, want)
		}
	}
}

// Only an administrator's session reaches Settings > Database, and saving validates every
// field before anything is written.
func TestSaveDatabaseValidates(t *testing.T) {
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, "privacydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d := &desk{dbPath: filepath.Join(dir, "privacydesk.db"), dataDir: dir, userDir: dir, followsChoice: true, store: st, account: testAdmin}
	_, err = (&SettingsService{d: d}).SaveDatabase(dbchoice.Choice{Engine: dbchoice.EnginePostgres, Port: 5432, SSLMode: "verify-full"}, "secret")
	b := exportErr(t, err)
	var fields []string
	for _, p := range b.Problems {
		fields = append(fields, p.Field)
	}
	if strings.Join(fields, ",") != "host,database,user,caFile" {
		t.Errorf("problems on %v, want host, database, user, caFile: %+v", fields, b)
	}
	if _, err := os.Stat(filepath.Join(dir, dbchoice.FileName)); !os.IsNotExist(err) {
		t.Errorf("the setting was written: %v", err)
	}
}

// A PostgreSQL server that wants a password the credential store lacks: the window's
// session says so (the sign-in screen asks) instead of failing; a wrong password is
// refused on its field and kept nowhere; the right one opens the way to the first
// administrator and is kept in the credential store.
func TestDatabasePasswordAtSignIn(t *testing.T) {
	loc, right := os.Getenv("PRIVACYDESK_TEST_PG_PASSWORD_URL"), os.Getenv("PRIVACYDESK_TEST_PG_PASSWORD")
	if loc == "" || right == "" {
		t.Skip("needs the test cluster's role with a password (PRIVACYDESK_TEST_PG_PASSWORD_URL, as .ci/pg-cluster.sh sets it)")
	}
	v := withMemoryVault(t)
	d := &desk{dbPath: loc, dataDir: t.TempDir()}
	old := storage.AskDBPassword
	storage.AskDBPassword = d.askDBPassword
	t.Cleanup(func() { storage.AskDBPassword = old })
	account, err := storage.PostgresAccount(loc)
	if err != nil {
		t.Fatal(err)
	}

	info := (&AppService{d: d}).Info()
	if info.OpenError != "" || info.Session.State != SessionDBPassword || info.Session.DatabaseAccount != account {
		t.Fatalf("the window's info: open error %q, session %+v", info.OpenError, info.Session)
	}
	sessions := &SessionService{d: d}
	_, err = sessions.GiveDatabasePassword("not-the-password", true)
	if b := exportErr(t, err); b.Field != "password" || !strings.Contains(b.Message, "refused the password") {
		t.Errorf("a wrong password: %+v", b)
	}
	if len(v) != 0 {
		t.Errorf("a refused password was kept: %v", v)
	}
	got, err := sessions.GiveDatabasePassword(right, true)
	if err != nil || !got.Kept || got.Session.State != SessionNew { // an empty server database is a new one: its first administrator next
		t.Fatalf("the right password: %+v %v", got, err)
	}
	if v[dbsecret.Service+"|"+account] != right {
		t.Errorf("the credential store holds %v", v)
	}
}
