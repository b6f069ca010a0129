package storage

import (
	"testing"
	"time"

	"privacydesk/backend"
)

// The request's screen carries each extension's notice: the day it was due and the day
// its extension letter was made, read from the letters kept, in the practice's zone.
func TestRequestDetailCarriesTheExtensionNotice(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Ann Lee", "ann@example.com", backend.RegimeHIPAA, "2026-02-10", backend.RightAccess, backend.RightCorrection))
	notices := func() []backend.ExtensionNotice {
		t.Helper()
		d, err := s.RequestDetail(r.Reference)
		if err != nil {
			t.Fatal(err)
		}
		return d.ExtensionNotices
	}
	if got := notices(); got == nil || len(got) != 0 {
		t.Fatalf("not extended: %#v", got)
	}
	mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records at two clinics.", NewDate: "2026-04-01"})
	got := notices()
	if len(got) != 1 || got[0].NoticeBy.String() != "2026-03-12" || got[0].Made() || len(got[0].Rights) != 1 || got[0].Rights[0] != backend.RightAccess {
		t.Fatalf("extended, no letter: %+v", got)
	}
	// 23:30 on 12 March in Chicago, 13 March in UTC.
	s.Now = func() time.Time { return time.Date(2026, 3, 13, 4, 30, 0, 0, time.UTC) }
	if _, err := s.CreateLetter(backend.Letter{RequestRef: r.Reference, Kind: backend.LetterExtension, TemplateName: "Built-in", TemplateVersion: 1,
		Recipient: "Ann Lee", Pages: 1, PDF: []byte("%PDF-1.4")}); err != nil {
		t.Fatal(err)
	}
	if got := notices(); len(got) != 1 || got[0].LetterMadeOn.String() != "2026-03-12" {
		t.Errorf("after the letter: %+v", got)
	}
}
