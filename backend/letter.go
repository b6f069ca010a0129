package backend

import (
	"strings"
	"time"
)

// LetterKind identifies a letter. The identifiers are stable: the CLI, the stored letters
// and the templates use them.
type LetterKind string

const (
	LetterAcknowledgment   LetterKind = "acknowledgment"
	LetterVerifyIdentity   LetterKind = "verify-identity"
	LetterAgentProof       LetterKind = "agent-proof"
	LetterDeletionConfirm  LetterKind = "deletion-confirm"
	LetterExtension        LetterKind = "extension"
	LetterAccessResponse   LetterKind = "access-response"
	LetterPortabilityCover LetterKind = "portability-cover"
	LetterCorrectionDone   LetterKind = "correction-done"
	LetterDeletionDone     LetterKind = "deletion-done"
	LetterOptOutDone       LetterKind = "opt-out-done"
	LetterDenial           LetterKind = "denial"
	LetterAppealDecision   LetterKind = "appeal-decision"
	LetterHIPAAAccess      LetterKind = "hipaa-access"
	LetterHIPAAAmendment   LetterKind = "hipaa-amendment"
	LetterHIPAAAccounting  LetterKind = "hipaa-accounting"
	LetterVendorDirection  LetterKind = "vendor-direction"
)

// ResponseLetterKinds are the letters that answer a request: one of them, recorded as
// sent, is what completing a request normally needs.
var ResponseLetterKinds = []LetterKind{LetterAccessResponse, LetterPortabilityCover, LetterCorrectionDone, LetterDeletionDone,
	LetterOptOutDone, LetterDenial, LetterAppealDecision, LetterHIPAAAccess, LetterHIPAAAmendment, LetterHIPAAAccounting}

// SendMethod is how a letter went out.
type SendMethod string

const (
	SendPost     SendMethod = "post"
	SendEmail    SendMethod = "email"
	SendInPerson SendMethod = "in-person"
	SendPortal   SendMethod = "portal"
)

// SendMethods lists the methods in display order.
var SendMethods = []SendMethod{SendPost, SendEmail, SendInPerson, SendPortal}

var sendLabels = map[SendMethod]string{SendPost: "Post", SendEmail: "Email", SendInPerson: "In person", SendPortal: "Patient portal"}

// Label is the method's name for people.
func (m SendMethod) Label() string { return sendLabels[m] }

// LetterSent records that a letter went out: on which day, how and by whom, apart from
// when it was made. It is set once and never changed, like the letter.
type LetterSent struct {
	On         Date       `json:"on"`
	Method     SendMethod `json:"method"`
	By         string     `json:"by"`
	RecordedAt time.Time  `json:"recordedAt"`
}

// LetterSentInput records a letter as sent. On is YYYY-MM-DD, "" for today.
type LetterSentInput struct {
	Method SendMethod `json:"method"`
	On     string     `json:"on"`
}

// Validate checks the input against the day the letter was made and today: a letter is
// not sent before it was made, nor in the future.
func (in *LetterSentInput) Validate(made, today Date) (Date, error) {
	in.On = strings.TrimSpace(in.On)
	in.Method = SendMethod(strings.ToLower(strings.TrimSpace(string(in.Method))))
	var v ValidationError
	if _, ok := sendLabels[in.Method]; !ok {
		v.Invalid("method", "Choose how the letter was sent: post, email, in person or portal.")
	}
	on := today
	if in.On != "" {
		if err := ValidateDate("on", in.On, true); err != nil {
			v.Add(err)
		} else {
			on, _ = ParseDate(in.On)
			switch {
			case on.After(today):
				v.Invalid("on", "%s is in the future (today is %s).", in.On, today)
			case on.Before(made):
				v.Invalid("on", "%s is before the letter was made (%s).", in.On, made)
			}
		}
	}
	return on, v.Err()
}

// LetterKindInfo describes a kind for lists and the CLI.
type LetterKindInfo struct {
	Kind        LetterKind `json:"kind"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	// ToVendor is true for letters addressed to a service provider, not the requester.
	ToVendor bool `json:"toVendor"`
}

var letterKinds = []LetterKindInfo{
	{LetterAcknowledgment, "Acknowledgment", "receipt confirmed, what happens next and the respond-by date", false},
	{LetterVerifyIdentity, "Identity verification", "what we need from the requester to verify their identity", false},
	{LetterAgentProof, "Proof of authority", "the signed permission we need from an authorized agent or representative", false},
	{LetterDeletionConfirm, "Deletion confirmation", "asks the requester to confirm separately that they want their data deleted", false},
	{LetterExtension, "Extension notice", "the reason for more time and the new respond-by date", false},
	{LetterAccessResponse, "Access response", "the data we hold: categories, sources, purposes, disclosures (state law) or the GDPR Art. 15 items", false},
	{LetterPortabilityCover, "Portability cover letter", "covers the copy of the requester's data in a portable format", false},
	{LetterCorrectionDone, "Correction completed", "confirms the correction and the service providers told", false},
	{LetterDeletionDone, "Deletion completed", "confirms the deletion and names the service providers directed to delete", false},
	{LetterOptOutDone, "Opt-out completed", "confirms an opt-out, a limit on sensitive data or a withdrawal of consent", false},
	{LetterDenial, "Denial", "the reason, and the appeal, complaint or review rights the law gives", false},
	{LetterAppealDecision, "Appeal decision", "the decision on an appeal under a state privacy law: the reasons and, if denied, how to complain to the Attorney General", false},
	{LetterHIPAAAccess, "HIPAA access", "provides access to protected health information (45 CFR 164.524)", false},
	{LetterHIPAAAmendment, "HIPAA amendment", "accepts or denies an amendment of health records (45 CFR 164.526)", false},
	{LetterHIPAAAccounting, "HIPAA accounting", "the accounting of disclosures of health information (45 CFR 164.528)", false},
	{LetterVendorDirection, "Direction to a vendor", "directs a service provider to delete, correct or stop processing the requester's data, and confirm", true},
}

// LetterKinds lists every kind in the order people work a request.
func LetterKinds() []LetterKindInfo { return append([]LetterKindInfo(nil), letterKinds...) }

// Valid reports whether k is a known kind.
func (k LetterKind) Valid() bool {
	for _, i := range letterKinds {
		if i.Kind == k {
			return true
		}
	}
	return false
}

// Info returns the kind's description.
func (k LetterKind) Info() LetterKindInfo {
	for _, i := range letterKinds {
		if i.Kind == k {
			return i
		}
	}
	return LetterKindInfo{Kind: k}
}

// ParseLetterKind returns the kind for an identifier, or an EINVALID error naming field.
func ParseLetterKind(field, s string) (LetterKind, error) {
	k := LetterKind(s)
	if !k.Valid() {
		names := make([]string, len(letterKinds))
		for i, info := range letterKinds {
			names[i] = string(info.Kind)
		}
		return "", Invalid(field, "unknown letter kind %q (expected one of %s)", s, strings.Join(names, ", "))
	}
	return k, nil
}

// Letter is a letter kept as evidence: made once, never changed. PDF is filled only when
// one letter is read (GetLetter), not in lists.
type Letter struct {
	ID              int64      `json:"id"`
	RequestRef      string     `json:"requestRef"`
	VendorTaskID    int64      `json:"vendorTaskId"` // 0 unless written for a vendor task
	VendorName      string     `json:"vendorName"`
	Kind            LetterKind `json:"kind"`
	Title           string     `json:"title"` // the kind's title, for lists
	TemplateName    string     `json:"templateName"`
	TemplateVersion int        `json:"templateVersion"`
	Recipient       string     `json:"recipient"`
	Pages           int        `json:"pages"`
	Size            int        `json:"size"`
	SHA256          string     `json:"sha256"`
	CreatedBy       string     `json:"createdBy"`
	CreatedAt       time.Time  `json:"createdAt"`
	// Sent is when, how and by whom the letter went out; nil until recorded.
	Sent *LetterSent `json:"sent"`
	PDF  []byte      `json:"-"`
}

// LetterTemplate is a letter's text: the built-in one of its kind, or the office
// manager's edited copy. Body is plain text with the small markup the letters package
// parses (and validates) before a template is saved.
type LetterTemplate struct {
	Kind    LetterKind `json:"kind"`
	Name    string     `json:"name"`
	Version int        `json:"version"`
	Body    string     `json:"body"`
}

// SavedLetterTemplate is a stored version of an edited template, or the built-in one.
type SavedLetterTemplate struct {
	LetterTemplate
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
	Builtin   bool      `json:"builtin"`
}

// LetterFilter narrows the list of every letter kept.
type LetterFilter struct {
	Kind LetterKind `json:"kind"` // "" for every kind
	// Search matches the request's reference, the recipient or the vendor, case-insensitively.
	Search string `json:"search"`
	Limit  int    `json:"limit"` // 0: 500
}

// MaxLetterList caps one page of the letter list.
const MaxLetterList = 2000
