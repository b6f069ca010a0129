// Package storage keeps Privacy Desk's data in one SQLite file through GORM, encrypted
// by SQLCipher under a data key when it is opened with one (OpenKeyed, keys.go), or in a
// PostgreSQL database several desks share (postgres.go; what differs between the two
// engines is in dialect.go and in migrations/postgres/).
//
// Open refuses, without writing a byte, a file that is not SQLite, is damaged, or was
// written by a newer version; then it applies the numbered migrations in migrations/,
// one transaction each. Every public method that changes data runs in one transaction
// that also appends the audit event describing the change, so the trail and the data
// can never disagree. One file per entity.
package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"privacydesk/backend"
	"privacydesk/backend/dbfile"
)

// Store is the SQLite-backed implementation of the backend's services.
type Store struct {
	db *gorm.DB
	// ro is a pool of read-only connections beside the one writer: in WAL mode readers
	// never wait for the writer or for each other, so the request list, the dashboard,
	// its charts and the exports read through it and a slow chart never holds up a page.
	ro   *gorm.DB
	path string
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Actor is who is working; the app sets the staff name when the user enters it.
	Actor backend.Actor
	// Recovered tells, in a sentence for the user, that opening settled a restore that
	// had been interrupted (finished it or undid it); "" when there was none.
	Recovered string
	// lock is held shared while the store is open, so a restore (which needs it
	// exclusively) never swaps the files under this store.
	lock *dbfile.Lock
	// key is the database's data key (keys.go); nil for an unencrypted database.
	key []byte
	// dialect is the engine: SQLite (a file) or PostgreSQL (a server, see postgres.go).
	dialect dialect
	// dir is the folder of the files kept beside the database (attachments): the
	// database file's folder; for PostgreSQL, a local folder of that database's own.
	dir string
}

var sqliteHeader = []byte("SQLite format 3\x00")

// Open opens (creating when missing) the database at path. The folder is created 0700
// and the file 0600. A folder on a network file system is refused; a restore that was
// interrupted is settled first (see Recovered); the store holds the database's lock
// shared until Close (package dbfile). An encrypted database opens only once its key
// was unlocked in this process (OpenKeyed); otherwise it is unencrypted. A postgres:// or
// postgresql:// URL opens that PostgreSQL database instead (openPostgres).
func Open(path string) (*Store, error) {
	return OpenKeyed(path, nil)
}

// OpenKeyed is Open with the database's data key (keys.go), a missing database being
// created encrypted with it; a nil key is the key this process unlocked for path, if any.
// The store keeps a copy of key (zeroed by Close): the caller zeroes its own when done.
func OpenKeyed(path string, key []byte) (*Store, error) {
	if path == "" {
		return nil, backend.Errorf(backend.EINVALID, "No database file was given.")
	}
	if IsPostgresURL(path) {
		return openPostgres(path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot create the data folder %s: %v", filepath.Dir(abs), err)
	}
	if err := dbfile.CheckLocal(filepath.Dir(abs)); err != nil {
		return nil, err
	}
	lock, recovered, err := lockShared(abs)
	if err != nil {
		return nil, err
	}
	if key == nil {
		key = unlockedKey(abs)
		defer clear(key) // a copy: the store and the unlocked keys keep their own
	}
	s, err := open(abs, key)
	if err != nil {
		lock.Release()
		return nil, err
	}
	rememberKey(abs, key)
	s.lock, s.Recovered = lock, recovered
	if recovered != "" {
		// The trail says what became of the interrupted restore (the restore's own
		// event was never written).
		if err := s.RecordEvent("backup", "restore", "restore-recovered", map[string]string{"message": recovered}); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// lockShared settles an interrupted restore of the database at path, if there was one,
// and takes the database's shared lock.
func lockShared(path string) (*dbfile.Lock, string, error) {
	var notes []string
	for range 3 {
		note, err := dbfile.Recover(path)
		if err != nil {
			return nil, "", err
		}
		if note != "" {
			notes = append(notes, note)
		}
		lock, err := dbfile.Shared(path)
		if err != nil {
			return nil, "", err
		}
		// A restore that ran and died between the two: settle it too.
		if !dbfile.Pending(path) {
			dbfile.RemoveStale(path)
			return lock, strings.Join(notes, " "), nil
		}
		lock.Release()
	}
	return nil, "", backend.Errorf(backend.ECONFLICT, "%s is being restored again and again by another Privacy Desk; try again later.", path)
}

// open opens the database at abs, which the caller has locked, with key (nil: none).
func open(abs string, key []byte) (*Store, error) {
	if err := precheck(abs, key); err != nil {
		return nil, err
	}
	// Create the file ourselves so it is 0600 from the first byte (SQLite's -wal and
	// -shm files copy the main file's mode).
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot open %s: %v", abs, err)
	}
	f.Close()
	// synchronous=FULL: a write the app acknowledged survives a power cut, not only a
	// crash of the app (with NORMAL, WAL mode may lose the last transactions).
	dsn := fileURI(abs, keyParam(key)+"_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_txlock=immediate&_synchronous=FULL")
	s := &Store{path: abs, dir: filepath.Dir(abs), Now: time.Now, key: bytes.Clone(key)}
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return s.Now().UTC() },
		Logger:         logger.Default.LogMode(logger.Silent),
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	// One connection: SQLite serialises writers anyway, and one connection means no
	// SQLITE_BUSY between our own goroutines.
	sqlDB.SetMaxOpenConns(1)
	if err := db.Exec(memorySecurityOff).Error; err != nil {
		sqlDB.Close()
		return nil, err
	}
	s.db = db
	if err := s.migrate(); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if err := s.absorbAttachmentFiles(); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if err := s.openReaders(abs); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return s, nil
}

// readers is the size of the read-only pool: the window reads a page, the dashboard and
// its charts at once; more would only contend for the two or four cores of an office PC.
const readers = 4

// openReaders opens the read-only pool, once the migrations have made the schema current.
// _query_only makes a write through it fail loudly instead of taking the write lock.
func (s *Store) openReaders(abs string) error {
	ro, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: readerDriver, DSN: fileURI(abs, keyParam(s.key)+"mode=ro&_busy_timeout=10000&_query_only=1")}), &gorm.Config{
		TranslateError: true,
		Logger:         logger.Default.LogMode(logger.Silent),
	})
	if err != nil {
		return fmt.Errorf("open %s for reading: %w", abs, err)
	}
	pool, err := ro.DB()
	if err != nil {
		return err
	}
	pool.SetMaxOpenConns(readers)
	pool.SetMaxIdleConns(readers)
	if err := pool.Ping(); err != nil {
		pool.Close()
		return fmt.Errorf("open %s for reading: %w", abs, err)
	}
	s.ro = ro
	return nil
}

// reader is the read-only pool as database/sql, for the hot paths that scan by hand.
func (s *Store) reader() (*sql.DB, error) { return s.ro.DB() }

// Path is the database file's absolute path (a PostgreSQL database's URL without its
// password).
func (s *Store) Path() string { return s.path }

// Close closes the database and gives back its lock.
func (s *Store) Close() error {
	defer s.lock.Release()
	defer clear(s.key) // after the pools, which opened their connections with it
	if s.ro != nil {
		if pool, err := s.ro.DB(); err == nil {
			pool.Close()
		}
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// precheck inspects an existing file before anything writes to it, and refuses one we
// must not touch: not SQLite, another program's database, one written by a newer
// Privacy Desk, or one that fails SQLite's check. It reads through SQLite's normal
// locking and the WAL, so a file another process is writing to is read as that process
// committed it, never mistaken for a damaged one; only a file SQLite itself reports as
// corrupt is called damaged. The full quick_check runs only when it can find something:
// when the WAL file is there (a process has the database open, or the last one did not
// close it cleanly) or when an upgrade is about to write to the file; opening a healthy,
// cleanly closed database costs the same at 300,000 requests as at 10.
func precheck(path string, key []byte) error {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return backend.Errorf(backend.EINVALID, "Cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		return backend.Errorf(backend.EINVALID, "%s is a folder, not a database file.", path)
	}
	if st.Size() == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return backend.Errorf(backend.EINVALID, "Cannot read %s: %v", path, err)
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	plain := err == nil && bytes.Equal(head, sqliteHeader)
	switch {
	case plain && key != nil:
		return backend.Errorf(backend.ECONFLICT, "%s is not encrypted yet: an administrator's sign-in encrypts it. It was left untouched.", path)
	case !plain && key == nil && err == nil:
		return backend.Errorf(backend.EINVALID, "%s is encrypted (or is not a SQLite file): sign in to open it. It was left untouched.", path)
	case !plain && key == nil:
		return backend.Errorf(backend.EINVALID, "%s is not a Privacy Desk database (it is not a SQLite file). It was left untouched.", path)
	}
	db, err := sql.Open("sqlite3", fileURI(path, keyParam(key)+"mode=ro&_busy_timeout=10000"))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var tables int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type='table'").Scan(&tables); err != nil {
		if key != nil && isCorrupt(err) {
			return backend.Errorf(backend.EINVALID, "The key does not open %s (or it is damaged). It was left untouched.", path)
		}
		return readRefusal(path, err)
	}
	if tables == 0 {
		return nil
	}
	var version int
	// coalesce: a first start killed after schema_version was created and before the
	// first migration committed leaves the table empty; that file is ours, at version 0.
	if err := db.QueryRow("SELECT coalesce(max(version), 0) FROM schema_version").Scan(&version); err != nil {
		if isCorrupt(err) || isBusy(err) {
			return readRefusal(path, err)
		}
		return backend.Errorf(backend.EINVALID, "%s is a SQLite database of another program, not Privacy Desk. It was left untouched.", path)
	}
	latest := len(migrations())
	if version > latest {
		return backend.Errorf(backend.ECONFLICT, "%s was written by a newer version of Privacy Desk (database version %d; this version knows up to %d). Update Privacy Desk to open it. It was left untouched.", path, version, latest)
	}
	if _, err := os.Stat(path + "-wal"); err == nil || version < latest {
		var check string
		if err := db.QueryRow("PRAGMA quick_check").Scan(&check); err != nil {
			return readRefusal(path, err)
		}
		if check != "ok" {
			return backend.Errorf(backend.EINVALID, "%s is damaged (%s). It was left untouched; restore it from a backup.", path, check)
		}
	}
	return nil
}

// readRefusal explains why the file could not be read: a busy file is not a damaged one,
// and only SQLite's own word that the file is corrupt leads to the advice to restore.
func readRefusal(path string, err error) error {
	switch {
	case isBusy(err):
		return backend.Errorf(backend.ECONFLICT, "%s is busy: another program holds it locked (%v). Try again in a moment; nothing was changed.", path, err)
	case isCorrupt(err):
		return backend.Errorf(backend.EINVALID, "%s is damaged (%v). It was left untouched; restore it from a backup.", path, err)
	}
	return backend.Errorf(backend.EINVALID, "%s could not be read (%v). It was left untouched.", path, err)
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

func isCorrupt(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}

// IntegrityCheck runs SQLite's full integrity_check, on demand (Settings, the command
// line's check): every page and every index entry. It returns nil for a healthy file.
// A PostgreSQL server checks its own pages (data checksums, amcheck): nothing to do here.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	if s.dialect == postgresDialect {
		return nil
	}
	rows, err := s.db.WithContext(ctx).Raw("PRAGMA integrity_check").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return backend.Errorf(backend.EINVALID, "%s fails SQLite's integrity check: %s. Restore it from a backup.", s.path, strings.Join(problems, "; "))
	}
	return nil
}
