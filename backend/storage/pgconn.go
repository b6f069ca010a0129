package storage

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"privacydesk/backend"
	"privacydesk/backend/dbsecret"
)

// The connection to a PostgreSQL server, assembled from the URL without keeping its
// password in a plain file: a URL without a password takes it from PRIVACYDESK_DB_PASSWORD,
// else from the operating system's credential store (dbsecret), else from AskDBPassword
// (the command line asks at a terminal). A password written in the URL still works, with
// a warning. The certificate authority is the URL's sslrootcert, else PRIVACYDESK_DB_CA,
// which also makes sslmode verify-full when the URL names no sslmode.

// AskDBPassword, when set, asks for the password of the database named by account
// (user@host:port/db) when the server wants a password that neither the environment nor
// the credential store had.
var AskDBPassword func(account string) (string, error)

// urlPasswordWarning is said once per process on standard error when a URL holds its
// password.
var urlPasswordWarning sync.Once

// pgConfig is the connection configuration of the URL location: its certificate
// authority and its password placed as above. The password is in the configuration
// only, never in the location the store shows (Path) or in a message.
func pgConfig(location string) (*pgx.ConnConfig, error) {
	u, err := url.Parse(location)
	if err != nil {
		return nil, backend.Invalid("database", "The database address %s is not a PostgreSQL connection URL.", redactURL(location))
	}
	_, inURL := u.User.Password()
	if ca := os.Getenv(dbsecret.EnvCA); ca != "" {
		q := u.Query()
		if q.Get("sslrootcert") == "" {
			q.Set("sslrootcert", ca)
			if q.Get("sslmode") == "" {
				q.Set("sslmode", "verify-full")
			}
			u.RawQuery = q.Encode()
		}
	}
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, backend.Invalid("database", "The database address %s is not a PostgreSQL connection URL: %v", redactURL(location), redactErr(err, u))
	}
	if inURL {
		urlPasswordWarning.Do(func() {
			fmt.Fprintln(os.Stderr, "privacydesk: warning: the database URL holds its password, which then sits wherever the URL is written (a shortcut, a script, the shell's history); keep it in the credential store instead: privacydesk-cli --db URL-WITHOUT-PASSWORD db-password set")
		})
		return cfg, nil
	}
	if p := os.Getenv(dbsecret.EnvPassword); p != "" {
		cfg.Password = p
		return cfg, nil
	}
	// No credential store on this computer (a server without a desktop session) is as
	// good as none kept: a password from PGPASSWORD or the user's .pgpass, or none, which
	// a server may accept; a server that wants one says so and the password is asked.
	if p, err := dbsecret.Store.Get(dbsecret.Service, pgAccount(cfg)); err == nil {
		cfg.Password = p
	}
	return cfg, nil
}

// passwordAskable tells whether the password of the URL location may be asked for when
// the server wants one: not when the URL or PRIVACYDESK_DB_PASSWORD gives it.
func passwordAskable(location string) bool {
	if os.Getenv(dbsecret.EnvPassword) != "" {
		return false
	}
	u, err := url.Parse(location)
	if err != nil {
		return false
	}
	_, inURL := u.User.Password()
	return !inURL
}

// pgAccount is the name cfg's password is kept under in the credential store.
func pgAccount(cfg *pgx.ConnConfig) string {
	return dbsecret.Account(cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// needsPassword tells whether err is the server asking for a password it was not given.
func needsPassword(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "28P01" || pgErr.Code == "28000"
	}
	return strings.Contains(err.Error(), "password")
}

// redactErr is err's text with u's password, if any, masked.
func redactErr(err error, u *url.URL) string {
	msg := err.Error()
	if p, ok := u.User.Password(); ok && p != "" {
		msg = strings.ReplaceAll(msg, p, "xxxxx")
	}
	return msg
}

// PostgresAccount is the name the password of the database at the URL location is kept
// under in the credential store (user@host:port/db).
func PostgresAccount(location string) (string, error) {
	cfg, err := pgx.ParseConfig(location)
	if err != nil {
		return "", backend.Invalid("database", "The database address %s is not a PostgreSQL connection URL: %v", redactURL(location), err)
	}
	return pgAccount(cfg), nil
}
