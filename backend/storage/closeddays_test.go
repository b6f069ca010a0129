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

// UK GDPR Art. 12A (the clock stop) is in force for requests received from 5 February
// 2026: one received the day before cannot pause; one received that day can.
func TestUKClockStopByDateOfReceipt(t *testing.T) {
	s := newTestStore(t)
	before := mustCreateRequest(t, s, reqInput("UK Before", "before@example.com", backend.RegimeUKGDPR, "2026-02-04", backend.RightAccess))
	on := mustCreateRequest(t, s, reqInput("UK On", "on@example.com", backend.RegimeUKGDPR, "2026-02-05", backend.RightAccess))
	if before.Right(backend.RightAccess).CanPause || !on.Right(backend.RightAccess).CanPause {
		t.Fatalf("can pause: before %v, on %v", before.Right(backend.RightAccess).CanPause, on.Right(backend.RightAccess).CanPause)
	}
	if _, err := s.Transition(before.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseClarification, On: "2026-02-10"}); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("pausing a request received before Art. 12A: %v", err)
	}
	if _, err := s.Transition(on.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseClarification, On: "2026-02-10"}); err != nil {
		t.Errorf("pausing a request received on Art. 12A's first day: %v", err)
	}
}
