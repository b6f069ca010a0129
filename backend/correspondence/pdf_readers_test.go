package correspondence

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"privacydesk/backend/internal/extool"
	"privacydesk/backend/letters"
)

// TestLettersReadByPopplerAndQpdf makes a letter of every kind, for the fixture's
// request where the kind fits it and for the template editor's example request where it
// does not, and reads each with the programs a recipient's viewer stands for: qpdf
// --check finds the file sound, pdffonts shows every font embedded, and pdftotext finds
// the requester's name and the reference.
func TestLettersReadByPopplerAndQpdf(t *testing.T) {
	qpdf := extool.Need(t, "qpdf", "qpdf")
	pdffonts := extool.Need(t, "pdffonts", "poppler-utils")
	pdftotext := extool.Need(t, "pdftotext", "poppler-utils")
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	dir := t.TempDir()
	real := 0
	for _, k := range letters.KindsList() {
		t.Run(string(k.Kind), func(t *testing.T) {
			d, err := f.c.LetterData(ctx, LetterInput{RequestRef: f.ref, Kind: k.Kind, VendorName: f.hb.Name, Response: "Enclosed."})
			if err == nil {
				err = letters.CheckFit(k.Kind, &d)
			}
			if err == nil {
				real++
			} else if d, _, err = f.c.ExampleLetterData(ctx, k.Kind); err != nil {
				t.Fatal(err)
			}
			name, ref := d.Requester.Name, d.Request.Reference
			if name == "" || ref == "" {
				t.Fatalf("letter data without a requester name (%q) or reference (%q)", name, ref)
			}
			pdf, err := letters.RenderBytes(letters.Builtin(k.Kind), d)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, string(k.Kind)+".pdf")
			if err := os.WriteFile(file, pdf, 0o600); err != nil {
				t.Fatal(err)
			}
			checkPDF(t, file, qpdf, pdffonts)
			out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			for _, want := range []string{strings.Join(strings.Fields(name), " "), ref} {
				if !strings.Contains(text, want) {
					t.Errorf("pdftotext does not find %q in:\n%s", want, text)
				}
			}
		})
	}
	if real < 3 { // acknowledgment, verify-identity, deletion-confirm at least
		t.Errorf("only %d kinds were made for the fixture's request", real)
	}
}

var fontLine = regexp.MustCompile(`^(\S+)\s+(.*?)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$`)

// checkPDF runs qpdf --check and pdffonts on file: the structure is sound and every
// font is embedded.
func checkPDF(t *testing.T, file, qpdf, pdffonts string) {
	t.Helper()
	if out, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command(pdffonts, file).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	fonts := 0
	for _, l := range lines[min(2, len(lines)):] { // after the header and the dashes
		m := fontLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("pdffonts line not understood: %q", l)
			continue
		}
		fonts++
		if m[3] != "yes" {
			t.Errorf("font %s is not embedded: %s", m[1], l)
		}
	}
	if fonts == 0 {
		t.Errorf("pdffonts lists no font:\n%s", out)
	}
}
