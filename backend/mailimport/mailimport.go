// Package mailimport reads a request that arrived by email from its .eml file: who sent
// it, when, the subject and the text, ready to prefill a new request (the .eml itself is
// kept as the request's first attachment by the caller).
//
// Email in the wild is MIME multipart, in every charset (ISO-8859-1, Windows-1252,
// Shift_JIS, ...), quoted-printable or base64, with RFC 2047 encoded-word headers, and
// sometimes raw 8-bit headers no standard allows. All of it comes out as UTF-8:
// go-message (github.com/emersion/go-message) with its charset tables decodes what is
// labelled; what is mislabelled or unlabelled and not UTF-8 is read as Windows-1252,
// the usual culprit.
package mailimport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // every charset go-message knows
	gomail "github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/charmap"

	"privacydesk/backend"
)

// Limits: an .eml is attached to the request, so it shares the attachment limit; the
// text taken from it becomes the request's description, which holds up to 100,000
// characters like any request's notes.
const (
	MaxBytes     = 50 << 20
	MaxBodyChars = 100_000
)

// Message is what an email proposes for a new request.
type Message struct {
	FromName    string    `json:"fromName"`
	FromAddress string    `json:"fromAddress"`
	Date        time.Time `json:"date"` // zero when the email has none that can be read
	// DateText is the Date line as written when it cannot be read as it stands (no time
	// zone, say): the caller may read it in the practice's zone.
	DateText  string `json:"dateText,omitempty"`
	Subject   string `json:"subject"`
	MessageID string `json:"messageId"`
	Body      string `json:"body"`
	// BodyFrom says where Body came from: "text/plain", "text/html" (converted to
	// text) or "" when the email has no text.
	BodyFrom      string `json:"bodyFrom"`
	BodyTruncated bool   `json:"bodyTruncated"`
	// Attachments are the file names of the email's own attachments (they stay inside
	// the .eml; this tells staff they are there).
	Attachments []string `json:"attachments"`
	// ProposedRights are rights the email asks for, on its face: withdraw-consent when
	// the subject reads WITHDRAW CONSENT. Staff confirm them at intake.
	ProposedRights []backend.Right `json:"proposedRights"`
}

// ParseFile reads the .eml at path.
func ParseFile(path string) (*Message, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(bytes.NewReader(b))
}

// Parse reads one email.
func Parse(r io.Reader) (*Message, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, backend.Invalid("file", "The email file cannot be read: %v", err)
	}
	if len(raw) > MaxBytes {
		return nil, backend.Invalid("file", "The email file is larger than %d MB.", MaxBytes>>20)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, backend.Invalid("file", "The email file is empty.")
	}
	if bytes.HasPrefix(raw, []byte("\xD0\xCF\x11\xE0")) {
		return nil, backend.Invalid("file", "This is an Outlook message file (.msg), which Privacy Desk cannot read. Save the email as an .eml file (in Outlook on the web or the new Outlook: Download), or enter the request by hand.")
	}
	// The envelope line a mailbox puts before each message ("From sender date"), which
	// mailbox exports and some mail programs keep in a saved .eml, is not a header.
	if bytes.HasPrefix(raw, []byte("From ")) {
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			raw = raw[i+1:]
		}
	}
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) {
		return nil, backend.Invalid("file", "This is not an email file (.eml) that can be read: %s", printable(err.Error()))
	}
	h := gomail.Header{Header: e.Header}
	m := &Message{}
	if err := m.readFrom(h); err != nil {
		return nil, err
	}
	m.Subject = headerText(h, "Subject")
	m.MessageID = strings.Trim(headerText(h, "Message-Id"), "<> ")
	if d, err := h.Date(); err == nil && !d.IsZero() {
		m.Date = d.UTC()
	} else {
		m.DateText = headerText(h, "Date")
	}
	if IsWithdrawConsent(m.Subject) {
		m.ProposedRights = []backend.Right{backend.RightWithdrawConsent}
	}
	if err := m.readBody(gomail.NewReader(e)); err != nil {
		return nil, err
	}
	return m, nil
}

var addrInText = backend.LazyRegexp(`[^\s<>"(),;:]+@[^\s<>"(),;:]+\.[^\s<>"(),;:]+`)

// readFrom takes the sender: the first From address. An email without one cannot be a
// request we can answer, so it is refused.
func (m *Message) readFrom(h gomail.Header) error {
	rawFrom := strings.TrimSpace(headerText(h, "From"))
	if rawFrom == "" {
		return backend.Invalid("from", "The email has no sender (no From line), so there is no one to answer. Enter the request by hand.")
	}
	if list, err := h.AddressList("From"); err == nil && len(list) > 0 {
		m.FromName = strings.TrimSpace(toUTF8(list[0].Name))
		m.FromAddress = list[0].Address
		return nil
	}
	// A From that net/mail refuses (unquoted dots or commas in the name, raw 8-bit
	// bytes): keep the address if one is there, and the rest as the name.
	if a := addrInText().FindString(rawFrom); a != "" {
		if _, err := mail.ParseAddress(a); err == nil {
			m.FromAddress = a
			name := strings.NewReplacer("<"+a+">", "", a, "").Replace(rawFrom)
			m.FromName = strings.Trim(strings.TrimSpace(name), `"'`)
			return nil
		}
	}
	return backend.Invalid("from", "The email's sender (From: %s) has no address that can be read. Enter the request by hand.", rawFrom)
}

// headerText decodes a header's RFC 2047 encoded words and repairs raw 8-bit text.
func headerText(h gomail.Header, key string) string {
	v, err := h.Text(key)
	if err != nil {
		v = h.Get(key)
		if d, derr := (&mime.WordDecoder{CharsetReader: message.CharsetReader}).DecodeHeader(v); derr == nil {
			v = d
		}
	}
	return strings.Join(strings.Fields(toUTF8(v)), " ")
}

// printable keeps the readable characters of a parser's message, which may quote the
// bytes of a file that is not text.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return strings.Join(strings.Fields(s), " ")
}

// toUTF8 returns s unchanged when it is UTF-8, else reads it as Windows-1252.
func toUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	d, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return d
}

// readBody collects the text: every inline text/plain part, or, when there is none,
// every text/html part converted to text.
func (m *Message) readBody(mr *gomail.Reader) error {
	var plain, html []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if p == nil {
			// A broken MIME structure after some parts: keep what was read.
			if len(plain)+len(html) > 0 || errors.Is(err, io.ErrUnexpectedEOF) {
				break
			}
			return backend.Invalid("file", "The email's parts cannot be read: %v", err)
		}
		if err != nil && !message.IsUnknownCharset(err) {
			// The part's encoding is broken: skip it rather than guess at its bytes.
			io.Copy(io.Discard, p.Body)
			continue
		}
		// A part with a file name is a file the sender attached, also when it is marked
		// to be shown inline (a photo of an ID from a phone or Apple Mail): listed, and
		// its text is not the request's.
		if h, ok := p.Header.(*gomail.InlineHeader); ok {
			if name, _ := (&gomail.AttachmentHeader{Header: h.Header}).Filename(); name != "" {
				p.Header = &gomail.AttachmentHeader{Header: h.Header}
			}
		}
		switch h := p.Header.(type) {
		case *gomail.AttachmentHeader:
			name, _ := h.Filename()
			if name == "" {
				name = "(unnamed attachment)"
			}
			m.Attachments = append(m.Attachments, toUTF8(name))
			io.Copy(io.Discard, p.Body)
		case *gomail.InlineHeader:
			ct, _, _ := h.ContentType()
			if ct != "text/plain" && ct != "text/html" && ct != "" {
				io.Copy(io.Discard, p.Body)
				continue
			}
			b, rerr := io.ReadAll(io.LimitReader(p.Body, MaxBytes))
			if rerr != nil && len(b) == 0 {
				continue
			}
			text := normalizeNewlines(toUTF8(string(b)))
			if ct == "text/html" {
				html = append(html, htmlToText(text))
			} else {
				plain = append(plain, text)
			}
		}
	}
	switch {
	case len(plain) > 0:
		m.Body, m.BodyFrom = joinParts(plain), "text/plain"
	case len(html) > 0:
		m.Body, m.BodyFrom = joinParts(html), "text/html"
	}
	if utf8.RuneCountInString(m.Body) > MaxBodyChars {
		m.Body = string([]rune(m.Body)[:MaxBodyChars])
		m.BodyTruncated = true
	}
	return nil
}

func joinParts(parts []string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n\n")
}

func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// IsWithdrawConsent reports whether a subject reads WITHDRAW CONSENT: any case, spaces
// trimmed and collapsed, a final full stop or exclamation mark allowed. Only the whole
// subject counts; "Re: withdraw consent?" is a conversation, not the request.
func IsWithdrawConsent(subject string) bool {
	s := strings.Join(strings.Fields(subject), " ")
	s = strings.TrimRight(s, ".!")
	return strings.EqualFold(strings.TrimSpace(s), "withdraw consent")
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, backend.Invalid("file", "Cannot open %s: %v", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, backend.Invalid("file", "Cannot read %s: %v", path, err)
	}
	if len(b) > MaxBytes {
		return nil, backend.Invalid("file", "%s is larger than %d MB.", path, MaxBytes>>20)
	}
	return b, nil
}

func (m *Message) String() string {
	return fmt.Sprintf("%s <%s> %s %q", m.FromName, m.FromAddress, m.Date.Format(time.RFC3339), m.Subject)
}
