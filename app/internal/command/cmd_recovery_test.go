package command

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend/backup"
	"privacydesk/internal/testpg"
)

// The recovery key made with the database is saved where --recovery-key-out says;
// recovery-key create --replace makes another, keeping only the public half; the daily
// backup made then is restored with the new --key (not the old one), and a passphrase is
// refused for it naming the key.
func TestRecoveryKeyAndRestoreWithKey(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd", "pd.db"))
	first := filepath.Join(dir, "first-key.txt")
	code, _, errs := runArgs(t, "--db", db, "--recovery-key-out", first, "demo", "--requests", "3")
	if code != 0 || !strings.Contains(errs, "recovery key of "+db+" is saved in "+first) || strings.Contains(errs, "AGE-SECRET-KEY") {
		t.Fatalf("demo: exit %d %q", code, errs)
	}
	firstKey, _ := os.ReadFile(first)
	if fi, err := os.Stat(first); err != nil || fi.Mode().Perm() != 0o600 || !strings.Contains(string(firstKey), "AGE-SECRET-KEY-1") {
		t.Fatalf("the key file: %v %q", err, firstKey)
	}
	code, out, _ := runArgs(t, "--db", db, "recovery-key", "show")
	if code != 0 || !strings.Contains(out, "encrypted to the recovery key age1") || strings.Contains(out, "AGE-SECRET-KEY") {
		t.Errorf("show before: exit %d %q", code, out)
	}
	if recipient := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(out), "Automatic backups are encrypted to the recovery key "), "."); !strings.Contains(string(firstKey), "# public key: "+recipient+"\n") {
		t.Errorf("the saved key %q is not the practice's %q", firstKey, recipient)
	}
	key := filepath.Join(dir, "key.txt")
	if code, _, errs := runArgs(t, "--db", db, "recovery-key", "create", "--out", key); code == 0 || !strings.Contains(errs, "already has a recovery key") {
		t.Errorf("second key without --replace: exit %d %q", code, errs)
	}
	code, out, errs = runArgs(t, "--db", db, "recovery-key", "create", "--out", key, "--pdf", filepath.Join(dir, "key.pdf"), "--replace")
	if code != 0 || !strings.Contains(out, "AGE-SECRET-KEY-1") || !strings.Contains(out, "Public key: age1") {
		t.Fatalf("create --replace: exit %d %q %q", code, out, errs)
	}
	if code, shown, _ := runArgs(t, "--db", db, "recovery-key", "show"); code != 0 || !strings.Contains(shown, "encrypted to the recovery key age1") || strings.Contains(shown, "AGE-SECRET-KEY") {
		t.Errorf("show after: exit %d %q", code, shown)
	}

	st := openTestDB(t, db)
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

	if code, _, errs := runArgs(t, "--db", filepath.Join(dir, "old-key.db"), "restore", file, "--key", first); code == 0 || !strings.Contains(errs, "another recovery key") {
		t.Errorf("restore with the replaced key: exit %d %q", code, errs)
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
