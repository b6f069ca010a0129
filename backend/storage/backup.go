package storage

import (
	"context"
	"path/filepath"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/export"
)

// BackupOptions tune Backup.
type BackupOptions struct {
	Passphrase string // age scrypt encryption when not ""
	AppVersion string
	Progress   export.Progress
}

// backupSource describes this database for the backup package. Either snapshot is
// consistent while the app runs (one read transaction through the store's own
// connection) and a page copy, as fast as a file copy.
func (s *Store) backupSource(appVersion string) (backup.Source, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return backup.Source{}, err
	}
	p, err := s.GetPractice()
	if err != nil {
		return backup.Source{}, err
	}
	counts := map[string]int64{}
	for key, table := range map[string]string{"requests": "requests", "vendors": "vendors", "attachments": "attachments", "auditEvents": "audit_events"} {
		var n int64
		if err := s.db.Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
			return backup.Source{}, err
		}
		counts[key] = n
	}
	src := backup.Source{Snapshot: backup.OnlineBackup(sqlDB), AttachmentsDir: s.AttachmentsDir(), AppVersion: appVersion,
		SchemaVersion: SchemaVersion(), PracticeName: p.Name, Counts: counts}
	// The database file itself goes into the archive, made consistent under the store's
	// one connection (backup.LiveFile): the backup then costs about one file copy. The
	// online backup API is the fallback.
	src.SnapshotStream = backup.LiveFile(sqlDB, s.path)
	return src, nil
}

// Backup writes the database and every attachment into one file at out (see package
// backup) and records it in the audit trail.
func (s *Store) Backup(ctx context.Context, out string, opt BackupOptions) (*backup.Manifest, error) {
	src, err := s.backupSource(opt.AppVersion)
	if err != nil {
		return nil, err
	}
	// The audit event goes in first, so the backup holds the record of its own making.
	if err := s.RecordEvent("backup", filepath.Base(out), "backup", map[string]any{"file": out,
		"encrypted": opt.Passphrase != "", "counts": src.Counts}); err != nil {
		return nil, err
	}
	src.Counts["auditEvents"]++
	return backup.Create(ctx, out, src, backup.Options{Passphrase: opt.Passphrase, Now: s.Now, Progress: opt.Progress})
}

// AutoBackup makes today's automatic backup in the practice's backup folder unless it
// exists (the first start of each day), then keeps the newest BackupKeep. made is false
// when there was nothing to do (no folder set, or already done today).
func (s *Store) AutoBackup(ctx context.Context, appVersion string) (path string, made bool, err error) {
	p, err := s.GetPractice()
	if err != nil || p.BackupFolder == "" {
		return "", false, err
	}
	today, err := s.Today()
	if err != nil {
		return "", false, err
	}
	if backup.DailyDone(p.BackupFolder, today) {
		return "", false, nil
	}
	src, err := s.backupSource(appVersion)
	if err != nil {
		return "", false, err
	}
	if err := s.RecordEvent("backup", backup.DailyName(today), "auto-backup", map[string]any{"folder": p.BackupFolder, "counts": src.Counts}); err != nil {
		return "", false, err
	}
	src.Counts["auditEvents"]++
	return backup.Daily(ctx, p.BackupFolder, p.BackupKeep, today, src, backup.Options{Now: s.Now})
}

// PreviewBackup checks a backup file fully and tells what it holds.
func PreviewBackup(ctx context.Context, file, passphrase string) (*backup.Info, error) {
	return backup.Preview(ctx, file, passphrase)
}

// Restore puts the backup in file at dbPath (a new path or the current database, which
// must be closed) with its attachments beside it, after checking it fully; a refused
// backup changes nothing. The restored database is opened, migrated to this version,
// and the restore is recorded in its audit trail.
func Restore(ctx context.Context, file, passphrase, dbPath string, actor backend.Actor, progress export.Progress) (*backup.Restored, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, err
	}
	res, err := backup.Restore(ctx, file, passphrase, backup.Target{DBPath: abs,
		AttachmentsDir: filepath.Join(filepath.Dir(abs), "attachments"), MaxSchemaVersion: SchemaVersion()}, progress)
	if err != nil {
		return nil, err
	}
	s, err := Open(abs)
	if err != nil {
		return res, err
	}
	defer s.Close()
	s.Actor = actor
	err = s.RecordEvent("backup", filepath.Base(file), "restore", map[string]any{"file": file, "createdAt": res.CreatedAt,
		"practice": res.PracticeName, "counts": res.Counts, "setAside": res.SetAside})
	return res, err
}
