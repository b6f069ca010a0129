package storage_test

import (
	"path/filepath"
	"privacydesk/backend/internal/testpractice"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

func TestExportMetrics(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "m.db"))
	mk := func(name string, received string, right backend.Right) string {
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: name, Email: strings.ToLower(name) + "@example.org"},
			Channel: backend.ChannelEmail, ReceivedDate: received, Regime: backend.RegimeCCPA, Rights: []backend.Right{right}})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	day := func(d string) { // move the clock
		t0, _ := time.Parse("2006-01-02 15:04", d+" 18:00")
		s.Now = func() time.Time { return t0 }
	}
	day("2026-01-20")
	a := mk("Ana", "2026-01-05", backend.RightAccess)
	b := mk("Ben", "2026-01-10", backend.RightAccess)
	c := mk("Cy", "2026-01-10", backend.RightAccess)
	mk("Di", "2026-01-15", backend.RightAccess) // still pending
	e := mk("Eve", "2026-01-12", backend.RightDeletion)
	set := func(ref string, o backend.OutcomeInput) {
		if _, err := s.SetOutcome(ref, o); err != nil {
			t.Fatal(err)
		}
	}
	day("2026-01-15")
	set(a, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}) // 10 days
	day("2026-01-30")
	set(b, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomePartiallyGranted, DenialReason: backend.DenialExemption, Exemption: "Trade secret", DenialText: "Part is a trade secret."}) // 20
	day("2026-02-09")
	set(c, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeDenied, DenialReason: backend.DenialNoData, DenialText: "We hold no data about you."}) // 30
	set(e, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted})                                                                            // 28
	m, err := s.Metrics(2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 2 {
		t.Fatalf("rows %+v", m.Rows)
	}
	acc := m.Rows[0]
	if acc.Right != backend.RightAccess || acc.Received != 4 || acc.Complied != 2 || acc.Denied != 1 || acc.Pending != 1 ||
		*acc.MedianDays != 20 || *acc.MeanDays != 20 {
		t.Errorf("access %+v median %v mean %v", acc, *acc.MedianDays, *acc.MeanDays)
	}
	if del := m.Rows[1]; del.Received != 1 || *del.MedianDays != 28 {
		t.Errorf("deletion %+v", del)
	}
	// The All row pools the answered rights (10, 20, 28 and 30 days), not the rows' figures.
	if all := m.All; all.Received != 5 || all.Complied != 3 || all.Denied != 1 || all.Pending != 1 || all.Responded != 4 ||
		all.MedianDays == nil || *all.MedianDays != 24 || all.MeanDays == nil || *all.MeanDays != 22 {
		t.Errorf("all %+v", all)
	}
	if m, _ := s.Metrics(2025); len(m.Rows) != 0 {
		t.Errorf("2025: %+v", m.Rows)
	}
}
