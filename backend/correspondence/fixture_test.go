package correspondence

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

var ctx = context.Background()

// newTestStore is a fresh, migrated database with a fixed clock (2026-03-02).
func newTestStore(t testing.TB) *storage.Store {
	t.Helper()
	s, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), "pd", "test.db")))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	t.Cleanup(func() { s.Close() })
	return s
}

func vdate(s string) backend.Date {
	d, err := backend.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// taskFixture is a store (clock 2026-03-02) with a data map, four vendors and one open
// deletion request received on 2026-02-20, and the letters service over it.
type taskFixture struct {
	s                     *storage.Store
	c                     *Service
	hb, stripe, dd, ended backend.Vendor
	ref                   string
}

func newTaskFixture(t *testing.T, rights ...backend.Right) taskFixture {
	t.Helper()
	s := newTestStore(t)
	f := taskFixture{s: s, c: New(s)}
	mk := func(v backend.Vendor) backend.Vendor {
		out, err := s.CreateVendor(v)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	f.hb = mk(backend.Vendor{Name: "Healthcare Blocks", ContactEmail: "privacy@hb.example", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-01-01"),
		DataCategories: []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataHealth}})
	f.stripe = mk(backend.Vendor{Name: "Stripe", BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptPaymentProcessing,
		DataCategories: []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataCommercial}})
	f.dd = mk(backend.Vendor{Name: "Datadog", BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-01-01")})
	f.ended = mk(backend.Vendor{Name: "Old EHR", PHIAccess: backend.PHIFull, BAAStatus: backend.BAATerminated, BAASignedOn: vdate("2020-01-01"),
		TerminatedOn: vdate("2025-06-30"), PHIDisposition: backend.PHIDestroyed, DataCategories: []backend.DataCategoryKey{backend.DataHealth}})
	if _, err := s.SaveDataMap([]backend.DataCategory{
		{Key: backend.DataIdentifiers, Collected: true, Disclosed: true, Purposes: "Care and billing", Vendors: []backend.VendorRef{{ID: f.hb.ID}, {ID: f.stripe.ID}}},
		{Key: backend.DataHealth, Collected: true, Disclosed: true, Purposes: "Treatment", Vendors: []backend.VendorRef{{ID: f.hb.ID}, {ID: f.ended.ID}}},
	}); err != nil {
		t.Fatal(err)
	}
	if len(rights) == 0 {
		rights = []backend.Right{backend.RightDeletion}
	}
	r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Zoë O'Brien-Núñez", Email: "zoe@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-02-20", Regime: backend.RegimeCCPA, Rights: rights})
	if err != nil {
		t.Fatal(err)
	}
	f.ref = r.Reference
	// A granted deletion waits for identity (11 CCR 7060).
	if _, err := s.RecordVerification(f.ref, backend.VerificationInput{Method: backend.VerifyDataOnFile, VerifiedBy: "Dana",
		VerifiedOn: "2026-03-01", Degree: backend.DegreeReasonable}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f taskFixture) transition(t *testing.T, a backend.Action) (backend.Request, error) {
	t.Helper()
	return f.s.Transition(f.ref, backend.TransitionInput{Action: a, Note: "test"})
}

func letterPractice(t *testing.T, s *storage.Store) {
	t.Helper()
	p := backend.DefaultPractice()
	p.Name, p.Address, p.Email = "Sessions, Inc.", "3948 Market St #24702\nMinneapolis, MN 55424", "contact@sessionshealth.com"
	p.SignatoryName, p.SignatoryTitle = "Jordan Ellis", "Privacy Officer"
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
}

func letterAuditCount(t *testing.T, s *storage.Store, entity string) int64 {
	t.Helper()
	_, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: entity})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// letterRows counts the letters kept.
func letterRows(t *testing.T, s *storage.Store) int {
	t.Helper()
	l, err := s.ListAllLetters(backend.LetterFilter{Limit: backend.MaxLetterList})
	if err != nil {
		t.Fatal(err)
	}
	return len(l)
}

// templateRows counts the saved template versions: each name's versions run 1..latest.
func templateRows(t *testing.T, s *storage.Store) int {
	t.Helper()
	saved, err := s.ListSavedTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range saved {
		n += x.Version
	}
	return n
}
