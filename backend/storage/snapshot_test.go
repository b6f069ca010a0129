package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/internal/testpg"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

// rowsOf reads a table of the database file at p, in order, as text.
func rowsOf(t *testing.T, p, query string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+p+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var b strings.Builder
	for rs.Next() {
		var ref, name string
		if err := rs.Scan(&ref, &name); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, ref, name)
	}
	return b.String()
}

const requestRows = `SELECT reference, requester_name FROM requests ORDER BY id`

// TestSnapshotsAreTheDatabase copies the live database both ways (the online backup API
// into a file, the checkpointed file streamed) and reads the copies back: the same rows,
// SQLite's check passed, this version's schema; the store works on afterwards.
func TestSnapshotsAreTheDatabase(t *testing.T) {
	testpg.SQLiteOnly(t, "SQLite's online backup")
	s := testpractice.Demo(t, 40)
	ctx := context.Background()
	want := rowsOf(t, s.Path(), requestRows)
	if strings.Count(want, "\n") < 40 {
		t.Fatalf("only %d requests", strings.Count(want, "\n"))
	}
	dir := t.TempDir()

	online := filepath.Join(dir, "online.db")
	if err := s.Snapshot(ctx, online); err != nil {
		t.Fatal(err)
	}
	stream, size, err := s.SnapshotStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(dir, "live.db")
	f, _ := os.Create(live)
	n, err := io.Copy(f, stream)
	f.Close()
	stream.Close()
	if err != nil || n != size {
		t.Fatalf("streamed %d of %d bytes: %v", n, size, err)
	}
	for _, p := range []string{online, live} {
		if err := storage.QuickCheck(p); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
		if v, err := storage.FileSchemaVersion(p); err != nil || v != storage.SchemaVersion() {
			t.Errorf("%s: schema version %d %v, want %d", filepath.Base(p), v, err, storage.SchemaVersion())
		}
		if got := rowsOf(t, p, requestRows); got != want {
			t.Errorf("%s holds other rows", filepath.Base(p))
		}
	}
	// The stream's transaction is released: the store writes again.
	if _, err := s.CreateVendor(backend.Vendor{Name: "After the snapshot"}); err != nil {
		t.Errorf("store not writable after the stream was closed: %v", err)
	}
}

func TestFileChecksRefuseOtherFiles(t *testing.T) {
	testpg.SQLiteOnly(t, "checks of database files")
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all"), 0o600)
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite3", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if err := storage.QuickCheck(text); err == nil || !strings.Contains(err.Error(), "not a SQLite file") {
		t.Errorf("quick check of a text file: %v", err)
	}
	if _, err := storage.FileSchemaVersion(text); err == nil {
		t.Error("schema version of a text file")
	}
	if err := storage.QuickCheck(other); err != nil {
		t.Errorf("quick check of another program's database: %v", err)
	}
	if _, err := storage.FileSchemaVersion(other); err == nil || !strings.Contains(err.Error(), "not a Privacy Desk database") {
		t.Errorf("schema version of another program's database: %v", err)
	}
	if err := storage.QuickCheck(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("quick check of a missing file")
	}
}

func TestTableCounts(t *testing.T) {
	s := testpractice.Demo(t, 25)
	got, err := s.TableCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var requests, vendors int64
	s.DB().Raw(`SELECT count(*) FROM requests`).Scan(&requests)
	s.DB().Raw(`SELECT count(*) FROM vendors`).Scan(&vendors)
	_, events, _ := s.ListAuditEvents(backend.AuditFilter{})
	if got["requests"] != requests || requests < 25 || got["vendors"] != vendors || vendors == 0 || got["auditEvents"] != events || got["attachments"] != 0 {
		t.Errorf("counts %v; requests %d, vendors %d, events %d", got, requests, vendors, events)
	}
}
