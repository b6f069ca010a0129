package intake

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/rules"
	"privacydesk/backend/storage"
)

// Imports bring a practice's old spreadsheet in: the file is read (export.ReadCSV or
// ReadXLSX), its columns mapped to the fields below (export.AutoMap proposes, a person
// confirms), every row converted and validated with errors naming row and column, and
// only when no row has a problem is everything stored, in one transaction: a file is
// imported whole or not at all. The field keys are the export's column keys, so an
// export of Privacy Desk imports back as it is.

// RequestFields are the fields a request import can fill.
var RequestFields = []export.Field{
	{Key: "requesterName", Label: "Requester name", Type: export.Text, Required: true, MaxLen: backend.MaxNameLen,
		Aliases: []string{"Name", "Full name", "Patient", "Client", "Requester", "Client name", "Patient name"}},
	{Key: "receivedDate", Label: "Date of request", Type: export.Date, Required: true,
		Aliases: []string{"Received", "Date received", "Received date", "Date", "Request date", "Received on"}},
	{Key: "receivedAt", Label: "Received at (UTC)", Type: export.DateTime},
	{Key: "regime", Label: "Regime", Type: export.Text, Required: true, Aliases: []string{"Law", "Jurisdiction", "Regulation"}},
	{Key: "rights", Label: "Nature of request (rights)", Type: export.List, Required: true,
		Aliases: []string{"Rights", "Right", "Request type", "Type", "Type of request", "Nature of request"}},
	{Key: "channel", Label: "Manner made (channel)", Type: export.Text, Aliases: []string{"Channel", "How received", "Received via", "Method"}},
	{Key: "nameOnLetters", Label: "Name on letters", Type: export.Text},
	{Key: "requesterEmail", Label: "Requester email", Type: export.Text, Aliases: []string{"Email", "E-mail", "Email address"}},
	{Key: "requesterPhone", Label: "Requester phone", Type: export.Text, Aliases: []string{"Phone", "Telephone", "Phone number"}},
	{Key: "requesterAddress", Label: "Requester postal address", Type: export.Text, Aliases: []string{"Address", "Postal address", "Mailing address"}},
	{Key: "requesterCountry", Label: "Requester's country (GDPR holidays)", Type: export.Text},
	{Key: "dateOfBirth", Label: "Date of birth", Type: export.Date, Aliases: []string{"DOB", "Birth date", "Birthdate"}},
	{Key: "clientNumber", Label: "Client number", Type: export.Text, Aliases: []string{"Client #", "Patient number", "Patient ID", "Client ID", "MRN"}},
	{Key: "submittedBy", Label: "Submitted by", Type: export.Text},
	{Key: "agentName", Label: "Agent name", Type: export.Text, Aliases: []string{"Agent"}},
	{Key: "agentEmail", Label: "Agent email", Type: export.Text},
	{Key: "agentPhone", Label: "Agent phone", Type: export.Text},
	{Key: "agentRelationship", Label: "Agent relationship", Type: export.Text},
	{Key: "agentAddress", Label: "Agent postal address", Type: export.Text},
	{Key: "proofOfAuthority", Label: "Proof of authority received", Type: export.Bool},
	{Key: "requesterConfirmed", Label: "Requester confirmed directly", Type: export.Bool},
	{Key: "minor", Label: "Minor", Type: export.Bool},
	{Key: "guardianConsent", Label: "Guardian consent", Type: export.Text},
	{Key: "status", Label: "Status", Type: export.Text},
	{Key: "responseDate", Label: "Date of response", Type: export.Date, Aliases: []string{"Responded", "Response date", "Date responded", "Closed"}},
	{Key: "outcomes", Label: "Nature of response (outcome per right)", Type: export.List, Aliases: []string{"Outcome", "Outcomes"}},
	{Key: "denialReasons", Label: "Basis for denial (per right)", Type: export.List},
	{Key: "exemptions", Label: "Exemption named (per right)", Type: export.List},
	{Key: "denialTexts", Label: "Denial explanation (per right)", Type: export.List},
	{Key: "verificationMethod", Label: "Identity verified by (method)", Type: export.Text},
	{Key: "verifiedBy", Label: "Verified by (staff)", Type: export.Text},
	{Key: "verifiedOn", Label: "Verified on", Type: export.Date},
	{Key: "verificationDegree", Label: "Degree of verification", Type: export.Text},
	{Key: "assignee", Label: "Assignee", Type: export.Text, Aliases: []string{"Assigned to", "Owner", "Staff"}},
	{Key: "tags", Label: "Tags", Type: export.List},
	{Key: "description", Label: "What they asked for (internal)", Type: export.Text, Aliases: []string{"Description", "Details", "Request"}},
	{Key: "requesterWords", Label: "The requester's words", Type: export.Text, Aliases: []string{"Requester's words", "In their words"}},
	{Key: "notes", Label: "Notes", Type: export.Text, Aliases: []string{"Comments", "Note"}},
	{Key: "closedAt", Label: "Closed at (UTC)", Type: export.DateTime},
	{Key: "noLetterReason", Label: "Completed without a sent letter because", Type: export.Text},
}

// requestInputFields maps RequestInput's validation field names to import field keys,
// so a domain error lands on the spreadsheet column it came from.
var requestInputFields = map[string]string{
	"requester.name": "requesterName", "requester.email": "requesterEmail", "requester.phone": "requesterPhone",
	"requester.address": "requesterAddress", "requester.dateOfBirth": "dateOfBirth", "requester.clientNumber": "clientNumber",
	"requester.country": "requesterCountry", "requester.nameOnLetters": "nameOnLetters",
	"submittedBy": "submittedBy", "agent.name": "agentName", "agent.email": "agentEmail", "agent.phone": "agentPhone",
	"agent.relationship": "agentRelationship", "agent.address": "agentAddress", "channel": "channel", "receivedDate": "receivedDate", "receivedTime": "receivedAt",
	"regime": "regime", "rights": "rights", "description": "description", "requesterWords": "requesterWords", "minor": "minor", "guardianConsent": "guardianConsent",
	"assignee": "assignee", "tags": "tags", "notes": "notes",
}

// ImportField is a field the mapping step offers.
type ImportField struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
}

// ImportProblem is one problem of the file: where ("row 7, column Email") and what.
type ImportProblem struct {
	Where   string `json:"where"`
	Message string `json:"message"`
}

// ImportPreview is what the import screen shows before the person commits.
type ImportPreview struct {
	Kind      string         `json:"kind"` // requests or vendors
	File      string         `json:"file"`
	Name      string         `json:"name"`
	Format    string         `json:"format"`
	Sheet     string         `json:"sheet"`
	Encoding  string         `json:"encoding"`
	HeaderRow int            `json:"headerRow"`
	Header    []string       `json:"header"`
	Mapping   export.Mapping `json:"mapping"` // field key → column index into Header
	Fields    []ImportField  `json:"fields"`
	// FirstRows are the first data rows as they are in the file.
	FirstRows []export.SheetRow `json:"firstRows"`
	Rows      int               `json:"rows"`
	Ready     int               `json:"ready"`
	Problems  []ImportProblem   `json:"problems"`
	More      int               `json:"more"`
	// CanCommit is true when no problem was found and there is something to import.
	CanCommit bool `json:"canCommit"`
	// Checked says how far the preview checked: vendor rows are checked against the
	// register's own rules only when they are imported.
	Checked string `json:"checked"`
	// Notes say how values that read two ways were read: the order of day and month of
	// each date column holding a date such as 03/04/2026.
	Notes []string `json:"notes"`
}

// ImportOutcome is what a commit did: everything imported, or nothing and why.
type ImportOutcome struct {
	Imported bool          `json:"imported"`
	Count    int           `json:"count"`
	First    string        `json:"first"` // requests: the first and last new references
	Last     string        `json:"last"`
	Preview  ImportPreview `json:"preview"`
}

// Err is nil when the preview found no problem; otherwise an error naming the first
// problem and how many there are, for a one-line answer (the command line).
func (pv ImportPreview) Err() error {
	if len(pv.Problems) == 0 {
		return nil
	}
	first := pv.Problems[0]
	if n := len(pv.Problems) + pv.More; n > 1 {
		return backend.Invalid(first.Where, "%s (and %d more problems; nothing was imported)", first.Message, n-1)
	}
	return backend.Invalid(first.Where, "%s", first.Message)
}

// Err is nil when the file was imported, and otherwise says why not (ImportPreview.Err).
func (o ImportOutcome) Err() error {
	if o.Imported {
		return nil
	}
	if err := o.Preview.Err(); err != nil {
		return err
	}
	return backend.Invalid("file", "Nothing was imported.")
}

// firstRowsShown is how many of the file's rows the preview shows as they are.
const firstRowsShown = 5

// Fields returns the fields an import of kind (requests or vendors) can fill.
func Fields(kind string) ([]export.Field, error) {
	switch kind {
	case "requests":
		return RequestFields, nil
	case "vendors":
		return VendorFields, nil
	}
	return nil, backend.Invalid("kind", "Import requests or vendors, not %q.", kind)
}

func foldName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var regimeAliases = map[string]backend.Regime{"california": backend.RegimeCCPA, "cpra": backend.RegimeCCPA,
	"virginia": backend.RegimeVA, "colorado": backend.RegimeCO, "connecticut": backend.RegimeCT, "texas": backend.RegimeTX,
	"utah": backend.RegimeUT, "oregon": backend.RegimeOR, "florida": backend.RegimeFL, "eu": backend.RegimeGDPR,
	"uk": backend.RegimeUKGDPR, "ukgdpr": backend.RegimeUKGDPR}

var rightAliases = map[string]backend.Right{"know": backend.RightAccess, "righttoknow": backend.RightAccess,
	"delete": backend.RightDeletion, "erasure": backend.RightDeletion, "correct": backend.RightCorrection,
	"rectification": backend.RightCorrection, "optout": backend.RightOptOut, "donotsell": backend.RightOptOut,
	"limit": backend.RightLimitSensitive, "amendment": backend.RightCorrection, "amend": backend.RightCorrection,
	"beforgotten": backend.RightDeletion}

// parseRegimeCell reads a regime by identifier, label, the acronyms its label names
// ("VCDPA" for "Virginia (VCDPA)") or a common name.
func parseRegimeCell(s string) (backend.Regime, bool) {
	f := foldName(s)
	for _, r := range backend.Regimes {
		if f == foldName(string(r)) || f == foldName(r.Label()) {
			return r, true
		}
		if _, acronyms, ok := strings.Cut(strings.TrimSuffix(r.Label(), ")"), "("); ok && f != "" {
			for _, a := range strings.Split(acronyms, "/") {
				if f == foldName(a) {
					return r, true
				}
			}
		}
	}
	r, ok := regimeAliases[f]
	return r, ok
}

// parseRightCell reads a right by identifier, label or a common name, also as logs
// write it: "Right to delete", "Right of access", "Deletion request".
func parseRightCell(s string) (backend.Right, bool) {
	f := foldName(s)
	for _, short := range []string{f, strings.TrimSuffix(strings.TrimSuffix(f, "requests"), "request")} {
		for _, p := range []string{"rightto", "rightof", ""} {
			name := strings.TrimPrefix(short, p)
			if name == "" {
				continue
			}
			for _, t := range backend.Rights {
				if name == foldName(string(t)) || name == foldName(t.Label()) {
					return t, true
				}
			}
			if t, ok := rightAliases[name]; ok {
				return t, true
			}
		}
	}
	return "", false
}

// names lists the identifiers a cell may hold, for a refusal to say what is accepted.
func names[T ~string](values []T) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}

func enumCell[T ~string](s string, values []T, labels func(T) string) (T, bool) {
	f := foldName(s)
	for _, v := range values {
		if f == foldName(string(v)) || (labels != nil && f == foldName(labels(v))) {
			return v, true
		}
	}
	return "", false
}

// splitRightItems reads "right: value" list items back into a map. The list was split
// at every semicolon, so an item that does not start with a right is the rest of the
// previous value ("...this quarter; nothing has changed") and is joined back.
func splitRightItems(items []string) map[string]string {
	out := map[string]string{}
	last := ""
	for _, it := range items {
		k, v, ok := strings.Cut(it, ":")
		if key := strings.ToLower(strings.TrimSpace(k)); ok && backend.Right(key).Valid() {
			out[key] = strings.TrimSpace(v)
			last = key
			continue
		}
		if last != "" {
			out[last] += "; " + strings.TrimSpace(it)
		}
	}
	return out
}

// recordToBulk turns one converted row into a request, or lists every problem with it,
// each named by row and column. Fields whose cells already failed to convert
// (rec.Failed) are not reported again.
func recordToBulk(s *export.Sheet, m export.Mapping, rec export.Record, now time.Time, loc *time.Location, source string) (storage.BulkRequest, []export.Problem) {
	var problems []export.Problem
	bad := map[string]bool{} // field keys with a problem listed
	for k := range rec.Failed {
		bad[k] = true
	}
	fail := func(key, format string, args ...any) {
		if rec.Failed[key] {
			return // its cell is listed already
		}
		bad[key] = true
		i, mapped := m[key]
		if !mapped {
			problems = append(problems, export.Problem{Col: len(s.Header), Err: cellOrRowError(rec.Row, RequestFields, key, fmt.Sprintf(format, args...))})
			return
		}
		problems = append(problems, export.Problem{Col: i, Err: export.CellError(rec.Row, s.ColumnName(i), format, args...)})
	}
	str := func(key string) string { v, _ := rec.Values[key].(string); return v }
	flag := func(key string) bool { v, _ := rec.Values[key].(bool); return v }
	list := func(key string) []string { v, _ := rec.Values[key].([]string); return v }
	date := func(key string) backend.Date { v, _ := rec.Values[key].(backend.Date); return v }

	regime, regimeOK := parseRegimeCell(str("regime"))
	if !regimeOK && !bad["regime"] {
		fail("regime", "%q is not a regime Privacy Desk knows (ccpa, va, co, ct, tx, ut, or, fl, gdpr, uk-gdpr, hipaa).", str("regime"))
	}
	in := backend.RequestInput{
		Requester: backend.Person{Name: str("requesterName"), Email: str("requesterEmail"), Phone: str("requesterPhone"),
			Address: str("requesterAddress"), ClientNumber: str("clientNumber"), Country: str("requesterCountry"),
			NameOnLetters: str("nameOnLetters")},
		Agent:            backend.Agent{Name: str("agentName"), Email: str("agentEmail"), Phone: str("agentPhone"), Relationship: str("agentRelationship"), Address: str("agentAddress")},
		ProofOfAuthority: flag("proofOfAuthority"), RequesterConfirmed: flag("requesterConfirmed"),
		ReceivedDate: date("receivedDate").String(), Regime: regime, Description: str("description"), RequesterWords: str("requesterWords"),
		Minor: flag("minor"), Assignee: str("assignee"), Tags: list("tags"), Notes: str("notes"),
	}
	if d := date("dateOfBirth"); !d.IsZero() {
		in.Requester.DateOfBirth = d.String()
	}
	in.Channel = backend.ChannelOther // an old log seldom says; "other" is honest
	if c := str("channel"); c != "" {
		if ch, ok := enumCell(c, backend.Channels, backend.Channel.Label); ok {
			in.Channel = ch
		} else {
			fail("channel", "%q is not a channel (email, phone, mail, web form, in person or other).", c)
		}
	}
	if v := str("submittedBy"); v != "" {
		if sb, ok := enumCell(v, backend.SubmittedByValues, backend.SubmittedBy.Label); ok {
			in.SubmittedBy = sb
		} else {
			fail("submittedBy", "%q is not one of self, agent, guardian, personal-representative.", v)
		}
	} else if in.Agent.Name != "" {
		in.SubmittedBy = backend.SubmittedByAgent
	}
	if v := str("guardianConsent"); v != "" {
		if gc, ok := enumCell(v, backend.ConsentStatuses, backend.ConsentStatus.Label); ok {
			in.GuardianConsent = gc
		} else {
			fail("guardianConsent", "%q is not a consent status (not-applicable, pending, given, refused).", v)
		}
	}
	for _, item := range list("rights") {
		t, ok := parseRightCell(item)
		if !ok {
			fail("rights", "%q is not a right Privacy Desk knows (%s).", item, names(backend.Rights))
			continue
		}
		// A right the regime does not grant (HIPAA has no deletion right) is checked
		// here, per right, so it is listed beside the row's other problems.
		if regimeOK {
			if _, err := backend.ParseRight("rights", regime, string(t)); err != nil {
				fail("rights", "%s", backend.ErrorMessage(err))
				continue
			}
		}
		in.Rights = append(in.Rights, t)
	}
	if at, ok := rec.Values["receivedAt"].(time.Time); ok {
		local := at.In(loc)
		if in.ReceivedDate == "" || local.Format("2006-01-02") == in.ReceivedDate {
			in.ReceivedDate, in.ReceivedTime = local.Format("2006-01-02"), local.Format("15:04")
		}
	}
	// The row is validated as intake validates a request, once: every field's problem
	// is listed on its column, except on a field whose cell is listed already (a
	// received date that did not convert is also "required" to Validate).
	if err := in.Validate(now, loc); err != nil {
		for _, p := range problemsOf(err) {
			key, known := requestInputFields[p.Field]
			if !known {
				key = p.Field
			}
			if _, mapped := m[key]; bad[key] {
				continue
			} else if known && mapped {
				fail(key, "%s", p.Message)
			} else {
				bad[key] = true
				problems = append(problems, export.Problem{Col: len(s.Header), Err: cellOrRowError(rec.Row, RequestFields, key, p.Message)})
			}
		}
	}
	r := backend.Request{Requester: in.Requester, SubmittedBy: in.SubmittedBy, Agent: in.Agent, ProofOfAuthority: in.ProofOfAuthority,
		RequesterConfirmed: in.RequesterConfirmed, Channel: in.Channel, Regime: in.Regime, Description: in.Description,
		RequesterWords: in.RequesterWords, Minor: in.Minor, GuardianConsent: in.GuardianConsent, Assignee: in.Assignee, Tags: in.Tags, Notes: in.Notes,
		Status: backend.StatusReceived, NoLetterReason: str("noLetterReason")}
	r.ReceivedAt, r.ReceivedDate, _ = in.Received(now, loc)
	// A right the law grants only from a later date (or no longer) is refused by the
	// deadline rules when the row is stored: it is listed here, on its row and column.
	if regimeOK && !bad["rights"] && !bad["receivedDate"] && !r.ReceivedDate.IsZero() {
		for _, t := range in.Rights {
			if _, err := rules.LookupOn(regime, t, r.ReceivedDate); err != nil {
				fail("rights", "%s", backend.ErrorMessage(err))
				break
			}
		}
	}
	if v := str("status"); v != "" {
		if st, ok := enumCell(v, backend.Statuses, backend.Status.Label); ok {
			r.Status = st
		} else {
			fail("status", "%q is not a status Privacy Desk knows (%s).", v, names(backend.Statuses))
		}
	}
	// An answer dated after today or before the request came is a slip (a day and a
	// month swapped, a wrong year), not an answer to store.
	today := backend.DateOf(now, loc)
	inTime := func(key string, d backend.Date) {
		switch {
		case d.IsZero() || bad[key]:
		case d.After(today):
			fail(key, "%s is in the future (today is %s).", d, today)
		case !r.ReceivedDate.IsZero() && !bad["receivedDate"] && d.Before(r.ReceivedDate):
			fail(key, "%s is before the request was received (%s).", d, r.ReceivedDate)
		}
	}
	inTime("responseDate", date("responseDate"))
	inTime("verifiedOn", date("verifiedOn"))
	if at, ok := rec.Values["closedAt"].(time.Time); ok {
		inTime("closedAt", backend.DateOf(at, loc))
	}
	// When the rights were answered (the response date, at noon) and when the request
	// was closed (its closing time, else the response date).
	var answered, closed *time.Time
	if d := date("responseDate"); !d.IsZero() {
		y, mo, dd := d.Time().Date()
		at := time.Date(y, mo, dd, 12, 0, 0, 0, loc).UTC()
		answered, closed = &at, &at
	}
	if at, ok := rec.Values["closedAt"].(time.Time); ok {
		closed = &at
		if answered == nil {
			answered = &at
		}
	}
	if r.Status.Closed() {
		if closed == nil {
			fail("status", "A closed request (%s) needs its date of response or closing time.", r.Status)
		}
		r.ClosedAt = closed
	}
	outcomes := splitRightItems(list("outcomes"))
	reasons, exemptions, texts := splitRightItems(list("denialReasons")), splitRightItems(list("exemptions")), splitRightItems(list("denialTexts"))
	for _, t := range in.Rights {
		rr := backend.RequestRight{Right: t, Outcome: backend.OutcomePending}
		if v, ok := outcomes[string(t)]; ok {
			if o, ok := enumCell(v, backend.Outcomes, backend.Outcome.Label); ok {
				rr.Outcome = o
			} else {
				fail("outcomes", "%q is not an outcome (pending, granted, partially-granted, denied).", v)
			}
		}
		if rr.Outcome == backend.OutcomeDenied || rr.Outcome == backend.OutcomePartiallyGranted {
			reason, _ := enumCell(reasons[string(t)], backend.DenialReasons, backend.DenialReason.Label)
			rr.DenialReason, rr.Exemption, rr.DenialText = reason, exemptions[string(t)], texts[string(t)]
			if err := backend.ValidateDenial("", t, rr.DenialReason, rr.Exemption, rr.DenialText); err != nil {
				key := map[string]string{"denialReason": "denialReasons", "exemption": "exemptions", "denialText": "denialTexts"}[backend.ErrorField(err)]
				if _, mapped := m[key]; !mapped {
					key = "outcomes"
				}
				fail(key, "%s: %s", t, backend.ErrorMessage(err))
			}
		}
		if rr.Outcome != backend.OutcomePending {
			if answered == nil && !bad["responseDate"] {
				fail("outcomes", "%s has an outcome but the row has no date of response.", t)
			}
			rr.OutcomeAt = answered
		}
		r.Rights = append(r.Rights, rr)
	}
	if method := str("verificationMethod"); method != "" {
		vm, ok := enumCell(method, backend.VerificationMethods, backend.VerificationMethod.Label)
		if !ok {
			fail("verificationMethod", "%q is not a verification method Privacy Desk knows (%s).", method, names(backend.VerificationMethods))
		}
		deg, ok := enumCell(str("verificationDegree"), backend.VerificationDegrees, backend.VerificationDegree.Label)
		if !ok {
			fail("verificationDegree", "%q is not a degree of verification (reasonable, reasonably-high).", str("verificationDegree"))
		}
		on := date("verifiedOn")
		if on.IsZero() {
			on = r.ReceivedDate
		}
		r.Verification = &backend.Verification{Method: vm, VerifiedBy: str("verifiedBy"), VerifiedOn: on, Degree: deg, RecordedAt: now}
	}
	if len(problems) > 0 || len(rec.Failed) > 0 {
		return storage.BulkRequest{}, problems
	}
	ev := backend.RequestEvent{At: now, Kind: backend.EventCreated, Summary: "Imported from " + source}
	return storage.BulkRequest{Request: r, Events: []backend.RequestEvent{ev}}, nil
}

// VendorFields are the fields a vendor import can fill (the export's keys).
var VendorFields = []export.Field{
	{Key: "name", Label: "Name", Type: export.Text, Required: true, Aliases: []string{"Vendor", "Vendor name", "Company", "Provider"}},
	{Key: "services", Label: "Services", Type: export.Text, Aliases: []string{"Service", "What they do"}},
	{Key: "category", Label: "Category", Type: export.Text},
	{Key: "contactName", Label: "Contact name", Type: export.Text, Aliases: []string{"Contact"}},
	{Key: "contactEmail", Label: "Contact email", Type: export.Text, Aliases: []string{"Email"}},
	{Key: "contactPhone", Label: "Contact phone", Type: export.Text, Aliases: []string{"Phone"}},
	{Key: "website", Label: "Website", Type: export.Text, Aliases: []string{"URL", "Web site"}},
	{Key: "postalAddress", Label: "Postal address", Type: export.Text, Aliases: []string{"Address", "Mailing address"}},
	{Key: "phiAccess", Label: "PHI access", Type: export.Text, Aliases: []string{"PHI"}},
	{Key: "dataCategories", Label: "Data categories", Type: export.List},
	{Key: "hosting", Label: "Hosting", Type: export.Text},
	{Key: "subcontractors", Label: "Subcontractors", Type: export.Text},
	{Key: "baaStatus", Label: "BAA status", Type: export.Text, Aliases: []string{"BAA"}},
	{Key: "baaReason", Label: "No BAA: reason", Type: export.Text},
	{Key: "baaReasonNote", Label: "No BAA: note", Type: export.Text},
	{Key: "baaSignedOn", Label: "BAA signed", Type: export.Date, Aliases: []string{"BAA signed on", "Signed"}},
	{Key: "baaEffectiveOn", Label: "BAA effective", Type: export.Date},
	{Key: "baaExpiresOn", Label: "BAA expires", Type: export.Date, Aliases: []string{"Expires", "BAA expiry", "Expiration"}},
	{Key: "priorBaaEndsOn", Label: "Previous BAA in force until", Type: export.Date},
	{Key: "nextReviewOn", Label: "Next review (practice policy)", Type: export.Date, Aliases: []string{"Next review", "Review"}},
	// Text, not a list: a clause's note may hold the list separators (parseChecklist).
	{Key: "checklist", Label: "BAA checklist, 45 CFR 164.504(e)(2)", Type: export.Text, Aliases: []string{"BAA checklist", "Checklist"}},
	{Key: "terminatedOn", Label: "Terminated", Type: export.Date},
	{Key: "phiDisposition", Label: "PHI returned or destroyed", Type: export.Text},
	{Key: "phiConfirmedOn", Label: "PHI disposition confirmed", Type: export.Date},
	{Key: "notes", Label: "Notes", Type: export.Text, Aliases: []string{"Comments"}},
}

// recordToVendor turns one converted row into a vendor, or lists every problem with
// it (the vendor's rules, each on its column); a problem on a cell already listed as
// not converting is not listed twice.
func recordToVendor(s *export.Sheet, m export.Mapping, rec export.Record) (backend.Vendor, []export.Problem) {
	str := func(key string) string { v, _ := rec.Values[key].(string); return v }
	date := func(key string) backend.Date { v, _ := rec.Values[key].(backend.Date); return v }
	v := backend.Vendor{Name: str("name"), Services: str("services"), ContactName: str("contactName"), ContactEmail: str("contactEmail"),
		ContactPhone: str("contactPhone"), Website: str("website"), Address: str("postalAddress"), Hosting: str("hosting"), Subcontractors: str("subcontractors"),
		BAAReasonNote: str("baaReasonNote"), BAASignedOn: date("baaSignedOn"), BAAEffective: date("baaEffectiveOn"),
		BAAExpiresOn: date("baaExpiresOn"), PriorBAAEndsOn: date("priorBaaEndsOn"), NextReviewOn: date("nextReviewOn"), TerminatedOn: date("terminatedOn"),
		PHIConfirmedOn: date("phiConfirmedOn"), Notes: str("notes"),
		Category:  backend.VendorCategory(strings.ToLower(str("category"))),
		PHIAccess: backend.PHIAccess(strings.ToLower(str("phiAccess"))), BAAStatus: backend.BAAStatus(strings.ToLower(str("baaStatus"))),
		BAAReason: backend.BAAExemption(strings.ToLower(str("baaReason"))), PHIDisposition: backend.PHIDisposition(strings.ToLower(str("phiDisposition")))}
	cats, _ := rec.Values["dataCategories"].([]string)
	for _, c := range cats {
		v.DataCategories = append(v.DataCategories, backend.DataCategoryKey(strings.TrimSpace(c)))
	}
	var problems []export.Problem
	checklist, err := parseChecklist(str("checklist"))
	if err != nil {
		problems = append(problems, export.Problem{Col: m["checklist"], Err: export.CellError(rec.Row, s.ColumnName(m["checklist"]), "%s", backend.ErrorMessage(err))})
	}
	v.Checklist = checklist
	err = v.Validate()
	if err == nil && len(problems) == 0 {
		return v, nil
	}
	if err == nil {
		return v, problems
	}
	for _, p := range problemsOf(err) {
		// The vendor's rules name its own fields; the import's columns carry the export's keys.
		if p.Field == "address" {
			p.Field = "postalAddress"
		} else if strings.HasPrefix(p.Field, "checklist") {
			p.Field = "checklist"
		}
		if rec.Failed[p.Field] {
			continue
		}
		if i, ok := m[p.Field]; ok {
			problems = append(problems, export.Problem{Col: i, Err: export.CellError(rec.Row, s.ColumnName(i), "%s", p.Message)})
		} else {
			problems = append(problems, export.Problem{Col: len(s.Header), Err: cellOrRowError(rec.Row, VendorFields, p.Field, p.Message)})
		}
	}
	return v, problems
}

// parseChecklist reads a BAA checklist as the export writes it (backend.AnsweredChecklist
// joined by export.ListSeparator): "i yes (Section 2); ii-C no". A clause's note may
// hold a semicolon, so a piece that does not begin with a clause and an answer belongs
// to the note before it.
func parseChecklist(s string) ([]backend.ChecklistItem, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var texts []string
	for i, piece := range strings.Split(s, ";") {
		if _, head, _ := checklistItem(strings.TrimLeft(piece, " ")); i == 0 || head {
			texts = append(texts, strings.TrimLeft(piece, " "))
		} else {
			texts[len(texts)-1] += ";" + piece
		}
	}
	var out []backend.ChecklistItem
	seen := map[string]bool{}
	for _, text := range texts {
		item, _, ok := checklistItem(strings.TrimSpace(text))
		if !ok {
			return nil, backend.Invalid("checklist", "%q is not a clause of 45 CFR 164.504(e)(2) and an answer (for example \"ii-J yes (Section 7.3)\").", strings.TrimSpace(text))
		}
		if seen[item.Clause] {
			return nil, backend.Invalid("checklist", "Clause %s is answered twice.", item.Clause)
		}
		seen[item.Clause] = true
		out = append(out, item)
	}
	return out, nil
}

// checklistItem reads one "clause answer (note)" of a checklist: head reports that text
// begins as one does (a clause, an answer, then nothing or an opening bracket), ok that
// it is one, whole.
func checklistItem(text string) (item backend.ChecklistItem, head, ok bool) {
	id, rest, _ := strings.Cut(text, " ")
	answer, note, _ := strings.Cut(rest, " ")
	for _, c := range backend.BAAClauses {
		if strings.EqualFold(c.ID, id) {
			item.Clause = c.ID
		}
	}
	item.Answer = backend.ChecklistAnswer(strings.ToLower(answer))
	if item.Clause == "" || item.Answer == backend.AnswerUnchecked || !item.Answer.Valid() {
		return item, false, false
	}
	if note == "" {
		return item, true, true
	}
	if note[0] != '(' {
		return item, false, false
	}
	if len(note) < 2 || note[len(note)-1] != ')' {
		return item, true, false
	}
	item.Note = note[1 : len(note)-1]
	return item, true, true
}

// readSheet reads an import file (CSV or XLSX by content) for fields; a reading error
// without a field lands on the file.
func readSheet(path string, fields []export.Field) (*export.Sheet, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, backend.Invalid("file", "Choose the file to import.")
	}
	sheet, err := export.ReadFile(path, export.ReadOptions{Known: export.KnownNames(fields)})
	return sheet, asFileError(err)
}

// Preview reads the file at path, maps its columns (m, or a proposal when it is nil)
// and checks every row, importing nothing. Problems of the rows or the mapping are in
// the preview; the error is for a file that cannot be read or an unknown kind.
func (s *Service) Preview(ctx context.Context, kind, path string, m export.Mapping) (ImportPreview, error) {
	fields, err := Fields(kind)
	if err != nil {
		return ImportPreview{}, err
	}
	sheet, err := readSheet(path, fields)
	if err != nil {
		return ImportPreview{}, err
	}
	if m == nil {
		m = export.AutoMap(sheet.Header, fields)
	}
	pv := newPreview(kind, strings.TrimSpace(path), sheet, fields, m)
	if err := m.Check(sheet, fields); err != nil {
		pv.Problems = append(pv.Problems, problemOf(err))
		return pv, nil
	}
	switch kind {
	case "requests":
		items, res, err := s.checkRequests(ctx, sheet, m, pv.Name)
		if err != nil {
			return ImportPreview{}, err
		}
		pv.fill(res, len(items))
		pv.Checked = "Every row was checked as it would be stored: dates, the law and its rights, contact details, duplicates."
	case "vendors":
		res := export.Convert(sheet, fields, m, export.ConvertOptions{})
		pv.fill(res, len(res.Records))
		pv.Checked = "Every cell was checked for its type (dates, lists) and required columns. The register's own rules (BAA status, unique names) are checked on import: if a row breaks one, nothing is imported and the row is named."
	}
	pv.CanCommit = len(pv.Problems) == 0 && pv.More == 0 && pv.Ready > 0
	if pv.Rows == 0 {
		pv.Problems = append(pv.Problems, ImportProblem{Where: "file", Message: "The file has a header but no rows to import."})
	}
	return pv, nil
}

// Commit imports every row of the file at path (columns mapped by m, or as proposed
// when nil), or none: when any row has a problem the outcome lists the problems and
// nothing was stored. A problem found while storing (a vendor name already in the
// register) is listed the same way. The error is for a file that cannot be read or a
// fault of the database.
func (s *Service) Commit(ctx context.Context, kind, path string, m export.Mapping) (ImportOutcome, error) {
	fields, err := Fields(kind)
	if err != nil {
		return ImportOutcome{}, err
	}
	sheet, err := readSheet(path, fields)
	if err != nil {
		return ImportOutcome{}, err
	}
	if m == nil {
		m = export.AutoMap(sheet.Header, fields)
	}
	out := ImportOutcome{Preview: newPreview(kind, strings.TrimSpace(path), sheet, fields, m)}
	source := out.Preview.Name
	switch kind {
	case "requests":
		items, res, err := s.checkRequests(ctx, sheet, m, source)
		if err != nil {
			return ImportOutcome{}, err
		}
		if out.Preview.fill(res, len(items)); len(res.Problems) > 0 {
			return out, nil
		}
		if err := ctx.Err(); err != nil {
			return ImportOutcome{}, err
		}
		sum, err := s.st.ImportRequests(items, source)
		if err != nil {
			return storeRefused(out, err)
		}
		out.Count, out.First, out.Last = sum.Count, sum.First, sum.Last
	case "vendors":
		stored, err := s.st.ListVendors(backend.VendorFilter{})
		if err != nil {
			return ImportOutcome{}, err
		}
		vendors, res := checkVendors(sheet, m, stored)
		if out.Preview.fill(res, len(vendors)); len(res.Problems) > 0 {
			return out, nil
		}
		if err := ctx.Err(); err != nil {
			return ImportOutcome{}, err
		}
		if out.Count, err = s.st.CreateVendors(vendors, source); err != nil {
			return storeRefused(out, err)
		}
	}
	out.Imported = true
	return out, nil
}

// storeRefused lists a validation or conflict error of storing (it names the row or
// vendor in its message) as a problem of the outcome; other errors are returned.
func storeRefused(out ImportOutcome, err error) (ImportOutcome, error) {
	if code := backend.ErrorCode(err); code != backend.EINVALID && code != backend.ECONFLICT {
		return ImportOutcome{}, err
	}
	out.Count = 0
	out.Preview.Problems = append(out.Preview.Problems, problemOf(err))
	out.Preview.CanCommit = false
	return out, nil
}

// checkRequests converts and checks every row of a request import; items are the rows
// without a problem, as they would be stored.
func (s *Service) checkRequests(ctx context.Context, sheet *export.Sheet, m export.Mapping, source string) ([]storage.BulkRequest, export.Result, error) {
	loc, err := s.zone(ctx)
	if err != nil {
		return nil, export.Result{}, err
	}
	now := s.st.Now()
	var items []storage.BulkRequest
	var rows []int // the sheet row of each item
	// Every row is checked, also one whose cells did not all convert, and its
	// problems listed together, by column; rows come in order.
	check := func(rec export.Record) []export.Problem {
		item, problems := recordToBulk(sheet, m, rec, now, loc, source)
		if len(problems) == 0 && len(rec.Failed) == 0 {
			items = append(items, item)
			rows = append(rows, rec.Row)
		}
		return problems
	}
	res := export.Convert(sheet, RequestFields, m, export.ConvertOptions{Location: loc, Check: check})
	// A row that repeats a stored request was imported before (this file again, or a
	// later copy of the same log): it is refused, naming the request.
	stored, err := s.st.StoredAlready(items)
	if err != nil {
		return nil, export.Result{}, err
	}
	if len(stored) > 0 {
		kept := items[:0]
		for i := range items {
			ref, dup := stored[i]
			if !dup {
				kept = append(kept, items[i])
				continue
			}
			res.Add(backend.Invalid(fmt.Sprintf("row %d", rows[i]), "Row %d is already in Privacy Desk as %s (the same requester, date of request, law and rights): this file, or an earlier copy of it, was imported before. Remove the rows imported already, then import again.",
				rows[i], ref), 0)
		}
		items = kept
	}
	return items, res, nil
}

// checkVendors converts and checks every row of a vendor import against the
// register's rules, the vendors stored already and the file's other rows (names are
// unique).
func checkVendors(sheet *export.Sheet, m export.Mapping, stored []backend.Vendor) ([]backend.Vendor, export.Result) {
	var vendors []backend.Vendor
	rows := map[string]int{}
	inRegister := map[string]string{}
	for _, v := range stored {
		inRegister[backend.NameKey(v.Name)] = v.Name
	}
	check := func(rec export.Record) []export.Problem {
		v, problems := recordToVendor(sheet, m, rec)
		if v.Name != "" && !rec.Failed["name"] {
			if name, dup := inRegister[backend.NameKey(v.Name)]; dup {
				problems = append(problems, export.Problem{Col: m["name"],
					Err: export.CellError(rec.Row, sheet.ColumnName(m["name"]), "A vendor named %q is already in the register; vendor names are unique.", name)})
			} else if first, dup := rows[backend.NameKey(v.Name)]; dup {
				problems = append(problems, export.Problem{Col: m["name"],
					Err: export.CellError(rec.Row, sheet.ColumnName(m["name"]), "%q is also on row %d; vendor names are unique.", v.Name, first)})
			} else {
				rows[backend.NameKey(v.Name)] = rec.Row
			}
		}
		if len(problems) == 0 && len(rec.Failed) == 0 {
			vendors = append(vendors, v)
		}
		return problems
	}
	res := export.Convert(sheet, VendorFields, m, export.ConvertOptions{Check: check})
	return vendors, res
}

func newPreview(kind, path string, sheet *export.Sheet, fields []export.Field, m export.Mapping) ImportPreview {
	pv := ImportPreview{Kind: kind, File: path, Name: filepath.Base(path), Format: sheet.Format, Sheet: sheet.Name,
		Encoding: sheet.Encoding, HeaderRow: sheet.HeaderRow, Header: sheet.Header, Mapping: m, Rows: len(sheet.Rows),
		Problems: []ImportProblem{}, FirstRows: []export.SheetRow{}, Notes: []string{}}
	if pv.Header == nil {
		pv.Header = []string{}
	}
	for _, f := range fields {
		label := f.Label
		if label == "" {
			label = f.Key
		}
		pv.Fields = append(pv.Fields, ImportField{Key: f.Key, Label: label, Type: f.Type.String(), Required: f.Required})
	}
	for i := 0; i < len(sheet.Rows) && i < firstRowsShown; i++ {
		pv.FirstRows = append(pv.FirstRows, sheet.Rows[i])
	}
	return pv
}

// fill takes the check's problems and the count of rows ready.
func (pv *ImportPreview) fill(res export.Result, ready int) {
	pv.Ready, pv.More = ready, res.More
	pv.Notes = append([]string{}, res.Notes...)
	pv.Problems = pv.Problems[:0]
	for _, p := range res.Problems {
		pv.Problems = append(pv.Problems, problemOf(p))
	}
}

func problemOf(err error) ImportProblem {
	where := backend.ErrorField(err)
	if where == "" {
		where = "file"
	}
	return ImportProblem{Where: where, Message: backend.ErrorMessage(err)}
}

// asFileError puts a reading error without a field on the file chooser.
func asFileError(err error) error {
	if err != nil && backend.ErrorCode(err) == backend.EINVALID && backend.ErrorField(err) == "" {
		return backend.Invalid("file", "%s", backend.ErrorMessage(err))
	}
	return err
}

// problemsOf lists every field problem of a validation error; an error without a
// field is one problem under "".
func problemsOf(err error) []backend.Problem {
	if ps := backend.ErrorProblems(err); len(ps) > 0 {
		return ps
	}
	return []backend.Problem{{Message: backend.ErrorMessage(err)}}
}

// cellOrRowError names the row and a field the file has no column for, as the mapping
// step names it ("row 7, Requester email (not a column of the file)"), or the row alone.
func cellOrRowError(row int, fields []export.Field, key, message string) *backend.Error {
	if key == "" {
		return backend.Invalid(fmt.Sprintf("row %d", row), "%s", message)
	}
	for _, f := range fields {
		if f.Key == key && f.Label != "" {
			key = f.Label
		}
	}
	return backend.Invalid(fmt.Sprintf("row %d, %s (not a column of the file)", row, key), "%s", message)
}
