package storage

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

// A California practice's HIPAA access request shows California's own dates next to
// HIPAA's, the earlier governing; the practice's state is read when the detail is.
func TestRequestDetailStateClock(t *testing.T) {
	s := newTestStore(t)
	p := examplePractice()
	p.State = "CA"
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	r := mustCreateRequest(t, s, reqInput("Ann Lee", "ann@example.com", backend.RegimeHIPAA, "2026-03-02", backend.RightAccess, backend.RightCorrection))
	d, err := s.RequestDetail(r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	access, corr := d.Request.Right(backend.RightAccess), d.Request.Right(backend.RightCorrection)
	if corr.StateClock != nil {
		t.Errorf("amendment has no state clock: %+v", corr.StateClock)
	}
	sc := access.StateClock
	if sc == nil {
		t.Fatal("no state clock on a California HIPAA access right")
	}
	if sc.State != "CA" || sc.HIPAADue.String() != "2026-04-01" || access.RespondBy.String() != "2026-04-01" {
		t.Errorf("HIPAA's date: %+v (respondBy %s)", sc, access.RespondBy)
	}
	if sc.Governs.String() != "2026-03-09" || sc.Citation != "Cal. Health & Safety Code 123110(b)" || !strings.Contains(sc.Why, "160.203(b)") {
		t.Errorf("governing: %s %q %q", sc.Governs, sc.Citation, sc.Why)
	}
	if len(sc.Clocks) != 2 || sc.Clocks[0].What != "inspection" || sc.Clocks[0].Due.String() != "2026-03-09" ||
		sc.Clocks[1].What != "copies" || sc.Clocks[1].Due.String() != "2026-03-17" {
		t.Errorf("clocks: %+v", sc.Clocks)
	}
	// A practice in a state without its own clock, or with none recorded: HIPAA's date alone.
	for _, state := range []string{"WA", ""} {
		p.State = state
		if _, err := s.SavePractice(p); err != nil {
			t.Fatal(err)
		}
		d, err = s.RequestDetail(r.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if sc := d.Request.Right(backend.RightAccess).StateClock; sc != nil {
			t.Errorf("%q: state clock %+v", state, sc)
		}
	}
}
