package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

func requestDesk(t *testing.T) (*RequestService, *storage.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := storage.Open(testpg.Location(t, filepath.Join(dir, "pd.db")))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC) }
	st.Actor = backend.Actor{OSUser: "frontdesk", Staff: "Dana"}
	t.Cleanup(func() { st.Close() })
	s := &RequestService{}
	s.startup(nil, &desk{store: st, dataDir: dir, account: testAdmin})
	return s, st
}

func intake() backend.RequestInput {
	return backend.RequestInput{Requester: backend.Person{Name: "Nguyễn Thị Lan", Email: "lan@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-02-27", ReceivedTime: "09:00", Regime: backend.RegimeCCPA,
		Rights: []backend.Right{backend.RightAccess}}
}

// TestRequestServiceFlow walks a request from intake to completion through the bound
// service: a bad email is refused on its field, fixed, the identity verified, the
// request completed, and the timeline shows every step.
func TestRequestServiceFlow(t *testing.T) {
	s, _ := requestDesk(t)
	in := intake()
	in.Requester.Email = "lan@example"
	_, err := s.Create(in)
	if b := uiErr(t, err); b.Code != "invalid" || b.Field != "requester.email" || !strings.Contains(b.Message, "lan@example") {
		t.Fatalf("bad email: %+v", b)
	}
	in.Requester.Email = "lan@example.com"
	d, err := s.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	ref := d.Request.Reference
	if ref != "PR-2026-0001" || !hasAction(d.Allowed, backend.ActionRequestIdentity) || d.Request.Rights[0].RespondBy.String() != "2026-04-13" {
		t.Errorf("created: %s %v %+v", ref, d.Allowed, d.Request.Rights)
	}
	if _, err := s.Transition(ref, backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."}); uiErr(t, err).Code != "conflict" {
		t.Errorf("completing too early: %v", err)
	}
	d, err = s.RecordVerification(ref, backend.VerificationInput{Method: backend.VerifyDataOnFile, VerifiedBy: "Dana", Degree: backend.DegreeReasonable})
	if err != nil || d.Request.Status != backend.StatusVerified {
		t.Fatalf("verify: %v %s", err, d.Request.Status)
	}
	if _, err := s.SetOutcome(ref, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeDenied}); uiErr(t, err).Field != "denialReason" {
		t.Errorf("denial without reason: %v", err)
	}
	if d, err = s.SetOutcome(ref, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(ref, backend.TransitionInput{Action: backend.ActionComplete}); uiErr(t, err).Field != "noLetterReason" {
		t.Errorf("completed with no response letter sent and no reason: %v", err)
	}
	if d, err = s.Transition(ref, backend.TransitionInput{Action: backend.ActionComplete, Note: "Records sent by secure email.", NoLetterReason: "Sent by secure email from the EHR."}); err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, e := range d.Events {
		steps = append(steps, string(e.Kind))
	}
	if d.Request.Status != backend.StatusCompleted || strings.Join(steps, ",") != "created,verification,outcome,transition" || len(d.Allowed) != 0 {
		t.Errorf("completed: %s %v %v", d.Request.Status, steps, d.Allowed)
	}
	audit, err := s.Audit(ref)
	if err != nil || len(audit) != 4 || audit[0].Action != "create" || audit[3].Action != "transition" {
		t.Errorf("audit: %+v %v", audit, err)
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK || rep.Count != 4 {
		t.Errorf("verify audit: %+v %v", rep, err)
	}
	page, err := s.AuditTrail(backend.AuditFilter{Action: "transition"})
	if err != nil || page.Total != 1 {
		t.Errorf("trail: %+v %v", page, err)
	}
}

func hasAction(list []backend.Action, a backend.Action) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

func TestRequestServiceListEditAndFiles(t *testing.T) {
	s, _ := requestDesk(t)
	d, err := s.Create(intake())
	if err != nil {
		t.Fatal(err)
	}
	ref := d.Request.Reference
	dups, err := s.Duplicates(backend.RequestInput{Requester: backend.Person{Name: "Someone", Email: "LAN@example.com"}}, "")
	if err != nil || len(dups) != 1 || dups[0].Reference != ref {
		t.Errorf("duplicates: %+v %v", dups, err)
	}
	in, err := s.EditInput(ref)
	if err != nil || in.ReceivedTime != "09:00" || in.Requester.Name != "Nguyễn Thị Lan" {
		t.Fatalf("edit input: %+v %v", in, err)
	}
	in.Notes = "Prefers email."
	if d, err = s.Update(ref, in); err != nil || d.Request.Notes != "Prefers email." {
		t.Fatalf("update: %v", err)
	}
	// The form after a save holds the saved request's version (a stale one is refused
	// before anything else: casework.TestStaleEditIsRefusedWithTheOtherChange).
	if in, err = s.EditInput(ref); err != nil {
		t.Fatal(err)
	}
	in.ReceivedDate = "2026-03-05"
	if _, err := s.Update(ref, in); uiErr(t, err).Field != "receivedDate" {
		t.Errorf("future received date: %v", err)
	}
	page, err := s.List(backend.RequestFilter{Search: "nguyen", Sort: backend.SortDue})
	if err != nil || page.Total != 1 || page.Items[0].Reference != ref {
		t.Errorf("list: %+v %v", page, err)
	}
	if _, err := s.List(backend.RequestFilter{Sort: "shoe size"}); uiErr(t, err).Field != "sort" {
		t.Errorf("bad sort: %v", err)
	}
	src := filepath.Join(t.TempDir(), "letter.pdf")
	os.WriteFile(src, []byte("%PDF-1.4\nletter"), 0o600)
	cw, ctx, err := s.d.casework()
	if err != nil {
		t.Fatal(err)
	}
	if _, d, err = cw.Attach(ctx, ref, src, "request letter"); err != nil || len(d.Attachments) != 1 || d.Attachments[0].Kind != "request letter" {
		t.Fatalf("attach: %+v %v", d.Attachments, err)
	}
	if _, _, err := cw.Attach(ctx, ref, src+".missing", ""); backend.ErrorField(err) != "file" {
		t.Errorf("missing file: %v", err)
	}
	// Dialog methods need the window; without it they say so instead of crashing.
	if _, err := s.ChooseAndAttach(ref, ""); uiErr(t, err).Code != "internal" {
		t.Errorf("no window: %v", err)
	}
	// Filters are remembered between starts, paging and the search text aside.
	f := backend.RequestFilter{Search: "lan", Status: []backend.Status{backend.StatusReceived}, Sort: backend.SortDue, Offset: 300, Limit: 50}
	if _, err := s.RememberFilter(f); err != nil {
		t.Fatal(err)
	}
	got, err := s.LastFilter()
	if err != nil || got.Search != "" || got.Offset != 0 || got.Limit != 50 || got.Sort != backend.SortDue || len(got.Status) != 1 {
		t.Errorf("last filter: %+v %v", got, err)
	}
	if _, err := s.PurgePreview("2026-13-01"); uiErr(t, err).Field != "asOf" {
		t.Errorf("bad purge date: %v", err)
	}
	if p, err := s.PurgePreview("2026-03-01"); err != nil || len(p.Items) != 0 {
		t.Errorf("purge preview: %+v %v", p, err)
	}
}

func TestRequestServiceOptions(t *testing.T) {
	s, _ := requestDesk(t)
	o, err := s.Options()
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Regimes) != len(backend.Regimes) || len(o.Statuses) != len(backend.Statuses) || len(o.Actions) != len(backend.Actions) ||
		len(o.DenialReasons) != len(backend.DenialReasons) || len(o.Channels) != 6 || len(o.VerificationMethods) != 5 || len(o.DueWindows) != len(backend.DueWindows) {
		t.Errorf("options: %+v", o)
	}
	b, _ := json.Marshal(o)
	for _, want := range []string{`{"value":"hipaa","label":"HIPAA","rights":[{"value":"access"`, `{"value":"unable-to-verify","label":"Unable to verify","closed":true}`,
		`"limits":{"name":200,"notes":100000`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("options JSON lacks %s", want)
		}
	}
	for _, r := range o.Regimes {
		if (r.Note != "") != backend.Regime(r.Value).IsUSState() {
			t.Errorf("%s note %q", r.Value, r.Note)
		}
	}
}
