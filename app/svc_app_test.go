package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// appDesk is an AppService on a fresh database whose clock reads *at.
func appDesk(t *testing.T, at *time.Time) *AppService {
	t.Helper()
	dir := t.TempDir()
	dbPath := testpg.Location(t, filepath.Join(dir, "privacydesk.db"))
	st, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return *at }
	t.Cleanup(func() { st.Close() })
	return &AppService{d: &desk{dbPath: dbPath, dataDir: dir, store: st, account: testAdmin}}
}

func TestInfoCarriesThePracticesToday(t *testing.T) {
	// 03:30 UTC on 3 March: the evening of 2 March in Chicago, the practice's zone.
	at := time.Date(2026, 3, 3, 3, 30, 0, 0, time.UTC)
	s := appDesk(t, &at)
	info := s.Info()
	if info.Today != "2026-03-02" || info.TimeZone != "America/Chicago" {
		t.Errorf("today %q zone %q; want 2026-03-02 in America/Chicago", info.Today, info.TimeZone)
	}
	at = at.Add(3 * time.Hour)
	if info := s.Info(); info.Today != "2026-03-03" {
		t.Errorf("after midnight in Chicago today is %q, want 2026-03-03", info.Today)
	}
	// Without a database there is no practice and so no today.
	closed := &AppService{d: &desk{openErr: errors.New("disk gone")}}
	if info := closed.Info(); info.Today != "" || info.OpenError == "" || info.Session.State != SessionSignedOut {
		t.Errorf("no database: %+v", info)
	}
	// A file that is not a database: refused by name, with a session the window reads.
	junk := filepath.Join(t.TempDir(), "privacydesk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("a shopping list\n", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	refused := &AppService{d: &desk{dbPath: junk, dataDir: filepath.Dir(junk)}}
	if info := refused.Info(); info.OpenError == "" || info.Session.State != SessionSignedOut {
		t.Errorf("a file that is not a database: open error %q, session %+v", info.OpenError, info.Session)
	}
}

func TestAppStateThroughTheService(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	s := appDesk(t, &at)
	if err := s.SetAppState(storage.AppStateColorScheme, "dark"); err != nil {
		t.Fatal(err)
	}
	info := s.Info()
	if info.Staff != testAdmin.Name || info.Session.Role != testAdmin.Role || info.State[storage.AppStateColorScheme] != "dark" {
		t.Errorf("info = %+v", info)
	}
	if v, err := s.GetAppState(storage.AppStateColorScheme); err != nil || v != "dark" {
		t.Errorf("GetAppState = %q, %v", v, err)
	}
	for _, tc := range []struct{ key, value, field string }{
		{"mantine-color-scheme-value", "dark", "key"},
		{storage.AppStateColorScheme, "sepia", "value"},
	} {
		err := s.SetAppState(tc.key, tc.value)
		if err == nil {
			t.Errorf("SetAppState(%q, %q) accepted", tc.key, tc.value)
			continue
		}
		if b := exportErr(t, err); b.Code != "invalid" || b.Field != tc.field {
			t.Errorf("SetAppState(%q, %q) = %+v; want invalid on %s", tc.key, tc.value, b, tc.field)
		}
	}
}

// A window on a PostgreSQL server keeps its log in the user's data folder and shows the
// server, never the password.
func TestWindowOnPostgresShowsNoPassword(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	const url = "postgres://desk:s3cret-pw@127.0.0.1:1/practice?sslmode=disable"
	d, err := newDesk(url)
	if err != nil {
		t.Fatal(err)
	}
	if d.dbPath != url || filepath.Base(d.dataDir) != "PrivacyDesk" {
		t.Errorf("desk on %q: dbPath %q dataDir %q", url, d.dbPath, d.dataDir)
	}
	info := (&AppService{d: d}).Info()
	if info.Database != "PostgreSQL server 127.0.0.1:1/practice" {
		t.Errorf("Database = %q", info.Database)
	}
	for _, s := range []string{info.DBPath, info.Database, info.OpenError} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("the password shows: %q", s)
		}
	}
	file, err := newDesk("some/practice.db")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(file.dbPath) || file.dataDir != filepath.Dir(file.dbPath) {
		t.Errorf("desk on a file: dbPath %q dataDir %q", file.dbPath, file.dataDir)
	}
	if got := (&AppService{d: file}).Info().Database; got != "this computer's file "+file.dbPath {
		t.Errorf("Database = %q", got)
	}
}

// TestAppStateLeavesSettingsToTheirMethods: SetAppState, which any signed-in role may
// call (the window's colour scheme, the notices seen), does not set or clear what an
// administrator's audited method keeps there: the idle lock (SessionService.SetIdleLock)
// and the confirmation of the practice's time zone (SettingsService.ConfirmZone, which
// the readiness report and the first start read).
func TestAppStateLeavesSettingsToTheirMethods(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	s := appDesk(t, &at)
	s.d.account = backend.StaffAccount{Name: "Ari", Role: backend.RoleAuditor}
	for _, tc := range []struct{ key, value string }{
		{storage.AppStateTimeZoneConfirmed, "1"},
		{storage.AppStateTimeZoneConfirmed, ""},
		{storage.AppStateIdleLockMinutes, "30"},
	} {
		err := s.SetAppState(tc.key, tc.value)
		if err == nil {
			t.Errorf("an auditor's SetAppState(%q, %q) was accepted", tc.key, tc.value)
			continue
		}
		if b := exportErr(t, err); b.Code != "invalid" || b.Field != "key" {
			t.Errorf("SetAppState(%q, %q) = %+v; want invalid on key", tc.key, tc.value, b)
		}
	}
	if v, err := s.d.store.GetAppState(context.Background(), storage.AppStateTimeZoneConfirmed); err != nil || v != "" {
		t.Errorf("time zone confirmed = %q, %v; want it unconfirmed", v, err)
	}
}
