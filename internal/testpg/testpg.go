// Package testpg gives tests a fresh PostgreSQL database of their own when
// PRIVACYDESK_TEST_PG names a server (as `make test-pg` does, through
// .ci/pg-cluster.sh), so the same tests run against SQLite and against PostgreSQL.
package testpg

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env is the variable naming the test server: a postgres:// URL of a role that may
// create databases.
const Env = "PRIVACYDESK_TEST_PG"

// Enabled tells whether the tests run against PostgreSQL.
func Enabled() bool { return os.Getenv(Env) != "" }

var seq atomic.Int64

// SQLiteOnly skips a test of what only a SQLite file has (its path and permissions, its
// locks, its WAL, the keyring beside it, SQLCipher's encryption, its online backup, a
// restore over the file) when the tests run against PostgreSQL; what names it.
func SQLiteOnly(t testing.TB, what string) {
	t.Helper()
	if Enabled() {
		t.Skip("SQLite only: " + what)
	}
}

// Location is where a test's database is: path, a SQLite file, or a fresh PostgreSQL
// database of the test's own when the tests run against PostgreSQL.
func Location(t testing.TB, path string) string {
	t.Helper()
	if Enabled() {
		return URL(t)
	}
	return path
}

// URL creates an empty database for the test and returns its URL; the database is
// dropped when the test ends. It fails the test when the server cannot be reached.
func URL(t testing.TB) string {
	t.Helper()
	return create(t, "")
}

// Copy creates a database for the test holding what the database at from (a URL from
// URL or Copy) holds, copied by the server (CREATE DATABASE ... TEMPLATE), which is
// much quicker than filling it again; nothing may be connected to from meanwhile. The
// copy is dropped when the test ends.
func Copy(t testing.TB, from string) string {
	t.Helper()
	u, err := url.Parse(from)
	if err != nil {
		t.Fatal(err)
	}
	return create(t, strings.TrimPrefix(u.Path, "/"))
}

// adminDB is the process's pool of connections to the server's maintenance database,
// which creates and drops the tests' databases: a new connection for each would add
// tens of milliseconds to every test.
var adminDB = sync.OnceValues(func() (*sql.DB, error) { return sql.Open("pgx", os.Getenv(Env)) })

// create creates the test's database, empty or a copy of the database template.
func create(t testing.TB, template string) string {
	t.Helper()
	server := os.Getenv(Env)
	admin, err := adminDB()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("pd_test_%d_%d", os.Getpid(), seq.Add(1))
	stmt := "CREATE DATABASE " + name
	if template != "" {
		stmt += " TEMPLATE " + template
	}
	if _, err := admin.Exec(stmt); err != nil {
		t.Fatalf("create the test database on %s: %v", server, err)
	}
	t.Cleanup(func() {
		// FORCE: a pool the test left open must not keep its database alive.
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop the test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
