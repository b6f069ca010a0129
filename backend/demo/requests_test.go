package demo

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

func demoStore(t *testing.T, name string) *storage.Store {
	t.Helper()
	s, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), name)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "demo", Staff: "Demo"}
	return s
}

func TestExampleRequests(t *testing.T) {
	s := demoStore(t, "examples.db")
	sum, err := Load(s, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Requests != 10 {
		t.Errorf("%d example requests", sum.Requests)
	}
	// Loading again adds no second copy.
	if sum, err := Load(s, Options{Seed: 1}); err != nil || sum.Requests != 0 {
		t.Errorf("second load: %+v, %v", sum, err)
	}
	count := func(f backend.RequestFilter) int64 {
		t.Helper()
		p, err := s.ListRequests(f)
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	for _, c := range []struct {
		name string
		f    backend.RequestFilter
		min  int64
	}{
		{"overdue", backend.RequestFilter{Due: backend.DueOverdue}, 2},
		{"due within 7 days", backend.RequestFilter{Due: backend.DueWeek}, 1},
		{"awaiting identity", backend.RequestFilter{Due: backend.DueAwaitingIdentity}, 1},
		{"extended", backend.RequestFilter{Due: backend.DueExtended}, 1},
		{"closed", backend.RequestFilter{Status: []backend.Status{backend.StatusCompleted, backend.StatusDenied}}, 2},
	} {
		if n := count(c.f); n < c.min {
			t.Errorf("%s: %d, want at least %d", c.name, n, c.min)
		}
	}
	page, _ := s.ListRequests(backend.RequestFilter{Search: "Siobhán"})
	if page.Total != 1 {
		t.Fatalf("UK example not found")
	}
	uk, _ := s.GetRequest(page.Items[0].Reference)
	if !uk.Paused() {
		t.Errorf("the UK example's clock is not paused: %+v", uk.Pauses)
	}
	// Timelines read as they happened: the first event on the received day.
	ev, _ := s.RequestEvents(uk.Reference)
	if len(ev) < 2 || !ev[0].At.Before(ev[1].At) || backend.DateOf(ev[0].At, time.UTC).String() != uk.ReceivedDate.String() {
		t.Errorf("timeline %+v", ev)
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit %+v %v", rep, err)
	}
}

func TestSyntheticRequests(t *testing.T) {
	load := func(name string, seed uint64) (*storage.Store, []string) {
		s := demoStore(t, name)
		sum, err := Load(s, Options{Requests: 2000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Requests != 2010 {
			t.Errorf("%d requests", sum.Requests)
		}
		var sig []string
		err = s.EachRequest(backend.RequestFilter{Sort: backend.SortReference, Search: "example.net"}, func(r backend.Request) error {
			if !strings.Contains(r.Requester.Email, "clearpath") && strings.Contains(r.Requester.Email, ".") {
				sig = append(sig, r.Reference+"|"+r.Requester.Name+"|"+string(r.Status)+"|"+r.ReceivedDate.String())
			}
			return nil
		})
		if err != nil {
			t.Fatalf("the requests of %s: %v", name, err)
		}
		return s, sig
	}
	s, a := load("a.db", 7)
	_, b := load("b.db", 7)
	_, c := load("c.db", 8)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Error("the same seed gave different requests")
	}
	if strings.Join(a, "\n") == strings.Join(c, "\n") {
		t.Error("different seeds gave the same requests")
	}
	regimes, statuses, rights, scripts := map[backend.Regime]int{}, map[backend.Status]int{}, map[backend.Right]int{}, 0
	err := s.EachRequest(backend.RequestFilter{}, func(r backend.Request) error {
		regimes[r.Regime]++
		statuses[r.Status]++
		for _, rr := range r.Rights {
			rights[rr.Right]++
			if rr.RespondBy.IsZero() && rr.PromisedBy.IsZero() {
				t.Errorf("%s %s has no due date", r.Reference, rr.Right)
			}
		}
		for _, ch := range r.Requester.Name {
			if unicode.IsLetter(ch) && !unicode.Is(unicode.Latin, ch) {
				scripts++
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(regimes) != len(backend.Regimes) || len(statuses) != len(backend.Statuses) || len(rights) != len(backend.Rights) {
		t.Errorf("coverage: %d regimes, %d statuses %v, %d rights", len(regimes), len(statuses), statuses, len(rights))
	}
	if scripts < 300 {
		t.Errorf("only %d names outside Latin scripts", scripts)
	}
	// Statuses agree with the evidence the workflow requires.
	s.EachRequest(backend.RequestFilter{Status: []backend.Status{backend.StatusCompleted}}, func(r backend.Request) error {
		for _, rr := range r.Rights {
			if rr.Outcome != backend.OutcomeGranted {
				t.Errorf("%s completed with %s %s", r.Reference, rr.Right, rr.Outcome)
			}
		}
		if r.ClosedAt == nil {
			t.Errorf("%s completed without a closing time", r.Reference)
		}
		return nil
	})
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK || rep.Count < 2010 {
		t.Errorf("audit %+v %v", rep, err)
	}
}
