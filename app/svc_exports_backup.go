package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

// Backups and restore, for ExportService (svc_exports.go).

// minBackupPassphrase is the shortest passphrase a backup takes. age derives the key
// with scrypt, which makes each guess slow, but a backup holds every patient's request:
// a short passphrase is still refused.
const minBackupPassphrase = 8

func checkBackupPassphrase(p string) error {
	if p != "" && len([]rune(p)) < minBackupPassphrase {
		return backend.Invalid("passphrase", "Use a passphrase of at least %d characters, or none.", minBackupPassphrase)
	}
	return nil
}

// BackupResult is what a finished backup job reports.
type BackupResult struct {
	File         string           `json:"file"`
	PracticeName string           `json:"practiceName"`
	CreatedAt    string           `json:"createdAt"`
	Counts       map[string]int64 `json:"counts"`
	Encrypted    bool             `json:"encrypted"`
}

// defaultBackupName is the name the save dialog proposes.
func (s *ExportService) defaultBackupName() string {
	return "privacydesk-backup-" + s.practiceToday().String() + backup.Extension
}

// Backup asks where to save, then starts a backup of the database and every attachment
// (encrypted with passphrase when it is not "").
func (s *ExportService) Backup(passphrase string) (ExportStart, error) {
	if err := checkBackupPassphrase(passphrase); err != nil {
		return ExportStart{}, toUI(err)
	}
	if _, err := s.d.open(); err != nil {
		return ExportStart{}, toUI(err)
	}
	path, err := s.saveDialog("Save a backup", s.defaultBackupName(), fileFilters["pdbackup"])
	if err != nil || path == "" {
		return ExportStart{}, toUI(err)
	}
	j, err := s.BackupTo(path, passphrase)
	if err != nil {
		return ExportStart{}, err
	}
	return ExportStart{Started: true, Job: &j}, nil
}

// BackupTo starts a backup into the file at path.
func (s *ExportService) BackupTo(path, passphrase string) (Job, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return Job{}, toUI(backend.Invalid("out", "Choose the file to write."))
	}
	if !filepath.IsAbs(path) {
		return Job{}, toUI(backend.Invalid("out", "Give the full path of the file (for example %s).", filepath.Join(defaultFolder(), s.defaultBackupName())))
	}
	if err := checkBackupPassphrase(passphrase); err != nil {
		return Job{}, toUI(err)
	}
	st, err := s.d.open()
	if err != nil {
		return Job{}, toUI(err)
	}
	return s.start("backup", "Backup", path, func(ctx context.Context, progress export.Progress) (any, error) {
		m, err := st.Backup(ctx, path, storage.BackupOptions{Passphrase: passphrase, AppVersion: version, Progress: progress})
		if err != nil {
			return nil, err
		}
		return BackupResult{File: path, PracticeName: m.PracticeName, CreatedAt: m.CreatedAt.Format("2006-01-02T15:04:05Z"),
			Counts: m.Counts, Encrypted: passphrase != ""}, nil
	}), nil
}

// ChooseBackupFile asks for a backup file to restore; "" when the person cancelled.
func (s *ExportService) ChooseBackupFile() (string, error) {
	return wrap(s.openDialog("Choose a backup to restore", fileFilters["pdbackup"]))
}

// BackupPreview is what the restore dialog shows before the person confirms.
type BackupPreview struct {
	File          string           `json:"file"`
	Name          string           `json:"name"`
	Size          int64            `json:"size"`
	Encrypted     bool             `json:"encrypted"`
	PracticeName  string           `json:"practiceName"`
	CreatedAt     string           `json:"createdAt"` // RFC 3339, UTC
	AppVersion    string           `json:"appVersion"`
	SchemaVersion int              `json:"schemaVersion"`
	Counts        map[string]int64 `json:"counts"`
	Files         int              `json:"files"`
	// Integrity says what was checked: every member's SHA-256 and SQLite's quick_check.
	Integrity string `json:"integrity"`
	// Current is what the open database holds now, for comparison.
	Current map[string]int64 `json:"current"`
}

// RestorePreview checks the backup at path fully and tells what it holds; a damaged,
// foreign or wrongly decrypted file is refused with a sentence saying why.
func (s *ExportService) RestorePreview(path, passphrase string) (BackupPreview, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return BackupPreview{}, toUI(backend.Invalid("file", "Choose the backup file."))
	}
	info, err := storage.PreviewBackup(context.Background(), path, passphrase)
	if err != nil {
		return BackupPreview{}, toUI(err)
	}
	pv := BackupPreview{File: path, Name: filepath.Base(path), Size: info.Size, Encrypted: info.Encrypted,
		PracticeName: info.PracticeName, CreatedAt: info.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		AppVersion: info.AppVersion, SchemaVersion: info.SchemaVersion, Counts: info.Counts, Files: len(info.Files),
		Integrity: integrityText(len(info.Files))}
	if pv.Counts == nil {
		pv.Counts = map[string]int64{}
	}
	if st, err := s.d.open(); err == nil {
		pv.Current = currentCounts(st)
	}
	return pv, nil
}

func integrityText(files int) string {
	what := "The file inside matches its SHA-256 checksum"
	if files != 1 {
		what = fmt.Sprintf("All %d files inside match their SHA-256 checksums", files)
	}
	return what + " and the database passed SQLite's integrity check."
}

// currentCounts counts what the open database holds, as a backup's manifest does.
func currentCounts(st *storage.Store) map[string]int64 {
	out := map[string]int64{}
	for key, table := range map[string]string{"requests": "requests", "vendors": "vendors", "attachments": "attachments", "auditEvents": "audit_events"} {
		var n int64
		if err := st.DB().Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err == nil {
			out[key] = n
		}
	}
	return out
}

// RestoreResult is what a finished restore reports.
type RestoreResult struct {
	PracticeName string           `json:"practiceName"`
	CreatedAt    string           `json:"createdAt"`
	Counts       map[string]int64 `json:"counts"`
	// SetAside are the previous database and attachments folder, renamed, not deleted.
	SetAside []string `json:"setAside"`
}

var errRestoring = backend.Errorf(backend.ECONFLICT, "A backup is being restored. Wait a moment, then try again.")

// Restore starts replacing the current database and attachments with the backup at
// path. The backup is checked fully before anything changes; the previous data is
// renamed aside, never deleted; on any failure the current data stays as it was. The
// window reloads its screens when the job is done.
func (s *ExportService) Restore(path, passphrase string) (Job, error) {
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

// restore closes the store, restores into the database path (backup.Restore writes the
// new files beside the old ones, checks them, then swaps them in) and opens the result.
// When the backup is refused nothing was touched and the same database is reopened.
func (s *ExportService) restore(ctx context.Context, path, passphrase string, progress export.Progress) (*RestoreResult, error) {
	d := s.d
	d.mu.Lock()
	old := d.store
	actor := currentActor("")
	if old != nil {
		actor = old.Actor
		if err := old.Close(); err != nil {
			d.mu.Unlock()
			return nil, err
		}
	}
	d.store, d.openErr = nil, errRestoring
	d.mu.Unlock()

	res, err := storage.Restore(ctx, path, passphrase, d.dbPath, actor, progress)

	d.mu.Lock()
	defer d.mu.Unlock()
	st, openErr := storage.Open(d.dbPath)
	if openErr != nil {
		slog.Error("database not reopened after a restore", "path", d.dbPath, "err", openErr, "restoreErr", err)
		d.store, d.openErr = nil, openErr
		if err != nil {
			return nil, err
		}
		return nil, openErr
	}
	if old != nil {
		st.Now = old.Now
	}
	st.Actor = actor
	d.store, d.openErr = st, nil
	if err != nil {
		return nil, err
	}
	out := &RestoreResult{PracticeName: res.PracticeName, CreatedAt: res.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Counts: res.Counts, SetAside: res.SetAside}
	if out.SetAside == nil {
		out.SetAside = []string{}
	}
	slog.Info("backup restored", "file", path, "setAside", res.SetAside)
	return out, nil
}
