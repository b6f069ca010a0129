package backup

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
	"privacydesk/backend/workdir"
)

// RestoreResult is what a finished restore reports.
type RestoreResult struct {
	PracticeName string           `json:"practiceName"`
	CreatedAt    string           `json:"createdAt"` // RFC 3339, UTC
	Counts       map[string]int64 `json:"counts"`
	// SetAside are the previous database and attachments folder, renamed, not deleted.
	SetAside []string `json:"setAside"`
}

// RestoreDB puts the backup in file at dbPath (a new path, or the current database,
// which must be closed) with its attachments in the attachments folder beside it, after
// checking it fully; a refused backup changes nothing. The restored database is opened,
// migrated to this version, and the restore is recorded in its audit trail as done by
// actor.
func RestoreDB(ctx context.Context, file, passphrase, dbPath string, actor backend.Actor, progress export.Progress) (*RestoreResult, error) {
	file = strings.TrimSpace(file)
	if file == "" {
		return nil, backend.Invalid("file", "Choose the backup file.")
	}
	if storage.IsPostgresURL(dbPath) {
		return restoreIntoServer(ctx, file, passphrase, dbPath, actor, progress)
	}
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, err
	}
	res, err := Restore(ctx, file, passphrase, Target{DBPath: abs,
		AttachmentsDir: filepath.Join(filepath.Dir(abs), "attachments"), MaxSchemaVersion: storage.SchemaVersion()}, progress)
	if err != nil {
		return nil, err
	}
	out := &RestoreResult{PracticeName: res.PracticeName, CreatedAt: res.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Counts: res.Counts, SetAside: res.SetAside}
	if out.SetAside == nil {
		out.SetAside = []string{}
	}
	s, err := storage.Open(abs)
	if err != nil {
		return out, err
	}
	defer s.Close()
	s.Actor = actor
	err = s.RecordEvent("backup", filepath.Base(file), "restore", map[string]any{"file": file, "createdAt": res.CreatedAt,
		"practice": res.PracticeName, "counts": res.Counts, "setAside": res.SetAside})
	return out, err
}

// restoreIntoServer is RestoreDB into a PostgreSQL database (url): the backup, of either
// engine, is checked and unpacked as for a file into a private work folder, opened
// (migrated to this version) and copied into the database in one transaction that
// first deletes what the database held (Store.ReplaceInto), then checked as a migrate is
// checked (counts, and the audit trail verified to the backup's head). A refused backup
// or a failed copy leaves the database as it was. The unpacked file is removed after.
func restoreIntoServer(ctx context.Context, file, passphrase, url string, actor backend.Actor, progress export.Progress) (*RestoreResult, error) {
	// A private folder (0700) locked while the restore runs, removed after the unpacked
	// store is closed (the defers run in reverse); a crash leaves it, the next start
	// removes it (RemoveLeftovers).
	work, err := workdir.New("", restoreWork)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot make a private folder to unpack the backup in %s: %v", os.TempDir(), err)
	}
	defer work.Remove()
	unpacked := filepath.Join(work.Path, databaseName)
	defer storage.Forget(unpacked)
	res, err := Restore(ctx, file, passphrase, Target{DBPath: unpacked, AttachmentsDir: filepath.Join(work.Path, "attachments"),
		MaxSchemaVersion: storage.SchemaVersion()}, progress)
	if err != nil {
		return nil, err
	}
	src, err := storage.OpenUnpacked(unpacked)
	if err != nil {
		return nil, damaged(file, "the database inside cannot be opened: "+err.Error())
	}
	defer src.Close()
	dest, err := storage.Open(url)
	if err != nil {
		return nil, err
	}
	defer dest.Close()
	if _, err := src.ReplaceInto(ctx, dest); err != nil {
		return nil, err
	}
	dest.Actor = actor
	out := &RestoreResult{PracticeName: res.PracticeName, CreatedAt: res.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Counts: res.Counts, SetAside: []string{}}
	err = dest.RecordEvent("backup", filepath.Base(file), "restore", map[string]any{"file": file, "createdAt": res.CreatedAt,
		"practice": res.PracticeName, "counts": res.Counts, "setAside": out.SetAside})
	return out, err
}

// Reopened is the store open on the database path after RestoreOver.
type Reopened struct {
	// Store is nil when the database cannot be opened; Err says why.
	Store *storage.Store
	Err   error
}

// RestoreOver replaces the database at dbPath, open as old (nil when it is not open),
// with the backup in file: it closes old, restores (RestoreDB: the new files are written
// beside the old ones, checked, then swapped in, the old ones renamed aside), and opens
// dbPath again whether or not the backup was accepted; when it was refused nothing was
// touched and the same database is reopened. The reopened store keeps old's clock and
// works as actor, who is also recorded as having restored. When old cannot be closed
// nothing is restored and old is returned as it is.
func RestoreOver(ctx context.Context, old *storage.Store, actor backend.Actor, dbPath, file, passphrase string, progress export.Progress) (Reopened, *RestoreResult, error) {
	if old != nil {
		if err := old.Close(); err != nil {
			return Reopened{Store: old}, nil, err
		}
	}
	res, err := RestoreDB(ctx, file, passphrase, dbPath, actor, progress)
	st, openErr := storage.Open(dbPath)
	if openErr != nil {
		slog.Error("database not reopened after a restore", "path", dbPath, "err", openErr, "restoreErr", err)
		if err == nil {
			err = openErr
		}
		return Reopened{Err: openErr}, nil, err
	}
	if old != nil {
		st.Now = old.Now
	}
	st.Actor = actor
	if err != nil {
		return Reopened{Store: st}, nil, err
	}
	slog.Info("backup restored", "file", file, "setAside", res.SetAside)
	return Reopened{Store: st}, res, nil
}
