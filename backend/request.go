package backend

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// A request is one privacy or patient-rights request, logged at intake and worked to a
// closing status (workflow.go). Field names in validation errors are the JSON key paths
// of RequestInput ("requester.email", "agent.name", "receivedDate", "rights"), so the UI
// puts each message under the right form field.

// SubmittedBy says who made the request.
type SubmittedBy string

const (
	SubmittedBySelf                   SubmittedBy = "self"
	SubmittedByAgent                  SubmittedBy = "agent"                   // authorized agent (11 CCR 7063)
	SubmittedByGuardian               SubmittedBy = "guardian"                // parent or guardian of a minor
	SubmittedByPersonalRepresentative SubmittedBy = "personal-representative" // HIPAA, 45 CFR 164.502(g)
)

// SubmittedByValues lists the choices in display order.
var SubmittedByValues = []SubmittedBy{SubmittedBySelf, SubmittedByAgent, SubmittedByGuardian, SubmittedByPersonalRepresentative}

var submittedByLabels = map[SubmittedBy]string{
	SubmittedBySelf:                   "The requester",
	SubmittedByAgent:                  "An authorized agent",
	SubmittedByGuardian:               "A parent or guardian",
	SubmittedByPersonalRepresentative: "A HIPAA personal representative",
}

// Label is the choice's name for people.
func (s SubmittedBy) Label() string { return submittedByLabels[s] }

// Channel is how the request reached the practice (11 CCR 7101 keeps "the manner in
// which the request was made").
type Channel string

const (
	ChannelEmail    Channel = "email"
	ChannelPhone    Channel = "phone"
	ChannelMail     Channel = "mail"
	ChannelWebForm  Channel = "web-form"
	ChannelInPerson Channel = "in-person"
	ChannelOther    Channel = "other"
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelEmail, ChannelPhone, ChannelMail, ChannelWebForm, ChannelInPerson, ChannelOther}

var channelLabels = map[Channel]string{
	ChannelEmail: "Email", ChannelPhone: "Phone", ChannelMail: "Mail", ChannelWebForm: "Web form",
	ChannelInPerson: "In person", ChannelOther: "Other",
}

// Label is the channel's name for people.
func (c Channel) Label() string { return channelLabels[c] }

// ConsentStatus is the guardian's consent for a minor's request.
type ConsentStatus string

const (
	ConsentNotApplicable ConsentStatus = "not-applicable"
	ConsentPending       ConsentStatus = "pending"
	ConsentGiven         ConsentStatus = "given"
	ConsentRefused       ConsentStatus = "refused"
)

// ConsentStatuses lists the choices in display order.
var ConsentStatuses = []ConsentStatus{ConsentNotApplicable, ConsentPending, ConsentGiven, ConsentRefused}

var consentLabels = map[ConsentStatus]string{
	ConsentNotApplicable: "Not applicable", ConsentPending: "Pending", ConsentGiven: "Given", ConsentRefused: "Refused",
}

// Label is the status's name for people.
func (c ConsentStatus) Label() string { return consentLabels[c] }

// Person is the requester: the person whose data the request is about.
type Person struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`      // postal address, one line per line
	DateOfBirth  string `json:"dateOfBirth"`  // YYYY-MM-DD or ""
	ClientNumber string `json:"clientNumber"` // the practice's own client or patient number
	// Country is, for a GDPR request, the requester's EU country (ISO 3166 code), whose
	// public holidays move a due date that falls on one (docs/legal.md#holidays); "" for
	// none chosen, when only weekends move it, and for every other law.
	Country string `json:"country"`
	// NameOnLetters is the name letters print for the requester when it is not Name: a
	// spelling they prefer, such as their name in Latin letters. "" prints Name.
	NameOnLetters string `json:"nameOnLetters"`
}

// Agent is whoever submitted the request for the requester.
type Agent struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Relationship string `json:"relationship"`
	Address      string `json:"address"` // postal address, one line per line: letters go to the agent
}

// RequestInput is what intake (and editing) supplies. Dates and times are strings so a
// malformed one is reported on its own field rather than failing the whole call.
type RequestInput struct {
	Requester          Person      `json:"requester"`
	SubmittedBy        SubmittedBy `json:"submittedBy"`
	Agent              Agent       `json:"agent"`
	ProofOfAuthority   bool        `json:"proofOfAuthority"`   // the agent's signed permission or proof of authority was received
	RequesterConfirmed bool        `json:"requesterConfirmed"` // the requester confirmed the agent's request directly
	Channel            Channel     `json:"channel"`
	// ReceivedDate and ReceivedTime are when the request arrived, in the practice's time
	// zone; ReceivedTime "HH:MM" may be empty (start of the day).
	ReceivedDate string  `json:"receivedDate"`
	ReceivedTime string  `json:"receivedTime"`
	Regime       Regime  `json:"regime"`
	Rights       []Right `json:"rights"`
	// Description is what they asked for, in the staff's words: internal, never quoted
	// to the requester. RequesterWords is the request in the requester's own words, the
	// only text a letter quotes.
	Description     string        `json:"description"`
	RequesterWords  string        `json:"requesterWords"`
	Minor           bool          `json:"minor"`
	GuardianConsent ConsentStatus `json:"guardianConsent"`
	Assignee        string        `json:"assignee"`
	Tags            []string      `json:"tags"`
	Notes           string        `json:"notes"`
	// AppealOf is, on an appeal (the right "appeal", under a state law that grants one),
	// the reference of the request whose denial it appeals ("" when the denied request is
	// not in Privacy Desk). The appeal's own clock runs from its own receipt.
	AppealOf string `json:"appealOf"`
	// Version is the version of the request the edit form opened (EditInput fills it in,
	// storage.RequestVersion): a save from a version another desk has since moved on from
	// is refused, naming their change. 0 (a new request, the command line) checks nothing.
	Version int64 `json:"version,omitempty"`
}

// Limits on request fields.
const (
	MaxNameLen        = 200
	MaxNotesLen       = 100_000
	MaxDescriptionLen = 20_000
	MaxAddressLen     = 1000
	MaxTagLen         = 50
	MaxTags           = 20
)

// EarliestReceived is the earliest received date accepted: older entries are typos.
var EarliestReceived = NewDate(2000, 1, 1)

var timeRE = LazyRegexp(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// Normalize trims the input and fills defaults: self-submitted requests carry no agent,
// an adult's consent status is "not applicable", rights and tags lose duplicates.
func (in *RequestInput) Normalize() {
	trim := strings.TrimSpace
	p := &in.Requester
	p.Name, p.Email, p.Phone, p.DateOfBirth, p.ClientNumber = trim(p.Name), trim(p.Email), trim(p.Phone), trim(p.DateOfBirth), trim(p.ClientNumber)
	p.NameOnLetters = trim(p.NameOnLetters)
	p.Address = strings.Trim(p.Address, " \t\r\n")
	p.Country = strings.ToUpper(trim(p.Country))
	in.ReceivedDate, in.ReceivedTime, in.Assignee = trim(in.ReceivedDate), trim(in.ReceivedTime), trim(in.Assignee)
	in.RequesterWords = trim(in.RequesterWords)
	in.AppealOf = strings.ToUpper(trim(in.AppealOf))
	in.Regime = Regime(strings.ToLower(trim(string(in.Regime))))
	if in.SubmittedBy == "" {
		in.SubmittedBy = SubmittedBySelf
	}
	if in.SubmittedBy == SubmittedBySelf {
		in.Agent = Agent{}
		in.ProofOfAuthority, in.RequesterConfirmed = false, false
	} else {
		a := &in.Agent
		a.Name, a.Email, a.Phone, a.Relationship = trim(a.Name), trim(a.Email), trim(a.Phone), trim(a.Relationship)
		a.Address = strings.Trim(a.Address, " \t\r\n")
	}
	if !in.Minor {
		in.GuardianConsent = ConsentNotApplicable
	} else if in.GuardianConsent == "" || in.GuardianConsent == ConsentNotApplicable {
		in.GuardianConsent = ConsentPending
	}
	seen := map[Right]bool{}
	rights := make([]Right, 0, len(in.Rights))
	for _, t := range in.Rights {
		t = Right(strings.ToLower(trim(string(t))))
		if !seen[t] {
			seen[t] = true
			rights = append(rights, t)
		}
	}
	in.Rights = rights
	in.Tags = normalizeTags(in.Tags)
}

func normalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

// Validate checks the input field by field, in form order, and returns every problem
// (a *ValidationError, one problem per field), nil when there is none. now is the
// current instant and loc the practice's time zone, in which the received date and time
// are read. A check that needs another field (the rights need the regime) is skipped
// while that field has a problem.
func (in *RequestInput) Validate(now time.Time, loc *time.Location) error {
	in.Normalize()
	var v ValidationError
	p := in.Requester
	for _, err := range []error{
		ValidateText("requester.name", p.Name, MaxNameLen, true),
		ValidateText("requester.nameOnLetters", p.NameOnLetters, MaxNameLen, false),
		ValidateEmail("requester.email", p.Email, false),
		ValidatePhone("requester.phone", p.Phone),
		ValidateText("requester.address", p.Address, MaxAddressLen, false),
		validateBirthDate(p.DateOfBirth, now),
		ValidateText("requester.clientNumber", p.ClientNumber, 100, false),
	} {
		v.Add(err)
	}
	if p.Email == "" && p.Phone == "" && p.Address == "" {
		v.Invalid("requester.email", "Enter an email address, phone number or postal address so the practice can respond.")
	}
	if !validSubmittedBy(in.SubmittedBy) {
		v.Invalid("submittedBy", "Choose who submitted the request.")
	} else if in.SubmittedBy != SubmittedBySelf {
		a := in.Agent
		for _, err := range []error{
			ValidateText("agent.name", a.Name, MaxNameLen, true),
			ValidateEmail("agent.email", a.Email, false),
			ValidatePhone("agent.phone", a.Phone),
			ValidateText("agent.relationship", a.Relationship, MaxNameLen, false),
			ValidateText("agent.address", a.Address, MaxAddressLen, false),
		} {
			v.Add(err)
		}
	}
	if _, ok := channelLabels[in.Channel]; !ok {
		if in.Channel == "" {
			v.Invalid("channel", "Choose how the request was received.")
		} else {
			v.Invalid("channel", "Unknown channel %q (expected email, phone, mail, web-form, in-person or other).", in.Channel)
		}
	}
	_, _, err := in.Received(now, loc)
	v.Add(err)
	regimeOK := false
	if in.Regime == "" {
		v.Invalid("regime", "Choose the law the request is made under.")
	} else if _, err := ParseRegime("regime", string(in.Regime)); err != nil {
		v.Add(err)
	} else {
		regimeOK = true
	}
	if regimeOK {
		v.Add(in.validateCountry())
	}
	if len(in.Rights) == 0 {
		v.Invalid("rights", "Choose at least one right.")
	} else if regimeOK {
		for _, t := range in.Rights {
			if _, err := ParseRight("rights", in.Regime, string(t)); err != nil {
				v.Add(err)
				break
			}
		}
	}
	v.Add(in.validateAppealOf())
	v.Add(ValidateText("description", in.Description, MaxDescriptionLen, false))
	v.Add(ValidateText("requesterWords", in.RequesterWords, MaxDescriptionLen, false))
	if !v.Has("receivedDate") && !v.Has("requester.dateOfBirth") {
		v.Add(in.validateMinor())
	} else if _, ok := consentLabels[in.GuardianConsent]; !ok {
		v.Invalid("guardianConsent", "Unknown consent status %q.", in.GuardianConsent)
	}
	v.Add(ValidateText("assignee", in.Assignee, MaxNameLen, false))
	if len(in.Tags) > MaxTags {
		v.Invalid("tags", "At most %d tags.", MaxTags)
	}
	for _, t := range in.Tags {
		v.Add(ValidateText("tags", t, MaxTagLen, true))
	}
	v.Add(ValidateText("notes", in.Notes, MaxNotesLen, false))
	return v.Err()
}

// validateCountry accepts a requester's country only on a GDPR request: UK GDPR always
// counts with the bank holidays of England and Wales, the US laws with their own calendars.
// Which codes have a calendar the deadline rules check when the dates are computed.
func (in *RequestInput) validateCountry() error {
	c := in.Requester.Country
	switch {
	case c == "":
		return nil
	case in.Regime != RegimeGDPR:
		return Invalid("requester.country", "Only a GDPR request takes the requester's country; leave it empty under %s.", in.Regime.Label())
	case len(c) != 2 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "":
		return Invalid("requester.country", "%q is not a two-letter country code such as DE or FR.", c)
	}
	return nil
}

// validateAppealOf checks what the input alone can say of the appealed request: only an
// appeal names one, as a reference. Storage checks the request it names (CheckAppealOf).
func (in *RequestInput) validateAppealOf() error {
	switch {
	case in.AppealOf == "":
		return nil
	case !slices.Contains(in.Rights, RightAppeal):
		return Invalid("appealOf", "Only an appeal names the request whose denial it appeals: choose the right %q, or leave this empty.", RightAppeal.Label())
	case !referenceRE().MatchString(in.AppealOf):
		return Invalid("appealOf", "%q is not a request reference such as PR-2026-0001.", in.AppealOf)
	}
	return nil
}

var referenceRE = LazyRegexp(`^PR-[0-9]{4}-[0-9]{4,}$`)

// CheckAppealOf checks the request an appeal names (in.AppealOf), denied as stored (nil:
// no request has that reference; self is the appeal's own reference when it is edited,
// else ""). The state laws give an appeal of a refusal to act on a request (Va. Code
// 59.1-577(C); C.R.S. 6-1-1306(3); Conn. Gen. Stat. 42-518(c); Tex. Bus. & Com. Code
// 541.053; ORS 646A.576(6); Fla. Stat. 501.707), decided once: so the request named must
// be one of the same law, denied in whole or in part, received no later than the appeal,
// and not an appeal itself. Every refusal is on the field "appealOf".
func CheckAppealOf(in *RequestInput, denied *Request, self string) error {
	if in.AppealOf == "" {
		return nil
	}
	switch {
	case denied == nil:
		return Invalid("appealOf", "No request has the reference %s: enter the reference of the denied request, or leave this empty.", in.AppealOf)
	case denied.Reference == self:
		return Invalid("appealOf", "An appeal cannot name itself: enter the reference of the denied request.")
	case denied.HasRight(RightAppeal):
		return Invalid("appealOf", "%s is itself an appeal: the law gives one appeal, and the requester may then complain to the Attorney General.", denied.Reference)
	case denied.Regime != in.Regime:
		return Invalid("appealOf", "%s was made under %s: its appeal is made under the same law, not %s.", denied.Reference, denied.Regime.Label(), in.Regime.Label())
	case !denied.Refused():
		return Invalid("appealOf", "%s was not denied, in whole or in part (it is %s): only a refusal can be appealed.", denied.Reference, strings.ToLower(denied.Status.Label()))
	}
	if rec, err := ParseDate(in.ReceivedDate); err == nil && rec.Before(denied.ReceivedDate) {
		return Invalid("appealOf", "%s was received on %s, after this appeal (%s).", denied.Reference, denied.ReceivedDate.Long(), rec.Long())
	}
	return nil
}

// Refused reports whether a right of the request was denied in whole or in part.
func (r *Request) Refused() bool {
	for _, rr := range r.Rights {
		if rr.Outcome == OutcomeDenied || rr.Outcome == OutcomePartiallyGranted {
			return true
		}
	}
	return false
}

func validSubmittedBy(s SubmittedBy) bool { _, ok := submittedByLabels[s]; return ok }

func validateBirthDate(s string, now time.Time) error {
	if err := ValidateDate("requester.dateOfBirth", s, false); err != nil || s == "" {
		return err
	}
	d, _ := ParseDate(s)
	if d.Before(NewDate(1900, 1, 1)) {
		return Invalid("requester.dateOfBirth", "%s is before 1900.", s)
	}
	if d.After(NewDate(now.Date())) {
		return Invalid("requester.dateOfBirth", "%s is in the future.", s)
	}
	return nil
}

// validateMinor keeps the minor flag consistent with the date of birth (the practice's
// policy removes data of minors under 18 without a guardian's consent).
func (in *RequestInput) validateMinor() error {
	if _, ok := consentLabels[in.GuardianConsent]; !ok {
		return Invalid("guardianConsent", "Unknown consent status %q.", in.GuardianConsent)
	}
	if in.Requester.DateOfBirth == "" || in.ReceivedDate == "" {
		return nil
	}
	dob, err1 := ParseDate(in.Requester.DateOfBirth)
	rec, err2 := ParseDate(in.ReceivedDate)
	if err1 != nil || err2 != nil {
		return nil
	}
	under18 := rec.Before(NewDate(dob.Time().Year()+18, dob.Time().Month(), dob.Time().Day()))
	switch {
	case under18 && !in.Minor:
		return Invalid("minor", "The date of birth makes the requester under 18 on the received date: mark the request as a minor's.")
	case !under18 && in.Minor:
		return Invalid("minor", "The date of birth makes the requester 18 or older on the received date.")
	}
	return nil
}

// Received returns the instant (UTC) and the calendar date in loc at which the request
// arrived, refusing a date before 2000, a date or time in the future, and a time that
// does not exist.
func (in *RequestInput) Received(now time.Time, loc *time.Location) (time.Time, Date, error) {
	if err := ValidateDate("receivedDate", in.ReceivedDate, true); err != nil {
		return time.Time{}, Date{}, err
	}
	d, _ := ParseDate(in.ReceivedDate)
	if d.Before(EarliestReceived) {
		return time.Time{}, Date{}, Invalid("receivedDate", "%s is before %s; check the year.", in.ReceivedDate, EarliestReceived)
	}
	today := DateOf(now, loc)
	if d.After(today) {
		return time.Time{}, Date{}, Invalid("receivedDate", "%s is in the future (today is %s).", in.ReceivedDate, today)
	}
	hh, mm := 0, 0
	if in.ReceivedTime != "" {
		if !timeRE().MatchString(in.ReceivedTime) {
			return time.Time{}, Date{}, Invalid("receivedTime", "%q is not a time (expected HH:MM, 24-hour).", in.ReceivedTime)
		}
		fmt.Sscanf(in.ReceivedTime, "%d:%d", &hh, &mm)
	}
	y, m, dd := d.Time().Date()
	at := time.Date(y, m, dd, hh, mm, 0, 0, loc)
	// A wall time skipped by a daylight-saving change (02:30 on the spring-forward day)
	// comes back normalised to another time; reading it back catches that.
	if l := at.In(loc); !DateOf(at, loc).Equal(d) || l.Hour() != hh || l.Minute() != mm {
		return time.Time{}, Date{}, Invalid("receivedTime", "%s does not exist on %s in %s.", in.ReceivedTime, in.ReceivedDate, loc)
	}
	if at.After(now) {
		return time.Time{}, Date{}, Invalid("receivedTime", "%s on %s is in the future.", in.ReceivedTime, in.ReceivedDate)
	}
	return at.UTC(), d, nil
}

// Request is one logged request with its rights, evidence and status.
type Request struct {
	ID                 int64          `json:"id"`
	Reference          string         `json:"reference"` // PR-YYYY-NNNN
	Requester          Person         `json:"requester"`
	SubmittedBy        SubmittedBy    `json:"submittedBy"`
	Agent              Agent          `json:"agent"`
	ProofOfAuthority   bool           `json:"proofOfAuthority"`
	RequesterConfirmed bool           `json:"requesterConfirmed"`
	Channel            Channel        `json:"channel"`
	ReceivedAt         time.Time      `json:"receivedAt"`   // UTC instant
	ReceivedDate       Date           `json:"receivedDate"` // calendar date in the practice's time zone
	Regime             Regime         `json:"regime"`
	Rights             []RequestRight `json:"rights"`
	Description        string         `json:"description"`    // internal: what they asked for
	RequesterWords     string         `json:"requesterWords"` // quoted in letters
	Minor              bool           `json:"minor"`
	GuardianConsent    ConsentStatus  `json:"guardianConsent"`
	Assignee           string         `json:"assignee"`
	Tags               []string       `json:"tags"`
	Notes              string         `json:"notes"`
	// AppealOf is, on an appeal, the reference of the request whose denial it appeals;
	// "" when none is named.
	AppealOf string `json:"appealOf"`
	Status   Status `json:"status"`
	// Verification is the latest identity verification recorded, nil when none.
	Verification *Verification `json:"verification"`
	// DeletionConfirmation is the requester's separate confirmation that they want their
	// data deleted (the practice's privacy policy promises to ask), nil when none.
	DeletionConfirmation *DeletionConfirmation `json:"deletionConfirmation"`
	Extension            *Extension            `json:"extension"`
	Pauses               []Pause               `json:"pauses"`
	// NextDue is the earliest due date among the rights still pending of an open request;
	// none while the clock is stopped (see ComputeNextDue).
	NextDue Date `json:"nextDue"`
	// ClockStopped is the pause still running, nil when the clock runs (UK GDPR Art. 12A):
	// the screens say "Clock stopped since …" instead of a due date that moves every day.
	ClockStopped *ClockStop `json:"clockStopped"`
	// OpenVendorTasks counts vendor tasks neither confirmed nor waived; completion waits for them.
	OpenVendorTasks int `json:"openVendorTasks"`
	// ResponseSent says a response letter of the request is recorded as sent; without one
	// the request is completed only with NoLetterReason, the reason recorded at completion.
	ResponseSent   bool       `json:"responseSent"`
	NoLetterReason string     `json:"noLetterReason"`
	ClosedAt       *time.Time `json:"closedAt"`
	CreatedAt      time.Time  `json:"createdAt"`
	UpdatedAt      time.Time  `json:"updatedAt"`
}

// Input returns the editable fields of r as an input, for editing.
func (r *Request) Input(loc *time.Location) RequestInput {
	in := RequestInput{Requester: r.Requester, SubmittedBy: r.SubmittedBy, Agent: r.Agent,
		ProofOfAuthority: r.ProofOfAuthority, RequesterConfirmed: r.RequesterConfirmed, Channel: r.Channel,
		ReceivedDate: r.ReceivedDate.String(), ReceivedTime: r.ReceivedAt.In(loc).Format("15:04"),
		Regime: r.Regime, Description: r.Description, RequesterWords: r.RequesterWords, Minor: r.Minor, GuardianConsent: r.GuardianConsent,
		Assignee: r.Assignee, Tags: append([]string(nil), r.Tags...), Notes: r.Notes, AppealOf: r.AppealOf}
	for _, rr := range r.Rights {
		in.Rights = append(in.Rights, rr.Right)
	}
	return in
}

// Right returns the request's row for right t, or nil.
func (r *Request) Right(t Right) *RequestRight {
	for i := range r.Rights {
		if r.Rights[i].Right == t {
			return &r.Rights[i]
		}
	}
	return nil
}

// HasRight reports whether the request asks for right t.
func (r *Request) HasRight(t Right) bool { return r.Right(t) != nil }

// Open reports whether the request is still being worked.
func (r *Request) Open() bool { return !r.Status.Closed() }

// Paused reports whether the clock is stopped now (an open pause interval).
func (r *Request) Paused() bool {
	for _, p := range r.Pauses {
		if p.EndedOn.IsZero() {
			return true
		}
	}
	return false
}

// ClockStop describes a pause still running: since when and why.
type ClockStop struct {
	Since Date      `json:"since"`
	Kind  PauseKind `json:"kind"`
	Label string    `json:"label"` // "Waiting for a clarification"
}

// RunningPause returns the pause still running of an open request, or nil.
func (r *Request) RunningPause() *ClockStop {
	if !r.Open() {
		return nil
	}
	for _, p := range r.Pauses {
		if p.EndedOn.IsZero() {
			return &ClockStop{Since: p.StartedOn, Kind: p.Kind, Label: p.Kind.Label()}
		}
	}
	return nil
}

// ComputeNextDue returns the earliest due date of the pending rights of an open request.
// While the clock is stopped there is none: the due date moves a day later for every day
// of waiting (UK GDPR Art. 12A), so it can never run out, and the dashboard and the list,
// which read the stored date, must not count the request as due or overdue.
func (r *Request) ComputeNextDue() Date {
	if !r.Open() || r.Paused() {
		return Date{}
	}
	var next Date
	for _, rr := range r.Rights {
		if rr.Outcome != OutcomePending {
			continue
		}
		if d := rr.DueDate(); !d.IsZero() && (next.IsZero() || d.Before(next)) {
			next = d
		}
	}
	return next
}

// RequestRight is one right asked for in a request, with its own outcome and clock.
type RequestRight struct {
	Right        Right        `json:"right"`
	Outcome      Outcome      `json:"outcome"`
	DenialReason DenialReason `json:"denialReason"` // when denied or partially granted
	Exemption    string       `json:"exemption"`    // the exemption's name, for DenialExemption
	DenialText   string       `json:"denialText"`   // the explanation given to the requester
	OutcomeAt    *time.Time   `json:"outcomeAt"`
	OutcomeBy    string       `json:"outcomeBy"`
	// The clock, computed by the deadline rules when the request was logged (or its
	// received date, regime or pauses changed) and stored, so a later rule change never
	// moves an existing deadline silently. Zero dates mean the rule sets none.
	AcknowledgeBy     Date `json:"acknowledgeBy"`
	RespondBy         Date `json:"respondBy"`         // the statutory date (moved by pauses)
	PromisedBy        Date `json:"promisedBy"`        // the practice's own promise, when earlier
	ExtendedRespondBy Date `json:"extendedRespondBy"` // the latest date an extension may reach
	ExtendedTo        Date `json:"extendedTo"`        // the date chosen when this right was extended
	// ExtendedOn is the day this right's period was extended (its one extension; another
	// right of the request may be extended on another day). Zero on a right not extended,
	// and on one extended before the day was kept per right: Request.Extension has it.
	ExtendedOn  Date   `json:"extendedOn"`
	RuleVersion int    `json:"ruleVersion"`
	Citation    string `json:"citation"`
	Basis       string `json:"basis"` // how the date was computed, in words
	CanPause    bool   `json:"canPause"`
	// StateClock, on a HIPAA access right of a practice whose state has its own
	// patient-access clocks, is the state's dates next to HIPAA's, the earlier governing
	// (45 CFR 160.203(b)). It is computed when the request's detail is read, from the
	// practice's state then; nil otherwise.
	StateClock *RightStateClock `json:"stateClock"`
	// StateDue is the date of the practice's state's patient-access law when it is earlier
	// than HIPAA's, stored with the other dates when they are computed; it governs the due
	// date (DueDate). StateCitation is that law. Zero on every other right.
	StateDue      Date   `json:"stateDue"`
	StateCitation string `json:"stateCitation"`
}

// RightStateClock is a state's own patient-access clocks applied to a HIPAA access right.
type RightStateClock struct {
	State     string `json:"state"`     // USPS code
	StateName string `json:"stateName"` // "California"
	HIPAADue  Date   `json:"hipaaDue"`  // HIPAA's date
	// Governs is the date that governs: the earliest of HIPAA's and the state's; Why says
	// why and Citation is the law it comes from.
	Governs  Date            `json:"governs"`
	Why      string          `json:"why"`
	Citation string          `json:"citation"`
	Clocks   []StateClockDue `json:"clocks"` // earliest first; Due is zero where the state sets no fixed time
}

// StateClockDue is one of the state's clocks for a request.
type StateClockDue struct {
	What     string `json:"what"` // "inspection", "copies", ...
	Due      Date   `json:"due"`
	How      string `json:"how"`
	Citation string `json:"citation"`
}

// DueDate is the date the right must be answered by: the extended date when the request
// was extended, else the earlier of the statutory date and the practice's promise; and in
// either case no later than a stricter state patient-access date (StateDue), which a
// HIPAA extension does not move (45 CFR 160.203(b)).
func (rr RequestRight) DueDate() Date {
	due := rr.ExtendedTo
	if due.IsZero() {
		due = rr.UnextendedDue()
	}
	return earlierDate(due, rr.StateDue)
}

// UnextendedDue is the due date before any extension: the earliest of the statutory date,
// the practice's promise and the state's patient-access date.
func (rr RequestRight) UnextendedDue() Date {
	return earlierDate(earlierDate(rr.RespondBy, rr.PromisedBy), rr.StateDue)
}

// StateGoverns reports whether the state's patient-access date is the due date.
func (rr RequestRight) StateGoverns() bool {
	return !rr.StateDue.IsZero() && rr.DueDate().Equal(rr.StateDue)
}

// DueCitation is the law the due date comes from: the rule's citation, or where the
// state's date governs, the state law's with HIPAA's beside it.
func (rr RequestRight) DueCitation() string {
	if rr.StateGoverns() {
		return rr.StateCitation + " (earlier than HIPAA's date, " + rr.Citation + ")"
	}
	return rr.Citation
}

// earlierDate is the earlier of two dates, a zero date meaning none.
func earlierDate(a, b Date) Date {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// Outcome of one right.
type Outcome string

const (
	OutcomePending          Outcome = "pending"
	OutcomeGranted          Outcome = "granted"
	OutcomePartiallyGranted Outcome = "partially-granted"
	OutcomeDenied           Outcome = "denied"
)

// Outcomes lists the outcomes in display order.
var Outcomes = []Outcome{OutcomePending, OutcomeGranted, OutcomePartiallyGranted, OutcomeDenied}

var outcomeLabels = map[Outcome]string{
	OutcomePending: "Pending", OutcomeGranted: "Granted", OutcomePartiallyGranted: "Partially granted", OutcomeDenied: "Denied",
}

// Label is the outcome's name for people.
func (o Outcome) Label() string { return outcomeLabels[o] }

// DenialReason is the basis for denying a right (11 CCR 7101 keeps "the basis for the
// denial"; GDPR Art. 12(4) requires the reasons to be given).
type DenialReason string

const (
	DenialIdentityUnverified  DenialReason = "identity-unverified"
	DenialExemption           DenialReason = "exemption"
	DenialManifestlyUnfounded DenialReason = "manifestly-unfounded"
	DenialNoData              DenialReason = "no-data"
	DenialOther               DenialReason = "other"
)

// The HIPAA Privacy Rule allows a denial of access or amendment only on the grounds it
// lists, so a HIPAA access or amendment denial names one of these, not a general reason.
const (
	// Access, 45 CFR 164.524(a)(1) and (a)(2): no right of review.
	DenialHIPAAPsychotherapyNotes DenialReason = "hipaa-access-psychotherapy-notes" // (a)(1)(i)
	DenialHIPAALegalProceedings   DenialReason = "hipaa-access-legal-proceedings"   // (a)(1)(ii)
	DenialHIPAAInmate             DenialReason = "hipaa-access-inmate"              // (a)(2)(ii)
	DenialHIPAAResearch           DenialReason = "hipaa-access-research"            // (a)(2)(iii)
	DenialHIPAAPrivacyAct         DenialReason = "hipaa-access-privacy-act"         // (a)(2)(iv)
	DenialHIPAAConfidentialSource DenialReason = "hipaa-access-confidential-source" // (a)(2)(v)
	// Access, 45 CFR 164.524(a)(3): reviewable by another licensed health care
	// professional (164.524(a)(4)).
	DenialHIPAAEndangerment     DenialReason = "hipaa-access-endangerment"            // (a)(3)(i)
	DenialHIPAAHarmToOther      DenialReason = "hipaa-access-harm-to-other"           // (a)(3)(ii)
	DenialHIPAAHarmViaRepresent DenialReason = "hipaa-access-harm-via-representative" // (a)(3)(iii)
	// Amendment, 45 CFR 164.526(a)(2).
	DenialHIPAANotCreated       DenialReason = "hipaa-amend-not-created"       // (a)(2)(i)
	DenialHIPAANotRecordSet     DenialReason = "hipaa-amend-not-record-set"    // (a)(2)(ii)
	DenialHIPAANotInspectable   DenialReason = "hipaa-amend-not-inspectable"   // (a)(2)(iii)
	DenialHIPAAAccurateComplete DenialReason = "hipaa-amend-accurate-complete" // (a)(2)(iv)
)

// DenialReasons lists the reasons in display order.
var DenialReasons = []DenialReason{DenialIdentityUnverified, DenialExemption, DenialManifestlyUnfounded, DenialNoData, DenialOther,
	DenialHIPAAPsychotherapyNotes, DenialHIPAALegalProceedings, DenialHIPAAInmate, DenialHIPAAResearch, DenialHIPAAPrivacyAct,
	DenialHIPAAConfidentialSource, DenialHIPAAEndangerment, DenialHIPAAHarmToOther, DenialHIPAAHarmViaRepresent,
	DenialHIPAANotCreated, DenialHIPAANotRecordSet, DenialHIPAANotInspectable, DenialHIPAAAccurateComplete}

// hipaaDenials are the grounds a HIPAA denial of each right may name, with whether a
// licensed health care professional may review it.
var hipaaDenials = map[Right]map[DenialReason]bool{
	RightAccess: {DenialHIPAAPsychotherapyNotes: false, DenialHIPAALegalProceedings: false, DenialHIPAAInmate: false,
		DenialHIPAAResearch: false, DenialHIPAAPrivacyAct: false, DenialHIPAAConfidentialSource: false,
		DenialHIPAAEndangerment: true, DenialHIPAAHarmToOther: true, DenialHIPAAHarmViaRepresent: true,
		// Identity not verified: the covered entity must verify (164.514(h)) before disclosing.
		DenialIdentityUnverified: false},
	RightCorrection: {DenialHIPAANotCreated: false, DenialHIPAANotRecordSet: false, DenialHIPAANotInspectable: false,
		DenialHIPAAAccurateComplete: false, DenialIdentityUnverified: false},
}

// DenialReasonsFor lists the reasons a denial of right t under reg may name: for a
// HIPAA access or amendment the Privacy Rule's own grounds, otherwise the general ones.
func DenialReasonsFor(reg Regime, t Right) []DenialReason {
	allowed, hipaa := hipaaDenials[t]
	var out []DenialReason
	for _, d := range DenialReasons {
		isHIPAA := strings.HasPrefix(string(d), "hipaa-")
		switch {
		case reg == RegimeHIPAA && hipaa:
			if _, ok := allowed[d]; ok {
				out = append(out, d)
			}
		case !isHIPAA:
			out = append(out, d)
		}
	}
	return out
}

// Reviewable reports whether a HIPAA access denial on this ground may be reviewed by
// another licensed health care professional (45 CFR 164.524(a)(3), (a)(4)); the
// grounds of 164.524(a)(1) and (a)(2) may not.
func (d DenialReason) Reviewable() bool { return hipaaDenials[RightAccess][d] }

var denialLabels = map[DenialReason]string{
	DenialIdentityUnverified:  "Identity could not be verified",
	DenialExemption:           "An exemption applies",
	DenialManifestlyUnfounded: "Manifestly unfounded or excessive",
	DenialNoData:              "No data held",
	DenialOther:               "Other",

	DenialHIPAAPsychotherapyNotes: "Psychotherapy notes (45 CFR 164.524(a)(1)(i))",
	DenialHIPAALegalProceedings:   "Compiled for a legal proceeding (45 CFR 164.524(a)(1)(ii))",
	DenialHIPAAInmate:             "Inmate of a correctional institution (45 CFR 164.524(a)(2)(ii))",
	DenialHIPAAResearch:           "Research in progress, access suspended (45 CFR 164.524(a)(2)(iii))",
	DenialHIPAAPrivacyAct:         "Records subject to the Privacy Act (45 CFR 164.524(a)(2)(iv))",
	DenialHIPAAConfidentialSource: "Obtained from another person in confidence (45 CFR 164.524(a)(2)(v))",
	DenialHIPAAEndangerment:       "Would endanger life or physical safety (45 CFR 164.524(a)(3)(i))",
	DenialHIPAAHarmToOther:        "Would cause substantial harm to another person named (45 CFR 164.524(a)(3)(ii))",
	DenialHIPAAHarmViaRepresent:   "Access by the representative would cause substantial harm (45 CFR 164.524(a)(3)(iii))",
	DenialHIPAANotCreated:         "Not created by us (45 CFR 164.526(a)(2)(i))",
	DenialHIPAANotRecordSet:       "Not part of the designated record set (45 CFR 164.526(a)(2)(ii))",
	DenialHIPAANotInspectable:     "Not available for inspection (45 CFR 164.526(a)(2)(iii))",
	DenialHIPAAAccurateComplete:   "Accurate and complete (45 CFR 164.526(a)(2)(iv))",
}

// Label is the reason's name for people.
func (d DenialReason) Label() string { return denialLabels[d] }

// OutcomeInput records one right's outcome.
type OutcomeInput struct {
	Right        Right        `json:"right"`
	Outcome      Outcome      `json:"outcome"`
	DenialReason DenialReason `json:"denialReason"`
	Exemption    string       `json:"exemption"`
	DenialText   string       `json:"denialText"`
}

// Validate checks an outcome for request r: a denial (whole or part) needs a reason
// code and text, an exemption needs its name, and an opt-out may not be refused for want
// of identity verification (11 CCR 7026, 7027: no verifiable request may be required for these).
func (in *OutcomeInput) Validate(r *Request) error {
	in.Exemption, in.DenialText = strings.TrimSpace(in.Exemption), strings.TrimSpace(in.DenialText)
	if !r.HasRight(in.Right) {
		return Invalid("right", "The request does not ask for the right %q.", in.Right)
	}
	if _, ok := outcomeLabels[in.Outcome]; !ok {
		return Invalid("outcome", "Choose an outcome: pending, granted, partially granted or denied.")
	}
	if in.Outcome == OutcomePending || in.Outcome == OutcomeGranted {
		in.DenialReason, in.Exemption, in.DenialText = "", "", ""
		return nil
	}
	return ValidateDenial(r.Regime, in.Right, in.DenialReason, in.Exemption, in.DenialText)
}

// ValidateDenial checks the reason code, exemption and text of a (partial) denial of
// right t under reg: a HIPAA access or amendment denial names one of the Privacy Rule's
// grounds, any other denial a general reason. With reg empty any known reason is taken:
// records imported from another system tell what was decided, whatever it was.
func ValidateDenial(reg Regime, t Right, reason DenialReason, exemption, text string) error {
	if reason == "" {
		return Invalid("denialReason", "Choose the reason for the denial.")
	}
	if _, ok := denialLabels[reason]; !ok {
		return Invalid("denialReason", "Unknown denial reason %q.", reason)
	}
	if reg != "" && !slices.Contains(DenialReasonsFor(reg, t), reason) {
		if _, hipaa := hipaaDenials[t]; hipaa && reg == RegimeHIPAA {
			what := map[Right]string{RightAccess: "access request may be denied only on the grounds of 45 CFR 164.524(a)",
				RightCorrection: "amendment request may be denied only on the grounds of 45 CFR 164.526(a)(2)"}[t]
			return Invalid("denialReason", "A HIPAA %s: choose one of them.", what)
		}
		return Invalid("denialReason", "%q is a HIPAA ground; it does not apply to a %s %s.", reason.Label(), reg.Label(), strings.ToLower(t.Label()))
	}
	if reason == DenialIdentityUnverified && (t == RightOptOut || t == RightLimitSensitive) {
		return Invalid("denialReason", "An opt-out or limit request needs no identity verification, so it cannot be denied for that (11 CCR 7026, 7027).")
	}
	if reason == DenialExemption {
		if err := ValidateText("exemption", exemption, MaxNameLen, true); err != nil {
			return Invalid("exemption", "Name the exemption that applies.")
		}
	}
	if err := ValidateText("denialText", text, MaxDescriptionLen, true); err != nil {
		if strings.TrimSpace(text) == "" {
			return Invalid("denialText", "Explain the denial; the requester is told the reasons.")
		}
		return err
	}
	return nil
}
