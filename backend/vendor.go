package backend

import (
	"net/url"
	"strings"
	"time"
)

// VendorCategory is what kind of service a vendor provides to the practice.
type VendorCategory string

const (
	VendorHosting       VendorCategory = "hosting"
	VendorTelehealth    VendorCategory = "telehealth"
	VendorMonitoring    VendorCategory = "monitoring"
	VendorSupport       VendorCategory = "support"
	VendorClearinghouse VendorCategory = "clearinghouse"
	VendorMessaging     VendorCategory = "messaging"
	VendorEmail         VendorCategory = "email"
	VendorAI            VendorCategory = "ai"
	VendorPayments      VendorCategory = "payments"
	VendorOther         VendorCategory = "other"
)

// VendorCategories lists the categories in display order.
var VendorCategories = []VendorCategory{VendorHosting, VendorTelehealth, VendorMonitoring, VendorSupport,
	VendorClearinghouse, VendorMessaging, VendorEmail, VendorAI, VendorPayments, VendorOther}

// Valid reports whether c is a known category.
func (c VendorCategory) Valid() bool { return vendorEnumHas(VendorCategories, c) }

// PHIAccess is how much protected health information a vendor can see.
type PHIAccess string

const (
	PHINone    PHIAccess = "none"
	PHILimited PHIAccess = "limited"
	PHIFull    PHIAccess = "full"
)

// PHIAccessLevels lists the levels in display order.
var PHIAccessLevels = []PHIAccess{PHINone, PHILimited, PHIFull}

// Valid reports whether a is a known level.
func (a PHIAccess) Valid() bool { return vendorEnumHas(PHIAccessLevels, a) }

// BAAStatus is where the practice stands with a vendor's business associate agreement.
type BAAStatus string

const (
	BAASigned      BAAStatus = "signed"
	BAAPending     BAAStatus = "pending"
	BAANotRequired BAAStatus = "not-required"
	BAAExpired     BAAStatus = "expired"
	BAATerminated  BAAStatus = "terminated"
)

// BAAStatuses lists the statuses in display order.
var BAAStatuses = []BAAStatus{BAASigned, BAAPending, BAANotRequired, BAAExpired, BAATerminated}

// Valid reports whether s is a known status.
func (s BAAStatus) Valid() bool { return vendorEnumHas(BAAStatuses, s) }

// BAAExemption is why a vendor needs no BAA (docs/legal.md#business-associate-agreements).
type BAAExemption string

const (
	// ExemptPaymentProcessing: a financial institution processing payment transactions
	// only is not a business associate (HIPAA section 1179, 42 U.S.C. 1320d-8).
	ExemptPaymentProcessing BAAExemption = "payment-processing"
	// ExemptConduit: a conduit that only transmits PHI and has no routine access to it
	// (HHS guidance on the conduit exception).
	ExemptConduit BAAExemption = "conduit"
	// ExemptNoPHI: the vendor creates, receives, maintains or transmits no PHI at all.
	ExemptNoPHI BAAExemption = "no-phi"
	// ExemptOther: another reason, explained in BAAReasonNote.
	ExemptOther BAAExemption = "other"
)

// BAAExemptions lists the reasons in display order.
var BAAExemptions = []BAAExemption{ExemptPaymentProcessing, ExemptConduit, ExemptNoPHI, ExemptOther}

// Valid reports whether e is a known reason.
func (e BAAExemption) Valid() bool { return vendorEnumHas(BAAExemptions, e) }

// PHIDisposition is what happened to the PHI a vendor held when the agreement ended
// (45 CFR 164.504(e)(2)(ii)(J)).
type PHIDisposition string

const (
	PHIReturned   PHIDisposition = "returned"
	PHIDestroyed  PHIDisposition = "destroyed"
	PHIInfeasible PHIDisposition = "infeasible" // kept, protections extended, further use limited
)

// PHIDispositions lists the outcomes in display order.
var PHIDispositions = []PHIDisposition{PHIReturned, PHIDestroyed, PHIInfeasible}

// Valid reports whether d is a known outcome.
func (d PHIDisposition) Valid() bool { return vendorEnumHas(PHIDispositions, d) }

// ChecklistAnswer records whether a signed BAA was found to contain a clause.
type ChecklistAnswer string

const (
	AnswerUnchecked ChecklistAnswer = ""
	AnswerYes       ChecklistAnswer = "yes"
	AnswerNo        ChecklistAnswer = "no"
	AnswerNA        ChecklistAnswer = "n/a"
)

// Valid reports whether a is a known answer ("" is not yet checked).
func (a ChecklistAnswer) Valid() bool {
	return a == AnswerUnchecked || a == AnswerYes || a == AnswerNo || a == AnswerNA
}

// BAAClause is one thing 45 CFR 164.504(e)(2) says a business associate contract must do.
type BAAClause struct {
	ID       string `json:"id"`
	Citation string `json:"citation"`
	Text     string `json:"text"`
}

// BAAClauses are the required contents of a BAA, one per paragraph of 45 CFR
// 164.504(e)(2), in the regulation's order.
var BAAClauses = []BAAClause{
	{"i", "45 CFR 164.504(e)(2)(i)", "Establishes the permitted and required uses and disclosures of PHI by the business associate."},
	{"ii-A", "45 CFR 164.504(e)(2)(ii)(A)", "No use or further disclosure other than as the contract permits or requires, or as required by law."},
	{"ii-B", "45 CFR 164.504(e)(2)(ii)(B)", "Appropriate safeguards, and the Security Rule (subpart C) for electronic PHI."},
	{"ii-C", "45 CFR 164.504(e)(2)(ii)(C)", "Reports any use or disclosure not provided for by the contract, including breaches of unsecured PHI (164.410)."},
	{"ii-D", "45 CFR 164.504(e)(2)(ii)(D)", "Subcontractors that handle the PHI agree to the same restrictions and conditions (164.502(e)(1)(ii))."},
	{"ii-E", "45 CFR 164.504(e)(2)(ii)(E)", "Makes PHI available for the individual's access (164.524)."},
	{"ii-F", "45 CFR 164.504(e)(2)(ii)(F)", "Makes PHI available for amendment and incorporates amendments (164.526)."},
	{"ii-G", "45 CFR 164.504(e)(2)(ii)(G)", "Makes available the information needed for an accounting of disclosures (164.528)."},
	{"ii-H", "45 CFR 164.504(e)(2)(ii)(H)", "Where it carries out the practice's Privacy Rule obligations, complies with them."},
	{"ii-I", "45 CFR 164.504(e)(2)(ii)(I)", "Makes its internal practices, books and records available to HHS."},
	{"ii-J", "45 CFR 164.504(e)(2)(ii)(J)", "At termination returns or destroys all PHI, or, where infeasible, extends the protections and limits further use."},
	{"iii", "45 CFR 164.504(e)(2)(iii)", "Authorises the practice to terminate the contract if the business associate violates a material term."},
}

// BAAClauseByID returns the clause with id.
func BAAClauseByID(id string) (BAAClause, bool) {
	for _, c := range BAAClauses {
		if c.ID == id {
			return c, true
		}
	}
	return BAAClause{}, false
}

// ChecklistItem is one row of a vendor's BAA checklist.
type ChecklistItem struct {
	Clause string          `json:"clause"` // BAAClause.ID
	Answer ChecklistAnswer `json:"answer"`
	Note   string          `json:"note"`
}

// AnsweredChecklist is a checklist as exports write it: "clause answer (note)" for each
// clause someone checked; the unchecked ones are left out.
func AnsweredChecklist(items []ChecklistItem) []string {
	var out []string
	for _, item := range items {
		if item.Answer == AnswerUnchecked {
			continue
		}
		s := item.Clause + " " + string(item.Answer)
		if item.Note != "" {
			s += " (" + item.Note + ")"
		}
		out = append(out, s)
	}
	return out
}

// StoredFile describes a file kept in the data folder under its content hash (an
// Attachment, seen from the record that keeps it).
type StoredFile struct {
	AttachmentID int64     `json:"attachmentId"`
	SHA256       string    `json:"sha256"`
	Name         string    `json:"name"` // original name, shown only; never used as a path
	Type         string    `json:"type"` // MIME type detected from the content
	Size         int64     `json:"size"`
	AttachedAt   time.Time `json:"attachedAt"`
	AttachedBy   string    `json:"attachedBy"`
}

// IsPDF reports whether the file is a PDF, judged by its content.
func (f *StoredFile) IsPDF() bool { return f != nil && f.Type == "application/pdf" }

// StoredFileOf describes attachment a.
func StoredFileOf(a Attachment) *StoredFile {
	return &StoredFile{AttachmentID: a.ID, SHA256: a.SHA256, Name: a.OriginalName, Type: a.MIMEType, Size: a.Size,
		AttachedAt: a.AddedAt, AttachedBy: a.AddedBy}
}

// Vendor is a service provider in the register.
type Vendor struct {
	ID             int64             `json:"id"`
	Name           string            `json:"name"`
	Services       string            `json:"services"`
	Category       VendorCategory    `json:"category"`
	ContactName    string            `json:"contactName"`
	ContactEmail   string            `json:"contactEmail"`
	ContactPhone   string            `json:"contactPhone"`
	Website        string            `json:"website"`
	Address        string            `json:"address"` // postal address, one line per line (direction letters)
	PHIAccess      PHIAccess         `json:"phiAccess"`
	DataCategories []DataCategoryKey `json:"dataCategories"`
	Hosting        string            `json:"hosting"` // where it is hosted, e.g. "AWS us-east-1"
	Subcontractors string            `json:"subcontractors"`

	BAAStatus     BAAStatus    `json:"baaStatus"`
	BAAReason     BAAExemption `json:"baaReason"`     // required when BAAStatus is not-required
	BAAReasonNote string       `json:"baaReasonNote"` // required when BAAReason is other
	BAASignedOn   Date         `json:"baaSignedOn"`
	BAAEffective  Date         `json:"baaEffectiveOn"`
	BAAExpiresOn  Date         `json:"baaExpiresOn"`
	// PriorBAAEndsOn is the last day of the agreement this BAA renews, when the renewal
	// was signed before it ended and takes effect later (BAAEffective): until then the
	// vendor is covered by the old one. Zero when the BAA renews nothing.
	PriorBAAEndsOn Date `json:"priorBaaEndsOn"`
	// NextReviewOn is the practice's own review date: practice policy, not law.
	NextReviewOn Date        `json:"nextReviewOn"`
	BAADocument  *StoredFile `json:"baaDocument"`
	// BAADocumentNotPDF flags a signed BAA attached in another format (a photo, a Word
	// file): kept, but a reviewer should look at it.
	BAADocumentNotPDF bool            `json:"baaDocumentNotPdf"`
	Checklist         []ChecklistItem `json:"checklist"`

	TerminatedOn   Date           `json:"terminatedOn"`
	PHIDisposition PHIDisposition `json:"phiDisposition"` // returned, destroyed or infeasible
	PHIConfirmedOn Date           `json:"phiConfirmedOn"` // when the vendor confirmed it
	Notes          string         `json:"notes"`

	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// NameKey is the name as compared for uniqueness: names are unique regardless of case.
func NameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// earliestDate bounds every vendor date: HIPAA's privacy rule dates from 2003, and a
// year before 1990 is a typing mistake.
var earliestDate = NewDate(1990, time.January, 1)

// Validate normalises v and returns every problem (a *ValidationError, one problem per
// field, in form order), nil when there is none.
func (v *Vendor) Validate() error {
	v.Name = strings.TrimSpace(v.Name)
	v.ContactEmail = strings.TrimSpace(v.ContactEmail)
	v.ContactPhone = strings.TrimSpace(v.ContactPhone)
	v.Website = strings.TrimSpace(v.Website)
	if v.Category == "" {
		v.Category = VendorOther
	}
	if v.PHIAccess == "" {
		v.PHIAccess = PHINone
	}
	if v.BAAStatus == "" {
		v.BAAStatus = BAAPending
	}
	if v.BAAStatus != BAANotRequired {
		v.BAAReason, v.BAAReasonNote = "", ""
	}
	v.DataCategories = normaliseKeys(v.DataCategories)
	var e ValidationError
	for _, err := range []error{
		ValidateText("name", v.Name, 200, true),
		ValidateText("services", v.Services, 2000, false),
		ValidateText("contactName", v.ContactName, 200, false),
		ValidateEmail("contactEmail", v.ContactEmail, false),
		ValidatePhone("contactPhone", v.ContactPhone),
		validateWebsite("website", v.Website),
		ValidateText("address", v.Address, 1000, false),
		ValidateText("hosting", v.Hosting, 1000, false),
		ValidateText("subcontractors", v.Subcontractors, 2000, false),
		ValidateText("baaReasonNote", v.BAAReasonNote, 2000, false),
		ValidateText("notes", v.Notes, 100_000, false),
	} {
		e.Add(err)
	}
	if !v.Category.Valid() {
		e.Invalid("category", "Unknown category %q.", v.Category)
	}
	if !v.PHIAccess.Valid() {
		e.Invalid("phiAccess", "PHI access must be none, limited or full.")
	}
	for _, k := range v.DataCategories {
		if !k.Valid() {
			e.Invalid("dataCategories", "Unknown data category %q.", k)
		}
	}
	if !v.BAAStatus.Valid() {
		e.Invalid("baaStatus", "Unknown BAA status %q.", v.BAAStatus)
	}
	if v.BAAStatus == BAANotRequired {
		if v.BAAReason == "" {
			e.Invalid("baaReason", "Say why no BAA is required (payment processing only, a conduit, or no PHI).")
		} else if !v.BAAReason.Valid() {
			e.Invalid("baaReason", "Unknown reason %q.", v.BAAReason)
		}
		if v.BAAReason == ExemptOther && strings.TrimSpace(v.BAAReasonNote) == "" {
			e.Invalid("baaReasonNote", "Explain why no BAA is required.")
		}
		if v.BAAReason == ExemptNoPHI && v.PHIAccess != PHINone {
			e.Invalid("baaReason", "The vendor has PHI access, so \"no PHI\" cannot be the reason.")
		}
	}
	for _, d := range []struct {
		field string
		date  Date
	}{{"baaSignedOn", v.BAASignedOn}, {"baaEffectiveOn", v.BAAEffective}, {"baaExpiresOn", v.BAAExpiresOn},
		{"priorBaaEndsOn", v.PriorBAAEndsOn}, {"nextReviewOn", v.NextReviewOn}, {"terminatedOn", v.TerminatedOn}, {"phiConfirmedOn", v.PHIConfirmedOn}} {
		if !d.date.IsZero() && d.date.Before(earliestDate) {
			e.Invalid(d.field, "%s is before 1990; check the year.", d.date)
		}
	}
	if v.BAAStatus == BAASigned && v.BAASignedOn.IsZero() {
		e.Invalid("baaSignedOn", "Enter the date the BAA was signed.")
	}
	if !v.BAAExpiresOn.IsZero() && !v.BAAEffective.IsZero() && v.BAAExpiresOn.Before(v.BAAEffective) {
		e.Invalid("baaExpiresOn", "The expiration date (%s) is before the effective date (%s).", v.BAAExpiresOn, v.BAAEffective)
	}
	if !v.BAAExpiresOn.IsZero() && !v.BAASignedOn.IsZero() && v.BAAExpiresOn.Before(v.BAASignedOn) {
		e.Invalid("baaExpiresOn", "The expiration date (%s) is before the signing date (%s).", v.BAAExpiresOn, v.BAASignedOn)
	}
	if !v.PriorBAAEndsOn.IsZero() && v.BAAEffective.IsZero() {
		e.Invalid("baaEffectiveOn", "Enter the date the renewal takes effect: the previous BAA covers the vendor until then.")
	}
	if !v.NextReviewOn.IsZero() && !v.BAASignedOn.IsZero() && v.NextReviewOn.Before(v.BAASignedOn) {
		e.Invalid("nextReviewOn", "The next review (%s) is before the BAA was signed (%s).", v.NextReviewOn, v.BAASignedOn)
	}
	if v.BAAStatus == BAATerminated && v.TerminatedOn.IsZero() {
		e.Invalid("terminatedOn", "Enter the date the agreement was terminated.")
	}
	if !v.TerminatedOn.IsZero() && !v.BAASignedOn.IsZero() && v.TerminatedOn.Before(v.BAASignedOn) {
		e.Invalid("terminatedOn", "The termination date (%s) is before the BAA was signed (%s).", v.TerminatedOn, v.BAASignedOn)
	}
	if v.PHIDisposition != "" && !v.PHIDisposition.Valid() {
		e.Invalid("phiDisposition", "Unknown outcome %q (returned, destroyed or infeasible).", v.PHIDisposition)
	}
	if v.PHIDisposition != "" && v.TerminatedOn.IsZero() {
		e.Invalid("phiDisposition", "PHI is returned or destroyed at termination: enter the termination date first.")
	}
	if !v.PHIConfirmedOn.IsZero() && v.PHIDisposition == "" {
		e.Invalid("phiDisposition", "Say whether the PHI was returned or destroyed.")
	}
	if !v.PHIConfirmedOn.IsZero() && v.PHIConfirmedOn.Before(v.TerminatedOn) {
		e.Invalid("phiConfirmedOn", "The confirmation (%s) is before the termination (%s).", v.PHIConfirmedOn, v.TerminatedOn)
	}
	if checklist, err := NormaliseChecklist(v.Checklist); err != nil {
		e.Add(err)
	} else {
		v.Checklist = checklist
	}
	return e.Err()
}

// NormaliseChecklist validates rows and returns exactly one row per clause of
// 45 CFR 164.504(e)(2), in the regulation's order; missing rows are unchecked.
func NormaliseChecklist(rows []ChecklistItem) ([]ChecklistItem, error) {
	byID := map[string]ChecklistItem{}
	for _, r := range rows {
		if _, ok := BAAClauseByID(r.Clause); !ok {
			return nil, Invalid("checklist", "Unknown BAA clause %q.", r.Clause)
		}
		if !r.Answer.Valid() {
			return nil, Invalid("checklist."+r.Clause, "Answer yes, no or n/a.")
		}
		if err := ValidateText("checklist."+r.Clause, r.Note, 2000, false); err != nil {
			return nil, err
		}
		byID[r.Clause] = r
	}
	out := make([]ChecklistItem, len(BAAClauses))
	for i, c := range BAAClauses {
		r := byID[c.ID]
		r.Clause = c.ID
		out[i] = r
	}
	return out, nil
}

// AllPresentNote is the note each clause gets when the checklist is answered in one step.
const AllPresentNote = "Present, per the signed agreement."

// ChecklistAllPresent answers every clause "yes": the reviewer found all the required
// contents in the signed agreement. A clause's own note (a section number, say) is kept;
// an empty one gets AllPresentNote. Each clause can still be changed afterwards.
func ChecklistAllPresent(items []ChecklistItem) []ChecklistItem {
	out, err := NormaliseChecklist(items)
	if err != nil {
		out, _ = NormaliseChecklist(nil)
	}
	for i := range out {
		out[i].Answer = AnswerYes
		if strings.TrimSpace(out[i].Note) == "" {
			out[i].Note = AllPresentNote
		}
	}
	return out
}

func validateWebsite(field, s string) error {
	if s == "" {
		return nil
	}
	if err := ValidateText(field, s, 500, false); err != nil {
		return err
	}
	u, err := url.Parse(s)
	if err == nil && u.Scheme == "" {
		u, err = url.Parse("https://" + s)
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") || strings.ContainsAny(s, " \t\n") {
		return Invalid(field, "%q is not a web address (for example https://example.com).", s)
	}
	return nil
}

// VendorFilter selects vendors; zero fields match everything.
type VendorFilter struct {
	Search    string `json:"search"` // name, services, contact
	Category  string `json:"category"`
	BAAStatus string `json:"baaStatus"`
	PHIAccess string `json:"phiAccess"`
}

func vendorEnumHas[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
