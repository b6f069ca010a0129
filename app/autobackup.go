package main

import (
	"context"
	"errors"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/export"
)

// Automatic backups (see package backup): the run starts in the background after
// startup, as a job the window can follow, and its outcome is told as the "backup:auto"
// event and through AutoBackupStatus for a window that was not listening yet.

// runAutoBackup makes today's automatic backup when it is due and reports what happened.
func (s *ExportService) runAutoBackup(ctx context.Context) backup.AutoBackupStatus {
	st, err := s.d.open()
	if err != nil {
		return s.setAuto(backup.AutoBackupStatus{State: "off", Message: "The database is not open."})
	}
	return s.setAuto(backup.New(st, version).RunAuto(ctx, func(running backup.AutoBackupStatus) { s.setAuto(running) },
		func(folder string, work func(context.Context) (string, error)) (string, error) {
			j := s.start("autobackup", "Automatic backup", folder, func(ctx context.Context, _ export.Progress) (any, error) {
				return work(ctx)
			})
			done := s.wait(j.ID)
			switch {
			case done.State == "done":
				path, _ := done.Result.(string)
				return path, nil
			case done.Error != nil:
				return "", backend.Errorf(done.Error.Code, "%s", done.Error.Message)
			}
			return "", errors.New("the automatic backup ended as " + done.State)
		}))
}

func (s *ExportService) setAuto(st backup.AutoBackupStatus) backup.AutoBackupStatus {
	s.mu.Lock()
	s.auto = st
	s.mu.Unlock()
	if st.State != "running" {
		s.emit("backup:auto", st)
	}
	return st
}

// AutoBackupStatus tells what became of today's automatic backup.
func (s *ExportService) AutoBackupStatus() (backup.AutoBackupStatus, error) {
	if err := s.d.guard(); err != nil {
		return backup.AutoBackupStatus{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.auto.State == "" {
		return backup.AutoBackupStatus{State: "off"}, nil
	}
	return s.auto, nil
}
