package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

func TestAppStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	for _, k := range AppStateKeys {
		if v, err := s.GetAppState(ctx, k); err != nil || v != "" {
			t.Errorf("%s before any write = %q, %v; want empty", k, v, err)
		}
	}
	writes := map[string]string{AppStateStaff: "Dana Reyes", AppStateDisclaimerSeen: "1", AppStateColorScheme: "dark",
		AppStateAnnounced: `{"PR-2026-0001:overdue:2026-03-01":"2026-03-02"}`}
	for k, v := range writes {
		if err := s.SetAppState(ctx, k, v); err != nil {
			t.Fatalf("set %s: %v", k, err)
		}
	}
	// A second write replaces the first.
	if err := s.SetAppState(ctx, AppStateColorScheme, "light"); err != nil {
		t.Fatal(err)
	}
	writes[AppStateColorScheme] = "light"
	for k, want := range writes {
		if v, err := s.GetAppState(ctx, k); err != nil || v != want {
			t.Errorf("%s = %q, %v; want %q", k, v, err, want)
		}
	}
	all, err := s.AllAppState(ctx)
	if err != nil || len(all) != len(writes) || all[AppStateStaff] != "Dana Reyes" {
		t.Errorf("AllAppState = %v, %v", all, err)
	}
	// An empty value forgets the key.
	if err := s.SetAppState(ctx, AppStateStaff, ""); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.GetAppState(ctx, AppStateStaff); v != "" {
		t.Errorf("staff after clearing = %q", v)
	}
}

func TestAppStateKeptWithTheDatabase(t *testing.T) {
	testpg.SQLiteOnly(t, "two database files")
	ctx := context.Background()
	dir := t.TempDir()
	a, err := Open(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetAppState(ctx, AppStateColorScheme, "dark"); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := Open(filepath.Join(dir, "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v, _ := b.GetAppState(ctx, AppStateColorScheme); v != "" {
		t.Errorf("another database sees colorScheme %q", v)
	}
	a, err = Open(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if v, _ := a.GetAppState(ctx, AppStateColorScheme); v != "dark" {
		t.Errorf("reopened database: colorScheme %q, want dark", v)
	}
}

func TestAppStateRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	cases := []struct {
		name, key, value, field string
	}{
		{"unknown key", "pd.staff", "x", "key"},
		{"empty key", "", "x", "key"},
		{"colour scheme", AppStateColorScheme, "purple", "value"},
		{"disclaimer flag", AppStateDisclaimerSeen, "yes", "value"},
		{"staff control character", AppStateStaff, "Dana\x00", "value"},
		{"staff too long", AppStateStaff, strings.Repeat("a", 201), "value"},
		{"notices not JSON", AppStateAnnounced, "[1,2", "value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := s.SetAppState(ctx, tc.key, tc.value)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != tc.field {
				t.Errorf("SetAppState(%q, %q) = %v; want EINVALID on %s", tc.key, tc.value, err, tc.field)
			}
		})
	}
	if _, err := s.GetAppState(ctx, "nope"); backend.ErrorField(err) != "key" {
		t.Errorf("GetAppState(nope) = %v; want an error on key", err)
	}
	if all, _ := s.AllAppState(ctx); len(all) != 0 {
		t.Errorf("refused writes were stored: %v", all)
	}
}
