package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"privacydesk/backend"
)

// pgConns is the size of a PostgreSQL store's pool: the server serialises what must be
// serialised, so the window's page, dashboard and charts read at once through it.
const pgConns = 8

// openPostgres opens the PostgreSQL database at the URL (postgres://user@host:port/db?...)
// and brings its schema up to date with the PostgreSQL migrations. A database written by
// a newer Privacy Desk is refused before anything is written.
func openPostgres(location string) (*Store, error) {
	cfg, err := pgConfig(location)
	if err != nil {
		return nil, err
	}
	dir, err := localFilesDir(cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{path: redactURL(location), dir: dir, Now: time.Now, dialect: postgresDialect}
	pool := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	err = pool.Ping()
	// A password the server refused or wanted is asked for (AskDBPassword), unless it was
	// written in the URL or the environment, which only their author can correct.
	if err != nil && AskDBPassword != nil && needsPassword(err) && passwordAskable(location) {
		pool.Close()
		if cfg.Password, err = AskDBPassword(pgAccount(cfg)); err != nil {
			return nil, err
		}
		pool = sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
		err = pool.Ping()
	}
	if err != nil {
		pool.Close()
		// Said as the Settings' test of a connection says it: what failed and what to fix.
		problem := ConnectionProblem(err, cfg.Host, cfg.Port, cfg.User, cfg.Database)
		return nil, backend.Errorf(backend.EINVALID, "Cannot reach the PostgreSQL database %s: %s", s.path, backend.ErrorMessage(problem))
	}
	pool.SetMaxOpenConns(pgConns)
	pool.SetMaxIdleConns(pgConns)
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: pool}), &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return s.Now().UTC() },
		Logger:         logger.Default.LogMode(logger.Silent),
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", s.path, err)
	}
	s.db = db
	if err := s.refuseForeign(); err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.migrate(); err != nil {
		pool.Close()
		return nil, err
	}
	// The read pool, as with SQLite: the list, the dashboard and the exports read through
	// connections whose transactions are read-only, so a write by mistake fails loudly.
	roCfg := cfg.Copy()
	roCfg.RuntimeParams["default_transaction_read_only"] = "on"
	roPool := sql.OpenDB(rebindConnector{stdlib.GetConnector(*roCfg)})
	roPool.SetMaxOpenConns(readers)
	roPool.SetMaxIdleConns(readers)
	if s.ro, err = gorm.Open(postgres.New(postgres.Config{Conn: roPool}), &gorm.Config{
		TranslateError: true,
		Logger:         logger.Default.LogMode(logger.Silent),
	}); err != nil {
		roPool.Close()
		pool.Close()
		return nil, fmt.Errorf("open %s for reading: %w", s.path, err)
	}
	return s, nil
}

// refuseForeign refuses, before anything is written, a PostgreSQL database that holds
// another program's tables, or one written by a newer version of Privacy Desk.
func (s *Store) refuseForeign() error {
	var tables int
	if err := s.db.Raw(s.dialect.tableCountSQL(), "schema_version").Scan(&tables).Error; err != nil {
		return err
	}
	if tables == 0 {
		var others int
		if err := s.db.Raw(`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&others).Error; err != nil || others == 0 {
			return err
		}
		return backend.Errorf(backend.EINVALID, "%s holds another program's tables, not Privacy Desk's. It was left untouched: give Privacy Desk a database of its own.", s.path)
	}
	var version int
	if err := s.db.Raw(`SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&version).Error; err != nil {
		return err
	}
	if latest := SchemaVersion(); version > latest {
		return backend.Errorf(backend.ECONFLICT, "%s was written by a newer version of Privacy Desk (database version %d; this version knows up to %d). Update Privacy Desk to open it. It was left untouched.", s.path, version, latest)
	}
	return nil
}

// localFilesDir is where a PostgreSQL store keeps what is not in the database yet (the
// attachments' files): a folder of its own per server and database in the user's
// configuration folder, so two practices' files never mix. It is not shared between
// desks; attachments move into the database next.
func localFilesDir(cfg *pgx.ConnConfig) (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user's data folder: %w", err)
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, fmt.Sprintf("%s-%d-%s", cfg.Host, cfg.Port, cfg.Database))
	return filepath.Join(base, "PrivacyDesk", "postgres", name), nil
}

// redactURL is the connection URL without its password, for messages and Path.
func redactURL(location string) string {
	u, err := url.Parse(location)
	if err != nil {
		return "the PostgreSQL database"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// RedactLocation is a database location fit to show or log: a PostgreSQL URL without its
// password, a file's path as it is.
func RedactLocation(location string) string {
	if IsPostgresURL(location) {
		return redactURL(location)
	}
	return location
}

// DescribeLocation says in words which database a location names, for the window's
// Settings: "PostgreSQL server HOST:PORT/DB" (never the user or password) or "this
// computer's file PATH".
func DescribeLocation(location string) string {
	if !IsPostgresURL(location) {
		return "this computer's file " + location
	}
	u, err := url.Parse(location)
	if err != nil {
		return "a PostgreSQL server"
	}
	host := u.Host
	if u.Port() == "" && host != "" {
		host += ":5432"
	}
	if host == "" {
		host = "localhost:5432"
	}
	return "PostgreSQL server " + host + "/" + strings.TrimPrefix(u.Path, "/")
}

// rebind turns the '?' placeholders of SQL written for SQLite into PostgreSQL's $1, $2,
// ..., leaving quoted strings, quoted names and comments alone. A statement without
// arguments is left as it is (the migrations' function bodies may hold a '?').
func rebind(query string, nargs int) string {
	if nargs == 0 || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 2*nargs)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) && query[j] != c {
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// rebindConnector opens pgx connections whose statements may use '?' placeholders: the
// queries written by hand for database/sql (the request list, the dashboard, the audit
// check) then run unchanged on both engines. GORM's own statements already use $n.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &rebindConn{conn.(*stdlib.Conn)}, nil
}

// rebindConn is a pgx connection that rebinds each statement's placeholders.
type rebindConn struct{ *stdlib.Conn }

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query, strings.Count(query, "?")))
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query, strings.Count(query, "?")))
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query, len(args)), args)
}

func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query, len(args)), args)
}
