package main

import (
	"context"
	"path/filepath"
	"strings"

	"privacydesk/app/internal/command"
	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/export"
)

// Backups and restore, for ExportService (svc_exports.go): adapters of package backup.

// Backup asks where to save, then starts a backup of the database and every attachment
// (encrypted with passphrase when it is not "").
func (s *ExportService) Backup(passphrase string) (ExportStart, error) {
	if err := backup.CheckPassphrase(passphrase); err != nil {
		return ExportStart{}, toUI(err)
	}
	st, err := s.d.open()
	if err != nil {
		return ExportStart{}, toUI(err)
	}
	name, err := backup.New(st, version).DefaultName(context.Background())
	if err != nil {
		return ExportStart{}, toUI(err)
	}
	path, err := s.saveDialog("Save a backup", name, fileFilters["pdbackup"])
	if err != nil || path == "" {
		return ExportStart{}, toUI(err)
	}
	j, err := s.BackupTo(path, passphrase)
	if err != nil {
		return ExportStart{}, err
	}
	return ExportStart{Started: true, Job: &j}, nil
}

// BackupTo starts a backup into the file at path; the job's result is a
// backup.BackupResult.
func (s *ExportService) BackupTo(path, passphrase string) (Job, error) {
	if err := s.d.guard(); err != nil {
		return Job{}, err
	}
	path = strings.TrimSpace(path)
	if path == "" {
		return Job{}, toUI(backend.Invalid("out", "Choose the file to write."))
	}
	if err := backup.CheckPassphrase(passphrase); err != nil {
		return Job{}, toUI(err)
	}
	st, err := s.d.open()
	if err != nil {
		return Job{}, toUI(err)
	}
	svc := backup.New(st, version)
	if !filepath.IsAbs(path) {
		name, _ := svc.DefaultName(context.Background())
		return Job{}, toUI(backend.Invalid("out", "Give the full path of the file (for example %s).", filepath.Join(defaultFolder(), name)))
	}
	return s.start("backup", "Backup", path, func(ctx context.Context, progress export.Progress) (any, error) {
		return svc.Backup(ctx, path, passphrase, progress)
	}), nil
}

// ChooseBackupFile asks for a backup file to restore; "" when the person cancelled.
func (s *ExportService) ChooseBackupFile() (string, error) {
	if err := s.d.guard(); err != nil {
		return "", err
	}
	return wrap(s.openDialog("Choose a backup to restore", fileFilters["pdbackup"]))
}

// RestorePreview checks the backup at path fully and tells what it holds; a damaged,
// foreign or wrongly decrypted file is refused with a sentence saying why.
func (s *ExportService) RestorePreview(path, passphrase string) (backup.BackupPreview, error) {
	if err := s.d.guard(); err != nil {
		return backup.BackupPreview{}, err
	}
	st, _ := s.d.open() // nil when no database is open: the preview then has no comparison
	return wrap(backup.New(st, version).Preview(context.Background(), path, passphrase))
}

var errRestoring = backend.Errorf(backend.ECONFLICT, "A backup is being restored. Wait a moment, then try again.")

// Restore starts replacing the current database and attachments with the backup at
// path. The backup is checked fully before anything changes; the previous data is
// renamed aside, never deleted; on any failure the current data stays as it was. The
// window reloads its screens when the job is done; its result is a
// *backup.RestoreResult.
func (s *ExportService) Restore(path, passphrase string) (Job, error) {
	if err := s.d.guard(); err != nil {
		return Job{}, err
	}
	path = strings.TrimSpace(path)
	if path == "" {
		return Job{}, toUI(backend.Invalid("file", "Choose the backup file."))
	}
	if j := s.running(); j != nil {
		return Job{}, toUI(backend.Errorf(backend.ECONFLICT, "Wait for “%s” to finish (or cancel it) before restoring.", j.Label))
	}
	return s.start("restore", "Restore", path, func(ctx context.Context, progress export.Progress) (any, error) {
		return s.restore(ctx, path, passphrase, progress)
	}), nil
}

// restore takes the store from the desk (whose other callers are told a restore is
// under way), lets backup.RestoreOver close it, restore and reopen the database, and
// gives the desk the reopened store.
func (s *ExportService) restore(ctx context.Context, path, passphrase string, progress export.Progress) (*backup.RestoreResult, error) {
	d := s.d
	d.mu.Lock()
	old := d.store
	actor := command.CurrentActor("")
	if old != nil {
		actor = old.Actor
	}
	d.store, d.openErr = nil, errRestoring
	d.mu.Unlock()

	re, res, err := backup.RestoreOver(ctx, old, actor, d.dbPath, path, passphrase, progress)

	d.mu.Lock()
	d.store, d.openErr = re.Store, re.Err
	d.mu.Unlock()
	return res, err
}
