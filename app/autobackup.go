package main

import (
	"context"
	"log/slog"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/export"
)

// Automatic backups: on the first start of each day, when Settings name a
// backup folder, the app writes privacydesk-YYYY-MM-DD.pdbackup there and keeps the
// newest Practice.BackupKeep of them. It runs in the background after startup and
// never holds the window up; a failure is logged and told to the person.

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

// autoBackupDue decides whether this start must write the automatic backup: only when a
// folder is set and the folder does not yet hold today's file (today in the practice's
// time zone), which makes it the first start of the day.
func autoBackupDue(p backend.Practice, today backend.Date) (bool, AutoBackupStatus) {
	st := AutoBackupStatus{Folder: p.BackupFolder, Keep: p.BackupKeep}
	if p.BackupFolder == "" {
		st.State, st.Message = "off", "Automatic backups are off: choose a backup folder in Settings."
		return false, st
	}
	st.File = backup.DailyName(today)
	if backup.DailyDone(p.BackupFolder, today) {
		st.State, st.Message = "done-today", "Today's automatic backup is already in "+p.BackupFolder+"."
		return false, st
	}
	return true, st
}

// runAutoBackup makes today's automatic backup when it is due and reports what happened
// (also as the "backup:auto" event, and through AutoBackupStatus for a window that was
// not listening yet).
func (s *ExportService) runAutoBackup(ctx context.Context) AutoBackupStatus {
	st, err := s.d.open()
	if err != nil {
		return s.setAuto(AutoBackupStatus{State: "off", Message: "The database is not open."})
	}
	p, err := st.GetPractice()
	if err != nil {
		slog.Error("automatic backup: practice not read", "err", err)
		return s.setAuto(AutoBackupStatus{State: "failed", Message: "The automatic backup was not made: " + backend.ErrorMessage(err)})
	}
	today, err := st.Today()
	if err != nil {
		slog.Error("automatic backup: no date", "err", err)
		return s.setAuto(AutoBackupStatus{State: "failed", Message: "The automatic backup was not made: " + backend.ErrorMessage(err)})
	}
	due, status := autoBackupDue(p, today)
	if !due {
		return s.setAuto(status)
	}
	status.State = "running"
	s.setAuto(status)
	j := s.start("autobackup", "Automatic backup", p.BackupFolder, func(ctx context.Context, _ export.Progress) (any, error) {
		path, _, err := st.AutoBackup(ctx, version)
		return path, err
	})
	done := s.wait(j.ID)
	switch done.State {
	case "done":
		status.State = "made"
		if path, ok := done.Result.(string); ok && path != "" {
			status.File = path
		}
		status.Message = "Today's automatic backup was written to " + status.File + "."
		slog.Info("automatic backup made", "file", status.File, "keep", p.BackupKeep)
	default:
		status.State = "failed"
		msg := "unknown error"
		if done.Error != nil {
			msg = done.Error.Message
		}
		status.Message = "The automatic backup to " + p.BackupFolder + " failed: " + msg
		slog.Error("automatic backup failed", "folder", p.BackupFolder, "err", msg)
	}
	return s.setAuto(status)
}

func (s *ExportService) setAuto(st AutoBackupStatus) AutoBackupStatus {
	s.mu.Lock()
	s.auto = st
	s.mu.Unlock()
	if st.State != "running" {
		s.emit("backup:auto", st)
	}
	return st
}

// AutoBackupStatus tells what became of today's automatic backup.
func (s *ExportService) AutoBackupStatus() AutoBackupStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.auto.State == "" {
		return AutoBackupStatus{State: "off"}
	}
	return s.auto
}
