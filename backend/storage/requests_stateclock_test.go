package storage

import (
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

// californiaHIPAARequest is a California practice with a HIPAA access and amendment
// request received on 2 March 2026, read back as its detail.
func californiaHIPAARequest(t *testing.T) (*Store, backend.Practice, backend.RequestDetail) {
	t.Helper()
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
	return s, p, d
}

// A California practice's HIPAA access request shows California's own dates next to
// HIPAA's, the earlier governing; the practice's state is read when the detail is.
func TestRequestDetailStateClock(t *testing.T) {
	s, p, d := californiaHIPAARequest(t)
	r := d.Request
	var err error
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

// A stricter state date governs everywhere a due date is counted: it is stored with the
// right, so the list, the dashboard, the reminders and the overdue status count down to
// California's 5 working days, not HIPAA's 30 days.
func TestStateDateGovernsTheStoredDueDate(t *testing.T) {
	s, p, d := californiaHIPAARequest(t)
	access, corr := d.Request.Right(backend.RightAccess), d.Request.Right(backend.RightCorrection)
	if access.StateDue.String() != "2026-03-09" || access.StateCitation != "Cal. Health & Safety Code 123110(b)" ||
		access.RespondBy.String() != "2026-04-01" || access.Citation == "" {
		t.Errorf("access: state %s %q, HIPAA %s %q", access.StateDue, access.StateCitation, access.RespondBy, access.Citation)
	}
	if !corr.StateDue.IsZero() || corr.StateCitation != "" {
		t.Errorf("amendment got a state date: %s %q", corr.StateDue, corr.StateCitation)
	}
	if d.Request.NextDue.String() != "2026-03-09" {
		t.Errorf("next due %s, want the state's 2026-03-09", d.Request.NextDue)
	}

	page, err := s.ListRequests(backend.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].NextDue.String() != "2026-03-09" {
		t.Fatalf("list: %+v", page.Items)
	}

	// On 10 March the state's date has passed although HIPAA's has not: overdue.
	dash, err := s.DashboardOn(backend.NewDate(2026, 3, 10))
	if err != nil {
		t.Fatal(err)
	}
	if len(dash.Urgent) != 1 || dash.Urgent[0].DueOn.String() != "2026-03-09" || dash.Urgent[0].DaysLeft != -1 ||
		!strings.Contains(dash.Urgent[0].Citation, "123110(b)") || !strings.Contains(dash.Urgent[0].Citation, "164.524") {
		t.Errorf("dashboard: %+v", dash.Urgent)
	}
	if dash.Counts.Overdue != 1 {
		t.Errorf("overdue count %d, want 1", dash.Counts.Overdue)
	}
	ann, err := s.AnnouncementsOn(backend.NewDate(2026, 3, 10))
	if err != nil {
		t.Fatal(err)
	}
	if len(ann.Items) == 0 || ann.Items[0].DueOn.String() != "2026-03-09" || ann.Items[0].Kind != backend.AnnounceOverdue {
		t.Errorf("reminders: %+v", ann.Items)
	}

	// A practice with no state recorded: HIPAA's 30 days.
	p.State = ""
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	r2 := mustCreateRequest(t, s, reqInput("Bo Park", "bo@example.com", backend.RegimeHIPAA, "2026-03-02", backend.RightAccess))
	if got := r2.Right(backend.RightAccess); !got.StateDue.IsZero() || r2.NextDue.String() != "2026-04-01" {
		t.Errorf("no state: state %s, next due %s", got.StateDue, r2.NextDue)
	}
}

// A HIPAA access request logged before the state's date was stored (rule version 2, as in
// a database from before) is listed as affected by the rule change, with the state's date
// as its new due date, and gets it only when the practice recomputes.
func TestStateDateReachesOlderRequestsByRecompute(t *testing.T) {
	s, _, d := californiaHIPAARequest(t)
	ref := d.Request.Reference
	for _, stmt := range []string{
		`UPDATE request_rights SET rule_version = 2, state_due = NULL, state_citation = '' WHERE right_code = 'access'`,
		`UPDATE requests SET next_due = '2026-04-01'`,
	} {
		if err := s.db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	changes, err := s.RulesAffected()
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Regime != backend.RegimeHIPAA || changes[0].Right != backend.RightAccess || len(changes[0].Affected) != 1 {
		t.Fatalf("changes: %+v", changes)
	}
	if a := changes[0].Affected[0]; a.Reference != ref || a.DueOn.String() != "2026-04-01" || a.NewDueOn.String() != "2026-03-09" {
		t.Errorf("preview: %+v", a)
	}
	if r, _ := s.GetRequest(ref); r.NextDue.String() != "2026-04-01" {
		t.Errorf("moved before the recompute: %s", r.NextDue)
	}
	if _, err := s.RecomputeRule(backend.RegimeHIPAA, backend.RightAccess, nil); err != nil {
		t.Fatal(err)
	}
	r, err := s.GetRequest(ref)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := rules.LookupOn(backend.RegimeHIPAA, backend.RightAccess, r.ReceivedDate)
	if err != nil {
		t.Fatal(err)
	}
	if rr := r.Right(backend.RightAccess); rr.StateDue.String() != "2026-03-09" || r.NextDue.String() != "2026-03-09" || rr.RuleVersion != cur.Version {
		t.Errorf("after the recompute: state %s, next %s, version %d", rr.StateDue, r.NextDue, rr.RuleVersion)
	}
}
