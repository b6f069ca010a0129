package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A restore into a PostgreSQL database unpacks the whole backup (its database is plain
// SQLite for a server's practice) into privacydesk-restore-* in the temporary folder
// (backup.restoreIntoServer); a crash during the copy leaves it there. The start's sweep
// must remove it as it removes a preview's.
func TestStartRemovesAnInterruptedServerRestoresUnpackedCopy(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for _, pattern := range []string{"privacydesk-preview-*", "privacydesk-restore-*"} {
		d, err := os.MkdirTemp("", pattern)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "database.sqlite"), []byte("SQLite format 3\x00 patients"), 0o600)
		old := time.Now().Add(-2 * time.Hour)
		os.Chtimes(d, old, old)
		removeTempCopies(leftoverGlobs(), time.Now().Add(-time.Hour))
		if _, err := os.Stat(d); err == nil {
			t.Errorf("%s, left by a crash two hours ago, is still there after the start's sweep", filepath.Base(d))
		}
	}
}
