package backup

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// checkWorkInProgress checks, while a preview or a restore is under way, that the folder
// dir holding its decrypted copy (copy, in it) is a private folder of the kind prefix in
// tmp, and that a start's clean-up leaves it alone however old it is: another window or
// command is still working in it.
func checkWorkInProgress(t *testing.T, tmp, prefix, dir, copy string) {
	t.Helper()
	if !strings.HasPrefix(dir, filepath.Join(tmp, prefix+"-")) {
		t.Errorf("the copy is in %s, not in a folder %s-* in %s", dir, prefix, tmp)
	}
	if info, err := os.Stat(dir); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o700) {
		t.Errorf("the folder of the copy: %v %v", info, err)
	}
	old := time.Now().Add(-3 * time.Hour)
	os.Chtimes(dir, old, old)
	if removed, err := RemoveLeftovers(time.Now()); err != nil || len(removed) != 0 {
		t.Errorf("the clean-up during the work removed %v (%v)", removed, err)
	}
	if _, err := os.Stat(copy); err != nil {
		t.Errorf("the copy under way was removed: %v", err)
	}
}

// crashedFolder makes what a crash leaves of work prefix in tmp: a folder holding a
// database copy, last changed two minutes ago (the next start, not an hour later).
func crashedFolder(t *testing.T, tmp, prefix string) string {
	t.Helper()
	crashed := filepath.Join(tmp, prefix+"-123")
	os.Mkdir(crashed, 0o700)
	if err := os.WriteFile(filepath.Join(crashed, databaseName), []byte("SQLite format 3\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Minute)
	os.Chtimes(crashed, old, old)
	return crashed
}

// A backup's preview unpacks its database into a private folder (0700) in the temporary
// folder, locked while the check runs and gone when it ends; what a crash left of such a
// folder the next start removes, without touching a preview under way.
func TestPreviewCopyInPrivateLockedFolder(t *testing.T) {
	ctx := context.Background()
	st := keylessStore(t)
	out := filepath.Join(t.TempDir(), "b"+Extension)
	if _, err := New(st, "test").Backup(ctx, out, "correct horse battery", nil); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var at string
	previewUnpacked = func(dbPath string) {
		at = dbPath
		checkWorkInProgress(t, tmp, previewWork, filepath.Dir(dbPath), dbPath)
	}
	defer func() { previewUnpacked = nil }()
	if _, err := Preview(ctx, out, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if at == "" {
		t.Fatal("the preview unpacked no database")
	}
	if _, err := os.Stat(filepath.Dir(at)); err == nil {
		t.Errorf("the preview's folder %s outlived it", filepath.Dir(at))
	}

	crashed := crashedFolder(t, tmp, previewWork)
	removed, err := RemoveLeftovers(time.Now())
	if err != nil || len(removed) != 1 || removed[0] != crashed {
		t.Errorf("removed %v %v, want %s", removed, err, crashed)
	}
}

// A restore into a PostgreSQL database unpacks the whole backup (for a server's practice
// a plain SQLite database) into a private folder in the temporary folder, locked while
// the restore runs and gone when it ends; a crash's is removed at the next start, one
// under way is not.
func TestRestoreIntoServerCopyInPrivateLockedFolder(t *testing.T) {
	if !testpg.Enabled() {
		t.Skip("needs a PostgreSQL server: make test-pg runs it")
	}
	ctx := context.Background()
	st := keylessStore(t)
	out := filepath.Join(t.TempDir(), "b"+Extension)
	if _, err := New(st, "test").Backup(ctx, out, "correct horse battery", nil); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var once sync.Once
	var work string
	progress := func(done, total int64) {
		once.Do(func() {
			dirs, _ := filepath.Glob(filepath.Join(tmp, restoreWork+"-*"))
			if len(dirs) != 1 {
				t.Errorf("during the restore the temporary folder holds %v, want one %s-* folder", dirs, restoreWork)
				return
			}
			work = dirs[0]
			checkWorkInProgress(t, tmp, restoreWork, work, work)
		})
	}
	if _, err := RestoreDB(ctx, out, "correct horse battery", testpg.URL(t), backend.Actor{OSUser: "tester"}, progress); err != nil {
		t.Fatal(err)
	}
	if work == "" {
		t.Fatal("the restore reported no progress")
	}
	if _, err := os.Stat(work); err == nil {
		t.Errorf("the restore's folder %s outlived it", work)
	}

	crashed := crashedFolder(t, tmp, restoreWork)
	removed, err := RemoveLeftovers(time.Now())
	if err != nil || len(removed) != 1 || removed[0] != crashed {
		t.Errorf("removed %v %v, want %s", removed, err, crashed)
	}
}

// The data key a recovery key unwraps to check an encrypted practice's backup is
// unlocked for the preview's copy only while the preview runs: it is forgotten (and
// zeroed) with the copy, not kept in memory under a path that no longer exists.
func TestPreviewForgetsTheKeyOfItsCopy(t *testing.T) {
	testpg.SQLiteOnly(t, "an encrypted database file and its keyring")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pd", "privacydesk.db")
	key, err := keyring.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	st, err := storage.OpenKeyed(path, key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(); storage.Forget(path) })
	st.Now = func() time.Time { return storeClock }
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	f := keyring.New()
	if err := f.SetRecovery(id.Recipient().String(), key); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	if err := st.SetRecoveryRecipient(ctx, id.Recipient().String()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(st, demo.Options{Requests: 2, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "b"+Extension)
	if _, err := New(st, "test").Backup(ctx, out, "", nil); err != nil {
		t.Fatal(err)
	}
	var copyPath string
	previewUnpacked = func(dbPath string) { copyPath = dbPath }
	defer func() { previewUnpacked = nil }()
	if _, err := Preview(ctx, out, id.String()); err != nil {
		t.Fatal(err)
	}
	if copyPath == "" {
		t.Fatal("the preview unpacked no database")
	}
	if storage.IsUnlocked(copyPath) {
		t.Errorf("the data key unlocked for the preview's copy %s outlived the preview", copyPath)
	}
}
