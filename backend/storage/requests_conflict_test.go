package storage

import (
	"strings"
	"sync"
	"testing"
	"time"

	"privacydesk/backend"
)

// secondDesk opens the database of s a second time, as another front-desk computer with
// its own person signed in.
func secondDesk(t *testing.T, s *Store, staff string) *Store {
	t.Helper()
	o, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	o.dir, o.Now = s.dir, s.Now
	o.Actor = backend.Actor{OSUser: "desk2", Staff: staff}
	t.Cleanup(func() { o.Close() })
	return o
}

// editInput is the edit form filled with r as it is (the practice's zone is the default).
func editInput(t *testing.T, r backend.Request) backend.RequestInput {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return r.Input(loc)
}

func TestSecondSaveFromOneVersionIsRefusedWithTheOtherChange(t *testing.T) {
	dana := newTestStore(t)
	sam := secondDesk(t, dana, "Sam")
	r := mustCreateRequest(t, dana, reqInput("Vera Version", "vera@example.com", backend.RegimeCCPA, "2026-02-20", backend.RightAccess))

	// Both desks open the request.
	v, err := dana.RequestVersion(r.Reference)
	if err != nil || v == 0 {
		t.Fatalf("version %d, %v", v, err)
	}
	if v2, _ := sam.RequestVersion(r.Reference); v2 != v {
		t.Fatalf("the desks see versions %d and %d", v, v2)
	}
	// Sam saves first.
	in := editInput(t, r)
	in.Notes, in.Assignee = "Called back, wants paper copies.", "Sam"
	if _, err := sam.UpdateRequestFrom(r.Reference, v, in); err != nil {
		t.Fatal(err)
	}
	// Dana's save from the same version is refused, naming Sam's change.
	in = editInput(t, r)
	in.Notes = "Dana's note"
	_, err = dana.UpdateRequestFrom(r.Reference, v, in)
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("second save: %v, want ECONFLICT", err)
	}
	for _, want := range []string{r.Reference, "Sam changed", "notes", "assignee", "09:04 on Mar 2", "not saved"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal %q does not say %q", err.Error(), want)
		}
	}
	got, err := dana.GetRequest(r.Reference)
	if err != nil || got.Notes != "Called back, wants paper copies." || got.Assignee != "Sam" {
		t.Fatalf("after the refusal: notes %q, assignee %q, %v: Sam's change must stay", got.Notes, got.Assignee, err)
	}
	// From the new version, Dana's save goes through.
	v, _ = dana.RequestVersion(r.Reference)
	in = editInput(t, got)
	in.Notes = "Dana's note"
	if got, err = dana.UpdateRequestFrom(r.Reference, v, in); err != nil || got.Notes != "Dana's note" || got.Assignee != "Sam" {
		t.Fatalf("save from the new version: %q %q %v", got.Notes, got.Assignee, err)
	}
	if _, err := dana.UpdateRequestFrom("PR-2026-9999", v, in); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("unknown request: %v, want ENOTFOUND", err)
	}
}

// Two desks saving from one version at the same moment: one save wins, the other is
// refused, never both (on PostgreSQL they really run at once).
func TestConcurrentSavesFromOneVersionOneWins(t *testing.T) {
	dana := newTestStore(t)
	sam := secondDesk(t, dana, "Sam")
	r := mustCreateRequest(t, dana, reqInput("Cora Current", "cora@example.com", backend.RegimeCCPA, "2026-02-20", backend.RightAccess))
	v, err := dana.RequestVersion(r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, desk := range []*Store{dana, sam} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := editInput(t, r)
				in.Notes = desk.Actor.Staff + " " + string(rune('a'+round))
				_, errs[i] = desk.UpdateRequestFrom(r.Reference, v, in)
			}()
		}
		wg.Wait()
		saved, refused := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				saved++
			case backend.ErrorCode(err) == backend.ECONFLICT:
				refused++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if saved != 1 || refused != 1 {
			t.Fatalf("round %d: %d saved and %d refused, want one of each (%v)", round, saved, refused, errs)
		}
		if v, err = dana.RequestVersion(r.Reference); err != nil {
			t.Fatal(err)
		}
	}
	if rep, err := dana.VerifyAudit(); err != nil || !rep.OK {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
}
