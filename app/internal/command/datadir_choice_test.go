package command

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"privacydesk/backend/dbchoice"
)

// Without --db, the database is PRIVACYDESK_DB, else the one chosen for this computer
// under Settings > Database, else the file in the user's data folder.
func TestDefaultDBPathFollowsChoice(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("HOME", home)
	t.Setenv("LocalAppData", home)
	t.Setenv("AppData", "")
	t.Setenv("PRIVACYDESK_DB", "")
	dir, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DefaultDBPath(); err != nil || got != DefaultDBFile(dir) {
		t.Errorf("nothing chosen: %q %v, want %q", got, err, DefaultDBFile(dir))
	}
	server := dbchoice.Choice{Engine: dbchoice.EnginePostgres, Host: "db.office.lan", Port: 5432, Database: "practice", User: "privacydesk", SSLMode: "require"}
	b, _ := json.Marshal(server)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, dbchoice.FileName), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := DefaultDBPath(); err != nil || got != server.URL() {
		t.Errorf("a server chosen: %q %v, want %q", got, err, server.URL())
	}
	t.Setenv("PRIVACYDESK_DB", "/elsewhere/practice.db")
	if got, err := DefaultDBPath(); err != nil || got != "/elsewhere/practice.db" {
		t.Errorf("PRIVACYDESK_DB: %q %v", got, err)
	}
}
