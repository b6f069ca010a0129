package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"privacydesk/backend"
)

// taskFixture is a store (clock 2026-03-02) with a data map, four vendors and one open
// deletion request received on 2026-02-20.
type taskFixture struct {
	s                     *Store
	hb, stripe, dd, ended backend.Vendor
	ref                   string
}

func newTaskFixture(t *testing.T, rights ...backend.Right) taskFixture {
	t.Helper()
	s := newTestStore(t)
	f := taskFixture{s: s}
	mk := func(v backend.Vendor) backend.Vendor {
		out, err := s.CreateVendor(v)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	f.hb = mk(backend.Vendor{Name: "Healthcare Blocks", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-01-01"),
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
	addVerificationRow(t, s, f.ref) // granted deletion waits for identity (11 CCR 7060)
	return f
}

func (f taskFixture) transition(t *testing.T, a backend.Action) (backend.Request, error) {
	t.Helper()
	return f.s.Transition(f.ref, backend.TransitionInput{Action: a, Note: "test", NoLetterReason: "Answered by phone."})
}

func taskVendors(p backend.RequestVendorTasks) []string {
	var out []string
	for _, t := range p.Tasks {
		out = append(out, t.VendorName+":"+string(t.Status))
	}
	return out
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDeletionReachesEveryVendor is the deletion flow of
// docs/legal.md#passing-requests-to-vendors: a deletion going in progress proposes
// a task for each current vendor holding the data, and the request cannot be completed
// until each is confirmed or waived.
func TestDeletionReachesEveryVendor(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	p, err := s.ListVendorTasks(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	if p.Proposed || len(p.Tasks) != 0 || !reflect.DeepEqual(p.Rights, []backend.Right{backend.RightDeletion}) {
		t.Fatalf("before work starts: %+v", p)
	}
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	p, err = s.ListVendorTasks(strings.ToLower(f.ref))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taskVendors(p), []string{"Healthcare Blocks:to-notify", "Stripe:to-notify"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("proposed %v, want %v", got, want)
	}
	if !p.Proposed || p.Open != 2 || len(p.Addable) != 2 {
		t.Errorf("panel: proposed %v, open %d, addable %+v", p.Proposed, p.Open, p.Addable)
	}
	if hb := p.Tasks[0]; !reflect.DeepEqual(hb.Categories, []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataHealth}) || hb.RequestRef != f.ref {
		t.Errorf("Healthcare Blocks task: %+v", hb)
	}
	// Staff add Datadog, then remove it again (nobody told it anything yet).
	dd, err := s.AddVendorTask(f.ref, f.dd.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddVendorTask(f.ref, f.dd.ID); backend.ErrorField(err) != "vendorId" {
		t.Errorf("second task for Datadog: %v", err)
	}
	if err := s.RemoveVendorTask(dd.ID); err != nil {
		t.Fatal(err)
	}
	// Complete is refused while tasks are open.
	if _, err := s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordDeletionConfirmation(f.ref, backend.DeletionConfirmationInput{Channel: backend.ChannelEmail, Note: "Confirmed by reply"}); err != nil {
		t.Fatal(err)
	}
	r, err := f.transition(t, backend.ActionComplete)
	if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "vendor task") {
		t.Fatalf("complete with open tasks: %v (%s)", err, r.Status)
	}
	// Healthcare Blocks: told by email, confirms with an attached file.
	hb := p.Tasks[0]
	if _, err := s.UpdateVendorTask(hb.ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-02-25"), NotifiedVia: backend.NotifyEmail, NotifiedNote: "privacy@healthcareblocks.com",
		ConfirmedOn: vdate("2026-03-01")}); backend.ErrorField(err) != "confirmationNote" {
		t.Fatalf("confirmation without proof: %v", err)
	}
	if _, err := s.UpdateVendorTask(hb.ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-02-25"), NotifiedVia: backend.NotifyEmail}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveVendorTask(hb.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("removing a notified task: %v", err)
	}
	got, err := s.AttachVendorTaskConfirmation(hb.ID, writeFile(t, "deletion-confirmation.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Confirmation == nil || got.Confirmation.Type != "application/pdf" || got.Confirmation.Name != "deletion-confirmation.pdf" {
		t.Errorf("confirmation file: %+v", got.Confirmation)
	}
	got, err = s.UpdateVendorTask(hb.ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-02-25"), NotifiedVia: backend.NotifyEmail, ConfirmedOn: vdate("2026-03-01")})
	if err != nil || got.Status != backend.TaskConfirmed {
		t.Fatalf("confirm: %+v %v", got.Status, err)
	}
	if _, err := s.SetVendorTaskLetter(hb.ID, 42); err != nil {
		t.Fatal(err)
	}
	if _, err := f.transition(t, backend.ActionComplete); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("complete with Stripe open: %v", err)
	}
	// Stripe: waived with a reason.
	if _, err := s.UpdateVendorTask(p.Tasks[1].ID, backend.VendorTaskUpdate{WaivedReason: "Payment records must be kept for tax law"}); err != nil {
		t.Fatal(err)
	}
	r, err = f.transition(t, backend.ActionComplete)
	if err != nil || r.Status != backend.StatusCompleted {
		t.Fatalf("complete with every task closed: %v %s", err, r.Status)
	}
	// Closed: no more adding or removing.
	if _, err := s.AddVendorTask(f.ref, f.dd.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("adding to a closed request: %v", err)
	}
	// The timeline, the audit trail and the vendor's history tell the story.
	events, err := s.RequestEvents(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	var timeline []string
	for _, e := range events {
		if e.Kind == backend.EventVendorTask {
			timeline = append(timeline, e.Summary)
		}
	}
	for _, want := range []string{"Vendor task proposed: Healthcare Blocks", "Vendor task added: Datadog", "Vendor task removed: Datadog",
		"Vendor task Healthcare Blocks: told on 25 February 2026 by email", "confirmation attached: deletion-confirmation.pdf",
		"Vendor task Healthcare Blocks: confirmed on 1 March 2026", "Direction letter to Healthcare Blocks linked",
		"Vendor task Stripe: waived: Payment records must be kept for tax law"} {
		if !containsPrefix(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, strings.Join(timeline, "\n"))
		}
	}
	h, err := s.VendorHistory(f.hb.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range h {
		actions = append(actions, e.Entity+":"+e.Action)
	}
	// (The data map listed the categories it already had: no data-categories event.)
	want := []string{"vendor-task:letter", "vendor-task:update", "vendor-task:attach-confirmation", "vendor-task:update", "vendor-task:create",
		"vendor:create"}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("Healthcare Blocks history %v, want %v", actions, want)
	}
	if tasks, _ := s.ListVendorTasksOfVendor(f.hb.ID); len(tasks) != 1 || tasks[0].LetterID != 42 {
		t.Errorf("tasks of Healthcare Blocks: %+v", tasks)
	}
	// A vendor with tasks is proof and cannot be deleted.
	if err := s.DeleteVendor(f.hb.ID); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "1 request task records what it was told") {
		t.Errorf("deleting a vendor with tasks: %v", err)
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}

func containsPrefix(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestCompletingWithoutStartingStillPassesOn: a deletion completed straight from
// "received" never went in progress, so its tasks were never proposed. It is blocked
// until they are, and staff removing every proposed vendor is a decision that counts.
func TestCompletingWithoutStartingStillPassesOn(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	if _, err := s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordDeletionConfirmation(f.ref, backend.DeletionConfirmationInput{Channel: backend.ChannelEmail}); err != nil {
		t.Fatal(err)
	}
	r, err := s.GetRequest(f.ref)
	if err != nil || r.OpenVendorTasks != 2 {
		t.Fatalf("open vendor tasks before proposal: %d %v", r.OpenVendorTasks, err)
	}
	if _, err := f.transition(t, backend.ActionComplete); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("complete before the proposal: %v", err)
	}
	p, err := s.ProposeVendorTasks(f.ref)
	if err != nil || len(p.Tasks) != 2 {
		t.Fatalf("propose: %+v %v", p, err)
	}
	for _, task := range p.Tasks {
		if err := s.RemoveVendorTask(task.ID); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := f.transition(t, backend.ActionComplete); err != nil || r.Status != backend.StatusCompleted {
		t.Fatalf("complete after every vendor was removed: %v", err)
	}
}

func TestRequestsNotPassedOn(t *testing.T) {
	f := newTaskFixture(t, backend.RightAccess, backend.RightPortability)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	p, err := f.s.ListVendorTasks(f.ref)
	if err != nil || len(p.Tasks) != 0 || p.Proposed || len(p.Rights) != 0 {
		t.Fatalf("access request: %+v %v", p, err)
	}
	if _, err := f.s.ProposeVendorTasks(f.ref); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("proposing for an access request: %v", err)
	}
	if _, err := f.s.AddVendorTask(f.ref, f.hb.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("adding to an access request: %v", err)
	}
	if _, err := f.s.ListVendorTasks("PR-1999-0001"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("unknown request: %v", err)
	}
}

func TestVendorBAADocument(t *testing.T) {
	s := newTestStore(t)
	v, err := s.CreateVendor(backend.Vendor{Name: "OpenAI", PHIAccess: backend.PHILimited, BAAStatus: backend.BAAPending})
	if err != nil {
		t.Fatal(err)
	}
	pdf := writeFile(t, "OpenAI BAA (signed).pdf", "%PDF-1.7\n%signed\n")
	got, err := s.AttachVendorBAA(v.ID, pdf)
	if err != nil {
		t.Fatal(err)
	}
	d := got.BAADocument
	if d == nil || d.Type != "application/pdf" || got.BAADocumentNotPDF || len(d.SHA256) != 64 || d.Name != "OpenAI BAA (signed).pdf" || d.AttachedBy != "Dana" {
		t.Fatalf("attached: %+v notPDF=%v", d, got.BAADocumentNotPDF)
	}
	if _, found, err := blobData(s.db, d.SHA256); !found || err != nil {
		t.Errorf("blob not stored under its hash: %v", err)
	}
	// Saving the vendor keeps the document.
	got.BAAStatus, got.BAASignedOn = backend.BAASigned, vdate("2026-02-01")
	saved, err := s.UpdateVendor(got)
	if err != nil || saved.BAADocument == nil || saved.BAADocument.SHA256 != d.SHA256 {
		t.Fatalf("document lost on update: %+v %v", saved.BAADocument, err)
	}
	// Signed, the red alert is gone; the clauses are still to be checked.
	if a, _ := s.VendorAlerts(vdate("2026-03-02")); len(a) != 1 || a[0].Kind != backend.AlertChecklistIncomplete {
		t.Errorf("alerts with a signed BAA: %+v", a)
	}
	// A photo of the signature page is kept, but flagged.
	png := writeFile(t, "baa.pdf", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	got, err = s.AttachVendorBAA(v.ID, png)
	if err != nil {
		t.Fatal(err)
	}
	if !got.BAADocumentNotPDF || got.BAADocument.Type != "image/png" {
		t.Errorf("non-PDF not flagged: %+v %v", got.BAADocument, got.BAADocumentNotPDF)
	}
	if all, _ := s.VendorAttachments(v.ID); len(all) != 2 {
		t.Errorf("%d vendor attachments, want both versions", len(all))
	}
	if _, err := s.AttachVendorBAA(v.ID, filepath.Join(t.TempDir(), "missing.pdf")); backend.ErrorField(err) != "file" {
		t.Errorf("missing file: %v", err)
	}
	got, err = s.RemoveVendorBAA(v.ID)
	if err != nil || got.BAADocument != nil {
		t.Fatalf("remove: %+v %v", got.BAADocument, err)
	}
	if _, err := s.RemoveVendorBAA(v.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("second remove: %v", err)
	}
	h, _ := s.VendorHistory(v.ID)
	if len(h) != 5 || h[0].Action != "remove-baa" || h[3].Action != "attach-baa" {
		var a []string
		for _, e := range h {
			a = append(a, e.Action)
		}
		t.Errorf("history %v", a)
	}
}

// TestVendorOfACategoryNotCollectedIsTold: a vendor the register lists as receiving
// only a category the data map says the practice does not collect still gets a task
// when a deletion goes in progress (the register says it holds the data; the map's
// warning asks staff to settle the disagreement), with the register's category.
func TestVendorOfACategoryNotCollectedIsTold(t *testing.T) {
	f := newTaskFixture(t)
	maps, err := f.s.CreateVendor(backend.Vendor{Name: "Maps", BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptNoPHI,
		DataCategories: []backend.DataCategoryKey{backend.DataGeolocation}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	p, err := f.s.ListVendorTasks(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taskVendors(p), []string{"Healthcare Blocks:to-notify", "Maps:to-notify", "Stripe:to-notify"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("tasks %v, want %v", got, want)
	}
	if m := p.Tasks[1]; m.VendorID != maps.ID || fmt.Sprint(m.Categories) != "[geolocation]" {
		t.Errorf("Maps' task: %+v", m)
	}
	// Stripe's commercial information is not in the map either; its identifiers are: it
	// is told about those.
	if st := p.Tasks[2]; fmt.Sprint(st.Categories) != "[identifiers]" {
		t.Errorf("Stripe's task categories %v", st.Categories)
	}
}

// TestLimitReachesTheVendors: a limit on the use of sensitive data is passed to the
// vendors the data went to (11 CCR 7027(g)), as docs/legal.md#passing-requests-to-vendors
// says and as the direction letter already allowed: its tasks are proposed when work
// starts, and they hold the request open.
func TestLimitReachesTheVendors(t *testing.T) {
	f := newTaskFixture(t, backend.RightLimitSensitive)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	p, err := f.s.ListVendorTasks(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taskVendors(p), []string{"Healthcare Blocks:to-notify", "Stripe:to-notify"}; !reflect.DeepEqual(got, want) {
		t.Errorf("tasks %v, want %v", got, want)
	}
	if r, err := f.s.GetRequest(f.ref); err != nil || r.OpenVendorTasks != 2 {
		t.Errorf("open vendor tasks %d %v, want 2", r.OpenVendorTasks, err)
	}
}

// TestClosedRequestKeepsItsVendorProof: once a request is completed, the confirmation or
// waiver that let it close cannot be cleared: the completed request would otherwise show
// a vendor that was never confirmed.
func TestClosedRequestKeepsItsVendorProof(t *testing.T) {
	f, p := grantedDeletionWithTasks(t)
	s := f.s
	confirmed := backend.VendorTaskUpdate{NotifiedOn: vdate("2026-02-25"), NotifiedVia: backend.NotifyEmail,
		ConfirmedOn: vdate("2026-03-01"), ConfirmationNote: "Confirmed by email"}
	if _, err := s.UpdateVendorTask(p.Tasks[0].ID, confirmed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateVendorTask(p.Tasks[1].ID, backend.VendorTaskUpdate{WaivedReason: "Tax records"}); err != nil {
		t.Fatal(err)
	}
	if r, err := f.transition(t, backend.ActionComplete); err != nil || r.Status != backend.StatusCompleted {
		t.Fatalf("complete: %v", err)
	}
	for i, u := range []backend.VendorTaskUpdate{{NotifiedOn: vdate("2026-02-25"), NotifiedVia: backend.NotifyEmail}, {}} {
		if _, err := s.UpdateVendorTask(p.Tasks[i].ID, u); backend.ErrorCode(err) != backend.ECONFLICT {
			t.Errorf("task %d of a completed request reopened: %v", i, err)
		}
	}
	if r, err := s.GetRequest(f.ref); err != nil || r.OpenVendorTasks != 0 {
		t.Errorf("completed request has %d open vendor tasks (%v)", r.OpenVendorTasks, err)
	}
	// A note can still be added to the record (a ticket number found later).
	confirmed.NotifiedNote = "Ticket 4411"
	if _, err := s.UpdateVendorTask(p.Tasks[0].ID, confirmed); err != nil {
		t.Errorf("adding a note to a closed request's task: %v", err)
	}
}

// TestVendorAddedAfterTheProposalIsNotForgotten: a vendor that comes to hold the data
// after the tasks were proposed (added to the register later, or given a category
// later) holds the request open like an open task, and the panel names it, until it
// has a task; a vendor staff removed from the request stays out.
func TestVendorAddedAfterTheProposalIsNotForgotten(t *testing.T) {
	f, p := grantedDeletionWithTasks(t)
	s := f.s
	// Stripe is removed on purpose; Healthcare Blocks confirms.
	if err := s.RemoveVendorTask(p.Tasks[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateVendorTask(p.Tasks[0].ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-02-25"), NotifiedVia: backend.NotifyEmail,
		ConfirmedOn: vdate("2026-03-01"), ConfirmationNote: "Confirmed by email"}); err != nil {
		t.Fatal(err)
	}
	// Then the new telehealth vendor is registered, and Datadog turns out to keep identifiers.
	tele, err := s.CreateVendor(backend.Vendor{Name: "Doxy", PHIAccess: backend.PHIFull, BAAStatus: backend.BAAPending,
		DataCategories: []backend.DataCategoryKey{backend.DataHealth}})
	if err != nil {
		t.Fatal(err)
	}
	dd := f.dd
	dd.DataCategories = []backend.DataCategoryKey{backend.DataIdentifiers}
	if _, err := s.UpdateVendor(dd); err != nil {
		t.Fatal(err)
	}
	r, err := s.GetRequest(f.ref)
	if err != nil || r.OpenVendorTasks != 2 {
		t.Errorf("open vendor tasks %d %v, want 2 (Datadog and Doxy)", r.OpenVendorTasks, err)
	}
	if _, err := f.transition(t, backend.ActionComplete); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("completed without telling the vendors added after the proposal: %v", err)
	}
	p, err = s.ListVendorTasks(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(p.Missing); got != fmt.Sprintf("[{%d Datadog} {%d Doxy}]", f.dd.ID, tele.ID) || p.Open != 0 {
		t.Errorf("panel: missing %s, open %d", got, p.Open)
	}
	// Proposing again gives both a task (and Stripe, removed earlier, comes back too:
	// that is what the button does); waiving all three lets the request close.
	p, err = s.ProposeVendorTasks(f.ref)
	if err != nil || len(p.Missing) != 0 {
		t.Fatalf("propose again: %+v %v", p, err)
	}
	for _, task := range p.Tasks {
		if task.Open() {
			if _, err := s.UpdateVendorTask(task.ID, backend.VendorTaskUpdate{WaivedReason: "Holds no data of this person"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if r, err := f.transition(t, backend.ActionComplete); err != nil || r.Status != backend.StatusCompleted {
		t.Fatalf("complete with every vendor reached: %v", err)
	}
}

// TestTaskRightsFollowTheRequestUntilTheVendorIsTold: a right added to the request, or
// one denied, after its tasks were proposed changes what a vendor not yet told is to be
// directed to do (the direction letter names the task's rights); a vendor already told
// keeps what it was told.
func TestTaskRightsFollowTheRequestUntilTheVendorIsTold(t *testing.T) {
	f := newTaskFixture(t, backend.RightOptOut)
	s := f.s
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	r, err := s.GetRequest(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	in := backend.RequestInput{Requester: r.Requester, Channel: r.Channel, ReceivedDate: r.ReceivedDate.String(), Regime: r.Regime,
		Rights: []backend.Right{backend.RightOptOut, backend.RightDeletion}}
	if _, err := s.UpdateRequest(f.ref, in); err != nil {
		t.Fatal(err)
	}
	rights := func() string {
		t.Helper()
		p, err := s.ListVendorTasks(f.ref)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, task := range p.Tasks {
			out = append(out, fmt.Sprintf("%s:%v", task.VendorName, task.Rights))
		}
		return strings.Join(out, " ")
	}
	if got, want := rights(), "Healthcare Blocks:[opt-out deletion] Stripe:[opt-out deletion]"; got != want {
		t.Errorf("after deletion was added: %s, want %s", got, want)
	}
	p, _ := s.ListVendorTasks(f.ref)
	if _, err := s.UpdateVendorTask(p.Tasks[0].ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-03-02"), NotifiedVia: backend.NotifyEmail}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeDenied,
		DenialReason: backend.DenialExemption, Exemption: "Cal. Civ. Code 1798.105(d)(8)", DenialText: "Records kept under state law"}); err != nil {
		t.Fatal(err)
	}
	if got, want := rights(), "Healthcare Blocks:[opt-out deletion] Stripe:[opt-out]"; got != want {
		t.Errorf("after deletion was denied: %s, want %s", got, want)
	}
}

// correctionToldThenDeletionAdded is a correction whose tasks were proposed, Healthcare
// Blocks told and confirmed (with its file), Stripe told but not yet confirmed, to
// which the requester then added a deletion. It returns the panel's tasks by vendor
// (Healthcare Blocks, Stripe).
func correctionToldThenDeletionAdded(t *testing.T) (taskFixture, backend.VendorTask, backend.VendorTask) {
	t.Helper()
	f := newTaskFixture(t, backend.RightCorrection)
	s := f.s
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	p, err := s.ListVendorTasks(f.ref)
	if err != nil || len(p.Tasks) != 2 {
		t.Fatalf("tasks %+v %v", p.Tasks, err)
	}
	hb, stripe := p.Tasks[0], p.Tasks[1]
	if _, err := s.AttachVendorTaskConfirmation(hb.ID, writeFile(t, "corrected.pdf", "%PDF-1.4 corrected")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateVendorTask(hb.ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-02-25"), NotifiedVia: backend.NotifyEmail,
		ConfirmedOn: vdate("2026-03-01"), ConfirmationNote: "Corrected"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateVendorTask(stripe.ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-02-26"), NotifiedVia: backend.NotifyPortal,
		NotifiedNote: "Ticket 88"}); err != nil {
		t.Fatal(err)
	}
	r, err := s.GetRequest(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	in := backend.RequestInput{Requester: r.Requester, Channel: r.Channel, ReceivedDate: r.ReceivedDate.String(), Regime: r.Regime,
		Rights: []backend.Right{backend.RightCorrection, backend.RightDeletion}}
	if _, err := s.UpdateRequest(f.ref, in); err != nil {
		t.Fatal(err)
	}
	if hb, err = s.GetVendorTask(hb.ID); err != nil {
		t.Fatal(err)
	}
	if stripe, err = s.GetVendorTask(stripe.ID); err != nil {
		t.Fatal(err)
	}
	return f, hb, stripe
}

// TestAddedRightReachesAVendorAlreadyTold: a right added to a request after a vendor
// was told is passed on to it too, to be told and confirmed on its own: the confirmed
// vendor is now to be directed to delete, the vendor told but not yet confirmed to
// correct and delete, and the request holds open until both confirm.
func TestAddedRightReachesAVendorAlreadyTold(t *testing.T) {
	f, hb, stripe := correctionToldThenDeletionAdded(t)
	for _, c := range []struct {
		task   backend.VendorTask
		rights string
	}{{hb, "[deletion]"}, {stripe, "[correction deletion]"}} {
		if got := fmt.Sprint(c.task.Rights); got != c.rights || c.task.Status != backend.TaskToNotify {
			t.Errorf("%s: %s %s, want %s to-notify", c.task.VendorName, got, c.task.Status, c.rights)
		}
	}
	if r, err := f.s.GetRequest(f.ref); err != nil || r.OpenVendorTasks != 2 {
		t.Errorf("open vendor tasks %d %v, want 2", r.OpenVendorTasks, err)
	}
}

// TestEarlierRoundKeepsItsConfirmation: the round a vendor was told in is kept as it was
// when a right added later starts the next one (the confirmation, its file and note),
// recording the new round leaves it alone, and a new round nobody acted on gives way to
// the one before when the added right is denied.
func TestEarlierRoundKeepsItsConfirmation(t *testing.T) {
	f, hb, stripe := correctionToldThenDeletionAdded(t)
	s := f.s
	if len(hb.Earlier) != 1 || len(stripe.Earlier) != 1 {
		t.Fatalf("earlier rounds: %+v, %+v", hb.Earlier, stripe.Earlier)
	}
	e := hb.Earlier[0]
	if fmt.Sprint(e.Rights) != "[correction]" || e.NotifiedOn != vdate("2026-02-25") || e.ConfirmedOn != vdate("2026-03-01") ||
		e.ConfirmationNote != "Corrected" || e.Confirmation == nil || e.Confirmation.Name != "corrected.pdf" || e.CarriedOn {
		t.Errorf("Healthcare Blocks' earlier round: %+v", e)
	}
	if hb.Confirmation != nil || !hb.ConfirmedOn.IsZero() || !hb.NotifiedOn.IsZero() {
		t.Errorf("the new round starts with the old one's facts: %+v", hb)
	}
	if e := stripe.Earlier[0]; !e.CarriedOn || e.NotifiedOn != vdate("2026-02-26") || e.NotifiedNote != "Ticket 88" || !e.ConfirmedOn.IsZero() {
		t.Errorf("Stripe's earlier round: %+v", e)
	}
	// The new round is told and confirmed on its own; the earlier one is untouched.
	after, err := s.UpdateVendorTask(hb.ID, backend.VendorTaskUpdate{NotifiedOn: vdate("2026-03-02"), NotifiedVia: backend.NotifyEmail,
		ConfirmedOn: vdate("2026-03-02"), ConfirmationNote: "Deleted"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Earlier, hb.Earlier) || after.Status != backend.TaskConfirmed {
		t.Errorf("after the new round's confirmation: %+v", after)
	}
	if err := s.RemoveVendorTask(stripe.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("a task with an earlier round removed: %v", err)
	}
	// The deletion is denied: Stripe's new round, which nobody acted on, gives way to the
	// one it was told in; Healthcare Blocks, told about the deletion, keeps what it was told.
	if _, err := s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeDenied,
		DenialReason: backend.DenialExemption, Exemption: "Cal. Civ. Code 1798.105(d)(8)", DenialText: "Records kept under state law"}); err != nil {
		t.Fatal(err)
	}
	restored, err := s.GetVendorTask(stripe.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(restored.Rights) != "[correction]" || restored.NotifiedOn != vdate("2026-02-26") || restored.NotifiedNote != "Ticket 88" ||
		len(restored.Earlier) != 0 || restored.Status != backend.TaskNotified {
		t.Errorf("Stripe after the deletion was denied: %+v", restored)
	}
	if kept, err := s.GetVendorTask(hb.ID); err != nil || !reflect.DeepEqual(kept.Earlier, hb.Earlier) || fmt.Sprint(kept.Rights) != "[deletion]" {
		t.Errorf("Healthcare Blocks after the deletion was denied: %+v %v", kept, err)
	}
}

// TestTaskToldBeforeARightWasAddedHoldsTheRequest: a task left from before a right added
// to the request started a new round (told and confirmed about the correction only,
// while the request also asks for deletion) holds the request open, and proposing the
// tasks starts its next round.
func TestTaskToldBeforeARightWasAddedHoldsTheRequest(t *testing.T) {
	f, hb, _ := correctionToldThenDeletionAdded(t)
	s := f.s
	// As such a database holds it: one round, about the correction, confirmed.
	if err := s.db.Exec(`UPDATE vendor_tasks SET rights = 'correction', earlier_rounds = '[]', notified_on = '2026-02-25',
		notified_via = 'email', confirmed_on = '2026-03-01', confirmation_note = 'Corrected' WHERE request_id =
		(SELECT id FROM requests WHERE reference = ?)`, f.ref).Error; err != nil {
		t.Fatal(err)
	}
	if r, err := s.GetRequest(f.ref); err != nil || r.OpenVendorTasks != 2 {
		t.Errorf("open vendor tasks %d %v, want 2 (told about the correction only)", r.OpenVendorTasks, err)
	}
	p, err := s.ProposeVendorTasks(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range p.Tasks {
		if fmt.Sprint(task.Rights) != "[deletion]" || task.Status != backend.TaskToNotify || len(task.Earlier) != 1 || task.Earlier[0].ConfirmedOn != vdate("2026-03-01") {
			t.Errorf("%s after proposing: %+v", task.VendorName, task)
		}
	}
	if p.Open != 2 || p.Tasks[0].ID != hb.ID {
		t.Errorf("panel: open %d, tasks %+v", p.Open, p.Tasks)
	}
}

// grantedDeletionWithTasks is a task fixture whose deletion was started, granted and
// confirmed by the requester, with its two vendor tasks proposed.
func grantedDeletionWithTasks(t *testing.T) (taskFixture, backend.RequestVendorTasks) {
	t.Helper()
	f := newTaskFixture(t)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.RecordDeletionConfirmation(f.ref, backend.DeletionConfirmationInput{Channel: backend.ChannelEmail}); err != nil {
		t.Fatal(err)
	}
	p, err := f.s.ListVendorTasks(f.ref)
	if err != nil || len(p.Tasks) != 2 {
		t.Fatalf("tasks %+v %v", p.Tasks, err)
	}
	return f, p
}
