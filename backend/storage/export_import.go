package storage

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/mailimport"
)

// Imports bring a practice's old spreadsheet in: the file is read (export.ReadCSV or
// ReadXLSX), its columns mapped to the fields below (export.AutoMap proposes, a person
// confirms), every row converted and validated with errors naming row and column, and
// only when no row has a problem is everything stored, in one transaction: a file is
// imported whole or not at all. The field keys are the export's column keys, so an
// export of Privacy Desk imports back as it is.

// RequestImportFields are the fields a request import can fill.
var RequestImportFields = []export.Field{
	{Key: "requesterName", Label: "Requester name", Type: export.Text, Required: true, MaxLen: backend.MaxNameLen,
		Aliases: []string{"Name", "Full name", "Patient", "Client", "Requester", "Client name", "Patient name"}},
	{Key: "receivedDate", Label: "Date of request", Type: export.Date, Required: true,
		Aliases: []string{"Received", "Date received", "Received date", "Date", "Request date", "Received on"}},
	{Key: "receivedAt", Label: "Received at (UTC)", Type: export.DateTime},
	{Key: "regime", Label: "Regime", Type: export.Text, Required: true, Aliases: []string{"Law", "Jurisdiction", "Regulation"}},
	{Key: "rights", Label: "Nature of request (rights)", Type: export.List, Required: true,
		Aliases: []string{"Rights", "Right", "Request type", "Type", "Type of request", "Nature of request"}},
	{Key: "channel", Label: "Manner made (channel)", Type: export.Text, Aliases: []string{"Channel", "How received", "Received via", "Method"}},
	{Key: "requesterEmail", Label: "Requester email", Type: export.Text, Aliases: []string{"Email", "E-mail", "Email address"}},
	{Key: "requesterPhone", Label: "Requester phone", Type: export.Text, Aliases: []string{"Phone", "Telephone", "Phone number"}},
	{Key: "requesterAddress", Label: "Requester postal address", Type: export.Text, Aliases: []string{"Address", "Postal address", "Mailing address"}},
	{Key: "dateOfBirth", Label: "Date of birth", Type: export.Date, Aliases: []string{"DOB", "Birth date", "Birthdate"}},
	{Key: "clientNumber", Label: "Client number", Type: export.Text, Aliases: []string{"Client #", "Patient number", "Patient ID", "Client ID", "MRN"}},
	{Key: "submittedBy", Label: "Submitted by", Type: export.Text},
	{Key: "agentName", Label: "Agent name", Type: export.Text, Aliases: []string{"Agent"}},
	{Key: "agentEmail", Label: "Agent email", Type: export.Text},
	{Key: "agentPhone", Label: "Agent phone", Type: export.Text},
	{Key: "agentRelationship", Label: "Agent relationship", Type: export.Text},
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
	{Key: "description", Label: "Description", Type: export.Text, Aliases: []string{"Details", "Request"}},
	{Key: "notes", Label: "Notes", Type: export.Text, Aliases: []string{"Comments", "Note"}},
	{Key: "closedAt", Label: "Closed at (UTC)", Type: export.DateTime},
}

// requestInputFields maps RequestInput's validation field names to import field keys,
// so a domain error lands on the spreadsheet column it came from.
var requestInputFields = map[string]string{
	"requester.name": "requesterName", "requester.email": "requesterEmail", "requester.phone": "requesterPhone",
	"requester.address": "requesterAddress", "requester.dateOfBirth": "dateOfBirth", "requester.clientNumber": "clientNumber",
	"submittedBy": "submittedBy", "agent.name": "agentName", "agent.email": "agentEmail", "agent.phone": "agentPhone",
	"agent.relationship": "agentRelationship", "channel": "channel", "receivedDate": "receivedDate", "receivedTime": "receivedAt",
	"regime": "regime", "rights": "rights", "description": "description", "minor": "minor", "guardianConsent": "guardianConsent",
	"assignee": "assignee", "tags": "tags", "notes": "notes",
}

// ImportPreview is what the import screen shows before committing.
type ImportPreview struct {
	Format    string           `json:"format"`
	Sheet     string           `json:"sheet"`
	Encoding  string           `json:"encoding"`
	HeaderRow int              `json:"headerRow"`
	Header    []string         `json:"header"`
	Mapping   export.Mapping   `json:"mapping"`
	Rows      int              `json:"rows"`  // data rows in the file
	Ready     int              `json:"ready"` // rows without a problem
	Problems  []*backend.Error `json:"problems"`
	More      int              `json:"more"` // problems beyond those listed
	// Sample is the first rows as they would be stored, for a look before committing.
	Sample []backend.Request `json:"sample"`
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
	"limit": backend.RightLimitSensitive, "amendment": backend.RightCorrection, "amend": backend.RightCorrection}

// parseRegimeCell reads a regime by identifier, label or a common name.
func parseRegimeCell(s string) (backend.Regime, bool) {
	f := foldName(s)
	for _, r := range backend.Regimes {
		if f == foldName(string(r)) || f == foldName(r.Label()) {
			return r, true
		}
	}
	r, ok := regimeAliases[f]
	return r, ok
}

// parseRightCell reads a right by identifier, label or a common name.
func parseRightCell(s string) (backend.Right, bool) {
	f := foldName(s)
	for _, t := range backend.Rights {
		if f == foldName(string(t)) || f == foldName(t.Label()) {
			return t, true
		}
	}
	t, ok := rightAliases[f]
	return t, ok
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

// recordToBulk turns one converted row into a request, or lists every problem with it,
// each named by row and column. Fields whose cells already failed to convert
// (rec.Failed) are not reported again; a stand-in takes their place so the row's other
// rules are still checked.
func recordToBulk(s *export.Sheet, m export.Mapping, rec export.Record, now time.Time, loc *time.Location, source string) (BulkRequest, []export.Problem) {
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
			problems = append(problems, export.Problem{Col: len(s.Header), Err: export.CellError(rec.Row, key, format, args...)})
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
			Address: str("requesterAddress"), ClientNumber: str("clientNumber")},
		Agent:            backend.Agent{Name: str("agentName"), Email: str("agentEmail"), Phone: str("agentPhone"), Relationship: str("agentRelationship")},
		ProofOfAuthority: flag("proofOfAuthority"), RequesterConfirmed: flag("requesterConfirmed"),
		ReceivedDate: date("receivedDate").String(), Regime: regime, Description: str("description"),
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
			fail("rights", "%q is not a right Privacy Desk knows.", item)
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
	// Stand-ins for what is already reported, so validation goes on to the rest.
	if bad["receivedDate"] || bad["receivedAt"] {
		in.ReceivedDate, in.ReceivedTime = backend.DateOf(now, loc).String(), ""
	}
	if bad["requesterName"] {
		in.Requester.Name = "–"
	}
	if !regimeOK || len(in.Rights) == 0 && bad["rights"] {
		// Without a known regime or any good right the rest of the request cannot be
		// checked against them; the other fields still are.
		in.Regime, in.Rights = backend.RegimeCCPA, []backend.Right{backend.RightAccess}
	}
	// RequestInput.Validate stops at its first problem: each one is listed, its field
	// given a stand-in, and validation run again, until it passes or a problem has no
	// stand-in.
	for range len(requestInputFields) + 2 {
		err := in.Validate(now, loc)
		if err == nil {
			break
		}
		field := backend.ErrorField(err)
		key, known := requestInputFields[field]
		if !known {
			key = field
		}
		if _, mapped := m[key]; bad[key] {
			// listed already (a stand-in that did not satisfy every rule)
		} else if known && mapped {
			fail(key, "%s", backend.ErrorMessage(err))
		} else {
			bad[key] = true
			problems = append(problems, export.Problem{Col: len(s.Header), Err: export.CellError(rec.Row, field, "%s", backend.ErrorMessage(err))})
		}
		if !standIn(&in, field, now, loc) {
			break
		}
	}
	r := backend.Request{Requester: in.Requester, SubmittedBy: in.SubmittedBy, Agent: in.Agent, ProofOfAuthority: in.ProofOfAuthority,
		RequesterConfirmed: in.RequesterConfirmed, Channel: in.Channel, Regime: in.Regime, Description: in.Description,
		Minor: in.Minor, GuardianConsent: in.GuardianConsent, Assignee: in.Assignee, Tags: in.Tags, Notes: in.Notes,
		Status: backend.StatusReceived}
	r.ReceivedAt, r.ReceivedDate, _ = in.Received(now, loc)
	if v := str("status"); v != "" {
		if st, ok := enumCell(v, backend.Statuses, backend.Status.Label); ok {
			r.Status = st
		} else {
			fail("status", "%q is not a status Privacy Desk knows.", v)
		}
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
			if err := backend.ValidateDenial(t, rr.DenialReason, rr.Exemption, rr.DenialText); err != nil {
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
			fail("verificationMethod", "%q is not a verification method Privacy Desk knows.", method)
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
		return BulkRequest{}, problems
	}
	ev := backend.RequestEvent{At: now, Kind: backend.EventCreated, Summary: "Imported from " + source}
	return BulkRequest{Request: r, Events: []backend.RequestEvent{ev}}, nil
}

// standIn replaces the input's field that failed validation with a valid stand-in, so
// validating again finds the next problem; false when there is none to put. The
// stand-ins are never stored: a row with a problem is not imported.
func standIn(in *backend.RequestInput, field string, now time.Time, loc *time.Location) bool {
	contact := func() {
		if in.Requester.Email == "" && in.Requester.Phone == "" && in.Requester.Address == "" {
			in.Requester.Email = "stand-in@example.org"
		}
	}
	switch field {
	case "requester.name":
		in.Requester.Name = "–"
	case "requester.email":
		in.Requester.Email = "stand-in@example.org"
	case "requester.phone":
		in.Requester.Phone = ""
		contact()
	case "requester.address":
		in.Requester.Address = ""
		contact()
	case "requester.dateOfBirth":
		in.Requester.DateOfBirth = ""
	case "requester.clientNumber":
		in.Requester.ClientNumber = ""
	case "submittedBy", "agent.name", "agent.email", "agent.phone", "agent.relationship":
		in.SubmittedBy, in.Agent = backend.SubmittedBySelf, backend.Agent{}
	case "channel":
		in.Channel = backend.ChannelOther
	case "receivedDate", "receivedTime":
		in.ReceivedDate, in.ReceivedTime = backend.DateOf(now, loc).String(), ""
	case "description":
		in.Description = ""
	case "minor", "guardianConsent":
		in.Minor, in.GuardianConsent, in.Requester.DateOfBirth = false, "", ""
	case "assignee":
		in.Assignee = ""
	case "tags":
		in.Tags = nil
	case "notes":
		in.Notes = ""
	default:
		return false
	}
	return true
}

// readSheet reads an import file (CSV or XLSX by content) for fields.
func readSheet(path string, fields []export.Field) (*export.Sheet, error) {
	return export.ReadFile(path, export.ReadOptions{Known: export.KnownNames(fields)})
}

// PreviewRequestImport reads path, maps its columns (m, or AutoMap when nil) and checks
// every row, storing nothing.
func (s *Store) PreviewRequestImport(path string, m export.Mapping) (ImportPreview, error) {
	pv, _, err := s.prepareRequestImport(path, m)
	return pv, err
}

func (s *Store) prepareRequestImport(path string, m export.Mapping) (ImportPreview, []BulkRequest, error) {
	sheet, err := readSheet(path, RequestImportFields)
	if err != nil {
		return ImportPreview{}, nil, err
	}
	if m == nil {
		m = export.AutoMap(sheet.Header, RequestImportFields)
	}
	pv := ImportPreview{Format: sheet.Format, Sheet: sheet.Name, Encoding: sheet.Encoding, HeaderRow: sheet.HeaderRow,
		Header: sheet.Header, Mapping: m, Rows: len(sheet.Rows), Problems: []*backend.Error{}, Sample: []backend.Request{}}
	_, loc, err := practiceZone(s.db)
	if err != nil {
		return pv, nil, err
	}
	now := s.Now()
	var items []BulkRequest
	source := filepath.Base(path)
	// Every row is checked, also one whose cells did not all convert, and its
	// problems listed together, by column; rows come in order.
	check := func(rec export.Record) []export.Problem {
		item, problems := recordToBulk(sheet, m, rec, now, loc, source)
		if len(problems) == 0 && len(rec.Failed) == 0 {
			items = append(items, item)
			if len(pv.Sample) < 5 {
				pv.Sample = append(pv.Sample, item.Request)
			}
		}
		return problems
	}
	res := export.Convert(sheet, RequestImportFields, m, export.ConvertOptions{Location: loc, Check: check})
	pv.Problems, pv.More, pv.Ready = res.Problems, res.More, len(items)
	if len(pv.Problems) > 0 {
		return pv, nil, res.Err()
	}
	return pv, items, nil
}

// ImportRequests imports every row of path as a request, or none: any problem in any
// row refuses the whole file (the error names the first; the preview lists them all).
func (s *Store) ImportRequests(path string, m export.Mapping) (ImportPreview, BulkSummary, error) {
	pv, items, err := s.prepareRequestImport(path, m)
	if err != nil {
		return pv, BulkSummary{}, err
	}
	sum, err := s.BulkCreateRequests(items, "import "+filepath.Base(path))
	if err != nil {
		return pv, sum, err
	}
	err = s.RecordEvent("import", filepath.Base(path), "import", map[string]any{"kind": "requests", "file": filepath.Base(path),
		"count": sum.Count, "first": sum.First, "last": sum.Last})
	return pv, sum, err
}

// VendorImportFields are the fields a vendor import can fill (the export's keys).
var VendorImportFields = []export.Field{
	{Key: "name", Label: "Name", Type: export.Text, Required: true, Aliases: []string{"Vendor", "Vendor name", "Company", "Provider"}},
	{Key: "services", Label: "Services", Type: export.Text, Aliases: []string{"Service", "What they do"}},
	{Key: "category", Label: "Category", Type: export.Text},
	{Key: "contactName", Label: "Contact name", Type: export.Text, Aliases: []string{"Contact"}},
	{Key: "contactEmail", Label: "Contact email", Type: export.Text, Aliases: []string{"Email"}},
	{Key: "contactPhone", Label: "Contact phone", Type: export.Text, Aliases: []string{"Phone"}},
	{Key: "website", Label: "Website", Type: export.Text, Aliases: []string{"URL", "Web site"}},
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
	{Key: "nextReviewOn", Label: "Next review (practice policy)", Type: export.Date, Aliases: []string{"Next review", "Review"}},
	{Key: "terminatedOn", Label: "Terminated", Type: export.Date},
	{Key: "phiDisposition", Label: "PHI returned or destroyed", Type: export.Text},
	{Key: "phiConfirmedOn", Label: "PHI disposition confirmed", Type: export.Date},
	{Key: "notes", Label: "Notes", Type: export.Text, Aliases: []string{"Comments"}},
}

// recordToVendor turns one converted row into a vendor, or the problem with it (the
// vendor's rules stop at the first); a problem on a cell already listed as not
// converting is not listed twice.
func recordToVendor(s *export.Sheet, m export.Mapping, rec export.Record) (backend.Vendor, []export.Problem) {
	str := func(key string) string { v, _ := rec.Values[key].(string); return v }
	date := func(key string) backend.Date { v, _ := rec.Values[key].(backend.Date); return v }
	v := backend.Vendor{Name: str("name"), Services: str("services"), ContactName: str("contactName"), ContactEmail: str("contactEmail"),
		ContactPhone: str("contactPhone"), Website: str("website"), Hosting: str("hosting"), Subcontractors: str("subcontractors"),
		BAAReasonNote: str("baaReasonNote"), BAASignedOn: date("baaSignedOn"), BAAEffective: date("baaEffectiveOn"),
		BAAExpiresOn: date("baaExpiresOn"), NextReviewOn: date("nextReviewOn"), TerminatedOn: date("terminatedOn"),
		PHIConfirmedOn: date("phiConfirmedOn"), Notes: str("notes"),
		Category:  backend.VendorCategory(strings.ToLower(str("category"))),
		PHIAccess: backend.PHIAccess(strings.ToLower(str("phiAccess"))), BAAStatus: backend.BAAStatus(strings.ToLower(str("baaStatus"))),
		BAAReason: backend.BAAExemption(strings.ToLower(str("baaReason"))), PHIDisposition: backend.PHIDisposition(strings.ToLower(str("phiDisposition")))}
	cats, _ := rec.Values["dataCategories"].([]string)
	for _, c := range cats {
		v.DataCategories = append(v.DataCategories, backend.DataCategoryKey(strings.TrimSpace(c)))
	}
	if err := v.Validate(); err != nil {
		field := backend.ErrorField(err)
		if rec.Failed[field] {
			return v, nil
		}
		if i, ok := m[field]; ok {
			return v, []export.Problem{{Col: i, Err: export.CellError(rec.Row, s.ColumnName(i), "%s", backend.ErrorMessage(err))}}
		}
		return v, []export.Problem{{Col: len(s.Header), Err: export.CellError(rec.Row, field, "%s", backend.ErrorMessage(err))}}
	}
	return v, nil
}

// ImportVendors imports every row of path as a vendor in one transaction, or none.
func (s *Store) ImportVendors(path string, m export.Mapping) (ImportPreview, int, error) {
	sheet, err := readSheet(path, VendorImportFields)
	if err != nil {
		return ImportPreview{}, 0, err
	}
	if m == nil {
		m = export.AutoMap(sheet.Header, VendorImportFields)
	}
	pv := ImportPreview{Format: sheet.Format, Sheet: sheet.Name, Encoding: sheet.Encoding, HeaderRow: sheet.HeaderRow,
		Header: sheet.Header, Mapping: m, Rows: len(sheet.Rows), Problems: []*backend.Error{}, Sample: []backend.Request{}}
	var vendors []backend.Vendor
	rows := map[string]int{}
	check := func(rec export.Record) []export.Problem {
		v, problems := recordToVendor(sheet, m, rec)
		if v.Name != "" && !rec.Failed["name"] {
			if first, dup := rows[backend.NameKey(v.Name)]; dup {
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
	res := export.Convert(sheet, VendorImportFields, m, export.ConvertOptions{Check: check})
	pv.Problems, pv.More, pv.Ready = res.Problems, res.More, len(vendors)
	if err := res.Err(); err != nil {
		return pv, 0, err
	}
	now := s.Now().UTC()
	err = s.db.Transaction(func(tx *gorm.DB) error {
		for i := range vendors {
			v := &vendors[i]
			v.CreatedAt, v.UpdatedAt = now, now
			if err := checkVendorName(tx, v); err != nil {
				return fmt.Errorf("%s: %w", v.Name, err)
			}
			r := vendorToRow(v)
			if err := tx.Create(&r).Error; err != nil {
				return translateVendorErr(err, v.Name)
			}
			v.ID = r.ID
			if err := saveVendorCategories(tx, v); err != nil {
				return err
			}
			if err := s.appendAudit(tx, "vendor", v.Name, "create", nil, v); err != nil {
				return err
			}
		}
		return s.appendAudit(tx, "import", filepath.Base(path), "import", nil, map[string]any{"kind": "vendors",
			"file": filepath.Base(path), "count": len(vendors)})
	})
	if err != nil {
		return pv, 0, err
	}
	return pv, len(vendors), nil
}

// EmailRequestInput proposes an intake from an email: the sender as requester, the
// email's date as received (in the practice's zone; today when it has none), channel
// email, the subject and text as description, and the rights the email proposes.
// The regime is the person's choice: an email does not say which law applies.
func (s *Store) EmailRequestInput(m *mailimport.Message, regime backend.Regime, rights []backend.Right) (backend.RequestInput, error) {
	_, loc, err := practiceZone(s.db)
	if err != nil {
		return backend.RequestInput{}, err
	}
	name := m.FromName
	if name == "" {
		name = m.FromAddress
	}
	received := s.Now()
	if !m.Date.IsZero() && !m.Date.After(received) {
		received = m.Date
	}
	local := received.In(loc)
	desc := strings.TrimSpace(m.Subject + "\n\n" + m.Body)
	notes := ""
	if r := []rune(desc); len(r) > backend.MaxDescriptionLen {
		desc = string(r[:backend.MaxDescriptionLen-80]) + "\n[…the full text is in the attached email]"
	}
	if len(m.Attachments) > 0 {
		notes = "The email's own attachments (inside the attached .eml): " + strings.Join(m.Attachments, ", ")
	}
	if len(rights) == 0 {
		rights = m.ProposedRights
	}
	return backend.RequestInput{Requester: backend.Person{Name: name, Email: m.FromAddress}, Channel: backend.ChannelEmail,
		ReceivedDate: local.Format("2006-01-02"), ReceivedTime: local.Format("15:04"), Regime: regime, Rights: rights,
		Description: desc, Notes: notes}, nil
}

// ImportEmail creates a request from the .eml at path and attaches the .eml to it.
// in is the intake as confirmed by the person (EmailRequestInput proposes it).
func (s *Store) ImportEmail(path string, in backend.RequestInput) (backend.Request, error) {
	r, err := s.CreateRequest(in)
	if err != nil {
		return r, err
	}
	if _, err := s.AddRequestAttachment(r.Reference, path, "request-email"); err != nil {
		return r, backend.Errorf(backend.ErrorCode(err), "Request %s was created, but the email could not be attached: %s", r.Reference, backend.ErrorMessage(err))
	}
	return s.GetRequest(r.Reference)
}
