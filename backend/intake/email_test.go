package intake_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"privacydesk/backend/internal/testpractice"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/intake"
	"privacydesk/backend/mailimport"
)

func TestImportEmail(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	s.Now = func() time.Time { return time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC) }
	path := filepath.Join("..", "mailimport", "testdata", "plain-withdraw.eml")
	m, err := mailimport.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	svc := intake.New(s, nil)
	in, err := svc.EmailRequestInput(context.Background(), m, backend.RegimeGDPR, nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.Requester.Name != "Zoë O'Brien-Núñez" || in.ReceivedDate != "2026-03-02" || in.ReceivedTime != "09:15" ||
		len(in.Rights) != 1 || in.Rights[0] != backend.RightWithdrawConsent || in.Channel != backend.ChannelEmail {
		t.Fatalf("proposal %+v", in)
	}
	// Only the message is the requester's words: no greeting, no signature.
	if want := "I no longer consent to receiving appointment reminders by text.\nPlease stop using my mobile number for anything but billing."; in.RequesterWords != want {
		t.Errorf("requester's words %q, want %q", in.RequesterWords, want)
	}
	r, err := svc.ImportEmail(context.Background(), path, in)
	if err != nil {
		t.Fatal(err)
	}
	atts, err := s.RequestAttachments(r.Reference)
	if err != nil || len(atts) != 1 || atts[0].OriginalName != "plain-withdraw.eml" {
		t.Errorf("attachments %+v %v", atts, err)
	}
}

// TestEmailProposalsKeepTheirCopyUntilAttachedOrStale: dropped bytes are kept in a
// private copy while the proposal is pending; attaching forgets it, and a proposal
// nobody saved within a day goes with its copy when the next one comes.
func TestEmailProposalsKeepTheirCopyUntilAttachedOrStale(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	clock := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	var box intake.Mailbox
	svc := intake.New(s, &box)
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join("..", "mailimport", "testdata", "plain-withdraw.eml"))
	if err != nil {
		t.Fatal(err)
	}
	stale, err := svc.ProposeEmailData(ctx, "old.eml", b)
	if err != nil {
		t.Fatal(err)
	}
	stalePath, ok := box.Path(stale.Token)
	if !ok {
		t.Fatal("the proposal is not pending")
	}
	clock = clock.Add(25 * time.Hour)
	p, err := svc.ProposeEmailData(ctx, "new", b)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := box.Path(stale.Token); ok {
		t.Error("a proposal older than a day is still pending")
	}
	if _, err := os.Stat(filepath.Dir(stalePath)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale copy stays: %v", err)
	}
	if p.FileName != "new.eml" || p.Input.Channel != backend.ChannelEmail {
		t.Errorf("proposal %+v", p)
	}
	in := p.Input
	in.Regime = backend.RegimeGDPR
	r, err := s.CreateRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	path, _ := box.Path(p.Token)
	if a, err := svc.AttachEmail(ctx, r.Reference, p.Token); err != nil || a.OriginalName != "new.eml" {
		t.Fatalf("attach: %+v %v", a, err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the attached copy stays: %v", err)
	}
	if _, err := svc.AttachEmail(ctx, r.Reference, p.Token); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("second attach: %v", err)
	}
	if svc.DiscardEmail(ctx, p.Token) {
		t.Error("discarded a proposal already attached")
	}
}

// Closing the window's mailbox removes the copies of dropped emails nobody saved.
func TestMailboxCloseRemovesCopies(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	var box intake.Mailbox
	svc := intake.New(s, &box)
	b, err := os.ReadFile(filepath.Join("..", "mailimport", "testdata", "plain-withdraw.eml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.ProposeEmailData(context.Background(), "dropped.eml", b)
	if err != nil {
		t.Fatal(err)
	}
	path, _ := box.Path(p.Token)
	box.Close()
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dropped email's copy stays after close: %v", err)
	}
	if _, ok := box.Path(p.Token); ok {
		t.Error("the proposal is still pending after close")
	}
}

// TestImportEmailTooLargeToKeepCreatesNothing: an email over the practice's limit for
// attached files cannot be kept as the request's evidence, so no request is made from
// it (before, the request was created and the email then refused, leaving a request
// without its email).
func TestImportEmailTooLargeToKeepCreatesNothing(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	p, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	p.Name, p.AttachmentMaxMB = "Elm Street Therapy", 1
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.eml")
	os.WriteFile(path, []byte("From: Ann Lee <ann@example.org>\r\nDate: Mon, 2 Mar 2026 09:00:00 -0600\r\nSubject: My records\r\n\r\nPlease send my records.\r\n"+
		strings.Repeat("x", 3<<19)), 0o600)
	svc := intake.New(s, nil)
	ctx := context.Background()
	if _, err := svc.ProposeEmailFile(ctx, path); backend.ErrorField(err) != "file" || !strings.Contains(backend.ErrorMessage(err), "1 MB") {
		t.Errorf("proposal: %v", err)
	}
	m, err := mailimport.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in, err := svc.EmailRequestInput(ctx, m, backend.RegimeCCPA, []backend.Right{backend.RightAccess})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportEmail(ctx, path, in); backend.ErrorField(err) != "file" {
		t.Errorf("import: %v", err)
	}
	if page, err := s.ListRequests(backend.RequestFilter{}); err != nil || page.Total != 0 {
		t.Errorf("%d requests made from an email that could not be kept (%v)", page.Total, err)
	}
}

// TestEmailDateWithoutZoneOrMissing: a Date line without a time zone (some web forms
// and scripts write one) is the practice's wall clock, not "no date"; an email with no
// date that can be read proposes today and says so, so the person corrects it rather
// than count the deadlines from the day of the import.
func TestEmailDateWithoutZoneOrMissing(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db")) // practice zone America/Chicago
	s.Now = func() time.Time { return time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC) }
	svc, ctx := intake.New(s, nil), context.Background()
	email := func(date string) []byte {
		return []byte("From: Ann Lee <ann@example.org>\r\n" + date + "Subject: My records\r\n\r\nPlease send my records.\r\n")
	}
	p, err := svc.ProposeEmailData(ctx, "a.eml", email("Date: Mon, 2 Mar 2026 21:30:00\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Input.ReceivedDate != "2026-03-02" || p.Input.ReceivedTime != "21:30" {
		t.Errorf("date without a zone: proposed %s %s", p.Input.ReceivedDate, p.Input.ReceivedTime)
	}
	for _, date := range []string{"", "Date: sometime last week\r\n"} {
		p, err := svc.ProposeEmailData(ctx, "b.eml", email(date))
		if err != nil {
			t.Fatal(err)
		}
		if p.Input.ReceivedDate != "2026-03-09" || !strings.Contains(p.Note, "today") {
			t.Errorf("%q: proposed %s, note %q", date, p.Input.ReceivedDate, p.Note)
		}
	}
}
