package main

import (
	"context"
	"strings"

	"privacydesk/backend"
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
	if err := s.d.guard(); err != nil {
		return RecoveryKeyCreated{}, err
	}
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

// ReadRecoveryKeyFile asks for the recovery key file and returns the key it holds, to
// restore an automatic backup with ("" when the person cancelled); a file that holds
// no recovery key is refused on the "key" field.
func (s *ExportService) ReadRecoveryKeyFile() (string, error) {
	if err := s.d.guard(); err != nil {
		return "", err
	}
	path, err := s.openDialog("Choose the recovery key file")
	if err != nil || path == "" {
		return "", toUI(err)
	}
	return s.ReadRecoveryKeyFrom(path)
}

// ReadRecoveryKeyFrom returns the recovery key in the file at path (ReadRecoveryKeyFile
// without the dialog).
func (s *ExportService) ReadRecoveryKeyFrom(path string) (string, error) {
	if err := s.d.guard(); err != nil {
		return "", err
	}
	text, err := backup.ReadRecoveryKey("key", path)
	if err != nil {
		return "", toUI(err)
	}
	// Only the key line: the comments above it name the practice and the date.
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); backup.IsRecoveryKey(line) {
			return line, nil
		}
	}
	return "", toUI(backend.Invalid("key", "%s holds no recovery key.", path))
}
