package storage

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/dbfile"
	"privacydesk/internal/testpg"
)

// Open settles a restore a crash interrupted after it set the old database aside and
// before it moved the new one in (a folder without a database): the new data is in
// place, the old kept, and Recovered tells the person.
func TestOpenFinishesAnInterruptedRestore(t *testing.T) {
	testpg.SQLiteOnly(t, "the restore journal beside a database file")
	dir := t.TempDir()
	db := filepath.Join(dir, "pd.db")
	staging := filepath.Join(dir, ".privacydesk-restore-1")
	staged := filepath.Join(staging, "database.sqlite")
	for path, name := range map[string]string{db: "Old Practice", staged: "Restored Practice"} {
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		p := backend.DefaultPractice()
		p.Name = name
		if _, err := s.SavePractice(p); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	aside := db + ".before-restore-20261207-060000.000000001"
	if err := os.Rename(db, aside); err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(map[string]any{"version": 1, "source": "monday.pdbackup",
		"aside":   []map[string]string{{"from": db, "to": aside}},
		"in":      []map[string]string{{"from": staged, "to": db}},
		"staging": []string{staging}})
	if err := os.WriteFile(dbfile.JournalPath(db), j, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if p, err := s.GetPractice(); err != nil || p.Name != "Restored Practice" {
		t.Errorf("practice after recovery: %q %v", p.Name, err)
	}
	if !strings.Contains(s.Recovered, "monday.pdbackup") || !strings.Contains(s.Recovered, aside) {
		t.Errorf("Recovered: %q", s.Recovered)
	}
	if events, _, err := s.ListAuditEvents(backend.AuditFilter{Entity: "backup"}); err != nil || len(events) == 0 || events[0].Action != "restore-recovered" || !strings.Contains(events[0].After, "monday.pdbackup") {
		t.Errorf("no audit event of the recovery: %+v %v", events, err)
	}
	if dbfile.Pending(db) {
		t.Error("journal left")
	}
	if _, err := os.Stat(staging); err == nil {
		t.Error("staging folder left")
	}
}

// A first start killed after it created schema_version and before the first migration
// committed leaves that table empty: the next open finishes the migrations instead of
// calling the file another program's (found by the crash harness).
func TestOpenAfterAFirstStartKilledBeforeItsFirstMigration(t *testing.T) {
	testpg.SQLiteOnly(t, "a database file left by a killed first start")
	path := filepath.Join(t.TempDir(), "pd.db")
	db, err := sql.Open("sqlite3", fileURI(path, "_journal_mode=WAL"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.GetPractice(); err != nil {
		t.Fatal(err)
	}
}
