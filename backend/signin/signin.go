// Package signin is the one door to the practice's database: the window and the command
// line open it only through a staff account's name and passphrase, so every audit event
// names a real account (HIPAA Security Rule, unique user identification,
// 45 CFR 164.312(a)(2)(i)). A new database, or one from before staff accounts, gets its
// first administrator through Create.
package signin

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
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

// Options are what the caller knows about the person at the computer.
type Options struct {
	// Now is the store's clock (nil: time.Now).
	Now func() time.Time
	// OSUser is the operating-system account, recorded beside the staff account.
	OSUser string
}

func (o Options) apply(s *storage.Store, a backend.StaffAccount) {
	if o.Now != nil {
		s.Now = o.Now
	}
	s.Actor = backend.Actor{OSUser: o.OSUser, Staff: a.Name}
}

// Check says whether the database at path exists and has staff accounts. A PostgreSQL
// database (a postgres:// URL) exists on its server: its accounts tell.
func Check(ctx context.Context, path string) (Status, error) {
	if !storage.IsPostgresURL(path) {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return StatusNew, nil
		} else if err != nil {
			return "", backend.Errorf(backend.EINVALID, "Cannot read %s: %v", path, err)
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
	if len(all) == 0 {
		return StatusNoAccounts, nil
	}
	return StatusReady, nil
}

// Open opens the database at path for the account name, whose passphrase is checked
// (and every failure audited). The store's actor is that account.
func Open(ctx context.Context, path, name, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	st, err := Check(ctx, path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	if st != StatusReady {
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ENOTFOUND,
			"%s has no staff accounts yet: create its first administrator first.", path)
	}
	s, err := storage.Open(path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(s, backend.StaffAccount{})
	svc := accounts.New(s)
	a, err := svc.SignIn(ctx, name, passphrase)
	if err != nil {
		s.Close()
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(s, a)
	return s, a, nil
}

// Create makes the database at path if it does not exist, with name as its first
// administrator, and returns it opened for that account. It refuses a database that has
// accounts already: someone signs in there.
func Create(ctx context.Context, path, name, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	st, err := Check(ctx, path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	if st == StatusReady {
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ECONFLICT,
			"%s has staff accounts already: sign in with one of them.", path)
	}
	s, err := storage.Open(path)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(s, backend.StaffAccount{Name: name})
	a, err := accounts.New(s).Create(ctx, name, backend.RoleAdministrator, passphrase)
	if err != nil {
		s.Close()
		return nil, backend.StaffAccount{}, err
	}
	opt.apply(s, a)
	return s, a, nil
}
