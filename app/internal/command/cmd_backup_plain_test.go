package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend/workdir"
)

// A practice without a recovery key (a database made before every new one got one) gets
// no backup without --passphrase-file: the command fails, says what to do, and writes
// nothing. With a passphrase file the backup is made, and said to be encrypted.
func TestBackupWithoutKeyOrPassphraseRefused(t *testing.T) {
	dir := t.TempDir()
	db := demoDB(t)
	if _, err := rawTestDB(t, db).Exec(`DELETE FROM app_state WHERE key = 'recoveryRecipient'`); err != nil {
		t.Fatal(err)
	}
	bk := filepath.Join(dir, "b.pdbackup")
	code, out, errs := runArgs(t, "--db", db, "backup", "--out", bk)
	if code != 1 || !strings.Contains(errs, "no recovery key") || !strings.Contains(errs, "recovery-key create") || !strings.Contains(errs, "passphrase") {
		t.Errorf("exit %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(bk); err == nil {
		t.Error("the backup was written")
	}
	code, out, errs = runArgs(t, "--db", db, "backup", "--to", filepath.Join(dir, "daily"))
	if code != 1 || !strings.Contains(errs, "no recovery key") {
		t.Errorf("backup --to: exit %d %q %q", code, out, errs)
	}
	pass := privateFile(t, "a long backup passphrase")
	if code, out, errs := runArgs(t, "--db", db, "backup", "--out", bk, "--passphrase-file", pass); code != 0 || !strings.Contains(out, ", encrypted.") {
		t.Errorf("with a passphrase: exit %d %q %q", code, out, errs)
	}
}

// The database copy a backup cut short left in the temporary folder (a crash, a killed
// command) goes when the next backup command starts, not a day later; that of a backup
// under way stays.
func TestBackupCommandRemovesSnapshotLeftovers(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	os.Mkdir(tmp, 0o700)
	t.Setenv("TMPDIR", tmp)
	old := time.Now().Add(-2 * time.Minute)
	crashed := filepath.Join(tmp, "privacydesk-snapshot-123")
	os.Mkdir(crashed, 0o700)
	os.WriteFile(filepath.Join(crashed, "database.sqlite"), []byte("SQLite format 3\x00"), 0o600)
	os.Chtimes(crashed, old, old)
	busy, err := workdir.New(tmp, "privacydesk-snapshot")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Remove()
	os.Chtimes(busy.Path, old, old)

	db := demoDB(t)
	pass := privateFile(t, "a long backup passphrase")
	if code, _, errs := runArgs(t, "--db", db, "backup", "--out", filepath.Join(dir, "b.pdbackup"), "--passphrase-file", pass); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	if _, err := os.Stat(crashed); err == nil {
		t.Error("the interrupted backup's database copy is still there")
	}
	if _, err := os.Stat(busy.Path); err != nil {
		t.Errorf("the backup under way lost its folder: %v", err)
	}
}
