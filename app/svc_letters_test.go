package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/letters"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// letterDesk is a LetterService on a fresh database with a practice profile and one
// CCPA request for access and deletion.
func letterDesk(t *testing.T) (*LetterService, *storage.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := storage.Open(testpg.Location(t, filepath.Join(dir, "pd.db")))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC) }
	st.Actor = backend.Actor{OSUser: "frontdesk", Staff: "Dana"}
	t.Cleanup(func() { st.Close() })
	p := backend.DefaultPractice()
	p.Name, p.Address, p.Email = "Sessions, Inc.", "3948 Market St #24702\nMinneapolis, MN 55424", "contact@sessionshealth.com"
	p.SignatoryName, p.SignatoryTitle = "Jordan Ellis", "Privacy Officer"
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	r, err := st.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Zoë O'Brien-Núñez", Email: "zoe@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", ReceivedTime: "09:00", Regime: backend.RegimeCCPA,
		Rights: []backend.Right{backend.RightAccess, backend.RightDeletion}})
	if err != nil {
		t.Fatal(err)
	}
	s := &LetterService{}
	s.startup(nil, &desk{store: st, dataDir: dir, account: testAdmin})
	return s, st, r.Reference
}

func auditCount(t *testing.T, st *storage.Store, action string) int {
	t.Helper()
	events, _, err := st.ListAuditEvents(backend.AuditFilter{Entity: "letter"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == action {
			n++
		}
	}
	return n
}

func TestLetterKindsFit(t *testing.T) {
	s, _, ref := letterDesk(t)
	all, err := s.Kinds("")
	if err != nil || len(all) != len(letters.KindsList()) {
		t.Fatalf("kinds: %d %v", len(all), err)
	}
	for _, k := range all {
		if !k.Fits || k.Description == "" {
			t.Errorf("without a request every kind is listed as fitting: %+v", k)
		}
	}
	fits := map[letters.Kind]KindOption{}
	got, err := s.Kinds(ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range got {
		fits[k.Kind] = k
	}
	for _, tc := range []struct {
		kind   letters.Kind
		fits   bool
		reason string
	}{
		{letters.KindAcknowledgment, true, ""},
		{letters.KindDeletionConfirm, true, ""},
		{letters.KindAccessResponse, true, ""},
		{letters.KindVendorDirection, true, ""},
		{letters.KindHIPAAAccess, false, "not a HIPAA request"},
		{letters.KindDenial, false, "no denial reason"},
		{letters.KindExtension, false, "extension is not recorded"},
		{letters.KindAgentProof, false, "authorized agent"},
	} {
		k := fits[tc.kind]
		if k.Fits != tc.fits || !strings.Contains(k.Reason, tc.reason) {
			t.Errorf("%s: fits %v (%q), want %v (%q)", tc.kind, k.Fits, k.Reason, tc.fits, tc.reason)
		}
	}
	if !fits[letters.KindAccessResponse].UsesResponse && !fits[letters.KindAccessResponse].UsesEnclosures {
		t.Errorf("the access response prints optional details: %+v", fits[letters.KindAccessResponse])
	}
	c, ctx, err := s.service()
	if err != nil {
		t.Fatal(err)
	}
	only, err := c.KindsFor(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range only {
		if !k.Fits || k.Kind == letters.KindHIPAAAccess {
			t.Errorf("KindsFor lists %s, which does not fit", k.Kind)
		}
	}
	if _, err := c.KindsFor(ctx, "PR-2026-0999"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("kinds of a missing request: %v", err)
	}
}

// TestLetterIssue makes letters from the request screen's two clicks and checks the
// evidence: metadata, the request's list, the audit trail, and the refusals on fields.
func TestLetterIssue(t *testing.T) {
	s, st, ref := letterDesk(t)
	l, err := s.Issue(IssueInput{Reference: ref, Kind: letters.KindAcknowledgment})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID == 0 || l.PDF != nil || l.SHA256 == "" || l.Size == 0 || l.TemplateName != letters.BuiltinName ||
		l.CreatedBy != "Dana" || l.Recipient != "Zoë O'Brien-Núñez" || l.RequestRef != ref {
		t.Fatalf("issued %+v", l)
	}
	if n := auditCount(t, st, "create"); n != 1 {
		t.Errorf("%d letter audit events, want 1", n)
	}
	list, err := s.List(ref)
	if err != nil || len(list) != 1 || list[0].ID != l.ID {
		t.Fatalf("list: %+v %v", list, err)
	}
	got, err := s.Get(l.ID)
	if err != nil || !bytes.HasPrefix(got.PDF, []byte("%PDF-")) || len(got.PDF) != l.Size {
		t.Fatalf("get: %d bytes, %v", len(got.PDF), err)
	}

	for _, tc := range []struct {
		in    IssueInput
		code  string
		field string
		msg   string
	}{
		{IssueInput{Reference: ref, Kind: letters.KindHIPAAAccess}, backend.EINVALID, "kind", "not a HIPAA request"},
		{IssueInput{Reference: ref, Kind: "thank-you"}, backend.EINVALID, "kind", "thank-you"},
		{IssueInput{Kind: letters.KindAcknowledgment}, backend.EINVALID, "reference", "Choose the request"},
		{IssueInput{Reference: ref, Kind: letters.KindVendorDirection}, backend.EINVALID, "vendorTaskId", "vendor task"},
		{IssueInput{Reference: ref, Kind: letters.KindAcknowledgment, TemplateName: "Gentle"}, backend.ENOTFOUND, "", "Gentle"},
		{IssueInput{Reference: "PR-2026-0999", Kind: letters.KindAcknowledgment}, backend.ENOTFOUND, "", ""},
	} {
		_, err := s.Issue(tc.in)
		b := uiErr(t, err)
		if b.Code != tc.code || b.Field != tc.field || !strings.Contains(b.Message, tc.msg) {
			t.Errorf("%+v: got %+v", tc.in, b)
		}
	}
	if list, _ := s.List(ref); len(list) != 1 {
		t.Errorf("a refused letter was kept: %d letters", len(list))
	}

	// Issuing again makes a new letter; both are listed, newest first, across requests.
	l2, err := s.Issue(IssueInput{Reference: ref, Kind: letters.KindDeletionConfirm})
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.All(backend.LetterFilter{})
	if err != nil || len(all) != 2 || all[0].ID != l2.ID {
		t.Fatalf("all: %+v %v", all, err)
	}
	for _, tc := range []struct {
		f    backend.LetterFilter
		want int
	}{
		{backend.LetterFilter{Kind: letters.KindDeletionConfirm}, 1},
		{backend.LetterFilter{Search: strings.ToLower(ref)}, 2},
		{backend.LetterFilter{Search: "o'brien"}, 2},
		{backend.LetterFilter{Search: "100%"}, 0},
	} {
		if got, err := s.All(tc.f); err != nil || len(got) != tc.want {
			t.Errorf("%+v: %d letters, %v; want %d", tc.f, len(got), err, tc.want)
		}
	}
}

func TestLetterVendorDirection(t *testing.T) {
	s, st, ref := letterDesk(t)
	v, err := st.CreateVendor(backend.Vendor{Name: "Healthcare Blocks", ContactEmail: "privacy@hb.example", Category: backend.VendorHosting, PHIAccess: backend.PHIFull,
		DataCategories: []backend.DataCategoryKey{backend.DataHealth}})
	if err != nil {
		t.Fatal(err)
	}
	task, err := st.AddVendorTask(ref, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Issue(IssueInput{Reference: ref, Kind: letters.KindVendorDirection, VendorTaskID: task.ID})
	if err != nil {
		t.Fatal(err)
	}
	if l.VendorName != "Healthcare Blocks" || l.VendorTaskID != task.ID || l.Recipient != "Healthcare Blocks" {
		t.Errorf("direction letter %+v", l)
	}
	if task, err = st.GetVendorTask(task.ID); err != nil || task.LetterID != l.ID {
		t.Errorf("the task does not name its letter: %+v %v", task.LetterID, err)
	}
	// A task of another request is refused on its field.
	r2, err := st.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Alex", Email: "alex@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightDeletion}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Issue(IssueInput{Reference: r2.Reference, Kind: letters.KindVendorDirection, VendorTaskID: task.ID})
	if b := uiErr(t, err); b.Field != "vendorTaskId" {
		t.Errorf("another request's task: %+v", b)
	}
}

// TestLetterTemplates edits a copy of a built-in template: an unknown field is refused on
// "body", naming it, before anything is saved; a good copy is saved as version 1, then 2,
// and letters can be made with it. The preview renders drafts without keeping them.
func TestLetterTemplates(t *testing.T) {
	s, st, ref := letterDesk(t)
	builtin := letters.Builtin(letters.KindAcknowledgment)
	lib, err := s.Templates("")
	if err != nil || len(lib) != len(letters.KindsList()) {
		t.Fatalf("library: %d %v", len(lib), err)
	}
	if len(must(s.Fields())) < 20 {
		t.Errorf("only %d fields for the picker", len(must(s.Fields())))
	}

	bad := letters.Template{Kind: letters.KindAcknowledgment, Name: "Gentle", Body: builtin.Body + "\nSee you, {{requester.nmae}}.\n"}
	_, err = s.SaveTemplate(bad)
	if b := uiErr(t, err); b.Code != backend.EINVALID || b.Field != "body" || !strings.Contains(b.Message, "requester.nmae") {
		t.Errorf("unknown field: %+v", b)
	}
	_, err = s.Preview(PreviewInput{Kind: bad.Kind, Body: bad.Body})
	if b := uiErr(t, err); b.Field != "body" || !strings.Contains(b.Message, "requester.nmae") {
		t.Errorf("preview of an unknown field: %+v", b)
	}
	if lib2, _ := s.Templates(letters.KindAcknowledgment); len(lib2) != 1 {
		t.Errorf("a refused template was saved: %+v", lib2)
	}

	good := letters.Template{Kind: letters.KindAcknowledgment, Name: "Gentle", Body: "Re: Thank you, {{requester.name}}\n\nWe have your request {{request.reference}}.\n"}
	for want := 1; want <= 2; want++ {
		saved, err := s.SaveTemplate(good)
		if err != nil || saved.Version != want || saved.Builtin || saved.CreatedBy != "Dana" {
			t.Fatalf("save %d: %+v %v", want, saved, err)
		}
	}
	if lib2, _ := s.Templates(letters.KindAcknowledgment); len(lib2) != 2 || lib2[1].Name != "Gentle" || lib2[1].Version != 2 {
		t.Errorf("library after saving: %+v", lib2)
	}
	if tpl, err := s.Template(letters.KindAcknowledgment, "gentle", 1); err != nil || tpl.Version != 1 {
		t.Errorf("version 1: %+v %v", tpl, err)
	}
	l, err := s.Issue(IssueInput{Reference: ref, Kind: letters.KindAcknowledgment, TemplateName: "Gentle"})
	if err != nil || l.TemplateName != "Gentle" || l.TemplateVersion != 2 {
		t.Fatalf("letter from the copy: %+v %v", l, err)
	}

	// Preview: with the example request, and with a real one; nothing is kept.
	before, _ := s.All(backend.LetterFilter{})
	for _, in := range []PreviewInput{
		{Kind: letters.KindAcknowledgment, Body: good.Body},
		{Kind: letters.KindAcknowledgment, Body: good.Body, Reference: ref},
	} {
		p, err := s.Preview(in)
		if err != nil || !bytes.HasPrefix(p.PDF, []byte("%PDF-")) || p.Pages != 1 || p.Example != (in.Reference == "") ||
			strings.Join(p.Fields, ",") != "request.reference,requester.name" {
			t.Errorf("preview %+v: pages %d, example %v, fields %v, %v", in.Reference, p.Pages, p.Example, p.Fields, err)
		}
	}
	if after, _ := s.All(backend.LetterFilter{}); len(after) != len(before) {
		t.Errorf("the preview kept a letter")
	}
	// Every built-in template previews with the example request.
	for _, k := range letters.KindsList() {
		if _, err := s.Preview(PreviewInput{Kind: k.Kind, Body: letters.Builtin(k.Kind).Body}); err != nil {
			t.Errorf("example preview of %s: %v", k.Kind, err)
		}
	}
	// A kind that does not fit the chosen request says why, on "kind".
	_, err = s.Preview(PreviewInput{Kind: letters.KindHIPAAAccess, Body: letters.Builtin(letters.KindHIPAAAccess).Body, Reference: ref})
	if b := uiErr(t, err); b.Field != "kind" {
		t.Errorf("misfit preview: %+v", b)
	}
	_ = st
}

// TestLetterPreviewNewPractice previews before the practice profile is filled in: the
// missing details are made up and named.
func TestLetterPreviewNewPractice(t *testing.T) {
	st, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), "pd.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &LetterService{}
	s.startup(nil, &desk{store: st, account: testAdmin})
	p, err := s.Preview(PreviewInput{Kind: letters.KindDenial, Body: letters.Builtin(letters.KindDenial).Body})
	if err != nil || !p.Example || !strings.Contains(strings.Join(p.Placeholders, ","), "name") {
		t.Fatalf("preview: %+v %v", p.Placeholders, err)
	}
}

func TestLetterCopies(t *testing.T) {
	s, st, ref := letterDesk(t)
	a, err := s.Issue(IssueInput{Reference: ref, Kind: letters.KindAcknowledgment})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Issue(IssueInput{Reference: ref, Kind: letters.KindDeletionConfirm})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	c, ctx, err := s.service()
	if err != nil {
		t.Fatal(err)
	}

	// Save a copy: the stored bytes, readable only by the user, recorded in the trail.
	dest := filepath.Join(dir, "copy.pdf")
	if err := c.SaveCopy(ctx, a.ID, dest); err != nil {
		t.Fatal(err)
	}
	stored, _ := s.Get(a.ID)
	if got, err := os.ReadFile(dest); err != nil || !bytes.Equal(got, stored.PDF) {
		t.Errorf("the copy differs from the stored letter: %v", err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("copy mode: %v %v", fi.Mode(), err)
	}
	if n := auditCount(t, st, "save-copy"); n != 1 {
		t.Errorf("%d save-copy events", n)
	}
	if err := c.SaveCopy(ctx, 999, dest); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("copy of a missing letter: %v", err)
	}

	// Open: a private temporary copy handed to the system's viewer.
	var opened string
	orig := openWithSystem
	openWithSystem = func(p string) error { opened = p; return nil }
	defer func() { openWithSystem = orig }()
	if err := s.Open(b.ID); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(opened); err != nil || fi.Mode().Perm() != 0o600 || !strings.HasSuffix(opened, ".pdf") {
		t.Errorf("opened %q: %v", opened, err)
	}
	os.Remove(opened)

	// A batch: both letters, every page as kept, one PDF.
	batch := filepath.Join(dir, "batch.pdf")
	res, err := c.PrintBatchTo(ctx, []int64{a.ID, b.ID, a.ID}, batch)
	if err != nil {
		t.Fatal(err)
	}
	if res.Letters != 2 || res.Pages != a.Pages+b.Pages || !res.Saved {
		t.Errorf("batch %+v, want 2 letters of %d pages", res, a.Pages+b.Pages)
	}
	if got, err := os.ReadFile(batch); err != nil || !bytes.HasPrefix(got, []byte("%PDF-")) {
		t.Errorf("batch file: %v", err)
	}
	if n := auditCount(t, st, "print"); n != 2 {
		t.Errorf("%d print events, want 2", n)
	}
	if _, err := c.PrintBatchTo(ctx, nil, batch); backend.ErrorField(err) != "letters" {
		t.Errorf("an empty batch: %v", err)
	}
	// Without the window, the dialogs refuse plainly.
	if _, err := s.SaveAs(a.ID); uiErr(t, err).Code != backend.EINTERNAL {
		t.Errorf("save as without a window: %v", err)
	}
}
