package main

import (
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// The window's restore while a command has the database open: refused with the reason
// on the job, the window's database open again and unchanged, the command's store still
// working on the same file.
func TestWindowRestoreRefusedWhileACommandHasTheDatabaseOpen(t *testing.T) {
	testpg.SQLiteOnly(t, "the lock on a database file that a restore replaces (a server's restore replaces rows in one transaction while other desks work)")
	s, _ := exportDesk(t)
	file := filepath.Join(t.TempDir(), "backup"+backup.Extension)
	j, err := s.BackupTo(file, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if done := s.wait(j.ID); done.State != "done" {
		t.Fatalf("backup: %+v", done.Error)
	}
	vendors := countRows(t, s, "vendors")
	cli, err := storage.Open(s.d.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if _, err := cli.CreateVendor(backend.Vendor{Name: "Written by a command"}); err != nil {
		t.Fatal(err)
	}
	j, err = s.Restore(file, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	done := s.wait(j.ID)
	if done.State != "error" || done.Error == nil || done.Error.Code != backend.ECONFLICT || !strings.Contains(done.Error.Message, "open in another Privacy Desk") {
		t.Fatalf("restore ended as %+v %+v", done, done.Error)
	}
	if _, err := s.d.open(); err != nil {
		t.Fatalf("the window's database is not open again: %v", err)
	}
	if got := countRows(t, s, "vendors"); got != vendors+1 {
		t.Errorf("%d vendors, want %d (nothing restored)", got, vendors+1)
	}
	if _, err := cli.CreateVendor(backend.Vendor{Name: "Still writing to the same file"}); err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, s, "vendors"); got != vendors+2 {
		t.Errorf("the command's write went elsewhere: %d vendors, want %d", got, vendors+2)
	}
}
