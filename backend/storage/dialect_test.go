package storage

import (
	"database/sql"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// Each migration has its PostgreSQL counterpart under the same number and name, so a
// database's version means the same schema on both engines.
func TestMigrationsExistForBothDialects(t *testing.T) {
	lite, pg := migrationsFor(sqliteDialect), migrationsFor(postgresDialect)
	if len(lite) != len(pg) {
		t.Fatalf("%d SQLite migrations but %d PostgreSQL ones: add migrations/postgres/ for each", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].name != pg[i].name {
			t.Errorf("migration %d is %s for SQLite but %s for PostgreSQL", i+1, lite[i].name, pg[i].name)
		}
	}
	for _, m := range pg {
		for _, sqliteOnly := range []string{"VIRTUAL TABLE", "AUTOINCREMENT", " BLOB", "RAISE(ABORT"} {
			if strings.Contains(m.sql, sqliteOnly) {
				t.Errorf("postgres/%s uses SQLite's %s", m.name, sqliteOnly)
			}
		}
	}
}

func TestRebind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"SELECT 1", 0, "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c IN (?,?)", 3, "SELECT a FROM t WHERE b = $1 AND c IN ($2,$3)"},
		{"SELECT '?' || ? FROM \"odd?name\" -- why?\nWHERE x = ?", 2, "SELECT '?' || $1 FROM \"odd?name\" -- why?\nWHERE x = $2"},
		{"SELECT 'it''s ?', ?", 1, "SELECT 'it''s ?', $1"},
		{"SELECT $1 WHERE a = ?", 0, "SELECT $1 WHERE a = ?"}, // no arguments: left alone
	} {
		if got := rebind(tc.in, tc.n); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// PostgreSQL's index gets the words SQLite's tokenizer makes, and its queries ask for
// them the way the SQLite queries do: each term a phrase whose last word is a prefix.
func TestPostgresSearchWords(t *testing.T) {
	if got, want := postgresDialect.searchDoc("pr-2026-0042\ndana@example.com\no'brien"), "pr 2026 0042 dana example com o brien"; got != want {
		t.Errorf("searchDoc = %q, want %q", got, want)
	}
	if got := sqliteDialect.searchDoc("a-b"); got != "a-b" {
		t.Errorf("SQLite's searchDoc changed the text: %q", got)
	}
	cond, arg, ok := postgresDialect.textSearch([]string{"o'bri", "小明", "42"})
	if !ok || !strings.Contains(cond, "to_tsquery") || arg != "o <-> bri:* & 小 <-> 明:* & 42:*" {
		t.Errorf("textSearch = %q %q %v", cond, arg, ok)
	}
	if _, _, ok := postgresDialect.textSearch([]string{"ana", "--"}); ok {
		t.Error("a term without a letter or digit must match nothing")
	}
	if _, arg, _ := sqliteDialect.textSearch([]string{"o'bri", "42"}); arg != `"o'bri*" "42*"` {
		t.Errorf("SQLite's query = %q", arg)
	}
}

func TestPostgresURLs(t *testing.T) {
	for loc, want := range map[string]bool{"postgres://a@h/db": true, "postgresql://h/db": true, "/data/privacydesk.db": false, "postgres.db": false} {
		if IsPostgresURL(loc) != want {
			t.Errorf("IsPostgresURL(%q) = %v", loc, !want)
		}
	}
	if got := redactURL("postgres://desk:s3cret@db.example:5432/pd?sslmode=verify-full"); strings.Contains(got, "s3cret") || !strings.Contains(got, "desk:") {
		t.Errorf("redactURL kept the password or lost the user: %s", got)
	}
}

// A database a newer Privacy Desk wrote is refused on either engine, and left as it was.
func TestNewerDatabaseIsRefused(t *testing.T) {
	s := newTestStore(t)
	future := SchemaVersion() + 1
	if err := s.db.Exec("INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)", future, "from the future", "2030-01-01T00:00:00Z").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := Open(s.Path()); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("opening a newer database: %v, want ECONFLICT naming a newer version", err)
	}
	var n int
	if err := s.db.Raw("SELECT count(*) FROM schema_version WHERE version = ?", future).Scan(&n).Error; err != nil || n != 1 {
		t.Errorf("the newer version's row: %d, %v", n, err)
	}
}

// A database that holds another program's tables is refused and left as it was.
func TestForeignDatabaseIsRefused(t *testing.T) {
	if !testpg.Enabled() {
		t.Skip("PostgreSQL only: a SQLite file of another program is refused by TestOpenRefusesAndLeavesUntouched")
	}
	u := testpg.URL(t)
	admin, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric)`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(u); backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(err.Error(), "another program") {
		t.Fatalf("opening another program's database: %v", err)
	}
	var n int
	if err := admin.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the database has %d tables after the refusal, want its one (%v)", n, err)
	}
}
