package reporting_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/internal/extool"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

func readinessOf(t *testing.T, s *storage.Store) map[string]backend.ReadinessItem {
	t.Helper()
	r, err := reporting.New(s).Readiness(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]backend.ReadinessItem{}
	for _, it := range r.Items {
		out[it.Key] = it
		if it.Label == "" || it.Detail == "" || it.Fix == "" {
			t.Errorf("%s: needs a label, a detail and where it is fixed: %+v", it.Key, it)
		}
	}
	if len(out) != 9 {
		t.Errorf("%d items, want 9", len(out))
	}
	ready := true
	for _, it := range out {
		ready = ready && it.OK
	}
	if r.Ready != ready {
		t.Errorf("Ready %v, items say %v", r.Ready, ready)
	}
	return out
}

// From an empty practice, where only the items about requests hold (no request overdue,
// none extended without its notice; nothing else is true of nothing recorded), to every item in place once the work is done; then the one-page
// PDF through pdftotext.
func TestReadinessFromEmptyToReady(t *testing.T) {
	testpg.SQLiteOnly(t, "automatic backups of a database file")
	ctx := context.Background()
	dir := t.TempDir()
	s := testpractice.Open(t, filepath.Join(dir, "pd", "privacydesk.db"))
	items := readinessOf(t, s)
	for key, it := range items {
		if it.OK != (key == "overdue" || key == "extensionNotices") {
			t.Errorf("empty practice: %s is OK=%v (%s)", key, it.OK, it.Detail)
		}
	}
	if d := items["baa"].Detail; !strings.Contains(d, "No vendor is registered yet") {
		t.Errorf("baa on no vendors: %q", d)
	}

	// The work.
	p := backend.DefaultPractice()
	p.Name, p.LegalEntity, p.State, p.HIPAARole = "Sessions, Inc.", "Sessions, Inc.", "MN", backend.HIPAACoveredEntity
	p.SignatoryName, p.SignatoryTitle = "Jordan Ellis", "Privacy Officer"
	p.PrivacyContact, p.Phone, p.Email, p.Address = "Privacy Officer", "+1 612 555 0100", "privacy@example.org", "3948 Market St\nMinneapolis, MN 55424"
	p.BackupFolder = filepath.Join(dir, "backups")
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	items = readinessOf(t, s)
	if !items["profile"].OK || !items["contacts"].OK || items["timeZone"].OK || items["backups"].OK {
		t.Errorf("after the profile: %+v", items)
	}
	if _, err := s.ConfirmPracticeZone("", p.TimeZone, p.HolidayCountry); err != nil {
		t.Fatal(err)
	}
	signed, _ := backend.ParseDate("2025-06-01")
	v, err := s.CreateVendor(backend.Vendor{Name: "Hosting Co", Services: "Hosting", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: signed, DataCategories: []backend.DataCategoryKey{backend.DataHealth}})
	if err != nil {
		t.Fatal(err)
	}
	if it := readinessOf(t, s)["baa"]; it.OK || !strings.Contains(it.Detail, "Hosting Co (checklist not complete)") {
		t.Errorf("an unchecked BAA: %+v", it)
	}
	if _, err := s.MarkVendorChecklistAllPresent(v.ID); err != nil {
		t.Fatal(err)
	}
	if it := readinessOf(t, s)["dataMap"]; it.OK {
		t.Errorf("the data map is filled before anything is recorded: %+v", it)
	}
	if _, err := s.SaveDataMap([]backend.DataCategory{{Key: backend.DataHealth, Collected: true, Disclosed: true, Purposes: "Treatment",
		Retention: "7 years", Vendors: []backend.VendorRef{{ID: v.ID, Name: v.Name}}}}); err != nil {
		t.Fatal(err)
	}
	key, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetRecoveryRecipient(ctx, key.Recipient().String()); err != nil {
		t.Fatal(err)
	}
	if it := readinessOf(t, s)["backups"]; it.OK || !strings.Contains(it.Detail, "No automatic backup") {
		t.Errorf("before the first automatic backup: %+v", it)
	}
	if _, made, err := backup.New(s, "test").Auto(ctx); err != nil || !made {
		t.Fatalf("automatic backup: %v %v", made, err)
	}
	items = readinessOf(t, s)
	for key, it := range items {
		if !it.OK {
			t.Errorf("after the work: %s is still missing: %s", key, it.Detail)
		}
	}

	tool := extool.Need(t, "pdftotext", "poppler-utils")
	out := filepath.Join(dir, "ready.pdf")
	if _, err := reporting.New(s).Export(ctx, reporting.ExportRequest{Kind: "readiness", Format: "pdf", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command(tool, "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(txt)), " ")
	for _, want := range []string{"Sessions, Inc.", "Ready for an audit", "As of 2 March 2026: all 9 in place.", "Practice profile complete",
		"Time zone confirmed", "Data map filled", "Every vendor with PHI access under a current, checked BAA", "Backups running and restorable",
		"Recovery key made", "Letters' contact details complete", "No request overdue", "Every extension told to the requester in time", "In place"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(flat, "To do") || strings.Count(string(txt), "\f") != 1 {
		t.Errorf("want one page, all in place:\n%s", txt)
	}
}
