package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gopkg.in/natefinch/lumberjack.v2"

	"privacydesk/backend"
	"privacydesk/backend/casework"
	"privacydesk/backend/storage"
)

// desk is what every bound service shares: the open database, the data folder, the
// Wails context and the session. The database is opened only when someone signs in
// (SessionService, through package signin) and closed when they sign out; while nobody
// is signed in store is nil. When the database could not be opened, openErr says why;
// the UI shows that message instead of its screens.
type desk struct {
	// mu guards store, openErr, account, locked and idle: a restore swaps the database under a
	// running app, and the session changes under running calls.
	mu      sync.RWMutex
	ctx     context.Context
	dbPath  string
	dataDir string
	store   *storage.Store
	openErr error
	// account is the signed-in staff account (zero while nobody is); locked is true while
	// the window is locked, when every bound call but the session's is refused.
	account backend.StaffAccount
	locked  bool
	// osUser is the operating-system account, recorded beside the staff account.
	osUser string
	// idleLockSeconds, when not 0, replaces the idle lock setting (a seam for the
	// end-to-end tests, seams_dev.go).
	idleLockSeconds int
	// idle is the backend's idle clock (idlelock.go), guarded by mu.
	idle idleClock
	// now is the store's clock once signed in (nil: the real one); tests set it.
	now func() time.Time
	// busy names a running job ("" when none): signing out closes the database the job
	// reads or writes, so it waits.
	busy func() string
	// afterSignIn run, in their own goroutines, after each sign-in (the automatic backup).
	afterSignIn []func()
	// userDir is the user's data folder, which keeps the database chosen for this computer
	// (Settings > Database, package dbchoice); "" in tests that have none. followsChoice
	// tells that dbPath came from that choice (neither --db nor PRIVACYDESK_DB named one),
	// so a sign-out moves to a database chosen meanwhile.
	userDir       string
	followsChoice bool
	// dbPassword is the PostgreSQL server's password given on the sign-in screen in this
	// run (for dbPasswordAccount), when the credential store did not hold it;
	// dbPasswordKept tells that it went to the credential store, which the next sign-in
	// records in the audit trail.
	dbPassword, dbPasswordAccount string
	dbPasswordKept                bool
}

// setupLogging sends the log to a rotating file in the data folder: internal errors are
// written there in full while the user sees a plain sentence.
func setupLogging(dataDir string) {
	if err := os.MkdirAll(filepath.Join(dataDir, "logs"), 0o700); err != nil {
		return
	}
	w := &lumberjack.Logger{Filename: filepath.Join(dataDir, "logs", "privacydesk.log"), MaxSize: 5, MaxBackups: 5, Compress: true}
	slog.SetDefault(slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})))
}

// open returns the store, or the reason it is refused: the bound method that asked
// (found on the call stack, see permissions.go) needs a signed-in account whose role has
// its permission, in a window that is not locked; or the database is not open.
func (d *desk) open() (*storage.Store, error) {
	if err := d.guard(); err != nil {
		return nil, err
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.store == nil {
		if d.openErr != nil {
			return nil, d.openErr
		}
		return nil, backend.Errorf(backend.EINTERNAL, "The database is not open.")
	}
	return d.store, nil
}

// callCtx is the context of a call from the window: the Wails context once started,
// a background context in tests that call the services directly.
func (d *desk) callCtx() context.Context {
	if d.ctx != nil {
		return d.ctx
	}
	return context.Background()
}

// casework returns the request and vendor use cases of the open database.
func (d *desk) casework() (*casework.Service, context.Context, error) {
	st, err := d.open()
	if err != nil {
		return nil, nil, err
	}
	return casework.New(st, filepath.Join(d.dataDir, "request-filter.json")), d.callCtx(), nil
}
