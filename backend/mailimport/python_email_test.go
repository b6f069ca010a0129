package mailimport

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend/internal/extool"
)

// pyMail is what Python's email package reads from one .eml (testdata/python_email.py).
type pyMail struct {
	Defects     []string
	FromName    string
	FromAddress string
	Subject     string
	MessageID   string `json:"messageId"`
	Date        string
	BodyFrom    string
	BodyError   string
	Body        string
	Attachments []struct {
		Name, Type string
		Size       int
	}
}

// beyondStandard are the fixtures whose headers break the standard on purpose, and
// which Python's email package therefore marks with a defect: the importer recovers
// what they mean. Every other fixture must read the same in both.
var beyondStandard = map[string]string{
	"unquoted-name-from.eml":       "a display name with an unquoted comma and dots",
	"raw-8bit-unknown-charset.eml": "raw Windows-1252 bytes in the headers and a charset no one knows",
	"bad-from.eml":                 "no address in From (refused)",
}

// collapse folds runs of white space into one space and trims the ends.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestEmailsReadTheSameInPythonsEmailPackage parses every .eml fixture with Python's
// email package (default policy) and compares what it reads with what the importer
// reads: sender, subject, date, Message-ID, the body, and the attachments' names (each
// with content that decodes).
func TestEmailsReadTheSameInPythonsEmailPackage(t *testing.T) {
	py := extool.Python(t, "python3 (its email package)", "email")
	files, _ := filepath.Glob("testdata/*.eml")
	if len(files) < 5 {
		t.Fatalf("only %d fixtures", len(files))
	}
	out, err := exec.Command(py, append([]string{"testdata/python_email.py"}, files...)...).Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var got map[string]pyMail
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			p, ok := got[name]
			if !ok {
				t.Fatal("Python did not read it")
			}
			m, err := ParseFile(f)
			if err != nil {
				// Refused by the importer: Python finds no address either.
				if strings.Contains(p.FromAddress, "@") {
					t.Errorf("refused (%v), but Python reads From %q <%s>", err, p.FromName, p.FromAddress)
				}
				return
			}
			reason, beyond := beyondStandard[name]
			if beyond != (len(p.Defects) > 0) {
				t.Fatalf("Python's defects %v; the test lists it as beyond the standard: %v (%s)", p.Defects, beyond, reason)
			}
			if !beyond {
				if m.FromName != p.FromName || m.FromAddress != p.FromAddress {
					t.Errorf("From: importer %q <%s>, Python %q <%s>", m.FromName, m.FromAddress, p.FromName, p.FromAddress)
				}
				if collapse(m.Subject) != collapse(p.Subject) {
					t.Errorf("Subject: importer %q, Python %q", m.Subject, p.Subject)
				}
			}
			date := ""
			if !m.Date.IsZero() {
				date = m.Date.UTC().Format("2006-01-02T15:04:05Z")
			}
			if date != p.Date || m.MessageID != p.MessageID {
				t.Errorf("Date %q Message-ID %q: Python %q %q", date, m.MessageID, p.Date, p.MessageID)
			}
			if p.BodyError == "" {
				if m.BodyFrom != p.BodyFrom {
					t.Errorf("body from %s, Python %s", m.BodyFrom, p.BodyFrom)
				}
				if collapse(m.Body) != collapse(p.Body) {
					t.Errorf("body:\nimporter %q\nPython   %q", collapse(m.Body), collapse(p.Body))
				}
			}
			var names []string
			for _, a := range p.Attachments {
				names = append(names, a.Name)
				if a.Size == 0 || a.Type == "" {
					t.Errorf("attachment %+v: empty in Python", a)
				}
			}
			if strings.Join(m.Attachments, "|") != strings.Join(names, "|") {
				t.Errorf("attachments: importer %q, Python %q", m.Attachments, names)
			}
		})
	}
}
