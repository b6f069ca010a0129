package intake_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/backend/reporting"
)

func mustDate(t *testing.T, s string) backend.Date {
	t.Helper()
	d, err := backend.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestVendorsRoundTrip exports a register holding every field a person types, imports
// the file into a fresh database, exports again and compares every column an import
// carries.
func TestVendorsRoundTrip(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			src := testpractice.Open(t, filepath.Join(dir, "src", "pd.db"))
			checklist := []backend.ChecklistItem{{Clause: "i", Answer: backend.AnswerYes, Note: "Section 2"},
				{Clause: "ii-C", Answer: backend.AnswerNo}, {Clause: "ii-H", Answer: backend.AnswerNA, Note: "does not apply; see (a), (b)"}}
			for _, v := range []backend.Vendor{
				{Name: "Healthcare Blocks", Services: "Hosting", Category: backend.VendorHosting, ContactName: "Compliance",
					ContactEmail: "compliance@example.com", ContactPhone: "+1 555 010 2000", Website: "https://example.com",
					Address: "Healthcare Blocks Inc.\n100 Main St\nAustin, TX 78701", PHIAccess: backend.PHIFull,
					DataCategories: []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataHealth}, Hosting: "AWS us-east-1",
					Subcontractors: "AWS", BAAStatus: backend.BAASigned, BAASignedOn: mustDate(t, "2025-01-10"),
					BAAEffective: mustDate(t, "2025-01-15"), BAAExpiresOn: mustDate(t, "2027-01-15"), NextReviewOn: mustDate(t, "2026-06-01"),
					Checklist: checklist, Notes: "Line one\nline two"},
				{Name: "Stripe", PHIAccess: backend.PHILimited, BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptOther,
					BAAReasonNote: "Card payments only", Category: backend.VendorPayments},
				{Name: "Old EHR", PHIAccess: backend.PHIFull, BAAStatus: backend.BAATerminated, BAASignedOn: mustDate(t, "2020-01-01"),
					TerminatedOn: mustDate(t, "2025-06-30"), PHIDisposition: backend.PHIDestroyed, PHIConfirmedOn: mustDate(t, "2025-07-15")},
			} {
				if _, err := src.CreateVendor(v); err != nil {
					t.Fatal(err)
				}
			}
			first := filepath.Join(dir, "first."+format)
			if _, err := reporting.New(src).Export(context.Background(), reporting.ExportRequest{Kind: "vendors", Format: format, Out: first}, nil); err != nil {
				t.Fatal(err)
			}
			dst := testpractice.Open(t, filepath.Join(dir, "fresh", "pd.db"))
			if pv, _, err := commit(t, dst, "vendors", first); err != nil {
				t.Fatalf("import: %v (problems %v)", err, pv.Problems)
			}
			a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
			if _, err := reporting.New(src).Export(context.Background(), reporting.ExportRequest{Kind: "vendors", Out: a}, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := reporting.New(dst).Export(context.Background(), reporting.ExportRequest{Kind: "vendors", Out: b}, nil); err != nil {
				t.Fatal(err)
			}
			ra, rb := testpractice.ReadCSV(t, a), testpractice.ReadCSV(t, b)
			if len(ra) != len(rb) {
				t.Fatalf("%d rows exported, %d after the round trip", len(ra), len(rb))
			}
			// Not carried by an import: the signed BAA's file, and the row's own timestamps.
			skip := map[string]bool{"Signed BAA file": true, "Signed BAA SHA-256": true, "Signed BAA not a PDF": true,
				"Created (UTC)": true, "Updated (UTC)": true}
			for i := 1; i < len(ra); i++ {
				for j, h := range ra[0] {
					if !skip[h] && ra[i][j] != rb[i][j] {
						t.Errorf("%s, %s: %q became %q", ra[i][0], h, ra[i][j], rb[i][j])
					}
				}
			}
		})
	}
}

// A checklist or postal address that breaks the register's rules is refused naming its
// row and column, and nothing is stored.
func TestImportVendorChecklistRefusedByCell(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	file := filepath.Join(t.TempDir(), "vendors.csv")
	os.WriteFile(file, []byte("Vendor,BAA status,BAA signed,Checklist,Address\n"+
		"Acme Fax,signed,2025-01-10,i yes (Section 2; page 3); ii-J yes,\"1 Main St\nAustin\"\n"+
		"Beta Mail,signed,2025-01-10,ii-J maybe,\n"+
		"Gamma Chat,signed,2025-01-10,i yes; i no,"+strings.Repeat("a", 1001)+"\n"), 0o600)
	pv, out, err := commit(t, s, "vendors", file)
	if err == nil || out.Imported {
		t.Fatal("a file with bad checklists was imported")
	}
	var wheres []string
	for _, p := range pv.Problems {
		wheres = append(wheres, p.Where)
	}
	want := []string{"row 3, column Checklist", "row 4, column Checklist", "row 4, column Address"}
	if strings.Join(wheres, "|") != strings.Join(want, "|") {
		t.Errorf("problems at %q, want %q\n%v", wheres, want, pv.Problems)
	}
	if vs, _ := s.ListVendors(backend.VendorFilter{}); len(vs) != 0 {
		t.Errorf("a refused import stored %d vendors", len(vs))
	}
}

// A name already in the register (in any case) is refused on its row and column, like
// every other problem of a row, and nothing is stored.
func TestImportVendorNameInRegisterNamesTheRow(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	if _, err := s.CreateVendor(backend.Vendor{Name: "Acme Fax"}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "vendors.csv")
	os.WriteFile(file, []byte("Vendor,Services\nBeta Mail,Email\n ACME fax ,Fax\n"), 0o600)
	pv, out, err := commit(t, s, "vendors", file)
	if err == nil || out.Imported {
		t.Fatal("a vendor already in the register was imported again")
	}
	if len(pv.Problems) != 1 || pv.Problems[0].Where != "row 3, column Vendor" || !strings.Contains(pv.Problems[0].Message, "already in the register") {
		t.Errorf("problems %+v, want one on row 3, column Vendor", pv.Problems)
	}
	if vs, _ := s.ListVendors(backend.VendorFilter{}); len(vs) != 1 {
		t.Errorf("a refused import left %d vendors", len(vs))
	}
}
