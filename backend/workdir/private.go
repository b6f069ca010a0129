package workdir

import (
	"errors"
	"io/fs"
	"os"
	"runtime"

	"privacydesk/backend"
)

// Private makes path a folder that only this user may enter (0700), or checks that the
// one there is: the copies handed to the system's viewer go to a folder of a fixed name
// in the temporary folder, which on Linux is /tmp, shared by every user of the computer.
// A folder of that name open to others is closed (0700); one that belongs to another
// user, or a link, or a file, is refused: its owner could read the names of the copies,
// swap a copy before the viewer reads it, or point the link anywhere.
func Private(path string) error {
	if err := os.Mkdir(path, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return backend.Errorf(backend.ECONFLICT, "%s is not a folder (it is a link or a file): Privacy Desk writes no copy there. Remove it, then try again.", path)
	}
	if !ownedByUser(fi) {
		return backend.Errorf(backend.ECONFLICT, "%s belongs to another user of this computer: Privacy Desk writes no copy there. Ask them or the computer's administrator to remove it, then try again.", path)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(path, 0o700)
	}
	return nil
}
