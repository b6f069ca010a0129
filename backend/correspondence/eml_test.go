package correspondence

import (
	"bytes"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gomail "github.com/emersion/go-message/mail"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// TestEmailDraft: a letter written to a .eml file is an RFC 5322 draft (X-Unsent: 1)
// addressed to the recipient, with the cover text and the stored PDF attached; read back
// by net/mail and go-message's MIME reader.
func TestEmailDraft(t *testing.T) {
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	path := filepath.Join(t.TempDir(), "letter.eml")
	l, err := f.c.CreateLetterTo(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment}, path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("the draft is readable by others: %v", st.Mode())
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("X-Unsent") != "1" {
		t.Errorf("X-Unsent = %q", m.Header.Get("X-Unsent"))
	}
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "zoe@example.com" || to[0].Name != "Zoë O'Brien-Núñez" {
		t.Errorf("To: %v %v", to, err)
	}
	if _, err := m.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}

	mr, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if subj, _ := mr.Header.Subject(); subj != "Acknowledgment, reference "+f.ref {
		t.Errorf("Subject %q", subj)
	}
	kept, err := f.c.GetLetter(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	var text string
	var pdf []byte
	var name string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p.Body)
		switch h := p.Header.(type) {
		case *gomail.InlineHeader:
			text = string(b)
		case *gomail.AttachmentHeader:
			name, _ = h.Filename()
			pdf = b
		}
	}
	if !strings.Contains(text, "Dear Zoë O'Brien-Núñez,") || !strings.Contains(text, f.ref) {
		t.Errorf("cover text: %q", text)
	}
	if !bytes.Equal(pdf, kept.PDF) || !strings.HasSuffix(name, ".pdf") {
		t.Errorf("attachment %q: %d bytes, the letter has %d", name, len(pdf), len(kept.PDF))
	}

	// A kept letter saved as a draft later attaches the same bytes.
	again := filepath.Join(t.TempDir(), "again.eml")
	if err := f.c.SaveDraft(ctx, l.ID, again); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(again); !bytes.Contains(b, []byte("X-Unsent: 1")) {
		t.Errorf("saved draft has no X-Unsent header")
	}

	// A recipient without an email gets no draft (the letter is still kept).
	r, err := f.s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Post Only", Address: "1 Main St\nTown"},
		Channel: backend.ChannelMail, ReceivedDate: "2026-02-21", Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightAccess}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.CreateLetterTo(ctx, LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment}, path+"2.eml"); backend.ErrorField(err) != "recipient.email" {
		t.Errorf("draft without an email: %v", err)
	}
}
