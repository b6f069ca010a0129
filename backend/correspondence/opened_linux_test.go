//go:build linux

package correspondence

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"privacydesk/backend/letters"
)

// TestOpenKeepsOutOfSharedFolders: the copy of a letter handed to the viewer goes to
// privacydesk-open in the temporary folder, on Linux /tmp, which every user of the
// computer shares. A folder of that name made beforehand open to everyone is made
// private (0700) before a copy goes in; one that belongs to another user, or a link, gets
// no copy: its owner could read the file's name, swap the file before the viewer reads
// it or point the link anywhere.
func TestOpenKeepsOutOfSharedFolders(t *testing.T) {
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	l, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment})
	if err != nil {
		t.Fatal(err)
	}
	open := func(t *testing.T) (string, error) {
		var opened string
		err := f.c.Open(ctx, l.ID, func(p string) error { opened = p; return nil })
		return opened, err
	}

	t.Run("open to everyone", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		shared := filepath.Join(tmp, "privacydesk-open")
		if err := os.Mkdir(shared, 0o777); err != nil {
			t.Fatal(err)
		}
		os.Chmod(shared, 0o777) // past the umask
		if _, err := open(t); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(shared); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("the folder the copy went to: %v %v, want mode 0700", fi.Mode(), err)
		}
	})
	t.Run("a link", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		elsewhere := t.TempDir()
		if err := os.Symlink(elsewhere, filepath.Join(tmp, "privacydesk-open")); err != nil {
			t.Fatal(err)
		}
		if p, err := open(t); err == nil {
			t.Errorf("a copy went through a link to %s", p)
		}
		if ents, _ := os.ReadDir(elsewhere); len(ents) != 0 {
			t.Errorf("the link's target holds %d files", len(ents))
		}
	})
	t.Run("another user's", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("making a folder another user's takes root")
		}
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		theirs := filepath.Join(tmp, "privacydesk-open")
		if err := os.Mkdir(theirs, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(theirs, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		if p, err := open(t); err == nil {
			t.Errorf("a copy went into another user's folder: %s", p)
		}
		if ents, _ := os.ReadDir(theirs); len(ents) != 0 {
			t.Errorf("another user's folder holds %d files", len(ents))
		}
		var st syscall.Stat_t
		if syscall.Stat(theirs, &st) != nil || st.Uid != 65534 {
			t.Errorf("the other user's folder changed hands")
		}
	})
}
