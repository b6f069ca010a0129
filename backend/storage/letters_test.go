package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"privacydesk/backend"
)

// TestLetterRows keeps letters as evidence: the bytes with their SHA-256, a timeline
// entry and an audit event each; a kept letter never changes, and bytes changed behind
// the app's back are caught on reading.
func TestLetterRows(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	pdf := []byte("%PDF-1.3 a letter kept as evidence")
	l, err := s.CreateLetter(backend.Letter{RequestRef: f.ref, Kind: backend.LetterAcknowledgment, TemplateName: "Standard",
		TemplateVersion: 1, Recipient: "Zoë O'Brien-Núñez", Pages: 1, PDF: pdf, SHA256: "ignored", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	if l.ID == 0 || l.SHA256 != hex.EncodeToString(sum[:]) || l.Size != len(pdf) || l.CreatedBy != "Dana" ||
		l.RequestRef != f.ref || l.Title != "Acknowledgment" || string(l.PDF) != string(pdf) {
		t.Fatalf("letter %+v", l)
	}
	direction, err := s.CreateLetter(backend.Letter{RequestRef: f.ref, Kind: backend.LetterVendorDirection, VendorName: "Healthcare Blocks",
		Recipient: "Healthcare Blocks", Pages: 2, PDF: pdf})
	if err != nil || direction.VendorName != "Healthcare Blocks" {
		t.Fatalf("direction letter %+v, %v", direction, err)
	}
	list, err := s.ListLetters(f.ref)
	if err != nil || len(list) != 2 || list[0].ID != l.ID || list[0].PDF != nil || list[0].Title != "Acknowledgment" {
		t.Fatalf("list: %+v, %v", list, err)
	}
	got, err := s.GetLetter(l.ID)
	if err != nil || string(got.PDF) != string(pdf) {
		t.Fatalf("get: %v", err)
	}
	if _, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: "letter"}); err != nil || n != 2 {
		t.Errorf("%d letter audit events, want 2 (%v)", n, err)
	}
	events, err := s.RequestEvents(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	var summaries []string
	for _, e := range events {
		if e.Kind == "letter" {
			summaries = append(summaries, e.Summary)
		}
	}
	if len(summaries) != 2 || !strings.Contains(summaries[0]+summaries[1], "Acknowledgment to Zoë O'Brien-Núñez (template Standard, version 1; 1 page;") ||
		!strings.Contains(summaries[0]+summaries[1], "2 pages") {
		t.Errorf("timeline: %q", summaries)
	}

	// Refusals write nothing.
	for _, c := range []struct {
		l     backend.Letter
		code  string
		field string
	}{
		{backend.Letter{RequestRef: f.ref, Kind: "thanks", PDF: pdf}, backend.EINVALID, "kind"},
		{backend.Letter{RequestRef: f.ref, Kind: backend.LetterDenial}, backend.EINVALID, "pdf"},
		{backend.Letter{RequestRef: "PR-2026-9999", Kind: backend.LetterDenial, PDF: pdf}, backend.ENOTFOUND, ""},
	} {
		if _, err := s.CreateLetter(c.l); backend.ErrorCode(err) != c.code || backend.ErrorField(err) != c.field {
			t.Errorf("%s %q: got %v", c.l.Kind, c.l.RequestRef, err)
		}
	}
	if n := tableRows(t, s, "letters"); n != 2 {
		t.Errorf("%d letters after refusals, want 2", n)
	}

	// A stored letter never changes: SQLite refuses the update itself.
	if err := s.db.Exec("UPDATE letters SET kind = 'denial' WHERE id = ?", l.ID).Error; err == nil || !strings.Contains(err.Error(), "never changes") {
		t.Errorf("update of a letter: %v", err)
	}
	// Bytes changed behind the app's back (trigger dropped) are caught on reading.
	s.db.Exec(dropTriggerSQL(s, "letters_never_change", "letters"))
	s.db.Exec("UPDATE letters SET pdf = ? WHERE id = ?", []byte("%PDF-1.3 forged"), l.ID)
	if _, err := s.GetLetter(l.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("forged letter: got %v, want ECONFLICT", err)
	}
	if _, err := s.GetLetter(9999); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("missing letter: %v", err)
	}
	if _, err := s.ListLetters("PR-2026-9999"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("missing request: %v", err)
	}
}

// TestLetterTemplateRows stores template versions: each save of a name (any case) is
// the next version, audited; saved versions never change.
func TestLetterTemplateRows(t *testing.T) {
	s := newTestStore(t)
	body := "Dear {{requester.name}},"
	v1, err := s.SaveTemplate(backend.LetterTemplate{Kind: backend.LetterAcknowledgment, Name: " Short ", Body: body})
	if err != nil || v1.Version != 1 || v1.Name != "Short" || v1.CreatedBy != "Dana" || v1.Builtin {
		t.Fatalf("save: %+v, %v", v1, err)
	}
	v2, err := s.SaveTemplate(backend.LetterTemplate{Kind: backend.LetterAcknowledgment, Name: "short", Version: 7, Body: body + " 2"})
	if err != nil || v2.Version != 2 {
		t.Fatalf("second save: %+v, %v", v2, err)
	}
	if _, err := s.SaveTemplate(backend.LetterTemplate{Kind: backend.LetterDenial, Name: "Firm", Body: body}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tpl   backend.LetterTemplate
		field string
	}{
		{backend.LetterTemplate{Kind: "thanks", Name: "x", Body: body}, "kind"},
		{backend.LetterTemplate{Kind: backend.LetterAcknowledgment, Name: " ", Body: body}, "name"},
	} {
		if _, err := s.SaveTemplate(c.tpl); backend.ErrorField(err) != c.field {
			t.Errorf("%+v: got %v, want an error on %s", c.tpl, err, c.field)
		}
	}
	if n := tableRows(t, s, "letter_templates"); n != 3 {
		t.Errorf("%d template rows, want 3", n)
	}
	if _, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: "letter-template"}); err != nil || n != 3 {
		t.Errorf("%d template audit events, want 3 (%v)", n, err)
	}

	ack, err := s.ListSavedTemplates(backend.LetterAcknowledgment)
	if err != nil || len(ack) != 1 || ack[0].Version != 2 || ack[0].Body != body+" 2" {
		t.Errorf("acknowledgment templates: %+v, %v", ack, err)
	}
	if all, err := s.ListSavedTemplates(""); err != nil || len(all) != 2 || all[0].Kind != backend.LetterAcknowledgment {
		t.Errorf("every template: %+v, %v", all, err)
	}
	if _, err := s.ListSavedTemplates("thanks"); backend.ErrorField(err) != "kind" {
		t.Errorf("unknown kind: %v", err)
	}
	if old, err := s.GetSavedTemplate(backend.LetterAcknowledgment, "SHORT", 1); err != nil || old.Body != body {
		t.Errorf("version 1: %+v, %v", old, err)
	}
	if latest, err := s.GetSavedTemplate(backend.LetterAcknowledgment, "short", 0); err != nil || latest.Version != 2 {
		t.Errorf("latest: %+v, %v", latest, err)
	}
	if _, err := s.GetSavedTemplate(backend.LetterAcknowledgment, "Short", 3); backend.ErrorCode(err) != backend.ENOTFOUND || !strings.Contains(err.Error(), "no version 3") {
		t.Errorf("version 3: %v", err)
	}
	if _, err := s.GetSavedTemplate(backend.LetterDenial, "Short", 0); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("a name of another kind: %v", err)
	}
	// Saved versions never change.
	if err := s.db.Exec("UPDATE letter_templates SET body = 'x'").Error; err == nil {
		t.Errorf("a saved template version was changed")
	}
}
