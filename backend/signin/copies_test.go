package signin

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRemoveOpenedCopies(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := OpenedCopiesDir()
	if err := os.MkdirAll(filepath.Join(dir, "privacydesk-open-1"), 0o700); err != nil {
		t.Fatal(err)
	}
	old, fresh := filepath.Join(dir, "letter-old.pdf"), filepath.Join(dir, "letter-new.pdf")
	for _, p := range []string{old, fresh, filepath.Join(dir, "privacydesk-open-1", "id.pdf")} {
		os.WriteFile(p, []byte("PHI"), 0o600)
	}
	now := time.Now()
	long := now.Add(-time.Hour)
	os.Chtimes(old, long, long)
	os.Chtimes(filepath.Join(dir, "privacydesk-open-1"), long, long)
	RemoveOpenedCopies(now)
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("an old copy stayed")
	}
	if _, err := os.Stat(filepath.Join(dir, "privacydesk-open-1")); !os.IsNotExist(err) {
		t.Error("an old folder of copies stayed")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a copy being looked at went: %v", err)
	}
}
