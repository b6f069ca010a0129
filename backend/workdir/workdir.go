// Package workdir makes the private folders that hold decrypted copies of health data
// for the time a piece of work needs them (the response files of a package being
// assembled; the database copy a backup is made from, a backup's preview checks, or a
// restore into PostgreSQL unpacks), and removes the ones a crash left behind.
//
// Such a copy is outside the encrypted store: the work removes its folder when it ends,
// but a crash or a killed process leaves it. Each folder holds a lock file (flock on
// Linux and macOS, LockFileEx on Windows, through github.com/gofrs/flock) locked for as
// long as the work runs; the operating system drops the lock when the process ends, so
// RemoveLeftovers tells a crashed run's folder (unlocked) from one another window or
// command is still working in (locked), however long that work takes. An age is not
// enough: a large encrypted package can take longer than any fixed age.
package workdir

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// lockName is the lock file inside each folder.
const lockName = ".in-use"

// grace spares a folder in the instant between its creation and its lock: one changed
// this recently is never taken for a leftover.
const grace = time.Minute

// Dir is a private work folder, locked while it is in use.
type Dir struct {
	// Path is the folder (mode 0700).
	Path string
	lock *flock.Flock
}

// New makes a private folder named prefix-<random> in base (the system's temporary
// folder when base is "") and locks it.
func New(base, prefix string) (*Dir, error) {
	path, err := os.MkdirTemp(base, prefix+"-*")
	if err != nil {
		return nil, err
	}
	l := flock.New(filepath.Join(path, lockName))
	ok, err := l.TryLock()
	if err == nil && !ok {
		err = errors.New("the new folder's lock is held by another process")
	}
	if err != nil {
		l.Close()
		os.RemoveAll(path)
		return nil, err
	}
	return &Dir{Path: path, lock: l}, nil
}

// Remove releases the lock and removes the folder with everything in it. The lock goes
// first: Windows removes no file held open.
func (d *Dir) Remove() error {
	if d == nil {
		return nil
	}
	d.lock.Close()
	return os.RemoveAll(d.Path)
}

// RemoveLeftovers removes the folders prefix-* in base (the system's temporary folder
// when base is "") that no process is working in: their lock is free, and they were
// last changed more than a minute before now. It returns the folders it removed. A
// folder in use (locked by this process or another), or that it may not open (another
// user's), is left alone.
func RemoveLeftovers(base, prefix string, now time.Time) ([]string, error) {
	if base == "" {
		base = os.TempDir()
	}
	matches, err := filepath.Glob(filepath.Join(base, prefix+"-*"))
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, p := range matches {
		info, err := os.Lstat(p)
		if err != nil || !info.IsDir() || now.Sub(info.ModTime()) < grace {
			continue
		}
		l := flock.New(filepath.Join(p, lockName))
		ok, err := l.TryLock()
		l.Close()
		if err != nil || !ok {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	return removed, errors.Join(errs...)
}
