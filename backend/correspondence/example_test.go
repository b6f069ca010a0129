package correspondence

import (
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// TestExampleLetterData checks the made-up request of the template editor's preview:
// every kind fits it and renders on the practice's letterhead, with the practice's data
// map and vendors; a new practice gets placeholders, named.
func TestExampleLetterData(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	letterPractice(t, s)
	for _, k := range letters.KindsList() {
		d, notes, err := f.c.ExampleLetterData(ctx, k.Kind)
		if err != nil {
			t.Fatalf("%s: %v", k.Kind, err)
		}
		if len(notes) != 0 {
			t.Errorf("%s: placeholders %v for a filled-in practice", k.Kind, notes)
		}
		if err := letters.CheckFit(k.Kind, &d); err != nil {
			t.Errorf("%s: the example does not fit: %v", k.Kind, err)
		}
		if _, err := letters.RenderBytes(letters.Builtin(k.Kind), d); err != nil {
			t.Errorf("%s: %v", k.Kind, err)
		}
		if d.Practice.Name != "Sessions, Inc." {
			t.Errorf("%s: letterhead %q", k.Kind, d.Practice.Name)
		}
	}
	d, _, _ := f.c.ExampleLetterData(ctx, letters.KindAccessResponse)
	if len(d.DataMap) != 2 || strings.Join(d.VendorsTold, ",") != "Healthcare Blocks,Old EHR,Stripe" {
		t.Errorf("data map %d rows, vendors %v", len(d.DataMap), d.VendorsTold)
	}
	if _, _, err := f.c.ExampleLetterData(ctx, "thanks"); backend.ErrorField(err) != "kind" {
		t.Errorf("unknown kind: %v", err)
	}

	fresh := newTestStore(t)
	d, notes, err := New(fresh).ExampleLetterData(ctx, letters.KindDenial)
	if err != nil || !strings.Contains(strings.Join(notes, ","), "name") || d.Practice.Name == "" {
		t.Fatalf("new practice: %v %v", notes, err)
	}
	if _, err := letters.RenderBytes(letters.Builtin(letters.KindDenial), d); err != nil {
		t.Errorf("new practice preview: %v", err)
	}
}

// The acknowledgment's example has rights on different clocks, dated as the rules engine
// dates a real request's, so the editor previews the list of dates by right; the other
// kinds' examples give one date, as their letters do.
func TestExampleAcknowledgmentListsDatesByRight(t *testing.T) {
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	d, _, err := f.c.ExampleLetterData(ctx, letters.KindAcknowledgment)
	if err != nil {
		t.Fatal(err)
	}
	due := map[backend.Right]letters.RightDue{}
	for _, rd := range d.Deadline.Rights {
		due[rd.Right] = rd
	}
	access, optOut := due[backend.RightAccess], due[backend.RightOptOut]
	if len(d.Deadline.Rights) != len(d.Request.Rights) || access.Due.IsZero() || optOut.Due.IsZero() {
		t.Fatalf("the example's rights %v are not all dated: %+v", d.Request.Rights, d.Deadline.Rights)
	}
	// CCPA: access 45 calendar days from receipt, an opt-out 15 business days, sooner.
	if !access.Due.Equal(d.Request.Received.AddDays(45)) || !optOut.Due.Before(access.Due) || !d.Deadline.RespondBy.Equal(optOut.Due) {
		t.Errorf("access due %s, opt-out %s, respond by %s (received %s)", access.Due, optOut.Due, d.Deadline.RespondBy, d.Request.Received)
	}
	pdf, err := letters.RenderBytes(letters.Builtin(letters.KindAcknowledgment), d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfPlainText(t, pdf)
	for _, want := range []string{"its own time limit", "Access to your personal information: by " + access.Due.LongUS(),
		"by " + optOut.Due.LongUS() + " (Cal. Civ. Code §§ 1798.120, 1798.135(c); 11 CCR § 7026(f))"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview does not say %q:\n%s", want, text)
		}
	}
	for _, k := range letters.KindsList() {
		if k.Kind == letters.KindAcknowledgment {
			continue
		}
		if d, _, err := f.c.ExampleLetterData(ctx, k.Kind); err != nil || len(d.Deadline.Rights) != 0 {
			t.Errorf("%s: the example has dates by right %+v (%v)", k.Kind, d.Deadline.Rights, err)
		}
	}
}

// TestListAllLetters lists the letters of every request, newest first, by kind and by
// a search that treats LIKE's wildcards as plain text.
func TestListAllLetters(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	letterPractice(t, s)
	r2, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ana 100%_Real", Email: "ana@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-02-21", Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightAccess}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []LetterInput{
		{RequestRef: f.ref, Kind: letters.KindAcknowledgment},
		{RequestRef: r2.Reference, Kind: letters.KindAcknowledgment},
		{RequestRef: f.ref, Kind: letters.KindVendorDirection, VendorName: "Healthcare Blocks"},
	} {
		if _, err := f.c.CreateLetter(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		f    backend.LetterFilter
		want []string // request references, newest first
	}{
		{backend.LetterFilter{}, []string{f.ref, r2.Reference, f.ref}},
		{backend.LetterFilter{Kind: letters.KindAcknowledgment}, []string{r2.Reference, f.ref}},
		{backend.LetterFilter{Search: "healthcare"}, []string{f.ref}},
		{backend.LetterFilter{Search: r2.Reference}, []string{r2.Reference}},
		{backend.LetterFilter{Search: "100%_"}, []string{r2.Reference}},
		{backend.LetterFilter{Search: "%"}, []string{r2.Reference}},
		{backend.LetterFilter{Search: "_"}, []string{r2.Reference}},
		{backend.LetterFilter{Limit: 1}, []string{f.ref}},
	} {
		got, err := f.c.ListAllLetters(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, l := range got {
			refs = append(refs, l.RequestRef)
			if l.PDF != nil || l.SHA256 == "" || l.Title == "" {
				t.Errorf("%+v: letter %+v", tc.f, l)
			}
		}
		if strings.Join(refs, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%+v: got %v, want %v", tc.f, refs, tc.want)
		}
	}
	if _, err := f.c.ListAllLetters(ctx, backend.LetterFilter{Kind: "thanks"}); backend.ErrorField(err) != "kind" {
		t.Errorf("unknown kind: %v", err)
	}
}
