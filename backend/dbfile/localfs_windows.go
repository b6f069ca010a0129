package dbfile

import (
	"path/filepath"

	"golang.org/x/sys/windows"
)

// remoteFS is "network drive" when dir is on a mapped network drive or a \\server\share
// path, "" otherwise.
func remoteFS(dir string) string {
	if uncRemote(dir) {
		return "a network share"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if uncRemote(abs) {
		return "a network share"
	}
	vol := filepath.VolumeName(abs)
	if vol == "" {
		return ""
	}
	root, err := windows.UTF16PtrFromString(vol + `\`)
	if err != nil {
		return ""
	}
	if windows.GetDriveType(root) == windows.DRIVE_REMOTE {
		return "a network drive"
	}
	return ""
}
