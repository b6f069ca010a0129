// Package dbchoice is which database this computer's Privacy Desk opens when neither --db
// nor PRIVACYDESK_DB names one: the practice's SQLite file in the user's data folder (the
// default) or a PostgreSQL server that several desks share. An administrator chooses it
// under Settings > Database; it is kept per computer in the user's data folder
// (database.json), not in the practice's database, because the desk must know where the
// database is before it can open it. The connection's password is never in that file: it
// is kept in the operating system's credential store (package dbsecret), under the same
// account name `privacydesk-cli db-password set` uses.
//
// A saved choice takes effect the next time the window starts (or after signing out):
// the open database is never swapped under a session.
package dbchoice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/dbsecret"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

// FileName is the choice's file in the user's data folder.
const FileName = "database.json"

// The engines a desk can use.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// SSLModes are the sslmode values offered, safest first: verify-full checks the server's
// certificate and name (recommended); verify-ca only the certificate; require encrypts
// without checking who answers; disable sends everything in the clear.
var SSLModes = []string{"verify-full", "verify-ca", "require", "disable"}

// Choice is the database this computer opens. For SQLite nothing else is set (the file is
// the default one in the user's data folder); for PostgreSQL the server's address, the
// database, the role and how the connection is secured.
type Choice struct {
	Engine   string `json:"engine"`
	Host     string `json:"host,omitempty"`
	Port     int    `json:"port,omitempty"`
	Database string `json:"database,omitempty"`
	User     string `json:"user,omitempty"`
	SSLMode  string `json:"sslMode,omitempty"`
	// CAFile is the certificate authority's certificate (PEM) that signed the server's
	// certificate; needed by verify-full and verify-ca.
	CAFile string `json:"caFile,omitempty"`
}

// DefaultPort is PostgreSQL's port.
const DefaultPort = 5432

// Validate returns every problem of c, each with its field.
func (c Choice) Validate() error {
	var v backend.ValidationError
	switch c.Engine {
	case EngineSQLite:
		return nil
	case EnginePostgres:
	default:
		v.Add(backend.Invalid("engine", "Choose this computer's file or a PostgreSQL server, not %q.", c.Engine))
		return v.Err()
	}
	switch host := strings.TrimSpace(c.Host); {
	case host == "":
		v.Add(backend.Invalid("host", "Enter the server's name or address, e.g. db.office.lan."))
	case strings.ContainsAny(host, " /?#@") || (strings.Contains(host, ":") && net.ParseIP(host) == nil):
		v.Add(backend.Invalid("host", "Enter only the server's name or address (%q is not one); the port has its own field.", host))
	}
	if c.Port < 1 || c.Port > 65535 {
		v.Add(backend.Invalid("port", "The port is a number from 1 to 65535 (PostgreSQL's usual one is %d).", DefaultPort))
	}
	if name := strings.TrimSpace(c.Database); name == "" {
		v.Add(backend.Invalid("database", "Enter the database's name, e.g. practice."))
	} else if strings.ContainsAny(name, "/?#") {
		v.Add(backend.Invalid("database", "The database's name cannot hold / ? or #."))
	}
	if user := strings.TrimSpace(c.User); user == "" {
		v.Add(backend.Invalid("user", "Enter the user Privacy Desk connects as, e.g. privacydesk."))
	} else if strings.ContainsAny(user, "@/:") {
		v.Add(backend.Invalid("user", "The user's name cannot hold @ / or :."))
	}
	verifies := c.SSLMode == "verify-full" || c.SSLMode == "verify-ca"
	switch {
	case !validSSLMode(c.SSLMode):
		v.Add(backend.Invalid("sslMode", "Choose how the connection is secured: %s.", strings.Join(SSLModes, ", ")))
	case verifies && strings.TrimSpace(c.CAFile) == "":
		v.Add(backend.Invalid("caFile", "Choose the certificate authority's file (ca.crt) that %s checks the server's certificate against.", c.SSLMode))
	}
	if f := strings.TrimSpace(c.CAFile); f != "" {
		if !filepath.IsAbs(f) {
			v.Add(backend.Invalid("caFile", "Give the CA file's full path (%s is not one).", f))
		} else if fi, err := os.Stat(f); err != nil || fi.IsDir() {
			v.Add(backend.Invalid("caFile", "There is no file %s on this computer.", f))
		}
	}
	return v.Err()
}

func validSSLMode(m string) bool {
	for _, s := range SSLModes {
		if m == s {
			return true
		}
	}
	return false
}

// normal is c with spaces trimmed and the fields of the other engine dropped.
func (c Choice) normal() Choice {
	if c.Engine != EnginePostgres {
		return Choice{Engine: EngineSQLite}
	}
	c.Host, c.Database, c.User, c.CAFile = strings.TrimSpace(c.Host), strings.TrimSpace(c.Database), strings.TrimSpace(c.User), strings.TrimSpace(c.CAFile)
	return c
}

// URL is the PostgreSQL connection URL of c, without a password (the credential store
// has it); "" for SQLite.
func (c Choice) URL() string {
	c = c.normal()
	if c.Engine != EnginePostgres {
		return ""
	}
	q := url.Values{}
	q.Set("sslmode", c.SSLMode)
	if c.CAFile != "" && c.SSLMode != "disable" {
		q.Set("sslrootcert", c.CAFile)
	}
	u := url.URL{Scheme: "postgres", User: url.User(c.User), Host: net.JoinHostPort(c.Host, strconv.Itoa(c.Port)),
		Path: "/" + c.Database, RawQuery: q.Encode()}
	return u.String()
}

// Account is the name c's password is kept under in the credential store
// (user@host:port/database), "" for SQLite.
func (c Choice) Account() string {
	c = c.normal()
	if c.Engine != EnginePostgres {
		return ""
	}
	return dbsecret.Account(c.User, c.Host, uint16(c.Port), c.Database)
}

// Load reads the choice kept in dir (the user's data folder). No file is the default:
// this computer's SQLite file.
func Load(dir string) (Choice, error) {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, os.ErrNotExist) {
		return Choice{Engine: EngineSQLite}, nil
	}
	if err != nil {
		return Choice{}, fmt.Errorf("read the database setting: %w", err)
	}
	var c Choice
	if err := json.Unmarshal(b, &c); err != nil {
		return Choice{}, backend.Errorf(backend.EINVALID, "The database setting %s is damaged (%v): an administrator chooses the database again under Settings > Database, or remove the file to use this computer's file.", filepath.Join(dir, FileName), err)
	}
	if c.Engine == "" {
		c.Engine = EngineSQLite
	}
	return c.normal(), nil
}

// Location is the database the choice in dir names: the PostgreSQL URL, or defaultFile.
func Location(dir, defaultFile string) (string, error) {
	c, err := Load(dir)
	if err != nil {
		return "", err
	}
	if c.Engine == EnginePostgres {
		return c.URL(), nil
	}
	return defaultFile, nil
}

// write keeps c in dir, readable by the user only, replacing the file in one step.
func write(dir string, c Choice) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the data folder: %w", err)
	}
	b, err := json.MarshalIndent(c.normal(), "", "  ")
	if err != nil {
		return err
	}
	// Whole or not at all, and durable: a temporary file synced, renamed over the old
	// one, and the folder synced.
	err = export.WriteBytes(context.Background(), filepath.Join(dir, FileName), 0o600, append(b, '\n'))
	if err != nil {
		return fmt.Errorf("write the database setting: %w", err)
	}
	return nil
}

// Test is what testing a choice found.
type Test struct {
	// Summary says it in a sentence: what the database holds and what happens at the
	// next start.
	Summary   string `json:"summary"`
	Contents  string `json:"contents"` // storage.ProbeEmpty, ProbeCurrent or ProbeOlder
	Encrypted bool   `json:"encrypted"`
	Server    string `json:"server"`
	// PasswordKept tells that the password used was the one kept in the credential
	// store (none was typed).
	PasswordKept bool `json:"passwordKept"`
}

// Service tests and keeps the choice of the user's data folder Dir; its passwords go to
// Vault (dbsecret.Store when nil).
type Service struct {
	Dir   string
	Vault dbsecret.Vault
}

func (s Service) vault() dbsecret.Vault {
	if s.Vault != nil {
		return s.Vault
	}
	return dbsecret.Store
}

// keptPassword is the password kept for c's account ("" when none, or no credential store).
func (s Service) keptPassword(c Choice) string {
	p, err := s.vault().Get(dbsecret.Service, c.Account())
	if err != nil {
		return ""
	}
	return p
}

// PasswordKept tells whether the credential store holds a password for c.
func (s Service) PasswordKept(c Choice) bool {
	return c.Engine == EnginePostgres && s.keptPassword(c) != ""
}

// Test connects to the server c names with password (else the one kept for it) and says
// what the database holds, writing nothing. What fails is an EINVALID error naming the
// field to fix (storage.ProbePostgres). SQLite needs no test.
func (s Service) Test(ctx context.Context, c Choice, password string) (Test, error) {
	if err := c.Validate(); err != nil {
		return Test{}, err
	}
	c = c.normal()
	if c.Engine != EnginePostgres {
		return Test{Summary: "This computer's file needs no connection.", Contents: storage.ProbeCurrent}, nil
	}
	kept := false
	if password == "" {
		password = s.keptPassword(c)
		kept = password != ""
	}
	p, err := storage.ProbePostgres(ctx, c.URL(), password)
	if err != nil {
		if kept && backend.ErrorField(err) == "password" {
			return Test{}, backend.Invalid("password", "The server refused the password kept on this computer for %s: type the current one.", c.Account())
		}
		return Test{}, err
	}
	// "16.4 (Debian 16.4-1)": the version is the first word.
	if f := strings.Fields(p.Server); len(f) > 0 {
		p.Server = f[0]
	}
	t := Test{Contents: p.Contents, Encrypted: p.Encrypted, Server: p.Server, PasswordKept: kept}
	where := fmt.Sprintf("%s on %s", c.Database, net.JoinHostPort(c.Host, strconv.Itoa(c.Port)))
	switch p.Contents {
	case storage.ProbeEmpty:
		t.Summary = fmt.Sprintf("Connected to %s (PostgreSQL %s). The database is empty: at the next start Privacy Desk sets it up and asks for its first administrator. To move this computer's practice there instead, run privacydesk-cli migrate --to postgres://%s@%s/%s before the next start.", where, p.Server, c.User, net.JoinHostPort(c.Host, strconv.Itoa(c.Port)), c.Database)
	case storage.ProbeOlder:
		t.Summary = fmt.Sprintf("Connected to %s (PostgreSQL %s). It holds a Privacy Desk practice from an older version (database version %d), brought up to date at the next start.", where, p.Server, p.SchemaVersion)
	default:
		t.Summary = fmt.Sprintf("Connected to %s (PostgreSQL %s). It holds a Privacy Desk practice (database version %d).", where, p.Server, p.SchemaVersion)
	}
	if !p.Encrypted {
		t.Summary += " The connection is not encrypted: anyone on the network can read what passes."
	}
	return t, nil
}

// Save keeps c as this computer's database, from the next start. A PostgreSQL server is
// tested first (Test: a connection that fails is not kept); the password typed, when
// not "", goes to the credential store under c's account, never into a file. A
// computer without a credential store keeps the choice and says the password will be
// asked for at each start.
func (s Service) Save(ctx context.Context, c Choice, password string) (Saved, error) {
	t, err := s.Test(ctx, c, password)
	if err != nil {
		return Saved{}, err
	}
	c = c.normal()
	out := Saved{Test: t}
	if c.Engine == EnginePostgres && password != "" {
		if err := s.vault().Set(dbsecret.Service, c.Account(), password); err != nil {
			slog.Warn("the database password was not kept in the credential store", "account", c.Account(), "err", err)
			out.PasswordNotKept = NotKept
		} else {
			out.PasswordStored = true
		}
	}
	if err := write(s.Dir, c); err != nil {
		return Saved{}, err
	}
	return out, nil
}

// NotKept says that the credential store could not keep a password (a computer without
// one, such as a desktop session without the Secret Service); the log has the reason.
const NotKept = "This computer's credential store could not keep the password (the log file says why), so Privacy Desk will ask for it at each start."

// Saved is what saving a choice did.
type Saved struct {
	Test Test `json:"test"`
	// PasswordStored tells that the typed password went to the credential store;
	// PasswordNotKept, when set, says why it could not.
	PasswordStored  bool   `json:"passwordStored"`
	PasswordNotKept string `json:"passwordNotKept"`
}
