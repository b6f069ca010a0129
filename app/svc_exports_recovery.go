package main

import (
	"context"
	"strings"

	"privacydesk/backend/backup"
)

// The recovery key, for ExportService (svc_exports.go): adapters of package backup.

// RecoveryKey tells whether the practice has a recovery key (the automatic backups are
// then encrypted to it), and its public half.
func (s *ExportService) RecoveryKey() (backup.RecoveryKeyStatus, error) {
	st, err := s.d.open()
	if err != nil {
		return backup.RecoveryKeyStatus{}, toUI(err)
	}
	return wrap(backup.New(st, version).RecoveryKey(context.Background()))
}

// RecoveryKeyCreated is what CreateRecoveryKey did: Saved is false when the person
// cancelled the dialog.
type RecoveryKeyCreated struct {
	Saved bool                      `json:"saved"`
	Key   *backup.RecoveryKeyResult `json:"key"`
}

// CreateRecoveryKey asks where to save the new recovery key, makes it with its one-page
// PDF beside it (same name, .pdf) and returns it, the secret included, to show once.
func (s *ExportService) CreateRecoveryKey(replace bool) (RecoveryKeyCreated, error) {
	path, err := s.saveDialog("Save the recovery key", "privacydesk-recovery-key.txt")
	if err != nil || path == "" {
		return RecoveryKeyCreated{}, toUI(err)
	}
	k, err := s.CreateRecoveryKeyTo(path, strings.TrimSuffix(path, ".txt")+".pdf", replace)
	if err != nil {
		return RecoveryKeyCreated{}, err
	}
	return RecoveryKeyCreated{Saved: true, Key: &k}, nil
}

// CreateRecoveryKeyTo makes the recovery key into keyPath (a new file) and, when pdfPath
// is not "", the one-page PDF with instructions; the app keeps only the public half.
func (s *ExportService) CreateRecoveryKeyTo(keyPath, pdfPath string, replace bool) (backup.RecoveryKeyResult, error) {
	st, err := s.d.open()
	if err != nil {
		return backup.RecoveryKeyResult{}, toUI(err)
	}
	return wrap(backup.New(st, version).CreateRecoveryKey(context.Background(), keyPath, pdfPath, replace))
}
