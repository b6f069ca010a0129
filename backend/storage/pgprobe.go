package storage

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"privacydesk/backend"
)

// What a PostgreSQL database holds, as ProbePostgres finds it (PostgresProbe.Contents).
const (
	ProbeEmpty   = "empty"   // no tables: Privacy Desk sets it up when it first opens it
	ProbeCurrent = "current" // Privacy Desk's, at this version's schema
	ProbeOlder   = "older"   // Privacy Desk's, from an older version: upgraded when opened
)

// PostgresProbe is what a test of a connection found: whether the connection is
// encrypted, and what the database holds.
type PostgresProbe struct {
	Contents      string // ProbeEmpty, ProbeCurrent or ProbeOlder
	SchemaVersion int    // the database's version (0 when empty)
	Encrypted     bool   // the connection uses TLS
	Server        string // the server's version, e.g. "16.4"
}

// probeTimeout bounds a test of a connection: an address that drops packets must not
// hold the Settings screen for the operating system's minutes.
const probeTimeout = 10 * time.Second

// ProbePostgres connects to the PostgreSQL database at the URL location, with password
// when it is not "" (else the password openPostgres would use), and says what the
// database holds, writing nothing. A connection that fails, and a database that belongs
// to another program or to a newer Privacy Desk, is an EINVALID error naming the field
// to fix: "host" (unknown name, nothing answering), "caFile" (the certificate is not
// trusted or the file is unreadable), "sslMode" (the server offers no TLS), "user",
// "password" or "database".
func ProbePostgres(ctx context.Context, location, password string) (PostgresProbe, error) {
	cfg, err := pgConfig(location)
	if err != nil {
		return PostgresProbe{}, probeConfigError(err)
	}
	if password != "" {
		cfg.Password = password
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > probeTimeout {
		cfg.ConnectTimeout = probeTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, 2*probeTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		problem := ConnectionProblem(err, cfg.Host, cfg.Port, cfg.User, cfg.Database)
		if cfg.Password == "" && backend.ErrorField(problem) == "password" {
			return PostgresProbe{}, backend.Invalid("password", "The server wants a password for %s: enter it.", cfg.User)
		}
		return PostgresProbe{}, problem
	}
	defer conn.Close(context.Background())
	where := fmt.Sprintf("The database %s on %s:%d", cfg.Database, cfg.Host, cfg.Port)
	var p PostgresProbe
	p.Server = conn.PgConn().ParameterStatus("server_version")
	_ = conn.QueryRow(ctx, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&p.Encrypted)
	var ours, others int
	if err := conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE table_name = 'schema_version'), count(*)
		FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&ours, &others); err != nil {
		return PostgresProbe{}, backend.Invalid("database", "%s could not be read: %v", where, err)
	}
	switch {
	case ours == 0 && others == 0:
		p.Contents = ProbeEmpty
		return p, nil
	case ours == 0:
		return PostgresProbe{}, backend.Invalid("database", "%s holds another program's tables, not Privacy Desk's: give Privacy Desk a database of its own.", where)
	}
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&p.SchemaVersion); err != nil {
		return PostgresProbe{}, backend.Invalid("database", "%s could not be read: %v", where, err)
	}
	switch latest := SchemaVersion(); {
	case p.SchemaVersion > latest:
		return PostgresProbe{}, backend.Invalid("database", "%s was written by a newer version of Privacy Desk (database version %d; this version knows up to %d): update Privacy Desk on this computer first.", where, p.SchemaVersion, latest)
	case p.SchemaVersion < latest:
		p.Contents = ProbeOlder
	default:
		p.Contents = ProbeCurrent
	}
	return p, nil
}

// probeConfigError is pgConfig's error with its field: an unreadable certificate file is
// the CA file's problem, anything else the address's.
func probeConfigError(err error) error {
	msg := backend.ErrorMessage(err)
	if strings.Contains(msg, "CA file") || strings.Contains(msg, "sslrootcert") {
		return backend.Invalid("caFile", "The certificate authority's file cannot be read: %s", msg)
	}
	return err
}

// ConnectionProblem says in a sentence, naming the field to fix, why a connection to the
// database on host:port as user failed: the name is unknown, nothing answers, the
// certificate is not trusted, the server offers no TLS, the password was refused, the
// user may not connect, or there is no such database.
func ConnectionProblem(err error, host string, port uint16, user, database string) error {
	addr := fmt.Sprintf("%s:%d", host, port)
	var pgErr *pgconn.PgError
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var opErr *net.OpError
	text := err.Error()
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "28P01":
		return backend.Invalid("password", "The server refused the password of %s: check it (the server's administrator can set it again).", user)
	case errors.As(err, &pgErr) && pgErr.Code == "28000":
		return backend.Invalid("user", "The server does not let %s connect to %s from this computer (%s): its administrator allows it in pg_hba.conf.", user, database, pgErr.Message)
	case errors.As(err, &pgErr) && pgErr.Code == "3D000":
		return backend.Invalid("database", "The server %s has no database %s: check the name, or ask its administrator to create it.", addr, database)
	case errors.As(err, &pgErr):
		return backend.Invalid("host", "The server %s refused the connection: %s", addr, pgErr.Message)
	case errors.As(err, &unknownCA):
		return backend.Invalid("caFile", "The server's certificate is not trusted: no certificate authority in the CA file signed it. Choose the practice's CA certificate (ca.crt) the server's certificate was made with.")
	case errors.As(err, &hostErr):
		return backend.Invalid("host", "The server's certificate is not for %s (%v): write the server's name as its certificate has it.", host, hostErr.Error())
	case errors.As(err, &invalid):
		return backend.Invalid("caFile", "The server's certificate is not trusted: %v.", invalid.Error())
	case strings.Contains(text, "certificate"):
		return backend.Invalid("caFile", "The server's certificate is not trusted: %s", lastLine(text))
	case strings.Contains(text, "server refused TLS connection"):
		return backend.Invalid("sslMode", "The server %s does not offer an encrypted connection (TLS): its administrator turns on ssl in postgresql.conf.", addr)
	case strings.Contains(text, "password") || strings.Contains(text, "SASL"):
		return backend.Invalid("password", "The server wants a password for %s: enter it.", user)
	case errors.As(err, &dnsErr):
		return backend.Invalid("host", "No computer is known by the name %s: check the server's name.", host)
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(text, "timeout"):
		return backend.Invalid("host", "No answer from %s within %s: check the server's name and port, and that the computer can reach it.", addr, probeTimeout)
	case errors.As(err, &opErr) || strings.Contains(text, "connection refused"):
		return backend.Invalid("host", "No PostgreSQL server answers at %s (%s): check the server's name and port, and that PostgreSQL runs there.", addr, lastLine(text))
	}
	return backend.Invalid("host", "Cannot connect to %s: %s", addr, lastLine(text))
}

// lastLine is the innermost cause of a connection error: pgx's text is a chain of
// "what: why" parts, sometimes over several lines.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "\n"); i >= 0 {
		s = strings.TrimSpace(s[i+1:])
	}
	if i := strings.LastIndex(s, ": "); i >= 0 && i+2 < len(s) {
		return s[i+2:]
	}
	return s
}
