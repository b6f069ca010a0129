package storage

import (
	"path/filepath"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// A request extended before each right kept the day of its own extension (migration
// 0020) reads as before: the extended right's day is the request's, its dates are
// recomputed without complaint, and the right the extension left alone may still take
// its own one extension.
func TestUpgradeKeepsExtensionsTakenBeforeTheDayWasKeptPerRight(t *testing.T) {
	testpg.SQLiteOnly(t, "an upgrade of an old database file")
	path := filepath.Join(t.TempDir(), "pd", "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	// HIPAA access to 12 March (extended to 1 April), amendment to 11 April (left alone).
	r := mustCreateRequest(t, s, reqInput("Old Extension", "old.extension@example.com", backend.RegimeHIPAA, "2026-02-10", backend.RightAccess, backend.RightCorrection))
	mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records at two clinics.", NewDate: "2026-04-01"})
	rewind(t, s, 17)
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2026, 4, 6, 15, 0, 0, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	old, err := s.GetRequest(r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	acc := old.Right(backend.RightAccess)
	if !acc.ExtendedOn.IsZero() || acc.ExtendedOnDay(&old).String() != "2026-03-02" || acc.ExtendedTo.String() != "2026-04-01" {
		t.Fatalf("after the upgrade: access extended on %q (day %s) to %s", acc.ExtendedOn, acc.ExtendedOnDay(&old), acc.ExtendedTo)
	}
	got := mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "The amendment needs the author's review.", NewDate: "2026-05-11"})
	if a, c := got.Right(backend.RightAccess), got.Right(backend.RightCorrection); a.DueDate().String() != "2026-04-01" || c.DueDate().String() != "2026-05-11" || c.ExtendedOn.String() != "2026-04-06" {
		t.Errorf("second extension after the upgrade: access due %s, correction due %s on %s", a.DueDate(), c.DueDate(), c.ExtendedOn)
	}
}
