package backend

import (
	"reflect"
	"strings"
	"testing"
)

func vdate(s string) Date {
	p, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return p
}

// validVendor is a vendor that passes validation; cases change one thing.
func validVendor() Vendor {
	return Vendor{Name: "Healthcare Blocks", Category: VendorHosting, PHIAccess: PHIFull, BAAStatus: BAASigned,
		BAASignedOn: vdate("2025-01-10"), BAAEffective: vdate("2025-01-15"), BAAExpiresOn: vdate("2027-01-15"),
		NextReviewOn: vdate("2026-01-10"), ContactEmail: "privacy@example.com", Website: "https://example.com",
		DataCategories: []DataCategoryKey{DataHealth, DataIdentifiers, DataHealth}}
}

func TestVendorValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(v *Vendor)
		field  string // "" when valid
	}{
		{"valid", func(v *Vendor) {}, ""},
		{"missing name", func(v *Vendor) { v.Name = "  " }, "name"},
		{"name too long", func(v *Vendor) { v.Name = strings.Repeat("a", 201) }, "name"},
		{"unicode name", func(v *Vendor) { v.Name = "Łukasz Zoë 王小明 GmbH" }, ""},
		{"unknown category", func(v *Vendor) { v.Category = "cloud" }, "category"},
		{"unknown phi access", func(v *Vendor) { v.PHIAccess = "some" }, "phiAccess"},
		{"unknown status", func(v *Vendor) { v.BAAStatus = "maybe" }, "baaStatus"},
		{"bad email", func(v *Vendor) { v.ContactEmail = "privacy at example" }, "contactEmail"},
		{"bad phone", func(v *Vendor) { v.ContactPhone = "call me" }, "contactPhone"},
		{"bad website", func(v *Vendor) { v.Website = "ftp://example.com" }, "website"},
		{"bare domain website", func(v *Vendor) { v.Website = "example.com" }, ""},
		{"website without dot", func(v *Vendor) { v.Website = "localhost" }, "website"},
		{"unknown data category", func(v *Vendor) { v.DataCategories = []DataCategoryKey{"dna"} }, "dataCategories"},
		{"expiration before effective", func(v *Vendor) { v.BAAExpiresOn = vdate("2025-01-14") }, "baaExpiresOn"},
		{"expiration before signing", func(v *Vendor) { v.BAAEffective = Date{}; v.BAAExpiresOn = vdate("2025-01-09") }, "baaExpiresOn"},
		{"previous BAA's end without the renewal's start", func(v *Vendor) { v.BAAEffective = Date{}; v.PriorBAAEndsOn = vdate("2025-01-14") }, "baaEffectiveOn"},
		{"previous BAA's end before 1990", func(v *Vendor) { v.PriorBAAEndsOn = vdate("1989-12-31") }, "priorBaaEndsOn"},
		{"previous BAA's end", func(v *Vendor) { v.PriorBAAEndsOn = vdate("2025-01-14") }, ""},
		{"review before signing", func(v *Vendor) { v.NextReviewOn = vdate("2025-01-09") }, "nextReviewOn"},
		{"review on signing day", func(v *Vendor) { v.NextReviewOn = vdate("2025-01-10") }, ""},
		{"signed without date", func(v *Vendor) { v.BAASignedOn = Date{} }, "baaSignedOn"},
		{"year typo", func(v *Vendor) { v.BAAEffective = vdate("0202-01-01") }, "baaEffectiveOn"},
		{"not required without reason", func(v *Vendor) { v.BAAStatus = BAANotRequired; v.PHIAccess = PHINone }, "baaReason"},
		{"not required, unknown reason", func(v *Vendor) { v.BAAStatus = BAANotRequired; v.BAAReason = "cheap" }, "baaReason"},
		{"not required, payment processing", func(v *Vendor) {
			v.BAAStatus, v.BAAReason, v.PHIAccess = BAANotRequired, ExemptPaymentProcessing, PHILimited
		}, ""},
		{"not required, no PHI but PHI access", func(v *Vendor) { v.BAAStatus, v.BAAReason = BAANotRequired, ExemptNoPHI }, "baaReason"},
		{"not required, other without note", func(v *Vendor) { v.BAAStatus, v.BAAReason = BAANotRequired, ExemptOther }, "baaReasonNote"},
		{"not required, other with note", func(v *Vendor) {
			v.BAAStatus, v.BAAReason, v.BAAReasonNote = BAANotRequired, ExemptOther, "Covered entity itself"
		}, ""},
		{"terminated without date", func(v *Vendor) { v.BAAStatus = BAATerminated }, "terminatedOn"},
		{"terminated before signing", func(v *Vendor) { v.BAAStatus, v.TerminatedOn = BAATerminated, vdate("2024-12-31") }, "terminatedOn"},
		{"disposition without termination", func(v *Vendor) { v.PHIDisposition = PHIDestroyed }, "phiDisposition"},
		{"unknown disposition", func(v *Vendor) { v.TerminatedOn, v.PHIDisposition = vdate("2026-01-01"), "shredded" }, "phiDisposition"},
		{"confirmation without disposition", func(v *Vendor) { v.TerminatedOn, v.PHIConfirmedOn = vdate("2026-01-01"), vdate("2026-01-05") }, "phiDisposition"},
		{"confirmation before termination", func(v *Vendor) {
			v.TerminatedOn, v.PHIDisposition, v.PHIConfirmedOn = vdate("2026-01-01"), PHIReturned, vdate("2025-12-01")
		}, "phiConfirmedOn"},
		{"complete termination", func(v *Vendor) {
			v.BAAStatus, v.TerminatedOn, v.PHIDisposition, v.PHIConfirmedOn = BAATerminated, vdate("2026-01-01"), PHIReturned, vdate("2026-01-20")
		}, ""},
		{"unknown clause", func(v *Vendor) { v.Checklist = []ChecklistItem{{Clause: "iv", Answer: AnswerYes}} }, "checklist"},
		{"bad answer", func(v *Vendor) { v.Checklist = []ChecklistItem{{Clause: "ii-J", Answer: "maybe"}} }, "checklist.ii-J"},
		{"control character in notes", func(v *Vendor) { v.Notes = "a\x00b" }, "notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := validVendor()
			tt.change(&v)
			err := v.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorField(err) != tt.field {
				t.Fatalf("want invalid %s, got %v (field %q)", tt.field, err, ErrorField(err))
			}
		})
	}
}

func TestVendorValidateNormalises(t *testing.T) {
	v := Vendor{Name: "  Stripe ", BAAStatus: BAANotRequired, BAAReason: ExemptPaymentProcessing,
		DataCategories: []DataCategoryKey{DataCustomerRecords, DataIdentifiers, DataCustomerRecords},
		Checklist:      []ChecklistItem{{Clause: "iii", Answer: AnswerYes, Note: "s. 9.2"}}}
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	if v.Name != "Stripe" || v.Category != VendorOther || v.PHIAccess != PHINone {
		t.Errorf("defaults not applied: %q %q %q", v.Name, v.Category, v.PHIAccess)
	}
	if got := v.DataCategories; len(got) != 2 || got[0] != DataIdentifiers || got[1] != DataCustomerRecords {
		t.Errorf("categories not in map order without duplicates: %v", got)
	}
	if len(v.Checklist) != len(BAAClauses) {
		t.Fatalf("checklist has %d rows, want one per clause (%d)", len(v.Checklist), len(BAAClauses))
	}
	last := v.Checklist[len(v.Checklist)-1]
	if last.Clause != "iii" || last.Answer != AnswerYes || last.Note != "s. 9.2" {
		t.Errorf("answer lost: %+v", last)
	}
	if v.Checklist[0].Clause != "i" || v.Checklist[0].Answer != AnswerUnchecked {
		t.Errorf("first row: %+v", v.Checklist[0])
	}
	// The reason is dropped when the status no longer needs one.
	v.BAAStatus = BAAPending
	if err := v.Validate(); err != nil || v.BAAReason != "" {
		t.Errorf("reason kept with status pending: %q, %v", v.BAAReason, err)
	}
}

func TestBAAClausesCiteTheRegulation(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range BAAClauses {
		if seen[c.ID] {
			t.Errorf("duplicate clause %s", c.ID)
		}
		seen[c.ID] = true
		// ii-A is paragraph (ii)(A).
		want := "45 CFR 164.504(e)(2)(" + strings.ReplaceAll(c.ID, "-", ")(") + ")"
		if c.Citation != want {
			t.Errorf("clause %s cites %q, want %q", c.ID, c.Citation, want)
		}
	}
	// (i), (ii)(A) to (J) and (iii).
	if len(BAAClauses) != 12 {
		t.Errorf("%d clauses, want 12", len(BAAClauses))
	}
}

func TestDataCategoryValidate(t *testing.T) {
	tests := []struct {
		name  string
		row   DataCategory
		field string
	}{
		{"not collected", DataCategory{Key: DataBiometric}, ""},
		{"collected with purpose", DataCategory{Key: DataIdentifiers, Collected: true, Purposes: "Scheduling"}, ""},
		{"unknown key", DataCategory{Key: "dna"}, "key"},
		{"collected without purpose", DataCategory{Key: DataIdentifiers, Collected: true}, "purposes"},
		{"disclosed not collected", DataCategory{Key: DataIdentifiers, Disclosed: true}, "disclosed"},
		{"vendors but not disclosed", DataCategory{Key: DataIdentifiers, Collected: true, Purposes: "x", Vendors: []VendorRef{{1, "Stripe"}}}, "disclosed"},
		{"long retention", DataCategory{Key: DataIdentifiers, Retention: strings.Repeat("x", 2001)}, "retention"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.row.Validate()
			if tt.field == "" && err != nil {
				t.Fatalf("want valid, got %v", err)
			}
			if tt.field != "" && ErrorField(err) != tt.field {
				t.Fatalf("want invalid %s, got %v", tt.field, err)
			}
		})
	}
	if len(DataCategoryInfos) != 13 {
		t.Errorf("%d categories, want 13", len(DataCategoryInfos))
	}
}

func TestVendorMismatch(t *testing.T) {
	c := DataCategory{Key: DataGeolocation, Vendors: []VendorRef{{1, "Twilio"}}}
	if !strings.Contains(c.VendorMismatch(), "Twilio") {
		t.Errorf("mismatch not reported: %q", c.VendorMismatch())
	}
	c.Collected, c.Disclosed = true, true
	if c.VendorMismatch() != "" {
		t.Errorf("consistent row reported: %q", c.VendorMismatch())
	}
}

func TestStoredFileIsPDF(t *testing.T) {
	var none *StoredFile
	if none.IsPDF() || (&StoredFile{Type: "image/png"}).IsPDF() || !(&StoredFile{Type: "application/pdf"}).IsPDF() {
		t.Error("IsPDF wrong")
	}
}

func FuzzVendorValidate(f *testing.F) {
	f.Add("Stripe", "https://stripe.com", "+1 555 0100", "not-required", "", "2025-01-01", "2024-01-01")
	f.Add("", "x", "", "signed", "payment-processing", "2025-13-01", "")
	f.Fuzz(func(t *testing.T, name, site, phone, status, reason, eff, exp string) {
		v := Vendor{Name: name, Website: site, ContactPhone: phone, BAAStatus: BAAStatus(status), BAAReason: BAAExemption(reason)}
		v.BAAEffective, _ = ParseDate(eff)
		v.BAAExpiresOn, _ = ParseDate(exp)
		err := v.Validate()
		if err != nil && ErrorCode(err) != EINVALID {
			t.Fatalf("validation returned a non-validation error: %v", err)
		}
		if err == nil {
			if strings.TrimSpace(v.Name) == "" {
				t.Fatal("accepted an empty name")
			}
			if v.BAAStatus == BAANotRequired && v.BAAReason == "" {
				t.Fatal("accepted not-required without a reason")
			}
			if !v.BAAExpiresOn.IsZero() && !v.BAAEffective.IsZero() && v.BAAExpiresOn.Before(v.BAAEffective) {
				t.Fatal("accepted an expiry before the effective date")
			}
		}
	})
}

func TestAnsweredChecklist(t *testing.T) {
	tests := []struct {
		name  string
		items []ChecklistItem
		want  []string
	}{
		{"none", nil, nil},
		{"unchecked left out", []ChecklistItem{{Clause: "i"}, {Clause: "ii", Answer: AnswerUnchecked, Note: "ask"}}, nil},
		{"answer and note", []ChecklistItem{
			{Clause: "i", Answer: AnswerYes},
			{Clause: "ii"},
			{Clause: "iii", Answer: AnswerNo, Note: "s. 9.2"},
			{Clause: "iv", Answer: AnswerNA},
		}, []string{"i yes", "iii no (s. 9.2)", "iv n/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AnsweredChecklist(tt.items); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("AnsweredChecklist = %q, want %q", got, tt.want)
			}
		})
	}
}
