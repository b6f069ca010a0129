package casework

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
)

const vendorReply = "From: Privacy Team <privacy@hb.example>\r\nTo: contact@practice.example\r\n" +
	"Subject: Re: Direction to a vendor, reference %s\r\nDate: Mon, 02 Mar 2026 02:15:00 +0000\r\n" +
	"Message-ID: <reply-1@hb.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDone: we deleted the records.\r\n"

func TestAttachTaskReply(t *testing.T) {
	cw, st := newService(t)
	ctx := context.Background()
	v, err := st.CreateVendor(backend.Vendor{Name: "Healthcare Blocks", BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptPaymentProcessing})
	if err != nil {
		t.Fatal(err)
	}
	in := input("Ann Lee", "ann@example.com", "2026-02-20")
	in.Rights = []backend.Right{backend.RightDeletion}
	r, err := st.CreateRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	task, err := cw.AddVendorTask(ctx, r.Reference, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if task, err = cw.UpdateVendorTask(ctx, task.ID, backend.VendorTaskUpdate{NotifiedOn: mustDate(t, "2026-02-27"), NotifiedVia: backend.NotifyEmail}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	// Not an email: refused on "file", nothing attached.
	junk := filepath.Join(dir, "notes.eml")
	os.WriteFile(junk, []byte("\x00\x01 not a message"), 0o600)
	if _, err := cw.AttachTaskReply(ctx, task.ID, junk); backend.ErrorField(err) != "file" {
		t.Errorf("junk: %v", err)
	}
	if got, _ := cw.VendorTask(ctx, task.ID); got.Confirmation != nil {
		t.Errorf("junk attached: %+v", got.Confirmation)
	}

	// The reply was sent at 02:15 UTC on March 2: still March 1 in Chicago, the
	// practice's zone. It is attached and proposed, not recorded.
	eml := filepath.Join(dir, "reply.eml")
	os.WriteFile(eml, []byte(strings.ReplaceAll(vendorReply, "%s", r.Reference)), 0o600)
	p, err := cw.AttachTaskReply(ctx, task.ID, eml)
	if err != nil {
		t.Fatal(err)
	}
	if p.ConfirmedOn.String() != "2026-03-01" || p.From != "Privacy Team <privacy@hb.example>" || !strings.Contains(p.Note, "Reply by email from Privacy Team") ||
		!strings.Contains(p.Note, "1 Mar 2026 20:15 CST") || !strings.Contains(p.Note, "Re: Direction to a vendor") {
		t.Errorf("proposal: %+v", p)
	}
	if p.Task.Confirmation == nil || p.Task.Status != backend.TaskNotified || !p.Task.ConfirmedOn.IsZero() {
		t.Errorf("task after the reply: %+v", p.Task)
	}
	// The person confirms the proposal as it stands.
	done, err := cw.UpdateVendorTask(ctx, task.ID, backend.VendorTaskUpdate{NotifiedOn: p.Task.NotifiedOn, NotifiedVia: p.Task.NotifiedVia,
		ConfirmedOn: p.ConfirmedOn, ConfirmationNote: p.Note})
	if err != nil || done.Status != backend.TaskConfirmed {
		t.Errorf("confirmed: %+v, %v", done, err)
	}
}
