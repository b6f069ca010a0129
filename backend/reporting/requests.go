package reporting

import (
	"context"
	"encoding/json"
	"iter"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

// RequestsTable is the shape of the requests export: one row per request with every
// field, the 11 CCR 7101 record included (date of request, nature of the request, the
// manner in which it was made, date and nature of the response, basis for any denial).
// Per-right details are lists of "right: value" items, in the order of Rights.
var RequestsTable = Table{Name: "Requests", Columns: []Column{
	col("reference", "Reference", export.Text, "requests.reference"),
	col("receivedDate", "Date of request", export.Date, "requests.received_date"),
	col("receivedAt", "Received at (UTC)", export.DateTime, "requests.received_at"),
	col("channel", "Manner made (channel)", export.Text, "requests.channel"),
	col("regime", "Regime", export.Text, "requests.regime"),
	col("rights", "Nature of request (rights)", export.List, "request_rights.right_code"),
	col("status", "Status", export.Text, "requests.status"),
	col("responseDate", "Date of response", export.Date, "request_rights.outcome_at"),
	col("outcomes", "Nature of response (outcome per right)", export.List, "request_rights.outcome"),
	col("denialReasons", "Basis for denial (per right)", export.List, "request_rights.denial_reason"),
	col("exemptions", "Exemption named (per right)", export.List, "request_rights.exemption"),
	col("denialTexts", "Denial explanation (per right)", export.List, "request_rights.denial_text"),
	col("dueDates", "Due date (per right)", export.List, "request_rights.respond_by", "request_rights.promised_by", "request_rights.extended_to",
		"request_rights.state_due"),
	col("citations", "Deadline rule (per right)", export.List, "request_rights.citation", "request_rights.state_citation"),
	col("responseSentOn", "Date response letter sent", export.Date, "letter_sendings.sent_on"),
	col("noLetterReason", "Completed without a sent letter because", export.Text, "requests.no_letter_reason"),
	col("nextDue", "Next due", export.Date, "requests.next_due"),
	col("requesterName", "Requester name", export.Text, "requests.requester_name"),
	col("nameOnLetters", "Name on letters", export.Text, "requests.requester_letter_name"),
	col("requesterEmail", "Requester email", export.Text, "requests.requester_email"),
	col("requesterPhone", "Requester phone", export.Text, "requests.requester_phone"),
	col("requesterAddress", "Requester postal address", export.Text, "requests.requester_address"),
	col("requesterCountry", "Requester's country (GDPR holidays)", export.Text, "requests.requester_country"),
	col("dateOfBirth", "Date of birth", export.Date, "requests.requester_dob"),
	col("clientNumber", "Client number", export.Text, "requests.client_number"),
	col("submittedBy", "Submitted by", export.Text, "requests.submitted_by"),
	col("agentName", "Agent name", export.Text, "requests.agent_name"),
	col("agentEmail", "Agent email", export.Text, "requests.agent_email"),
	col("agentPhone", "Agent phone", export.Text, "requests.agent_phone"),
	col("agentRelationship", "Agent relationship", export.Text, "requests.agent_relationship"),
	col("agentAddress", "Agent postal address", export.Text, "requests.agent_address"),
	col("proofOfAuthority", "Proof of authority received", export.Bool, "requests.proof_of_authority"),
	col("requesterConfirmed", "Requester confirmed directly", export.Bool, "requests.requester_confirmed"),
	col("minor", "Minor", export.Bool, "requests.minor"),
	col("guardianConsent", "Guardian consent", export.Text, "requests.guardian_consent"),
	col("verificationMethod", "Identity verified by (method)", export.Text, "request_verifications.method"),
	col("verifiedBy", "Verified by (staff)", export.Text, "request_verifications.verified_by"),
	col("verifiedOn", "Verified on", export.Date, "request_verifications.verified_on"),
	col("verificationDegree", "Degree of verification", export.Text, "request_verifications.degree"),
	col("deletionConfirmedOn", "Deletion confirmed by requester on", export.Date, "requests.deletion_confirmed_on"),
	col("extendedTo", "Extended to", export.Date, "requests.extended_to"),
	col("extensionReason", "Extension reason", export.Text, "requests.extension_reason"),
	col("appealOf", "Appeal of (the denied request)", export.Text, "requests.appeal_of"),
	col("assignee", "Assignee", export.Text, "requests.assignee"),
	col("tags", "Tags", export.List, "requests.tags"),
	col("description", "What they asked for (internal)", export.Text, "requests.description"),
	col("requesterWords", "The requester's words", export.Text, "requests.requester_words"),
	col("notes", "Notes", export.Text, "requests.notes"),
	col("closedAt", "Closed at (UTC)", export.DateTime, "requests.closed_at"),
	col("createdAt", "Created at (UTC)", export.DateTime, "requests.created_at"),
	col("updatedAt", "Updated at (UTC)", export.DateTime, "requests.updated_at"),
}}

// requestRowBuilder accumulates the result rows of one request into an export row.
type requestRowBuilder struct {
	loc                                          *time.Location
	row                                          export.Row
	rights, outcomes, denials, exemptions, texts []string
	dues, citations                              []string
	response                                     backend.Date
}

// dateOrNil reads a stored calendar date ("" or unreadable: an empty cell).
func dateOrNil(s string) any {
	if s == "" {
		return nil
	}
	d, err := backend.ParseDate(s[:min(len(s), 10)])
	if err != nil {
		return nil
	}
	return d
}

// instantOrNil reads a stored instant ("" or unreadable: an empty cell).
func instantOrNil(s string) any {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	return t
}

func textOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (b *requestRowBuilder) start(w *storage.RequestExportRow) {
	var tags []string
	if w.Tags != "" && w.Tags != "[]" {
		json.Unmarshal([]byte(w.Tags), &tags)
	}
	b.rights, b.outcomes, b.denials, b.exemptions, b.texts = b.rights[:0], b.outcomes[:0], b.denials[:0], b.exemptions[:0], b.texts[:0]
	b.dues, b.citations = b.dues[:0], b.citations[:0]
	b.response = backend.Date{}
	b.row = export.Row{w.Reference, dateOrNil(w.ReceivedDate), instantOrNil(w.ReceivedAt), w.Channel, w.Regime, nil, w.Status,
		nil, nil, nil, nil, nil, nil, nil, dateOrNil(w.ResponseSentOn), textOrNil(w.NoLetterReason), dateOrNil(w.NextDue),
		w.Name, w.RequesterLetterName, w.Email, w.Phone, w.Address, w.RequesterCountry, dateOrNil(w.DateOfBirth), w.ClientNumber, w.SubmittedBy, w.AgentName, w.AgentEmail,
		w.AgentPhone, w.AgentRelationship, w.AgentAddress, w.ProofOfAuthority, w.RequesterConfirmed, w.Minor, w.GuardianConsent,
		textOrNil(w.VerificationMethod), textOrNil(w.VerifiedBy), dateOrNil(w.VerifiedOn), textOrNil(w.Degree),
		dateOrNil(w.DeletionConfirmedOn), dateOrNil(w.ExtendedTo), w.ExtensionReason, textOrNil(w.AppealOf), w.Assignee, listOrNil(tags), w.Description, w.RequesterWords, w.Notes,
		instantOrNil(w.ClosedAt), instantOrNil(w.CreatedAt), instantOrNil(w.UpdatedAt)}
}

func (b *requestRowBuilder) addRight(w *storage.RequestExportRow) {
	if w.Right == "" {
		return
	}
	t := w.Right
	b.rights = append(b.rights, t)
	b.outcomes = append(b.outcomes, t+": "+w.Outcome)
	if w.DenialReason != "" {
		b.denials = append(b.denials, t+": "+w.DenialReason)
	}
	if w.Exemption != "" {
		b.exemptions = append(b.exemptions, t+": "+w.Exemption)
	}
	if w.DenialText != "" {
		b.texts = append(b.texts, t+": "+w.DenialText)
	}
	rr := backend.RequestRight{}
	if d, ok := dateOrNil(w.RespondBy).(backend.Date); ok {
		rr.RespondBy = d
	}
	if d, ok := dateOrNil(w.PromisedBy).(backend.Date); ok {
		rr.PromisedBy = d
	}
	if d, ok := dateOrNil(w.RightExtendedTo).(backend.Date); ok {
		rr.ExtendedTo = d
	}
	if d, ok := dateOrNil(w.StateDue).(backend.Date); ok {
		rr.StateDue = d
	}
	rr.Citation, rr.StateCitation = w.Citation, w.StateCitation
	if due := rr.DueDate(); !due.IsZero() {
		b.dues = append(b.dues, t+": "+due.String())
	}
	if c := rr.DueCitation(); c != "" {
		b.citations = append(b.citations, t+": "+c)
	}
	if w.OutcomeAt != "" && w.Outcome != string(backend.OutcomePending) {
		if at, err := time.Parse(time.RFC3339Nano, w.OutcomeAt); err == nil {
			if d := backend.DateOf(at, b.loc); b.response.IsZero() || d.After(b.response) {
				b.response = d
			}
		}
	}
}

// finish completes the row: the lists, and the date of response (the latest outcome of
// a right, the 7101 "date of response").
func (b *requestRowBuilder) finish() export.Row {
	b.row[5] = listOrNil(b.rights)
	if !b.response.IsZero() {
		b.row[7] = b.response
	}
	b.row[8], b.row[9], b.row[10] = listOrNil(b.outcomes), listOrNil(b.denials), listOrNil(b.exemptions)
	b.row[11], b.row[12], b.row[13] = listOrNil(b.texts), listOrNil(b.dues), listOrNil(b.citations)
	return b.row
}

// requestRows streams every request as a RequestsTable row.
func (s *Service) requestRows(ctx context.Context) (iter.Seq2[export.Row, error], error) {
	_, loc, err := s.st.PracticeZone()
	if err != nil {
		return nil, err
	}
	seq := func(yield func(export.Row, error) bool) {
		b := &requestRowBuilder{loc: loc}
		current := int64(-1)
		err := s.st.EachRequestExportRow(ctx, func(w *storage.RequestExportRow) error {
			if w.ID != current {
				if current >= 0 && !yield(b.finish(), nil) {
					return errStop
				}
				current = w.ID
				b.start(w)
			}
			b.addRight(w)
			return nil
		})
		switch {
		case err == errStop:
		case err != nil:
			yield(nil, err)
		case current >= 0:
			yield(b.finish(), nil)
		}
	}
	return seq, nil
}
