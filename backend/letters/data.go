package letters

import (
	"time"

	"privacydesk/backend"
)

// Data is everything a letter can say. The caller fills it from a stored request (and,
// for vendor-direction, a vendor); Render never reads the database.
type Data struct {
	Practice backend.Practice
	// Today is the letter's date. Zero means today in the practice's time zone.
	Today backend.Date
	// Now is the PDF's creation time (metadata only). Zero means the current time,
	// unless fpdf.SetDefaultCreationDate fixed it (tests).
	Now time.Time

	// Recipient is the addressee of the window envelope. When Name is empty the letter
	// goes to the natural addressee of its kind: the vendor for vendor-direction, the
	// authorized agent for agent-proof, otherwise the requester.
	Recipient Party
	// WritesToAgent sends the letters to Agent: an authorized agent, a parent or
	// guardian, or a HIPAA personal representative made the request for the requester.
	WritesToAgent bool
	// AgentIsGuardian says Agent is the requester's parent or guardian (of a minor), who
	// acts by their own authority rather than the requester's permission.
	AgentIsGuardian bool
	// AgentProven says the agent's authority is recorded (signed permission or proof of
	// authority received): letters that disclose the requester's information wait for it.
	AgentProven bool
	// Copies are the people who get a copy of the letter, listed under the signature
	// ("Copy: …"): the requester when their agent is addressed, or the agent when the
	// requester is.
	Copies []Party
	// Requester is the person the request is about.
	Requester Party
	// NameOnLetters says Requester.Name is the name the requester asked letters to print
	// (a spelling they prefer), not their recorded name: a name the fonts cannot print
	// is then reported on that field.
	NameOnLetters bool
	// Agent is the authorized agent, parent or personal representative who submitted
	// the request; zero when the requester wrote themselves.
	Agent Party

	Request  Request
	Deadline Deadline
	// Vendor is the service provider a vendor-direction letter goes to.
	Vendor Vendor
	// VendorsTold names the service providers directed to delete or correct
	// (deletion-done, correction-done, opt-out-done): only those actually told (the
	// task notified or confirmed), never one whose task was waived.
	VendorsTold []string
	// VendorsToTell names the service providers the request must still be passed on to
	// (a vendor task neither notified, confirmed nor waived): a letter that reports the
	// request done is refused while there are any.
	VendorsToTell []string
	// VendorsWaived names the service providers whose task was waived: they were not
	// directed (they keep what the law requires, or hold none of it), so a letter must not
	// say that no provider held the information.
	VendorsWaived []string
	// DataMap is the practice's inventory of the personal data it collects (only the
	// categories collected); access-response letters print it as a table.
	DataMap []DataMapRow
	// Disclosures are the disclosures a HIPAA accounting lists (45 CFR 164.528(b)).
	Disclosures []Disclosure
	// Enclosures name the documents sent with the letter (a copy of the data, records).
	Enclosures []string
	// SupervisoryAuthority is the data protection authority GDPR letters name; empty
	// means the generic wording of Art. 77 (the authority where the person lives or
	// works). UK GDPR letters always name the ICO.
	SupervisoryAuthority string
}

// Party is a person or organisation with a postal address.
type Party struct {
	Name         string
	Organization string   // printed under the name in the address block
	Address      []string // postal address, one line per element
	Email        string
	Phone        string
}

// Request is what the letter needs to know about the request.
type Request struct {
	Reference string // PR-YYYY-NNNN
	Regime    backend.Regime
	Rights    []backend.Right
	Received  backend.Date
	Channel   string // email, phone, mail, web form, in person, other
	// Description is the request in the requester's own words (never the staff's
	// internal summary, which letters do not quote).
	Description string
	// InternalSummary is the staff's own note of what was asked for: never printed, it
	// tells preflight that words exist only as staff notes.
	InternalSummary string
	Status          string
	// DenialBasis is the denial's reason code as people read it ("Identity could not be
	// verified"); DenialReason the explanation written for this request.
	DenialBasis  string
	DenialReason string
	// Denials are the reason codes of the rights denied in whole or in part: a HIPAA
	// access denial says whether its ground may be reviewed.
	Denials map[backend.Right]backend.DenialReason
	// Response says what was done: the correction made, the records kept and why, the
	// format of the copy. Templates print it where a letter reports the outcome.
	Response string
	// Granted lists the rights whose outcome is granted or partially granted: the
	// letters that report a completed action need it.
	Granted []backend.Right
	// Denied lists the rights refused in whole or in part (outcome denied or partially
	// granted): a denial letter of a request not refused in full names them.
	Denied []backend.Right
	// ClockStops says the rule applied to the request lets its clock stop until the
	// identity information arrives (UK GDPR Art. 12A, for requests received from 5
	// February 2026).
	ClockStops bool
	// DeletionConfirmed says the requester's separate confirmation of a deletion is
	// recorded (the privacy policy promises to ask before deleting).
	DeletionConfirmed bool
}

// Deadline holds the dates the deadline engine computed for the request.
type Deadline struct {
	RespondBy         backend.Date
	ExtendedRespondBy backend.Date
	ExtensionReason   string
	// AppealBy is the date by which the practice asks for an appeal; zero means the
	// letter gives no date.
	AppealBy backend.Date
	// ExtensionNoticeBy is the last day of the original statutory period of the rights
	// the latest extension moved: the extension notice must reach the requester by then
	// (Cal. Civ. Code 1798.130(a)(2)(A); GDPR Art. 12(3); 45 CFR 164.524(b)(2)(ii)). Zero
	// skips the check.
	ExtensionNoticeBy backend.Date
	// Promised says RespondBy is the practice's own promise, earlier than the law's
	// date: letters give it as the privacy policy's, and missing it is no breach of law.
	Promised bool
	// StateCitation is the state patient-access law whose earlier date RespondBy is
	// (45 CFR 160.203(b)); empty when the regime's own period sets it.
	StateCitation string
	// Right is the right whose period sets RespondBy, when the rights have different
	// periods (a CCPA opt-out's 15 business days beside access's 45 days): the date is
	// cited to that right's rule. Empty: the request's rights as a whole.
	Right backend.Right
	// OpenStateDue is the earliest state patient-access date of a right not yet
	// answered, and OpenStateCitation its law: a HIPAA extension does not move it (45
	// CFR 160.203(b)), so an extension letter must not promise a later date.
	OpenStateDue      backend.Date
	OpenStateCitation string
	// Rights are the request's rights not yet decided, each with its own due date and the
	// rule that sets it, in the request's order: the acknowledgment lists them when they
	// differ (or differ from RespondBy). Empty: the letter gives RespondBy alone.
	Rights []RightDue
}

// RightDue is one right's due date as a letter gives it.
type RightDue struct {
	Right backend.Right
	// Due is the right's date: the date its period was extended to, else the earliest of
	// the law's date and the practice's promise; in either case no later than a stricter
	// state patient-access date. Zero when no period applies (HIPAA restriction requests).
	Due backend.Date
	// Citation is the citation of the rule that sets the right's period.
	Citation string
	// StateCitation is the state patient-access law whose earlier date Due is (45 CFR
	// 160.203(b)); Promised says Due is the practice's own promise, earlier than the
	// law's; Extended says Due is the date the right's period was extended to.
	StateCitation string
	Promised      bool
	Extended      bool
	// NoLawPeriod says the rule sets no period for the right (Due is the practice's
	// promise, or zero).
	NoLawPeriod bool
}

// Vendor is the service provider a direction letter goes to.
type Vendor struct {
	Name     string
	Contact  string // contact person
	Email    string
	Phone    string
	Address  []string
	Services string
	// ConfirmBy is the date by which the vendor is asked to confirm; zero means the
	// letter asks for confirmation without a date.
	ConfirmBy backend.Date
}

// DataMapRow is one category of the practice's data map.
type DataMapRow struct {
	Category    string
	Examples    string
	Sources     string
	Purposes    string
	Retention   string
	DisclosedTo []string
}

// Disclosure is one entry of a HIPAA accounting of disclosures: the date, the recipient
// (with the address when known), a brief description of the information and a brief
// statement of the purpose (45 CFR 164.528(b)(2)).
type Disclosure struct {
	Date        backend.Date `json:"date"`
	Recipient   string       `json:"recipient"`
	Description string       `json:"description"`
	Purpose     string       `json:"purpose"`
}

// granted reports whether any of the rights has a granted or partially granted outcome.
func (r *Request) granted(rights ...backend.Right) bool {
	for _, have := range r.Granted {
		for _, want := range rights {
			if have == want {
				return true
			}
		}
	}
	return false
}

// deniedInFull reports whether right is refused and not granted even in part.
func (r *Request) deniedInFull(right backend.Right) bool {
	for _, x := range r.Denied {
		if x == right {
			return !r.granted(right)
		}
	}
	return false
}

// hasRight reports whether the request includes any of the rights.
func (r *Request) hasRight(rights ...backend.Right) bool {
	for _, have := range r.Rights {
		for _, want := range rights {
			if have == want {
				return true
			}
		}
	}
	return false
}

// onlyRights reports whether every right of the request is one of rights.
func (r *Request) onlyRights(rights ...backend.Right) bool {
	if len(r.Rights) == 0 {
		return false
	}
	for _, have := range r.Rights {
		found := false
		for _, want := range rights {
			if have == want {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// recipient is the addressee, defaulted by kind.
func (d *Data) recipient(k Kind) Party {
	if d.Recipient.Name != "" {
		return d.Recipient
	}
	switch {
	case k == KindVendorDirection:
		p := Party{Name: d.Vendor.Name, Address: d.Vendor.Address, Email: d.Vendor.Email}
		if d.Vendor.Contact != "" {
			p.Organization = "Attn: " + d.Vendor.Contact
		}
		return p
	case k == KindAgentProof && d.Agent.Name != "":
		return d.Agent
	case d.WritesToAgent && d.Agent.Name != "":
		// A parent, guardian or personal representative acts for the requester, so
		// the letters go to them.
		return d.Agent
	}
	return d.Requester
}
