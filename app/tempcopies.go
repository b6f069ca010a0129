package main

import (
	"os"
	"path/filepath"
	"time"
)

// Copies of health data written outside the data folder: an attachment or a letter
// opened with the system viewer (openDir) and an email dropped on the window
// (privacydesk-email-* in the temporary folder, kept until its request is saved). They
// are needed only while the window runs: its close removes them, and its start removes
// what a crash left behind (older than an hour, so another window's are spared),
// decrypted backup previews included.

// tempCopyGlobs are the patterns of this window's temporary copies.
func tempCopyGlobs() []string {
	return []string{filepath.Join(openDir(), "*"), filepath.Join(os.TempDir(), "privacydesk-email-*")}
}

// leftoverGlobs adds what a crash can leave of other work: the decrypted database of a
// backup being previewed or restored into a PostgreSQL database, and a response package
// being assembled, each in a folder of its own that the work removes when it ends.
func leftoverGlobs() []string {
	return append(tempCopyGlobs(), filepath.Join(os.TempDir(), "privacydesk-preview-*"), filepath.Join(os.TempDir(), "privacydesk-restore-*"),
		filepath.Join(os.TempDir(), "privacydesk-package-*"))
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
