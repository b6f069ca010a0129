package signin

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"privacydesk/backend/dbfile"
	"privacydesk/backend/keyring"
)

// setAsideUnfinished handles a keyring that holds no account's key: Create writes the
// keyring (with the recovery key's wrap) before it makes the first administrator, so a
// creation stopped in between (a crash, a power cut) leaves a database nobody can sign in
// to and nobody has worked in. Its files are renamed with ".unfinished-STAMP" (never
// deleted: the recovery key printed for it, if any, still opens them) and the path is
// new again. It reports whether it did so; a keyring with accounts, or a database some
// other process has open, is left alone.
func setAsideUnfinished(path string, opt Options) (bool, error) {
	f, err := keyring.Load(path)
	if err != nil || len(f.Accounts) > 0 {
		return false, err
	}
	lock, err := dbfile.Exclusive(path)
	if err != nil {
		return false, nil // being made right now, or open: not unfinished
	}
	defer lock.Release()
	if f, err = keyring.Load(path); err != nil || len(f.Accounts) > 0 {
		return false, err
	}
	// A stamp no earlier set-aside has (a rename would silently replace its files).
	stamp := ".unfinished-" + opt.now().UTC().Format("20060102-150405.000000000")
	for n := 2; ; n++ {
		if _, err := os.Lstat(path + stamp); errors.Is(err, fs.ErrNotExist) {
			break
		}
		stamp = ".unfinished-" + opt.now().UTC().Format("20060102-150405.000000000") + fmt.Sprintf("-%d", n)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", keyring.Path(path)} {
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		if err := os.Rename(p, p+stamp); err != nil {
			return false, fmt.Errorf("set aside the unfinished database %s: %w", filepath.Base(p), err)
		}
	}
	slog.Warn("a database whose creation stopped before its first administrator was set aside", "path", path, "suffix", stamp)
	return true, nil
}
