package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
