package command

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
)

// Every command that reads or changes the practice's data signs in with a staff account
// (HIPAA unique user identification, 45 CFR 164.312(a)(2)(i)): the store's actor is
// that account, so every audit event names it, and the account's role must allow the
// command's permission (commandAccess). The sign-in happens when the command first
// opens the database, so a command, or a form of one, that reads no practice data
// (deadlines, letter kinds, applicability with profile flags, restore --check) needs
// no account.

// access is what running a command takes.
type access struct {
	// perm is what the signed-in account's role must allow (backend.Allowed); "" means
	// the command reads no practice data and needs no account.
	perm backend.Permission
	// creates: the command may make a new database, or give a database from before
	// staff accounts its first administrator; the account signing in becomes that
	// administrator.
	creates bool
}

// commandAccess is which permission each command needs, by the name its access path
// has ("request add"; a command without subcommands, or whose subcommands all need the
// same, by its own name). The test TestEveryCommandHasAccess fails for a command or
// subcommand without an entry; TestRolesRunCommands runs every one for every role.
var commandAccess = map[string]access{
	"account add":     {perm: backend.PermissionAccounts, creates: true},
	"account list":    {perm: backend.PermissionAccounts},
	"account disable": {perm: backend.PermissionAccounts},
	"account enable":  {perm: backend.PermissionAccounts},
	"account reset":   {perm: backend.PermissionAccounts},
	"account role":    {perm: backend.PermissionAccounts},
	// account check is a sign-in itself, as the account it names.
	"account check": {},
	// With profile flags applicability reads no database and needs no account.
	"applicability":         {perm: backend.PermissionRead},
	"audit verify":          {perm: backend.PermissionAuditTrail},
	"audit anchor":          {perm: backend.PermissionAuditTrail},
	"audit list":            {perm: backend.PermissionAuditTrail},
	"backup":                {perm: backend.PermissionBackup},
	"check":                 {perm: backend.PermissionRead},
	"deadlines":             {},
	"demo":                  {perm: backend.PermissionSettings, creates: true},
	"db-password set":       {perm: backend.PermissionSettings},
	"export":                {perm: backend.PermissionExports},
	"import requests":       {perm: backend.PermissionRequests, creates: true},
	"import email":          {perm: backend.PermissionRequests, creates: true},
	"import vendors":        {perm: backend.PermissionVendors, creates: true},
	"letter":                {perm: backend.PermissionLetters},
	"letter kinds":          {},
	"letter list":           {perm: backend.PermissionRead},
	"letter sent":           {perm: backend.PermissionLetters},
	"letter direct-vendors": {perm: backend.PermissionLetters},
	// migrate copies the whole practice, its accounts and trail included, into another
	// database: an administrator's move, like a restore.
	"migrate":             {perm: backend.PermissionRestore},
	"package":             {perm: backend.PermissionExports},
	"recovery-key create": {perm: backend.PermissionSettings},
	"recovery-key show":   {perm: backend.PermissionRead},
	"report":              {perm: backend.PermissionReports},
	"request add":         {perm: backend.PermissionRequests, creates: true},
	"request list":        {perm: backend.PermissionRead},
	"request show":        {perm: backend.PermissionRead},
	// restore --check and --list-set-aside read no practice data and need no account.
	"restore": {perm: backend.PermissionRestore, creates: true},
	// schedule-backup makes (or names) the backup account the schedule signs in as;
	// --remove changes only the operating system's scheduler and needs no account.
	"schedule-backup": {perm: backend.PermissionAccounts},
	"vendor list":     {perm: backend.PermissionRead},
	"vendor show":     {perm: backend.PermissionRead},
	"vendor alerts":   {perm: backend.PermissionRead},
	"version":         {},
}

// accessFor is path's entry in commandAccess.
func accessFor(path string) (access, bool) {
	a, ok := commandAccess[path]
	return a, ok
}

// permissionText says what a permission lets a person do, to finish "may not ...".
var permissionText = map[backend.Permission]string{
	backend.PermissionRead:        "read the practice's requests, vendors and letters",
	backend.PermissionAuditTrail:  "read the audit trail",
	backend.PermissionReports:     "write reports",
	backend.PermissionRequests:    "record or change requests",
	backend.PermissionLetters:     "make or record letters",
	backend.PermissionVendors:     "change the vendor register",
	backend.PermissionExports:     "export data to files",
	backend.PermissionBackup:      "make backups",
	backend.PermissionAccounts:    "manage staff accounts",
	backend.PermissionSettings:    "change the practice's settings",
	backend.PermissionRestore:     "restore a backup",
	backend.PermissionPurge:       "purge requests",
	backend.PermissionRuleChanges: "record rule changes",
}

// roleNoun is "an administrator", "a staff member", ...
func roleNoun(r backend.Role) string {
	switch r {
	case backend.RoleAdministrator:
		return "an administrator"
	case backend.RoleAuditor:
		return "an auditor"
	case backend.RoleStaff:
		return "a staff member"
	case backend.RoleBackup:
		return "a backup account"
	}
	return fmt.Sprintf("role %q", r)
}

// sub records that the command chose its subcommand (or kind) name.
func (c *cli) sub(name string) { c.path += " " + name }

// setGlobal sets a global flag given before the command.
func (c *cli) setGlobal(name, value string) {
	switch name {
	case "user":
		c.user = value
	case "passphrase-file":
		c.passFile = value
	case "recovery-key-out":
		c.recoveryOut = value
	case "recovery-key-file":
		c.recoveryKeyFile = value
	}
}

// Seams for the tests: whether standard input is a terminal, and reading a passphrase
// from it without echo.
var (
	stdinIsTerminal = func() bool { return term.IsTerminal(int(os.Stdin.Fd())) }
	readHidden      = func() ([]byte, error) { return term.ReadPassword(int(os.Stdin.Fd())) }
)

// userName is --user, else $PRIVACYDESK_USER.
func (c *cli) userName() (string, error) {
	name := strings.TrimSpace(c.user)
	if name == "" {
		name = strings.TrimSpace(os.Getenv("PRIVACYDESK_USER"))
	}
	if name == "" {
		return "", backend.Errorf(backend.EINVALID,
			"Sign in first: give the staff account's name with --user NAME (or PRIVACYDESK_USER) before the command.")
	}
	return name, nil
}

// signInPassphrase is the passphrase of name: from --passphrase-file, else
// $PRIVACYDESK_PASSPHRASE, else asked for on the terminal without echo (never from the
// command line, where other users of the computer can see it).
func (c *cli) signInPassphrase(name string) (string, error) {
	switch {
	case c.passphrase != "":
		return c.passphrase, nil
	case c.passFile != "":
		p, err := readPassphrase(c.passFile)
		c.passphrase = p
		return p, err
	case os.Getenv("PRIVACYDESK_PASSPHRASE") != "":
		return os.Getenv("PRIVACYDESK_PASSPHRASE"), nil
	case !stdinIsTerminal():
		return "", backend.Invalid("passphrase",
			"Sign in first: give the passphrase of %s with --passphrase-file F (or PRIVACYDESK_PASSPHRASE), or run the command at a terminal to be asked for it.", name)
	}
	fmt.Fprintf(c.stderr, "Passphrase for %s: ", name)
	b, err := readHidden()
	fmt.Fprintln(c.stderr)
	if err != nil {
		return "", fmt.Errorf("reading the passphrase: %w", err)
	}
	c.passphrase = string(b)
	return c.passphrase, nil
}

// signinOptions are the command's clock and the operating-system user, which every audit
// event records beside the signed-in account.
// A sign-in that makes a recovery key (a new database, or the encryption of one from
// before encryption) hands its secret to c.newRecoveryKey, kept by keepRecoveryKey.
func (c *cli) signinOptions() signin.Options {
	return signin.Options{Now: c.now, OSUser: CurrentActor("").OSUser,
		RecoveryKey: func(secret string) { c.newRecoveryKey = secret }}
}

// checkRecoveryOut refuses, before anything is made, a --recovery-key-out file that
// exists or is inside the data folder (beside the data it opens, where a copy of the
// folder would carry both).
func (c *cli) checkRecoveryOut() error {
	if c.recoveryOut == "" {
		return nil
	}
	if _, err := os.Lstat(c.recoveryOut); err == nil {
		return backend.Invalid("recovery-key-out", "%s exists already: choose a new file for the recovery key (an existing key file is never overwritten).", c.recoveryOut)
	}
	if inDataFolder(c.dbPath, c.recoveryOut) {
		return backend.Invalid("recovery-key-out", "%s is inside the data folder: keep the recovery key away from the data it opens (a removable drive, a safe, or print it).", c.recoveryOut)
	}
	return nil
}

// inDataFolder reports whether file is in the folder of the database at dbPath (or
// below it).
func inDataFolder(dbPath, file string) bool {
	abs, err := filepath.Abs(file)
	if err != nil {
		return false
	}
	dbAbs, err := filepath.Abs(dbPath)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(filepath.Dir(dbAbs), abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// keepRecoveryKey saves the recovery key a sign-in just made (signin.Options.RecoveryKey)
// to --recovery-key-out, or, without it, prints it once on stderr, where a script's log
// or the person at the terminal keeps it: nothing else ever shows it again, and it alone
// opens the data when every passphrase is lost (emergency access) and the backups made
// without a passphrase.
func (c *cli) keepRecoveryKey(s *storage.Store) {
	secret := c.newRecoveryKey
	if secret == "" {
		return
	}
	c.newRecoveryKey = ""
	if c.recoveryOut != "" {
		k, err := backup.New(s, Version).SaveRecoveryKey(context.Background(), secret, c.recoveryOut, "")
		if err == nil {
			fmt.Fprintf(c.stderr, "privacydesk: the recovery key of %s is saved in %s: print it and keep it safe, away from this computer; it alone opens the data when every passphrase is lost.\n", storage.RedactLocation(c.dbPath), k.KeyFile)
			return
		}
		// Not saved: shown instead, since it is never shown again.
		fmt.Fprintf(c.stderr, "privacydesk: cannot save the recovery key in %s: %s\n", c.recoveryOut, cliMessage(err))
	}
	fmt.Fprintf(c.stderr, "privacydesk: recovery key of %s (shown once; print this and keep it safe, away from this computer; it alone opens the data when every passphrase is lost): %s\n", storage.RedactLocation(c.dbPath), secret)
}

// credentials are the name and passphrase of the account signing in.
func (c *cli) credentials() (string, string, error) {
	name, err := c.userName()
	if err != nil {
		return "", "", err
	}
	pass, err := c.signInPassphrase(name)
	return name, pass, err
}

// signIn opens the database for the account signing in, when its role may run the
// command (c.path). A command that may create the database makes the account the first
// administrator of a new database, or of one from before staff accounts. Nothing is
// written when the sign-in fails or the role may not run the command (but the attempt,
// which signin.Open audits, and the refusal, audited here).
func (c *cli) signIn() (*storage.Store, backend.StaffAccount, error) {
	acc, ok := accessFor(c.path)
	if !ok || acc.perm == "" {
		// A programming error: TestEveryCommandHasAccess catches it.
		return nil, backend.StaffAccount{}, fmt.Errorf("%s opens the database but has no permission in the access table", c.path)
	}
	name, pass, err := c.credentials()
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	ctx := context.Background()
	opt := c.signinOptions()
	var s *storage.Store
	var a backend.StaffAccount
	st := signin.StatusReady
	if storage.IsPostgresURL(c.dbPath) {
		// A server's database is signed in to straight away, which opens it once; it is
		// checked (opened again) only when it has no accounts yet.
		s, a, err = signin.Open(ctx, c.dbPath, name, pass, opt)
		if backend.ErrorCode(err) == backend.ENOTFOUND {
			st, err = signin.Check(ctx, c.dbPath)
		}
	} else {
		st, err = signin.Check(ctx, c.dbPath)
	}
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	switch {
	case s != nil:
	case st == signin.StatusReady:
		s, a, err = signin.Open(ctx, c.dbPath, name, pass, opt)
	case !acc.creates && st == signin.StatusNew:
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ENOTFOUND,
			"There is no database at %s (demo, request add, import and restore make one).", storage.RedactLocation(c.dbPath))
	case !acc.creates:
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ENOTFOUND,
			"%s has no staff accounts yet: a command that adds data (request add, import, account add) makes %s its first administrator, or the window does.", storage.RedactLocation(c.dbPath), name)
	default:
		s, a, err = c.createFirst(ctx, st, name, pass, opt)
	}
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	c.keepRecoveryKey(s)
	if !backend.Allowed(a.Role, acc.perm) {
		// Refusing is audited too: who tried what.
		rerr := s.RecordEvent("account", a.Name, "refused", map[string]any{"command": c.path, "permission": acc.perm, "role": a.Role})
		s.Close()
		if rerr != nil {
			return nil, backend.StaffAccount{}, rerr
		}
		return nil, backend.StaffAccount{}, backend.Errorf(backend.ECONFLICT,
			"%s is %s: %s may not %s.", a.Name, roleNoun(a.Role), roleNoun(a.Role), permissionText[acc.perm])
	}
	return s, a, nil
}

// createFirst makes name the first administrator (signin.Create). The name and
// passphrase are checked first, and a database file Create made is removed again when
// it fails, so a refused first sign-in leaves no database behind.
func (c *cli) createFirst(ctx context.Context, st signin.Status, name, pass string, opt signin.Options) (*storage.Store, backend.StaffAccount, error) {
	var v backend.ValidationError
	v.Add(backend.ValidateAccountName(name))
	v.Add(backend.ValidatePassphrase(pass))
	v.Add(c.checkRecoveryOut())
	if err := v.Err(); err != nil {
		return nil, backend.StaffAccount{}, err
	}
	s, a, err := signin.Create(ctx, c.dbPath, name, pass, opt)
	if err != nil && st == signin.StatusNew && !storage.IsPostgresURL(c.dbPath) {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal", ".keys"} {
			if rerr := os.Remove(c.dbPath + suffix); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				fmt.Fprintf(c.stderr, "privacydesk: cannot remove %s: %v\n", c.dbPath+suffix, rerr)
			}
		}
	}
	return s, a, err
}
