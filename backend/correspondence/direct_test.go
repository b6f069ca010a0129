package correspondence

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	gomail "github.com/emersion/go-message/mail"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// directFixture is a started deletion request with open tasks for Healthcare Blocks
// (email, no postal address) and Stripe (neither, until a test gives it some).
func directFixture(t *testing.T) taskFixture {
	t.Helper()
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	return f
}

func setVendorContact(t *testing.T, f taskFixture, name, email, address string) {
	t.Helper()
	v, err := f.s.GetVendorByName(name)
	if err != nil {
		t.Fatal(err)
	}
	v.ContactEmail, v.Address = email, address
	if _, err := f.s.UpdateVendor(v); err != nil {
		t.Fatal(err)
	}
}

// timelineLines returns the request's timeline entries of kind k, and those about letters.
func timelineLines(t *testing.T, f taskFixture, k backend.EventKind) (batch, letterLines []string) {
	t.Helper()
	evs, err := f.s.RequestEvents(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		switch {
		case e.Kind == k:
			batch = append(batch, e.Summary)
		case strings.HasPrefix(e.Summary, "Letter made") || strings.HasPrefix(e.Summary, "Letter sent") || strings.Contains(e.Summary, "told on"):
			letterLines = append(letterLines, e.Summary)
		}
	}
	return batch, letterLines
}

func TestDirectVendorsByEmail(t *testing.T) {
	f := directFixture(t)
	setVendorContact(t, f, "Stripe", "", "Stripe, Inc.\n354 Oyster Point Blvd\nSouth San Francisco, CA 94080")
	dir := t.TempDir()
	res, err := f.c.DirectVendors(ctx, DirectInput{Reference: f.ref, Method: backend.SendEmail}, dir)
	if err != nil {
		t.Fatal(err)
	}
	// Stripe has a postal address but no email address: left out and reported, Healthcare Blocks goes ahead.
	if len(res.Letters) != 1 || res.Letters[0].VendorName != "Healthcare Blocks" || !res.Saved {
		t.Fatalf("letters: %+v", res.Letters)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].VendorName != "Stripe" || res.Skipped[0].Field != "contactEmail" || !strings.Contains(res.Skipped[0].Message, "no email address") {
		t.Errorf("skipped: %+v", res.Skipped)
	}
	l := res.Letters[0]
	if l.Sent == nil || l.Sent.Method != backend.SendEmail || l.Sent.On.String() != "2026-03-02" || l.Kind != letters.KindVendorDirection || l.VendorTaskID == 0 || l.PDF != nil {
		t.Errorf("letter: %+v sent %+v", l, l.Sent)
	}
	stored, err := f.s.ListLetters(f.ref)
	if err != nil || len(stored) != 1 || stored[0].Sent == nil || stored[0].Sent.Method != backend.SendEmail {
		t.Fatalf("stored letters: %+v, %v", stored, err)
	}
	task, err := f.s.GetVendorTask(l.VendorTaskID)
	if err != nil || task.LetterID != l.ID || task.NotifiedOn.String() != "2026-03-02" || task.NotifiedVia != backend.NotifyEmail || task.Status != backend.TaskNotified {
		t.Errorf("task: %+v, %v", task, err)
	}
	// One draft, addressed to the vendor, with the PDF attached, that a mail library reads.
	if len(res.Files) != 1 || filepath.Dir(res.Files[0]) != dir || !strings.HasSuffix(res.Files[0], ".eml") {
		t.Fatalf("files: %v", res.Files)
	}
	fh, err := os.Open(res.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	mr, err := gomail.CreateReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	to, _ := mr.Header.AddressList("To")
	if len(to) != 1 || to[0].Address != "privacy@hb.example" || mr.Header.Get("X-Unsent") != "1" {
		t.Errorf("draft to %v, X-Unsent %q", to, mr.Header.Get("X-Unsent"))
	}
	// ONE timeline line for the batch, none per letter.
	batch, lines := timelineLines(t, f, backend.EventVendorDirections)
	if len(batch) != 1 || batch[0] != "Directed 1 vendor by email on 2 March 2026: Healthcare Blocks (direction letters #"+itoa(l.ID)+")" {
		t.Errorf("batch lines: %q", batch)
	}
	if len(lines) != 0 {
		t.Errorf("per-letter lines: %q", lines)
	}

	// Again: the told vendor is not directed twice, and Stripe still cannot be: refused.
	_, err = f.c.DirectVendors(ctx, DirectInput{Reference: f.ref, Method: backend.SendEmail}, dir)
	if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(backend.ErrorMessage(err), "already told") || !strings.Contains(backend.ErrorMessage(err), "Stripe") {
		t.Errorf("second run: %v", err)
	}
	if n := letterRows(t, f.s); n != 1 {
		t.Errorf("%d letters after the refused run", n)
	}
}

func TestDirectVendorsByPost(t *testing.T) {
	f := directFixture(t)
	setVendorContact(t, f, "Healthcare Blocks", "privacy@hb.example", "Healthcare Blocks, Inc.\n100 Example Way\nRaleigh, NC 27601")
	setVendorContact(t, f, "Stripe", "", "Stripe, Inc.\n354 Oyster Point Blvd\nSouth San Francisco, CA 94080")
	out := filepath.Join(t.TempDir(), "directions.pdf")
	res, err := f.c.DirectVendors(ctx, DirectInput{Reference: f.ref, Method: "Post"}, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Letters) != 2 || len(res.Skipped) != 0 || res.Pages < 2 || res.Method != backend.SendPost {
		t.Fatalf("result: %+v", res)
	}
	b, err := os.ReadFile(out)
	if err != nil || letters.PageCount(b) != res.Pages {
		t.Errorf("joined PDF: %d pages, want %d (%v)", letters.PageCount(b), res.Pages, err)
	}
	for _, l := range res.Letters {
		task, err := f.s.GetVendorTask(l.VendorTaskID)
		if err != nil || task.NotifiedVia != backend.NotifyLetter || task.LetterID != l.ID || l.Sent.Method != backend.SendPost {
			t.Errorf("%s: task %+v, %v", l.VendorName, task, err)
		}
	}
	batch, lines := timelineLines(t, f, backend.EventVendorDirections)
	if len(batch) != 1 || !strings.HasPrefix(batch[0], "Directed 2 vendors by post on 2 March 2026: Healthcare Blocks, Stripe") || len(lines) != 0 {
		t.Errorf("timeline: batch %q, per letter %q", batch, lines)
	}
}

func TestDirectVendorsRefused(t *testing.T) {
	f := directFixture(t)
	for _, c := range []struct {
		in    DirectInput
		out   string
		field string
	}{
		{DirectInput{Reference: f.ref, Method: backend.SendPortal}, "x.pdf", "method"},
		{DirectInput{Method: backend.SendPost}, "x.pdf", "reference"},
		{DirectInput{Reference: f.ref, Method: backend.SendPost}, "", "path"},
		{DirectInput{Reference: f.ref, Method: backend.SendEmail}, filepath.Join(t.TempDir(), "missing"), "path"},
		// Neither vendor has a postal address: nothing can be posted.
		{DirectInput{Reference: f.ref, Method: backend.SendPost}, filepath.Join(t.TempDir(), "x.pdf"), "address"},
	} {
		if _, err := f.c.DirectVendors(ctx, c.in, c.out); backend.ErrorField(err) != c.field {
			t.Errorf("%+v %q: %v, want field %s", c.in, c.out, err, c.field)
		}
	}
	if n := letterRows(t, f.s); n != 0 {
		t.Errorf("%d letters kept by refused batches", n)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
