package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// The workflow as the product specifies it, written out independently of the table in
// backend/workflow.go: from which statuses each action is allowed, and where it leads
// ("" = the status stays).
var wantWorkflow = map[backend.Action]struct {
	from []backend.Status
	to   backend.Status
	keep []backend.Status // statuses in from that the action leaves as they are
}{
	backend.ActionAcknowledge:       {[]backend.Status{"received"}, "acknowledged", nil},
	backend.ActionRequestIdentity:   {[]backend.Status{"received", "acknowledged"}, "awaiting-identity", nil},
	backend.ActionVerify:            {[]backend.Status{"received", "acknowledged", "awaiting-identity"}, "verified", nil},
	backend.ActionUnableToVerify:    {[]backend.Status{"awaiting-identity"}, "unable-to-verify", nil},
	backend.ActionStart:             {[]backend.Status{"received", "acknowledged", "verified"}, "in-progress", nil},
	backend.ActionExtend:            {[]backend.Status{"received", "acknowledged", "awaiting-identity", "verified", "in-progress", "extended"}, "extended", []backend.Status{"awaiting-identity"}},
	backend.ActionPause:             {[]backend.Status{"received", "acknowledged", "awaiting-identity", "verified", "in-progress", "extended"}, "", nil},
	backend.ActionResume:            {[]backend.Status{"received", "acknowledged", "awaiting-identity", "verified", "in-progress", "extended"}, "", nil},
	backend.ActionComplete:          {[]backend.Status{"received", "acknowledged", "verified", "in-progress", "extended"}, "completed", nil},
	backend.ActionPartiallyComplete: {[]backend.Status{"received", "acknowledged", "verified", "in-progress", "extended"}, "partially-completed", nil},
	backend.ActionDeny:              {[]backend.Status{"received", "acknowledged", "awaiting-identity", "verified", "in-progress", "extended"}, "denied", nil},
	backend.ActionWithdraw:          {[]backend.Status{"received", "acknowledged", "awaiting-identity", "verified", "in-progress", "extended"}, "withdrawn", nil},
}

// transitionFixture creates a request whose state satisfies the action's guard, and the input
// that takes the action.
func transitionFixture(t *testing.T, s *Store, a backend.Action, n int) (backend.Request, backend.TransitionInput) {
	t.Helper()
	name := fmt.Sprintf("Client %s %d", a, n)
	in := backend.TransitionInput{Action: a, Note: "note for " + string(a), NoLetterReason: "Answered by phone."}
	var r backend.Request
	switch a {
	case backend.ActionPause, backend.ActionResume:
		r = mustCreateRequest(t, s, reqInput(name, "c@example.com", backend.RegimeUKGDPR, "2026-02-27", backend.RightAccess))
		if a == backend.ActionResume {
			mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseClarification, On: "2026-02-28"})
		} else {
			in.PauseKind, in.Reason = backend.PauseClarification, "Asked which records are meant"
		}
	case backend.ActionPartiallyComplete:
		r = mustCreateRequest(t, s, reqInput(name, "c@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess, backend.RightCorrection))
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightCorrection, Outcome: backend.OutcomeDenied,
			DenialReason: backend.DenialNoData, DenialText: "We hold no such record."})
	default:
		r = mustCreateRequest(t, s, reqInput(name, "c@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))
	}
	switch a {
	case backend.ActionVerify:
		addVerificationRow(t, s, r.Reference)
	case backend.ActionComplete:
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
		addVerificationRow(t, s, r.Reference) // granted access waits for identity (11 CCR 7060)
	case backend.ActionPartiallyComplete:
		addVerificationRow(t, s, r.Reference)
	case backend.ActionDeny:
		in.DenialReason, in.DenialText = backend.DenialManifestlyUnfounded, "The fifth identical request this month."
	case backend.ActionExtend:
		in.Reason, in.NewDate = "Records are archived off site.", "2026-05-01"
	}
	return r, in
}

// addVerificationRow records an identity verification directly: RecordVerification
// would move the status itself.
func addVerificationRow(t testing.TB, s *Store, ref string) {
	t.Helper()
	r, err := s.GetRequest(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Create(&verificationRow{RequestID: r.ID, Method: "data-on-file", VerifiedBy: "Dana",
		VerifiedOn: backend.NewDate(2026, 3, 1), Degree: "reasonable", RecordedAt: timeText(s.Now())}).Error; err != nil {
		t.Fatal(err)
	}
}

func mustTransition(t testing.TB, s *Store, ref string, in backend.TransitionInput) backend.Request {
	t.Helper()
	r, err := s.Transition(ref, in)
	if err != nil {
		t.Fatalf("%s %s: %v", ref, in.Action, err)
	}
	return r
}

func mustOutcome(t testing.TB, s *Store, ref string, in backend.OutcomeInput) backend.Request {
	t.Helper()
	r, err := s.SetOutcome(ref, in)
	if err != nil {
		t.Fatalf("%s outcome %s: %v", ref, in.Right, err)
	}
	return r
}

func forceRequestStatus(t *testing.T, s *Store, ref string, st backend.Status) {
	t.Helper()
	if err := s.db.Exec(`UPDATE requests SET status = ? WHERE reference = ?`, st, ref).Error; err != nil {
		t.Fatal(err)
	}
}

func requestAuditCount(t *testing.T, s *Store, ref string) int64 {
	t.Helper()
	_, n, err := s.ListAuditEvents(backend.AuditFilter{EntityID: ref})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEveryTransition tries every action from every status: allowed ones move to the
// right status with a timeline event and an audit event; refused ones write nothing.
func TestEveryTransition(t *testing.T) {
	s := newTestStore(t)
	s.Actor.Staff = "Jordan"
	n := 0
	for _, a := range backend.Actions {
		want, ok := wantWorkflow[a]
		if !ok {
			t.Fatalf("no expectation for action %s", a)
		}
		for _, st := range backend.Statuses {
			n++
			allowed := false
			for _, f := range want.from {
				allowed = allowed || f == st
			}
			t.Run(fmt.Sprintf("%s from %s", a, st), func(t *testing.T) {
				r, in := transitionFixture(t, s, a, n)
				forceRequestStatus(t, s, r.Reference, st)
				r, _ = s.GetRequest(r.Reference)
				if got := hasItem(backend.AllowedActions(&r, backend.NewDate(2026, 3, 2)), a); got != allowed {
					t.Errorf("AllowedActions includes %s: %v, want %v", a, got, allowed)
				}
				events, _ := s.RequestEvents(r.Reference)
				audits := requestAuditCount(t, s, r.Reference)
				got, err := s.Transition(r.Reference, in)
				if !allowed {
					if backend.ErrorCode(err) != backend.ECONFLICT {
						t.Fatalf("err = %v, want a conflict", err)
					}
					after, _ := s.GetRequest(r.Reference)
					after2, _ := s.RequestEvents(r.Reference)
					if after.Status != st || len(after2) != len(events) || requestAuditCount(t, s, r.Reference) != audits {
						t.Errorf("a refused action wrote: status %s, events %d→%d", after.Status, len(events), len(after2))
					}
					return
				}
				if err != nil {
					t.Fatalf("err = %v, want allowed", err)
				}
				wantStatus := want.to
				if wantStatus == "" || hasItem(want.keep, st) {
					wantStatus = st
				}
				if got.Status != wantStatus {
					t.Errorf("status = %s, want %s", got.Status, wantStatus)
				}
				if got.Status.Closed() != (got.ClosedAt != nil) {
					t.Errorf("closed %v but closedAt %v", got.Status.Closed(), got.ClosedAt)
				}
				after, _ := s.RequestEvents(r.Reference)
				last := after[len(after)-1]
				if len(after) != len(events)+1 || last.Action != a || last.Staff != "Jordan" || last.Note != in.Note || last.FromStatus != st || last.ToStatus != wantStatus {
					t.Errorf("timeline event = %+v", last)
				}
				if requestAuditCount(t, s, r.Reference) != audits+1 {
					t.Errorf("no audit event")
				}
			})
		}
	}
}

func hasItem[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestWorkflowGuards(t *testing.T) {
	s := newTestStore(t)
	ccpa := func(name string, rights ...backend.Right) backend.Request {
		return mustCreateRequest(t, s, reqInput(name, strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.com", backend.RegimeCCPA, "2026-02-27", rights...))
	}
	expect := func(t *testing.T, err error, code, field, text string) {
		t.Helper()
		if backend.ErrorCode(err) != code || backend.ErrorField(err) != field || !strings.Contains(backend.ErrorMessage(err), text) {
			t.Fatalf("err = %v (code %s field %q), want %s on %q containing %q", err, backend.ErrorCode(err), backend.ErrorField(err), code, field, text)
		}
	}

	t.Run("completing needs every outcome", func(t *testing.T) {
		r := ccpa("Pending Outcome", backend.RightAccess)
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
		expect(t, err, backend.ECONFLICT, "", "outcome of every right")
	})
	t.Run("deletion needs the requester's separate confirmation", func(t *testing.T) {
		r := ccpa("Delete Me", backend.RightDeletion)
		addVerificationRow(t, s, r.Reference)
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted})
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
		expect(t, err, backend.ECONFLICT, "", "confirmation")
		got, err := s.RecordDeletionConfirmation(r.Reference, backend.DeletionConfirmationInput{ConfirmedOn: "2026-03-01", Note: "Replied YES to our email."})
		if err != nil || got.DeletionConfirmation == nil || got.DeletionConfirmation.Channel != backend.ChannelEmail {
			t.Fatalf("confirmation: %+v, %v", got.DeletionConfirmation, err)
		}
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
	})
	t.Run("a GDPR erasure is not held back for a second confirmation", func(t *testing.T) {
		// Art. 12(2), 12(6): only reasonable doubts about identity justify asking for more;
		// the deletion-confirmation letter is refused for GDPR and UK GDPR, so completion
		// must not wait for a confirmation the practice cannot ask for.
		for _, reg := range []backend.Regime{backend.RegimeGDPR, backend.RegimeUKGDPR} {
			r := mustCreateRequest(t, s, reqInput("Erase "+string(reg), string(reg)+".erase@example.com", reg, "2026-02-27", backend.RightDeletion))
			mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted})
			mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
		}
	})
	t.Run("a denied deletion needs no confirmation", func(t *testing.T) {
		r := ccpa("Deny Delete", backend.RightDeletion)
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialExemption,
			Exemption: "HIPAA medical records retention", DenialText: "We must keep clinical records."})
	})
	t.Run("deletion confirmation only for a deletion request", func(t *testing.T) {
		r := ccpa("Access Only", backend.RightAccess)
		_, err := s.RecordDeletionConfirmation(r.Reference, backend.DeletionConfirmationInput{})
		expect(t, err, backend.EINVALID, "confirmedOn", "does not ask for deletion")
		r = ccpa("Future Confirm", backend.RightDeletion)
		_, err = s.RecordDeletionConfirmation(r.Reference, backend.DeletionConfirmationInput{ConfirmedOn: "2026-03-05"})
		expect(t, err, backend.EINVALID, "confirmedOn", "future")
	})
	t.Run("opt-out cannot await identity", func(t *testing.T) {
		for _, right := range []backend.Right{backend.RightOptOut, backend.RightLimitSensitive} {
			r := ccpa("Opt Out "+string(right), right, backend.RightAccess)
			_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionRequestIdentity})
			expect(t, err, backend.ECONFLICT, "", "cannot wait for identity verification")
			if hasItem(backend.AllowedActions(&r, backend.NewDate(2026, 3, 2)), backend.ActionRequestIdentity) {
				t.Error("request-identity offered")
			}
			// Once the opt-out is honoured, the access part may wait for identity.
			mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: right, Outcome: backend.OutcomeGranted})
			mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionRequestIdentity})
		}
	})
	t.Run("opt-out cannot be denied for want of identity", func(t *testing.T) {
		r := ccpa("Opt Out Deny", backend.RightOptOut)
		_, err := s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightOptOut, Outcome: backend.OutcomeDenied,
			DenialReason: backend.DenialIdentityUnverified, DenialText: "Not verified"})
		expect(t, err, backend.EINVALID, "denialReason", "7026")
		_, err = s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialIdentityUnverified, DenialText: "x"})
		expect(t, err, backend.EINVALID, "denialReason", "7026")
	})
	t.Run("unable to verify denies the pending rights", func(t *testing.T) {
		r := ccpa("Never Verified", backend.RightAccess, backend.RightDeletion)
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionRequestIdentity})
		got := mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionUnableToVerify, Note: "No reply in 30 days."})
		for _, rr := range got.Rights {
			if rr.Outcome != backend.OutcomeDenied || rr.DenialReason != backend.DenialIdentityUnverified || rr.DenialText != "No reply in 30 days." {
				t.Errorf("right %+v", rr)
			}
		}
		if got.NextDue.IsZero() == false {
			t.Errorf("a closed request has a next due date %s", got.NextDue)
		}
	})
	t.Run("denial needs a reason code and text", func(t *testing.T) {
		r := ccpa("Deny Input", backend.RightAccess)
		for _, c := range []struct {
			in    backend.TransitionInput
			field string
		}{
			{backend.TransitionInput{Action: backend.ActionDeny, DenialText: "why"}, "denialReason"},
			{backend.TransitionInput{Action: backend.ActionDeny, DenialReason: "because", DenialText: "why"}, "denialReason"},
			{backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialOther}, "denialText"},
			{backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialExemption, DenialText: "why"}, "exemption"},
		} {
			_, err := s.Transition(r.Reference, c.in)
			expect(t, err, backend.EINVALID, c.field, "")
		}
		_, err := s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomePartiallyGranted})
		expect(t, err, backend.EINVALID, "denialReason", "")
		_, err = s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted})
		expect(t, err, backend.EINVALID, "right", "does not ask")
		_, err = s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: "maybe"})
		expect(t, err, backend.EINVALID, "outcome", "")
	})
	t.Run("outcomes must match the closing status", func(t *testing.T) {
		r := ccpa("Mixed Outcomes", backend.RightAccess, backend.RightCorrection)
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightCorrection, Outcome: backend.OutcomeDenied,
			DenialReason: backend.DenialOther, DenialText: "The record is accurate."})
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
		expect(t, err, backend.ECONFLICT, "", "in part")
		_, err = s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialOther, DenialText: "x"})
		expect(t, err, backend.ECONFLICT, "", "was granted")
		r2 := ccpa("All Granted", backend.RightAccess)
		mustOutcome(t, s, r2.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
		_, err = s.Transition(r2.Reference, backend.TransitionInput{Action: backend.ActionPartiallyComplete, NoLetterReason: "Answered by phone."})
		expect(t, err, backend.ECONFLICT, "", "Every right was granted")
		r3 := ccpa("None Granted", backend.RightAccess)
		mustOutcome(t, s, r3.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeDenied, DenialReason: backend.DenialNoData, DenialText: "None."})
		_, err = s.Transition(r3.Reference, backend.TransitionInput{Action: backend.ActionPartiallyComplete, NoLetterReason: "Answered by phone."})
		expect(t, err, backend.ECONFLICT, "", "No right was granted")
		got := mustTransition(t, s, r3.Reference, backend.TransitionInput{Action: backend.ActionDeny})
		if got.Status != backend.StatusDenied {
			t.Errorf("status %s", got.Status)
		}
	})
	t.Run("extension once, in time, with a reason, within the legal maximum", func(t *testing.T) {
		r := ccpa("Extend Me", backend.RightAccess) // respond by 13 April, at most 28 May
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, NewDate: "2026-05-01"})
		expect(t, err, backend.EINVALID, "reason", "")
		_, err = s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Archive", NewDate: "2026-05-29"})
		expect(t, err, backend.EINVALID, "newDate", "May 2026")
		_, err = s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Archive", NewDate: "2026-04-10"})
		expect(t, err, backend.EINVALID, "newDate", "after the original deadline")
		got := mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Archive", NewDate: "2026-05-28"})
		acc := got.Right(backend.RightAccess)
		if got.Status != backend.StatusExtended || acc.ExtendedTo.String() != "2026-05-28" || acc.DueDate().String() != "2026-05-28" ||
			got.NextDue.String() != "2026-05-28" || !strings.Contains(acc.Basis, "extended") || got.Extension == nil {
			t.Errorf("extended: status %s right %+v next %s", got.Status, acc, got.NextDue)
		}
		// Back to in progress is not in the table; a second extension is refused from any status.
		forceRequestStatus(t, s, r.Reference, backend.StatusInProgress)
		_, err = s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Again", NewDate: "2026-05-20"})
		expect(t, err, backend.ECONFLICT, "", "once")
		old := mustCreateRequest(t, s, reqInput("Too Late", "late@example.com", backend.RegimeCCPA, "2026-01-02", backend.RightAccess))
		_, err = s.Transition(old.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Late", NewDate: "2026-03-20"})
		expect(t, err, backend.ECONFLICT, "", "original period ended on 16 February 2026 for access / right to know")
		opt := ccpa("No Extension", backend.RightOptOut)
		_, err = s.Transition(opt.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "x", NewDate: "2026-04-01"})
		expect(t, err, backend.ECONFLICT, "", "can be extended")
	})
	t.Run("extension of the rights whose period still runs", func(t *testing.T) {
		// Each right has its own clock: a HIPAA access right overdue since 19 February does
		// not take away the accounting's extension (60 days to 21 March, at most 30 more).
		r := mustCreateRequest(t, s, reqInput("Two Clocks", "two.clocks@example.com", backend.RegimeHIPAA, "2026-01-20", backend.RightAccess, backend.RightAccounting))
		got := mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Disclosures are kept at two clinics.", NewDate: "2026-04-20"})
		acc, acct := got.Right(backend.RightAccess), got.Right(backend.RightAccounting)
		if !acc.ExtendedTo.IsZero() || acc.DueDate().String() != "2026-02-19" || acct.DueDate().String() != "2026-04-20" {
			t.Errorf("access due %s (extended to %s), accounting due %s", acc.DueDate(), acc.ExtendedTo, acct.DueDate())
		}
		// The new date is checked against the rights it extends, not the overdue one.
		r2 := mustCreateRequest(t, s, reqInput("Two Clocks Too", "two.clocks.too@example.com", backend.RegimeHIPAA, "2026-01-20", backend.RightAccess, backend.RightAccounting))
		_, err := s.Transition(r2.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "x", NewDate: "2026-03-10"})
		expect(t, err, backend.EINVALID, "newDate", "21 March 2026")
	})
	t.Run("an extension after the original period names each right and its date", func(t *testing.T) {
		// The notice must reach the requester within the original period (Cal. Civ. Code
		// 1798.130(a)(2); GDPR Art. 12(3); 45 CFR 164.524(b)(2)(iii), 164.526(b)(2)(ii)):
		// both periods ended (HIPAA access 19 January, amendment 18 February), so the
		// refusal says which right ended when, not one date for the whole request.
		r := mustCreateRequest(t, s, reqInput("Both Late", "both.late@example.com", backend.RegimeHIPAA, "2025-12-20", backend.RightAccess, backend.RightCorrection))
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Late", NewDate: "2026-03-15"})
		expect(t, err, backend.ECONFLICT, "", "original period ended on 19 January 2026 for access / right to know and on 18 February 2026 for correction (today is 2 March 2026)")
		// The detail screen gives the same reason beside the blocked action.
		for _, a := range backend.ActionChecks(&r, backend.NewDate(2026, 3, 2)) {
			if a.Action == backend.ActionExtend && (a.Allowed || !strings.Contains(a.Reason, "on 18 February 2026 for correction")) {
				t.Errorf("extend offered as %+v", a)
			}
		}
	})
	t.Run("the last day of the original period is the practice's day", func(t *testing.T) {
		// Received 15 January under the CCPA: the 45 days end on 1 March. At 03:00 UTC on
		// 2 March it is still 1 March in Chicago (the practice's zone), whatever the
		// computer's zone (the tests run in Pacific/Kiritimati, already 2 March there).
		st := newTestStore(t)
		r := mustCreateRequest(t, st, reqInput("Last Day", "last.day@example.com", backend.RegimeCCPA, "2026-01-15", backend.RightAccess))
		late := mustCreateRequest(t, st, reqInput("Day After", "day.after@example.com", backend.RegimeCCPA, "2026-01-15", backend.RightAccess))
		st.Now = func() time.Time { return time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC) }
		got := mustTransition(t, st, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Archive", NewDate: "2026-04-15"})
		if acc := got.Right(backend.RightAccess); acc.ExtendedOn.String() != "2026-03-01" || got.Extension.ExtendedOn.String() != "2026-03-01" {
			t.Errorf("extended on %s (request %s), want 2026-03-01", acc.ExtendedOn, got.Extension.ExtendedOn)
		}
		st.Now = func() time.Time { return time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC) } // 01:00 on 2 March in Chicago
		_, err := st.Transition(late.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Archive", NewDate: "2026-04-15"})
		expect(t, err, backend.ECONFLICT, "", "original period ended on 1 March 2026 for access / right to know (today is 2 March 2026)")
	})
	t.Run("one extension per right's period", func(t *testing.T) {
		// HIPAA access (30 days, to 12 March) and amendment (60 days, to 11 April), received
		// 10 February. Extending the access on 2 March to 1 April leaves the amendment's
		// period alone (it runs past that date); the amendment may then take its own one
		// extension of 30 days while its period runs (45 CFR 164.526(b)(2)(ii)), and
		// neither right may be extended twice.
		st := newTestStore(t)
		r := mustCreateRequest(t, st, reqInput("Two Periods", "two.periods@example.com", backend.RegimeHIPAA, "2026-02-10", backend.RightAccess, backend.RightCorrection))
		got := mustTransition(t, st, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records at two clinics.", NewDate: "2026-04-01"})
		acc, cor := got.Right(backend.RightAccess), got.Right(backend.RightCorrection)
		if acc.ExtendedTo.String() != "2026-04-01" || acc.ExtendedOn.String() != "2026-03-02" || !cor.ExtendedTo.IsZero() || cor.DueDate().String() != "2026-04-11" {
			t.Fatalf("first extension: access %s on %s, correction extended to %q due %s", acc.ExtendedTo, acc.ExtendedOn, cor.ExtendedTo, cor.DueDate())
		}
		st.Now = func() time.Time { return time.Date(2026, 4, 6, 15, 0, 0, 0, time.UTC) }
		got = mustTransition(t, st, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "The amendment needs the author's review.", NewDate: "2026-05-11"})
		acc, cor = got.Right(backend.RightAccess), got.Right(backend.RightCorrection)
		if cor.ExtendedTo.String() != "2026-05-11" || cor.ExtendedOn.String() != "2026-04-06" || acc.ExtendedTo.String() != "2026-04-01" ||
			acc.ExtendedOn.String() != "2026-03-02" || got.Status != backend.StatusExtended || got.Extension.Reason != "The amendment needs the author's review." {
			t.Fatalf("second extension: access %s on %s, correction %s on %s, status %s, extension %+v", acc.ExtendedTo, acc.ExtendedOn, cor.ExtendedTo, cor.ExtendedOn, got.Status, got.Extension)
		}
		// Stored per right: read back, and a recompute (a pause, an edit) keeps both.
		back, err := st.GetRequest(r.Reference)
		if err != nil || back.Right(backend.RightAccess).ExtendedOn.String() != "2026-03-02" || back.Right(backend.RightCorrection).ExtendedOn.String() != "2026-04-06" {
			t.Fatalf("read back: %+v, %v", back.Rights, err)
		}
		_, err = st.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Again", NewDate: "2026-05-10"})
		expect(t, err, backend.ECONFLICT, "", "only once, and every pending right was: access / right to know on 2 March 2026 to 1 April 2026 and correction on 6 April 2026 to 11 May 2026")
	})
	t.Run("no extension while the clock is stopped", func(t *testing.T) {
		// UK GDPR Art. 12A: while the practice waits for proof of identity the month has not
		// started, so there is no period to extend yet; an extension taken then would fall
		// before the month that starts once identity is confirmed, and refuse that step.
		st := newTestStore(t)
		uk := mustCreateRequest(t, st, reqInput("UK Wait", "uk.wait@example.com", backend.RegimeUKGDPR, "2026-02-27", backend.RightAccess))
		mustTransition(t, st, uk.Reference, backend.TransitionInput{Action: backend.ActionRequestIdentity})
		_, err := st.Transition(uk.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Complex request", NewDate: "2026-04-10"})
		expect(t, err, backend.ECONFLICT, "", "clock is stopped")
		st.Now = func() time.Time { return time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC) }
		got, err := st.RecordVerification(uk.Reference, backend.VerificationInput{Method: backend.VerifyInPerson, VerifiedBy: "Dana", Degree: backend.DegreeReasonable})
		if err != nil || got.Right(backend.RightAccess).DueDate().String() != "2026-04-20" {
			t.Fatalf("verification after the wait: %v, due %s", err, got.Right(backend.RightAccess).DueDate())
		}
	})
	t.Run("no pause after the extension", func(t *testing.T) {
		// The extension fixes a date; a clarification pause after it moved the month's end
		// past that date, and resuming the clock was then refused for good (the request
		// stayed paused, never due). The app keeps the extended date: no pause once extended.
		st := newTestStore(t)
		uk := mustCreateRequest(t, st, reqInput("UK Extended", "uk.extended@example.com", backend.RegimeUKGDPR, "2026-02-27", backend.RightAccess))
		mustTransition(t, st, uk.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Complex request", NewDate: "2026-04-10"})
		_, err := st.Transition(uk.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseClarification, Reason: "Which records?"})
		expect(t, err, backend.ECONFLICT, "", "extended")
	})
	t.Run("extension while waiting for proof of identity", func(t *testing.T) {
		// The CCPA's 45 days run while identity is checked (11 CCR 7021(b)): a requester slow
		// to send proof is the usual reason to extend, within the first 45 days.
		r := ccpa("Slow Proof", backend.RightAccess) // respond by 13 April, at most 28 May
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionRequestIdentity})
		got := mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Waiting for your proof of identity", NewDate: "2026-05-28"})
		if acc := got.Right(backend.RightAccess); got.Extension == nil || acc.DueDate().String() != "2026-05-28" {
			t.Errorf("extended while awaiting identity: extension %+v due %s", got.Extension, acc.DueDate())
		}
		// It still waits for proof: verification or "unable to verify" follow as before.
		if got.Status != backend.StatusAwaitingIdentity {
			t.Errorf("status %s, want awaiting-identity", got.Status)
		}
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionUnableToVerify})
	})
	t.Run("pauses follow UK GDPR and move the date", func(t *testing.T) {
		r := ccpa("No Pause", backend.RightAccess)
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseIdentity})
		expect(t, err, backend.ECONFLICT, "", "cannot be paused")
		uk := mustCreateRequest(t, s, reqInput("UK Pause", "uk@example.com", backend.RegimeUKGDPR, "2026-02-20", backend.RightAccess))
		before := uk.Right(backend.RightAccess).RespondBy // 20 March 2026, a Friday
		_, err = s.Transition(uk.Reference, backend.TransitionInput{Action: backend.ActionPause})
		expect(t, err, backend.EINVALID, "pauseKind", "")
		_, err = s.Transition(uk.Reference, backend.TransitionInput{Action: backend.ActionResume})
		expect(t, err, backend.ECONFLICT, "", "not paused")
		mustTransition(t, s, uk.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseClarification, On: "2026-02-24", Reason: "Which clinic?"})
		_, err = s.Transition(uk.Reference, backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseFee})
		expect(t, err, backend.ECONFLICT, "", "already paused")
		_, err = s.Transition(uk.Reference, backend.TransitionInput{Action: backend.ActionResume, On: "2026-02-23"})
		expect(t, err, backend.EINVALID, "on", "before it stopped")
		got := mustTransition(t, s, uk.Reference, backend.TransitionInput{Action: backend.ActionResume, On: "2026-03-01"})
		after := got.Right(backend.RightAccess).RespondBy
		// 24 February to 1 March, both counted: 6 days do not count.
		if before.String() != "2026-03-20" || after.String() != "2026-03-26" || len(got.Pauses) != 1 || got.Pauses[0].EndedOn.String() != "2026-03-01" {
			t.Errorf("respond by %s → %s, pauses %+v", before, after, got.Pauses)
		}
	})
	t.Run("identity verification restarts a UK GDPR clock waiting for identity", func(t *testing.T) {
		uk := mustCreateRequest(t, s, reqInput("UK Identity", "ukid@example.com", backend.RegimeUKGDPR, "2026-02-20", backend.RightAccess))
		// Asking for proof of identity on 21 February stops the clock by itself.
		now := s.Now
		s.Now = func() time.Time { return time.Date(2026, 2, 21, 15, 0, 0, 0, time.UTC) }
		asked := mustTransition(t, s, uk.Reference, backend.TransitionInput{Action: backend.ActionRequestIdentity})
		s.Now = now
		if len(asked.Pauses) != 1 || asked.Pauses[0].Kind != backend.PauseIdentity || asked.Pauses[0].StartedOn.String() != "2026-02-21" || !asked.NextDue.IsZero() {
			t.Fatalf("asking for identity: pauses %+v, next due %s", asked.Pauses, asked.NextDue)
		}
		got, err := s.RecordVerification(uk.Reference, backend.VerificationInput{Method: backend.VerifyIDDocument, VerifiedBy: "Dana",
			VerifiedOn: "2026-02-26", Degree: backend.DegreeReasonablyHigh})
		if err != nil {
			t.Fatal(err)
		}
		// The month runs from the day identity was confirmed: 26 March.
		if got.Status != backend.StatusVerified || got.Paused() || got.Right(backend.RightAccess).RespondBy.String() != "2026-03-26" {
			t.Errorf("status %s paused %v respond by %s", got.Status, got.Paused(), got.Right(backend.RightAccess).RespondBy)
		}
	})
	t.Run("verify needs a verification record", func(t *testing.T) {
		r := ccpa("Verify First", backend.RightAccess)
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionVerify})
		expect(t, err, backend.ECONFLICT, "", "Record how the identity was verified")
	})
	t.Run("vendor tasks block completion", func(t *testing.T) {
		r := ccpa("Vendor Wait", backend.RightAccess)
		addVerificationRow(t, s, r.Reference)
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
		saved := OpenVendorTasks
		defer func() { OpenVendorTasks = saved }()
		OpenVendorTasks = func(tx *gorm.DB, id int64, ref string) (int, error) {
			if ref == r.Reference {
				return 2, nil
			}
			return 0, nil
		}
		_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
		expect(t, err, backend.ECONFLICT, "", "2 vendor tasks are still open")
		OpenVendorTasks = saved
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
	})
	t.Run("an agent's request needs proof of authority", func(t *testing.T) {
		in := reqInput("Agent Client", "client@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess)
		in.SubmittedBy, in.Agent = backend.SubmittedByAgent, backend.Agent{Name: "Privacy Agents LLC", Email: "agent@example.com"}
		r := mustCreateRequest(t, s, in)
		_, err := s.RecordVerification(r.Reference, backend.VerificationInput{Method: backend.VerifyPhoneCallback, VerifiedBy: "Dana", Degree: backend.DegreeReasonable})
		expect(t, err, backend.EINVALID, "permissionAttachmentId", "7063")
		mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
		_, err = s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
		expect(t, err, backend.ECONFLICT, "", "signed permission")
		path := filepath.Join(t.TempDir(), "permission.pdf")
		os.WriteFile(path, []byte("%PDF-1.4\nsigned permission\n"), 0o600)
		a, err := s.AddRequestAttachment(r.Reference, path, "signed permission")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.RecordVerification(r.Reference, backend.VerificationInput{Method: backend.VerifyPhoneCallback, VerifiedBy: "Dana",
			Degree: backend.DegreeReasonable, PermissionAttachmentID: a.ID, RequesterConfirmed: true})
		if err != nil {
			t.Fatal(err)
		}
		if !got.ProofOfAuthority || !got.RequesterConfirmed || got.Verification.PermissionAttachmentID != a.ID || got.Status != backend.StatusVerified {
			t.Errorf("after verification: %+v", got)
		}
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
	})
	t.Run("a personal representative or guardian needs proof of authority", func(t *testing.T) {
		// 45 CFR 164.514(h)(1)(i): verify the identity of the person asking and their
		// authority to have the PHI; a records copy granted to someone claiming to be the
		// patient's representative, with nothing to show it, is a disclosure to a stranger.
		for _, by := range []backend.SubmittedBy{backend.SubmittedByPersonalRepresentative, backend.SubmittedByGuardian} {
			in := reqInput("Represented "+string(by), string(by)+"@example.com", backend.RegimeHIPAA, "2026-02-27", backend.RightAccess)
			in.SubmittedBy, in.Agent = by, backend.Agent{Name: "Sam Rivera", Relationship: "Health care power of attorney"}
			r := mustCreateRequest(t, s, in)
			addVerificationRow(t, s, r.Reference)
			mustOutcome(t, s, r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
			_, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
			expect(t, err, backend.ECONFLICT, "", "proof of")
			in.ProofOfAuthority = true
			if _, err := s.UpdateRequest(r.Reference, in); err != nil {
				t.Fatal(err)
			}
			mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."})
		}
	})
	t.Run("verification input is checked field by field", func(t *testing.T) {
		r := ccpa("Verify Fields", backend.RightAccess)
		for _, c := range []struct {
			in    backend.VerificationInput
			field string
		}{
			{backend.VerificationInput{VerifiedBy: "Dana", Degree: backend.DegreeReasonable}, "method"},
			{backend.VerificationInput{Method: backend.VerifyInPerson, Degree: backend.DegreeReasonable}, "verifiedBy"},
			{backend.VerificationInput{Method: backend.VerifyInPerson, VerifiedBy: "Dana"}, "degree"},
			{backend.VerificationInput{Method: backend.VerifyInPerson, VerifiedBy: "Dana", Degree: backend.DegreeReasonable, VerifiedOn: "2026-03-09"}, "verifiedOn"},
			{backend.VerificationInput{Method: backend.VerifyInPerson, VerifiedBy: "Dana", Degree: backend.DegreeReasonable, VerifiedOn: "2026-02-01"}, "verifiedOn"},
		} {
			_, err := s.RecordVerification(r.Reference, c.in)
			expect(t, err, backend.EINVALID, c.field, "")
		}
	})
	t.Run("a closed request no longer changes", func(t *testing.T) {
		r := ccpa("Closed One", backend.RightAccess)
		mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionWithdraw, Note: "Phoned to withdraw."})
		_, err := s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted})
		expect(t, err, backend.ECONFLICT, "", "withdrawn")
		_, err = s.RecordVerification(r.Reference, backend.VerificationInput{Method: backend.VerifyInPerson, VerifiedBy: "Dana", Degree: backend.DegreeReasonable})
		expect(t, err, backend.ECONFLICT, "", "withdrawn")
		// A note may still be added to the timeline.
		if _, err := s.AddNote(r.Reference, "Requester asked for a copy of the withdrawal."); err != nil {
			t.Fatal(err)
		}
		d, err := s.RequestDetail(r.Reference)
		if err != nil || len(d.Allowed) != 0 || len(d.Actions) != 0 || d.Events[len(d.Events)-1].Kind != backend.EventNote {
			t.Errorf("detail of a closed request: %+v, %v", d, err)
		}
	})
}

// TestRequestDetail checks the screen's data: rights with deadlines, timeline, files,
// verification and the actions with blocked reasons.
func TestRequestDetail(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Detail Person", "detail@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess, backend.RightDeletion))
	mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionAcknowledge, Note: "Sent acknowledgment email."})
	if _, err := s.RecordVerification(r.Reference, backend.VerificationInput{Method: backend.VerifyDataOnFile, VerifiedBy: "Dana", Degree: backend.DegreeReasonable, Notes: "DOB and address match"}); err != nil {
		t.Fatal(err)
	}
	d, err := s.RequestDetail(r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if d.Request.Status != backend.StatusVerified || d.Request.Verification == nil || len(d.Verifications) != 1 || d.Today.String() != "2026-03-02" {
		t.Errorf("detail = %+v", d)
	}
	kinds := []backend.EventKind{}
	for _, e := range d.Events {
		kinds = append(kinds, e.Kind)
	}
	if fmt.Sprint(kinds) != "[created transition verification]" {
		t.Errorf("timeline kinds = %v", kinds)
	}
	var complete *backend.ActionInfo
	for i := range d.Actions {
		if d.Actions[i].Action == backend.ActionComplete {
			complete = &d.Actions[i]
		}
	}
	if complete == nil || complete.Allowed || !strings.Contains(complete.Reason, "outcome") {
		t.Errorf("complete action = %+v", complete)
	}
	if !hasItem(d.Allowed, backend.ActionStart) || hasItem(d.Allowed, backend.ActionComplete) || d.Retention.Months != 24 {
		t.Errorf("allowed = %v retention %+v", d.Allowed, d.Retention)
	}
}
