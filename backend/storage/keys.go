package storage

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"

	"privacydesk/backend"
)

// Encryption at rest: the database file is SQLCipher's (AES-256 pages, each with an
// HMAC), under a random 32-byte data key given to SQLCipher as a raw key, so opening
// costs no key derivation. The key itself is kept wrapped, per staff account and for
// the recovery key, in the keyring beside the database (package keyring); signing in
// unwraps it and opens the store with OpenKeyed.

// KeySize is the length of a data key.
const KeySize = 32

// unlocked holds the data key of each database this process opened with one (by absolute
// path), so that reopening it (after a restore, by the window's other parts) and checking
// a copy of it (a backup's snapshot) need no second sign-in. Each key here is this map's
// own copy, handed out only as copies, so Forget can zero it: a locked window or a
// finished command leaves no data key behind in memory.
var unlocked = struct {
	sync.Mutex
	keys map[string][]byte
}{keys: map[string][]byte{}}

func rememberKey(abs string, key []byte) {
	if key == nil {
		return
	}
	unlocked.Lock()
	defer unlocked.Unlock()
	if old := unlocked.keys[abs]; old != nil {
		clear(old)
	}
	unlocked.keys[abs] = bytes.Clone(key)
}

// unlockedKey is a copy of the data key unlocked for abs, nil when none: the caller
// zeroes it (clear) when done.
func unlockedKey(abs string) []byte {
	unlocked.Lock()
	defer unlocked.Unlock()
	return bytes.Clone(unlocked.keys[abs])
}

// unlockedKeys are copies of every data key this process unlocked (usually one): the
// caller zeroes them (clearKeys) when done.
func unlockedKeys() [][]byte {
	unlocked.Lock()
	defer unlocked.Unlock()
	var out [][]byte
	for _, k := range unlocked.keys {
		out = append(out, bytes.Clone(k))
	}
	return out
}

// clearKeys zeroes every key of keys.
func clearKeys(keys [][]byte) {
	for _, k := range keys {
		clear(k)
	}
}

// Forget zeroes and drops the data key this process unlocked for the database at abs (a
// lock of the window, the end of a command), so the next open needs a sign-in again. A
// store still open on abs keeps its own copy until it is closed.
func Forget(abs string) {
	unlocked.Lock()
	defer unlocked.Unlock()
	clear(unlocked.keys[abs])
	delete(unlocked.keys, abs)
}

// memorySecurityOff turns off SQLCipher's memory security (wiping every freed
// allocation and locking pages in memory), for the whole process: it costs a third more
// time on a full export, and it guards the running process's memory, which holds the key
// anyway; SQLCipher itself turned it off by default from version 4.5.
const memorySecurityOff = "PRAGMA cipher_memory_security = OFF"

// readerDriver is the driver of the read-only pool: SQLite's with a larger page cache
// per connection (readerCacheKiB), because with encryption a page read from the cache
// costs nothing while one read from the file is decrypted and checked again. The export
// of 100,000 requests reads rows in reference order, all over the file: with 32 MiB it
// took 1.6 times as long encrypted as unencrypted, with 128 MiB the same time
// (BenchmarkEncryptionCost). A cache grows only as pages are read, so it never holds more
// than the database's size.
const readerDriver = "sqlite3-privacydesk-reader"

const readerCacheKiB = 128 << 10

func init() {
	sql.Register(readerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(fmt.Sprintf("PRAGMA cache_size = -%d", readerCacheKiB), nil)
		return err
	}})
}

// keyParam is the DSN parameter that gives SQLCipher key as a raw key, ending in "&";
// "" for no key (an unencrypted database).
//
// The key goes into a Go string here, which cannot be zeroed: go-sqlite3 takes a key only
// in the DSN (it runs PRAGMA key from it on each new connection), and database/sql keeps
// the DSN for as long as the pool is open, to open connections again. The string is
// garbage once the pool is closed (Store.Close); the []byte keys (Store.key, the
// unlocked ones) are zeroed.
func keyParam(key []byte) string {
	if key == nil {
		return ""
	}
	return "_pragma_key=x'" + hex.EncodeToString(key) + "'&_pragma_cipher_page_size=" + strconv.Itoa(cipherPageSize) + "&"
}

// cipherPageSize is the encrypted database's page size: each page carries its own IV
// and HMAC, so 16 KiB pages cost a quarter of 4 KiB ones' per-page work on a scan (an
// export reads every page). It is part of the file's format: every open must give it.
const cipherPageSize = 16384

// Encrypted reports whether the store's database is encrypted.
func (s *Store) Encrypted() bool { return s.key != nil }

// DataKey is a copy of the database's data key (nil when unencrypted), for the keyring's
// bookkeeping when an account is added or its passphrase reset; the caller zeroes it
// (clear) when done.
func (s *Store) DataKey() []byte {
	if s.key == nil {
		return nil
	}
	return append([]byte(nil), s.key...)
}

// EncryptCopy writes dst, a new file, as an encrypted copy under key of the unencrypted
// database src, which nothing may be writing to (SQLCipher's sqlcipher_export: the
// schema and every row, the WAL's included). dst is synced before it returns.
func EncryptCopy(src, dst string, key []byte) error {
	if len(key) != KeySize {
		return fmt.Errorf("encrypt %s: the key is %d bytes, not %d", src, len(key), KeySize)
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("encrypt %s: %s exists already", src, dst)
	}
	f, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	db, err := sql.Open("sqlite3", fileURI(src, "_busy_timeout=10000"))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// The key is in the ATTACH statement's text (a Go string, which cannot be zeroed):
	// SQLCipher takes an attached database's key only there. It lives for this function.
	for _, q := range []string{
		`ATTACH DATABASE '` + strings.ReplaceAll(dst, "'", "''") + `' AS encrypted KEY "x'` + hex.EncodeToString(key) + `'"`,
		`PRAGMA encrypted.cipher_page_size = ` + strconv.Itoa(cipherPageSize),
		`SELECT sqlcipher_export('encrypted')`,
		`DETACH DATABASE encrypted`,
	} {
		if _, err := db.Exec(q); err != nil {
			os.Remove(dst)
			return fmt.Errorf("encrypt %s: %w", src, err)
		}
	}
	if err := db.Close(); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer out.Close()
	return out.Sync()
}

// IsEncrypted reports whether the database file at p exists and is not plain SQLite
// (SQLCipher encrypts the header too); false for a missing or empty file.
func IsEncrypted(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return !bytes.Equal(head, sqliteHeader)
}

// Unlock makes key the data key of the database at path for this process (a restore
// that brings its own keyring, unwrapped with the recovery key): the next Open of path
// uses it, and QuickCheck tries it. It keeps a copy: the caller zeroes key when done.
func Unlock(path string, key []byte) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	rememberKey(abs, key)
	return nil
}

// UnlockedKey is a copy of the data key this process unlocked for the database at path,
// nil when none; the caller zeroes it (clear) when done.
func UnlockedKey(path string) []byte {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	return unlockedKey(abs)
}

// IsUnlocked reports whether this process unlocked a data key for the database at path.
func IsUnlocked(path string) bool {
	key := UnlockedKey(path)
	defer clear(key)
	return key != nil
}

// CheckOutsideDataFolder refuses, on field, a file the person chose to write outside
// the app (an export, a copy of a letter) when it is inside the encrypted database's
// folder: everything there is encrypted, and a copy of the folder must show no
// requester's name. Nothing is refused for an unencrypted database.
func (s *Store) CheckOutsideDataFolder(field, path string) error {
	if s.key == nil || path == "" {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	dir := filepath.Dir(s.path)
	if rel, err := filepath.Rel(dir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return backend.Invalid(field, "%s is inside Privacy Desk's data folder (%s), where everything is kept encrypted: a file written there would be readable. Choose another folder, such as Documents.", abs, dir)
	}
	return nil
}
