package backup

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// practiceJSON is what a practice holds, as JSON: every request with its rights, its
// letters (with their bytes) and its attachments' bytes, and the vendors.
func practiceJSON(t *testing.T, s *storage.Store) string {
	t.Helper()
	var out []any
	page, err := s.ListRequests(backend.RequestFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, item := range page.Items {
		r, err := s.GetRequest(item.Reference)
		if err != nil {
			t.Fatal(err)
		}
		letters, err := s.ListLetters(r.Reference)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range letters {
			full, err := s.GetLetter(l.ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, full)
		}
		atts, err := s.RequestAttachments(r.Reference)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range atts {
			p := filepath.Join(dir, a.SHA256)
			if err := s.SaveAttachmentAs(a.ID, p); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a, string(b))
		}
		out = append(out, r)
	}
	vendors, err := s.ListVendors(backend.VendorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(append(out, vendors))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// auditAfterRestore checks that the restored trail verifies and is the backed-up one
// (events up to the manifest's head) plus the restore's own event.
func auditAfterRestore(t *testing.T, s *storage.Store, backedUp backend.ChainHead) {
	t.Helper()
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK {
		t.Fatalf("the restored audit trail: %+v %v", rep, err)
	}
	if rep.Head.Events != backedUp.Events+1 {
		evs, _, _ := s.ListAuditEvents(backend.AuditFilter{Limit: 4})
		t.Errorf("the restored trail has %d events, want the backup's %d and the restore: %+v", rep.Head.Events, backedUp.Events, evs)
	}
	if evs, _, err := s.ListAuditEvents(backend.AuditFilter{Limit: 1}); err != nil || len(evs) != 1 || evs[0].Action != "restore" {
		t.Errorf("the restore is not the restored trail's last event: %+v %v", evs, err)
	}
}

// Backups made from either engine restore into either: a SQLite practice's backup
// restored into a PostgreSQL database that held another practice (replaced whole), and
// that database's backup restored into a new SQLite file, hold the same requests,
// letters, attachments and vendors, with an audit trail that verifies.
func TestBackupsRestoreAcrossEngines(t *testing.T) {
	if !testpg.Enabled() {
		t.Skip("needs a PostgreSQL server: make test-pg runs it")
	}
	ctx := context.Background()
	file := demoStore(t, 20)
	eml := filepath.Join("..", "mailimport", "testdata", "latin1-qp.eml")
	if _, err := file.AddRequestAttachment("PR-2026-0001", eml, "request-email"); err != nil {
		t.Fatal(err)
	}
	want := practiceJSON(t, file)
	dir := t.TempDir()
	actor := backend.Actor{OSUser: "tester", Staff: "Dana"}

	// SQLite → PostgreSQL, over another practice.
	url := testpg.URL(t)
	other, err := storage.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	other.Now = file.Now
	if _, err := demo.Load(other, demo.Options{Requests: 3, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	fromFile := filepath.Join(dir, "from-file.pdbackup")
	if _, err := New(file, "test").Backup(ctx, fromFile, "correct horse", nil); err != nil {
		t.Fatal(err)
	}
	info, err := Preview(ctx, fromFile, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RestoreDB(ctx, fromFile, "correct horse", url, actor, nil); err != nil {
		t.Fatal(err)
	}
	pg := openStore(t, url)
	auditAfterRestore(t, pg, *info.AuditHead) // before practiceJSON, whose reads of the attachments are audited
	if got := practiceJSON(t, pg); got != want {
		t.Errorf("restored into PostgreSQL:\n got %s\nwant %s", got, want)
	}
	before := counts(t, pg)
	if _, err := RestoreDB(ctx, fromFile, "wrong horse", url, actor, nil); backend.ErrorField(err) != "passphrase" {
		t.Errorf("a wrong passphrase restoring into PostgreSQL: %v", err)
	}
	if after := counts(t, pg); after["auditEvents"] != before["auditEvents"] || after["requests"] != before["requests"] {
		t.Errorf("a refused restore changed the database: %v, was %v", after, before)
	}

	// PostgreSQL → SQLite.
	fromServer := filepath.Join(dir, "from-server.pdbackup")
	res, err := New(pg, "test").Backup(ctx, fromServer, "correct horse", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts["requests"] != counts(t, file)["requests"] || res.Counts["attachments"] != 1 {
		t.Errorf("the server's backup counts %v", res.Counts)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".privacydesk-snapshot-*")); len(left) != 0 {
		t.Errorf("the server's snapshot was left behind: %v", left)
	}
	info, err = Preview(ctx, fromServer, "correct horse")
	if err != nil || !info.Chain.OK {
		t.Fatalf("preview of the server's backup: %+v %v", info, err)
	}
	target := filepath.Join(dir, "back", "privacydesk.db")
	if _, err := RestoreDB(ctx, fromServer, "correct horse", target, actor, nil); err != nil {
		t.Fatal(err)
	}
	back := openStore(t, target)
	auditAfterRestore(t, back, *info.AuditHead) // before practiceJSON, whose reads of the attachments are audited
	if got := practiceJSON(t, back); got != want {
		t.Errorf("restored into SQLite:\n got %s\nwant %s", got, want)
	}
}
