// Package dbsecret keeps the password of a practice's PostgreSQL connection out of plain
// files: in the operating system's credential store (the Secret Service on Linux, the
// Credential Manager on Windows, the Keychain on macOS, through go-keyring), under the
// service Service and the account user@host:port/database, so the URL given with --db
// or PRIVACYDESK_DB needs no password.
package dbsecret

import (
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"
)

// Service is the name the passwords are kept under in the credential store.
const Service = "Privacy Desk PostgreSQL"

// EnvPassword is the variable a password may come from instead (a service account, a
// test); EnvCA names the certificate authority's file that signed the server's
// certificate, when the URL gives no sslrootcert.
const (
	EnvPassword = "PRIVACYDESK_DB_PASSWORD"
	EnvCA       = "PRIVACYDESK_DB_CA"
)

// ErrNotFound is Vault.Get's error when no password is kept for the account.
var ErrNotFound = errors.New("no password is kept for this database")

// Vault is a credential store: the operating system's (OS), or a fake in tests.
type Vault interface {
	Get(service, account string) (string, error)
	Set(service, account, password string) error
}

// Store is the credential store the passwords are read from and written to.
var Store Vault = OS{}

// OS is the operating system's credential store.
type OS struct{}

// Get returns the password kept for account, ErrNotFound when there is none.
func (OS) Get(service, account string) (string, error) {
	p, err := keyring.Get(service, account)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNotFound
	}
	return p, err
}

// Set keeps password for account, replacing any kept before.
func (OS) Set(service, account, password string) error {
	return keyring.Set(service, account, password)
}

// Account is the name a database's password is kept under: user@host:port/database.
func Account(user, host string, port uint16, database string) string {
	return fmt.Sprintf("%s@%s:%d/%s", user, host, port, database)
}

// Memory is a credential store in memory (tests use it in place of the operating
// system's): the password of account under service is Memory[service+"|"+account].
type Memory map[string]string

// Get returns the password kept for account, ErrNotFound when there is none.
func (m Memory) Get(service, account string) (string, error) {
	if p, ok := m[service+"|"+account]; ok {
		return p, nil
	}
	return "", ErrNotFound
}

// Set keeps password for account, replacing any kept before.
func (m Memory) Set(service, account, password string) error {
	m[service+"|"+account] = password
	return nil
}
