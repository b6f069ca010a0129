package main

import (
	"context"
	"log/slog"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/storage"
)

// AppService answers what the shell needs: version, where the data lives, whether the
// database opened, who is signed in, and loading the example practice.
type AppService struct{ d *desk }

func (s *AppService) startup(_ context.Context, d *desk) { s.d = d }

// AppInfo describes the running app for the About box and the shell.
type AppInfo struct {
	Version string `json:"version"`
	DataDir string `json:"dataDir"`
	// DBPath is the database's file, or its PostgreSQL URL without the password;
	// Database says which it is in words ("PostgreSQL server HOST:PORT/DB").
	DBPath        string `json:"dbPath"`
	Database      string `json:"database"`
	SchemaVersion int    `json:"schemaVersion"`
	OpenError     string `json:"openError"` // set when the database was refused
	// Staff is the signed-in account's name ("" while nobody is); Session says more.
	Staff      string      `json:"staff"`
	Session    SessionInfo `json:"session"`
	Disclaimer string      `json:"disclaimer"`
	// Today is the practice's calendar date (YYYY-MM-DD) in its time zone, the one
	// "today" the window uses; TimeZone is that zone. Both empty while no database is open.
	Today    string `json:"today"`
	TimeZone string `json:"timeZone"`
	// State is what the window remembers for this practice (storage.AppStateKeys).
	State map[string]string `json:"state"`
	// Recovered tells that opening the database finished or undid a restore a crash
	// had interrupted; the window shows it once. "" usually.
	Recovered string `json:"recovered"`
}

// Info returns the app's version, data folder, database status and session. Anyone may
// ask: the practice's own data (its date, zone and remembered state) is told only to a
// signed-in account in a window that is not locked.
func (s *AppService) Info() AppInfo {
	info := AppInfo{Version: version, DataDir: s.d.dataDir, DBPath: storage.RedactLocation(s.d.dbPath),
		Database: storage.DescribeLocation(s.d.dbPath), SchemaVersion: storage.SchemaVersion(),
		Disclaimer: "Privacy Desk computes deadlines from the rules it encodes and cites them; it does not give legal advice."}
	if s.d.openErr != nil {
		info.OpenError = backend.ErrorMessage(s.d.openErr)
		if backend.ErrorCode(s.d.openErr) == backend.EINTERNAL {
			info.OpenError = "The database could not be opened: " + s.d.openErr.Error()
		}
	}
	info.State = map[string]string{}
	// A refused database still answers with a session the window understands: nobody
	// is signed in.
	info.Session = SessionInfo{State: SessionSignedOut}
	if info.OpenError != "" {
		return info
	}
	session, err := s.d.session(s.d.callCtx())
	if err != nil {
		info.OpenError = backend.ErrorMessage(err)
		return info
	}
	info.Session = session
	if session.State != SessionSignedIn {
		return info
	}
	st, err := s.d.open()
	if err != nil {
		return info
	}
	info.Staff = session.Account
	info.Recovered = st.Recovered
	if p, err := st.GetPractice(); err == nil {
		info.TimeZone = p.TimeZone
	}
	if today, err := st.Today(); err == nil {
		info.Today = today.String()
	} else {
		slog.Error("app info: no practice date", "err", err)
	}
	if state, err := st.AllAppState(context.Background()); err == nil {
		info.State = state
	} else {
		slog.Error("app info: app state not read", "err", err)
	}
	return info
}

// GetAppState returns what the window remembered under key for this practice ("" when
// nothing was); the keys are storage.AppStateKeys.
func (s *AppService) GetAppState(key string) (string, error) {
	st, err := s.d.open()
	if err != nil {
		return "", toUI(err)
	}
	v, err := st.GetAppState(context.Background(), key)
	return v, toUI(err)
}

// SetAppState remembers value under key for this practice; "" forgets it. Any role may
// call it, so the keys an administrator's audited method sets are refused here.
func (s *AppService) SetAppState(key, value string) error {
	switch key {
	case storage.AppStateIdleLockMinutes:
		return toUI(backend.Invalid("key", "The idle lock is an administrator's setting: SessionService.SetIdleLock sets it."))
	case storage.AppStateTimeZoneConfirmed:
		return toUI(backend.Invalid("key", "The practice's time zone is confirmed in Settings (SettingsService.ConfirmZone), which the audit trail records."))
	}
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	return toUI(st.SetAppState(context.Background(), key, value))
}

// ChangeMarker is a number that moves whenever the practice's data changes, at this desk,
// another desk or the command line (storage.ChangeMarker). The window polls it every few
// seconds and, when it moves, reads its lists, dashboard and deadline notices again.
func (s *AppService) ChangeMarker() (int64, error) {
	st, err := s.d.open()
	if err != nil {
		return 0, toUI(err)
	}
	return wrap(st.ChangeMarker())
}

// LoadExample loads the example practice (Sessions, Inc.).
func (s *AppService) LoadExample() (demo.Summary, error) {
	st, err := s.d.open()
	if err != nil {
		return demo.Summary{}, toUI(err)
	}
	return wrap(demo.Load(st, demo.Options{Seed: 1}))
}
