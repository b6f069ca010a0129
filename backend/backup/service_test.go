package backup

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/storage"
)

var storeClock = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)

// openStore opens (creating) the database at path on a fixed clock.
func openStore(t testing.TB, path string) *storage.Store {
	t.Helper()
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return storeClock }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	t.Cleanup(func() { s.Close() })
	return s
}

// demoStore is the example practice with n synthetic requests, in its own data folder.
func demoStore(t testing.TB, n int) *storage.Store {
	t.Helper()
	s := openStore(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db"))
	if _, err := demo.Load(s, demo.Options{Requests: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return s
}

func counts(t *testing.T, s *storage.Store) map[string]int64 {
	t.Helper()
	n, err := s.TableCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func countEvents(t *testing.T, s *storage.Store, entity, action string) int64 {
	t.Helper()
	_, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: entity, Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBackupAndRestoreStore(t *testing.T) {
	s := demoStore(t, 30)
	eml := filepath.Join("..", "mailimport", "testdata", "latin1-qp.eml")
	if _, err := s.AddRequestAttachment("PR-2026-0001", eml, "request-email"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "backups", "b.pdbackup")
	m, err := New(s, "test").Backup(context.Background(), out, "correct horse", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.PracticeName != "Sessions, Inc." || m.Counts["attachments"] != 1 || m.Counts["requests"] < 30 {
		t.Errorf("manifest %+v", m)
	}
	info, err := Preview(context.Background(), out, "correct horse")
	if err != nil || !info.Encrypted || info.Counts["requests"] != m.Counts["requests"] {
		t.Fatalf("preview %+v %v", info, err)
	}
	target := filepath.Join(dir, "elsewhere", "restored.db")
	if _, err := RestoreDB(context.Background(), out, "correct horse", target, backend.Actor{OSUser: "tester"}, nil); err != nil {
		t.Fatal(err)
	}
	r := openStore(t, target)
	if n1, n2 := counts(t, s)["requests"], counts(t, r)["requests"]; n1 != n2 {
		t.Errorf("%d requests restored of %d", n2, n1)
	}
	atts, _ := r.RequestAttachments("PR-2026-0001")
	if len(atts) != 1 {
		t.Fatalf("attachments %+v", atts)
	}
	if err := r.SaveAttachmentAs(atts[0].ID, filepath.Join(dir, "copy.eml")); err != nil {
		t.Errorf("restored attachment does not verify: %v", err)
	}
	if rep, err := r.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("restored audit chain %+v %v", rep, err)
	}
	if countEvents(t, r, "backup", "restore") != 1 || countEvents(t, r, "backup", "backup") != 1 {
		t.Errorf("backup and restore are not both in the restored trail")
	}
	if _, err := RestoreDB(context.Background(), out, "wrong horse", target, backend.Actor{}, nil); backend.ErrorField(err) != "passphrase" {
		t.Errorf("wrong passphrase: %v", err)
	}
}

// TestStoreSnapshotsRoundTrip backs up a live store with each of its two snapshots (the
// live file streamed, the online backup API) and restores it elsewhere.
func TestStoreSnapshotsRoundTrip(t *testing.T) {
	for _, way := range []string{"online", "live file"} {
		t.Run(way, func(t *testing.T) {
			s := demoStore(t, 20)
			if _, err := s.AddRequestAttachment("PR-2026-0001", filepath.Join("..", "mailimport", "testdata", "latin1-qp.eml"), "request-email"); err != nil {
				t.Fatal(err)
			}
			src, err := New(s, "1.2.3").source(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if way == "online" {
				src.SnapshotStream = nil
			} else {
				src.Snapshot = nil
			}
			dir := t.TempDir()
			out := filepath.Join(dir, "b"+Extension)
			if _, err := Create(context.Background(), out, src, Options{Now: s.Now}); err != nil {
				t.Fatal(err)
			}
			target := Target{DBPath: filepath.Join(dir, "new place", "privacydesk.db"), AttachmentsDir: filepath.Join(dir, "new place", "attachments"),
				MaxSchemaVersion: storage.SchemaVersion()}
			if _, err := Restore(context.Background(), out, "", target, nil); err != nil {
				t.Fatal(err)
			}
			r := openStore(t, target.DBPath)
			if got, want := counts(t, r), counts(t, s); fmt.Sprint(got) != fmt.Sprint(want) || want["requests"] < 20 {
				t.Errorf("restored %v, want %v", got, want)
			}
			// The attachment's content is in the database, so in the backup with it.
			list, err := r.RequestAttachments("PR-2026-0001")
			if err != nil || len(list) != 1 {
				t.Fatalf("restored attachments %v %v", list, err)
			}
			copyOut := filepath.Join(dir, "copy.eml")
			if err := r.SaveAttachmentAs(list[0].ID, copyOut); err != nil {
				t.Fatalf("restored attachment: %v", err)
			}
			got, _ := os.ReadFile(copyOut)
			want, _ := os.ReadFile(filepath.Join("..", "mailimport", "testdata", "latin1-qp.eml"))
			if !bytes.Equal(got, want) {
				t.Error("the restored attachment differs")
			}
			// The live store still works after its snapshot was released.
			if _, err := s.CreateVendor(backend.Vendor{Name: "After the backup"}); err != nil {
				t.Errorf("store not writable after the snapshot: %v", err)
			}
		})
	}
}

// TestDefaultNameUsesPracticeDate: at 03:00 UTC on 3 March it is still 2 March in the
// practice (America/Chicago), whatever the computer's zone.
func TestDefaultNameUsesPracticeDate(t *testing.T) {
	s := demoStore(t, 0)
	s.Now = func() time.Time { return time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC) }
	name, err := New(s, "test").DefaultName(context.Background())
	if err != nil || name != "privacydesk-backup-2026-03-02.pdbackup" {
		t.Errorf("default name %q %v", name, err)
	}
	if _, err := New(nil, "test").DefaultName(context.Background()); err == nil {
		t.Error("a default name with no database open")
	}
}

func TestBackupRefusesBadInputOnItsField(t *testing.T) {
	s := demoStore(t, 0)
	for _, c := range []struct{ out, pass, field string }{
		{"", "", "out"},
		{"  ", "correct horse battery", "out"},
		{filepath.Join(t.TempDir(), "b"+Extension), "short", "passphrase"},
	} {
		if _, err := New(s, "test").Backup(context.Background(), c.out, c.pass, nil); backend.ErrorField(err) != c.field {
			t.Errorf("out %q pass %q: %v, want an error on %s", c.out, c.pass, err, c.field)
		}
	}
	if _, err := New(s, "test").Preview(context.Background(), " ", ""); backend.ErrorField(err) != "file" {
		t.Errorf("preview of no file: %v", err)
	}
}

func TestBackupPreviewAndRestoreSwapTheDatabase(t *testing.T) {
	st := demoStore(t, 0)
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "backup"+Extension)
	before := counts(t, st)["requests"]
	svc := New(st, "test")

	// A passphrase too short is refused on its field; none or a long one is taken.
	if _, err := svc.Backup(ctx, file, "short", nil); backend.ErrorField(err) != "passphrase" {
		t.Errorf("short passphrase: %v", err)
	}
	res, err := svc.Backup(ctx, file, "correct horse battery", nil)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if res.PracticeName != "Sessions, Inc." || res.Counts["requests"] != before || !res.Encrypted {
		t.Errorf("backup result %+v", res)
	}

	// The preview names the practice, counts and date, and says what was checked.
	if _, err := svc.Preview(ctx, file, ""); backend.ErrorField(err) != "passphrase" {
		t.Errorf("encrypted backup without passphrase: %v", err)
	}
	if _, err := svc.Preview(ctx, file, "wrong horse battery"); backend.ErrorField(err) != "passphrase" {
		t.Errorf("wrong passphrase: %v", err)
	}
	pv, err := svc.Preview(ctx, file, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if pv.PracticeName != "Sessions, Inc." || pv.Counts["requests"] != before || pv.CreatedAt != "2026-03-02T15:00:00Z" ||
		!pv.Encrypted || pv.Integrity == "" || pv.Current["requests"] != before {
		t.Errorf("preview %+v", pv)
	}

	// Change the data, then restore: the backup's data is back, in a reopened store.
	vendors := counts(t, st)["vendors"]
	if _, err := st.CreateVendor(backend.Vendor{Name: "Added after the backup"}); err != nil {
		t.Fatal(err)
	}
	st.Actor.Staff = "Casey"
	re, rr, err := RestoreOver(ctx, st, st.Actor, st.Path(), file, "correct horse battery", nil)
	if re.Store != nil {
		t.Cleanup(func() { re.Store.Close() })
	}
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if rr.PracticeName != "Sessions, Inc." || len(rr.SetAside) == 0 {
		t.Errorf("restore result %+v", rr)
	}
	st2 := re.Store
	if st2 == nil || st2 == st || re.Err != nil {
		t.Fatalf("the store was not reopened: %v", re.Err)
	}
	if got := counts(t, st2)["requests"]; got != before {
		t.Errorf("after restore: %d requests, want %d", got, before)
	}
	if got := counts(t, st2)["vendors"]; got != vendors {
		t.Errorf("after restore: %d vendors, want %d", got, vendors)
	}
	if st2.Actor.Staff != "Casey" {
		t.Errorf("staff after restore %q", st2.Actor.Staff)
	}
	if !st2.Now().Equal(storeClock) {
		t.Errorf("the reopened store lost the clock: %v", st2.Now())
	}
	for _, p := range rr.SetAside {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("the previous data is not kept: %v", err)
		}
	}
	// The restore is in the restored database's audit trail.
	if n := countEvents(t, st2, "", "restore"); n != 1 {
		t.Errorf("%d restore audit events", n)
	}
}

func TestRestoreRefusesDamagedBackupAndKeepsTheData(t *testing.T) {
	st := demoStore(t, 0)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good"+Extension)
	plainBackup(t, st, good) // cut in clear: the ZIP's own checks tell it

	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut"+Extension)
	os.WriteFile(cut, b[:len(b)/2], 0o600)
	foreign := filepath.Join(dir, "notes.txt")
	os.WriteFile(foreign, []byte("not a backup"), 0o600)

	// A vendor added after the backup must survive every refused restore.
	if _, err := st.CreateVendor(backend.Vendor{Name: "Added after the backup"}); err != nil {
		t.Fatal(err)
	}
	want := counts(t, st)["vendors"]
	actor := st.Actor
	dbPath := st.Path()

	cur := st
	for _, file := range []string{cut, foreign, filepath.Join(dir, "missing"+Extension)} {
		if _, err := New(cur, "test").Preview(ctx, file, ""); err == nil {
			t.Errorf("%s: preview accepted it", filepath.Base(file))
		} else if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorMessage(err) == "" {
			t.Errorf("%s: preview error %v", filepath.Base(file), err)
		}
		re, _, err := RestoreOver(ctx, cur, cur.Actor, dbPath, file, "", nil)
		if re.Store != nil {
			st2 := re.Store
			t.Cleanup(func() { st2.Close() })
		}
		if err == nil || backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("%s: restore ended as %v", filepath.Base(file), err)
		}
		if re.Store == nil {
			t.Fatalf("%s: the database is not open after a refused restore: %v", filepath.Base(file), re.Err)
		}
		cur = re.Store
		if cur.Actor != actor {
			t.Errorf("%s: the staff name was lost: %+v", filepath.Base(file), cur.Actor)
		}
		if got := counts(t, cur)["vendors"]; got != want {
			t.Errorf("%s: %d vendors after a refused restore, want %d", filepath.Base(file), got, want)
		}
	}
	// Nothing was set aside and no restore folder was left.
	ents, _ := os.ReadDir(filepath.Dir(dbPath))
	for _, e := range ents {
		if strings.Contains(e.Name(), "before-restore") || strings.HasPrefix(e.Name(), ".privacydesk-") {
			t.Errorf("a refused restore left %s", e.Name())
		}
	}
}
