package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend/workdir"
	"privacydesk/internal/testpg"
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

// The database copy a preview or a restore cut short left in the temporary folder goes
// when the next restore command starts (a check included); that of a preview or restore
// under way stays.
func TestRestoreCommandRemovesPreviewAndRestoreLeftovers(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	key := filepath.Join(t.TempDir(), "recovery-key.txt")
	if code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", key, "demo", "--requests", "3"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	bk := filepath.Join(dir, "b.pdbackup")
	if code, _, errs := runArgs(t, "--db", db, "backup", "--out", bk); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	tmp := filepath.Join(dir, "tmp")
	os.Mkdir(tmp, 0o700)
	t.Setenv("TMPDIR", tmp)
	old := time.Now().Add(-2 * time.Minute)
	var crashed []string
	for _, prefix := range []string{"privacydesk-preview", "privacydesk-restore"} {
		p := filepath.Join(tmp, prefix+"-123")
		os.Mkdir(p, 0o700)
		os.WriteFile(filepath.Join(p, "database.sqlite"), []byte("SQLite format 3\x00"), 0o600)
		os.Chtimes(p, old, old)
		crashed = append(crashed, p)
	}
	busy, err := workdir.New(tmp, "privacydesk-restore")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Remove()
	os.Chtimes(busy.Path, old, old)

	if code, out, errs := runArgs(t, "--db", db, "restore", bk, "--check", "--key", key); code != 0 || !strings.Contains(out, "Integrity checked") {
		t.Fatalf("restore --check: %d %q %q", code, out, errs)
	}
	for _, p := range crashed {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s, left by an interrupted preview or restore, is still there", filepath.Base(p))
		}
	}
	if _, err := os.Stat(busy.Path); err != nil {
		t.Errorf("the restore under way lost its folder: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "privacydesk-preview-*")); len(left) != 0 {
		t.Errorf("the check left its copy: %v", left)
	}
}
