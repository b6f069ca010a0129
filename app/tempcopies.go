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
// what a crash left behind (older than an hour, so another window's are spared),
// decrypted backup previews included. A response package's decrypted files are in
// folders locked while it is written (reporting.RemovePackageLeftovers), so a start
// removes only those of a package that was cut short, however long another window's
// or command's package takes; the same holds for the copy of the database a backup is
// made from (backup.RemoveSnapshotLeftovers).

// tempCopyGlobs are the patterns of this window's temporary copies.
func tempCopyGlobs() []string {
	return []string{filepath.Join(openDir(), "*"), filepath.Join(os.TempDir(), "privacydesk-email-*")}
}

// leftoverGlobs adds what a crash can leave of other work: the decrypted database of a
// backup being previewed or restored into a PostgreSQL database, each in a folder of its
// own that the work removes when it ends.
func leftoverGlobs() []string {
	return append(tempCopyGlobs(), filepath.Join(os.TempDir(), "privacydesk-preview-*"), filepath.Join(os.TempDir(), "privacydesk-restore-*"))
}

// removeLeftovers is the window's clean-up at start: the copies a crash left behind, as
// of now, with a line in the log when there were some.
func removeLeftovers(now time.Time) {
	n := removeTempCopies(leftoverGlobs(), now.Add(-time.Hour))
	packages, err := reporting.RemovePackageLeftovers(now)
	if err != nil {
		slog.Warn("the files of an interrupted response package could not all be removed", "err", err)
	}
	snapshots, err := backup.RemoveSnapshotLeftovers(now)
	if err != nil {
		slog.Warn("the database copy of an interrupted backup could not all be removed", "err", err)
	}
	if n > 0 || len(packages) > 0 || len(snapshots) > 0 {
		slog.Info("removed the temporary copies an earlier run left behind", "copies", n, "packageFolders", packages, "backupFolders", snapshots)
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
