package correspondence

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// Draft is a letter as an email that Outlook, Thunderbird and Apple Mail open as an
// unsent draft (RFC 5322 with "X-Unsent: 1"): addressed to the letter's recipient, with
// those it copies, a short cover text and the PDF attached. The person reviews and sends
// it from their own mail program; nothing is sent from here.
type Draft struct {
	From     *gomail.Address
	To, Cc   []*gomail.Address
	Subject  string
	Date     time.Time
	Text     string
	FileName string
	PDF      []byte
}

// WriteDraft writes d as a MIME message: a text/plain cover and the PDF attachment.
func WriteDraft(w io.Writer, d Draft) error {
	var h gomail.Header
	h.SetDate(d.Date)
	if d.From != nil {
		h.SetAddressList("From", []*gomail.Address{d.From})
	}
	h.SetAddressList("To", d.To)
	if len(d.Cc) > 0 {
		h.SetAddressList("Cc", d.Cc)
	}
	h.SetSubject(d.Subject)
	h.Set("X-Unsent", "1") // mail programs open the file as a draft to edit and send
	mw, err := gomail.CreateWriter(w, h)
	if err != nil {
		return err
	}
	tw, err := mw.CreateInline()
	if err != nil {
		return err
	}
	var th gomail.InlineHeader
	th.Set("Content-Type", "text/plain; charset=utf-8")
	pw, err := tw.CreatePart(th)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(pw, d.Text); err != nil {
		return err
	}
	if err := pw.Close(); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	var ah gomail.AttachmentHeader
	ah.Set("Content-Type", "application/pdf")
	ah.SetFilename(d.FileName)
	aw, err := mw.CreateAttachment(ah)
	if err != nil {
		return err
	}
	if _, err := aw.Write(d.PDF); err != nil {
		return err
	}
	if err := aw.Close(); err != nil {
		return err
	}
	return mw.Close()
}

// draftOf makes the email draft of letter l from the data it was made with. A recipient
// without an email address cannot get a draft: that is refused on "recipient.email".
func draftOf(l letters.Letter, d *letters.Data, now time.Time) (Draft, error) {
	to := d.RecipientParty(l.Kind)
	if strings.TrimSpace(to.Email) == "" {
		return Draft{}, backend.Invalid("recipient.email", "%s has no email address, so there is no one to address the email draft to: record one, or write the letter as a PDF to print.", to.Name)
	}
	dr := Draft{To: []*gomail.Address{{Name: to.Name, Address: to.Email}}, Date: now,
		Subject:  fmt.Sprintf("%s, reference %s", l.Title, l.RequestRef),
		FileName: FileName(l), PDF: l.PDF}
	if p := d.Practice; strings.TrimSpace(p.Email) != "" {
		dr.From = &gomail.Address{Name: p.Name, Address: p.Email}
	}
	for _, c := range d.Copies {
		if strings.TrimSpace(c.Email) != "" {
			dr.Cc = append(dr.Cc, &gomail.Address{Name: c.Name, Address: c.Email})
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Dear %s,\n\nPlease find attached our letter about %s (%s).\n", to.Name, l.RequestRef, strings.ToLower(l.Title))
	if l.Kind == letters.KindVendorDirection {
		fmt.Fprintf(&b, "It contains personal information: please handle it as our agreement requires.\n")
	}
	fmt.Fprintf(&b, "\nSincerely,\n%s\n%s\n", firstNonEmpty(d.Practice.SignatoryName, d.Practice.PrivacyContact, "Privacy Office"), d.Practice.Name)
	dr.Text = b.String()
	return dr, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}
