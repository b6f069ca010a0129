package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
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
	// No recovery key: the run fails, told as such, and writes nothing in clear.
	if got := s.runAutoBackup(context.Background()); got.State != "failed" || !strings.Contains(got.Message, "no recovery key") ||
		got != must(s.AutoBackupStatus()) {
		t.Fatalf("run without a recovery key: %+v", got)
	}
	if ents, _ := os.ReadDir(folder); len(ents) != 0 {
		t.Errorf("the refused backup left %v", ents)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetRecoveryRecipient(context.Background(), id.Recipient().String()); err != nil {
		t.Fatal(err)
	}
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
	if n := len(ev.named("backup:auto")); n != 4 {
		t.Errorf("%d backup:auto events, want 4", n)
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
