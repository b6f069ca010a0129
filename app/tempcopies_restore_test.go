package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A backup's preview unpacks its database, and a restore into a PostgreSQL database the
// whole backup (its database is plain SQLite for a server's practice), into a private
// folder locked while the work runs (backup.Preview, backup.restoreIntoServer); a crash
// leaves it. The start removes it the next time, minutes or hours later alike, but not
// the folder of a preview or restore another window or command is still doing, however
// long it has taken.
func TestStartRemovesInterruptedPreviewAndRestoreCopies(t *testing.T) {
	for _, prefix := range []string{"privacydesk-preview", "privacydesk-restore"} {
		for _, age := range []time.Duration{2 * time.Minute, 3 * time.Hour} {
			t.Run(fmt.Sprintf("%s %v", prefix, age), func(t *testing.T) {
				crashed, busyFile, log := startWithLeftover(t, prefix, "database.sqlite", "database.sqlite", "SQLite format 3\x00 patients", age)
				if _, err := os.Stat(crashed); err == nil {
					t.Errorf("%s, left by a crash %v ago, is still there after the start's clean-up", filepath.Base(crashed), age)
				}
				if _, err := os.Stat(busyFile); err != nil {
					t.Errorf("the work under way lost its copy: %v", err)
				}
				if !strings.Contains(log, crashed) {
					t.Errorf("the log does not say what was removed: %q", log)
				}
			})
		}
	}
}
