package command

import (
	"os"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/dbsecret"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// memoryVault is a credential store in memory.
type memoryVault = dbsecret.Memory

// db-password set keeps the password in the credential store under user@host:port/db,
// after opening the database with it; it shows nowhere, and the audit trail records
// that it was kept.
func TestDBPasswordSet(t *testing.T) {
	if !testpg.Enabled() {
		t.Skip("PostgreSQL only: a server's connection password (run it under .ci/pg-cluster.sh)")
	}
	db := testpg.URL(t)
	vault := memoryVault{}
	old := dbsecret.Store
	dbsecret.Store = vault
	t.Cleanup(func() { dbsecret.Store = old })
	t.Setenv(dbsecret.EnvPassword, "")
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	const secret = "pg-secret-Xy7-kept"
	code, stdout, stderr := runArgs(t, "--db", db, "db-password", "set", "--password-file", privateFile(t, secret))
	if code != 0 {
		t.Fatalf("db-password set: exit %d: %s", code, stderr)
	}
	account, err := storage.PostgresAccount(db)
	if err != nil {
		t.Fatal(err)
	}
	if got := vault[dbsecret.Service+"|"+account]; got != secret {
		t.Errorf("kept under %s: %q (store %v)", account, got, vault)
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Errorf("the password shows: %q %q", stdout, stderr)
	}
	if os.Getenv(dbsecret.EnvPassword) != "" {
		t.Error("PRIVACYDESK_DB_PASSWORD was left set")
	}
	s, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evs, _, err := s.ListAuditEvents(backend.AuditFilter{Action: "password-stored"})
	if err != nil || len(evs) != 1 || evs[0].EntityID != account || evs[0].Staff == "" || strings.Contains(evs[0].After, secret) {
		t.Errorf("the audit trail: %+v %v", evs, err)
	}
	// Without a password to keep, a sentence says where to give it.
	if code, _, errs := runArgs(t, "--db", db, "db-password", "set"); code != 1 || !strings.Contains(errs, "--password-file") {
		t.Errorf("no password: exit %d %q", code, errs)
	}
}

// A password written into a postgres:// URL never shows in what a command prints: the
// messages name the server with the password replaced.
func TestURLPasswordNeverPrinted(t *testing.T) {
	if !testpg.Enabled() {
		t.Skip("PostgreSQL only: a server's connection URL (run it under .ci/pg-cluster.sh)")
	}
	const secret = "url-secret-Qw9"
	db := strings.Replace(testpg.URL(t), "postgres://privacydesk@", "postgres://privacydesk:"+secret+"@", 1)
	if !strings.Contains(db, secret) {
		t.Fatalf("the test cluster's URL has another user: %s", testpg.URL(t))
	}
	// An empty server database: the sign-in says there is none yet, naming the database.
	code, stdout, stderr := runArgs(t, "--db", db, "request", "list")
	if code == 0 || !strings.Contains(stderr, "There is no database at postgres://") {
		t.Fatalf("request list on an empty database: exit %d: %s", code, stderr)
	}
	// A new database's recovery key is printed with the database's name.
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	} else {
		stderr += errs
	}
	if strings.Contains(stdout+stderr, secret) || !strings.Contains(stderr, "xxxxx@") {
		t.Errorf("the URL's password shows, or the server is not named: %q", stderr)
	}
}
