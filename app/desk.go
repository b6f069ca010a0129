package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"gopkg.in/natefinch/lumberjack.v2"

	"privacydesk/backend"
	"privacydesk/backend/casework"
	"privacydesk/backend/storage"
)

// desk is what every bound service shares: the open database, the data folder and the
// Wails context. When the database could not be opened, store is nil and openErr says
// why; the UI shows that message instead of its screens.
type desk struct {
	// mu guards store and openErr: a restore swaps the database under a running app.
	mu      sync.RWMutex
	ctx     context.Context
	dbPath  string
	dataDir string
	store   *storage.Store
	openErr error
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

// open returns the store, or the reason the database was refused.
func (d *desk) open() (*storage.Store, error) {
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
