// Package accounts is what a person does with staff accounts: create one, sign in,
// disable and enable, reset a passphrase, change a role. Passphrases are kept only as
// Argon2id hashes (hash.go). Every change, and every sign-in that succeeds or fails, is
// one transaction with its audit event (entity "account", the account's name), made by
// the store's actor.
//
// The rules: the first account is an administrator; nobody disables or demotes the last
// enabled administrator (the practice would be locked out of its own accounts); after
// FreeFailures failed sign-ins in a row the account refuses further attempts until a
// wait that doubles with every failure has passed (Backoff), so guessing is slow while
// the person who mistyped waits seconds, not hours; a successful sign-in or a reset
// clears the count. The wait counts from the last failure by the injected clock.
package accounts

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
)

// Store is the persistence the service needs (storage.Store).
type Store interface {
	ListStaffAccounts(ctx context.Context) ([]backend.StaffAccount, error)
	GetStaffAccount(ctx context.Context, name string) (backend.StaffAccount, error)
	SaveStaffAccount(ctx context.Context, decide func(all []backend.StaffAccount) (storage.AccountChange, error)) (backend.StaffAccount, error)
	RecordEvent(entity, entityID, action string, details any) error
}

// Service runs the account use cases.
type Service struct {
	store Store
	// Now is the clock (the store's, so events and waits agree); tests replace it.
	Now func() time.Time
	// Params are the cost of new hashes and of the keyring's wrapping keys; tests make
	// them cheap.
	Params Params
	// keys keeps the keyring in step when the database is encrypted (nil otherwise).
	keys *keyBook
}

// keyBook is an encrypted database's keyring: a new account and a new passphrase wrap
// the store's data key for it, a disabled account loses its entry. The key is copied
// from the store only for the wrapping and zeroed after it.
type keyBook struct {
	dbPath  string
	dataKey func() []byte // a copy of the data key (storage.Store.DataKey)
}

// New returns the service over s, on s's clock; when s is encrypted, account changes
// keep its keyring in step.
func New(s *storage.Store) *Service {
	svc := &Service{store: s, Now: func() time.Time { return s.Now() }, Params: DefaultParams}
	if s.Encrypted() {
		svc.keys = &keyBook{dbPath: s.Path(), dataKey: s.DataKey}
	}
	return svc
}

// KeyParams are p as the keyring's wrapping cost.
func (p Params) KeyParams() keyring.Params {
	return keyring.Params{Memory: p.Memory, Time: p.Time, Threads: p.Threads}
}

// wrap gives name's passphrase an entry in the keyring (no-op when unencrypted).
func (s *Service) wrap(name, passphrase string) error {
	if s.keys == nil {
		return nil
	}
	key := s.keys.dataKey()
	defer clear(key)
	err := keyring.Update(s.keys.dbPath, func(f *keyring.File) error {
		return f.Wrap(name, passphrase, key, s.Params.KeyParams())
	})
	if err != nil {
		return fmt.Errorf("the account was saved but its key could not be written to the keyring (reset its passphrase to try again): %w", err)
	}
	return nil
}

// unwrap removes name's entry from the keyring (no-op when unencrypted).
func (s *Service) unwrap(name string) error {
	if s.keys == nil {
		return nil
	}
	return keyring.Update(s.keys.dbPath, func(f *keyring.File) error {
		f.Remove(name)
		return nil
	})
}

// notLastKey refuses to disable name when its keyring entry is the only one left: a
// keyring without an account's key is what a creation stopped before its first
// administrator leaves, and the next start would set the practice aside as one.
func (s *Service) notLastKey(name string) error {
	if s.keys == nil {
		return nil
	}
	f, err := keyring.Load(s.keys.dbPath)
	if err != nil {
		return err
	}
	if f.Has(name) && len(f.Accounts) == 1 {
		return backend.Errorf(backend.ECONFLICT, "%s is the only account whose passphrase opens the encrypted data: reset another account's passphrase first (it gets a key then), or nobody could sign in.", name)
	}
	return nil
}

// NewWith returns the service over any Store, on the clock now.
func NewWith(s Store, now func() time.Time) *Service {
	return &Service{store: s, Now: now, Params: DefaultParams}
}

// FreeFailures is how many failed sign-ins in a row cost no wait.
const FreeFailures = 3

// Backoff is how long an account with failures failed sign-ins in a row refuses the
// next: nothing up to FreeFailures, then 30 seconds, doubling with each failure, at
// most 15 minutes.
func Backoff(failures int) time.Duration {
	if failures < FreeFailures {
		return 0
	}
	const first, most = 30 * time.Second, 15 * time.Minute
	n := failures - FreeFailures
	if n > 10 {
		return most
	}
	return min(first*time.Duration(math.Pow(2, float64(n))), most)
}

// RetryAt is when a refused account takes a sign-in again (zero when it does now).
func RetryAt(a backend.StaffAccount) time.Time {
	if d := Backoff(a.FailedAttempts); d > 0 && !a.LastFailureAt.IsZero() {
		return a.LastFailureAt.Add(d)
	}
	return time.Time{}
}

// List returns every account, by name (the hashes stay inside the backend).
func (s *Service) List(ctx context.Context) ([]backend.StaffAccount, error) {
	return s.store.ListStaffAccounts(ctx)
}

// Create adds an account; the first one must be an administrator. Every problem with
// the name, role and passphrase is listed.
func (s *Service) Create(ctx context.Context, name string, role backend.Role, passphrase string) (backend.StaffAccount, error) {
	var v backend.ValidationError
	v.Add(backend.ValidateAccountName(name))
	role, err := backend.ParseRole("role", string(role))
	v.Add(err)
	v.Add(backend.ValidatePassphrase(passphrase))
	if err := v.Err(); err != nil {
		return backend.StaffAccount{}, err
	}
	hash, err := Hash(passphrase, s.Params)
	if err != nil {
		return backend.StaffAccount{}, err
	}
	now := s.Now().UTC()
	a, err := s.store.SaveStaffAccount(ctx, func(all []backend.StaffAccount) (storage.AccountChange, error) {
		if len(all) == 0 && role != backend.RoleAdministrator {
			return storage.AccountChange{}, backend.Invalid("role", "The first staff account must be an administrator, so that someone can manage the others.")
		}
		for _, a := range all {
			if backend.NameKey(a.Name) == backend.NameKey(name) {
				return storage.AccountChange{}, backend.Invalid("name", "A staff account named %q exists already.", a.Name)
			}
		}
		return storage.AccountChange{Action: "create", Account: backend.StaffAccount{Name: name, Role: role,
			PassphraseHash: hash, CreatedAt: now, UpdatedAt: now}}, nil
	})
	if err != nil {
		return a, err
	}
	return a, s.wrap(a.Name, passphrase)
}

// ErrSignIn is the one answer to a wrong name or a wrong passphrase, so a guesser does
// not learn which names exist (package signin gives it too, when the keyring refuses).
func ErrSignIn() error { return errSignIn() }

func errSignIn() error {
	return backend.Invalid("passphrase", "The name or the passphrase is not right.")
}

// dummyHash is verified against when the name is unknown, so that an unknown name takes
// as long to refuse as a wrong passphrase.
var dummyHash = sync.OnceValue(func() string {
	h, _ := Hash("no account has this passphrase", DefaultParams)
	return h
})

// SignIn checks name's passphrase and returns the account. Every failure is audited
// ("sign-in-failed", or "sign-in-refused" while the account waits after failures); a
// success is audited too ("sign-in") and clears the failure count.
func (s *Service) SignIn(ctx context.Context, name, passphrase string) (backend.StaffAccount, error) {
	now := s.Now().UTC()
	a, err := s.store.GetStaffAccount(ctx, name)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		Verify(passphrase, dummyHash())
		if err := s.store.RecordEvent("account", name, "sign-in-failed", map[string]string{"reason": "no such account"}); err != nil {
			return backend.StaffAccount{}, err
		}
		return backend.StaffAccount{}, errSignIn()
	}
	if err != nil {
		return backend.StaffAccount{}, err
	}
	if at := RetryAt(a); now.Before(at) {
		wait := at.Sub(now)
		if err := s.store.RecordEvent("account", a.Name, "sign-in-refused", map[string]any{
			"reason": "too many failed sign-ins", "failedAttempts": a.FailedAttempts, "retryAt": at.Format(time.RFC3339)}); err != nil {
			return backend.StaffAccount{}, err
		}
		return backend.StaffAccount{}, backend.Errorf(backend.ECONFLICT,
			"Too many failed sign-ins for %s: try again in %s.", a.Name, roundUp(wait))
	}
	ok, err := Verify(passphrase, a.PassphraseHash)
	if err != nil {
		return backend.StaffAccount{}, fmt.Errorf("account %s: %w", a.Name, err)
	}
	reason := ""
	switch {
	case !ok:
		reason = "wrong passphrase"
	case a.Disabled:
		reason = "account disabled"
	}
	saved, err := s.store.SaveStaffAccount(ctx, func(all []backend.StaffAccount) (storage.AccountChange, error) {
		cur, err := find(all, a.Name)
		if err != nil {
			return storage.AccountChange{}, err
		}
		cur.UpdatedAt = now
		if reason == "" {
			cur.FailedAttempts, cur.LastFailureAt = 0, time.Time{}
			return storage.AccountChange{Action: "sign-in", Account: cur, Details: map[string]any{"role": cur.Role}}, nil
		}
		if reason == "wrong passphrase" {
			cur.FailedAttempts, cur.LastFailureAt = cur.FailedAttempts+1, now
		}
		return storage.AccountChange{Action: "sign-in-failed", Account: cur,
			Details: map[string]any{"reason": reason, "failedAttempts": cur.FailedAttempts}}, nil
	})
	switch {
	case err != nil:
		return backend.StaffAccount{}, err
	case reason == "account disabled":
		return backend.StaffAccount{}, backend.Errorf(backend.ECONFLICT, "The staff account %s is disabled; an administrator can enable it.", a.Name)
	case reason != "":
		return backend.StaffAccount{}, errSignIn()
	}
	return saved, nil
}

// roundUp says a wait in whole seconds or minutes, never less than it is.
func roundUp(d time.Duration) string {
	if d <= time.Minute {
		return fmt.Sprintf("%d seconds", int(math.Ceil(d.Seconds())))
	}
	m := int(math.Ceil(d.Minutes()))
	return fmt.Sprintf("%d minutes", m)
}

func find(all []backend.StaffAccount, name string) (backend.StaffAccount, error) {
	for _, a := range all {
		if backend.NameKey(a.Name) == backend.NameKey(name) {
			return a, nil
		}
	}
	return backend.StaffAccount{}, backend.NoSuchAccount(name)
}

// change applies mutate to name's account in one transaction and audits it as action,
// refusing to leave the practice without an enabled administrator (field names the
// form field that would do it).
func (s *Service) change(ctx context.Context, name, action, field string, mutate func(a *backend.StaffAccount) error) (backend.StaffAccount, error) {
	now := s.Now().UTC()
	return s.store.SaveStaffAccount(ctx, func(all []backend.StaffAccount) (storage.AccountChange, error) {
		a, err := find(all, name)
		if err != nil {
			return storage.AccountChange{}, err
		}
		wasAdmin := a.EnabledAdministrator()
		if err := mutate(&a); err != nil {
			return storage.AccountChange{}, err
		}
		if wasAdmin && !a.EnabledAdministrator() {
			others := 0
			for _, o := range all {
				if o.ID != a.ID && o.EnabledAdministrator() {
					others++
				}
			}
			if others == 0 {
				return storage.AccountChange{}, &backend.Error{Code: backend.ECONFLICT, Field: field, Message: fmt.Sprintf(
					"%s is the last enabled administrator: make another account an administrator first, or nobody could manage the accounts.", a.Name)}
			}
		}
		a.UpdatedAt = now
		return storage.AccountChange{Action: action, Account: a}, nil
	})
}

// Disable stops name from signing in; its history stays. In an encrypted database its
// keyring entry goes too, so its passphrase no longer opens the data.
func (s *Service) Disable(ctx context.Context, name string) (backend.StaffAccount, error) {
	if err := s.notLastKey(name); err != nil {
		return backend.StaffAccount{}, err
	}
	a, err := s.change(ctx, name, "disable", "", func(a *backend.StaffAccount) error {
		if a.Disabled {
			return backend.Errorf(backend.ECONFLICT, "The staff account %s is disabled already.", a.Name)
		}
		a.Disabled = true
		return nil
	})
	if err != nil {
		return a, err
	}
	return a, s.unwrap(a.Name)
}

// Enable lets a disabled account sign in again. In an encrypted database its key was
// removed when it was disabled: an administrator then resets its passphrase
// (ResetPassphrase), which gives it a key again; until then its sign-in is refused.
func (s *Service) Enable(ctx context.Context, name string) (backend.StaffAccount, error) {
	return s.change(ctx, name, "enable", "", func(a *backend.StaffAccount) error {
		if !a.Disabled {
			return backend.Errorf(backend.ECONFLICT, "The staff account %s is enabled already.", a.Name)
		}
		a.Disabled = false
		return nil
	})
}

// ResetPassphrase gives name a new passphrase and clears its failed sign-ins.
func (s *Service) ResetPassphrase(ctx context.Context, name, passphrase string) (backend.StaffAccount, error) {
	if err := backend.ValidatePassphrase(passphrase); err != nil {
		return backend.StaffAccount{}, err
	}
	hash, err := Hash(passphrase, s.Params)
	if err != nil {
		return backend.StaffAccount{}, err
	}
	a, err := s.change(ctx, name, "reset-passphrase", "", func(a *backend.StaffAccount) error {
		a.PassphraseHash, a.FailedAttempts, a.LastFailureAt = hash, 0, time.Time{}
		return nil
	})
	if err != nil || a.Disabled {
		return a, err
	}
	if err := s.wrap(a.Name, passphrase); err != nil {
		return a, err
	}
	return a, s.clearFailures(a.Name)
}

// clearFailures forgets name's journalled failed sign-ins (a reset), so the new
// passphrase is not refused for the old one's failures.
func (s *Service) clearFailures(name string) error {
	if s.keys == nil {
		return nil
	}
	return keyring.Update(s.keys.dbPath, func(f *keyring.File) error {
		f.Clear(name)
		return nil
	})
}

// ChangeRole gives name another role.
func (s *Service) ChangeRole(ctx context.Context, name string, role backend.Role) (backend.StaffAccount, error) {
	r, err := backend.ParseRole("role", string(role))
	if err != nil {
		return backend.StaffAccount{}, err
	}
	return s.change(ctx, name, "change-role", "role", func(a *backend.StaffAccount) error {
		if a.Role == r {
			return backend.Invalid("role", "%s is %s already.", a.Name, r)
		}
		a.Role = r
		return nil
	})
}
