package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/dbsecret"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
)

// SessionService is who works in the window: the first administrator of a new
// database, signing in and out, and the lock (HIPAA's unique user identification and
// automatic logoff, 45 CFR 164.312(a)(2)(i) and (iii)). The database is opened only by
// signing in (package signin), so every audit event names the signed-in account.
type SessionService struct{ d *desk }

func (s *SessionService) startup(_ context.Context, d *desk) { s.d = d }

// The states of the session the window shows (SessionInfo.State).
const (
	SessionNew        = "new"         // no database yet: create the first administrator
	SessionNoAccounts = "no-accounts" // a database from before staff accounts: the same
	SessionSignedOut  = "signed-out"  // sign in
	SessionSignedIn   = "signed-in"
	SessionLocked     = "locked" // unlock with the same account's passphrase
	// The PostgreSQL server wants a password the credential store does not hold: the
	// sign-in screen asks for it (SessionService.GiveDatabasePassword).
	SessionDBPassword = "db-password"
)

// Idle lock: the window locks after this long without input (a setting, in minutes).
const (
	defaultIdleLockMinutes = 10
	maxIdleLockMinutes     = 30
)

// SessionInfo is what the window needs to know about the session.
type SessionInfo struct {
	State   string       `json:"state"`
	Account string       `json:"account"` // the signed-in (or locked) account's name
	Role    backend.Role `json:"role"`
	// Permissions are what the role may do (backend.RolePermissions): the window hides
	// what it may not.
	Permissions []backend.Permission `json:"permissions"`
	// IdleLockSeconds is how long without input locks the window.
	IdleLockSeconds int `json:"idleLockSeconds"`
	// DatabaseAccount, in the SessionDBPassword state, is whose password the server wants
	// (user@host:port/db).
	DatabaseAccount string `json:"databaseAccount"`
}

// SignedIn is the answer to a sign-in or to creating the first administrator.
type SignedIn struct {
	Session SessionInfo `json:"session"`
	// RecoveryKey is shown once, to be printed, when creating the first administrator
	// made one (encryption at rest); "" otherwise.
	RecoveryKey string `json:"recoveryKey"`
}

// session describes the session; when nobody is signed in it asks the database at the
// desk's path whether it is new or has accounts.
func (d *desk) session(ctx context.Context) (SessionInfo, error) {
	d.lockIfIdle()
	d.mu.RLock()
	a, locked := d.account, d.locked
	d.mu.RUnlock()
	if a.Name == "" {
		status, err := signin.Check(ctx, d.dbPath)
		if account, need := passwordNeeded(err); need {
			return SessionInfo{State: SessionDBPassword, DatabaseAccount: account}, nil
		}
		if err != nil {
			return SessionInfo{}, err
		}
		switch status {
		case signin.StatusNew:
			return SessionInfo{State: SessionNew}, nil
		case signin.StatusNoAccounts:
			return SessionInfo{State: SessionNoAccounts}, nil
		}
		return SessionInfo{State: SessionSignedOut}, nil
	}
	info := SessionInfo{State: SessionSignedIn, Account: a.Name, Role: a.Role, Permissions: backend.RolePermissions[a.Role]}
	if locked {
		info.State, info.Permissions = SessionLocked, nil
	}
	limit := d.idleLimit(ctx)
	d.mu.Lock()
	d.idle.limit = limit
	d.mu.Unlock()
	info.IdleLockSeconds = int(limit / time.Second)
	return info, nil
}

// idleLockMinutes is the practice's idle lock setting (the default when unset or unreadable).
func idleLockMinutes(ctx context.Context, st *storage.Store) int {
	if st == nil {
		return defaultIdleLockMinutes
	}
	v, err := st.GetAppState(ctx, storage.AppStateIdleLockMinutes)
	if n, convErr := strconv.Atoi(v); err == nil && convErr == nil && n >= 1 && n <= maxIdleLockMinutes {
		return n
	}
	return defaultIdleLockMinutes
}

// begin makes st, opened for account a, the desk's database.
func (d *desk) begin(ctx context.Context, st *storage.Store, a backend.StaffAccount) (SessionInfo, error) {
	d.mu.Lock()
	if d.store != nil { // two sign-ins raced: keep the first
		d.mu.Unlock()
		st.Close()
		return SessionInfo{}, backend.Errorf(backend.ECONFLICT, "%s is signed in already: sign out first.", d.account.Name)
	}
	d.store, d.openErr, d.account, d.locked = st, nil, a, false
	d.idle.restart() // the idle clock starts with the session (its limit: d.session below)
	after := d.afterSignIn
	kept, account := d.dbPasswordKept, d.dbPasswordAccount
	d.dbPasswordKept = false
	d.mu.Unlock()
	// The server's password, given on the sign-in screen, went to the credential store:
	// recorded as db-password set records it, without the password.
	if kept {
		if err := st.RecordEvent("database", account, "password-stored", map[string]string{"store": dbsecret.Service, "from": "sign-in screen"}); err != nil {
			slog.Error("audit the kept database password", "err", err)
		}
	}
	for _, f := range after {
		go f()
	}
	return d.session(ctx)
}

func (s *SessionService) options() signin.Options {
	return signin.Options{OSUser: s.d.osUser, Now: s.d.now}
}

// CreateAdministrator makes the first administrator of a new database (or of one from
// before staff accounts) and signs them in. The passphrase is typed twice.
func (s *SessionService) CreateAdministrator(name, passphrase, repeat string) (SignedIn, error) {
	if err := s.signedOut(); err != nil {
		return SignedIn{}, err
	}
	var v backend.ValidationError
	v.Add(backend.ValidateAccountName(name))
	v.Add(backend.ValidatePassphrase(passphrase))
	if passphrase != repeat {
		v.Add(backend.Invalid("repeat", "The two passphrases are not the same: type it again."))
	}
	if err := v.Err(); err != nil {
		return SignedIn{}, toUI(err)
	}
	return s.enter(signin.Create, name, passphrase)
}

// SignIn opens the database for the account name, whose passphrase is checked; a wrong
// one is audited, and after a few the account waits before it takes another.
func (s *SessionService) SignIn(name, passphrase string) (SignedIn, error) {
	if err := s.signedOut(); err != nil {
		return SignedIn{}, err
	}
	if name == "" || passphrase == "" {
		var v backend.ValidationError
		if name == "" {
			v.Add(backend.Invalid("name", "Enter your name."))
		}
		if passphrase == "" {
			v.Add(backend.Invalid("passphrase", "Enter your passphrase."))
		}
		return SignedIn{}, toUI(v.Err())
	}
	return s.enter(signin.Open, name, passphrase)
}

// enter opens the database through signin's Create or Open and begins the session.
func (s *SessionService) enter(open func(ctx context.Context, path, name, passphrase string, opt signin.Options) (*storage.Store, backend.StaffAccount, error),
	name, passphrase string) (SignedIn, error) {
	ctx := s.d.callCtx()
	var out SignedIn
	opt := s.options()
	// A new database's recovery key is shown once, to be printed (signin.Create).
	opt.RecoveryKey = func(secret string) { out.RecoveryKey = secret }
	st, a, err := open(ctx, s.d.dbPath, name, passphrase, opt)
	if err != nil {
		return SignedIn{}, toUI(err)
	}
	out.Session, err = s.d.begin(ctx, st, a)
	return wrap(out, err)
}

func (s *SessionService) signedOut() error {
	s.d.mu.RLock()
	defer s.d.mu.RUnlock()
	if s.d.account.Name != "" {
		return toUI(backend.Errorf(backend.ECONFLICT, "%s is signed in already: sign out first.", s.d.account.Name))
	}
	return nil
}

// Lock locks the window: every bound call but the session's is refused until the same
// account's passphrase unlocks it, and the window's title names no one. reason is
// "idle", "shortcut" (Ctrl+L, the menu, the button) or "session" (the computer locked).
func (s *SessionService) Lock(reason string) error {
	switch reason {
	case "idle", "shortcut", "session":
	default:
		return toUI(backend.Invalid("reason", "The reason to lock is idle, shortcut or session, not %q.", reason))
	}
	_, err := s.d.lock(reason)
	return toUI(err)
}

// lock locks the session (when someone is signed in and it is not locked already, which
// it says) and records it in the audit trail with its reason.
func (d *desk) lock(reason string) (bool, error) {
	d.mu.Lock()
	st, name, was := d.store, d.account.Name, d.locked
	if name != "" {
		d.locked = true
	}
	d.mu.Unlock()
	if name == "" || was {
		return false, nil
	}
	d.setTitle(lockedTitle)
	if st == nil {
		return true, nil
	}
	return true, st.RecordEvent("account", name, "lock", map[string]string{"reason": reason})
}

// ReportInput tells the backend's idle clock that the person at the window used the
// keyboard or the mouse; the window sends it at most every few seconds while they do.
// Only this, signing in and unlocking keep the session open: the window's other calls
// (a refresh, a job's progress) do not. Input reported after the idle limit has passed
// does not reopen the session: it locks, and the answer is the locked refusal.
func (s *SessionService) ReportInput() error {
	d := s.d
	d.lockIfIdle()
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.account.Name == "":
		return toUI(errNotSignedIn)
	case d.locked:
		return toUI(errLocked)
	}
	d.idle.restart()
	return nil
}

// Unlock takes the locked account's passphrase (checked, and audited, like a sign-in).
func (s *SessionService) Unlock(passphrase string) (SessionInfo, error) {
	d := s.d
	d.mu.RLock()
	st, a, locked := d.store, d.account, d.locked
	d.mu.RUnlock()
	ctx := d.callCtx()
	if a.Name == "" {
		return SessionInfo{}, toUI(errNotSignedIn)
	}
	if locked {
		if passphrase == "" {
			return SessionInfo{}, toUI(backend.Invalid("passphrase", "Enter your passphrase."))
		}
		if st == nil {
			return SessionInfo{}, toUI(backend.Errorf(backend.ECONFLICT, "The database is being restored: wait a moment, then unlock."))
		}
		again, err := accounts.New(st).SignIn(ctx, a.Name, passphrase)
		if err != nil {
			return SessionInfo{}, toUI(err)
		}
		d.mu.Lock()
		d.account, d.locked = again, false
		d.idle.restart()
		d.mu.Unlock()
		d.setTitle(appTitle)
	}
	return wrap(d.session(ctx))
}

// SignOut ends the session and closes the database (the window's unsaved input is
// discarded by the window). From a locked window it is "Sign in as someone else".
func (s *SessionService) SignOut() error {
	d := s.d
	if d.busy != nil {
		if job := d.busy(); job != "" {
			return toUI(backend.Errorf(backend.ECONFLICT, "Wait for “%s” to finish (or cancel it) before signing out.", job))
		}
	}
	d.mu.Lock()
	st, name, dbPath := d.store, d.account.Name, d.dbPath
	d.store, d.account, d.locked = nil, backend.StaffAccount{}, false
	d.idle.lastInput = time.Time{}
	d.mu.Unlock()
	d.setTitle(appTitle)
	if st == nil {
		return nil
	}
	err := st.RecordEvent("account", name, "sign-out", nil)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	// The data key the sign-in unwrapped goes with the session: the next person signs in
	// with their own passphrase to have it again.
	if abs, aerr := filepath.Abs(dbPath); aerr == nil && !storage.IsPostgresURL(dbPath) {
		storage.Forget(abs)
	}
	// A database chosen for this computer meanwhile (Settings > Database) is the one the
	// sign-in screen opens next.
	d.applyChoice()
	return toUI(err)
}

// SetIdleLock sets how many minutes without input lock the window (1 to 30).
func (s *SessionService) SetIdleLock(minutes int) error {
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	if minutes < 1 || minutes > maxIdleLockMinutes {
		return toUI(backend.Invalid("idleLockMinutes", "The window locks after 1 to %d minutes without input, not %d.", maxIdleLockMinutes, minutes))
	}
	if err := st.SetAppState(s.d.callCtx(), storage.AppStateIdleLockMinutes, strconv.Itoa(minutes)); err != nil {
		return toUI(err)
	}
	limit := s.d.idleLimit(s.d.callCtx())
	s.d.mu.Lock()
	s.d.idle.limit = limit
	s.d.mu.Unlock()
	return toUI(st.RecordEvent("settings", storage.AppStateIdleLockMinutes, "update", map[string]int{"minutes": minutes}))
}

const (
	appTitle    = "Privacy Desk"
	lockedTitle = "Privacy Desk — locked"
)

func (d *desk) setTitle(title string) {
	if d.ctx != nil {
		runtime.WindowSetTitle(d.ctx, title)
	}
}
