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

	"github.com/mattn/go-sqlite3"

	"privacydesk/backend"
)

// The SQLite side of backups: a consistent copy of the live database while the app
// keeps working, the counts a backup's manifest records, and the checks a restored
// database file must pass before it replaces the current one.

// Snapshot writes a consistent copy of the database to dest, a path that does not exist
// yet, with SQLite's online backup API, which copies the database page by page: faster
// than VACUUM INTO on a large file (nothing is rebuilt), and just as consistent (it runs
// in one step, inside one read transaction on the store's one connection).
//
// On a PostgreSQL store the snapshot is the practice copied (CopyTo, in one read-only
// snapshot of the server's) into a new SQLite file at dest, so a backup of either
// engine is the same archive and restores into either. That file is not encrypted by
// SQLCipher (a server's practice has no keyring to open one): it lives only in the
// backup's private folder (0700, locked while the backup runs and removed when it ends,
// or by the next start after a crash) on its way into the archive, which is encrypted
// with the passphrase or to the recovery key.
func (s *Store) Snapshot(ctx context.Context, dest string) error {
	if s.dialect == postgresDialect {
		return s.snapshotToFile(ctx, dest)
	}
	db, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(raw any) error {
		src, ok := raw.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("online backup needs the sqlite3 driver, not %T", raw)
		}
		drv := &sqlite3.SQLiteDriver{}
		// The copy is encrypted with the same key (SQLCipher copies pages only between
		// databases with the same key).
		target := dest
		if s.key != nil {
			target = fileURI(dest, keyParam(s.key))
		}
		dc, err := drv.Open(target)
		if err != nil {
			return err
		}
		dst := dc.(*sqlite3.SQLiteConn)
		defer dst.Close()
		bk, err := dst.Backup("main", src, "main")
		if err != nil {
			return err
		}
		done, err := bk.Step(-1)
		if err != nil {
			bk.Finish()
			return err
		}
		if !done {
			bk.Finish()
			return errors.New("online backup did not finish in one step")
		}
		return bk.Finish()
	})
}

// SnapshotStream streams the database file itself, made consistent, and its size: on
// the store's one connection (so the app cannot write meanwhile) the WAL is checkpointed
// into the file and truncated, then a write transaction is begun (BEGIN IMMEDIATE under
// the store's _txlock), so no other process can write either until the stream is
// closed. The file is then exactly the database, and reading it costs what copying it
// costs. It fails (and the caller falls back to Snapshot) when another process keeps
// the WAL from being checkpointed. Closing the stream releases the transaction.
func (s *Store) SnapshotStream(ctx context.Context) (io.ReadCloser, int64, error) {
	if err := s.fileOnly("A backup"); err != nil {
		return nil, 0, err
	}
	db, err := s.db.DB()
	if err != nil {
		return nil, 0, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, 0, err
	}
	fail := func(err error) (io.ReadCloser, int64, error) {
		conn.Close()
		return nil, 0, err
	}
	var busy, frames, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done); err != nil {
		return fail(err)
	}
	if busy != 0 {
		return fail(errors.New("another program is reading the database; the WAL could not be checkpointed"))
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		tx.Rollback()
		return fail(err)
	}
	if st, err := os.Stat(s.path + "-wal"); err == nil && st.Size() > 0 {
		tx.Rollback()
		return fail(errors.New("the database was written to during the checkpoint"))
	}
	f, err := os.Open(s.path)
	if err != nil {
		tx.Rollback()
		return fail(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		tx.Rollback()
		return fail(err)
	}
	return &liveFile{File: f, release: func() { tx.Rollback(); conn.Close() }}, st.Size(), nil
}

type liveFile struct {
	*os.File
	release func()
}

func (l *liveFile) Close() error {
	err := l.File.Close()
	l.release()
	return err
}

// countedTables are what TableCounts counts, by the name a backup's manifest uses.
var countedTables = map[string]string{"requests": "requests", "vendors": "vendors", "attachments": "attachments", "auditEvents": "audit_events"}

// TableCounts counts what the database holds: "requests", "vendors", "attachments" and
// "auditEvents".
func (s *Store) TableCounts(ctx context.Context) (map[string]int64, error) {
	out := make(map[string]int64, len(countedTables))
	for key, table := range countedTables {
		var n int64
		if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
			return nil, err
		}
		out[key] = n
	}
	return out, nil
}

// openReadOnly opens a SQLite file that nothing else uses, without writing to it. A file
// that is not plain SQLite is tried with the data keys this process unlocked: a backup's
// snapshot of an encrypted database is encrypted with the same key.
func openReadOnly(p string) (*sql.DB, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil {
		return nil, errors.New("is not a SQLite file")
	}
	if bytes.Equal(head, sqliteHeader) {
		return sql.Open("sqlite3", fileURI(p, "mode=ro&immutable=1"))
	}
	keys := unlockedKeys()
	defer clearKeys(keys)
	for _, key := range keys {
		db, err := sql.Open("sqlite3", fileURI(p, keyParam(key)+"mode=ro&immutable=1"))
		if err != nil {
			return nil, err
		}
		var n int
		if db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n) == nil {
			return db, nil
		}
		db.Close()
	}
	return nil, errors.New("is not a SQLite file, or is encrypted with a key this practice does not have")
}

// QuickCheck runs SQLite's quick_check (structure, not every index entry: seconds, not
// minutes, on a large file) on the database file at p, which nothing may have open; it
// does not write to it. The error's text continues a sentence naming the file ("is not
// a SQLite file", "fails SQLite's check: ...").
func QuickCheck(p string) error {
	db, err := openReadOnly(p)
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA quick_check").Scan(&res); err != nil {
		return fmt.Errorf("cannot be read: %v", err)
	}
	if res != "ok" {
		return fmt.Errorf("fails SQLite's check: %s", res)
	}
	return nil
}

// FileSchemaVersion is the migration level of the Privacy Desk database file at p,
// read as QuickCheck reads it, to compare with SchemaVersion(). Its error's text, too,
// continues a sentence naming the file.
func FileSchemaVersion(p string) (int, error) {
	db, err := openReadOnly(p)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("SELECT coalesce(max(version), 0) FROM schema_version").Scan(&v); err != nil {
		return 0, errors.New("is not a Privacy Desk database")
	}
	return v, nil
}

// fileOnly refuses what needs the database as one SQLite file (what, in a sentence) on a
// PostgreSQL store (the streamed snapshot: a backup then falls back to Snapshot).
func (s *Store) fileOnly(what string) error {
	if s.dialect == postgresDialect {
		return backend.Errorf(backend.EINVALID, "%s of a PostgreSQL database is not a stream of its file; Snapshot copies it into one.", what)
	}
	return nil
}

// snapshotToFile writes the practice of s into a new SQLite file at dest (Snapshot of a
// PostgreSQL store).
func (s *Store) snapshotToFile(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("snapshot: %s exists already", dest)
	}
	f, err := OpenKeyed(dest, nil)
	if err != nil {
		return err
	}
	f.Now, f.Actor = s.Now, s.Actor
	if _, err := s.CopyTo(ctx, f); err != nil {
		f.Close()
		return err
	}
	// Close checkpoints the WAL into the file: dest alone is then the database.
	return f.Close()
}

// OpenUnpacked opens the SQLite file at p that a backup was unpacked into, with the data
// key it is encrypted with when this process unlocked one that opens it (the practice's
// own, or the one a recovery key unwrapped for it).
func OpenUnpacked(p string) (*Store, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	if IsEncrypted(abs) && !IsUnlocked(abs) {
		keys := unlockedKeys()
		defer clearKeys(keys)
		for _, key := range keys {
			db, err := sql.Open("sqlite3", fileURI(abs, keyParam(key)+"mode=ro"))
			if err != nil {
				return nil, err
			}
			var n int
			ok := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n) == nil
			db.Close()
			if ok {
				return OpenKeyed(abs, key)
			}
		}
	}
	return OpenKeyed(abs, nil)
}
