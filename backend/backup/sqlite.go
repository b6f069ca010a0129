package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-sqlite3"
)

var sqliteHeader = []byte("SQLite format 3\x00")

// openReadOnly opens a SQLite file that nothing else uses, without writing to it.
func openReadOnly(p string) (*sql.DB, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return nil, errors.New("the database inside is not a SQLite file")
	}
	return sql.Open("sqlite3", "file:"+p+"?mode=ro&immutable=1")
}

// quickCheck runs SQLite's quick_check (structure, not every index entry: seconds, not
// minutes, on a large file).
func quickCheck(p string) error {
	db, err := openReadOnly(p)
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA quick_check").Scan(&res); err != nil {
		return fmt.Errorf("the database inside cannot be read: %v", err)
	}
	if res != "ok" {
		return fmt.Errorf("the database inside fails SQLite's check: %s", res)
	}
	return nil
}

// schemaVersion is the migration level of a Privacy Desk database.
func schemaVersion(p string) (int, error) {
	db, err := openReadOnly(p)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("SELECT coalesce(max(version), 0) FROM schema_version").Scan(&v); err != nil {
		return 0, errors.New("the database inside is not a Privacy Desk database")
	}
	return v, nil
}

// OnlineBackup snapshots with SQLite's online backup API, which copies the database
// page by page: faster than VACUUM INTO on a large file (nothing is rebuilt), and just
// as consistent (it runs in one step, inside one read transaction). db must be a
// database/sql handle of the mattn/go-sqlite3 driver.
func OnlineBackup(db *sql.DB) Snapshot {
	return func(ctx context.Context, dest string) error {
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
			dc, err := drv.Open(dest)
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
}
