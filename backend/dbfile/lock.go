// Package dbfile looks after the database's files on disk as a whole, below SQLite:
//
//   - the lock beside the database (name.lock) that every open store holds shared and a
//     restore holds exclusively, so a restore never swaps the files under another
//     process (a window, a command) that would go on writing into the set-aside copy;
//   - the restore journal (name.restore-journal.json) that makes a restore's renames
//     all or nothing across a crash: the next open finishes or undoes it;
//   - the copies a restore sets aside, kept until the user removes them;
//   - the refusal of a folder on a network file system, where SQLite's write-ahead log
//     is not safe.
//
// The lock is an operating-system file lock (flock on Linux and macOS, LockFileEx on
// Windows, through github.com/gofrs/flock) on a file of its own rather than SQLite's
// locks on the database: SQLite holds its locks only while a transaction runs, so an
// idle window holds none, and a restore replaces the database file itself, which would
// take SQLite's locks away with it. The lock file stays beside the database for good;
// the operating system drops a lock when its process ends, so a crash never leaves the
// database locked.
package dbfile

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"

	"privacydesk/backend"
)

// LockPath is the lock file of the database at dbPath.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// Lock is a held lock on a database path; Release gives it back.
type Lock struct{ f *flock.Flock }

// Release gives the lock back (nil is a no-op).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	return l.f.Close()
}

// How long an open waits for a restore to end, and a restore for other programs' short
// commands to end, before refusing; tests shorten them.
var (
	sharedWait    = 10 * time.Second
	exclusiveWait = 3 * time.Second
	retryDelay    = 20 * time.Millisecond
)

// take tries to lock dbPath for up to wait; ok is false when someone else holds it.
func take(dbPath string, exclusive bool, wait time.Duration) (l *Lock, ok bool, err error) {
	f := flock.New(LockPath(dbPath))
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if exclusive {
		ok, err = f.TryLockContext(ctx, retryDelay)
	} else {
		ok, err = f.TryRLockContext(ctx, retryDelay)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = nil
	}
	if err != nil {
		f.Close()
		return nil, false, backend.Errorf(backend.EINVALID, "Cannot lock %s (%v). Nothing was changed.", LockPath(dbPath), err)
	}
	if !ok {
		f.Close()
		return nil, false, nil
	}
	return &Lock{f: f}, true, nil
}

// Shared locks the database at dbPath for an open store: any number of stores, in any
// number of processes, share it; it waits for a restore under way to end (for a while)
// and then refuses.
func Shared(dbPath string) (*Lock, error) {
	l, ok, err := take(dbPath, false, sharedWait)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, backend.Errorf(backend.ECONFLICT, "A backup is being restored into %s by another Privacy Desk. Try again when it is done; nothing was changed.", filepath.Base(dbPath))
	}
	return l, nil
}

// Exclusive locks the database at dbPath for a restore, and refuses while any other
// store (a window, a command, in this process or another) has it open.
func Exclusive(dbPath string) (*Lock, error) {
	l, ok, err := take(dbPath, true, exclusiveWait)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, backend.Errorf(backend.ECONFLICT, "%s is open in another Privacy Desk (a window or a command). Close it, then restore again; nothing was changed.", dbPath)
	}
	return l, nil
}
