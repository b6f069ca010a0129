package command

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/dbfile"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
)

func init() {
	register(command{name: "backup", summary: "write the database and all attachments into one file", run: runBackup})
	register(command{name: "restore", summary: "check a backup file and restore it into the --db path", run: runRestore})
}

// readPassphrase reads the first line of a passphrase file (so the passphrase is never
// on the command line, where other users of the computer can see it), as written: a
// byte order mark Notepad may put first is kept, because accounts and backups made from
// such a file before are opened with it (a new secret for someone to type drops it:
// newPassphrase).
func readPassphrase(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", backend.Invalid("passphrase-file", "Cannot read the passphrase file: %v", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", backend.Invalid("passphrase-file", "The passphrase file %s is empty.", path)
	}
	return line, nil
}

// newPassphrase is readPassphrase for a new secret someone will type (a response
// package's): without the byte order mark Notepad may start UTF-8 text with, which
// nobody types.
func newPassphrase(path string) (string, error) {
	p, err := readPassphrase(path)
	return strings.TrimPrefix(p, "\uFEFF"), err
}

func runBackup(c *cli, args []string) error {
	fs := c.flags("backup", "backup (--out FILE | --to DIR [--keep N]) [--passphrase-file F]")
	out := fs.String("out", "", "the backup file to write")
	to := fs.String("to", "", "write today's backup into this folder as privacydesk-YYYY-MM-DD.pdbackup (the practice's date; a second backup the same day replaces the first)")
	keep := fs.Int("keep", 0, "with --to: then keep only the newest N dated backups in the folder (0 keeps all)")
	passFile := fs.String("passphrase-file", "", "encrypt with the passphrase on this file's first line")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q", fs.Arg(0))
	case *out != "" && *to != "":
		return usagef("give --out FILE or --to DIR, not both")
	case *out == "" && *to == "":
		return usagef("--out FILE or --to DIR is required")
	case *keep < 0:
		return usagef("--keep must be 0 (keep all) or more, not %d", *keep)
	case *keep > 0 && *to == "":
		return usagef("--keep needs --to DIR (it keeps the newest dated backups in that folder)")
	}
	pass, err := readPassphrase(*passFile)
	if err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	if pass == "" && c.account.Role == backend.RoleBackup {
		// A backup account writes only encrypted backups: with its own passphrase
		// unless given another (a scheduled backup keeps one file).
		if _, pass, err = c.credentials(); err != nil {
			return err
		}
	}
	file := *out
	var today backend.Date
	if *to != "" {
		var err error
		today, err = s.Today()
		if err != nil {
			return err
		}
		file = filepath.Join(*to, backup.DailyName(today))
	}
	// The copy of the database an earlier backup left when it was cut short (a crash, a
	// killed command) is health data outside the store: it goes before this one starts.
	removeBackupLeftovers()
	ctx, stop := interruptible()
	defer stop()
	m, err := backup.New(s, Version).Backup(ctx, file, pass, nil)
	if err != nil {
		return err
	}
	// Without a passphrase the service encrypted it to the recovery key (or refused).
	enc := "encrypted to the recovery key"
	switch {
	case pass != "":
		enc = "encrypted"
	case !m.Encrypted:
		enc = "not encrypted"
	}
	fmt.Fprintf(c.stdout, "Backed up %s (%d requests, %d vendors, %d attachments) to %s, %s.\n", practiceLabel(m.PracticeName),
		m.Counts["requests"], m.Counts["vendors"], m.Counts["attachments"], file, enc)
	if *keep > 0 {
		removed, err := backup.RotateAsOf(*to, *keep, today)
		for _, p := range removed {
			fmt.Fprintf(c.stdout, "Removed the old backup %s (keeping the newest %d).\n", p, *keep)
		}
		return err
	}
	return nil
}

// removeBackupLeftovers removes the database copies that backups, previews and restores
// cut short (a crash, a killed command) left in the temporary folder, and logs them;
// those of work another window or command is doing stay.
func removeBackupLeftovers() {
	if left, err := backup.RemoveLeftovers(time.Now()); err != nil {
		slog.Warn("the database copy of an interrupted backup, preview or restore could not all be removed", "err", err)
	} else if len(left) > 0 {
		slog.Info("removed the database copies of interrupted backups, previews or restores", "folders", left)
	}
}

func practiceLabel(name string) string {
	if name == "" {
		return "the practice"
	}
	return name
}

func runRestore(c *cli, args []string) error {
	fs := c.flags("restore", "restore FILE [--passphrase-file F | --key KEYFILE] [--check] | restore --list-set-aside")
	passFile := fs.String("passphrase-file", "", "the passphrase of an encrypted backup, on this file's first line")
	keyFile := fs.String("key", "", "the recovery key file (for the automatic backups)")
	check := fs.Bool("check", false, "only check the backup and show what it holds")
	listAside := fs.Bool("list-set-aside", false, "list the previous data earlier restores set aside (kept until you remove them)")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := c.parse(fs, args); err != nil {
			return err
		}
		if *listAside && fs.NArg() == 0 {
			return listSetAside(c)
		}
		return usagef("name the backup file to restore")
	}
	file := args[0]
	if err := c.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *passFile != "" && *keyFile != "" {
		return usagef("give --passphrase-file or --key, not both")
	}
	pass, err := readPassphrase(*passFile)
	if err != nil {
		return err
	}
	if *keyFile != "" {
		if pass, err = backup.ReadRecoveryKey("key", *keyFile); err != nil {
			return err
		}
	}
	// As the backup command does: what an interrupted preview or restore left goes first.
	removeBackupLeftovers()
	ctx, stop := interruptible()
	defer stop()
	var newDB bool
	if !*check {
		if newDB, err = c.signInToRestore(ctx); err != nil {
			return err
		}
	}
	if newDB {
		// No key of this computer opens the backup's data: the account signing in opens
		// it with its entry in the backup's keyring (or the recovery key does).
		name, pass, err := c.credentials()
		if err != nil {
			return err
		}
		ctx = backup.WithAccount(ctx, name, pass)
	}
	info, err := backup.Preview(ctx, file, pass)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Backup of %s made %s: %d requests, %d vendors, %d attachments, %d audit events. Integrity checked.\n",
		practiceLabel(info.PracticeName), info.CreatedAt.UTC().Format("2006-01-02 15:04Z"), info.Counts["requests"],
		info.Counts["vendors"], info.Counts["attachments"], info.Counts["auditEvents"])
	if info.Chain != nil {
		fmt.Fprintln(c.stdout, backup.ChainText(*info.Chain))
	}
	if *check {
		return nil
	}
	actor := CurrentActor(c.account.Name)
	if newDB {
		actor = CurrentActor(c.user)
	}
	res, err := backup.RestoreDB(ctx, file, pass, c.dbPath, actor, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Restored into %s.\n", storage.RedactLocation(c.dbPath))
	for _, p := range res.SetAside {
		fmt.Fprintf(c.stdout, "The previous data was kept as %s.\n", p)
	}
	if newDB {
		return c.signInToRestored(ctx)
	}
	return nil
}

// signInToRestore signs in before a restore replaces the database: an account whose
// role may restore, on a database that has accounts; the first administrator of one
// from before staff accounts. Where there is no database yet, nobody can sign in to
// it: the name and passphrase are read (newDB), and signInToRestored uses them once the
// restored database is there. The store is closed again: the restore replaces its file.
func (c *cli) signInToRestore(ctx context.Context) (newDB bool, err error) {
	st, err := signin.Check(ctx, c.dbPath)
	if err != nil {
		return false, err
	}
	if st == signin.StatusNew {
		name, pass, err := c.credentials()
		if err != nil {
			return true, err
		}
		c.user = name
		var v backend.ValidationError
		v.Add(backend.ValidateAccountName(name))
		v.Add(backend.ValidatePassphrase(pass))
		v.Add(c.checkRecoveryOut())
		return true, v.Err()
	}
	if _, err := c.openStore(); err != nil {
		return false, err
	}
	c.store.Close()
	c.store = nil
	return false, nil
}

// signInToRestored makes the account signing in the first administrator of a database
// restored where there was none, when the backup has no staff accounts; when it has,
// the account must be one of them.
func (c *cli) signInToRestored(ctx context.Context) error {
	name, pass, err := c.credentials()
	if err != nil {
		return err
	}
	opt := c.signinOptions()
	st, err := signin.Check(ctx, c.dbPath)
	if err != nil {
		return err
	}
	var s *storage.Store
	var a backend.StaffAccount
	if st == signin.StatusReady {
		if s, a, err = signin.Open(ctx, c.dbPath, name, pass, opt); err != nil {
			return backend.Errorf(backend.ECONFLICT, "The backup's own staff accounts sign in to the restored database, and %s cannot: %s", name, cliMessage(err))
		}
		c.keepRecoveryKey(s)
		s.Close()
		fmt.Fprintf(c.stdout, "%s (%s) signs in to it.\n", a.Name, a.Role)
		return nil
	}
	if s, a, err = c.createFirst(ctx, st, name, pass, opt); err != nil {
		return err
	}
	c.keepRecoveryKey(s)
	s.Close()
	fmt.Fprintf(c.stdout, "%s is its first administrator.\n", a.Name)
	return nil
}

// listSetAside prints the copies earlier restores set aside beside the database.
func listSetAside(c *cli) error {
	paths, err := dbfile.SetAside(c.dbPath)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fmt.Fprintf(c.stdout, "No restore has set data aside beside %s.\n", c.dbPath)
		return nil
	}
	for _, p := range paths {
		fmt.Fprintln(c.stdout, p)
	}
	fmt.Fprintln(c.stdout, "Privacy Desk never deletes these: remove them yourself once you no longer need them.")
	return nil
}
