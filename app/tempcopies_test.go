package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend/workdir"
)

func TestRemoveTempCopies(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "privacydesk-open-1")
	fresh := filepath.Join(dir, "privacydesk-open-2")
	for _, d := range []string{old, fresh} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "scan.pdf"), []byte("%PDF"), 0o600)
	}
	other := filepath.Join(dir, "keep.txt")
	os.WriteFile(other, nil, 0o600)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	os.Chtimes(old, now.Add(-2*time.Hour), now.Add(-2*time.Hour))
	os.Chtimes(fresh, now.Add(-time.Minute), now.Add(-time.Minute))
	globs := []string{filepath.Join(dir, "privacydesk-open-*")}

	// At start: only what a crash left, older than an hour.
	if n := removeTempCopies(globs, now.Add(-time.Hour)); n != 1 {
		t.Errorf("start removed %d, want 1", n)
	}
	if _, err := os.Stat(old); err == nil {
		t.Error("the old copy is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a copy still in use was removed at start")
	}
	// At close: all of them, and nothing else.
	if n := removeTempCopies(globs, time.Time{}); n != 1 {
		t.Errorf("close removed %d, want 1", n)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Error("the copy is still there after close")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("a file the patterns do not match was removed")
	}
}

// At start the window removes what a crash left of a response package (its decrypted
// files) and logs it, but not the folder of a package another window or command is
// still writing: its lock is held, however old the folder.
func TestStartRemovesPackageLeftoversNotWorkUnderWay(t *testing.T) {
	crashed, busyFile, log := startWithLeftover(t, "privacydesk-package", filepath.Join("0", "records.pdf"), "scan.pdf", "%PDF", 3*time.Hour)
	if _, err := os.Stat(crashed); err == nil {
		t.Error("the interrupted package's files are still there")
	}
	if _, err := os.Stat(busyFile); err != nil {
		t.Errorf("the package under way lost its files: %v", err)
	}
	if !strings.Contains(log, "left behind") || !strings.Contains(log, crashed) {
		t.Errorf("the log does not say what was removed: %q", log)
	}
}

// At start the window removes the database copy a crashed backup left (unencrypted for
// a PostgreSQL practice), an hour or a day later alike, but not that of a backup
// another window or command is making.
func TestStartRemovesBackupSnapshotLeftovers(t *testing.T) {
	crashed, busyFile, log := startWithLeftover(t, "privacydesk-snapshot", "database.sqlite", "database.sqlite", "SQLite format 3\x00", 2*time.Minute)
	if _, err := os.Stat(crashed); err == nil {
		t.Error("the interrupted backup's database copy is still there")
	}
	if _, err := os.Stat(busyFile); err != nil {
		t.Errorf("the backup under way lost its copy: %v", err)
	}
	if !strings.Contains(log, crashed) {
		t.Errorf("the log does not say what was removed: %q", log)
	}
}

// startWithLeftover makes, in a private temporary folder, a crashed run's folder
// (prefix-123, holding file) and one of work under way (locked, holding busy), both
// last changed age ago, runs the window's start clean-up and returns the crashed
// folder, the busy file and what was logged.
func startWithLeftover(t *testing.T, prefix, file, busy, content string, age time.Duration) (crashed, busyFile, log string) {
	t.Helper()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	now := time.Now()
	old := now.Add(-age)
	crashed = filepath.Join(tmp, prefix+"-123")
	os.MkdirAll(filepath.Dir(filepath.Join(crashed, file)), 0o700)
	os.WriteFile(filepath.Join(crashed, file), []byte(content), 0o600)
	os.Chtimes(crashed, old, old)
	w, err := workdir.New(tmp, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Remove() })
	busyFile = filepath.Join(w.Path, busy)
	os.WriteFile(busyFile, []byte(content), 0o600)
	os.Chtimes(w.Path, old, old)

	var buf bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	removeLeftovers(now)
	return crashed, busyFile, buf.String()
}
