package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"privacydesk/backend/backup"
	"privacydesk/backend/reporting"
)

// Copies of health data written outside the data folder: an attachment or a letter
// opened with the system viewer (openDir) and an email dropped on the window
// (privacydesk-email-* in the temporary folder, kept until its request is saved). They
// are needed only while the window runs: its close removes them, and its start removes
// what a crash left behind (older than an hour, so another window's are spared). The
// decrypted files of a response package (reporting.RemovePackageLeftovers) and the
// database copies of a backup, a backup's preview and a restore into a PostgreSQL
// database (backup.RemoveLeftovers) are in private folders locked while the work runs,
// so a start removes only those of work that was cut short, however long another
// window's or command's work takes.

// tempCopyGlobs are the patterns of this window's temporary copies.
func tempCopyGlobs() []string {
	return []string{filepath.Join(openDir(), "*"), filepath.Join(os.TempDir(), "privacydesk-email-*")}
}

// removeLeftovers is the window's clean-up at start: the copies a crash left behind, as
// of now, with a line in the log when there were some.
func removeLeftovers(now time.Time) {
	n := removeTempCopies(tempCopyGlobs(), now.Add(-time.Hour))
	packages, err := reporting.RemovePackageLeftovers(now)
	if err != nil {
		slog.Warn("the files of an interrupted response package could not all be removed", "err", err)
	}
	backups, err := backup.RemoveLeftovers(now)
	if err != nil {
		slog.Warn("the database copy of an interrupted backup, preview or restore could not all be removed", "err", err)
	}
	if n > 0 || len(packages) > 0 || len(backups) > 0 {
		slog.Info("removed the temporary copies an earlier run left behind", "copies", n, "packageFolders", packages, "backupFolders", backups)
	}
}

// removeTempCopies removes the entries the patterns match that were last changed before
// cutoff (the zero time: all of them) and returns how many it removed. A file a viewer
// still holds open on Windows cannot be removed: it is left for the next time.
func removeTempCopies(globs []string, cutoff time.Time) int {
	n := 0
	for _, g := range globs {
		matches, _ := filepath.Glob(g)
		for _, p := range matches {
			info, err := os.Lstat(p)
			if err != nil || (!cutoff.IsZero() && info.ModTime().After(cutoff)) {
				continue
			}
			if os.RemoveAll(p) == nil {
				n++
			}
		}
	}
	return n
}
