package main

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/app/internal/command"
	"privacydesk/backend"
	"privacydesk/backend/dbchoice"
	"privacydesk/backend/dbsecret"
	"privacydesk/backend/storage"
)

// Settings > Database: which database this computer opens (package dbchoice), chosen by
// an administrator, kept in the user's data folder and in effect from the next start or
// sign-out; and, on the sign-in screen, the password of a PostgreSQL server that the
// credential store does not hold.

// DatabaseSetting is what Settings > Database shows.
type DatabaseSetting struct {
	// Choice is the database chosen for this computer (this computer's file when none was).
	Choice dbchoice.Choice `json:"choice"`
	// InUse says which database the window has open, in words.
	InUse string `json:"inUse"`
	// DefaultFile is this computer's database file, the SQLite choice.
	DefaultFile string `json:"defaultFile"`
	// PasswordKept tells that the credential store holds the chosen server's password.
	PasswordKept bool `json:"passwordKept"`
	// Override, when set, says that the window was started on another database (--db or
	// PRIVACYDESK_DB), which keeps priority over the choice.
	Override string `json:"override"`
	// Pending tells that the choice differs from the database in use: it takes effect at
	// the next start, or when the administrator signs out.
	Pending bool `json:"pending"`
	// SSLModes are the connection's security modes offered, safest first.
	SSLModes []string `json:"sslModes"`
}

// DatabaseSaved is what saving the choice did.
type DatabaseSaved struct {
	dbchoice.Saved
	Setting DatabaseSetting `json:"setting"`
}

// choices is the dbchoice service of the desk's user data folder.
func (d *desk) choices() (dbchoice.Service, error) {
	if d.userDir == "" {
		return dbchoice.Service{}, backend.Errorf(backend.EINVALID, "This window has no user data folder to keep the database setting in.")
	}
	return dbchoice.Service{Dir: d.userDir}, nil
}

// chosenLocation is the database the choice names (the default file when none), as the
// desk would open it.
func (d *desk) chosenLocation() (string, error) {
	file := command.DefaultDBFile(d.userDir)
	loc, err := dbchoice.Location(d.userDir, file)
	if err != nil || storage.IsPostgresURL(loc) {
		return loc, err
	}
	return filepath.Abs(loc)
}

// databaseSetting is Settings > Database for the desk.
func (d *desk) databaseSetting() (DatabaseSetting, error) {
	svc, err := d.choices()
	if err != nil {
		return DatabaseSetting{}, err
	}
	c, err := dbchoice.Load(svc.Dir)
	if err != nil {
		return DatabaseSetting{}, err
	}
	d.mu.RLock()
	inUse, follows := d.dbPath, d.followsChoice
	d.mu.RUnlock()
	out := DatabaseSetting{Choice: c, InUse: storage.DescribeLocation(inUse), DefaultFile: command.DefaultDBFile(svc.Dir),
		PasswordKept: svc.PasswordKept(c), SSLModes: dbchoice.SSLModes}
	if !follows {
		out.Override = "This window was started with the --db option or PRIVACYDESK_DB, which take priority over the choice below: it applies when Privacy Desk starts without them."
		return out, nil
	}
	loc, err := d.chosenLocation()
	if err != nil {
		return DatabaseSetting{}, err
	}
	out.Pending = loc != inUse
	return out, nil
}

// Database returns which database this computer opens and which one is open.
func (s *SettingsService) Database() (DatabaseSetting, error) {
	if err := s.d.guard(); err != nil {
		return DatabaseSetting{}, err
	}
	return wrap(s.d.databaseSetting())
}

// TestDatabase connects to the PostgreSQL server of choice with password (else the one
// kept for it) and says what its database holds, writing nothing; a failure names the
// field to fix (the server's name, the CA file, the password, ...).
func (s *SettingsService) TestDatabase(choice dbchoice.Choice, password string) (dbchoice.Test, error) {
	if err := s.d.guard(); err != nil {
		return dbchoice.Test{}, err
	}
	svc, err := s.d.choices()
	if err != nil {
		return dbchoice.Test{}, toUI(err)
	}
	return wrap(svc.Test(s.d.callCtx(), choice, password))
}

// SaveDatabase makes choice this computer's database from the next start (or sign-out),
// after testing it; a password typed goes to the operating system's credential store.
// The practice's audit trail records the change (never the password).
func (s *SettingsService) SaveDatabase(choice dbchoice.Choice, password string) (DatabaseSaved, error) {
	st, err := s.d.open()
	if err != nil {
		return DatabaseSaved{}, toUI(err)
	}
	svc, err := s.d.choices()
	if err != nil {
		return DatabaseSaved{}, toUI(err)
	}
	saved, err := svc.Save(s.d.callCtx(), choice, password)
	if err != nil {
		return DatabaseSaved{}, toUI(err)
	}
	target := "this computer's file"
	if choice.Engine == dbchoice.EnginePostgres {
		target = storage.DescribeLocation(choice.URL())
	}
	details := map[string]string{"database": target}
	if saved.PasswordStored {
		details["password"] = "kept in " + dbsecret.Service
	}
	if err := st.RecordEvent("database", "this computer", "chosen", details); err != nil {
		return DatabaseSaved{}, toUI(err)
	}
	out := DatabaseSaved{Saved: saved}
	out.Setting, err = s.d.databaseSetting()
	return wrap(out, err)
}

// ChooseDatabaseCAFile asks, in the native dialog, for the certificate authority's file
// that signed the server's certificate; "" when cancelled.
func (s *SettingsService) ChooseDatabaseCAFile() (string, error) {
	if err := s.d.guard(); err != nil {
		return "", err
	}
	if s.d.ctx == nil {
		return "", toUI(errNoWindow)
	}
	return wrap(runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{
		Title:            "Choose the certificate authority's file (ca.crt)",
		DefaultDirectory: defaultFolder(),
		Filters: []runtime.FileFilter{
			{DisplayName: "Certificates (*.crt, *.pem, *.cer)", Pattern: "*.crt;*.pem;*.cer"},
			{DisplayName: "All files", Pattern: "*"},
		},
	}))
}

// errDBPasswordNeeded is the window's answer (storage.AskDBPassword) when the PostgreSQL
// server wants a password that neither the credential store nor the sign-in screen gave:
// the session is then SessionDBPassword and the sign-in screen asks for it.
type errDBPasswordNeeded struct{ account string }

func (e errDBPasswordNeeded) Error() string {
	return fmt.Sprintf("The PostgreSQL server wants the password of %s.", e.account)
}

// askDBPassword is storage.AskDBPassword for the window: the password given on the
// sign-in screen in this run, else errDBPasswordNeeded.
func (d *desk) askDBPassword(account string) (string, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.dbPassword != "" && d.dbPasswordAccount == account {
		return d.dbPassword, nil
	}
	return "", errDBPasswordNeeded{account: account}
}

// passwordNeeded tells whether err is the server wanting a password (errDBPasswordNeeded),
// and for which account.
func passwordNeeded(err error) (string, bool) {
	var need errDBPasswordNeeded
	if errors.As(err, &need) {
		return need.account, true
	}
	return "", false
}

// DatabasePassword is what giving the server's password did.
type DatabasePassword struct {
	Session SessionInfo `json:"session"`
	// Kept tells that the password is now in the credential store; NotKept, when set,
	// says why it could not be (it is then asked again at the next start).
	Kept    bool   `json:"kept"`
	NotKept string `json:"notKept"`
}

// GiveDatabasePassword takes the PostgreSQL server's password on the sign-in screen,
// when the credential store did not hold it: it is tested against the server first (a
// refused one is said on the field), then used for this run and, with keep, kept in the
// operating system's credential store, never in a file. The next sign-in's audit trail
// records that it was kept.
func (s *SessionService) GiveDatabasePassword(password string, keep bool) (DatabasePassword, error) {
	if err := s.signedOut(); err != nil {
		return DatabasePassword{}, err
	}
	d := s.d
	if !storage.IsPostgresURL(d.dbPath) {
		return DatabasePassword{}, toUI(backend.Invalid("password", "This computer's database is a file, which has no connection password."))
	}
	if password == "" {
		return DatabasePassword{}, toUI(backend.Invalid("password", "Enter the database's password."))
	}
	account, err := storage.PostgresAccount(d.dbPath)
	if err != nil {
		return DatabasePassword{}, toUI(err)
	}
	if _, err := storage.ProbePostgres(d.callCtx(), d.dbPath, password); err != nil {
		return DatabasePassword{}, toUI(err)
	}
	var out DatabasePassword
	if keep {
		if err := dbsecret.Store.Set(dbsecret.Service, account, password); err != nil {
			slog.Warn("the database password was not kept in the credential store", "account", account, "err", err)
			out.NotKept = dbchoice.NotKept
		} else {
			out.Kept = true
		}
	}
	d.mu.Lock()
	d.dbPassword, d.dbPasswordAccount, d.dbPasswordKept = password, account, out.Kept
	d.mu.Unlock()
	out.Session, err = d.session(d.callCtx())
	return wrap(out, err)
}

// applyChoice, after a sign-out, makes the database chosen for this computer the desk's
// when it follows the choice and another was chosen meanwhile.
func (d *desk) applyChoice() {
	if !d.followsChoice || d.userDir == "" {
		return
	}
	loc, err := d.chosenLocation()
	if err != nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.store != nil || loc == d.dbPath {
		return
	}
	d.dbPath, d.openErr = loc, nil
	d.dbPassword, d.dbPasswordAccount, d.dbPasswordKept = "", "", false
}
