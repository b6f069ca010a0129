package backup

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The database copy a backup passes through when it cannot stream the file (always for
// a PostgreSQL practice, whose copy is an unencrypted SQLite file) is made in a private
// folder (0700, locked while the backup runs) in the temporary folder, never in the
// backup folder, which may be a shared or removable drive; it is gone when the backup
// ends. What a crash left of such folders the next start removes, without touching a
// backup under way.
func TestSnapshotCopyInPrivateFolder(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	st := keylessStore(t)
	src, err := New(st, "test").source(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	src.SnapshotStream = nil // as on PostgreSQL: the copy, not the live file
	var at string
	snapshot := src.Snapshot
	src.Snapshot = func(ctx context.Context, dest string) error {
		at = dest
		if err := snapshot(ctx, dest); err != nil {
			return err
		}
		// Under way: what a new start's clean-up must leave alone, however old.
		old := time.Now().Add(-3 * time.Hour)
		os.Chtimes(filepath.Dir(dest), old, old)
		if removed, err := RemoveLeftovers(time.Now()); err != nil || len(removed) != 0 {
			t.Errorf("the clean-up during a backup removed %v (%v)", removed, err)
		}
		if _, err := os.Stat(dest); err != nil {
			t.Errorf("the snapshot under way was removed: %v", err)
		}
		return nil
	}
	backups := filepath.Join(t.TempDir(), "backups")
	out := filepath.Join(backups, "b"+Extension)
	if _, err := Create(context.Background(), out, src, Options{Passphrase: "correct horse battery", Now: st.Now}); err != nil {
		t.Fatal(err)
	}
	work := filepath.Dir(at)
	if at == "" || !strings.HasPrefix(work, filepath.Join(tmp, "privacydesk-snapshot-")) {
		t.Errorf("the snapshot was made at %s, not in a private folder in %s", at, tmp)
	}
	if ents, _ := os.ReadDir(backups); len(ents) != 1 {
		t.Errorf("the backup folder holds %v", ents)
	}
	if _, err := os.Stat(work); err == nil {
		t.Errorf("the snapshot's folder %s outlived the backup", work)
	}

	// What a crash left: removed at the next start, with nothing else of the folder.
	crashed := filepath.Join(tmp, "privacydesk-snapshot-123")
	os.Mkdir(crashed, 0o700)
	os.WriteFile(filepath.Join(crashed, "database.sqlite"), []byte("SQLite format 3\x00"), 0o600)
	old := time.Now().Add(-2 * time.Minute) // not a day: the next start
	os.Chtimes(crashed, old, old)
	other := filepath.Join(tmp, "privacydesk-open")
	os.Mkdir(other, 0o700)
	removed, err := RemoveLeftovers(time.Now())
	if err != nil || len(removed) != 1 || removed[0] != crashed {
		t.Errorf("removed %v %v, want %s", removed, err, crashed)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another folder went too: %v", err)
	}
}

// The folder is private while the copy is in it.
func TestSnapshotFolderIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	st := keylessStore(t)
	src, err := New(st, "test").source(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	src.SnapshotStream = nil
	snapshot := src.Snapshot
	src.Snapshot = func(ctx context.Context, dest string) error {
		info, err := os.Stat(filepath.Dir(dest))
		if err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("the snapshot's folder: %v %v", info, err)
		}
		return snapshot(ctx, dest)
	}
	if _, err := Create(context.Background(), filepath.Join(t.TempDir(), "b"+Extension), src, Options{Passphrase: "correct horse battery", Now: st.Now}); err != nil {
		t.Fatal(err)
	}
}
