package command

import (
	"fmt"
	"os"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/dbsecret"
	"privacydesk/backend/storage"
)

func init() {
	register(command{name: "db-password", summary: "keep the PostgreSQL connection's password in the operating system's credential store",
		usage: dbPasswordUsage, subs: map[string]func(*cli, []string) error{"set": runDBPasswordSet}})
	// A server that wants a password neither PRIVACYDESK_DB_PASSWORD nor the credential
	// store had: asked at a terminal without echo, else a sentence saying where to put it.
	storage.AskDBPassword = askDBPassword
}

const dbPasswordUsage = "db-password set [--password-file F]"

// askDBPassword is storage.AskDBPassword for the command line.
func askDBPassword(account string) (string, error) {
	if !stdinIsTerminal() {
		return "", backend.Invalid("database", "The PostgreSQL server wants the password of %s: keep it in the credential store (privacydesk-cli --db URL db-password set), or give it in %s.", account, dbsecret.EnvPassword)
	}
	fmt.Fprintf(os.Stderr, "Password of the database %s: ", account)
	b, err := readHidden()
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	return string(b), nil
}

// runDBPasswordSet keeps the connection password of the --db PostgreSQL database in the
// credential store, under user@host:port/db: from --password-file's first line, else
// PRIVACYDESK_DB_PASSWORD, else asked twice at the terminal. The database is opened
// with it first (so a wrong one is not kept) and an administrator signs in; the event is
// audited, without the password.
func runDBPasswordSet(c *cli, args []string) error {
	fs := c.flags("db-password set", "db-password set [--password-file F]")
	file := fs.String("password-file", "", "read the password from the first line of F (else PRIVACYDESK_DB_PASSWORD, else it is asked)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	server := storage.IsPostgresURL(c.dbPath)
	if server {
		pw, err := newDBPassword(c, *file)
		if err != nil {
			return err
		}
		// The database is opened with the new password, whatever the store held.
		old, had := os.LookupEnv(dbsecret.EnvPassword)
		os.Setenv(dbsecret.EnvPassword, pw)
		defer func() {
			if had {
				os.Setenv(dbsecret.EnvPassword, old)
			} else {
				os.Unsetenv(dbsecret.EnvPassword)
			}
		}()
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	if !server {
		return backend.Invalid("db", "%s is a database file, which has no connection password: db-password is for a postgres:// database.", c.dbPath)
	}
	account, err := storage.PostgresAccount(c.dbPath)
	if err != nil {
		return err
	}
	if err := dbsecret.Store.Set(dbsecret.Service, account, os.Getenv(dbsecret.EnvPassword)); err != nil {
		return backend.Errorf(backend.EINVALID, "Cannot keep the password in the credential store: %v", err)
	}
	if err := s.RecordEvent("database", account, "password-stored", map[string]string{"store": dbsecret.Service}); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "The password of %s is kept in the credential store (%s); the URL needs none.\n", account, dbsecret.Service)
	return nil
}

// newDBPassword is the password db-password set keeps.
func newDBPassword(c *cli, file string) (string, error) {
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", backend.Invalid("password-file", "Cannot read the password file: %v", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		p := strings.TrimRight(line, "\r")
		if p == "" {
			return "", backend.Invalid("password-file", "The password file's first line is empty.")
		}
		return p, nil
	case os.Getenv(dbsecret.EnvPassword) != "":
		return os.Getenv(dbsecret.EnvPassword), nil
	case !stdinIsTerminal():
		return "", backend.Invalid("password", "Give the password with --password-file F or %s, or run the command at a terminal to be asked for it.", dbsecret.EnvPassword)
	}
	fmt.Fprint(c.stderr, "Database password: ")
	a, err := readHidden()
	fmt.Fprintln(c.stderr)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	fmt.Fprint(c.stderr, "The same again: ")
	b, err := readHidden()
	fmt.Fprintln(c.stderr)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	if string(a) != string(b) {
		return "", backend.Invalid("password", "The two passwords differ; nothing was kept.")
	}
	return string(a), nil
}
