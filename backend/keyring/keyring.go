// Package keyring keeps the database's data key wrapped, beside the database, in a file
// that holds nothing readable without a secret: the key wrapped once per staff account
// (a key derived from the account's passphrase with Argon2id seals it with
// XChaCha20-Poly1305) and once to the practice's recovery key (age, X25519). A new
// account or a new passphrase wraps the same key again, so no data is re-encrypted;
// a disabled account's entry is removed, so its passphrase no longer opens a copy of
// the data folder.
//
// The file also journals failed sign-ins (name, count, last failure), because a wrong
// passphrase is known before the encrypted database can be opened to audit it: the
// wait after repeated failures applies from the journal, and the next successful
// sign-in writes the journal into the audit trail.
//
// The file is JSON, written whole to a temporary file and renamed over the old one
// (0600), under a lock within this process.
package keyring

import (
	"bytes"
	"context"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/gofrs/flock"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

const (
	format  = "privacydesk-keyring"
	version = 1
	// KeySize is the data key's length (SQLCipher's raw key).
	KeySize = 32
	// maxJournal bounds the failure journal: guesses at many invented names must not
	// grow the file without end.
	maxJournal = 200
)

// Params are Argon2id's cost for deriving a passphrase's wrapping key (the same as the
// passphrase hashes': accounts.DefaultParams).
type Params struct {
	Memory  uint32 `json:"memory"` // KiB
	Time    uint32 `json:"time"`
	Threads uint8  `json:"threads"`
}

// Entry is the data key wrapped for one account.
type Entry struct {
	Name    string `json:"name"`
	Salt    []byte `json:"salt"`
	Params  Params `json:"params"`
	Wrapped []byte `json:"wrapped"` // nonce, then the sealed key
}

// Failure is the journal of one name's failed sign-ins in a row.
type Failure struct {
	Name  string    `json:"name"`
	Count int       `json:"count"`
	Last  time.Time `json:"last"`
	// Audited is how many of Count the audit trail has already.
	Audited int `json:"audited"`
}

// File is the keyring.
type File struct {
	Format   string  `json:"format"`
	Version  int     `json:"version"`
	Accounts []Entry `json:"accounts"`
	// Recipient is the recovery key's public half; Recovery the data key encrypted to it.
	Recipient string    `json:"recoveryRecipient,omitempty"`
	Recovery  []byte    `json:"recovery,omitempty"`
	Failures  []Failure `json:"failures,omitempty"`
}

// ErrNoEntry: the name has no entry, or the passphrase does not unwrap it.
var ErrNoEntry = errors.New("no key for this name and passphrase")

// Path is the keyring file of the database at dbPath.
func Path(dbPath string) string { return dbPath + ".keys" }

// Exists reports whether the database at dbPath has a keyring (is encrypted).
func Exists(dbPath string) bool {
	_, err := os.Stat(Path(dbPath))
	return err == nil
}

// NewKey returns a fresh random data key.
func NewKey() ([]byte, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	return k, nil
}

// mu serialises this process's read-modify-write of keyring files.
var mu sync.Mutex

// Load reads the keyring of the database at dbPath.
func Load(dbPath string) (*File, error) {
	b, err := os.ReadFile(Path(dbPath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, backend.Errorf(backend.ENOTFOUND, "%s has no keyring: it is not encrypted.", dbPath)
	}
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot read the keyring %s: %v", Path(dbPath), err)
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil || f.Format != format {
		return nil, backend.Errorf(backend.EINVALID, "%s is not a Privacy Desk keyring (or is damaged); restore it from a backup, or open the data with the recovery key.", Path(dbPath))
	}
	if f.Version > version {
		return nil, backend.Errorf(backend.ECONFLICT, "The keyring %s was written by a newer Privacy Desk; update Privacy Desk.", Path(dbPath))
	}
	return &f, nil
}

// New is an empty keyring.
func New() *File { return &File{Format: format, Version: version} }

// Save writes f as the keyring of the database at dbPath, whole or not at all.
func (f *File) Save(dbPath string) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return export.WriteBytes(context.Background(), Path(dbPath), 0o600, b)
}

// Update loads the keyring of dbPath, lets change modify it, and saves it, under this
// process's keyring lock and an operating-system lock on a file beside the keyring, so
// the window and a command run at the same moment (a scheduled backup signing in records
// or clears sign-in failures) never write over each other's change: a lost update could
// drop a new passphrase's key or bring back a disabled account's.
func Update(dbPath string, change func(f *File) error) error {
	mu.Lock()
	defer mu.Unlock()
	fl := flock.New(Path(dbPath) + ".lock")
	if err := fl.Lock(); err != nil {
		return fmt.Errorf("keyring: lock %s: %w", filepath.Base(Path(dbPath)), err)
	}
	defer fl.Unlock() //nolint:errcheck // closing the file releases the lock as well
	f, err := Load(dbPath)
	if err != nil {
		return err
	}
	if err := change(f); err != nil {
		return err
	}
	return f.Save(dbPath)
}

func (f *File) find(name string) int {
	for i, e := range f.Accounts {
		if backend.NameKey(e.Name) == backend.NameKey(name) {
			return i
		}
	}
	return -1
}

// Has reports whether name has an entry.
func (f *File) Has(name string) bool { return f.find(name) >= 0 }

// derived, when not nil, is given each key derived from a passphrase (and the bytes of
// the passphrase it was derived from) as it is made: tests check both are zeroed once
// the work is done.
var derived func(key, passphrase []byte)

// sealer is the XChaCha20-Poly1305 AEAD under the key Argon2id derives from passphrase
// and salt. The derived key and this function's copy of the passphrase's bytes are
// zeroed before it returns: the AEAD keeps its own copy of the key (unexported, in
// golang.org/x/crypto), dropped with it when the sign-in or the change is done; the
// passphrase itself is a Go string, which cannot be zeroed, and argon2 does not zero its
// working memory.
func sealer(passphrase string, salt []byte, p Params) (cipher.AEAD, error) {
	pass := []byte(passphrase)
	defer clear(pass)
	key := argon2.IDKey(pass, salt, p.Time, p.Memory, p.Threads, chacha20poly1305.KeySize)
	defer clear(key)
	if derived != nil {
		derived(key, pass)
	}
	return chacha20poly1305.NewX(key)
}

// Wrap adds (or replaces) name's entry: key sealed under passphrase.
func (f *File) Wrap(name, passphrase string, key []byte, p Params) error {
	salt := make([]byte, 16)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	aead, err := sealer(passphrase, salt, p)
	if err != nil {
		return err
	}
	e := Entry{Name: name, Salt: salt, Params: p, Wrapped: aead.Seal(nonce, nonce, key, []byte(backend.NameKey(name)))}
	if i := f.find(name); i >= 0 {
		f.Accounts[i] = e
	} else {
		f.Accounts = append(f.Accounts, e)
		sort.Slice(f.Accounts, func(i, j int) bool { return f.Accounts[i].Name < f.Accounts[j].Name })
	}
	return nil
}

// dummy is unwrapped against when name has no entry, so that an unknown name takes as
// long to refuse as a wrong passphrase.
var dummy = Entry{Salt: make([]byte, 16), Wrapped: make([]byte, chacha20poly1305.NonceSizeX+KeySize+chacha20poly1305.Overhead)}

// Unwrap returns the data key from name's entry with passphrase, or ErrNoEntry. p is the
// cost of the work done for a name without an entry.
func (f *File) Unwrap(name, passphrase string, p Params) ([]byte, error) {
	e := dummy
	e.Params = p
	i := f.find(name)
	if i >= 0 {
		e = f.Accounts[i]
	}
	if e.Params.Memory > 1<<20 || e.Params.Time > 64 || e.Params.Time < 1 || e.Params.Threads < 1 {
		return nil, fmt.Errorf("keyring entry of %s: bad parameters", name)
	}
	aead, err := sealer(passphrase, e.Salt, e.Params)
	if err != nil {
		return nil, err
	}
	if len(e.Wrapped) < aead.NonceSize() {
		return nil, ErrNoEntry
	}
	key, err := aead.Open(nil, e.Wrapped[:aead.NonceSize()], e.Wrapped[aead.NonceSize():], []byte(backend.NameKey(e.Name)))
	if err != nil || i < 0 {
		return nil, ErrNoEntry
	}
	return key, nil
}

// Remove drops name's entry (a disabled account); it reports whether there was one.
func (f *File) Remove(name string) bool {
	i := f.find(name)
	if i < 0 {
		return false
	}
	f.Accounts = append(f.Accounts[:i], f.Accounts[i+1:]...)
	return true
}

// SetRecovery encrypts key to the recovery key's public half, recipient ("age1…").
func (f *File) SetRecovery(recipient string, key []byte) error {
	r, err := age.ParseX25519Recipient(recipient)
	if err != nil {
		return fmt.Errorf("recovery recipient: %w", err)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return err
	}
	if _, err := w.Write(key); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	f.Recipient, f.Recovery = recipient, buf.Bytes()
	return nil
}

// ReplaceRecovery wraps key (the data key of the encrypted database at dbPath) to a new
// recovery key's public half: the recovery key was replaced, and the new one, not the
// old, opens the data now.
func ReplaceRecovery(dbPath string, key []byte, recipient string) error {
	return Update(dbPath, func(f *File) error { return f.SetRecovery(recipient, key) })
}

// UnwrapRecovery returns the data key with the recovery key's secret half
// ("AGE-SECRET-KEY-1…", alone or in its key file's text).
func (f *File) UnwrapRecovery(secret string) ([]byte, error) {
	// The identities keep the secret's scalar (unexported, in filippo.io/age) until they
	// are dropped with this call; the bytes copied from secret (a string, which cannot be
	// zeroed) are zeroed when it returns.
	text := []byte(secret)
	defer clear(text)
	ids, err := age.ParseIdentities(bytes.NewReader(text))
	if err != nil {
		return nil, backend.Invalid("recoveryKey", "That is not a recovery key (it starts with AGE-SECRET-KEY-1).")
	}
	if len(f.Recovery) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "This database's keyring has no recovery key.")
	}
	r, err := age.Decrypt(bytes.NewReader(f.Recovery), ids...)
	if err != nil {
		return nil, backend.Invalid("recoveryKey", "This recovery key is not the practice's: it does not open the data.")
	}
	key, err := io.ReadAll(r)
	if err != nil || len(key) != KeySize {
		return nil, backend.Invalid("recoveryKey", "This recovery key is not the practice's: it does not open the data.")
	}
	return key, nil
}

func (f *File) failure(name string) int {
	for i, x := range f.Failures {
		if backend.NameKey(x.Name) == backend.NameKey(name) {
			return i
		}
	}
	return -1
}

// Failed returns name's failed sign-ins in a row and when the last was.
func (f *File) Failed(name string) (int, time.Time) {
	if i := f.failure(name); i >= 0 {
		return f.Failures[i].Count, f.Failures[i].Last
	}
	return 0, time.Time{}
}

// Fail journals a failed sign-in of name at at.
func (f *File) Fail(name string, at time.Time) {
	i := f.failure(name)
	if i < 0 {
		if len(f.Failures) >= maxJournal {
			sort.Slice(f.Failures, func(i, j int) bool { return f.Failures[i].Last.After(f.Failures[j].Last) })
			f.Failures = f.Failures[:maxJournal-1]
		}
		f.Failures = append(f.Failures, Failure{Name: name})
		i = len(f.Failures) - 1
	}
	f.Failures[i].Count++
	f.Failures[i].Last = at.UTC()
}

// Unaudited returns the failures the audit trail does not have yet and marks them as
// audited; the caller writes them into the trail.
func (f *File) Unaudited() []Failure {
	var out []Failure
	for i := range f.Failures {
		if x := &f.Failures[i]; x.Count > x.Audited {
			out = append(out, *x)
			x.Audited = x.Count
		}
	}
	return out
}

// Clear forgets name's failures (it signed in).
func (f *File) Clear(name string) {
	if i := f.failure(name); i >= 0 {
		f.Failures = append(f.Failures[:i], f.Failures[i+1:]...)
	}
}
