package storage

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// A GDPR request received on 31 December 2025 is due one month later, 31 January 2026, a
// Saturday. Counted with weekends only the period ends on Monday 2 February; for a requester
// in Ireland that Monday is Saint Brigid's Day, a public holiday, so it ends on the 3rd.
// The country is stored, editable (which recomputes the dates) and audited.
func TestGDPRRequesterCountry(t *testing.T) {
	s := newTestStore(t)
	in := reqInput("Aoife Byrne", "aoife@example.ie", backend.RegimeGDPR, "2025-12-31", backend.RightAccess)

	none := mustCreateRequest(t, s, in)
	rr := none.Right(backend.RightAccess)
	if none.Requester.Country != "" || rr.RespondBy.String() != "2026-02-02" || none.NextDue.String() != "2026-02-02" {
		t.Errorf("no country: country %q, due %s, next %s", none.Requester.Country, rr.RespondBy, none.NextDue)
	}
	if !strings.HasSuffix(rr.Basis, "counted with weekends only: no country chosen") {
		t.Errorf("no country: basis %q does not say it counted weekends only", rr.Basis)
	}

	in.Requester.Name, in.Requester.Country = "Siobhan Kelly", "ie"
	ie := mustCreateRequest(t, s, in)
	rr = ie.Right(backend.RightAccess)
	if ie.Requester.Country != "IE" || rr.RespondBy.String() != "2026-02-03" || ie.NextDue.String() != "2026-02-03" {
		t.Errorf("Ireland: country %q, due %s, next %s", ie.Requester.Country, rr.RespondBy, ie.NextDue)
	}
	if !strings.Contains(rr.Basis, "Saint Brigid") || strings.Contains(rr.Basis, "weekends only") {
		t.Errorf("Ireland: basis %q", rr.Basis)
	}

	// Choosing the country later moves the date and says so on the timeline and in the trail.
	_, loc, err := s.PracticeZone()
	if err != nil {
		t.Fatal(err)
	}
	edit := none.Input(loc)
	edit.Requester.Country = "IE"
	got, err := s.UpdateRequest(none.Reference, edit)
	if err != nil {
		t.Fatal(err)
	}
	if got.Requester.Country != "IE" || got.Right(backend.RightAccess).RespondBy.String() != "2026-02-03" || got.NextDue.String() != "2026-02-03" {
		t.Errorf("after choosing Ireland: %q %s %s", got.Requester.Country, got.Right(backend.RightAccess).RespondBy, got.NextDue)
	}
	evs, err := s.RequestEvents(none.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; !strings.Contains(last.Summary, "requester's country") {
		t.Errorf("timeline: %q", last.Summary)
	}
	audit, _, err := s.ListAuditEvents(backend.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range audit {
		found = found || (a.Action == "update" && strings.Contains(a.After, `"country":"IE"`))
	}
	if !found {
		t.Error("no audit event records the country")
	}

	// Bad input names the field.
	for _, tc := range []struct {
		regime  backend.Regime
		country string
	}{{backend.RegimeGDPR, "XX"}, {backend.RegimeGDPR, "Ireland"}, {backend.RegimeUKGDPR, "IE"}, {backend.RegimeHIPAA, "DE"}} {
		bad := reqInput("Bad Country", "bad@example.com", tc.regime, "2025-12-31", backend.RightAccess)
		bad.Requester.Country = tc.country
		_, err := s.CreateRequest(bad)
		onField := false
		for _, p := range backend.ErrorProblems(err) {
			onField = onField || p.Field == "requester.country"
		}
		if !onField && backend.ErrorField(err) != "requester.country" {
			t.Errorf("%s %q: error %v, want one on requester.country", tc.regime, tc.country, err)
		}
	}
}

// Upgrading to the schema with the requester's country gives the GDPR requests logged
// before it the practice's holiday country, the one their dates were computed with, and
// every other request none.
func TestUpgradeKeepsTheCountryGDPRDatesWereCountedWith(t *testing.T) {
	testpg.SQLiteOnly(t, "an upgrade of an old database file")
	path := filepath.Join(t.TempDir(), "pd", "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	p := examplePractice()
	p.HolidayCountry = "FR"
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	gdpr := mustCreateRequest(t, s, reqInput("Aoife Byrne", "aoife@example.ie", backend.RegimeGDPR, "2026-02-02", backend.RightAccess))
	ccpa := mustCreateRequest(t, s, reqInput("Ann Lee", "ann@example.com", backend.RegimeCCPA, "2026-02-02", backend.RightAccess))
	// Back to the schema before the migration: its columns and its row gone.
	rewind(t, s, 9)
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for ref, want := range map[string]string{gdpr.Reference: "FR", ccpa.Reference: ""} {
		r, err := s.GetRequest(ref)
		if err != nil {
			t.Fatal(err)
		}
		if r.Requester.Country != want {
			t.Errorf("%s (%s): country %q after the upgrade, want %q", ref, r.Regime, r.Requester.Country, want)
		}
	}
}
