package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
