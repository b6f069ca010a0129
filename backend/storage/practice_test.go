package storage

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

func TestPracticeRoundTrip(t *testing.T) {
	s := newTestStore(t)
	p, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	if p.TimeZone != "America/Chicago" || p.AttachmentMaxMB != 50 {
		t.Errorf("defaults = %+v", p)
	}
	p = examplePractice()
	p.Name = "Zoë O'Brien-Núñez <script>alert(1)</script>'; DROP TABLE practice;--"
	p.PromisedDays = map[string]int{"ccpa": 30, "gdpr": 0}
	p.ClosedDays = []string{"2026-12-24"}
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != p.Name {
		t.Errorf("name = %q, want %q", got.Name, p.Name)
	}
	if got.PromisedDays["ccpa"] != 30 || len(got.PromisedDays) != 1 {
		t.Errorf("promised days = %v", got.PromisedDays)
	}
	if len(got.ClosedDays) != 1 || got.ClosedDays[0] != "2026-12-24" {
		t.Errorf("closed days = %v", got.ClosedDays)
	}
	events, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: "practice"})
	if err != nil || n != 1 {
		t.Fatalf("audit events = %d, %v", n, err)
	}
	if events[0].Staff != "Dana" || events[0].OSUser != "tester" || !strings.Contains(events[0].After, "Zoë") {
		t.Errorf("audit event = %+v", events[0])
	}
}

func TestSavePracticeRefusedWritesNothing(t *testing.T) {
	s := newTestStore(t)
	p := examplePractice()
	p.Email = "not-an-email"
	_, err := s.SavePractice(p)
	if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "email" {
		t.Fatalf("err = %v, want invalid email", err)
	}
	got, _ := s.GetPractice()
	if got.Name != "" {
		t.Errorf("a refused save wrote the practice: %+v", got)
	}
	if _, n, _ := s.ListAuditEvents(backend.AuditFilter{}); n != 0 {
		t.Errorf("a refused save wrote %d audit events", n)
	}
}
