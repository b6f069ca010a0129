package storage

import (
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

// TestRunningPauseCountsToToday: a UK GDPR clock stopped for a clarification and not yet
// restarted moves the respond-by date a day for every day of waiting up to today (the
// practice's date), not one day; the request says since when its clock is stopped, and
// has no next due date, so the dashboard and the list never count it as due or overdue.
func TestRunningPauseCountsToToday(t *testing.T) {
	s := newTestStore(t)
	at := func(day string) {
		d, err := backend.ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		// 23:30 UTC is the evening in Chicago (the test practice's zone): the same day.
		s.Now = func() time.Time { return d.Time().Add(23*time.Hour + 30*time.Minute) }
	}
	at("2026-11-17")
	r := mustCreateRequest(t, s, reqInput("Clock Stopped", "stopped@example.com", backend.RegimeUKGDPR, "2026-11-17", backend.RightAccess))
	if got := r.Right(backend.RightAccess).RespondBy.String(); got != "2026-12-17" {
		t.Fatalf("respond by %s, want 2026-12-17", got)
	}
	at("2026-11-20")
	mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseClarification, Reason: "Which clinic?"})

	cases := []struct {
		today     string
		respondBy string // 17 December plus the days from 20 November to today, both counted
		basis     string
	}{
		{"2026-11-20", "2026-12-18", "plus 1 day waiting"},
		{"2026-11-28", "2026-12-29", "plus 9 days waiting"}, // 26 December is a Saturday, 28 December Boxing Day (substitute)
		{"2026-12-03", "2026-12-31", "plus 14 days waiting"},
	}
	for _, c := range cases {
		t.Run(c.today, func(t *testing.T) {
			at(c.today)
			got, err := s.GetRequest(r.Reference)
			if err != nil {
				t.Fatal(err)
			}
			rr := got.Right(backend.RightAccess)
			if rr.RespondBy.String() != c.respondBy || !strings.Contains(rr.Basis, c.basis) {
				t.Errorf("respond by %s (%s), want %s with %q", rr.RespondBy, rr.Basis, c.respondBy, c.basis)
			}
			if got.ClockStopped == nil || got.ClockStopped.Since.String() != "2026-11-20" || got.ClockStopped.Kind != backend.PauseClarification {
				t.Errorf("clockStopped = %+v, want since 2026-11-20 for a clarification", got.ClockStopped)
			}
			if !got.NextDue.IsZero() {
				t.Errorf("next due %s while the clock is stopped", got.NextDue)
			}
			page, err := s.ListRequests(backend.RequestFilter{Due: "overdue", Today: "2027-01-15"})
			if err != nil || page.Total != 0 {
				t.Errorf("a stopped clock is listed as overdue: %d, %v", page.Total, err)
			}
		})
	}

	// Restarting the clock on 3 December fixes the date and brings the next due date back.
	at("2026-12-03")
	got := mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionResume})
	if got.ClockStopped != nil || got.NextDue.String() != "2026-12-31" {
		t.Errorf("after resuming: clockStopped %+v, next due %s", got.ClockStopped, got.NextDue)
	}
	at("2026-12-10")
	if got, _ := s.GetRequest(r.Reference); got.Right(backend.RightAccess).RespondBy.String() != "2026-12-31" {
		t.Errorf("a finished pause still moves the date: %s", got.Right(backend.RightAccess).RespondBy)
	}
}
