package storage

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
)

// A practice moved from its SQLite file into another database (PostgreSQL when the suite
// runs on it) and back into a new file: every request, vendor, letter, attachment and
// the audit trail arrive as they were, and the copy keeps working.
func TestCopyToAnotherDatabaseAndBack(t *testing.T) {
	ctx := context.Background()
	src := newFileStore(t)
	r := mustCreateRequest(t, src, reqInput("Łukasz Nowak", "lukasz@example.com", backend.RegimeGDPR, "2026-02-20", backend.RightAccess, backend.RightDeletion))
	// A right taken off a request: its tombstone is copied.
	ana := reqInput("Ana Paz", "ana@example.com", backend.RegimeCCPA, "2026-02-25", backend.RightAccess, backend.RightDeletion)
	ref := mustCreateRequest(t, src, ana).Reference
	ana.Rights = ana.Rights[:1]
	if _, err := src.UpdateRequest(ref, ana); err != nil {
		t.Fatal(err)
	}
	if _, err := src.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	in := reqInput("Łukasz Nowak", "lukasz@example.com", backend.RegimeGDPR, "2026-02-20", backend.RightAccess, backend.RightDeletion)
	in.Minor, in.Notes = true, "Wants paper copies."
	in.GuardianConsent = backend.ConsentPending
	if _, err := src.UpdateRequest(r.Reference, in); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreateVendor(backend.Vendor{Name: "Cloud Files"}); err != nil {
		t.Fatal(err)
	}
	// A deleted vendor, the newest: its tombstone is copied, and no copy gives its id again.
	gone, err := src.CreateVendor(backend.Vendor{Name: "Old Files", NextReviewOn: backend.NewDate(2026, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.DeleteVendor(gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreateLetter(backend.Letter{RequestRef: r.Reference, Kind: backend.LetterAcknowledgment, TemplateName: "Standard",
		TemplateVersion: 1, Recipient: "Łukasz Nowak", Pages: 1, PDF: []byte("%PDF-1.3 kept as evidence")}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "form.txt")
	if err := os.WriteFile(file, []byte("signed form"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := src.AddRequestAttachment(r.Reference, file, "signed form"); err != nil {
		t.Fatal(err)
	}

	mid := newTestStore(t)
	rep, err := src.CopyTo(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows["requests"] != 2 || rep.Rows["letters"] != 1 || rep.Rows["attachments"] != 1 || rep.Rows["vendor_tombstones"] != 1 || rep.Rows["right_tombstones"] != 1 || rep.Head.Events == 0 {
		t.Errorf("copied %+v", rep)
	}
	back := newFileStore(t)
	if _, err := mid.CopyTo(ctx, back); err != nil {
		t.Fatal(err)
	}
	want := practiceSnapshot(t, src)
	for name, s := range map[string]*Store{"the copy": mid, "the copy of the copy": back} {
		if got := practiceSnapshot(t, s); got != want {
			t.Errorf("%s differs:\n got %s\nwant %s", name, got, want)
		}
	}
	// The copy keeps working: the next request takes the next reference and id.
	next := mustCreateRequest(t, mid, reqInput("Cy Next", "cy@example.com", backend.RegimeCCPA, "2026-03-01", backend.RightAccess))
	if next.Reference != "PR-2026-0003" {
		t.Errorf("the next reference in the copy is %s, want PR-2026-0003", next.Reference)
	}
	for name, s := range map[string]*Store{"the copy": mid, "the copy of the copy": back} {
		if v, err := s.CreateVendor(backend.Vendor{Name: "New Files"}); err != nil || v.ID == gone.ID {
			t.Errorf("a new vendor in %s: id %d (the deleted one's %d), %v", name, v.ID, gone.ID, err)
		}
	}
	if page, err := mid.ListRequests(backendFilter("paper")); err != nil || page.Total != 1 {
		t.Errorf("search in the copy: %d found, %v", page.Total, err)
	}
	// Only into an empty database.
	if _, err := src.CopyTo(ctx, mid); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("copy into a database in use: %v, want ECONFLICT", err)
	}
}

// practiceSnapshot is what a practice holds, as JSON: the requests with their rights,
// the vendors, the letters with their bytes, the attachments' bytes and the audit head.
func practiceSnapshot(t *testing.T, s *Store) string {
	t.Helper()
	var out []any
	page, err := s.ListRequests(backend.RequestFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range page.Items {
		r, err := s.GetRequest(item.Reference)
		if err != nil {
			t.Fatal(err)
		}
		letters, err := s.ListLetters(r.Reference)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range letters {
			full, err := s.GetLetter(l.ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, full)
		}
		atts, err := s.RequestAttachments(r.Reference)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range atts {
			var b strings.Builder
			if err := s.copyVerified(a, &b); err != nil {
				t.Fatal(err)
			}
			out = append(out, a, b.String())
		}
		out = append(out, r)
	}
	vendors, err := s.ListVendors(backend.VendorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK {
		t.Fatalf("audit: %+v %v", rep, err)
	}
	deleted, err := s.DeletedVendors(context.Background(), backend.NewDate(2000, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	removed, err := s.RemovedRights(context.Background(), backend.NewDate(2000, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, vendors, deleted, removed, rep)
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A copy taken while the practice is in use (a backup of a PostgreSQL database, made
// while a finished export records its event) is checked against the snapshot it read,
// not against the source as it is by the time the check runs: an event recorded
// meanwhile is not in the copy, and must not fail it.
func TestCopyWhileTheSourceIsWritten(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	mustCreateRequest(t, src, reqInput("Ana Paz", "ana@example.com", backend.RegimeCCPA, "2026-02-25", backend.RightAccess))
	stop, done := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := src.RecordEvent("export", "requests", "export", map[string]any{"n": i}); err != nil {
				done <- err
				return
			}
		}
	}()
	var copyErr error
	for i := 0; i < 3 && copyErr == nil; i++ {
		_, copyErr = src.CopyTo(ctx, newFileStore(t))
	}
	// Nor does the check of the trail itself read an event recorded after the chain as
	// events deleted from its end.
	var rep backend.ChainReport
	var verifyErr error
	for i := 0; i < 20 && verifyErr == nil && (i == 0 || rep.OK); i++ {
		rep, verifyErr = src.VerifyAudit()
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if copyErr != nil {
		t.Errorf("a copy taken while events are recorded failed: %v", copyErr)
	}
	if verifyErr != nil || !rep.OK {
		t.Errorf("the trail, checked while events are recorded: %+v, %v", rep, verifyErr)
	}
}
