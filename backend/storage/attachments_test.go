package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

func writeAttachmentSource(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAttachments(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("File Person", "file@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))
	src := t.TempDir()
	pdf := []byte("%PDF-1.7\n1 0 obj << >> endobj\n")
	sum := sha256.Sum256(pdf)
	want := hex.EncodeToString(sum[:])

	t.Run("stored under its hash with its metadata", func(t *testing.T) {
		p := writeAttachmentSource(t, src, "Signed form (final).pdf", pdf)
		a, err := s.AddRequestAttachment(r.Reference, p, "signed form")
		if err != nil {
			t.Fatal(err)
		}
		if a.SHA256 != want || a.Size != int64(len(pdf)) || a.MIMEType != "application/pdf" || a.OriginalName != "Signed form (final).pdf" ||
			a.AddedBy != "Dana" || a.OSUser != "tester" || a.Kind != "signed form" || a.OwnerType != "request" || a.OwnerID != r.ID {
			t.Errorf("attachment = %+v", a)
		}
		got, found, err := blobData(s.db, want)
		if err != nil || !found || !bytes.Equal(got, pdf) {
			t.Fatalf("stored copy: %v %v", found, err)
		}
		if _, err := os.Stat(s.AttachmentsDir()); !os.IsNotExist(err) {
			t.Errorf("an attachments folder was made: %v", err)
		}
		ev, _ := s.RequestEvents(r.Reference)
		if last := ev[len(ev)-1]; last.Kind != backend.EventAttachment || !strings.Contains(last.Summary, "Signed form (final).pdf") {
			t.Errorf("timeline = %+v", last)
		}
		audit, _, _ := s.ListAuditEvents(backend.AuditFilter{EntityID: r.Reference, Action: "attachment"})
		if len(audit) != 1 || !strings.Contains(audit[0].After, want) {
			t.Errorf("audit = %+v", audit)
		}
	})
	t.Run("the same content is kept once", func(t *testing.T) {
		p := writeAttachmentSource(t, src, "copy.pdf", pdf)
		if _, err := s.AddRequestAttachment(r.Reference, p, ""); err != nil {
			t.Fatal(err)
		}
		list, _ := s.RequestAttachments(r.Reference)
		if n := tableRows(t, s, "attachment_blobs"); n != 1 || len(list) != 2 {
			t.Errorf("%d stored contents for %d attachments", n, len(list))
		}
	})
	t.Run("a file name is never a path", func(t *testing.T) {
		dir := filepath.Join(src, "sub")
		os.Mkdir(dir, 0o700)
		p := writeAttachmentSource(t, dir, "..\\..\\evil.txt", []byte("hello"))
		a, err := s.AddRequestAttachment(r.Reference, p, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, found, err := blobData(s.db, a.SHA256); !found || err != nil {
			t.Errorf("not stored under its hash: %v", err)
		}
		if a.OriginalName != "..\\..\\evil.txt" || !strings.HasPrefix(a.MIMEType, "text/plain") {
			t.Errorf("attachment = %+v", a)
		}
		// Opening makes a copy with a cleaned name inside a fresh private folder.
		tmp := t.TempDir()
		path, err := s.OpenableCopy(a.ID, tmp)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(path) != "_.._evil.txt" || !strings.HasPrefix(path, tmp) {
			t.Errorf("openable copy at %s", path)
		}
	})
	t.Run("type judged by content, not by name", func(t *testing.T) {
		p := writeAttachmentSource(t, src, "not-really.pdf", []byte("just text pretending"))
		a, err := s.AddRequestAttachment(r.Reference, p, "")
		if err != nil {
			t.Fatal(err)
		}
		if a.MIMEType == "application/pdf" {
			t.Errorf("a text file named .pdf was taken as a PDF")
		}
	})
	t.Run("size limit", func(t *testing.T) {
		p := examplePractice()
		p.AttachmentMaxMB = 1
		if _, err := s.SavePractice(p); err != nil {
			t.Fatal(err)
		}
		before, blobs := tableRows(t, s, "attachments"), tableRows(t, s, "attachment_blobs")
		big := writeAttachmentSource(t, src, "scan.tiff", bytes.Repeat([]byte{1}, 1<<20+1))
		_, err := s.AddRequestAttachment(r.Reference, big, "")
		if backend.ErrorField(err) != "file" || !strings.Contains(backend.ErrorMessage(err), "up to 1 MB") {
			t.Errorf("err = %v", err)
		}
		exact := writeAttachmentSource(t, src, "exact.bin", bytes.Repeat([]byte{2}, 1<<20))
		if _, err := s.AddRequestAttachment(r.Reference, exact, ""); err != nil {
			t.Errorf("a file of exactly the limit: %v", err)
		}
		if tableRows(t, s, "attachments") != before+1 {
			t.Error("the refused file left a row")
		}
		if n := tableRows(t, s, "attachment_blobs"); n != blobs+1 {
			t.Errorf("%d stored contents; the refused file's is kept?", n)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		if _, err := s.AddRequestAttachment(r.Reference, filepath.Join(src, "missing.pdf"), ""); backend.ErrorField(err) != "file" {
			t.Errorf("missing file: %v", err)
		}
		if _, err := s.AddRequestAttachment(r.Reference, src, ""); backend.ErrorField(err) != "file" {
			t.Errorf("a folder: %v", err)
		}
		p := writeAttachmentSource(t, src, "orphan.txt", []byte("orphan content"))
		if _, err := s.AddRequestAttachment("PR-2026-0999", p, ""); backend.ErrorCode(err) != backend.ENOTFOUND {
			t.Errorf("unknown request: %v", err)
		}
		sum := sha256.Sum256([]byte("orphan content"))
		if _, found, _ := blobData(s.db, hex.EncodeToString(sum[:])); found {
			t.Errorf("a file for an unknown request was stored")
		}
	})
	t.Run("save a copy, checked against its hash", func(t *testing.T) {
		list, _ := s.RequestAttachments(r.Reference)
		dest := filepath.Join(t.TempDir(), "out.pdf")
		if err := s.SaveAttachmentAs(list[0].ID, dest); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(dest); !bytes.Equal(got, pdf) {
			t.Error("saved copy differs")
		}
		audit, _, _ := s.ListAuditEvents(backend.AuditFilter{Entity: "attachment", Action: "export"})
		if len(audit) != 1 {
			t.Errorf("export not audited: %+v", audit)
		}
		// Damage the stored copy behind the app's back.
		if err := s.db.Exec(`UPDATE attachment_blobs SET data = ? WHERE sha256 = ?`, []byte("%PDF-1.7 tampered"), want).Error; err != nil {
			t.Fatal(err)
		}
		err := s.SaveAttachmentAs(list[0].ID, filepath.Join(t.TempDir(), "again.pdf"))
		if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "SHA-256") {
			t.Errorf("tampered copy: %v", err)
		}
		if _, err := s.OpenableCopy(list[0].ID, t.TempDir()); backend.ErrorCode(err) != backend.ECONFLICT {
			t.Errorf("tampered copy opened: %v", err)
		}
		// Attaching the original again repairs the stored copy.
		if _, err := s.AddRequestAttachment(r.Reference, writeAttachmentSource(t, src, "again.pdf", pdf), ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAttachmentAs(list[0].ID, filepath.Join(t.TempDir(), "repaired.pdf")); err != nil {
			t.Errorf("after repair: %v", err)
		}
	})
}

// The files an older version kept in the attachments folder move into the database when
// it is opened, and the folder goes; a file that does not match its name stays.
func TestOpenMovesAttachmentFilesIn(t *testing.T) {
	testpg.SQLiteOnly(t, "an older version kept attached files in a folder beside the database file")
	s := newTestStore(t)
	path := s.Path()
	s.Close()
	dir := s.AttachmentsDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	content := []byte("ID copy of Aoife Byrne")
	sum := sha256.Sum256(content)
	sha := hex.EncodeToString(sum[:])
	os.WriteFile(filepath.Join(dir, sha), content, 0o600)
	os.WriteFile(filepath.Join(dir, ".incoming-123"), []byte("half"), 0o600)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, found, err := blobData(s.db, sha)
	if err != nil || !found || !bytes.Equal(got, content) {
		t.Fatalf("moved in: %q %v %v", got, found, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the attachments folder is still there: %v", err)
	}
	// A damaged file stays where it is.
	s.Close()
	os.MkdirAll(dir, 0o700)
	bad := filepath.Join(dir, strings.Repeat("0", 64))
	os.WriteFile(bad, []byte("not what its name says"), 0o600)
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(bad); err != nil {
		t.Errorf("the damaged file was removed: %v", err)
	}
}
