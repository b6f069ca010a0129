package main

import (
	"context"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/storage"
)

// AppService answers what the shell needs: version, where the data lives, whether the
// database opened, the staff name, and loading the example practice.
type AppService struct{ d *desk }

func (s *AppService) startup(_ context.Context, d *desk) { s.d = d }

// AppInfo describes the running app for the About box and the shell.
type AppInfo struct {
	Version       string `json:"version"`
	DataDir       string `json:"dataDir"`
	DBPath        string `json:"dbPath"`
	SchemaVersion int    `json:"schemaVersion"`
	OpenError     string `json:"openError"` // set when the database was refused
	Staff         string `json:"staff"`
	Disclaimer    string `json:"disclaimer"`
}

// Info returns the app's version, data folder and database status.
func (s *AppService) Info() AppInfo {
	info := AppInfo{Version: version, DataDir: s.d.dataDir, DBPath: s.d.dbPath, SchemaVersion: storage.SchemaVersion(),
		Disclaimer: "Privacy Desk computes deadlines from the rules it encodes and cites them; it does not give legal advice."}
	if s.d.openErr != nil {
		info.OpenError = backend.ErrorMessage(s.d.openErr)
		if backend.ErrorCode(s.d.openErr) == backend.EINTERNAL {
			info.OpenError = "The database could not be opened: " + s.d.openErr.Error()
		}
	}
	if s.d.store != nil {
		info.Staff = s.d.store.Actor.Staff
	}
	return info
}

// SetStaff records who is working, for the audit trail.
func (s *AppService) SetStaff(name string) error {
	if err := backend.ValidateText("staff", name, 200, false); err != nil {
		return toUI(err)
	}
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	st.Actor.Staff = name
	return nil
}

// LoadExample loads the example practice (Sessions, Inc.).
func (s *AppService) LoadExample() (demo.Summary, error) {
	st, err := s.d.open()
	if err != nil {
		return demo.Summary{}, toUI(err)
	}
	return wrap(demo.Load(st, demo.Options{Seed: 1}))
}
