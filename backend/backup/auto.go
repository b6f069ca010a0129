package backup

import (
	"context"
	"log/slog"

	"privacydesk/backend"
)

// Automatic backups: on the first start of each day, when Settings name a backup folder,
// the app writes privacydesk-YYYY-MM-DD.pdbackup there (the practice's date) and keeps
// the newest Practice.BackupKeep of them. The app runs it in the background after
// startup and never holds the window up; a failure is logged and told to the person.

// AutoBackupStatus is what became of today's automatic backup.
type AutoBackupStatus struct {
	// State is "off" (no folder set), "done-today" (today's file was already there),
	// "running", "made" or "failed".
	State   string `json:"state"`
	Folder  string `json:"folder"`
	File    string `json:"file"`
	Keep    int    `json:"keep"`
	Message string `json:"message"`
}

// AutoDue decides whether this start must write the automatic backup: only when a
// folder is set and the folder does not yet hold today's file (today in the practice's
// time zone), which makes it the first start of the day. The status tells why not.
func AutoDue(p backend.Practice, today backend.Date) (bool, AutoBackupStatus) {
	st := AutoBackupStatus{Folder: p.BackupFolder, Keep: p.BackupKeep}
	if p.BackupFolder == "" {
		st.State, st.Message = "off", "Automatic backups are off: choose a backup folder in Settings."
		return false, st
	}
	st.File = DailyName(today)
	if DailyDone(p.BackupFolder, today) {
		st.State, st.Message = "done-today", "Today's automatic backup is already in "+p.BackupFolder+"."
		return false, st
	}
	return true, st
}

// Auto makes today's automatic backup in the practice's backup folder unless it exists
// (the first start of each day), then keeps the newest BackupKeep. made is false when
// there was nothing to do (no folder set, or already done today).
func (s *Service) Auto(ctx context.Context) (path string, made bool, err error) {
	if err := s.open(); err != nil {
		return "", false, err
	}
	p, err := s.st.GetPractice()
	if err != nil || p.BackupFolder == "" {
		return "", false, err
	}
	today, err := s.st.Today()
	if err != nil {
		return "", false, err
	}
	if DailyDone(p.BackupFolder, today) {
		return "", false, nil
	}
	src, err := s.source(ctx)
	if err != nil {
		return "", false, err
	}
	// Encrypted to the recovery key: nobody types anything. Without one it is refused
	// (a failed automatic backup, told in the window and the log), never made in clear.
	recipient, err := s.recipient(ctx)
	if err != nil {
		return "", false, err
	}
	if err := s.st.RecordEvent("backup", DailyName(today), "auto-backup", map[string]any{"folder": p.BackupFolder,
		"counts": src.Counts, "encrypted": true}); err != nil {
		return "", false, err
	}
	src.Counts["auditEvents"]++
	if src.AuditHead, err = s.auditHead(); err != nil {
		return "", false, err
	}
	return Daily(ctx, p.BackupFolder, p.BackupKeep, today, src, Options{Now: s.st.Now, Recipient: recipient})
}

// RunAuto makes today's automatic backup when it is due and tells what became of it.
// running, when not nil, is told the "running" status before the backup starts. run,
// when not nil, runs the backup (the app makes it a job the window can follow) and
// returns what work returned; nil runs work at once.
func (s *Service) RunAuto(ctx context.Context, running func(AutoBackupStatus),
	run func(folder string, work func(context.Context) (string, error)) (string, error)) AutoBackupStatus {
	if err := s.open(); err != nil {
		return AutoBackupStatus{State: "off", Message: "The database is not open."}
	}
	p, err := s.st.GetPractice()
	if err != nil {
		slog.Error("automatic backup: practice not read", "err", err)
		return AutoBackupStatus{State: "failed", Message: "The automatic backup was not made: " + backend.ErrorMessage(err)}
	}
	today, err := s.st.Today()
	if err != nil {
		slog.Error("automatic backup: no date", "err", err)
		return AutoBackupStatus{State: "failed", Message: "The automatic backup was not made: " + backend.ErrorMessage(err)}
	}
	due, status := AutoDue(p, today)
	if !due {
		return status
	}
	status.State = "running"
	if running != nil {
		running(status)
	}
	work := func(ctx context.Context) (string, error) {
		path, _, err := s.Auto(ctx)
		return path, err
	}
	var path string
	if run != nil {
		path, err = run(p.BackupFolder, work)
	} else {
		path, err = work(ctx)
	}
	if err != nil {
		status.State = "failed"
		msg := backend.ErrorMessage(err)
		status.Message = "The automatic backup to " + p.BackupFolder + " failed: " + msg
		slog.Error("automatic backup failed", "folder", p.BackupFolder, "err", err)
		return status
	}
	status.State = "made"
	if path != "" {
		status.File = path
	}
	status.Message = "Today's automatic backup was written to " + status.File + "."
	slog.Info("automatic backup made", "file", status.File, "keep", p.BackupKeep)
	return status
}
