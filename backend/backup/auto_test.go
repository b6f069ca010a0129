package backup

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"privacydesk/backend"
)

func mustDate(t *testing.T, s string) backend.Date {
	t.Helper()
	d, err := backend.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAutoBackupDue(t *testing.T) {
	folder := t.TempDir()
	day := mustDate(t, "2026-03-02")
	os.WriteFile(filepath.Join(folder, DailyName(day)), []byte("x"), 0o600)
	// A folder of the day's name is not the day's backup.
	os.Mkdir(filepath.Join(folder, DailyName(mustDate(t, "2026-03-04"))), 0o700)
	for _, tc := range []struct {
		name   string
		folder string
		today  string
		due    bool
		state  string
	}{
		{"no folder set", "", "2026-03-02", false, "off"},
		{"today's file is there: not the first start today", folder, "2026-03-02", false, "done-today"},
		{"first start of the next day", folder, "2026-03-03", true, ""},
		{"a folder in the way of the name", folder, "2026-03-04", true, ""},
		{"folder not created yet", filepath.Join(folder, "new"), "2026-03-02", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := backend.DefaultPractice()
			p.BackupFolder = tc.folder
			due, st := AutoDue(p, mustDate(t, tc.today))
			if due != tc.due || st.State != tc.state || st.Folder != tc.folder {
				t.Errorf("got %v %+v", due, st)
			}
			if !due && st.Message == "" {
				t.Error("no message when nothing is done")
			}
		})
	}
}

// TestAutoBackupFirstStartOfEachDay drives the start-up run with an injected clock over
// several days and starts: one backup per day, the newest BackupKeep kept, a failure
// reported and not fatal.
func TestAutoBackupFirstStartOfEachDay(t *testing.T) {
	st := demoStore(t, 0)
	key := withRecoveryKey(t, st)
	svc := New(st, "test")
	var running []AutoBackupStatus
	announce := func(s AutoBackupStatus) { running = append(running, s) }

	// No folder: nothing happens.
	if got := svc.RunAuto(context.Background(), announce, nil); got.State != "off" {
		t.Fatalf("no folder: %+v", got)
	}
	folder := filepath.Join(t.TempDir(), "backups")
	p, err := st.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	p.BackupFolder, p.BackupKeep = folder, 2
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(p.TimeZone)
	clock := time.Date(2026, 3, 2, 8, 0, 0, 0, loc)
	st.Now = func() time.Time { return clock }

	starts := []struct {
		at    time.Time
		state string
	}{
		{time.Date(2026, 3, 2, 8, 0, 0, 0, loc), "made"},
		{time.Date(2026, 3, 2, 17, 30, 0, 0, loc), "done-today"},
		{time.Date(2026, 3, 3, 0, 5, 0, 0, loc), "made"},
		{time.Date(2026, 3, 3, 9, 0, 0, 0, loc), "done-today"},
		{time.Date(2026, 3, 5, 9, 0, 0, 0, loc), "made"},
	}
	ran := 0
	run := func(folder string, work func(context.Context) (string, error)) (string, error) {
		ran++
		return work(context.Background())
	}
	for _, start := range starts {
		clock = start.at
		got := svc.RunAuto(context.Background(), announce, run)
		if got.State != start.state {
			t.Fatalf("start at %s: %+v", start.at, got)
		}
	}
	if ran != 3 || len(running) != 3 || running[0].State != "running" {
		t.Errorf("ran %d times, announced %+v", ran, running)
	}
	ents, _ := os.ReadDir(folder)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := []string{"privacydesk-2026-03-03.pdbackup", "privacydesk-2026-03-05.pdbackup"}
	if !slices.Equal(names, want) {
		t.Errorf("folder holds %v, want %v", names, want)
	}
	// Each backup opens and holds the practice.
	info, err := Preview(context.Background(), filepath.Join(folder, want[1]), key)
	if err != nil || info.PracticeName != "Sessions, Inc." {
		t.Errorf("preview: %+v %v", info, err)
	}

	// A folder that cannot be written: the run reports the failure, the app goes on.
	blocker := filepath.Join(t.TempDir(), "a file")
	os.WriteFile(blocker, []byte("x"), 0o600)
	p.BackupFolder = filepath.Join(blocker, "backups")
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	clock = time.Date(2026, 3, 6, 9, 0, 0, 0, loc)
	got := svc.RunAuto(context.Background(), nil, nil)
	if got.State != "failed" || got.Message == "" {
		t.Errorf("unwritable folder: %+v", got)
	}
	if _, err := st.GetPractice(); err != nil {
		t.Errorf("the database is not usable after a failed backup: %v", err)
	}
	if got := New(nil, "test").RunAuto(context.Background(), nil, nil); got.State != "off" {
		t.Errorf("no database: %+v", got)
	}
}
