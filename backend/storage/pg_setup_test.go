package storage

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// setupSQL is the SQL the README's "Setting up a PostgreSQL server for a practice" gives
// the server's administrator, one statement or psql \c line per line.
func setupSQL(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "Setting up a PostgreSQL server for a practice")
	if i < 0 {
		t.Fatal("the README has no section on setting up a PostgreSQL server")
	}
	m := regexp.MustCompile("(?s)```sql\n(.*?)```").FindStringSubmatch(text[i:])
	if m == nil {
		t.Fatal("the README's server section has no SQL block")
	}
	return strings.Split(strings.TrimSpace(m[1]), "\n")
}

// The README's SQL works on a real server: run as the administrator (with the test's own
// role and database names), it makes a role that can open the practice's database as
// Privacy Desk (its migrations run as that role) and log a request, that is neither a
// superuser nor able to create databases or roles, and it keeps other roles out.
func TestReadmeServerSetup(t *testing.T) {
	if !testpg.Enabled() {
		t.Skip("needs a PostgreSQL server: make test-pg runs it")
	}
	server, err := url.Parse(os.Getenv(testpg.Env))
	if err != nil {
		t.Fatal(err)
	}
	role, db, other := fmt.Sprintf("pd_role_%d", os.Getpid()), fmt.Sprintf("pd_practice_%d", os.Getpid()), fmt.Sprintf("pd_other_%d", os.Getpid())
	names := regexp.MustCompile(`\bprivacydesk\b|\bpractice\b`)
	as := func(u url.URL, user, database string) string {
		if user != "" {
			u.User = url.User(user)
		}
		u.Path = "/" + database
		return u.String()
	}
	admin, err := sql.Open("pgx", server.String())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)")
		admin.Exec("DROP ROLE IF EXISTS " + role)
		admin.Exec("DROP ROLE IF EXISTS " + other)
	})
	conn := admin
	for _, line := range setupSQL(t) {
		line = names.ReplaceAllStringFunc(line, func(w string) string {
			if w == "privacydesk" {
				return role
			}
			return db
		})
		if name, ok := strings.CutPrefix(line, `\c `); ok {
			if conn, err = sql.Open("pgx", as(*server, "", strings.TrimSpace(name))); err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			continue
		}
		if _, err := conn.Exec(line); err != nil {
			t.Fatalf("the README's %q: %v", line, err)
		}
	}

	s, err := Open(as(*server, role, db))
	if err != nil {
		t.Fatalf("Privacy Desk on the README's role and database: %v", err)
	}
	s.dir = t.TempDir()
	defer s.Close()
	r := mustCreateRequest(t, s, reqInput("Ana Paz", "ana@example.com", backend.RegimeCCPA, "2026-02-25", backend.RightAccess))
	if r.Reference == "" {
		t.Fatal("no request was logged")
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("the audit trail: %+v %v", rep, err)
	}
	var super, createDB, createRole bool
	if err := s.db.Raw("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user").Row().Scan(&super, &createDB, &createRole); err != nil {
		t.Fatal(err)
	}
	if super || createDB || createRole {
		t.Errorf("the app's role may do more than it needs: superuser %v, create databases %v, create roles %v", super, createDB, createRole)
	}
	var owner string
	if err := s.db.Raw("SELECT tableowner FROM pg_tables WHERE tablename = 'requests'").Row().Scan(&owner); err != nil || owner != role {
		t.Errorf("the tables belong to %q (%v), want the app's role", owner, err)
	}
	// Another role of the server may not connect to the practice's database.
	if _, err := admin.Exec("CREATE ROLE " + other + " LOGIN"); err != nil {
		t.Fatal(err)
	}
	if s2, err := Open(as(*server, other, db)); err == nil {
		s2.Close()
		t.Error("another role opened the practice's database")
	} else if !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("another role refused for another reason: %v", err)
	}
}
