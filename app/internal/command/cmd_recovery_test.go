package command

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend/backup"
	"privacydesk/backend/storage"
)

// recovery-key create keeps only the public half; the daily backup made then is
// restored with --key, and a passphrase is refused for it naming the key.
func TestRecoveryKeyAndRestoreWithKey(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pd", "pd.db")
	if code, _, errs := runArgs(t, "--db", db, "demo", "--requests", "3"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	if code, out, _ := runArgs(t, "--db", db, "recovery-key", "show"); code != 0 || !strings.Contains(out, "No recovery key") {
		t.Errorf("show before: exit %d %q", code, out)
	}
	key := filepath.Join(dir, "key.txt")
	code, out, errs := runArgs(t, "--db", db, "recovery-key", "create", "--out", key, "--pdf", filepath.Join(dir, "key.pdf"))
	if code != 0 || !strings.Contains(out, "AGE-SECRET-KEY-1") || !strings.Contains(out, "Public key: age1") {
		t.Fatalf("create: exit %d %q %q", code, out, errs)
	}
	if code, shown, _ := runArgs(t, "--db", db, "recovery-key", "show"); code != 0 || !strings.Contains(shown, "encrypted to the recovery key age1") || strings.Contains(shown, "AGE-SECRET-KEY") {
		t.Errorf("show after: exit %d %q", code, shown)
	}
	if code, _, errs := runArgs(t, "--db", db, "recovery-key", "create", "--out", filepath.Join(dir, "k2.txt")); code == 0 || !strings.Contains(errs, "already has a recovery key") {
		t.Errorf("second key: exit %d %q", code, errs)
	}

	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := st.GetPractice()
	p.BackupFolder = filepath.Join(dir, "backups")
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	file, _, err := backup.New(st, "test").Auto(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	code, out, errs = runArgs(t, "--db", filepath.Join(dir, "restored.db"), "restore", file, "--key", key)
	if code != 0 || !strings.Contains(out, "Integrity checked") || !strings.Contains(out, "Restored into") {
		t.Fatalf("restore --key: exit %d %q %q", code, out, errs)
	}
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("correct horse battery\n"), 0o600)
	code, _, errs = runArgs(t, "--db", filepath.Join(dir, "other.db"), "restore", file, "--passphrase-file", pass, "--check")
	if code == 0 || !strings.Contains(errs, "recovery key") {
		t.Errorf("restore with a passphrase: exit %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "other.db")); err == nil {
		t.Error("a refused restore wrote a database")
	}
}
