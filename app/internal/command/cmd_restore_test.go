package command

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/dbfile"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// A restore while another store has the database open (a window, another command) is
// refused with one line and changes nothing; once it is closed the restore runs, sets
// the previous data aside, and a second restore right after keeps that copy too.
func TestRestoreRefusedWhileTheDatabaseIsOpen(t *testing.T) {
	testpg.SQLiteOnly(t, "a database file's lock and the copy a restore sets aside (a server's restore replaces the rows in one transaction while other desks stay connected)")
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	// A backup without a passphrase is encrypted to the recovery key made with the
	// database: it restores with that key.
	key := filepath.Join(t.TempDir(), "recovery-key.txt")
	if code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", key, "demo", "--requests", "5"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	bk := filepath.Join(dir, "b.pdbackup")
	if code, _, errs := runArgs(t, "--db", db, "backup", "--out", bk); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	if code, _, errs := runArgs(t, "--db", db, "request", "add", "--name", "Added After", "--email", "a@example.org", "--regime", "gdpr", "--right", "access", "--received", "2026-03-02"); code != 0 {
		t.Fatalf("add: %s", errs)
	}
	window := openTestDB(t, db)
	before, _ := os.ReadDir(dir)
	code, out, errs := runArgs(t, "--db", db, "restore", bk, "--key", key)
	if code != 1 || !strings.Contains(errs, "is open in another Privacy Desk") || strings.Count(errs, "\n") != 1 || strings.Contains(out, "Restored") {
		t.Fatalf("restore while open: %d %q %q", code, out, errs)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Errorf("the data folder went from %d to %d entries", len(before), len(after))
	}
	if page, err := window.ListRequests(backend.RequestFilter{Search: "Added After"}); err != nil || page.Total != 1 {
		t.Errorf("the open store lost its data: %v %v", page, err)
	}
	window.Close()

	for i := 0; i < 2; i++ {
		if code, out, errs := runArgs(t, "--db", db, "restore", bk, "--key", key); code != 0 || !strings.Contains(out, "kept as") {
			t.Fatalf("restore %d: %d %q %q", i, code, out, errs)
		}
	}
	code, out, _ = runArgs(t, "--db", db, "restore", "--list-set-aside")
	// Both previous databases; attached files are in the database, so no attachments
	// folder is set aside (the empty one a restore makes goes at the next open).
	if code != 0 || strings.Count(out, "pd.db.before-restore-") != 2 || strings.Count(out, "attachments.before-restore-") != 0 {
		t.Errorf("list: %d %q", code, out)
	}
}

// The first command after a restore was killed between its renames finishes it and
// says so on stderr, in one line, before doing its own work.
func TestCommandFinishesAnInterruptedRestore(t *testing.T) {
	testpg.SQLiteOnly(t, "the restore journal beside a database file")
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	staging := filepath.Join(dir, ".privacydesk-restore-1")
	staged := filepath.Join(staging, "database.sqlite")
	for _, p := range []string{db, staged} {
		if code, _, errs := runArgs(t, "--db", p, "demo"); code != 0 {
			t.Fatalf("demo: %s", errs)
		}
		os.Remove(dbfile.LockPath(p))
	}
	aside := db + ".before-restore-20261207-060000.000000001"
	if err := os.Rename(db, aside); err != nil {
		t.Fatal(err)
	}
	// The keyring goes with its database, as a restore's journal moves it.
	if err := os.Rename(keyring.Path(db), keyring.Path(aside)); err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(map[string]any{"version": 1, "source": "/backups/monday.pdbackup",
		"aside":   []map[string]string{{"from": db, "to": aside}, {"from": keyring.Path(db), "to": keyring.Path(aside)}},
		"in":      []map[string]string{{"from": keyring.Path(staged), "to": keyring.Path(db)}, {"from": staged, "to": db}},
		"staging": []string{staging}})
	if err := os.WriteFile(dbfile.JournalPath(db), j, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runArgs(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "passes") || strings.Count(errs, "\n") != 1 ||
		!strings.Contains(errs, "A restore of monday.pdbackup was interrupted and has now been finished") || !strings.Contains(errs, aside) {
		t.Fatalf("check: %d %q %q", code, out, errs)
	}
	if code, _, errs := runArgs(t, "--db", db, "check"); code != 0 || errs != "" {
		t.Errorf("told twice: %q", errs)
	}
}

// TestHelperHoldDatabaseOpen is not a test: run by TestRestoreRefusedWhileAnotherProcessHasItOpen
// as a separate process, it opens the database named by PRIVACYDESK_HOLD_DB, says
// "open" and keeps it open until its stdin closes.
func TestHelperHoldDatabaseOpen(t *testing.T) {
	db := os.Getenv("PRIVACYDESK_HOLD_DB")
	if db == "" {
		t.Skip("helper process only")
	}
	s := openTestDB(t, db)
	defer s.Close()
	fmt.Println("open")
	io.Copy(io.Discard, os.Stdin)
}

// The same refusal when the database is held by another process (the operating
// system's lock, not only this process's).
func TestRestoreRefusedWhileAnotherProcessHasItOpen(t *testing.T) {
	testpg.SQLiteOnly(t, "another process's lock on a database file")
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	key := filepath.Join(t.TempDir(), "recovery-key.txt")
	if code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", key, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	bk := filepath.Join(dir, "b.pdbackup")
	if code, _, errs := runArgs(t, "--db", db, "backup", "--out", bk); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldDatabaseOpen$")
	cmd.Env = append(os.Environ(), "PRIVACYDESK_HOLD_DB="+db)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "open\n" {
		t.Fatalf("helper: %q %v", line, err)
	}
	if code, out, errs := runArgs(t, "--db", db, "restore", bk, "--key", key); code != 1 || !strings.Contains(errs, "is open in another Privacy Desk") {
		t.Fatalf("restore while another process has it open: %d %q %q", code, out, errs)
	}
	if aside, _ := dbfile.SetAside(db); len(aside) != 0 {
		t.Errorf("set aside although refused: %q", aside)
	}
	stdin.Close()
	cmd.Wait()
	if code, out, errs := runArgs(t, "--db", db, "restore", bk, "--key", key); code != 0 {
		t.Fatalf("restore once the other process ended: %d %q %q", code, out, errs)
	}
}

// Restoring where there is no database: the account signing in must be one of the
// backup's own accounts; a backup from before staff accounts makes it the restored
// database's first administrator.
func TestRestoreIntoANewDatabase(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	key := filepath.Join(t.TempDir(), "recovery-key.txt")
	if code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", key, "request", "add", "--name", "Ann Lee", "--email", "ann@example.com", "--regime", "ccpa",
		"--right", "access", "--received", "2025-04-01"); code != 0 {
		t.Fatal(errs)
	}
	bk := filepath.Join(dir, "b.pdbackup")
	if code, _, errs := runArgs(t, "--db", db, "backup", "--out", bk); code != 0 {
		t.Fatal(errs)
	}
	fresh := testpg.Location(t, filepath.Join(dir, "fresh", "pd.db"))
	if code, out, errs := runArgs(t, "--db", fresh, "restore", bk, "--key", key); code != 0 || !strings.Contains(out, "Test Administrator (administrator) signs in to it.") {
		t.Errorf("restore into a new path: exit %d %q %q", code, out, errs)
	}
	other := testpg.Location(t, filepath.Join(dir, "other", "pd.db"))
	if code, out, errs := runAs(t, "Zed Stranger", "a passphrase for the stranger", "--db", other, "restore", bk, "--key", key); code != 1 || !strings.Contains(out, "Restored into") ||
		!strings.Contains(errs, "The backup's own staff accounts sign in to the restored database, and Zed Stranger cannot: passphrase: The name or the passphrase is not right.") {
		t.Errorf("restored by someone without an account in it: exit %d %q %q", code, out, errs)
	}

	// A backup of a database from before staff accounts (and before encryption: this
	// process has no key for the new path, so it is made unencrypted).
	old := filepath.Join(dir, "old", "pd.db")
	s, err := storage.Open(old)
	if err != nil {
		t.Fatal(err)
	}
	oldBk := filepath.Join(dir, "old.pdbackup")
	// Made in clear, as versions before the refusal of such backups made them.
	src := backup.Source{Snapshot: s.Snapshot, AttachmentsDir: s.AttachmentsDir(), AppVersion: Version, SchemaVersion: storage.SchemaVersion()}
	_, err = backup.Create(context.Background(), oldBk, src, backup.Options{})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	restored := testpg.Location(t, filepath.Join(dir, "restored", "pd.db"))
	if code, out, errs := runArgs(t, "--db", restored, "restore", oldBk); code != 0 || !strings.Contains(out, "Test Administrator is its first administrator.") {
		t.Errorf("restore of a backup without accounts: exit %d %q %q", code, out, errs)
	}
	if code, out, errs := runArgs(t, "--db", restored, "account", "list"); code != 0 || !strings.Contains(out, "Test Administrator") {
		t.Errorf("account list after: exit %d %q %q", code, out, errs)
	}
}
