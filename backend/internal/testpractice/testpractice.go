// Package testpractice gives the backend's tests a real, migrated SQLite database with a
// fixed clock: empty, or holding the example practice. One definition, so every
// package's tests open their database the same way.
package testpractice

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// Clock is the tests' "now": 2026-03-02 15:04:05 UTC, 09:04 in the default practice
// zone (America/Chicago).
var Clock = time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)

// Open opens (creating) the database at path with the clock fixed at Clock and a staff
// member signed in; it is closed when the test ends. When the tests run against
// PostgreSQL (package testpg) it opens a fresh database there instead.
func Open(t testing.TB, path string) *storage.Store {
	t.Helper()
	s, err := storage.Open(testpg.Location(t, path))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return Clock }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	t.Cleanup(func() { s.Close() })
	return s
}

// Demo is a new database in its own data folder holding the example practice with n
// synthetic requests (the same ones for the same n).
func Demo(t testing.TB, n int) *storage.Store {
	t.Helper()
	s := Open(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db"))
	if _, err := demo.Load(s, demo.Options{Requests: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return s
}

// ReadCSV reads every record of the CSV file at path.
func ReadCSV(t testing.TB, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// CountEvents counts the audit events about entity with action.
func CountEvents(t testing.TB, s *storage.Store, entity, action string) int64 {
	t.Helper()
	_, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: entity, Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
