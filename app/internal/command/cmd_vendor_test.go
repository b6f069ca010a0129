package command

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

func TestVendorCommands(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}

	code, out, errs := runArgs(t, "--db", db, "vendor", "list", "--format", "json")
	if code != 0 {
		t.Fatalf("list json: exit %d %s", code, errs)
	}
	var list []vendorJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("list json: %v\n%s", err, out)
	}
	if len(list) != 13 || list[0].Name != "Claim.MD" {
		t.Fatalf("%d vendors, first %q", len(list), list[0].Name)
	}
	// Every field of the register is in the JSON, under its documented key.
	var raw []map[string]any
	json.Unmarshal([]byte(out), &raw)
	for _, key := range []string{"id", "name", "services", "category", "contactName", "contactEmail", "contactPhone", "website",
		"phiAccess", "dataCategories", "hosting", "subcontractors", "baaStatus", "baaReason", "baaReasonNote", "baaSignedOn",
		"baaEffectiveOn", "baaExpiresOn", "nextReviewOn", "baaDocument", "baaDocumentNotPdf", "checklist", "terminatedOn",
		"phiDisposition", "phiConfirmedOn", "notes", "createdAt", "updatedAt", "alerts"} {
		if _, ok := raw[0][key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	var openai, fax vendorJSON
	for _, v := range list {
		switch v.Name {
		case "OpenAI":
			openai = v
		case "Fax service (example: PHI without BAA)":
			fax = v
		}
	}
	if len(openai.Alerts) != 0 || len(fax.Alerts) != 1 || fax.Alerts[0].Kind != backend.AlertPHIWithoutBAA {
		t.Errorf("OpenAI alerts: %+v; the example fax service's: %+v", openai.Alerts, fax.Alerts)
	}

	code, out, errs = runArgs(t, "--db", db, "vendor", "list", "--format", "csv")
	if code != 0 {
		t.Fatalf("list csv: exit %d %s", code, errs)
	}
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 14 || records[0][0] != "Name" || records[0][len(records[0])-1] != "Updated (UTC)" {
		t.Fatalf("csv: %d records, header %v", len(records), records[0])
	}
	for _, r := range records[1:] {
		if r[0] == "Stripe" && (r[11] != "not-required" || r[12] != "payment-processing") {
			t.Errorf("Stripe row: %v", r)
		}
	}

	code, out, errs = runArgs(t, "--db", db, "vendor", "show", "healthcare blocks", "--json")
	if code != 0 {
		t.Fatalf("show: exit %d %s", code, errs)
	}
	var hb vendorJSON
	if err := json.Unmarshal([]byte(out), &hb); err != nil || hb.Name != "Healthcare Blocks" || len(hb.Checklist) != 12 || hb.Hosting == "" {
		t.Errorf("show json: %v %+v", err, hb.Vendor)
	}
	code, out, _ = runArgs(t, "--db", db, "vendor", "show", "--json", "Healthcare", "Blocks")
	if code != 0 || !strings.Contains(out, `"name": "Healthcare Blocks"`) {
		t.Errorf("show with flags first: exit %d %s", code, out)
	}
	code, out, _ = runArgs(t, "--db", db, "vendor", "show", "Twilio")
	if code != 0 || !strings.Contains(out, "45 CFR 164.504(e)(2)(ii)(J)") || !strings.Contains(out, "SMS and voice") {
		t.Errorf("show text: exit %d\n%s", code, out)
	}
	code, out, _ = runArgs(t, "--db", db, "vendor", "alerts")
	if code != 0 || !strings.Contains(out, "Fax service (example: PHI without BAA) has limited PHI access without a signed, current BAA") {
		t.Errorf("alerts: exit %d\n%s", code, out)
	}

	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"vendor"}, 2, "missing subcommand"},
		{[]string{"vendor", "frob"}, 2, "unknown subcommand"},
		{[]string{"vendor", "list", "--format", "xml"}, 2, "--format must be json or csv"},
		{[]string{"vendor", "list", "extra"}, 2, "unexpected argument"},
		{[]string{"vendor", "show"}, 2, "missing the vendor's name"},
		{[]string{"vendor", "show", "Nobody", "--json"}, 1, "No vendor is called \"Nobody\""},
		{[]string{"vendor", "--help"}, 0, "usage: privacydesk [--db FILE] vendor list"},
	} {
		code, _, errs := runArgs(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.stderr) {
			t.Errorf("%v: exit %d stderr %q; want %d %q", tc.args, code, errs, tc.code, tc.stderr)
		}
	}
}
