package signin

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/dbfile"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
)

// upgrade encrypts the unencrypted database open as s, for a signed in: the data of a
// practice from before encryption is encrypted at its administrator's first sign-in.
// First a backup, encrypted with the administrator's passphrase, goes into the backups
// folder beside the database; then an encrypted copy is written beside the database
// with a new data key, the keyring is written for the administrator (and the recovery
// key: the practice's own when it has one, else a new one, handed to
// Options.RecoveryKey), and both replace the old files under the restore journal
// (package dbfile), so a crash leaves either the old database or the new one with its
// keys. The unencrypted file is then deleted (the backup holds it). Other accounts get
// their keys when an administrator resets their passphrases (AccountsWithoutKey). Anyone
// but an administrator is refused, and nothing changes.
func upgrade(ctx context.Context, s *storage.Store, a backend.StaffAccount, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	if a.Role != backend.RoleAdministrator {
		s.Close()
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ECONFLICT,
			"The practice's data is not encrypted yet: an administrator must sign in first, which encrypts it. Ask your administrator, then sign in again.")
	}
	path := s.Path()
	stamp := s.Now().UTC().Format("20060102-150405")
	out := filepath.Join(filepath.Dir(path), "backups", "privacydesk-before-encryption-"+stamp+backup.Extension)
	if _, err := backup.New(s, "").Backup(ctx, out, passphrase, nil); err != nil {
		s.Close()
		return nil, backend.StaffAccount{}, fmt.Errorf("the backup before encrypting the database failed, so it was not encrypted: %w", err)
	}
	recipient, err := s.RecoveryRecipient(ctx)
	if err != nil {
		s.Close()
		return nil, backend.StaffAccount{}, err
	}
	s.Close()
	key, err := keyring.NewKey()
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	defer clear(key) // wrapped in the keyring; the store keeps its own copy
	var made *age.X25519Identity
	if recipient == "" {
		if made, err = age.GenerateX25519Identity(); err != nil {
			return nil, backend.StaffAccount{}, err
		}
		recipient = made.Recipient().String()
	}
	setAside, err := encryptFile(path, key, recipient, a.Name, passphrase, opt, out)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	e, err := openKeyed(path, key)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(e, a)
	fail := func(err error) (*storage.Store, backend.StaffAccount, error) {
		e.Close()
		return nil, backend.StaffAccount{}, err
	}
	if made != nil {
		if err := e.SetRecoveryRecipient(ctx, recipient); err != nil {
			return fail(err)
		}
	}
	waiting, err := AccountsWithoutKey(ctx, e)
	if err != nil {
		return fail(err)
	}
	if err := e.RecordEvent("practice", "database", "encrypt", map[string]any{"backup": out,
		"recoveryKeyMade": made != nil, "accountsNeedingReset": waiting}); err != nil {
		return fail(err)
	}
	// The unencrypted database set aside goes: it is the PHI in clear the encryption is
	// for, and the backup just made holds it.
	for _, p := range setAside {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(p + suffix); err != nil && !os.IsNotExist(err) {
				slog.Warn("unencrypted database not removed after encrypting it", "path", p+suffix, "err", err)
			}
		}
	}
	slog.Info("database encrypted", "path", path, "backup", out)
	if made != nil && opt.RecoveryKey != nil {
		opt.RecoveryKey(made.String())
	}
	return e, a, nil
}

// encryptFile replaces the unencrypted database at path (closed) by its copy encrypted
// under key, with its keyring (name's passphrase and the recovery recipient), under the
// database's exclusive lock and the restore journal; source names the backup made
// before. It returns the set-aside unencrypted database.
func encryptFile(path string, key []byte, recipient, name, passphrase string, opt Options, source string) ([]string, error) {
	lock, err := dbfile.Exclusive(path)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if note, err := dbfile.RecoverLocked(path); err != nil {
		return nil, err
	} else if note != "" {
		slog.Warn(note)
	}
	dbfile.RemoveStale(path)
	pattern, _ := dbfile.StagingPatterns(path)
	work, err := os.MkdirTemp(filepath.Dir(path), pattern)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot write in %s: %v", filepath.Dir(path), err)
	}
	defer func() {
		if !dbfile.Pending(path) {
			os.RemoveAll(work)
		}
	}()
	staged := filepath.Join(work, "database.sqlite")
	if err := storage.EncryptCopy(path, staged, key); err != nil {
		return nil, err
	}
	f := keyring.New()
	if err := f.SetRecovery(recipient, key); err != nil {
		return nil, err
	}
	if err := f.Wrap(name, passphrase, key, opt.cost().KeyParams()); err != nil {
		return nil, err
	}
	if err := f.Save(staged); err != nil {
		return nil, err
	}
	return dbfile.Replace(dbfile.Plan{DBPath: path, StagedDB: staged, Source: source, Staging: []string{work},
		Keyring: keyring.Path(path), StagedKeyring: keyring.Path(staged)})
}

// AccountsWithoutKey are the enabled accounts of the encrypted store s whose passphrase
// has no key in the keyring yet (they existed before the database was encrypted, or
// were enabled again): they cannot sign in until an administrator resets their
// passphrase. Nil for an unencrypted store.
func AccountsWithoutKey(ctx context.Context, s *storage.Store) ([]string, error) {
	if !s.Encrypted() {
		return nil, nil
	}
	f, err := keyring.Load(s.Path())
	if err != nil {
		return nil, err
	}
	all, err := s.ListStaffAccounts(ctx)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, a := range all {
		if !a.Disabled && !f.Has(a.Name) {
			out = append(out, a.Name)
		}
	}
	return out, nil
}
