package storage

import (
	"testing"

	"privacydesk/backend"
)

// Days the practice marks closed never move a stored statutory date: the store passes
// them to the rules, which use them only for the practice's own send-by date.
func TestClosedDaysDoNotMoveStoredDeadlines(t *testing.T) {
	s := newTestStore(t)
	p := examplePractice()
	for d := backend.NewDate(2026, 2, 11); d.Before(backend.NewDate(2026, 3, 31)); d = d.AddDays(1) {
		p.ClosedDays = append(p.ClosedDays, d.String())
	}
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	r := mustCreateRequest(t, s, reqInput("Ana Closed", "ana@example.com", backend.RegimeCCPA, "2026-02-10", backend.RightOptOut, backend.RightAccess))
	// 15 business days from 10 February over Lincoln Day, Washington's Birthday and Lunar
	// New Year: 6 March; the access acknowledgment, 10 business days: 27 February. The
	// seven closed weeks change neither.
	if got := r.Right(backend.RightOptOut).RespondBy.String(); got != "2026-03-06" {
		t.Errorf("opt-out due %s, want 2026-03-06", got)
	}
	if got := r.Right(backend.RightAccess).AcknowledgeBy.String(); got != "2026-02-27" {
		t.Errorf("access acknowledgment %s, want 2026-02-27", got)
	}
}

// A right not yet in force on the day of receipt is refused on the rights field.
func TestRightNotYetInForceIsRefused(t *testing.T) {
	s := newTestStore(t)
	_, err := s.CreateRequest(reqInput("Ute Early", "ute@example.com", backend.RegimeUT, "2026-03-02", backend.RightCorrection))
	if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "rights" {
		t.Errorf("Utah correction before 1 July 2026: %v", err)
	}
}
