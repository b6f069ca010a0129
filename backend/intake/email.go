package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/mailimport"
)

// A request from an email: the .eml is read (mailimport), a request proposed from it
// (EmailRequestInput), the person confirms it in the intake form, and the email is
// attached to the request saved from it (AttachEmail). The command line does it in one
// step (ImportEmail).

// EmailProposal is a request proposed from an email, for the intake form to open
// prefilled; the email file is attached when the request is saved (AttachEmail).
type EmailProposal struct {
	Token       string               `json:"token"`
	FileName    string               `json:"fileName"`
	Input       backend.RequestInput `json:"input"`
	FromName    string               `json:"fromName"`
	FromAddress string               `json:"fromAddress"`
	Date        string               `json:"date"` // RFC 3339 or ""
	Subject     string               `json:"subject"`
	BodyFrom    string               `json:"bodyFrom"`
	Truncated   bool                 `json:"truncated"`
	Attachments []string             `json:"attachments"`
	// ProposedRights are what the email asks for on its face (withdraw-consent when the
	// subject reads WITHDRAW CONSENT); Note explains them.
	ProposedRights []backend.Right `json:"proposedRights"`
	Note           string          `json:"note"`
}

// Mailbox keeps the emails proposed as requests, by token, until the request saved
// from one has it attached or the proposal is discarded; a proposal nobody saved goes
// after a day. An email given as bytes is kept in a private temporary file, removed
// with its proposal. The zero Mailbox is ready to use.
type Mailbox struct {
	mu      sync.Mutex
	pending map[string]pendingEmail
}

type pendingEmail struct {
	path string
	temp bool // a copy made from dropped bytes, removed once attached
	at   time.Time
}

// keepFor is how long a proposal nobody saved is kept.
const keepFor = 24 * time.Hour

func (m *Mailbox) put(tok string, e pendingEmail) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pending == nil {
		m.pending = map[string]pendingEmail{}
	}
	for t, old := range m.pending {
		if e.at.Sub(old.at) > keepFor {
			if old.temp {
				os.RemoveAll(filepath.Dir(old.path))
			}
			delete(m.pending, t)
		}
	}
	m.pending[tok] = e
}

// Path is the file of the email proposed under token, and whether it is still pending.
func (m *Mailbox) Path(token string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.pending[token]
	return e.path, ok
}

// Discard forgets a proposal that will not be saved (its temporary copy goes); false
// when there was none under token.
func (m *Mailbox) Discard(token string) bool {
	m.mu.Lock()
	e, ok := m.pending[token]
	delete(m.pending, token)
	m.mu.Unlock()
	if ok && e.temp {
		os.RemoveAll(filepath.Dir(e.path))
	}
	return ok
}

// Close forgets every proposal and removes the temporary copies of dropped emails: the
// window that proposed them is closing, and nothing can attach them any more.
func (m *Mailbox) Close() {
	m.mu.Lock()
	pending := m.pending
	m.pending = nil
	m.mu.Unlock()
	for _, e := range pending {
		if e.temp {
			os.RemoveAll(filepath.Dir(e.path))
		}
	}
}

// EmailRequestInput proposes an intake from an email: the sender as requester, the
// email's date as received (in the practice's zone; now when it has none or it is
// later), channel email, the subject and text as the internal description, the message
// body alone (no greeting, quoted reply or signature) as the requester's words for staff
// to check before a letter quotes them, and the rights given or,
// when none, those the email proposes. The regime is the person's choice: an email does
// not say which law applies.
func (s *Service) EmailRequestInput(ctx context.Context, m *mailimport.Message, regime backend.Regime, rights []backend.Right) (backend.RequestInput, error) {
	loc, err := s.zone(ctx)
	if err != nil {
		return backend.RequestInput{}, err
	}
	name := m.FromName
	if name == "" {
		name = m.FromAddress
	}
	received := s.st.Now()
	if d, ok := emailDate(m, loc); ok && !d.After(received) {
		received = d
	}
	local := received.In(loc)
	desc := strings.TrimSpace(m.Subject + "\n\n" + m.Body)
	notes := ""
	if r := []rune(desc); len(r) > backend.MaxDescriptionLen {
		desc = string(r[:backend.MaxDescriptionLen-80]) + "\n[…the full text is in the attached email]"
	}
	if len(m.Attachments) > 0 {
		notes = "The email's own attachments (inside the attached .eml): " + strings.Join(m.Attachments, ", ")
	}
	if len(rights) == 0 {
		rights = m.ProposedRights
	}
	return backend.RequestInput{Requester: backend.Person{Name: name, Email: m.FromAddress}, Channel: backend.ChannelEmail,
		ReceivedDate: local.Format("2006-01-02"), ReceivedTime: local.Format("15:04"), Regime: regime, Rights: rights,
		Description: desc, RequesterWords: requesterWords(m), Notes: notes}, nil
}

// zoneLessDates are Date lines without a time zone, which some web forms and scripts
// write: they are read as the practice's wall clock.
var zoneLessDates = []string{"Mon, 2 Jan 2006 15:04:05", "2 Jan 2006 15:04:05", "Mon, 2 Jan 2006 15:04", "2 Jan 2006 15:04"}

// emailDate is when the email was sent, from its Date line; ok is false when it has
// none that can be read.
func emailDate(m *mailimport.Message, loc *time.Location) (time.Time, bool) {
	if !m.Date.IsZero() {
		return m.Date, true
	}
	for _, layout := range zoneLessDates {
		if t, err := time.ParseInLocation(layout, m.DateText, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// requesterWords is the body as the requester's words, cut to what the field holds.
func requesterWords(m *mailimport.Message) string {
	w := mailimport.RequesterWords(m.Body, m.FromName)
	if r := []rune(w); len(r) > backend.MaxDescriptionLen {
		w = string(r[:backend.MaxDescriptionLen])
	}
	return w
}

// ImportEmail creates a request from the .eml at path and attaches the .eml to it.
// in is the intake as confirmed by the person (EmailRequestInput proposes it).
func (s *Service) ImportEmail(ctx context.Context, path string, in backend.RequestInput) (backend.Request, error) {
	if err := ctx.Err(); err != nil {
		return backend.Request{}, err
	}
	if err := s.emailFits(path, -1); err != nil {
		return backend.Request{}, err
	}
	r, err := s.st.CreateRequest(in)
	if err != nil {
		return r, err
	}
	if _, err := s.st.AddRequestAttachment(r.Reference, path, "request-email"); err != nil {
		return r, backend.Errorf(backend.ErrorCode(err), "Request %s was created, but the email could not be attached: %s", r.Reference, backend.ErrorMessage(err))
	}
	return s.st.GetRequest(r.Reference)
}

// ProposeEmailFile reads the .eml at path (a dropped or chosen file) and proposes a
// request; the file is attached when the request is saved (AttachEmail).
func (s *Service) ProposeEmailFile(ctx context.Context, path string) (EmailProposal, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return EmailProposal{}, backend.Invalid("file", "Choose the email file.")
	}
	m, err := mailimport.ParseFile(path)
	if err != nil {
		return EmailProposal{}, asFileError(err)
	}
	if err := s.emailFits(path, -1); err != nil {
		return EmailProposal{}, err
	}
	return s.propose(ctx, m, path, false)
}

// emailFits refuses an email larger than the practice lets a request keep as an
// attached file: a request made from it would lack its email. size is the email's
// size, or -1 to take the size of the file at path.
func (s *Service) emailFits(path string, size int64) error {
	if size < 0 {
		st, err := os.Stat(path)
		if err != nil {
			return backend.Invalid("file", "Cannot read %s: %v", filepath.Base(path), err)
		}
		size = st.Size()
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return err
	}
	if size > int64(p.AttachmentMaxMB)<<20 {
		return backend.Invalid("file", "%s is %.1f MB, over the %d MB a request may keep as an attached file (the limit is in Settings), so no request was made from it: the request would lack its email. Raise the limit in Settings, or enter the request by hand.",
			filepath.Base(path), float64(size)/(1<<20), p.AttachmentMaxMB)
	}
	return nil
}

// ProposeEmailData proposes a request from an email's bytes (a file dropped on the
// page where the window does not give its path). The bytes are kept in a private
// temporary file, named after name, until the request is saved and they are attached
// or the proposal is discarded.
func (s *Service) ProposeEmailData(ctx context.Context, name string, data []byte) (EmailProposal, error) {
	m, err := mailimport.Parse(bytes.NewReader(data))
	if err != nil {
		return EmailProposal{}, asFileError(err)
	}
	if err := s.emailFits(safeFileName(name), int64(len(data))); err != nil {
		return EmailProposal{}, err
	}
	dir, err := os.MkdirTemp("", "privacydesk-email-*")
	if err != nil {
		return EmailProposal{}, err
	}
	base := safeFileName(name)
	if !strings.EqualFold(filepath.Ext(base), ".eml") {
		base += ".eml"
	}
	path := filepath.Join(dir, base)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		os.RemoveAll(dir)
		return EmailProposal{}, err
	}
	p, err := s.propose(ctx, m, path, true)
	if err != nil {
		os.RemoveAll(dir)
	}
	return p, err
}

// safeFileName keeps the last element of a name and drops characters no file system takes.
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		return "email.eml"
	}
	return name
}

func (s *Service) propose(ctx context.Context, m *mailimport.Message, path string, temp bool) (EmailProposal, error) {
	in, err := s.EmailRequestInput(ctx, m, "", nil)
	if err != nil {
		return EmailProposal{}, err
	}
	if in.Rights == nil {
		in.Rights = []backend.Right{}
	}
	if in.Tags == nil {
		in.Tags = []string{}
	}
	tok := make([]byte, 12)
	rand.Read(tok)
	p := EmailProposal{Token: hex.EncodeToString(tok), FileName: filepath.Base(path), Input: in, FromName: m.FromName,
		FromAddress: m.FromAddress, Subject: m.Subject, BodyFrom: m.BodyFrom, Truncated: m.BodyTruncated,
		Attachments: m.Attachments, ProposedRights: m.ProposedRights}
	if p.Attachments == nil {
		p.Attachments = []string{}
	}
	if p.ProposedRights == nil {
		p.ProposedRights = []backend.Right{}
	}
	loc, err := s.zone(ctx)
	if err != nil {
		return EmailProposal{}, err
	}
	sent, dated := emailDate(m, loc)
	if dated {
		p.Date = sent.UTC().Format(time.RFC3339)
	}
	p.Note = "Choose the law the request is made under: an email does not say."
	if len(m.ProposedRights) > 0 {
		p.Note = "The subject reads WITHDRAW CONSENT, so the withdraw-consent right is proposed (GDPR and UK GDPR grant it). Choose the law and confirm the rights."
	}
	if !dated {
		p.Note += " The email has no date that can be read, so the date received proposed is today: change it to the day the email arrived."
	}
	s.mail.put(p.Token, pendingEmail{path: path, temp: temp, at: s.st.Now()})
	return p, nil
}

// AttachEmail attaches the email of a proposal to the request ref saved from it, and
// forgets the proposal.
func (s *Service) AttachEmail(ctx context.Context, ref, token string) (backend.Attachment, error) {
	path, ok := s.mail.Path(token)
	if !ok {
		return backend.Attachment{}, backend.Errorf(backend.ENOTFOUND, "The email to attach is no longer at hand; attach it from the request's files.")
	}
	if err := ctx.Err(); err != nil {
		return backend.Attachment{}, err
	}
	a, err := s.st.AddRequestAttachment(ref, path, "request-email")
	if err != nil {
		return backend.Attachment{}, err
	}
	s.mail.Discard(token)
	return a, nil
}

// DiscardEmail forgets a proposal that will not be saved (its temporary copy goes);
// false when there was none under token.
func (s *Service) DiscardEmail(ctx context.Context, token string) bool {
	return s.mail.Discard(token)
}
