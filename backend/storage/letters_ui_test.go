package storage

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
		d, notes, err := s.ExampleLetterData(k.Kind)
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
	d, _, _ := s.ExampleLetterData(letters.KindAccessResponse)
	if len(d.DataMap) != 2 || strings.Join(d.VendorsTold, ",") != "Healthcare Blocks,Old EHR,Stripe" {
		t.Errorf("data map %d rows, vendors %v", len(d.DataMap), d.VendorsTold)
	}
	if _, _, err := s.ExampleLetterData("thanks"); backend.ErrorField(err) != "kind" {
		t.Errorf("unknown kind: %v", err)
	}

	fresh := newTestStore(t)
	d, notes, err := fresh.ExampleLetterData(letters.KindDenial)
	if err != nil || !strings.Contains(strings.Join(notes, ","), "name") || d.Practice.Name == "" {
		t.Fatalf("new practice: %v %v", notes, err)
	}
	if _, err := letters.RenderBytes(letters.Builtin(letters.KindDenial), d); err != nil {
		t.Errorf("new practice preview: %v", err)
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
		if _, err := s.CreateLetter(in); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		f    LetterFilter
		want []string // request references, newest first
	}{
		{LetterFilter{}, []string{f.ref, r2.Reference, f.ref}},
		{LetterFilter{Kind: letters.KindAcknowledgment}, []string{r2.Reference, f.ref}},
		{LetterFilter{Search: "healthcare"}, []string{f.ref}},
		{LetterFilter{Search: r2.Reference}, []string{r2.Reference}},
		{LetterFilter{Search: "100%_"}, []string{r2.Reference}},
		{LetterFilter{Search: "%"}, []string{r2.Reference}},
		{LetterFilter{Search: "_"}, []string{r2.Reference}},
		{LetterFilter{Limit: 1}, []string{f.ref}},
	} {
		got, err := s.ListAllLetters(tc.f)
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
	if _, err := s.ListAllLetters(LetterFilter{Kind: "thanks"}); backend.ErrorField(err) != "kind" {
		t.Errorf("unknown kind: %v", err)
	}
}
