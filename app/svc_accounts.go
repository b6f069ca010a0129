package main

import (
	"context"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
)

// AccountService is the administrator's screen of staff accounts (Settings → Accounts):
// list, add, disable and enable, reset a passphrase, change a role. The rules (the last
// administrator stays, every change audited) are package accounts'.
type AccountService struct{ d *desk }

func (s *AccountService) startup(_ context.Context, d *desk) { s.d = d }

// AccountRow is one account as the screen lists it.
type AccountRow struct {
	Name     string       `json:"name"`
	Role     backend.Role `json:"role"`
	Disabled bool         `json:"disabled"`
	// FailedAttempts are the failed sign-ins since the last that succeeded.
	FailedAttempts int `json:"failedAttempts"`
	// Current is the signed-in account.
	Current bool `json:"current"`
	// LastSignIn is when the account last signed in, from the audit trail (zero when it
	// never has).
	LastSignIn time.Time `json:"lastSignIn"`
}

func (s *AccountService) service() (*accounts.Service, context.Context, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, nil, toUI(err)
	}
	return accounts.New(st), s.d.callCtx(), nil
}

// List returns every staff account, by name, with its last sign-in.
func (s *AccountService) List() ([]AccountRow, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	all, err := accounts.New(st).List(s.d.callCtx())
	if err != nil {
		return nil, toUI(err)
	}
	s.d.mu.RLock()
	me := s.d.account.Name
	s.d.mu.RUnlock()
	rows := make([]AccountRow, len(all))
	for i, a := range all {
		rows[i] = AccountRow{Name: a.Name, Role: a.Role, Disabled: a.Disabled, FailedAttempts: a.FailedAttempts,
			Current: backend.NameKey(a.Name) == backend.NameKey(me)}
		last, _, err := st.ListAuditEvents(backend.AuditFilter{Entity: "account", EntityID: a.Name, Action: "sign-in", Limit: 1})
		if err != nil {
			return nil, toUI(err)
		}
		if len(last) == 1 {
			rows[i].LastSignIn = last[0].At
		}
	}
	return rows, nil
}

// Create adds an account with its first passphrase.
func (s *AccountService) Create(name string, role backend.Role, passphrase string) error {
	return s.change(func(svc *accounts.Service, ctx context.Context) (backend.StaffAccount, error) {
		return svc.Create(ctx, name, role, passphrase)
	})
}

// Disable stops an account from signing in (never the last administrator).
func (s *AccountService) Disable(name string) error {
	return s.change(func(svc *accounts.Service, ctx context.Context) (backend.StaffAccount, error) {
		return svc.Disable(ctx, name)
	})
}

// Enable lets a disabled account sign in again.
func (s *AccountService) Enable(name string) error {
	return s.change(func(svc *accounts.Service, ctx context.Context) (backend.StaffAccount, error) {
		return svc.Enable(ctx, name)
	})
}

// ResetPassphrase gives an account a new passphrase (and clears its failed sign-ins).
func (s *AccountService) ResetPassphrase(name, passphrase string) error {
	return s.change(func(svc *accounts.Service, ctx context.Context) (backend.StaffAccount, error) {
		return svc.ResetPassphrase(ctx, name, passphrase)
	})
}

// ChangeRole gives an account another role (never demoting the last administrator).
func (s *AccountService) ChangeRole(name string, role backend.Role) error {
	return s.change(func(svc *accounts.Service, ctx context.Context) (backend.StaffAccount, error) {
		return svc.ChangeRole(ctx, name, role)
	})
}

// change runs one account change; when it was the signed-in account's own, the session
// follows it (a new role applies at once; a disabled account is signed out).
func (s *AccountService) change(do func(*accounts.Service, context.Context) (backend.StaffAccount, error)) error {
	svc, ctx, err := s.service()
	if err != nil {
		return err
	}
	a, err := do(svc, ctx)
	if err != nil {
		return toUI(err)
	}
	d := s.d
	d.mu.Lock()
	mine := backend.NameKey(a.Name) == backend.NameKey(d.account.Name)
	if mine {
		d.account = a
	}
	d.mu.Unlock()
	if mine && a.Disabled {
		return (&SessionService{d: d}).SignOut()
	}
	return nil
}
