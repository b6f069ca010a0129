package reporting_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"privacydesk/backend/internal/extool"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/backend/reporting"
)

// The BAA status report of the example practice, read back through pdftotext: on the
// letterhead, every vendor with its PHI access, status, dates, clauses checked and
// alerts, and each alert in full.
func TestBAAReportPDF(t *testing.T) {
	tool := extool.Need(t, "pdftotext", "poppler-utils")
	s := testpractice.Demo(t, 0)
	out := filepath.Join(t.TempDir(), "baa.pdf")
	res, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "baa", Format: "pdf", Out: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 13 {
		t.Errorf("%d vendors reported, want the example's 13", res.Rows)
	}
	raw, err := exec.Command(tool, "-layout", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Sessions, Inc.", "3948 Market St #24702", "contact@sessionshealth.com", "BAA status report", "As of 2 March 2026",
		"13 vendors · 10 with PHI access, 9 of them under a signed, current BAA with every clause checked · 3 alerts",
		"Needs attention",
		"Fax service (example: PHI without BAA) has limited PHI access without a signed, current BAA",
		"Transcription service (example: BAA expiring): the BAA expires on Mar 22, 2026, in 20 days.",
		"Scheduling app (example: review overdue): the review due on Feb 15, 2026 is 15 days overdue",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	// One table line per vendor, read across its columns.
	for _, line := range []*regexp.Regexp{
		regexp.MustCompile(`OpenAI\s+Limited\s+Signed\s+2025-11-02\s+–\s+2026-11-02\s+12/12\s+None`),
		regexp.MustCompile(`Stripe\s+None\s+Not required:\s+–\s+–\s+2026-08-29\s+–\s+None`),
		regexp.MustCompile(`Healthcare Blocks\s+Full\s+Signed\s+2024-03-22\s+–\s+2026-07-30\s+12/12\s+None`),
		regexp.MustCompile(`Fax service\s+Limited\s+Pending\s+–\s+–\s+2026-04-01\s+0/12\s+PHI without` /* BAA may wrap below */),
	} {
		if !line.MatchString(text) {
			t.Errorf("no line matches %s:\n%s", line, text)
		}
	}
	if testpractice.CountEvents(t, s, "export", "export") != 1 {
		t.Errorf("the report was not audited as an export")
	}
}
