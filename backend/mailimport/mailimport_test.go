package mailimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"privacydesk/backend"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestParseGolden parses every hand-written .eml in testdata that should be accepted
// and compares the result with its .golden.json (-update rewrites them; a missing
// golden fails).
func TestParseGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.eml")
	refused := map[string]bool{"no-from.eml": true, "bad-from.eml": true}
	n := 0
	for _, f := range files {
		if refused[filepath.Base(f)] {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			m, err := ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(m, "", "  ")
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".eml") + ".golden.json"
			if *update {
				os.WriteFile(golden, got, 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	if n < 5 {
		t.Fatalf("only %d test emails", n)
	}
}

// TestParseFacts states the important facts of each email directly, so a wrong golden
// file cannot hide them.
func TestParseFacts(t *testing.T) {
	cases := []struct {
		file, name, addr, date, subject, bodyFrom, bodyHas string
		withdraw                                           bool
		attachments                                        int
	}{
		{"plain-withdraw.eml", "Zoë O'Brien-Núñez", "zoe@example.org", "2026-03-02T15:15:00Z", "withdraw consent.", "text/plain", "stop using my mobile number", true, 0},
		{"latin1-qp.eml", "Jürgen Müller", "juergen@example.de", "2026-03-03T16:02:11Z", "Auskunft nach Art. 15 DSGVO - bitte um Kopie", "text/plain", "Auskunft über alle Daten, die Sie über mich gespeichert haben", false, 0},
		{"multipart-alt-attachment.eml", "Renee Dubois, Jr.", "renee@example.fr", "2026-03-04T08:00:00Z", "Deletion request", "text/plain", "records – all of them — including the “intake” form. I’m moving to Zürich", false, 2},
		{"html-only.eml", "王小明", "wang@example.cn", "2026-03-05T20:00:00Z", "Do not sell — opt out", "text/html", "I want to opt out of the sale of my data.", false, 0},
		{"raw-8bit-unknown-charset.eml", "José Peña", "jose@example.com", "0001-01-01T00:00:00Z", "Corrección de datos", "text/plain", "Mi dirección cambió: Calle Mañana 5.", false, 0},
		{"unquoted-name-from.eml", "Dr. A. Smith, MD", "smith@example.com", "2026-03-02T15:15:00Z", "WITHDRAW CONSENT", "text/plain", "research use", true, 0},
	}
	for _, c := range cases {
		m, err := ParseFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if m.FromName != c.name || m.FromAddress != c.addr {
			t.Errorf("%s: from %q <%s>", c.file, m.FromName, m.FromAddress)
		}
		if got := m.Date.Format("2006-01-02T15:04:05Z07:00"); got != c.date {
			t.Errorf("%s: date %s, want %s", c.file, got, c.date)
		}
		if m.Subject != c.subject {
			t.Errorf("%s: subject %q", c.file, m.Subject)
		}
		if m.BodyFrom != c.bodyFrom || !strings.Contains(m.Body, c.bodyHas) {
			t.Errorf("%s: body (%s) %q lacks %q", c.file, m.BodyFrom, m.Body, c.bodyHas)
		}
		if withdraw := len(m.ProposedRights) == 1 && m.ProposedRights[0] == backend.RightWithdrawConsent; withdraw != c.withdraw {
			t.Errorf("%s: proposed rights %v", c.file, m.ProposedRights)
		}
		if len(m.Attachments) != c.attachments {
			t.Errorf("%s: attachments %v", c.file, m.Attachments)
		}
	}
	m, _ := ParseFile("testdata/html-only.eml")
	for _, bad := range []string{"alert", "<b>", "script", "&amp;"} {
		if strings.Contains(m.Body, bad) {
			t.Errorf("HTML body keeps %q: %q", bad, m.Body)
		}
	}
	if !strings.Contains(m.Body, "- Name: <Wang> 王小明\n- Phone: +1 555 0100") || !strings.Contains(m.Body, "Thanks & regards") {
		t.Errorf("HTML body structure: %q", m.Body)
	}
	m, _ = ParseFile("testdata/multipart-alt-attachment.eml")
	if m.Attachments[0] != "signed-form.pdf" || m.Attachments[1] != "Führerschein Kopie.jpg" {
		t.Errorf("attachment names %q", m.Attachments)
	}
}

func TestParseRefusals(t *testing.T) {
	cases := []struct {
		name, in, field, want string
	}{
		{"no From", "", "from", "no sender"},
		{"From without an address", "", "from", "no address that can be read"},
		{"empty file", "", "file", "empty"},
		{"blank From", "From:   \r\nSubject: x\r\n\r\nbody", "from", "no sender"},
	}
	files := map[string]string{"no From": "testdata/no-from.eml", "From without an address": "testdata/bad-from.eml"}
	for _, c := range cases {
		var err error
		if f, ok := files[c.name]; ok {
			_, err = ParseFile(f)
		} else {
			_, err = Parse(strings.NewReader(c.in))
		}
		if backend.ErrorField(err) != c.field || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := ParseFile("testdata/does-not-exist.eml"); backend.ErrorField(err) != "file" {
		t.Errorf("missing file: %v", err)
	}
	big := "From: a@b.co\r\n\r\n" + strings.Repeat("x", MaxBytes)
	if _, err := Parse(strings.NewReader(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge email: %v", err)
	}
	long := "From: a@b.co\r\nContent-Type: text/plain\r\n\r\n" + strings.Repeat("ü", MaxBodyChars+10)
	m, err := Parse(strings.NewReader(long))
	if err != nil || !m.BodyTruncated || utf8.RuneCountInString(m.Body) != MaxBodyChars {
		t.Errorf("long body: %v truncated=%v", err, m != nil && m.BodyTruncated)
	}
}

func TestIsWithdrawConsent(t *testing.T) {
	cases := map[string]bool{
		"WITHDRAW CONSENT":        true,
		"withdraw consent":        true,
		"  Withdraw   Consent  ":  true,
		"WITHDRAW CONSENT.":       true,
		"Withdraw consent!":       true,
		"withdraw\tconsent":       true,
		"Re: WITHDRAW CONSENT":    false,
		"withdraw consent?":       false,
		"withdrawn consent":       false,
		"WITHDRAW CONSENT please": false,
		"":                        false,
		"consent withdraw":        false,
	}
	for s, want := range cases {
		if got := IsWithdrawConsent(s); got != want {
			t.Errorf("%q: %v", s, got)
		}
	}
}

// FuzzParse: any input ends in a field error or a message with a sender, all text
// UTF-8, and quickly (a parser that loops on a broken part would hang an import).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.eml")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("From: a@b.co\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		type result struct {
			m   *Message
			err error
		}
		done := make(chan result, 1)
		go func() {
			m, err := Parse(bytes.NewReader(b))
			done <- result{m, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse did not finish in 10 s on %q", b)
		}
		if r.err != nil {
			var be *backend.Error
			if !errors.As(r.err, &be) || be.Code != backend.EINVALID {
				t.Fatalf("not a validation error: %#v", r.err)
			}
			return
		}
		m := r.m
		if m.FromAddress == "" {
			t.Fatalf("accepted without a sender address")
		}
		for _, s := range append([]string{m.FromName, m.FromAddress, m.Subject, m.Body, m.MessageID}, m.Attachments...) {
			if !utf8.ValidString(s) {
				t.Fatalf("not UTF-8: %q", s)
			}
		}
	})
}

// TestParseInlineFilesAreAttachments: Apple Mail and phones send a photo of an ID or a
// file "inline" (Content-Disposition: inline with a file name). It is a file the
// requester attached: listed with the others, and its text is not the request's body.
func TestParseInlineFilesAreAttachments(t *testing.T) {
	eml := "From: Ann Lee <ann@example.org>\r\nSubject: My records\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPlease send my records.\r\n" +
		"--b\r\nContent-Type: image/jpeg; name=\"id.jpg\"\r\nContent-Disposition: inline; filename=\"id.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n" +
		"--b\r\nContent-Type: text/plain; name=\"old address.txt\"\r\nContent-Disposition: inline; filename=\"old address.txt\"\r\n\r\n5 Elm St\r\n" +
		"--b\r\nContent-Type: application/pdf; name=\"form.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n" +
		"--b--\r\n"
	m, err := Parse(strings.NewReader(eml))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.Attachments, "|") != "id.jpg|old address.txt|form.pdf" {
		t.Errorf("attachments %q", m.Attachments)
	}
	if m.Body != "Please send my records." {
		t.Errorf("body %q", m.Body)
	}
}

// TestParseWhatMailProgramsSave: mailbox exports and some mail programs start the file
// with an envelope line ("From - Mon Mar  2 09:00:00 2026"), which is not a header; Outlook on
// Windows saves a .msg, which is not an email file at all and is named as such; a file
// that is not an email is refused in plain words, never with its raw bytes.
func TestParseWhatMailProgramsSave(t *testing.T) {
	for _, envelope := range []string{"From - Mon Mar  2 09:00:00 2026\r\n", "From ann@example.org Mon Mar  2 09:00:00 2026\n"} {
		m, err := Parse(strings.NewReader(envelope + "From: Ann Lee <ann@example.org>\r\nSubject: My records\r\n\r\nPlease send them.\r\n"))
		if err != nil || m.FromAddress != "ann@example.org" || m.Subject != "My records" || m.Body != "Please send them." {
			t.Errorf("with envelope line %q: %v %+v", envelope, err, m)
		}
	}
	msg := "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00\x00\x00\x00\x00\x3E\x00\x03\x00\xFE\xFF\x09\x00"
	if _, err := Parse(strings.NewReader(msg)); backend.ErrorField(err) != "file" || !strings.Contains(err.Error(), "Outlook") {
		t.Errorf(".msg: %v", err)
	}
	_, err := Parse(strings.NewReader("\x01\x02\x03 not: an\x00 email \xff\xfe\r\n\r\n"))
	if backend.ErrorField(err) != "file" || !utf8.ValidString(err.Error()) || strings.ContainsAny(err.Error(), "\x00\x01\x02\x03") {
		t.Errorf("not an email: %q", err)
	}
}
