package signin

import (
	"os"
	"path/filepath"
	"time"
)

// OpenedCopiesDir is the private temporary folder where the window writes the copies of
// letters and attached files it hands to the system's viewer: they are readable PHI
// outside the encrypted database, needed only while they are looked at.
func OpenedCopiesDir() string { return filepath.Join(os.TempDir(), "privacydesk-open") }

// openedCopiesKept is how long a copy handed to a viewer stays: enough for the viewer to
// read it, and no copy of a session lingers into the next.
const openedCopiesKept = 10 * time.Minute

// RemoveOpenedCopies removes the copies handed to a viewer more than openedCopiesKept
// before now (at each sign-in, and when the window locks); one a viewer still holds open
// (Windows refuses) stays until the next time.
func RemoveOpenedCopies(now time.Time) {
	dir := OpenedCopiesDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && now.Sub(info.ModTime()) > openedCopiesKept {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
