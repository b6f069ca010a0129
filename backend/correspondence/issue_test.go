package correspondence

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

func TestCreateLetter(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	letterPractice(t, s)

	l, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(l.PDF)
	if l.ID == 0 || l.SHA256 != hex.EncodeToString(sum[:]) || l.Size != len(l.PDF) || l.Pages < 1 ||
		l.TemplateName != letters.BuiltinName || l.TemplateVersion != letters.BuiltinVersion ||
		l.Recipient != "Zoë O'Brien-Núñez" || l.CreatedBy != "Dana" || l.RequestRef != f.ref {
		l.PDF = nil
		t.Fatalf("letter %+v", l)
	}

	// Issuing again makes a new letter; the first is unchanged.
	l2, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment})
	if err != nil || l2.ID == l.ID {
		t.Fatalf("second letter: %+v, %v", l2, err)
	}
	list, err := s.ListLetters(f.ref)
	if err != nil || len(list) != 2 || list[0].ID != l.ID || list[0].PDF != nil || list[0].Title != "Acknowledgment" {
		t.Fatalf("list: %+v, %v", list, err)
	}
	got, err := s.GetLetter(l.ID)
	if err != nil || string(got.PDF) != string(l.PDF) {
		t.Fatalf("get: %v", err)
	}

	// Each letter is in the audit trail and on the request's timeline.
	if n := letterAuditCount(t, s, "letter"); n != 2 {
		t.Errorf("%d letter audit events, want 2", n)
	}
	events, err := s.RequestEvents(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, e := range events {
		if e.Kind == "letter" && strings.Contains(e.Summary, "Acknowledgment to Zoë O'Brien-Núñez") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("%d letter entries on the timeline, want 2: %+v", found, events)
	}

	if _, err := s.GetLetter(9999); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("missing letter: %v", err)
	}
	if _, err := s.ListLetters("PR-2026-9999"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("missing request: %v", err)
	}
}

func TestCreateLetterRefusals(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	letterPractice(t, s)
	cases := []struct {
		in    LetterInput
		code  string
		field string
		want  string
	}{
		{LetterInput{RequestRef: f.ref, Kind: letters.KindHIPAAAccess}, backend.EINVALID, "kind", "not a HIPAA request"},
		{LetterInput{RequestRef: f.ref, Kind: "thanks"}, backend.EINVALID, "kind", "unknown letter kind"},
		{LetterInput{RequestRef: f.ref, Kind: letters.KindDenial}, backend.EINVALID, "kind", "no denial reason"},
		{LetterInput{RequestRef: f.ref, Kind: letters.KindVendorDirection}, backend.EINVALID, "vendor", "Name the vendor"},
		{LetterInput{RequestRef: f.ref, Kind: letters.KindVendorDirection, VendorName: "Acme"}, backend.ENOTFOUND, "", ""},
		{LetterInput{RequestRef: "PR-2026-9999", Kind: letters.KindAcknowledgment}, backend.ENOTFOUND, "", "PR-2026-9999"},
		{LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment, TemplateName: "Mine"}, backend.ENOTFOUND, "", "no acknowledgment template named"},
	}
	for _, c := range cases {
		_, err := f.c.CreateLetter(ctx, c.in)
		if backend.ErrorCode(err) != c.code || backend.ErrorField(err) != c.field || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v (%s, field %q)", c.in, err, backend.ErrorCode(err), backend.ErrorField(err))
		}
	}
	if n := letterRows(t, s); n != 0 {
		t.Errorf("%d letters kept after refusals", n)
	}
}

// TestLetterData checks the data built from a stored request: denial, extension,
// vendors told, the data map and the vendor direction linked to its task.
func TestLetterData(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	letterPractice(t, s)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	tasks, err := s.ListVendorTasks(f.ref)
	if err != nil || len(tasks.Tasks) == 0 {
		t.Fatalf("tasks: %+v, %v", tasks, err)
	}

	d, err := f.c.LetterData(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAccessResponse})
	if err != nil {
		t.Fatal(err)
	}
	if d.Request.Reference != f.ref || d.Request.Regime != backend.RegimeCCPA || d.Requester.Email != "zoe@example.com" ||
		d.Today.String() != "2026-03-02" || d.Request.Received.String() != "2026-02-20" || d.Deadline.RespondBy.IsZero() {
		t.Errorf("data: %+v", d)
	}
	if len(d.DataMap) != 2 || d.DataMap[0].Category == "" || len(d.DataMap[0].DisclosedTo) == 0 {
		t.Errorf("data map: %+v", d.DataMap)
	}
	// The tasks are proposed, not yet notified: no vendor has been told.
	if len(d.VendorsTold) != 0 || strings.Join(d.VendorsToTell, ",") != "Healthcare Blocks,Stripe" {
		t.Errorf("vendors told: %v, to tell: %v", d.VendorsTold, d.VendorsToTell)
	}

	// The vendor's postal address is kept and placed in the direction letter's window.
	hb, err := s.GetVendorByName("Healthcare Blocks")
	if err != nil {
		t.Fatal(err)
	}
	hb.Address = "Healthcare Blocks, Inc.\n100 Example Way, Suite 5\nRaleigh, NC 27601"
	if _, err := s.UpdateVendor(hb); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetVendorByName("Healthcare Blocks"); got.Address != hb.Address {
		t.Errorf("address stored as %q", got.Address)
	}
	d, err = f.c.LetterData(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindVendorDirection, VendorName: "Healthcare Blocks"})
	if err != nil || strings.Join(d.Vendor.Address, "|") != "Healthcare Blocks, Inc.|100 Example Way, Suite 5|Raleigh, NC 27601" {
		t.Errorf("direction letter address %q, %v", d.Vendor.Address, err)
	}
	hb.Address = strings.Repeat("x", 1001)
	if _, err := s.UpdateVendor(hb); backend.ErrorField(err) != "address" {
		t.Errorf("a 1001-character address: %v", err)
	}

	// The direction letter goes to the vendor and is linked to its task.
	l, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindVendorDirection, VendorName: "healthcare blocks"})
	if err != nil {
		t.Fatal(err)
	}
	if l.VendorName != "Healthcare Blocks" || l.VendorTaskID == 0 || l.Recipient != "Healthcare Blocks" {
		l.PDF = nil
		t.Errorf("direction letter: %+v", l)
	}
	task, err := s.GetVendorTask(l.VendorTaskID)
	if err != nil || task.LetterID != l.ID {
		t.Errorf("task %+v not linked to letter %d: %v", task, l.ID, err)
	}

	// Extension and denial.
	if _, err := s.Transition(f.ref, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records must be restored from the archive.", NewDate: "2026-05-20", Note: "x"}); err != nil {
		t.Fatal(err)
	}
	d, err = f.c.LetterData(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindExtension})
	if err != nil || d.Deadline.ExtendedRespondBy.String() != "2026-05-20" || d.Deadline.ExtensionReason == "" || d.Deadline.RespondBy.String() == "2026-05-20" {
		t.Errorf("extension data: %+v, %v", d.Deadline, err)
	}
	if _, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindExtension}); err != nil {
		t.Errorf("extension letter: %v", err)
	}
	d, _ = f.c.LetterData(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment})
	if d.Deadline.RespondBy.String() != "2026-05-20" {
		t.Errorf("after an extension the letters give the new date, got %s", d.Deadline.RespondBy)
	}
	if _, err := s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeDenied,
		DenialReason: backend.DenialExemption, Exemption: "Cal. Civ. Code 1798.105(d)(8)", DenialText: "We must keep your clinical record."}); err != nil {
		t.Fatal(err)
	}
	d, _ = f.c.LetterData(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindDenial})
	if d.Request.DenialBasis != "An exemption applies: Cal. Civ. Code 1798.105(d)(8)" || d.Request.DenialReason != "We must keep your clinical record." {
		t.Errorf("denial: %q / %q", d.Request.DenialBasis, d.Request.DenialReason)
	}
	if _, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindDenial}); err != nil {
		t.Errorf("denial letter: %v", err)
	}
}

func TestLetterTemplates(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	letterPractice(t, s)
	body := "Re: Request {{request.reference}}\n\nDear {{requester.name}},\n\nWe have your request of {{request.received}}."
	v1, err := f.c.SaveTemplate(ctx, letters.Template{Kind: letters.KindAcknowledgment, Name: "Short", Body: body})
	if err != nil || v1.Version != 1 || v1.CreatedBy != "Dana" {
		t.Fatalf("save: %+v, %v", v1, err)
	}
	v2, err := f.c.SaveTemplate(ctx, letters.Template{Kind: letters.KindAcknowledgment, Name: "short", Version: 7, Body: body + "\n\nThank you."})
	if err != nil || v2.Version != 2 {
		t.Fatalf("second save: %+v, %v", v2, err)
	}
	// Refusals write nothing.
	for _, c := range []struct {
		tpl   letters.Template
		field string
		want  string
	}{
		{letters.Template{Kind: letters.KindAcknowledgment, Name: "Short", Body: "Dear {{requester.nmae}},"}, "body", "unknown merge field {{requester.nmae}}; did you mean {{requester.name}}?"},
		{letters.Template{Kind: letters.KindAcknowledgment, Name: "Standard", Body: body}, "name", "built-in"},
		{letters.Template{Kind: letters.KindAcknowledgment, Name: "", Body: body}, "name", "required"},
		{letters.Template{Kind: "thanks", Name: "x", Body: body}, "kind", "unknown letter kind"},
	} {
		if _, err := f.c.SaveTemplate(ctx, c.tpl); backend.ErrorField(err) != c.field || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %s on %s", c.tpl, err, c.want, c.field)
		}
	}
	if n := templateRows(t, s); n != 2 {
		t.Errorf("%d template rows, want 2", n)
	}
	if n := letterAuditCount(t, s, "letter-template"); n != 2 {
		t.Errorf("%d template audit events, want 2", n)
	}

	list, err := f.c.ListTemplates(ctx, letters.KindAcknowledgment)
	if err != nil || len(list) != 2 || !list[0].Builtin || !strings.EqualFold(list[1].Name, "Short") || list[1].Version != 2 {
		t.Fatalf("list: %+v, %v", list, err)
	}
	all, err := f.c.ListTemplates(ctx, "")
	if err != nil || len(all) != len(letters.KindsList())+1 {
		t.Errorf("all templates: %d, %v", len(all), err)
	}
	old, err := f.c.GetTemplate(ctx, letters.KindAcknowledgment, "SHORT", 1)
	if err != nil || old.Body != body {
		t.Errorf("version 1: %+v, %v", old, err)
	}

	// A letter from the practice's copy names its version.
	l, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment, TemplateName: "Short"})
	if err != nil || !strings.EqualFold(l.TemplateName, "Short") || l.TemplateVersion != 2 {
		l.PDF = nil
		t.Fatalf("letter from the copy: %+v, %v", l, err)
	}
	// The live preview renders a draft without keeping anything.
	pdf, err := f.c.PreviewLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment},
		&letters.Template{Name: "Draft", Version: 1, Body: body + "\n\nDraft text."})
	if err != nil || len(pdf) < 1000 {
		t.Errorf("preview: %d bytes, %v", len(pdf), err)
	}
	if n := letterRows(t, s); n != 1 {
		t.Errorf("%d letters after a preview, want 1", n)
	}
}
