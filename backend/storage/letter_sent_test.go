package storage

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

func TestResponseKindsSQL(t *testing.T) {
	var want []string
	for _, k := range backend.ResponseLetterKinds {
		want = append(want, "'"+string(k)+"'")
	}
	if got := strings.Join(want, ", "); got != responseKindsSQL {
		t.Errorf("responseKindsSQL = %s, want %s", responseKindsSQL, got)
	}
}

// TestMarkLetterSent: a letter's sending is recorded once, apart from its making, on the
// timeline and in the audit trail; a request is completed only with a sent response
// letter or the reason there is none.
func TestMarkLetterSent(t *testing.T) {
	f := newTaskFixture(t, backend.RightAccess)
	s := f.s
	pdf := []byte("%PDF-1.3 a letter")
	ack, err := s.CreateLetter(backend.Letter{RequestRef: f.ref, Kind: backend.LetterAcknowledgment, Recipient: "Zoë", Pages: 1, PDF: pdf})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.CreateLetter(backend.Letter{RequestRef: f.ref, Kind: backend.LetterAccessResponse, Recipient: "Zoë", Pages: 1, PDF: pdf})
	if err != nil {
		t.Fatal(err)
	}
	today, _ := s.Today()
	for _, c := range []struct {
		in    backend.LetterSentInput
		field string
	}{
		{backend.LetterSentInput{Method: "pigeon"}, "method"},
		{backend.LetterSentInput{Method: backend.SendPost, On: today.AddDays(1).String()}, "on"},
		{backend.LetterSentInput{Method: backend.SendPost, On: today.AddDays(-30).String()}, "on"},
		{backend.LetterSentInput{Method: backend.SendPost, On: "2026-13-01"}, "on"},
	} {
		if _, err := s.MarkLetterSent(resp.ID, c.in); backend.ErrorField(err) != c.field {
			t.Errorf("%+v: %v, want an error on %s", c.in, err, c.field)
		}
	}
	if _, err := s.MarkLetterSent(9999, backend.LetterSentInput{Method: backend.SendPost}); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("unknown letter: %v", err)
	}

	// Only the acknowledgment sent: the request has no sent answer yet.
	if _, err := s.MarkLetterSent(ack.ID, backend.LetterSentInput{Method: backend.SendEmail}); err != nil {
		t.Fatal(err)
	}
	r, err := s.GetRequest(f.ref)
	if err != nil || r.ResponseSent {
		t.Fatalf("response sent after only the acknowledgment: %v %v", r.ResponseSent, err)
	}
	sent, err := s.MarkLetterSent(resp.ID, backend.LetterSentInput{Method: backend.SendPost, On: today.String()})
	if err != nil || sent.Sent == nil || sent.Sent.Method != backend.SendPost || !sent.Sent.On.Equal(today) || sent.Sent.By != "Dana" {
		t.Fatalf("sent: %+v %v", sent.Sent, err)
	}
	if _, err := s.MarkLetterSent(resp.ID, backend.LetterSentInput{Method: backend.SendEmail}); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("sent twice: %v", err)
	}
	list, err := s.ListLetters(f.ref)
	if err != nil || len(list) != 2 || list[1].Sent == nil || list[1].Sent.Method != backend.SendPost || list[1].CreatedAt.IsZero() {
		t.Fatalf("list: %+v %v", list, err)
	}
	got, err := s.GetLetter(resp.ID)
	if err != nil || got.Sent == nil || got.Sent.By != "Dana" {
		t.Fatalf("get: %+v %v", got.Sent, err)
	}
	all, err := s.ListAllLetters(backend.LetterFilter{})
	if err != nil || len(all) != 2 || all[0].Sent == nil {
		t.Fatalf("all: %+v %v", all, err)
	}
	if r, err = s.GetRequest(f.ref); err != nil || !r.ResponseSent {
		t.Fatalf("response not sent: %v", err)
	}
	events, _ := s.RequestEvents(f.ref)
	var line string
	for _, e := range events {
		if strings.HasPrefix(e.Summary, "Letter sent: Access response") {
			line = e.Summary
		}
	}
	if !strings.Contains(line, "by post on "+today.Long()) {
		t.Errorf("timeline: %q", line)
	}
	if _, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: "letter"}); err != nil || n != 4 {
		t.Errorf("%d letter audit events, want 4 (made twice, sent twice): %v", n, err)
	}
}

// TestCompleteNeedsASentAnswer: completing needs a sent response letter or the reason.
func TestCompleteNeedsASentAnswer(t *testing.T) {
	f := newTaskFixture(t, backend.RightAccess)
	s := f.s
	for _, a := range []backend.Action{backend.ActionAcknowledge, backend.ActionStart} {
		if _, err := s.Transition(f.ref, backend.TransitionInput{Action: a}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(f.ref, backend.TransitionInput{Action: backend.ActionComplete}); backend.ErrorField(err) != "noLetterReason" {
		t.Fatalf("completed without a sent letter: %v", err)
	}
	r, err := s.Transition(f.ref, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered in person at the front desk."})
	if err != nil || r.Status != backend.StatusCompleted || r.NoLetterReason != "Answered in person at the front desk." {
		t.Fatalf("%+v %v", r.Status, err)
	}
}
