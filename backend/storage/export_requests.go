package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"iter"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// RequestsTable is the shape of the requests export: one row per request with every
// field, the 11 CCR 7101 record included (date of request, nature of the request, the
// manner in which it was made, date and nature of the response, basis for any denial).
// Per-right details are lists of "right: value" items, in the order of Rights.
var RequestsTable = export.Table{Name: "Requests", Columns: []export.Column{
	{Key: "reference", Label: "Reference", Type: export.Text},
	{Key: "receivedDate", Label: "Date of request", Type: export.Date},
	{Key: "receivedAt", Label: "Received at (UTC)", Type: export.DateTime},
	{Key: "channel", Label: "Manner made (channel)", Type: export.Text},
	{Key: "regime", Label: "Regime", Type: export.Text},
	{Key: "rights", Label: "Nature of request (rights)", Type: export.List},
	{Key: "status", Label: "Status", Type: export.Text},
	{Key: "responseDate", Label: "Date of response", Type: export.Date},
	{Key: "outcomes", Label: "Nature of response (outcome per right)", Type: export.List},
	{Key: "denialReasons", Label: "Basis for denial (per right)", Type: export.List},
	{Key: "exemptions", Label: "Exemption named (per right)", Type: export.List},
	{Key: "denialTexts", Label: "Denial explanation (per right)", Type: export.List},
	{Key: "dueDates", Label: "Due date (per right)", Type: export.List},
	{Key: "citations", Label: "Deadline rule (per right)", Type: export.List},
	{Key: "nextDue", Label: "Next due", Type: export.Date},
	{Key: "requesterName", Label: "Requester name", Type: export.Text},
	{Key: "requesterEmail", Label: "Requester email", Type: export.Text},
	{Key: "requesterPhone", Label: "Requester phone", Type: export.Text},
	{Key: "requesterAddress", Label: "Requester postal address", Type: export.Text},
	{Key: "dateOfBirth", Label: "Date of birth", Type: export.Date},
	{Key: "clientNumber", Label: "Client number", Type: export.Text},
	{Key: "submittedBy", Label: "Submitted by", Type: export.Text},
	{Key: "agentName", Label: "Agent name", Type: export.Text},
	{Key: "agentEmail", Label: "Agent email", Type: export.Text},
	{Key: "agentPhone", Label: "Agent phone", Type: export.Text},
	{Key: "agentRelationship", Label: "Agent relationship", Type: export.Text},
	{Key: "proofOfAuthority", Label: "Proof of authority received", Type: export.Bool},
	{Key: "requesterConfirmed", Label: "Requester confirmed directly", Type: export.Bool},
	{Key: "minor", Label: "Minor", Type: export.Bool},
	{Key: "guardianConsent", Label: "Guardian consent", Type: export.Text},
	{Key: "verificationMethod", Label: "Identity verified by (method)", Type: export.Text},
	{Key: "verifiedBy", Label: "Verified by (staff)", Type: export.Text},
	{Key: "verifiedOn", Label: "Verified on", Type: export.Date},
	{Key: "verificationDegree", Label: "Degree of verification", Type: export.Text},
	{Key: "deletionConfirmedOn", Label: "Deletion confirmed by requester on", Type: export.Date},
	{Key: "extendedTo", Label: "Extended to", Type: export.Date},
	{Key: "extensionReason", Label: "Extension reason", Type: export.Text},
	{Key: "assignee", Label: "Assignee", Type: export.Text},
	{Key: "tags", Label: "Tags", Type: export.List},
	{Key: "description", Label: "Description", Type: export.Text},
	{Key: "notes", Label: "Notes", Type: export.Text},
	{Key: "closedAt", Label: "Closed at (UTC)", Type: export.DateTime},
	{Key: "createdAt", Label: "Created at (UTC)", Type: export.DateTime},
	{Key: "updatedAt", Label: "Updated at (UTC)", Type: export.DateTime},
}}

// requestsExportSQL reads what RequestsTable shows in one pass: one result row per
// right (LEFT JOIN, so a request without rights still appears), the latest verification
// beside it, ordered by reference. The benchmark runs the same statement through the
// sqlite3 tool as the floor.
const requestsExportSQL = `SELECT r.id, r.reference, r.received_date, r.received_at, r.channel, r.regime, r.status,
 r.next_due, r.requester_name, r.requester_email, r.requester_phone, r.requester_address, r.requester_dob,
 r.client_number, r.submitted_by, r.agent_name, r.agent_email, r.agent_phone, r.agent_relationship,
 r.proof_of_authority, r.requester_confirmed, r.minor, r.guardian_consent, v.method, v.verified_by, v.verified_on,
 v.degree, r.deletion_confirmed_on, r.extended_to, r.extension_reason, r.assignee, r.tags, r.description, r.notes,
 r.closed_at, r.created_at, r.updated_at,
 rr.right_code, rr.outcome, rr.denial_reason, rr.exemption, rr.denial_text, rr.outcome_at, rr.respond_by,
 rr.promised_by, rr.extended_to, rr.citation
FROM requests r
LEFT JOIN request_rights rr ON rr.request_id = r.id
LEFT JOIN request_verifications v ON v.id = (SELECT max(id) FROM request_verifications WHERE request_id = r.id)
ORDER BY r.ref_year, r.ref_seq, rr.position`

// exportRequestRow is one result row of requestsExportSQL.
type exportRequestRow struct {
	id                                                               int64
	ref, received, receivedAt, channel, regime, status               string
	nextDue                                                          sql.NullString
	name, email, phone, address                                      string
	dob                                                              sql.NullString
	client, submittedBy, agentName, agentEmail, agentPhone, agentRel string
	proof, confirmed, minor                                          bool
	consent                                                          string
	vMethod, vBy, vOn, vDegree                                       sql.NullString
	deletionOn, extendedTo                                           sql.NullString
	extReason, assignee, tags, description, notes                    string
	closedAt                                                         sql.NullString
	createdAt, updatedAt                                             string
	right, outcome, denial, exemption, denialText                    sql.NullString
	outcomeAt, respondBy, promisedBy, rightExtendedTo, citation      sql.NullString
}

func (w *exportRequestRow) dest() []any {
	return []any{&w.id, &w.ref, &w.received, &w.receivedAt, &w.channel, &w.regime, &w.status, &w.nextDue,
		&w.name, &w.email, &w.phone, &w.address, &w.dob, &w.client, &w.submittedBy, &w.agentName, &w.agentEmail,
		&w.agentPhone, &w.agentRel, &w.proof, &w.confirmed, &w.minor, &w.consent, &w.vMethod, &w.vBy, &w.vOn,
		&w.vDegree, &w.deletionOn, &w.extendedTo, &w.extReason, &w.assignee, &w.tags, &w.description, &w.notes,
		&w.closedAt, &w.createdAt, &w.updatedAt, &w.right, &w.outcome, &w.denial, &w.exemption, &w.denialText,
		&w.outcomeAt, &w.respondBy, &w.promisedBy, &w.rightExtendedTo, &w.citation}
}

// requestRowBuilder accumulates the result rows of one request into an export row.
type requestRowBuilder struct {
	loc                                          *time.Location
	row                                          export.Row
	rights, outcomes, denials, exemptions, texts []string
	dues, citations                              []string
	response                                     backend.Date
}

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

func nullDate(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return dateOrNil(s.String)
}

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

func textOrNil(s sql.NullString) any {
	if !s.Valid || s.String == "" {
		return nil
	}
	return s.String
}

func (b *requestRowBuilder) start(w *exportRequestRow) {
	var tags []string
	if w.tags != "" && w.tags != "[]" {
		json.Unmarshal([]byte(w.tags), &tags)
	}
	b.rights, b.outcomes, b.denials, b.exemptions, b.texts = b.rights[:0], b.outcomes[:0], b.denials[:0], b.exemptions[:0], b.texts[:0]
	b.dues, b.citations = b.dues[:0], b.citations[:0]
	b.response = backend.Date{}
	b.row = export.Row{w.ref, dateOrNil(w.received), instantOrNil(w.receivedAt), w.channel, w.regime, nil, w.status,
		nil, nil, nil, nil, nil, nil, nil, nullDate(w.nextDue),
		w.name, w.email, w.phone, w.address, nullDate(w.dob), w.client, w.submittedBy, w.agentName, w.agentEmail,
		w.agentPhone, w.agentRel, w.proof, w.confirmed, w.minor, w.consent,
		textOrNil(w.vMethod), textOrNil(w.vBy), nullDate(w.vOn), textOrNil(w.vDegree),
		nullDate(w.deletionOn), nullDate(w.extendedTo), w.extReason, w.assignee, listOrNil(tags), w.description, w.notes,
		nil, instantOrNil(w.createdAt), instantOrNil(w.updatedAt)}
	if w.closedAt.Valid {
		b.row[41] = instantOrNil(w.closedAt.String)
	}
}

func (b *requestRowBuilder) addRight(w *exportRequestRow) {
	if !w.right.Valid {
		return
	}
	t := w.right.String
	b.rights = append(b.rights, t)
	b.outcomes = append(b.outcomes, t+": "+w.outcome.String)
	if w.denial.String != "" {
		b.denials = append(b.denials, t+": "+w.denial.String)
	}
	if w.exemption.String != "" {
		b.exemptions = append(b.exemptions, t+": "+w.exemption.String)
	}
	if w.denialText.String != "" {
		b.texts = append(b.texts, t+": "+w.denialText.String)
	}
	rr := backend.RequestRight{}
	if d, ok := dateOrNil(w.respondBy.String).(backend.Date); ok {
		rr.RespondBy = d
	}
	if d, ok := dateOrNil(w.promisedBy.String).(backend.Date); ok {
		rr.PromisedBy = d
	}
	if d, ok := dateOrNil(w.rightExtendedTo.String).(backend.Date); ok {
		rr.ExtendedTo = d
	}
	if due := rr.DueDate(); !due.IsZero() {
		b.dues = append(b.dues, t+": "+due.String())
	}
	if w.citation.String != "" {
		b.citations = append(b.citations, t+": "+w.citation.String)
	}
	if w.outcomeAt.Valid && w.outcome.String != string(backend.OutcomePending) {
		if at, err := time.Parse(time.RFC3339Nano, w.outcomeAt.String); err == nil {
			if d := backend.DateOf(at, b.loc); b.response.IsZero() || d.After(b.response) {
				b.response = d
			}
		}
	}
}

func listOrNil(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return append([]string(nil), l...)
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

// exportRequests streams every request as a RequestsTable row.
func (s *Store) exportRequests(ctx context.Context) (int64, iter.Seq2[export.Row, error], error) {
	var total int64
	if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM requests`).Scan(&total).Error; err != nil {
		return 0, nil, err
	}
	_, loc, err := practiceZone(s.db)
	if err != nil {
		return 0, nil, err
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return 0, nil, err
	}
	seq := func(yield func(export.Row, error) bool) {
		rows, err := sqlDB.QueryContext(ctx, requestsExportSQL)
		if err != nil {
			yield(nil, err)
			return
		}
		defer rows.Close()
		b := &requestRowBuilder{loc: loc}
		var w exportRequestRow
		dest := w.dest()
		current := int64(-1)
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				yield(nil, err)
				return
			}
			if w.id != current {
				if current >= 0 && !yield(b.finish(), nil) {
					return
				}
				current = w.id
				b.start(&w)
			}
			b.addRight(&w)
		}
		if err := rows.Err(); err != nil {
			yield(nil, err)
			return
		}
		if current >= 0 {
			yield(b.finish(), nil)
		}
	}
	return total, seq, nil
}

// splitRightItems reads "right: value" list items back into a map (the importer). The
// list was split at every semicolon, so an item that does not start with a right is the
// rest of the previous value ("...this quarter; nothing has changed") and is joined back.
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
