package letters

import (
	"strconv"
	"strings"

	"privacydesk/backend"
)

// Field is a merge field a template may use, as the template editor lists it.
type Field struct {
	Name        string `json:"name"` // written {{name}} in a template
	Description string `json:"description"`
	// Where says where the value is recorded, for the message when it is missing.
	Where string `json:"where"`
}

type fieldDef struct {
	Field
	get func(d *Data) string
}

const (
	inSettings = "the practice profile (Settings)"
	onRequest  = "the request"
	onDeadline = "the request's deadlines"
	onVendor   = "the vendor register"
	computed   = "worked out from the request's regime"
)

var fieldDefs = []fieldDef{
	{Field{"letter.date", "the letter's date (March 2, 2026 for a US practice, else 2 March 2026)", computed}, func(d *Data) string { return d.long(d.Today) }},

	{Field{"practice.name", "the practice's name", inSettings}, func(d *Data) string { return d.Practice.Name }},
	{Field{"practice.legal_entity", "the practice's legal entity, or its name", inSettings}, func(d *Data) string {
		return firstNonEmpty(d.Practice.LegalEntity, d.Practice.Name)
	}},
	{Field{"practice.address", "the practice's postal address on one line", inSettings}, func(d *Data) string { return oneLine(splitLines(d.Practice.Address)) }},
	{Field{"practice.email", "the practice's email address", inSettings}, func(d *Data) string { return d.Practice.Email }},
	{Field{"practice.phone", "the practice's phone number", inSettings}, func(d *Data) string { return nb(d.Practice.Phone) }},
	{Field{"practice.contact", "how to reach the practice: \"by email at … or by phone at …\"", inSettings}, func(d *Data) string { return contactPhrase(d.Practice.Email, nb(d.Practice.Phone)) }},
	{Field{"practice.privacy_contact", "who handles privacy requests (Privacy Officer)", inSettings}, func(d *Data) string { return d.Practice.PrivacyContact }},
	{Field{"practice.signatory_name", "the name that signs letters", inSettings}, func(d *Data) string { return d.Practice.SignatoryName }},
	{Field{"practice.signatory_title", "the signatory's title", inSettings}, func(d *Data) string { return d.Practice.SignatoryTitle }},

	{Field{"requester.name", "the requester's full name", onRequest}, func(d *Data) string { return d.Requester.Name }},
	{Field{"requester.email", "the requester's email address", onRequest}, func(d *Data) string { return d.Requester.Email }},
	{Field{"requester.phone", "the requester's phone number", onRequest}, func(d *Data) string { return nb(d.Requester.Phone) }},
	{Field{"requester.address", "the requester's postal address on one line", onRequest}, func(d *Data) string { return oneLine(d.Requester.Address) }},
	{Field{"recipient.name", "the addressee's name (the requester, the agent or the vendor)", onRequest}, nil},
	{Field{"agent.name", "the authorized agent's or representative's name", onRequest}, func(d *Data) string { return d.Agent.Name }},
	{Field{"agent.guardian", "\"yes\" when a parent or guardian made the request for a minor (for {{#if}})", onRequest}, func(d *Data) string {
		return yes(d.AgentIsGuardian && d.Agent.Name != "")
	}},
	{Field{"agent.email", "the agent's email address", onRequest}, func(d *Data) string { return d.Agent.Email }},

	{Field{"request.reference", "the request's reference (PR-2026-0001)", onRequest}, func(d *Data) string { return d.Request.Reference }},
	{Field{"request.received", "the date the request was received", onRequest}, func(d *Data) string { return d.long(d.Request.Received) }},
	{Field{"request.regime", "the law's short name (California (CCPA/CPRA))", onRequest}, func(d *Data) string { return d.Request.Regime.Label() }},
	{Field{"request.law_short", "the law's short name for citations (GDPR, UK GDPR, CCPA)", onRequest}, func(d *Data) string { return lawShort[d.Request.Regime] }},
	{Field{"request.law", "the law's full name (the California Consumer Privacy Act …)", onRequest}, func(d *Data) string { return lawNames[d.Request.Regime] }},
	{Field{"request.rights", "the rights asked for, in a phrase (access and deletion)", onRequest}, func(d *Data) string { return rightsPhrase(d) }},
	{Field{"request.on_behalf_of", "the requester's name when a parent, guardian or representative made the request (else empty)", onRequest}, func(d *Data) string {
		if d.WritesToAgent && d.Agent.Name != "" {
			return d.Requester.Name
		}
		return ""
	}},
	{Field{"request.channel", "how the request reached the practice", onRequest}, func(d *Data) string { return d.Request.Channel }},
	{Field{"request.description", "the request in the requester's words", onRequest}, func(d *Data) string { return d.Request.Description }},
	{Field{"request.status", "the request's status", onRequest}, func(d *Data) string { return d.Request.Status }},
	{Field{"request.denial_basis", "the denial's reason code (Identity could not be verified)", onRequest}, func(d *Data) string { return citationsIn(d.Request.DenialBasis) }},
	{Field{"request.denial_reason", "the denial's explanation", onRequest}, func(d *Data) string { return d.Request.DenialReason }},
	{Field{"request.online", "\"yes\" when the request was submitted online, through the web form (for {{#if}})", onRequest}, func(d *Data) string {
		return yes(d.Request.Channel == strings.ToLower(backend.ChannelWebForm.Label()))
	}},
	{Field{"request.acts_on_receipt", "\"yes\" when every right asked for takes effect on receipt: a withdrawal of consent (for {{#if}})", computed}, func(d *Data) string {
		return yes(d.Request.onlyRights(backend.RightWithdrawConsent))
	}},
	{Field{"denial.hipaa_access", "\"yes\" when HIPAA access was denied on one of the Privacy Rule's grounds (for {{#if}})", computed}, func(d *Data) string {
		return yes(d.Request.Regime == backend.RegimeHIPAA && strings.HasPrefix(string(d.Request.Denials[backend.RightAccess]), "hipaa-access-"))
	}},
	{Field{"denial.reviewable", "\"yes\" when the HIPAA access denial's ground may be reviewed (45 CFR 164.524(a)(3))", computed}, func(d *Data) string {
		return yes(d.Request.Regime == backend.RegimeHIPAA && d.Request.Denials[backend.RightAccess].Reviewable())
	}},
	{Field{"denial.hipaa_amendment", "\"yes\" when a HIPAA amendment was denied (for {{#if}})", computed}, func(d *Data) string {
		_, ok := d.Request.Denials[backend.RightCorrection]
		return yes(d.Request.Regime == backend.RegimeHIPAA && ok)
	}},
	{Field{"request.denied_rights", "the rights refused in whole or in part, in a phrase (deletion of your personal information)", onRequest}, func(d *Data) string {
		parts := make([]string, len(d.Request.Denied))
		for i, r := range d.Request.Denied {
			parts[i] = rightPhrase(d.Request.Regime, r)
		}
		return joinAnd(parts)
	}},
	{Field{"request.partly_denied", "\"yes\" when the request was refused in part: some rights refused and others not, or a right granted in part (for {{#if}})", computed}, func(d *Data) string {
		return yes(len(d.Request.Denied) > 0 && (!d.Request.onlyRights(d.Request.Denied...) || d.Request.granted(d.Request.Denied...)))
	}},
	{Field{"request.clock_stops", "\"yes\" when the period runs from the identity information, not from receipt (UK GDPR Art. 12A, requests received from 5 February 2026) (for {{#if}})", computed}, func(d *Data) string { return yes(d.Request.ClockStops) }},
	{Field{"access.in_part", "\"yes\" when access was granted in part and refused in part (for {{#if}})", computed}, func(d *Data) string {
		r := Request{Rights: d.Request.Denied, Granted: d.Request.Granted}
		return yes(r.hasRight(backend.RightAccess) && r.granted(backend.RightAccess))
	}},
	{Field{"request.deletion_confirmed", "\"yes\" when the requester's separate confirmation of the deletion is recorded (for {{#if}})", onRequest}, func(d *Data) string { return yes(d.Request.DeletionConfirmed) }},
	{Field{"request.response", "what was done: the correction made, what was kept and why", onRequest}, func(d *Data) string { return d.Request.Response }},

	{Field{"deadline.respond_by", "the date the response is due", onDeadline}, func(d *Data) string { return d.long(d.Deadline.RespondBy) }},
	{Field{"deadline.passed", "\"yes\" when the respond-by date is before the letter's date (for {{#if}})", computed}, func(d *Data) string {
		if !d.Deadline.RespondBy.IsZero() && !d.Today.IsZero() && d.Deadline.RespondBy.Before(d.Today) {
			return "yes"
		}
		return ""
	}},
	{Field{"deadline.extended_respond_by", "the new due date after an extension", onDeadline}, func(d *Data) string { return d.long(d.Deadline.ExtendedRespondBy) }},
	{Field{"deadline.extension_reason", "why more time is needed", onDeadline}, func(d *Data) string { return d.Deadline.ExtensionReason }},
	{Field{"deadline.citation", "what sets the respond-by date: the law's response period, a stricter state law, or the practice's own promise", computed}, deadlineCitation},
	{Field{"deadline.promised", "\"yes\" when the respond-by date is the practice's own promise, earlier than the law's (for {{#if}})", computed}, func(d *Data) string { return yes(d.Deadline.Promised) }},
	{Field{"deadline.extension_citation", "the law that allows the extension", computed}, func(d *Data) string { return citation(responseCitation(&d.Request, true)) }},
	{Field{"deadline.by_right", "\"yes\" when the rights asked for have different due dates or rules, so the letter lists each with {{#list deadline.rights}} (for {{#if}})", computed}, func(d *Data) string {
		return yes(d.Deadline.byRight())
	}},
	{Field{"deadline.one_right", "\"yes\" when the letter gives a date by right and only one right is still open, so it says that right's date in one sentence with deadline.open_right, deadline.open_right_by and deadline.open_right_citation (for {{#if}})", computed}, func(d *Data) string {
		return yes(d.Deadline.byRight() && len(d.Deadline.Rights) == 1)
	}},
	{Field{"deadline.open_right", "the one right still open, in a phrase (amendment of your health information); empty when more are open", computed}, func(d *Data) string {
		if rd, ok := d.Deadline.openRight(); ok {
			return rightPhrase(d.Request.Regime, rd.Right)
		}
		return ""
	}},
	{Field{"deadline.open_right_by", "the date the one right still open is due; empty when the law sets it no period", onDeadline}, func(d *Data) string {
		if rd, ok := d.Deadline.openRight(); ok && !rd.Due.IsZero() {
			return d.long(rd.Due)
		}
		return ""
	}},
	{Field{"deadline.open_right_citation", "what sets that right's date: its rule, a stricter state law, the practice's promise or the extension", computed}, func(d *Data) string {
		if rd, ok := d.Deadline.openRight(); ok {
			return rd.basis()
		}
		return ""
	}},
	{Field{"deadline.some_passed", "\"yes\" when a right's own due date is before the letter's date (for {{#if}})", computed}, func(d *Data) string {
		for _, rd := range d.Deadline.Rights {
			if rd.passed(d.Today) {
				return "yes"
			}
		}
		return ""
	}},
	{Field{"deadline.appeal_by", "the date by which an appeal is asked for", onDeadline}, func(d *Data) string { return d.long(d.Deadline.AppealBy) }},

	{Field{"appeal.days", "days the practice has to answer an appeal (state laws with an appeal right)", computed}, func(d *Data) string {
		if a, ok := appeals[d.Request.Regime]; ok {
			return strconv.Itoa(a.days)
		}
		return ""
	}},
	{Field{"appeal.extension", "how the appeal period may be extended, where the law allows it", computed}, func(d *Data) string { return appeals[d.Request.Regime].extension }},
	{Field{"appeal.citation", "the law that gives the appeal right", computed}, func(d *Data) string { return citation(appeals[d.Request.Regime].citation) }},
	{Field{"appeal.authority", "whom the requester may complain to if the appeal is denied", computed}, func(d *Data) string { return appeals[d.Request.Regime].authority }},
	{Field{"appeal.complaint", "how to reach the Attorney General to complain, with its online complaint form where it has one", computed}, func(d *Data) string { return appeals[d.Request.Regime].complaint }},
	{Field{"authority.name", "the regulator the requester may complain to", computed}, func(d *Data) string { return authorityName(d) }},
	{Field{"authority.contact", "how to reach that regulator, where known", computed}, func(d *Data) string { return authorities[d.Request.Regime].contact }},

	{Field{"vendor.name", "the vendor's name", onVendor}, func(d *Data) string { return d.Vendor.Name }},
	{Field{"vendor.contact", "the vendor's contact person", onVendor}, func(d *Data) string { return d.Vendor.Contact }},
	{Field{"vendor.email", "the vendor's email address", onVendor}, func(d *Data) string { return d.Vendor.Email }},
	{Field{"vendor.services", "the services the vendor provides", onVendor}, func(d *Data) string { return d.Vendor.Services }},
	{Field{"vendor.confirm_by", "the date by which the vendor is asked to confirm", onVendor}, func(d *Data) string { return d.long(d.Vendor.ConfirmBy) }},
}

var fieldIndex = func() map[string]*fieldDef {
	m := make(map[string]*fieldDef, len(fieldDefs))
	for i := range fieldDefs {
		m[fieldDefs[i].Name] = &fieldDefs[i]
	}
	return m
}()

// listDef is a source a {{#list NAME}} directive prints as bullets.
type listDef struct {
	Field
	get func(d *Data) []string
	// spans, when set, gives the bullets with their bold runs; get then gives their text.
	spans func(d *Data) [][]rspan
}

var listDefs = map[string]listDef{
	"request.rights": {Field: Field{"request.rights", "one bullet per right asked for", onRequest}, get: func(d *Data) []string {
		out := make([]string, len(d.Request.Rights))
		for i, r := range d.Request.Rights {
			out[i] = capitalize(rightPhrase(d.Request.Regime, r))
		}
		return out
	}},
	"deadline.rights": {Field: Field{"deadline.rights", "one bullet per right asked for, with its own due date and the rule that sets it", onDeadline},
		get: func(d *Data) []string {
			out := make([]string, len(d.Deadline.Rights))
			for i, rd := range d.Deadline.Rights {
				for _, sp := range rightDueItem(d, rd) {
					out[i] += sp.text
				}
			}
			return out
		},
		spans: func(d *Data) [][]rspan {
			out := make([][]rspan, len(d.Deadline.Rights))
			for i, rd := range d.Deadline.Rights {
				out[i] = rightDueItem(d, rd)
			}
			return out
		}},
	"vendors_told":   {Field: Field{"vendors_told", "one bullet per service provider directed to act", onRequest}, get: func(d *Data) []string { return d.VendorsTold }},
	"enclosures":     {Field: Field{"enclosures", "one bullet per enclosed document", onRequest}, get: func(d *Data) []string { return d.Enclosures }},
	"vendors_waived": {Field: Field{"vendors_waived", "one bullet per service provider not directed to act (its task waived)", onRequest}, get: func(d *Data) []string { return d.VendorsWaived }},
}

// tableDef is a source a {{#table NAME: col, col}} directive prints as a table.
type tableDef struct {
	Field
	cols []column
	rows func(d *Data) int
}

type column struct {
	name, header string
	get          func(d *Data, row int) string
}

var tableDefs = map[string]*tableDef{
	"datamap": {Field: Field{"datamap", "the data map: category, examples, sources, purposes, retention, disclosed_to", "the data map"},
		rows: func(d *Data) int { return len(d.DataMap) },
		cols: []column{
			{"category", "Category", func(d *Data, i int) string { return d.DataMap[i].Category }},
			{"examples", "Examples", func(d *Data, i int) string { return d.DataMap[i].Examples }},
			{"sources", "Sources", func(d *Data, i int) string { return d.DataMap[i].Sources }},
			{"purposes", "Purposes", func(d *Data, i int) string { return d.DataMap[i].Purposes }},
			{"retention", "Retention", func(d *Data, i int) string { return d.DataMap[i].Retention }},
			{"disclosed_to", "Disclosed to", func(d *Data, i int) string {
				if len(d.DataMap[i].DisclosedTo) == 0 {
					return "Not disclosed"
				}
				return strings.Join(d.DataMap[i].DisclosedTo, ", ")
			}},
		}},
	"disclosures": {Field: Field{"disclosures", "the disclosures of a HIPAA accounting: date, recipient, description, purpose", onRequest},
		rows: func(d *Data) int { return len(d.Disclosures) },
		cols: []column{
			{"date", "Date", func(d *Data, i int) string { return d.long(d.Disclosures[i].Date) }},
			{"recipient", "Recipient", func(d *Data, i int) string { return d.Disclosures[i].Recipient }},
			{"description", "Information disclosed", func(d *Data, i int) string { return d.Disclosures[i].Description }},
			{"purpose", "Purpose", func(d *Data, i int) string { return d.Disclosures[i].Purpose }},
		}},
}

func (t *tableDef) column(name string) (int, bool) {
	for i, c := range t.cols {
		if c.name == name {
			return i, true
		}
	}
	return 0, false
}

// Fields lists the merge fields, then the list and table sources, for the template editor.
func Fields() []Field {
	out := make([]Field, 0, len(fieldDefs)+len(listDefs)+len(tableDefs))
	for _, f := range fieldDefs {
		out = append(out, f.Field)
	}
	for _, n := range []string{"request.rights", "deadline.rights", "vendors_told", "vendors_waived", "enclosures"} {
		f := listDefs[n].Field
		f.Name = "#list " + f.Name
		out = append(out, f)
	}
	for _, n := range []string{"datamap", "disclosures"} {
		f := tableDefs[n].Field
		f.Name = "#table " + f.Name
		out = append(out, f)
	}
	return out
}

// fieldValue returns the value of a merge field.
func fieldValue(d *Data, k Kind, name string) string {
	if name == "recipient.name" {
		return d.recipient(k).Name
	}
	if f, ok := fieldIndex[name]; ok {
		return f.get(d)
	}
	return ""
}

// truthy reports whether a name used in {{#if name}} has a value.
func truthy(d *Data, k Kind, name string) bool {
	if l, ok := listDefs[name]; ok {
		return len(l.get(d)) > 0
	}
	if t, ok := tableDefs[name]; ok {
		return t.rows(d) > 0
	}
	return strings.TrimSpace(fieldValue(d, k, name)) != ""
}

func knownName(name string) bool {
	if _, ok := fieldIndex[name]; ok {
		return true
	}
	if _, ok := listDefs[name]; ok {
		return true
	}
	_, ok := tableDefs[name]
	return ok
}

// lawNames are the laws' names as a letter writes them.
var lawNames = map[backend.Regime]string{
	backend.RegimeCCPA:   "the California Consumer Privacy Act, as amended by the California Privacy Rights Act",
	backend.RegimeVA:     "the Virginia Consumer Data Protection Act",
	backend.RegimeCO:     "the Colorado Privacy Act",
	backend.RegimeCT:     "the Connecticut Data Privacy Act",
	backend.RegimeTX:     "the Texas Data Privacy and Security Act",
	backend.RegimeUT:     "the Utah Consumer Privacy Act",
	backend.RegimeOR:     "the Oregon Consumer Privacy Act",
	backend.RegimeFL:     "the Florida Digital Bill of Rights",
	backend.RegimeGDPR:   "the EU General Data Protection Regulation (GDPR)",
	backend.RegimeUKGDPR: "the UK General Data Protection Regulation (UK GDPR) and the Data Protection Act 2018",
	backend.RegimeHIPAA:  "the HIPAA Privacy Rule (45 CFR Part 164, Subpart E)",
}

// lawShort are the laws' names in citations ("GDPR Art. 12(6)").
var lawShort = map[backend.Regime]string{
	backend.RegimeCCPA: "CCPA", backend.RegimeVA: "VCDPA", backend.RegimeCO: "CPA", backend.RegimeCT: "CTDPA",
	backend.RegimeTX: "TDPSA", backend.RegimeUT: "UCPA", backend.RegimeOR: "OCPA", backend.RegimeFL: "FDBR",
	backend.RegimeGDPR: "GDPR", backend.RegimeUKGDPR: "UK GDPR", backend.RegimeHIPAA: "HIPAA",
}

// rightPhrase is the right as a letter's sentence names it.
func rightPhrase(reg backend.Regime, r backend.Right) string {
	hipaa := reg == backend.RegimeHIPAA
	switch r {
	case backend.RightAccess:
		if hipaa {
			return "access to your health information"
		}
		return "access to your personal information"
	case backend.RightCorrection:
		if hipaa {
			return "amendment of your health information"
		}
		return "correction of your personal information"
	case backend.RightDeletion:
		return "deletion of your personal information"
	case backend.RightPortability:
		return "a portable copy of your personal information"
	case backend.RightOptOut:
		return "opting out of the sale or sharing of your personal information, targeted advertising and profiling"
	case backend.RightLimitSensitive:
		return "limiting the use of your sensitive personal information"
	case backend.RightRestrict:
		if hipaa {
			return "restriction of uses and disclosures of your health information"
		}
		return "restriction of the processing of your personal information"
	case backend.RightObject:
		return "objection to the processing of your personal information"
	case backend.RightAutomatedDecision:
		return "not being subject to decisions based solely on automated processing"
	case backend.RightWithdrawConsent:
		return "withdrawal of your consent"
	case backend.RightAccounting:
		return "an accounting of disclosures of your health information"
	case backend.RightConfidentialCommunications:
		return "confidential communications"
	case backend.RightAppeal:
		return "an appeal of our decision on an earlier request"
	}
	return string(r)
}

func rightsPhrase(d *Data) string {
	parts := make([]string, len(d.Request.Rights))
	for i, r := range d.Request.Rights {
		parts[i] = rightPhrase(d.Request.Regime, r)
	}
	return joinAnd(parts)
}

// responseCitation names the provision that sets the response period (or, with
// extension, allows extending it) for the request's regime and rights.
func responseCitation(r *Request, extension bool) string {
	// An appeal is answered under the law's appeal provision, not the request's.
	if a, ok := appeals[r.Regime]; ok && r.onlyRights(backend.RightAppeal) {
		return a.citation
	}
	switch r.Regime {
	case backend.RegimeCCPA:
		if r.onlyRights(backend.RightOptOut, backend.RightLimitSensitive) {
			return "11 CCR §§ 7026(f), 7027(g)"
		}
		if extension {
			return "Cal. Civ. Code § 1798.130(a)(2)(A); 11 CCR § 7021(b)"
		}
		return "Cal. Civ. Code § 1798.130(a)(2)(A); 11 CCR § 7021"
	case backend.RegimeVA:
		return "Va. Code § 59.1-577(B)"
	case backend.RegimeCO:
		return "C.R.S. § 6-1-1306(2)"
	case backend.RegimeCT:
		return "Conn. Gen. Stat. § 42-518"
	case backend.RegimeTX:
		return "Tex. Bus. & Com. Code § 541.052"
	case backend.RegimeUT:
		return "Utah Code § 13-61-203"
	case backend.RegimeOR:
		return "ORS 646A.576"
	case backend.RegimeFL:
		return "Fla. Stat. § 501.706"
	case backend.RegimeGDPR:
		return "GDPR Art. 12(3)"
	case backend.RegimeUKGDPR:
		return "UK GDPR Art. 12(3)"
	case backend.RegimeHIPAA:
		sub := "(b)(2)"
		if extension {
			sub = "(b)(2)(ii)"
		}
		switch {
		case r.hasRight(backend.RightAccess):
			return "45 CFR § 164.524" + sub
		case r.hasRight(backend.RightCorrection):
			return "45 CFR § 164.526" + sub
		case r.hasRight(backend.RightAccounting):
			if extension {
				return "45 CFR § 164.528(c)(1)(ii)"
			}
			return "45 CFR § 164.528(c)(1)"
		}
		return "45 CFR § 164.522"
	}
	return ""
}

// deadlineCitation names what sets the respond-by date the letter gives: a stricter state
// patient-access law (45 CFR 160.203(b)), the practice's own promise (a policy, not the
// law), or else the regime's response period.
func deadlineCitation(d *Data) string {
	r := d.Request
	if d.Deadline.Right != "" {
		r.Rights = []backend.Right{d.Deadline.Right}
	}
	law := citation(responseCitation(&r, false))
	switch {
	case d.Deadline.StateCitation != "":
		return citation(d.Deadline.StateCitation) + ", which requires an answer sooner than " + law
	case d.Deadline.Promised:
		return "our privacy policy, which promises an answer sooner than " + law + " requires"
	}
	return law
}

// byRight reports whether the rights' dates differ, in the date or in what sets it, or
// differ from RespondBy (the earliest of every right's, decided ones included), so a
// letter gives each right its own instead of one date for all.
func (dl *Deadline) byRight() bool {
	if len(dl.Rights) == 0 {
		return false
	}
	first := dl.Rights[0]
	if !first.Due.Equal(dl.RespondBy) {
		return true
	}
	for _, rd := range dl.Rights[1:] {
		if !rd.Due.Equal(first.Due) || rd.basis() != first.basis() {
			return true
		}
	}
	return false
}

// openRight is the one right still open, when only one is.
func (dl *Deadline) openRight() (RightDue, bool) {
	if len(dl.Rights) != 1 {
		return RightDue{}, false
	}
	return dl.Rights[0], true
}

// passed reports whether the right's date is before today.
func (rd RightDue) passed(today backend.Date) bool {
	return !rd.Due.IsZero() && !today.IsZero() && rd.Due.Before(today)
}

// basis is what sets the right's date, as a letter cites it (in the letters' citation
// style, whatever the rules engine's): the rule, a stricter state patient-access law (45
// CFR 160.203(b)), the practice's promise, or the extension.
func (rd RightDue) basis() string {
	law, state := citation(rd.Citation), citation(rd.StateCitation)
	switch {
	case rd.Due.IsZero() || law == "" && !rd.Promised && state == "":
		return law
	case state != "" && law != "":
		return state + ", which requires an answer sooner than " + law
	case state != "":
		return state
	case rd.Promised && (rd.NoLawPeriod || law == ""):
		return "our privacy policy; the law sets no time limit"
	case rd.Promised:
		return "our privacy policy, which promises an answer sooner than " + law + " requires"
	case rd.Extended:
		return "extended under " + law
	}
	return law
}

// rightDueItem is a right's bullet in the list of due dates: "Access to your health
// information: by **April 1, 2026** (45 CFR § 164.524(b)(2))". A date already passed is
// not promised; a right the law sets no period for says so.
func rightDueItem(d *Data, rd RightDue) []rspan {
	name := capitalize(rightPhrase(d.Request.Regime, rd.Right)) + ": "
	paren := ""
	if b := rd.basis(); b != "" {
		paren = " (" + b + ")"
	}
	switch {
	case rd.Due.IsZero():
		return []rspan{{text: name + "the law sets no time limit" + paren + "; we will respond as soon as we can"}}
	case rd.passed(d.Today):
		return []rspan{{text: name + "the time to respond ended on "}, {text: d.long(rd.Due), bold: true},
			{text: paren + "; we will respond as soon as we can"}}
	}
	return []rspan{{text: name + "by "}, {text: d.long(rd.Due), bold: true}, {text: paren}}
}

// appeal is what a state law says about appeals of a denied request.
type appeal struct {
	days      int
	extension string
	citation  string
	authority string
	// complaint is how to reach the authority to complain after a denied appeal: the
	// laws of Virginia, Connecticut and Texas require the online mechanism where there is
	// one, Colorado and Oregon equivalent contact information.
	complaint string
}

// appeals holds the state laws whose denial letters must offer an appeal
// (docs/legal.md#appeals). Each law also requires telling the consumer how to complain to
// the Attorney General if the appeal is denied.
//
// The complaint addresses are the Attorneys General's own sites (their complaint forms
// move within them); a practice checks them with the rest of its letters.
var appeals = map[backend.Regime]appeal{
	backend.RegimeVA: {60, "", "Va. Code § 59.1-577(C)", "the Office of the Attorney General of Virginia",
		"the Office of the Attorney General of Virginia, Consumer Protection Section, which takes complaints online at www.oag.state.va.us"},
	// C.R.S. 6-1-1306(3)(b): 45 days, extendable by 60 where reasonably necessary.
	backend.RegimeCO: {45, "We may extend this period by up to 60 further days where reasonably necessary, taking into account the complexity and number of appeals; if we do, we will tell you within the first 45 days, with the reasons.", "C.R.S. § 6-1-1306(3)", "the Colorado Attorney General",
		"the Colorado Attorney General, Consumer Protection Section, online at coag.gov"},
	backend.RegimeCT: {60, "", "Conn. Gen. Stat. § 42-518", "the Connecticut Attorney General",
		"the Connecticut Attorney General, which takes privacy complaints online at portal.ct.gov/ag"},
	backend.RegimeTX: {60, "", "Tex. Bus. & Com. Code § 541.053", "the Texas Attorney General",
		"the Texas Attorney General, Consumer Protection Division, which takes complaints online at www.texasattorneygeneral.gov"},
	backend.RegimeOR: {45, "", "ORS 646A.576", "the Oregon Attorney General",
		"the Oregon Attorney General, Oregon Department of Justice, Consumer Protection, online at www.doj.state.or.us"},
	// Florida: 60 days per a secondary summary; the section is cited as the act, not
	// guessed (docs/legal.md#florida).
	backend.RegimeFL: {60, "", "Fla. Stat. § 501.701 ff.", "the Florida Department of Legal Affairs (the Attorney General)",
		"the Florida Department of Legal Affairs (the Attorney General), online at www.myfloridalegal.com"},
}

type authority struct{ name, contact string }

// authorities are the regulators a denial names.
var authorities = map[backend.Regime]authority{
	backend.RegimeCCPA:   {"the California Privacy Protection Agency", "cppa.ca.gov"},
	backend.RegimeVA:     {"the Office of the Attorney General of Virginia", ""},
	backend.RegimeCO:     {"the Colorado Attorney General", ""},
	backend.RegimeCT:     {"the Connecticut Attorney General", ""},
	backend.RegimeTX:     {"the Texas Attorney General", ""},
	backend.RegimeUT:     {"the Utah Division of Consumer Protection", ""},
	backend.RegimeOR:     {"the Oregon Attorney General", ""},
	backend.RegimeFL:     {"the Florida Department of Legal Affairs", ""},
	backend.RegimeGDPR:   {"the data protection supervisory authority of the EU member state where you live or work, or where you believe the infringement took place", ""},
	backend.RegimeUKGDPR: {"the Information Commissioner's Office (ICO)", "ico.org.uk/make-a-complaint, telephone 0303 123 1113, or Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"},
	backend.RegimeHIPAA:  {"the Secretary of the U.S. Department of Health and Human Services, Office for Civil Rights", "www.hhs.gov/ocr/complaints, telephone 1-800-368-1019, or 200 Independence Avenue SW, Washington, DC 20201"},
}

func authorityName(d *Data) string {
	if d.Request.Regime == backend.RegimeGDPR && strings.TrimSpace(d.SupervisoryAuthority) != "" {
		return d.SupervisoryAuthority
	}
	return authorities[d.Request.Regime].name
}

// long writes a date in the practice's locale, with no-break spaces: a US practice
// (one with a US state recorded, or on Letter paper) writes "December 6, 2026", others
// "6 December 2026".
func (d *Data) long(x backend.Date) string {
	if d.usDates() {
		return nb(x.LongUS())
	}
	return nb(x.Long())
}

func (d *Data) usDates() bool {
	return d.Practice.State != "" || d.Practice.PaperSize != backend.PaperA4
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// nb joins the words of a date or phone number with no-break spaces, so a line never
// ends inside "2 June 2026" or "(612) 555-0142".
func nb(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

func contactPhrase(email, phone string) string {
	switch {
	case email != "" && phone != "":
		return "by email at " + email + " or by phone at " + phone
	case email != "":
		return "by email at " + email
	case phone != "":
		return "by phone at " + phone
	}
	return ""
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// splitLines splits a multi-line address and drops empty lines.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func oneLine(lines []string) string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, ", ")
}
