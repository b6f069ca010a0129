package storage

import (
	"context"
	"database/sql"
	"time"

	"privacydesk/backend"
)

// Raw reads for the exports (backend/reporting maps them into tables): one statement
// each, streamed where the result can be large. Text columns come back as stored:
// calendar dates "YYYY-MM-DD", instants RFC 3339 in UTC, "" for NULL.

// PracticeZone returns the practice profile and its time zone.
func (s *Store) PracticeZone() (backend.Practice, *time.Location, error) { return practiceZone(s.db) }

// RequestExportRow is one result row of RequestsExportSQL: a request beside one of its
// rights (the right's fields "" for a request without rights) and its latest
// verification.
type RequestExportRow struct {
	ID                                                         int64
	Reference, ReceivedDate, ReceivedAt, Channel, Regime       string
	Status, NextDue                                            string
	Name, Email, Phone, Address, DateOfBirth                   string
	ClientNumber, SubmittedBy, AgentName, AgentEmail           string
	AgentPhone, AgentRelationship, AgentAddress                string
	ResponseSentOn, NoLetterReason                             string
	ProofOfAuthority, RequesterConfirmed, Minor                bool
	GuardianConsent                                            string
	VerificationMethod, VerifiedBy, VerifiedOn, Degree         string
	DeletionConfirmedOn, ExtendedTo, ExtensionReason, Assignee string
	Tags, Description, RequesterWords, Notes                   string
	ClosedAt, CreatedAt, UpdatedAt                             string
	Right, Outcome, DenialReason, Exemption, DenialText        string
	OutcomeAt, RespondBy, PromisedBy, RightExtendedTo          string
	Citation, StateDue, StateCitation, RequesterCountry        string
	RequesterLetterName                                        string
}

// responseKindsSQL lists backend.ResponseLetterKinds for SQL (a test ties the two).
const responseKindsSQL = `'access-response', 'portability-cover', 'correction-done', 'deletion-done', 'opt-out-done', 'denial', 'appeal-decision', 'hipaa-access', 'hipaa-amendment', 'hipaa-accounting'`

// RequestsExportSQL reads every request in one pass: one result row per right (LEFT
// JOIN, so a request without rights still appears), the latest verification beside it,
// ordered by reference, the rights in their order. The benchmark runs the same
// statement through the sqlite3 tool as the floor.
const RequestsExportSQL = `SELECT r.id, r.reference, r.received_date, r.received_at, r.channel, r.regime, r.status,
 r.next_due, r.requester_name, r.requester_email, r.requester_phone, r.requester_address, r.requester_dob,
 r.client_number, r.submitted_by, r.agent_name, r.agent_email, r.agent_phone, r.agent_relationship, r.agent_address,
 (SELECT max(s.sent_on) FROM letters l JOIN letter_sendings s ON s.letter_id = l.id WHERE l.request_id = r.id AND l.kind IN (` + responseKindsSQL + `)),
 r.no_letter_reason,
 r.proof_of_authority, r.requester_confirmed, r.minor, r.guardian_consent, v.method, v.verified_by, v.verified_on,
  v.degree, r.deletion_confirmed_on, r.extended_to, r.extension_reason, r.assignee, r.tags, r.description, r.requester_words, r.notes,
 r.closed_at, r.created_at, r.updated_at, r.requester_country, r.requester_letter_name,
 rr.right_code, rr.outcome, rr.denial_reason, rr.exemption, rr.denial_text, rr.outcome_at, rr.respond_by,
 rr.promised_by, rr.extended_to, rr.citation, rr.state_due, rr.state_citation
FROM requests r
LEFT JOIN request_rights rr ON rr.request_id = r.id
LEFT JOIN request_verifications v ON v.id = (SELECT max(id) FROM request_verifications WHERE request_id = r.id)
ORDER BY r.ref_year, r.ref_seq, rr.position`

// EachRequestExportRow calls fn with each result row of RequestsExportSQL, in order,
// until fn returns an error (which it returns) or the rows end. The row is reused: copy
// what fn keeps.
func (s *Store) EachRequestExportRow(ctx context.Context, fn func(*RequestExportRow) error) error {
	sqlDB, err := s.reader()
	if err != nil {
		return err
	}
	rows, err := sqlDB.QueryContext(ctx, RequestsExportSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	var w RequestExportRow
	var nullable [22]sql.NullString
	n := func(i int) *sql.NullString { return &nullable[i] }
	dest := []any{&w.ID, &w.Reference, &w.ReceivedDate, &w.ReceivedAt, &w.Channel, &w.Regime, &w.Status, n(0),
		&w.Name, &w.Email, &w.Phone, &w.Address, n(1), &w.ClientNumber, &w.SubmittedBy, &w.AgentName, &w.AgentEmail,
		&w.AgentPhone, &w.AgentRelationship, &w.AgentAddress, n(21), &w.NoLetterReason, &w.ProofOfAuthority, &w.RequesterConfirmed, &w.Minor, &w.GuardianConsent,
		n(2), n(3), n(4), n(5), n(6), n(7), &w.ExtensionReason, &w.Assignee, &w.Tags, &w.Description, &w.RequesterWords, &w.Notes,
		n(8), &w.CreatedAt, &w.UpdatedAt, &w.RequesterCountry, &w.RequesterLetterName, n(9), n(10), n(11), n(12), n(13), n(14), n(15), n(16), n(17), n(18),
		n(19), n(20)}
	targets := []*string{&w.NextDue, &w.DateOfBirth, &w.VerificationMethod, &w.VerifiedBy, &w.VerifiedOn, &w.Degree,
		&w.DeletionConfirmedOn, &w.ExtendedTo, &w.ClosedAt, &w.Right, &w.Outcome, &w.DenialReason, &w.Exemption,
		&w.DenialText, &w.OutcomeAt, &w.RespondBy, &w.PromisedBy, &w.RightExtendedTo, &w.Citation, &w.StateDue, &w.StateCitation,
		&w.ResponseSentOn}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, t := range targets {
			*t = nullable[i].String // "" when NULL
		}
		if err := fn(&w); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PendingDue is a pending right of an open request, with what its due date is made of.
type PendingDue struct {
	Reference, Regime, RightCode, Status string
	RespondBy, PromisedBy, ExtendedTo    string
	ExtendedRespondBy, Citation          string
	AcknowledgeBy                        string
	StateDue, StateCitation              string
}

// PendingDues lists the pending rights of every open request, by reference and right.
func (s *Store) PendingDues(ctx context.Context) ([]PendingDue, error) {
	var rows []struct {
		Reference, Regime, RightCode, Status       string
		RespondBy, PromisedBy, ExtendedTo          *string
		ExtendedRespondBy, Citation, AcknowledgeBy *string
		StateDue                                   *string
		StateCitation                              string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT r.reference, r.regime, rr.right_code, r.status, rr.respond_by, rr.promised_by,
		rr.extended_to, rr.extended_respond_by, rr.citation, rr.acknowledge_by, rr.state_due, rr.state_citation
		FROM request_rights rr JOIN requests r ON r.id = rr.request_id
		WHERE rr.outcome = 'pending' AND r.closed_at IS NULL
		ORDER BY r.ref_year, r.ref_seq, rr.position`).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	out := make([]PendingDue, len(rows))
	for i, r := range rows {
		out[i] = PendingDue{Reference: r.Reference, Regime: r.Regime, RightCode: r.RightCode, Status: r.Status,
			RespondBy: str(r.RespondBy), PromisedBy: str(r.PromisedBy), ExtendedTo: str(r.ExtendedTo),
			ExtendedRespondBy: str(r.ExtendedRespondBy), Citation: str(r.Citation), AcknowledgeBy: str(r.AcknowledgeBy),
			StateDue: str(r.StateDue), StateCitation: r.StateCitation}
	}
	return out, nil
}

// CountRows counts the rows of one table of the schema; a name that is not a table of
// the schema is refused on the field "table".
func (s *Store) CountRows(ctx context.Context, table string) (int64, error) {
	if err := s.checkTable(ctx, table); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM "` + table + `"`).Scan(&n).Error
	return n, err
}

// TableColumns lists the columns of one table of the schema, in
// their order; a name that is not a table of the schema is refused on the field "table".
func (s *Store) TableColumns(ctx context.Context, table string) ([]string, error) {
	if err := s.checkTable(ctx, table); err != nil {
		return nil, err
	}
	var cols []string
	err := s.db.WithContext(ctx).Raw(s.dialect.columnsSQL(), table).Scan(&cols).Error
	return cols, err
}

func (s *Store) checkTable(ctx context.Context, table string) error {
	var n int64
	if err := s.db.WithContext(ctx).Raw(s.dialect.tableCountSQL(), table).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return backend.Invalid("table", "There is no table %q.", table)
	}
	return nil
}

// Checkpoint writes the write-ahead log into the database file, so a tool reading the
// file alone (the sqlite3 command in the benchmarks) sees everything. A PostgreSQL
// server has no such file: nothing to do.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.dialect == postgresDialect {
		return nil
	}
	return s.db.WithContext(ctx).Exec(`PRAGMA wal_checkpoint(TRUNCATE)`).Error
}
