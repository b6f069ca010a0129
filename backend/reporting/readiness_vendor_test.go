package reporting_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/internal/extool"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
)

// TestReadinessLeavesEndedVendorsOut: a vendor whose agreement ended needs no current
// BAA (a vendor with tasks cannot be deleted, only terminated, so it stays in the
// register for good); what it still needs is the record of its PHI's return or
// destruction, as its alert says.
func TestReadinessLeavesEndedVendorsOut(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db"))
	date := func(s string) backend.Date { d, _ := backend.ParseDate(s); return d }
	if _, err := s.CreateVendor(backend.Vendor{Name: "Hosting Co", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: date("2025-06-01"), Checklist: backend.ChecklistAllPresent(nil)}); err != nil {
		t.Fatal(err)
	}
	old, err := s.CreateVendor(backend.Vendor{Name: "Old EHR", PHIAccess: backend.PHIFull, BAAStatus: backend.BAATerminated,
		BAASignedOn: date("2020-01-01"), TerminatedOn: date("2025-06-30")})
	if err != nil {
		t.Fatal(err)
	}
	if it := readinessOf(t, s)["baa"]; it.OK || it.Detail != "Old EHR (PHI return or destruction not recorded)." {
		t.Errorf("an ended vendor without its PHI's fate: %+v", it)
	}
	old.PHIDisposition, old.PHIConfirmedOn = backend.PHIDestroyed, date("2025-07-15")
	if _, err := s.UpdateVendor(old); err != nil {
		t.Fatal(err)
	}
	if it := readinessOf(t, s)["baa"]; !it.OK || !strings.Contains(it.Detail, "2 vendors, 1 with PHI access") {
		t.Errorf("an ended vendor whose PHI was destroyed: %+v", it)
	}
}

// The BAA report's summary counts, like the readiness item, the vendors with PHI access
// whose agreement is in force: an ended one is not "without a BAA".
func TestBAAReportSummaryLeavesEndedVendorsOut(t *testing.T) {
	tool := extool.Need(t, "pdftotext", "poppler-utils")
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db"))
	date := func(s string) backend.Date { d, _ := backend.ParseDate(s); return d }
	for _, v := range []backend.Vendor{
		{Name: "Hosting Co", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: date("2025-06-01"), Checklist: backend.ChecklistAllPresent(nil)},
		{Name: "Old EHR", PHIAccess: backend.PHIFull, BAAStatus: backend.BAATerminated, BAASignedOn: date("2020-01-01"), TerminatedOn: date("2025-06-30"),
			PHIDisposition: backend.PHIDestroyed, PHIConfirmedOn: date("2025-07-15")},
	} {
		if _, err := s.CreateVendor(v); err != nil {
			t.Fatal(err)
		}
	}
	flat := baaReportText(t, tool, s)
	if want := "2 vendors · 1 with PHI access, 1 of them under a signed, current BAA with every clause checked · 0 alerts"; !strings.Contains(flat, want) {
		t.Errorf("the summary is not %q:\n%s", want, flat)
	}
}

// The report's alert cell says "today" on the expiry day, as the register's badge does.
func TestBAAReportSaysExpiresToday(t *testing.T) {
	tool := extool.Need(t, "pdftotext", "poppler-utils")
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db"))
	date := func(s string) backend.Date { d, _ := backend.ParseDate(s); return d }
	if _, err := s.CreateVendor(backend.Vendor{Name: "Mailgun", PHIAccess: backend.PHILimited, BAAStatus: backend.BAASigned,
		BAASignedOn: date("2023-01-01"), BAAExpiresOn: date("2026-03-02"), Checklist: backend.ChecklistAllPresent(nil)}); err != nil {
		t.Fatal(err)
	}
	flat := baaReportText(t, tool, s)
	if !strings.Contains(flat, "BAA expires today") || strings.Contains(flat, "0 days") {
		t.Errorf("the report does not say the BAA expires today:\n%s", flat)
	}
}

// baaReportText is the BAA report of s as pdftotext (tool) reads it, its words joined by
// single spaces.
func baaReportText(t *testing.T, tool string, s *storage.Store) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "baa.pdf")
	if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "baa", Format: "pdf", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := exec.Command(tool, "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(raw)), " ")
}
