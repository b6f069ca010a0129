package storage

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// newTestStore returns a fresh, migrated database in a temporary folder with a fixed clock;
// a database of its own on the PostgreSQL server when PRIVACYDESK_TEST_PG names one.
func newTestStore(t testing.TB) *Store {
	t.Helper()
	location := filepath.Join(t.TempDir(), "pd", "test.db")
	if testpg.Enabled() {
		location = testpg.URL(t)
	}
	return newStoreAt(t, location)
}

// newFileStore is newTestStore in a SQLite file, on either run.
func newFileStore(t testing.TB) *Store {
	t.Helper()
	return newStoreAt(t, filepath.Join(t.TempDir(), "pd", "test.db"))
}

func newStoreAt(t testing.TB, location string) *Store {
	t.Helper()
	s, err := Open(location)
	if err != nil {
		t.Fatal(err)
	}
	if s.dialect == postgresDialect {
		s.dir = t.TempDir()
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	testpg.SQLiteOnly(t, "the file's and folder's permissions")
	dir := filepath.Join(t.TempDir(), "data", "PrivacyDesk")
	s, err := Open(filepath.Join(dir, "privacydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "privacydesk.db"): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}
	var mode string
	s.db.Raw("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	s.db.Raw("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
	if v := SchemaVersion(); v < 1 {
		t.Errorf("SchemaVersion = %d", v)
	}
}

// TestOpenRefusesAndLeavesUntouched covers files Privacy Desk must not touch: each is
// refused with a message saying why, and stays byte-for-byte the same.
func TestOpenRefusesAndLeavesUntouched(t *testing.T) {
	testpg.SQLiteOnly(t, "files that are not Privacy Desk databases")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	s, err := Open(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePractice(examplePractice()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	goodBytes := checkpointed(t, good)

	// A database written by a newer version.
	newer := filepath.Join(dir, "newer.db")
	os.WriteFile(newer, goodBytes, 0o600)
	db, _ := sql.Open("sqlite3", newer)
	if _, err := db.Exec(`INSERT INTO schema_version(version, name, applied_at) VALUES (9999, '9999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	newerBytes := checkpointed(t, newer)

	// A damaged database: a page in the middle overwritten.
	corrupt := filepath.Join(dir, "corrupt.db")
	c := append([]byte(nil), goodBytes...)
	for i := 4096; i < 4096+100 && i < len(c); i++ {
		c[i] = 0xA5
	}
	os.WriteFile(corrupt, c, 0o600)

	// A file cut off halfway.
	truncated := filepath.Join(dir, "truncated.db")
	tr := append([]byte(nil), goodBytes[:len(goodBytes)/2]...)
	os.WriteFile(truncated, tr, 0o600)

	// A foreign SQLite database.
	foreign := filepath.Join(dir, "foreign.db")
	db, _ = sql.Open("sqlite3", foreign)
	db.Exec(`CREATE TABLE contacts(id INTEGER, name TEXT)`)
	db.Close()
	foreignBytes := checkpointed(t, foreign)

	// Not SQLite at all.
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("Dear diary, this is not a database.\n"), 0o600)

	cases := []struct {
		name, path, want string
		before           []byte
	}{
		{"newer", newer, "newer version", newerBytes},
		{"corrupt", corrupt, "damaged", c},
		{"truncated", truncated, "damaged", tr},
		{"foreign", foreign, "another program", foreignBytes},
		{"not sqlite", text, "not a SQLite file", []byte("Dear diary, this is not a database.\n")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(tc.path)
			if err == nil {
				s.Close()
				t.Fatal("opened; want refused")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "untouched") {
				t.Errorf("error %q does not say %q and untouched", err, tc.want)
			}
			after, _ := os.ReadFile(tc.path)
			if !bytes.Equal(after, tc.before) {
				t.Error("the file was modified")
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(tc.path + suffix); err == nil {
					t.Errorf("%s was created", suffix)
				}
			}
		})
	}
}

// checkpointed returns the bytes of a closed database file.
func checkpointed(t *testing.T, path string) []byte {
	t.Helper()
	db, _ := sql.Open("sqlite3", path)
	db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	db.Exec("PRAGMA journal_mode=DELETE")
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func examplePractice() backend.Practice {
	p := backend.DefaultPractice()
	p.Name = "Sessions, Inc."
	p.Email = "contact@sessionshealth.com"
	p.Address = "3948 Market St #24702\nMinneapolis, MN 55424"
	return p
}

// TestUpgradeFromVersion1 opens a database file written by schema version 1 (kept under
// testdata/) and checks every later migration applies and the data survives.
func TestUpgradeFromVersion1(t *testing.T) {
	testpg.SQLiteOnly(t, "an upgrade of an old database file")
	src, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.db")
	os.WriteFile(path, src, 0o600)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.db.Raw("SELECT max(version) FROM schema_version").Scan(&v)
	if v != SchemaVersion() {
		t.Errorf("schema version %d after upgrade, want %d", v, SchemaVersion())
	}
	p, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Sessions, Inc." || p.Email != "contact@sessionshealth.com" {
		t.Errorf("practice after upgrade = %q %q", p.Name, p.Email)
	}
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK {
		t.Errorf("audit chain after upgrade: %+v %v", rep, err)
	}
}

// rewind takes the database back to schema version to, as a build of that version left
// it, by undoing each later migration (undo lists how, newest first), so an upgrade test
// can run the migrations after it on data written by this build.
func rewind(t testing.TB, s *Store, to int) {
	t.Helper()
	undo := map[string][]string{
		"0022_calendar_tombstones.sql":       {`DROP TABLE right_tombstones`, `DROP TABLE vendor_tombstones`},
		"0021_appeal_of.sql":                 {`DROP INDEX requests_appeal_of`, `ALTER TABLE requests DROP COLUMN appeal_of`},
		"0020_right_extended_on.sql":         {`ALTER TABLE request_rights DROP COLUMN extended_on`},
		"0019_vendor_task_rounds.sql":        {`ALTER TABLE vendor_tasks DROP COLUMN earlier_rounds`},
		"0018_prior_baa.sql":                 {`ALTER TABLE vendors DROP COLUMN prior_baa_ends_on`},
		"0017_requester_name_on_letters.sql": {`ALTER TABLE requests DROP COLUMN requester_letter_name`},
		"0016_attachment_blobs.sql":          {`DROP TABLE attachment_blobs`},
		"0015_staff_accounts.sql":            {`DROP TABLE staff_accounts`},
		"0014_letter_sent.sql":               {`DROP TABLE letter_sendings`, `ALTER TABLE requests DROP COLUMN no_letter_reason`},
		"0013_requester_words.sql":           {`ALTER TABLE requests DROP COLUMN requester_words`, `ALTER TABLE requests DROP COLUMN agent_address`},
		"0012_audit_records.sql":             {`ALTER TABLE audit_events DROP COLUMN record`},
		"0011_search_index.sql": {`CREATE TABLE request_search (request_id INTEGER PRIMARY KEY, text TEXT NOT NULL)`,
			`DROP INDEX requests_due_order`, `DROP INDEX requests_due_order_desc`},
		"0010_requester_country_state_due.sql": {`ALTER TABLE requests DROP COLUMN requester_country`,
			`ALTER TABLE request_rights DROP COLUMN state_due`, `ALTER TABLE request_rights DROP COLUMN state_citation`},
	}
	ms := migrations()
	for i := len(ms) - 1; i >= to; i-- {
		stmts, ok := undo[ms[i].name]
		if !ok {
			t.Fatalf("rewind: no undo for migration %s; add it to rewind", ms[i].name)
		}
		for _, q := range append(stmts, `DELETE FROM schema_version WHERE version = `+fmt.Sprint(ms[i].version)) {
			var err error
			if m := dropColumnSQL.FindStringSubmatch(q); m != nil && s.dialect != postgresDialect {
				err = dropColumn(s, m[1], m[2])
			} else {
				err = s.db.Exec(q).Error
			}
			if err != nil {
				t.Fatalf("rewind %s: %s: %v", ms[i].name, q, err)
			}
		}
	}
}

// Rewind is rewind for the tests outside the package (package storage_test), which can
// use what imports storage (the calendar export) on a database as an old build left it.
func Rewind(t testing.TB, s *Store, to int) { rewind(t, s, to) }

var dropColumnSQL = regexp.MustCompile(`^ALTER TABLE (\w+) DROP COLUMN (\w+)$`)

// dropColumn is ALTER TABLE table DROP COLUMN col for SQLCipher's SQLite (3.33, which has
// no DROP COLUMN): SQLite's documented rebuild. A new table without the column takes the
// rows, replaces the old one, and gets back the old one's indexes and triggers.
func dropColumn(s *Store, table, col string) error {
	var create string
	if err := s.db.Raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&create).Error; err != nil {
		return err
	}
	open, end := strings.Index(create, "("), strings.LastIndex(create, ")")
	var defs, keep []string
	depth, start := 0, open+1
	for i := open + 1; i < end; i++ {
		switch create[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				defs, start = append(defs, create[start:i]), i+1
			}
		}
	}
	defs = append(defs, create[start:end])
	for _, d := range defs {
		if f := strings.Fields(d); len(f) == 0 || strings.Trim(f[0], "`\"[]") != col {
			keep = append(keep, d)
		}
	}
	var cols []string
	if err := s.db.Raw(`SELECT name FROM pragma_table_info(?) WHERE name <> ?`, table, col).Scan(&cols).Error; err != nil {
		return err
	}
	var others []string
	if err := s.db.Raw(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL`, table).Scan(&others).Error; err != nil {
		return err
	}
	list := strings.Join(cols, ", ")
	stmts := []string{`PRAGMA foreign_keys = OFF`, `PRAGMA legacy_alter_table = ON`,
		`CREATE TABLE ` + table + `__new (` + strings.Join(keep, ",") + `)`,
		`INSERT INTO ` + table + `__new (` + list + `) SELECT ` + list + ` FROM ` + table,
		`DROP TABLE ` + table, `ALTER TABLE ` + table + `__new RENAME TO ` + table}
	for _, o := range others {
		if !strings.Contains(o, col) {
			stmts = append(stmts, o)
		}
	}
	for _, q := range append(stmts, `PRAGMA legacy_alter_table = OFF`, `PRAGMA foreign_keys = ON`) {
		if err := s.db.Exec(q).Error; err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// dropTriggerSQL drops a trigger, as a test that tampers behind the app's back does, on
// the store's engine (PostgreSQL names the trigger's table).
func dropTriggerSQL(s *Store, trigger, table string) string {
	if s.dialect == postgresDialect {
		return "DROP TRIGGER " + trigger + " ON " + table
	}
	return "DROP TRIGGER " + trigger
}
