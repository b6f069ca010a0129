package command

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"privacydesk/backend"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
)

func init() {
	register(command{name: "migrate", summary: "copy the whole practice into an empty database: a SQLite file or a postgres:// URL, either way", run: runMigrate})
}

// runMigrate copies everything one database holds into another, empty one (storage's
// CopyTo: one transaction, then the counts and the audit trail checked), so a practice
// moves from its file to a PostgreSQL server, or back.
func runMigrate(c *cli, args []string) error {
	fs := c.flags("migrate", "migrate --from FILE|URL --to FILE|URL")
	from := fs.String("from", "", "the database to copy: a SQLite file or postgres://USER@HOST:PORT/DB (default: --db)")
	to := fs.String("to", "", "the empty database to copy it into: a SQLite file (created) or postgres://...")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *to == "" {
		return usagef("--to FILE|URL is required")
	}
	if *from != "" {
		c.dbPath = *from
	}
	// The account signs in to the practice it copies; the empty database gets the
	// practice's own accounts with the copy.
	src, err := c.openStore()
	if err != nil {
		return err
	}
	dest, err := openDestination(src, *to)
	if err != nil {
		return err
	}
	defer func() {
		dest.Close()
		storage.Forget(dest.Path()) // the copy's key, unlocked here, goes with the command
	}()
	dest.Now, dest.Actor = src.Now, src.Actor
	rep, err := src.CopyTo(context.Background(), dest)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Copied %s into %s: %d requests, %d vendors, %d letters, %d attachments and %d audit events; the copy's audit trail verifies and ends at the original's.\nEvents: %d  Head: %s\n",
		src.Path(), dest.Path(), rep.Rows["requests"], rep.Rows["vendors"], rep.Rows["letters"], rep.Rows["attachments"], rep.Rows["audit_events"],
		rep.Head.Events, rep.Head.Hash)
	return nil
}

// openDestination opens the database a migration copies into. A SQLite file that an
// encrypted practice is copied into is encrypted with the practice's data key, and the
// practice's keyring is written beside it first, so the copy is never readable on disk
// and opens for the same accounts and the same recovery key. A PostgreSQL database is
// the server's to encrypt.
func openDestination(src *storage.Store, to string) (*storage.Store, error) {
	if storage.IsPostgresURL(to) || !src.Encrypted() {
		return storage.Open(to)
	}
	if keyring.Exists(to) {
		return nil, backend.Invalid("to", "%s has a keyring already: migrate copies only into an empty database.", to)
	}
	if _, err := os.Stat(to); err == nil {
		return nil, backend.Invalid("to", "%s exists already: migrate copies only into an empty database.", to)
	}
	f, err := keyring.Load(src.Path())
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return nil, backend.Invalid("to", "Cannot create the folder %s: %v", filepath.Dir(to), err)
	}
	if err := f.Save(to); err != nil {
		return nil, err
	}
	key := src.DataKey()
	defer clear(key) // the new store keeps its own copy
	dest, err := storage.OpenKeyed(to, key)
	if err != nil {
		os.Remove(keyring.Path(to))
		return nil, err
	}
	return dest, nil
}
