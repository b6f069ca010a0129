package backup

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/dbfile"
	"privacydesk/backend/export"
)

func init() { scryptWorkFactor = 10 } // fast tests; real backups use age's default

var fixedNow = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }

// fixture is a live database (WAL, open) and an attachments folder, as the app has them.
type fixture struct {
	dir, dbPath, attDir string
	db                  *sql.DB
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{dir: dir, dbPath: filepath.Join(dir, "data", "privacydesk.db"), attDir: filepath.Join(dir, "data", "attachments")}
	os.MkdirAll(filepath.Dir(f.dbPath), 0o700)
	db, err := sql.Open("sqlite3", "file:"+f.dbPath+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f.db = db
	stmts := []string{
		`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)`,
		`INSERT INTO schema_version VALUES (1,'a',''),(2,'b',''),(3,'c','')`,
		`CREATE TABLE requests (id INTEGER PRIMARY KEY, name TEXT, notes TEXT)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 500; i++ {
		if _, err := db.Exec(`INSERT INTO requests(name, notes) VALUES (?, ?)`, fmt.Sprintf("Zoë O'Brien-Núñez %d 王小明", i), strings.Repeat("note ", i%50)); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{
		"ab/abcdef0123":        bytes.Repeat([]byte{0xff, 0x00, 0x7f}, 100_000),
		"cd/cdef4567":          []byte("%PDF-1.4 letter"),
		"ef/ef89/deeper/x.eml": []byte("From: a@b.c\r\n\r\nhello"),
	}
	for name, b := range files {
		p := filepath.Join(f.attDir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// VacuumInto snapshots with SQLite's VACUUM INTO: one statement, a compact copy, read
// consistently while the fixture's database stays open.
func VacuumInto(db *sql.DB) Snapshot {
	return func(ctx context.Context, dest string) error {
		_, err := db.ExecContext(ctx, "VACUUM INTO ?", dest)
		return err
	}
}

func (f *fixture) source(snap func(*sql.DB) Snapshot) Source {
	return Source{Snapshot: snap(f.db), AttachmentsDir: f.attDir, AppVersion: "1.2.3", SchemaVersion: 3,
		PracticeName: "Sessions, Inc.", Counts: map[string]int64{"requests": 500, "attachments": 3}}
}

func (f *fixture) create(t *testing.T, pass string) string {
	t.Helper()
	out := filepath.Join(f.dir, "backups", "b"+Extension)
	if _, err := Create(context.Background(), out, f.source(VacuumInto), Options{Passphrase: pass, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	return out
}

func rows(t *testing.T, dbPath string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Query(`SELECT id, name, notes FROM requests ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var id int
		var name, notes string
		rs.Scan(&id, &name, &notes)
		out = append(out, fmt.Sprint(id, name, notes))
	}
	return out
}

// tree lists a folder's files and contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func TestRoundTrip(t *testing.T) {
	snapshots := map[string]func(*fixture) Source{
		"vacuum": func(f *fixture) Source { return f.source(VacuumInto) },
		// The store's own snapshots (online backup API, live file) round-trip in
		// service_test.go, on a real store.
		"stream fails, fallback": func(f *fixture) Source {
			src := f.source(VacuumInto)
			src.SnapshotStream = func(context.Context) (io.ReadCloser, int64, error) { return nil, 0, errors.New("busy") }
			return src
		},
	}
	for _, pass := range []string{"", "correct horse battery staple"} {
		for sname, snap := range snapshots {
			t.Run(fmt.Sprintf("%s encrypted=%v", sname, pass != ""), func(t *testing.T) {
				f := newFixture(t)
				out := filepath.Join(f.dir, "backups", "b"+Extension)
				var last int64
				m, err := Create(context.Background(), out, snap(f), Options{Passphrase: pass, Now: fixedNow,
					Progress: func(done, total int64) { last = done }})
				if err != nil {
					t.Fatal(err)
				}
				if len(m.Files) != 4 || last == 0 {
					t.Errorf("manifest files %d, progress %d", len(m.Files), last)
				}
				head := make([]byte, 4)
				fh, _ := os.Open(out)
				fh.Read(head)
				fh.Close()
				if encrypted := string(head) == "age-"; encrypted != (pass != "") {
					t.Errorf("file starts %q", head)
				}
				if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
					t.Errorf("backup mode %v", st.Mode().Perm())
				}

				info, err := Preview(context.Background(), out, pass)
				if err != nil {
					t.Fatal(err)
				}
				if info.PracticeName != "Sessions, Inc." || info.Counts["requests"] != 500 || !info.CreatedAt.Equal(fixedNow()) ||
					info.Encrypted != (pass != "") || info.SchemaVersion != 3 || info.AppVersion != "1.2.3" {
					t.Errorf("preview %+v", info)
				}

				target := Target{DBPath: filepath.Join(f.dir, "new place", "restored.db"), AttachmentsDir: filepath.Join(f.dir, "new place", "att"), MaxSchemaVersion: 3}
				res, err := Restore(context.Background(), out, pass, target, nil)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.SetAside) != 0 {
					t.Errorf("set aside %v in a new place", res.SetAside)
				}
				leftovers(t, filepath.Dir(target.DBPath), "att", "restored.db", "restored.db.lock")
				leftovers(t, filepath.Dir(out), "b"+Extension)
				if got, want := rows(t, target.DBPath), rows(t, f.dbPath); len(got) != 500 || strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("restored %d rows, differ from the original", len(got))
				}
				if got, want := tree(t, target.AttachmentsDir), tree(t, f.attDir); len(got) != 3 || fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("attachments differ: %d files", len(got))
				}
			})
		}
	}
}

// leftovers fails when dir holds anything but names (temporary files, partial output).
func leftovers(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	sort.Strings(got)
	sort.Strings(names)
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

func TestRestoreOverCurrentDataSetsItAside(t *testing.T) {
	f := newFixture(t)
	out := f.create(t, "")
	if _, err := f.db.Exec(`DELETE FROM requests WHERE id > 10`); err != nil {
		t.Fatal(err)
	}
	f.db.Close()
	os.WriteFile(f.dbPath+"-wal", []byte("stale journal"), 0o600)
	os.WriteFile(filepath.Join(f.attDir, "added-later"), []byte("x"), 0o600)
	res, err := Restore(context.Background(), out, "", Target{DBPath: f.dbPath, AttachmentsDir: f.attDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows(t, f.dbPath)) != 500 {
		t.Errorf("restore did not bring back the deleted rows")
	}
	if _, err := os.Stat(f.dbPath + "-wal"); err == nil {
		t.Errorf("the old journal was left beside the restored database")
	}
	if len(res.SetAside) != 2 {
		t.Fatalf("set aside %v", res.SetAside)
	}
	for _, p := range res.SetAside {
		if !strings.Contains(p, ".before-restore-") {
			t.Errorf("aside name %s", p)
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("set-aside %s: %v", p, err)
		}
	}
	if b, _ := os.ReadFile(res.SetAside[1] + "-wal"); !strings.Contains(res.SetAside[1], "privacydesk.db.before-restore-") || string(b) != "stale journal" {
		t.Errorf("old journal not kept beside the old database")
	}
	if _, ok := tree(t, f.attDir)["added-later"]; ok {
		t.Errorf("attachments folder not replaced")
	}
}

// mutate builds a damaged or foreign variant of a good backup.
type mutate func(t *testing.T, good []byte) []byte

func truncateHalf(t *testing.T, b []byte) []byte { return b[:len(b)/2] }

// flipInDatabase flips one byte in the middle of the database member's stored data.
func flipInDatabase(t *testing.T, b []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == databaseName {
			off, _ := f.DataOffset()
			c := bytes.Clone(b)
			c[off+int64(f.CompressedSize64)/2] ^= 0x01
			return c
		}
	}
	t.Fatal("no database member")
	return nil
}

func flipAt(frac float64) mutate {
	return func(t *testing.T, b []byte) []byte {
		c := bytes.Clone(b)
		c[int(float64(len(c))*frac)] ^= 0x40
		return c
	}
}

func rezip(t *testing.T, members map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(members))
	for n := range members {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, _ := zw.Create(n)
		w.Write(members[n])
	}
	zw.Close()
	return buf.Bytes()
}

// members unpacks a good plain backup.
func members(t *testing.T, b []byte) map[string][]byte {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func withManifest(edit func(m *Manifest, ms map[string][]byte)) mutate {
	return func(t *testing.T, b []byte) []byte {
		ms := members(t, b)
		var m Manifest
		json.Unmarshal(ms[manifestName], &m)
		edit(&m, ms)
		ms[manifestName], _ = json.Marshal(m)
		return rezip(t, ms)
	}
}

func TestRefusedBackupsLeaveDataUntouched(t *testing.T) {
	f := newFixture(t)
	plain := f.create(t, "")
	plainBytes, _ := os.ReadFile(plain)
	encBytes := func() []byte {
		out := filepath.Join(f.dir, "enc"+Extension)
		if _, err := Create(context.Background(), out, f.source(VacuumInto), Options{Passphrase: "right", Now: fixedNow}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(out)
		return b
	}()
	cases := []struct {
		name      string
		base      []byte
		mutate    mutate
		pass      string
		wantField string
		want      string
	}{
		{"plain truncated at half", plainBytes, truncateHalf, "", "", "damaged or incomplete"},
		{"plain flipped byte in the database", plainBytes, flipInDatabase, "", "", "damaged or incomplete"},
		{"plain cut one byte short", plainBytes, func(t *testing.T, b []byte) []byte { return b[:len(b)-1] }, "", "", "damaged or incomplete"},
		{"encrypted truncated at half", encBytes, truncateHalf, "right", "", "damaged or incomplete"},
		{"encrypted flipped byte at half", encBytes, flipAt(0.5), "right", "", "damaged or incomplete"},
		{"encrypted flipped last byte", encBytes, flipAt(0.9999999), "right", "", "damaged or incomplete"},
		{"encrypted wrong passphrase", encBytes, nil, "wrong", "passphrase", "passphrase is wrong"},
		{"encrypted no passphrase", encBytes, nil, "", "passphrase", "is encrypted"},
		{"a zip that is not ours", plainBytes, func(t *testing.T, b []byte) []byte {
			return rezip(t, map[string][]byte{"holiday.jpg": []byte("jpeg"), "notes.txt": []byte("hi")})
		}, "", "file", "not a Privacy Desk backup"},
		{"a zip with someone else's manifest", plainBytes, func(t *testing.T, b []byte) []byte {
			return rezip(t, map[string][]byte{manifestName: []byte(`{"format":"other-app","files":[]}`)})
		}, "", "file", "not a Privacy Desk backup"},
		{"a text file", plainBytes, func(t *testing.T, b []byte) []byte { return []byte("name,email\n") }, "", "file", "not a Privacy Desk backup"},
		{"an empty file", plainBytes, func(t *testing.T, b []byte) []byte { return nil }, "", "file", "not a Privacy Desk backup"},
		{"a newer format", plainBytes, withManifest(func(m *Manifest, _ map[string][]byte) { m.FormatVersion = 99 }), "", "", "newer version"},
		{"a member that escapes", plainBytes, withManifest(func(m *Manifest, ms map[string][]byte) {
			ms["attachments/../../evil"] = []byte("x")
			m.Files = append(m.Files, FileEntry{Name: "attachments/../../evil", Size: 1, SHA256: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"})
		}), "", "", "unsafe name"},
		{"a member the manifest does not list", plainBytes, withManifest(func(m *Manifest, ms map[string][]byte) {
			ms["attachments/extra"] = []byte("x")
		}), "", "", "does not list"},
		{"a database that is not SQLite", plainBytes, withManifest(func(m *Manifest, ms map[string][]byte) {
			ms[databaseName] = []byte("not a database at all")
			for i := range m.Files {
				if m.Files[i].Name == databaseName {
					m.Files[i].Size = int64(len(ms[databaseName]))
					sum := sha256.Sum256(ms[databaseName])
					m.Files[i].SHA256 = hex.EncodeToString(sum[:])
				}
			}
		}), "", "", "damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := c.base
			if c.mutate != nil {
				bad = c.mutate(t, c.base)
			}
			file := filepath.Join(t.TempDir(), "bad"+Extension)
			os.WriteFile(file, bad, 0o600)
			before := rows(t, f.dbPath)
			beforeAtt := tree(t, f.attDir)
			dataDir := filepath.Dir(f.dbPath)
			// The lock file beside the database is made once and stays: not a change.
			if l, err := dbfile.Shared(f.dbPath); err == nil {
				l.Release()
			}
			entsBefore, _ := os.ReadDir(dataDir)

			_, perr := Preview(context.Background(), file, c.pass)
			_, rerr := Restore(context.Background(), file, c.pass, Target{DBPath: f.dbPath, AttachmentsDir: f.attDir}, nil)
			for _, err := range []error{perr, rerr} {
				if err == nil {
					t.Fatalf("accepted")
				}
				if !strings.Contains(err.Error(), c.want) || backend.ErrorField(err) != c.wantField {
					t.Errorf("error %q (field %q), want %q (field %q)", err, backend.ErrorField(err), c.want, c.wantField)
				}
				if backend.ErrorCode(err) == backend.EINTERNAL {
					t.Errorf("internal error for a bad file: %v", err)
				}
			}
			if got := rows(t, f.dbPath); strings.Join(got, "|") != strings.Join(before, "|") {
				t.Errorf("current database changed")
			}
			if fmt.Sprint(tree(t, f.attDir)) != fmt.Sprint(beforeAtt) {
				t.Errorf("current attachments changed")
			}
			entsAfter, _ := os.ReadDir(dataDir)
			if len(entsAfter) != len(entsBefore) {
				t.Errorf("data folder went from %d to %d entries", len(entsBefore), len(entsAfter))
			}
		})
	}
}

func TestRestoreRefusesNewerSchema(t *testing.T) {
	f := newFixture(t)
	out := f.create(t, "")
	_, err := Restore(context.Background(), out, "", Target{DBPath: filepath.Join(f.dir, "x.db"), MaxSchemaVersion: 2}, nil)
	if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "newer version") {
		t.Errorf("err %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "x.db")); err == nil {
		t.Errorf("a refused restore wrote the database")
	}
}

func TestCreateCancelledLeavesNothing(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := filepath.Join(f.dir, "backups", "b"+Extension)
	_, err := Create(ctx, out, f.source(VacuumInto), Options{Progress: func(done, total int64) {
		if done > 0 {
			cancel()
		}
	}})
	if !errors.Is(err, export.ErrCanceled) {
		t.Fatalf("err %v", err)
	}
	leftovers(t, filepath.Dir(out))
}

func TestRotateAndDaily(t *testing.T) {
	dir := t.TempDir()
	start := backend.NewDate(2026, 1, 1)
	for i := 0; i < 20; i++ {
		os.WriteFile(filepath.Join(dir, DailyName(start.AddDays(i))), []byte("x"), 0o600)
	}
	os.WriteFile(filepath.Join(dir, "my own copy.pdbackup"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(dir, "privacydesk-2026-13-45.pdbackup"), []byte("x"), 0o600)
	stale := filepath.Join(dir, ".privacydesk-2026-01-21.pdbackup.part-123")
	os.WriteFile(stale, []byte("x"), 0o600)
	old := time.Now().Add(-48 * time.Hour)
	os.Chtimes(stale, old, old)
	fresh := filepath.Join(dir, ".privacydesk-2026-01-22.pdbackup.part-456")
	os.WriteFile(fresh, []byte("x"), 0o600)

	removed, err := Rotate(dir, 14)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 7 {
		t.Errorf("removed %v", removed)
	}
	for i := 0; i < 20; i++ {
		if want := i >= 6; DailyDone(dir, start.AddDays(i)) != want {
			t.Errorf("day %d kept=%v", i, !want)
		}
	}
	for _, keep := range []string{"my own copy.pdbackup", "privacydesk-2026-13-45.pdbackup", filepath.Base(fresh)} {
		if _, err := os.Stat(filepath.Join(dir, keep)); err != nil {
			t.Errorf("%s was removed", keep)
		}
	}

	f := newFixture(t)
	today := backend.NewDate(2026, 1, 21)
	p, made, err := Daily(context.Background(), dir, 14, today, f.source(VacuumInto), Options{})
	if err != nil || !made || filepath.Base(p) != "privacydesk-2026-01-21.pdbackup" {
		t.Fatalf("daily %s %v %v", p, made, err)
	}
	if DailyDone(dir, start.AddDays(6)) {
		t.Errorf("rotation after the daily backup kept 15")
	}
	if _, made, _ := Daily(context.Background(), dir, 14, today, f.source(VacuumInto), Options{}); made {
		t.Errorf("a second backup the same day")
	}
	if _, err := Preview(context.Background(), p, ""); err != nil {
		t.Errorf("daily backup does not preview: %v", err)
	}
}
