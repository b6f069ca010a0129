// Package signin is the one door to the practice's database: the window and the command
// line open it only through a staff account's name and passphrase, so every audit event
// names a real account (HIPAA Security Rule, unique user identification,
// 45 CFR 164.312(a)(2)(i)). A new database, or one from before staff accounts, gets its
// first administrator through Create.
//
// The database is encrypted (45 CFR 164.312(a)(2)(iv)): its data key is kept wrapped in
// the keyring beside it (package keyring), once per account and once to the practice's
// recovery key, which Create makes and hands to Options.RecoveryKey to be printed. Open
// unwraps the key with the passphrase before anything else; a failure is journalled in
// the keyring (the database cannot be written before it opens), its wait applied from
// there, and written into the audit trail at the next sign-in. OpenWithRecoveryKey is
// the emergency access (recovery.go); a database from before encryption is encrypted at
// an administrator's sign-in (upgrade.go).
package signin

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
)

// Status is what the database at a path needs before anyone works in it.
type Status string

const (
	// StatusNew: there is no database yet; Create makes it with its first administrator.
	StatusNew Status = "new"
	// StatusNoAccounts: a database from before staff accounts; Create makes its first
	// administrator.
	StatusNoAccounts Status = "no-accounts"
	// StatusReady: the database has accounts; Open signs one in.
	StatusReady Status = "ready"
)

// openKeyed opens a store with its data key (storage.OpenKeyed, which keeps a copy):
// sign-in, creation, encryption and emergency access zero their own copy of the key
// (unwrapped, or made) once it is handed over. Tests wrap it to see that they do.
var openKeyed = storage.OpenKeyed

// Options are what the caller knows about the person at the computer.
type Options struct {
	// Now is the store's clock (nil: time.Now).
	Now func() time.Time
	// OSUser is the operating-system account, recorded beside the staff account.
	OSUser string
	// RecoveryKey receives the secret half of the recovery key Create makes with a new
	// database (or with the encryption of an old one): "AGE-SECRET-KEY-1…", to be shown
	// once and printed (backup.Service.SaveRecoveryKey writes its key file and the
	// page of instructions). It is called before Create returns; nil drops the secret
	// (tests).
	RecoveryKey func(secret string)
	// Cost is the Argon2id cost of new passphrase hashes and key wrappings (zero:
	// accounts.DefaultParams); tests make it cheap.
	Cost accounts.Params
}

func (o Options) apply(s *storage.Store, a backend.StaffAccount) {
	if o.Now != nil {
		s.Now = o.Now
	}
	s.Actor = backend.Actor{OSUser: o.OSUser, Staff: a.Name}
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) cost() accounts.Params {
	if o.Cost == (accounts.Params{}) {
		return accounts.DefaultParams
	}
	return o.Cost
}

func (o Options) accounts(s *storage.Store) *accounts.Service {
	svc := accounts.New(s)
	svc.Params = o.cost()
	return svc
}

func exists(path string) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, backend.Errorf(backend.EINVALID, "Cannot read %s: %v", path, err)
	}
	return true, nil
}

// Check says whether the database at path exists and has staff accounts. An encrypted
// database is ready: its accounts are what its keyring holds keys for. A PostgreSQL
// database (a postgres:// URL) exists on its server: its accounts tell, and it is new
// while it has neither an account nor anything in its audit trail (an empty database,
// or one only opened), not a practice from before staff accounts.
func Check(ctx context.Context, path string) (Status, error) {
	if !storage.IsPostgresURL(path) {
		if ok, err := exists(path); err != nil || !ok {
			return StatusNew, err
		}
		if keyring.Exists(path) {
			if aside, err := setAsideUnfinished(path, Options{}); err != nil || aside {
				return StatusNew, err
			}
			return StatusReady, nil
		}
	}
	s, err := storage.Open(path)
	if err != nil {
		return "", err
	}
	defer s.Close()
	all, err := s.ListStaffAccounts(ctx)
	if err != nil {
		return "", err
	}
	if len(all) > 0 {
		return StatusReady, nil
	}
	if storage.IsPostgresURL(path) {
		if events, err := s.ChangeMarker(); err != nil || events == 0 {
			return StatusNew, err
		}
	}
	return StatusNoAccounts, nil
}

// Open opens the database at path for the account name, whose passphrase is checked
// (and every failure audited). The store's actor is that account. A database from before
// encryption is encrypted first when name is an administrator (upgrade.go), and refused
// for anyone else.
func Open(ctx context.Context, path, name, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	if storage.IsPostgresURL(path) {
		// A server's database is opened once, and its accounts asked there (Check
		// would open it a second time).
		return openServer(ctx, path, name, passphrase, opt)
	}
	st, err := Check(ctx, path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	if st != StatusReady {
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ENOTFOUND,
			"%s has no staff accounts yet: create its first administrator first.", path)
	}
	if !keyring.Exists(path) {
		return openPlain(ctx, path, name, passphrase, opt)
	}
	key, err := unlock(path, name, passphrase, opt)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	defer clear(key) // the store keeps its own copy
	s, err := openKeyed(path, key)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(s, backend.StaffAccount{})
	if err := auditJournal(path, s, name); err != nil {
		s.Close()
		return nil, backend.StaffAccount{}, err
	}
	a, err := signInOn(ctx, s, name, passphrase, opt)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	RemoveOpenedCopies(opt.now())
	return s, a, nil
}

// signInOn signs name in on s and makes the account the actor of what s records; s is
// closed when the sign-in fails.
func signInOn(ctx context.Context, s *storage.Store, name, passphrase string, opt Options) (backend.StaffAccount, error) {
	opt.apply(s, backend.StaffAccount{})
	a, err := opt.accounts(s).SignIn(ctx, name, passphrase)
	if err != nil {
		s.Close()
		return backend.StaffAccount{}, err
	}
	opt.apply(s, a)
	return a, nil
}

// unlock unwraps the data key of the database at path with name's passphrase, after the
// wait its journalled failures impose; a failure is journalled.
func unlock(path, name, passphrase string, opt Options) ([]byte, error) {
	f, err := keyring.Load(path)
	if err != nil {
		return nil, err
	}
	now := opt.now().UTC()
	count, last := f.Failed(name)
	if at := accounts.RetryAt(backend.StaffAccount{Name: name, FailedAttempts: count, LastFailureAt: last}); now.Before(at) {
		return nil, backend.Errorf(backend.ECONFLICT, "Too many failed sign-ins for %s: try again in %s.", name,
			at.Sub(now).Round(time.Second))
	}
	key, err := f.Unwrap(name, passphrase, opt.cost().KeyParams())
	if errors.Is(err, keyring.ErrNoEntry) {
		if err := keyring.Update(path, func(f *keyring.File) error {
			f.Fail(name, now)
			return nil
		}); err != nil {
			return nil, err
		}
		slog.Warn("sign-in refused by the keyring", "path", path)
		return nil, accounts.ErrSignIn()
	}
	return key, err
}

// auditJournal writes the keyring's journalled failed sign-ins into the audit trail of
// s, just opened for name, and forgets name's (it knew its passphrase).
func auditJournal(path string, s *storage.Store, name string) error {
	return keyring.Update(path, func(f *keyring.File) error {
		for _, x := range f.Unaudited() {
			if err := s.RecordEvent("account", x.Name, "sign-in-failed", map[string]any{
				"reason":         "wrong name or passphrase (refused by the keyring before the database opened)",
				"failedAttempts": x.Count, "lastFailure": x.Last.Format(time.RFC3339)}); err != nil {
				return err
			}
		}
		f.Clear(name)
		return nil
	})
}

// openServer signs name in to the PostgreSQL database at the URL path, refused while it
// has no staff accounts yet (as Open refuses any such database). The server encrypts
// its own storage (README, PostgreSQL): nothing is upgraded.
func openServer(ctx context.Context, path, name, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	s, err := storage.Open(path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	all, err := s.ListStaffAccounts(ctx)
	if err == nil && len(all) == 0 {
		err = backend.Errorf(backend.ENOTFOUND, "%s has no staff accounts yet: create its first administrator first.", storage.RedactLocation(path))
	}
	if err != nil {
		s.Close()
		return nil, backend.StaffAccount{}, err
	}
	a, err := signInOn(ctx, s, name, passphrase, opt)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	RemoveOpenedCopies(opt.now())
	return s, a, nil
}

// openPlain signs name in to an unencrypted database file: an administrator's sign-in
// encrypts it (upgrade.go); anyone else is asked to let an administrator sign in first.
func openPlain(ctx context.Context, path, name, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	s, err := storage.Open(path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	a, err := signInOn(ctx, s, name, passphrase, opt)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	return upgrade(ctx, s, a, passphrase, opt)
}

// Create makes the database at path if it does not exist, with name as its first
// administrator, and returns it opened for that account. It refuses a database that has
// accounts already: someone signs in there. A new database file is encrypted with a new
// data key (a server encrypts its own), and a recovery key is made for it
// (Options.RecoveryKey).
func Create(ctx context.Context, path, name, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	st, err := Check(ctx, path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	if st == StatusReady {
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ECONFLICT,
			"%s has staff accounts already: sign in with one of them.", path)
	}
	if err := backend.ValidatePassphrase(passphrase); err != nil {
		return nil, backend.StaffAccount{}, err
	}
	if err := backend.ValidateAccountName(name); err != nil {
		return nil, backend.StaffAccount{}, err
	}
	if st == StatusNoAccounts || storage.IsPostgresURL(path) {
		s, err := storage.Open(path)
		if err != nil {
			return nil, backend.StaffAccount{}, err
		}
		opt.apply(s, backend.StaffAccount{Name: name})
		a, err := opt.accounts(s).Create(ctx, name, backend.RoleAdministrator, passphrase)
		if err != nil {
			s.Close()
			return nil, backend.StaffAccount{}, err
		}
		opt.apply(s, a)
		if storage.IsPostgresURL(path) {
			// A server's database is not encrypted by Privacy Desk, but the practice's
			// recovery key is made with its first administrator all the same: the
			// automatic backups are encrypted to it.
			if err := firstRecoveryKey(ctx, s, opt); err != nil {
				s.Close()
				return nil, backend.StaffAccount{}, err
			}
			return s, a, nil
		}
		return upgrade(ctx, s, a, passphrase, opt)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, backend.StaffAccount{}, backend.Errorf(backend.EINVALID, "Cannot create the data folder %s: %v", filepath.Dir(path), err)
	}
	key, err := keyring.NewKey()
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	defer clear(key) // wrapped in the keyring; the store keeps its own copy
	id, err := newRecovery(path, key)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	s, err := openKeyed(path, key)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(s, backend.StaffAccount{Name: name})
	a, err := opt.accounts(s).Create(ctx, name, backend.RoleAdministrator, passphrase)
	if err == nil {
		err = s.SetRecoveryRecipient(ctx, id.Recipient().String())
	}
	if err != nil {
		s.Close()
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(s, a)
	if opt.RecoveryKey != nil {
		opt.RecoveryKey(id.String())
	}
	return s, a, nil
}

// newRecovery writes a new keyring for the database at path with key wrapped to a new
// recovery key, which it returns.
func newRecovery(path string, key []byte) (*age.X25519Identity, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	f := keyring.New()
	if err := f.SetRecovery(id.Recipient().String(), key); err != nil {
		return nil, err
	}
	return id, f.Save(path)
}

// firstRecoveryKey makes the recovery key of the database open as s when it has none
// yet, records its public half and hands the secret to Options.RecoveryKey.
func firstRecoveryKey(ctx context.Context, s *storage.Store, opt Options) error {
	if r, err := s.RecoveryRecipient(ctx); err != nil || r != "" {
		return err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	if err := s.SetRecoveryRecipient(ctx, id.Recipient().String()); err != nil {
		return err
	}
	if opt.RecoveryKey != nil {
		opt.RecoveryKey(id.String())
	}
	return nil
}
