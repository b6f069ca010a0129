package command

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"privacydesk/backend/dbchoice"
)

// appFolder is the data folder's name inside the user's application-data folder.
const appFolder = "PrivacyDesk"

// DefaultDBPath is the database when --db names none: PRIVACYDESK_DB, else the one an
// administrator chose for this computer under Settings > Database (package dbchoice: a
// PostgreSQL server's URL), else the database file in the user's data folder.
//
// The data folder is ~/.config/PrivacyDesk on Linux, ~/Library/Application
// Support/PrivacyDesk on macOS and %LocalAppData%\PrivacyDesk on Windows: the database
// and attachments belong to this computer, and a roaming profile would copy them to
// the server at every sign-out. Earlier versions used %AppData%\PrivacyDesk (Roaming);
// such a folder is moved to Local on the first start.
func DefaultDBPath() (string, error) {
	if p := os.Getenv("PRIVACYDESK_DB"); p != "" {
		return p, nil
	}
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	return dbchoice.Location(dir, DefaultDBFile(dir))
}

// DefaultDBFile is the database file in the user's data folder dir: the default database.
func DefaultDBFile(dir string) string { return filepath.Join(dir, "privacydesk.db") }

// DataDir is the user's data folder (see DefaultDBPath): the default database's folder,
// and the window's folder for its log and remembered size when the database is a
// PostgreSQL server.
func DataDir() (string, error) {
	var dir string
	if runtime.GOOS == "windows" {
		d, err := windowsDataDir(os.Getenv("LocalAppData"), os.Getenv("AppData"))
		if err != nil {
			return "", err
		}
		dir = d
	} else {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the user's data folder: %w", err)
		}
		dir = filepath.Join(base, appFolder)
	}
	return dir, nil
}

// windowsDataDir is the data folder under localAppData (%LocalAppData%). When it does not
// exist yet and appData (%AppData%, Roaming) holds a PrivacyDesk folder, that folder is
// moved there first. When both exist, Local is used and Roaming left alone. When the move
// fails (a file held open, another volume), the Roaming folder stays in use, so the
// practice's data is never out of sight.
func windowsDataDir(localAppData, appData string) (string, error) {
	if localAppData == "" {
		if appData == "" {
			return "", errors.New("cannot find the user's data folder: %LocalAppData% and %AppData% are not set")
		}
		return filepath.Join(appData, appFolder), nil
	}
	local := filepath.Join(localAppData, appFolder)
	if appData == "" || filepath.Clean(appData) == filepath.Clean(localAppData) {
		return local, nil
	}
	roaming := filepath.Join(appData, appFolder)
	if _, err := os.Lstat(local); err == nil {
		return local, nil
	}
	fi, err := os.Stat(roaming)
	if err != nil || !fi.IsDir() {
		return local, nil
	}
	if err := os.MkdirAll(localAppData, 0o700); err != nil {
		return roaming, nil
	}
	if err := os.Rename(roaming, local); err != nil {
		return roaming, nil
	}
	return local, nil
}
