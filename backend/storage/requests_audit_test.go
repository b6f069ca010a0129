package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

// requestHistory works two requests through intake, transitions, verification, an
// outcome, an attachment and a note: every step must append one audit event.
func requestHistory(t *testing.T, s *Store) (events int64) {
	t.Helper()
	a := mustCreateRequest(t, s, reqInput("Audit One", "one@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))  // 1
	b := mustCreateRequest(t, s, reqInput("Audit Two", "two@example.com", backend.RegimeHIPAA, "2026-02-27", backend.RightAccess)) // 2
	mustTransition(t, s, a.Reference, backend.TransitionInput{Action: backend.ActionAcknowledge})                                  // 3
	if _, err := s.RecordVerification(a.Reference, backend.VerificationInput{Method: backend.VerifyDataOnFile, VerifiedBy: "Dana", Degree: backend.DegreeReasonable}); err != nil {
		t.Fatal(err) // 4
	}
	mustOutcome(t, s, a.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}) // 5
	p := filepath.Join(t.TempDir(), "reply.eml")
	os.WriteFile(p, []byte("From: one@example.com\n\nPlease send my records."), 0o600)
	if _, err := s.AddRequestAttachment(b.Reference, p, "request email"); err != nil { // 6
		t.Fatal(err)
	}
	if _, err := s.AddNote(b.Reference, "Left a voicemail."); err != nil { // 7
		t.Fatal(err)
	}
	mustTransition(t, s, a.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."}) // 8
	return 8
}

// TestRequestAuditTamper changes the trail directly in SQLite, as someone bypassing the
// app would, after a real request history, and checks the first affected event is named.
func TestRequestAuditTamper(t *testing.T) {
	cases := []struct {
		name    string
		tamper  []string
		wantBad int64
	}{
		{"intact", nil, 0},
		{"edit an outcome", []string{`UPDATE audit_events SET after = replace(after, 'granted', 'denied') WHERE seq = 5`}, 5},
		{"edit who did it", []string{`UPDATE audit_events SET staff = 'Someone else' WHERE seq = 3`}, 3},
		{"delete a transition", []string{`DELETE FROM audit_events WHERE seq = 3`}, 4},
		{"delete the last event", []string{`DELETE FROM audit_events WHERE seq = 8`}, 8},
		{"insert a forged event", []string{
			`UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 4`,
			`UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000`,
			`INSERT INTO audit_events(seq, at, entity, entity_id, action, prev_hash, hash) SELECT 4, at, 'request', entity_id, 'transition', hash, 'forged' FROM audit_events WHERE seq = 3`}, 4},
		{"reorder two events", []string{
			`UPDATE audit_events SET seq = 100 WHERE seq = 6`,
			`UPDATE audit_events SET seq = 6 WHERE seq = 7`,
			`UPDATE audit_events SET seq = 7 WHERE seq = 100`}, 6},
		{"rewrite an event and its hash", []string{
			`UPDATE audit_events SET action = 'nothing', hash = 'recomputed-by-hand' WHERE seq = 2`}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			n := requestHistory(t, s)
			if total := tableRows(t, s, "audit_events"); total != n {
				t.Fatalf("%d audit events, want %d (one per step)", total, n)
			}
			for _, q := range tc.tamper {
				if err := s.db.Exec(q).Error; err != nil {
					t.Fatal(err)
				}
			}
			rep, err := s.VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantBad == 0 {
				if !rep.OK || rep.Count != n {
					t.Errorf("intact chain reported %+v", rep)
				}
				return
			}
			if rep.OK || rep.BadSeq != tc.wantBad || rep.Problem == "" {
				t.Errorf("report = %+v, want first bad event %d", rep, tc.wantBad)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	s := newTestStore(t)
	day := time.Date(2020, 1, 15, 15, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return day }
	closeOn := func(name string, regime backend.Regime, right backend.Right) backend.Request {
		r := mustCreateRequest(t, s, reqInput(name, strings.ToLower(strings.Fields(name)[0])+"@example.com", regime, "2020-01-10", right))
		return mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionWithdraw})
	}
	ccpa := closeOn("Ccpa Closed", backend.RegimeCCPA, backend.RightAccess)
	hipaa := closeOn("Hipaa Closed", backend.RegimeHIPAA, backend.RightAccess)
	gdpr := closeOn("Gdpr Closed", backend.RegimeGDPR, backend.RightAccess)
	p := filepath.Join(t.TempDir(), "id.png")
	os.WriteFile(p, []byte("\x89PNG\r\n\x1a\nfake image"), 0o600)
	att, err := s.AddRequestAttachment(ccpa.Reference, p, "ID copy")
	if err != nil {
		t.Fatal(err)
	}
	open := mustCreateRequest(t, s, reqInput("Still Open", "open@example.com", backend.RegimeCCPA, "2020-01-10", backend.RightAccess))

	// Closed 15 January 2020: CCPA and GDPR kept to 15 January 2022, HIPAA to 15 January 2026.
	for _, c := range []struct {
		asOf string
		want []string
	}{
		{"2022-01-15", nil},
		{"2022-01-16", []string{ccpa.Reference, gdpr.Reference}},
		{"2026-01-15", []string{ccpa.Reference, gdpr.Reference}},
		{"2026-01-16", []string{ccpa.Reference, hipaa.Reference, gdpr.Reference}},
	} {
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) }
		asOf, _ := backend.ParseDate(c.asOf)
		prev, err := s.PurgePreview(asOf)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range prev.Items {
			got = append(got, it.Reference)
			if it.Reference == hipaa.Reference && (it.KeepUntil.String() != "2026-01-15" || !strings.Contains(it.Citation, "164.530(j)")) {
				t.Errorf("hipaa candidate %+v", it)
			}
			if it.Reference == ccpa.Reference && it.Attachments != 1 {
				t.Errorf("ccpa candidate %+v", it)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("as of %s: %v, want %v", c.asOf, got, c.want)
		}
	}
	future, _ := backend.ParseDate("2026-03-03")
	if _, err := s.Purge(future); backend.ErrorField(err) != "asOf" {
		t.Errorf("purge as of a future date: %v", err)
	}
	asOf, _ := backend.ParseDate("2022-01-16")
	res, err := s.Purge(asOf)
	if err != nil || len(res.Items) != 2 {
		t.Fatalf("purge: %+v, %v", res, err)
	}
	for _, ref := range []string{ccpa.Reference, gdpr.Reference} {
		if _, err := s.GetRequest(ref); backend.ErrorCode(err) != backend.ENOTFOUND {
			t.Errorf("%s still there: %v", ref, err)
		}
	}
	for _, ref := range []string{hipaa.Reference, open.Reference} {
		if _, err := s.GetRequest(ref); err != nil {
			t.Errorf("%s purged: %v", ref, err)
		}
	}
	var orphans int64
	s.db.Raw(`SELECT (SELECT count(*) FROM request_rights WHERE request_id NOT IN (SELECT id FROM requests))
		+ (SELECT count(*) FROM request_events WHERE request_id NOT IN (SELECT id FROM requests))
		+ (SELECT count(*) FROM request_search WHERE request_id NOT IN (SELECT id FROM requests))
		+ (SELECT count(*) FROM attachments WHERE owner_type = 'request' AND owner_id NOT IN (SELECT id FROM requests))`).Scan(&orphans)
	if orphans != 0 {
		t.Errorf("%d rows of purged requests left", orphans)
	}
	if _, found, err := blobData(s.db, att.SHA256); found || err != nil {
		t.Errorf("the purged request's file is still kept: %v", err)
	}
	audit, _, _ := s.ListAuditEvents(backend.AuditFilter{Action: "purge"})
	if len(audit) != 1 || !strings.Contains(audit[0].After, ccpa.Reference) || !strings.Contains(audit[0].After, gdpr.Reference) {
		t.Errorf("purge audit = %+v", audit)
	}
	if rep, _ := s.VerifyAudit(); !rep.OK {
		t.Errorf("chain after purge: %+v", rep)
	}
	// A purged reference is never handed out again.
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) }
	again := mustCreateRequest(t, s, reqInput("New In 2020", "new@example.com", backend.RegimeCCPA, "2020-02-01", backend.RightAccess))
	if again.Reference != "PR-2020-0005" {
		t.Errorf("new 2020 reference %s, want PR-2020-0005", again.Reference)
	}
}

func TestBulkCreateRequests(t *testing.T) {
	s := newTestStore(t)
	mustCreateRequest(t, s, reqInput("Before Bulk", "before@example.com", backend.RegimeCCPA, "2026-02-01", backend.RightAccess))
	loc, _ := time.LoadLocation("America/Chicago")
	var items []BulkRequest
	for i := 0; i < 1200; i++ {
		at := time.Date(2025, 6, 1, 10, 0, 0, 0, loc).AddDate(0, 0, i%200)
		r := backend.Request{Requester: backend.Person{Name: fmt.Sprintf("Bulk Person %d", i), Email: fmt.Sprintf("bulk%d@example.com", i)},
			SubmittedBy: backend.SubmittedBySelf, Channel: backend.ChannelWebForm, ReceivedAt: at, ReceivedDate: backend.DateOf(at, loc),
			Regime: backend.RegimeGDPR, GuardianConsent: backend.ConsentNotApplicable, Status: backend.StatusInProgress,
			Rights: []backend.RequestRight{{Right: backend.RightAccess, Outcome: backend.OutcomePending}}}
		items = append(items, BulkRequest{Request: r, Events: []backend.RequestEvent{{Kind: backend.EventCreated, Summary: "Logged", At: at}}})
	}
	sum, err := s.BulkCreateRequests(items, "test")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Count != 1200 || sum.First != "PR-2025-0001" || sum.Last != "PR-2025-1200" {
		t.Errorf("summary %+v", sum)
	}
	got, err := s.GetRequest("PR-2025-0007")
	if err != nil || got.Requester.Name != "Bulk Person 6" || got.Right(backend.RightAccess).RespondBy.IsZero() || got.NextDue.IsZero() {
		t.Errorf("bulk request = %+v, %v", got, err)
	}
	page, _ := s.ListRequests(backend.RequestFilter{Search: "bulk1199@example.com"})
	if page.Total != 1 {
		t.Errorf("search found %d", page.Total)
	}
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK || rep.Count != 1201 || rep.Records != 1201 || rep.Unrecorded != 0 {
		t.Errorf("chain after bulk load: %+v, %v", rep, err)
	}
	// The next intake continues both the sequence and the chain.
	r := mustCreateRequest(t, s, reqInput("After Bulk", "after@example.com", backend.RegimeCCPA, "2025-12-01", backend.RightAccess))
	if r.Reference != "PR-2025-1201" {
		t.Errorf("reference after bulk = %s", r.Reference)
	}
	if rep, _ := s.VerifyAudit(); !rep.OK || rep.Count != 1202 {
		t.Errorf("chain after intake: %+v", rep)
	}
	// Bad input refuses the whole batch.
	bad := items[:2]
	bad[1].Request.Requester.Email = "nope"
	if _, err := s.BulkCreateRequests(bad, "test"); backend.ErrorField(err) != "requester.email" {
		t.Errorf("bad batch: %v", err)
	}
	if n := tableRows(t, s, "requests"); n != 1202 {
		t.Errorf("%d requests after a refused batch", n)
	}
}
