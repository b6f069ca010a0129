package storage

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

// The name on letters is stored, read back, editable and on the timeline.
func TestRequesterNameOnLetters(t *testing.T) {
	s := newTestStore(t)
	in := reqInput("محمد عبد الله", "m@example.com", backend.RegimeCCPA, "2026-03-02", backend.RightAccess)
	in.Requester.NameOnLetters = "  Mohammed Abdullah "
	r := mustCreateRequest(t, s, in)
	got, err := s.GetRequest(r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Requester.NameOnLetters != "Mohammed Abdullah" || got.Requester.Name != "محمد عبد الله" {
		t.Fatalf("read back %q / %q", got.Requester.Name, got.Requester.NameOnLetters)
	}
	_, loc, err := s.PracticeZone()
	if err != nil {
		t.Fatal(err)
	}
	edit := got.Input(loc)
	edit.Requester.NameOnLetters = ""
	if got, err = s.UpdateRequest(r.Reference, edit); err != nil || got.Requester.NameOnLetters != "" {
		t.Fatalf("cleared: %v, %q", err, got.Requester.NameOnLetters)
	}
	evs, err := s.RequestEvents(r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; !strings.Contains(last.Summary, "name on letters") {
		t.Errorf("timeline: %q", last.Summary)
	}
	edit.Requester.NameOnLetters = strings.Repeat("x", backend.MaxNameLen+1)
	if _, err := s.UpdateRequest(r.Reference, edit); backend.ErrorField(err) != "requester.nameOnLetters" {
		t.Errorf("a name on letters too long: got %v, want an error on requester.nameOnLetters", err)
	}
}
