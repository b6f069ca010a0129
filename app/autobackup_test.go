package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestAutoBackupAdapterReportsEachRun: the adapter runs the automatic backup as a job,
// tells each outcome as the backup:auto event and keeps it for AutoBackupStatus. (What
// is due and when is tested in package backup.)
func TestAutoBackupAdapterReportsEachRun(t *testing.T) {
	s, ev := exportDesk(t)
	st, _ := s.d.open()
	if got := must(s.AutoBackupStatus()); got.State != "off" {
		t.Errorf("before any run: %+v", got)
	}
	if got := s.runAutoBackup(context.Background()); got.State != "off" {
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
	st.Now = func() time.Time { return time.Date(2026, 3, 2, 8, 0, 0, 0, loc) }
	for _, want := range []string{"made", "done-today"} {
		got := s.runAutoBackup(context.Background())
		if got.State != want {
			t.Fatalf("run: %+v, want %s", got, want)
		}
		if got != must(s.AutoBackupStatus()) {
			t.Errorf("status %+v, last run %+v", must(s.AutoBackupStatus()), got)
		}
		if want == "made" && got.File != filepath.Join(folder, "privacydesk-2026-03-02.pdbackup") {
			t.Errorf("made %q", got.File)
		}
	}
	if n := len(ev.named("backup:auto")); n != 3 {
		t.Errorf("%d backup:auto events, want 3", n)
	}
	var autoJobs int
	for _, j := range must(s.Jobs()) {
		if j.Kind == "autobackup" && j.State == "done" {
			autoJobs++
		}
	}
	if autoJobs != 1 {
		t.Errorf("%d finished automatic backup jobs, want 1", autoJobs)
	}
}
