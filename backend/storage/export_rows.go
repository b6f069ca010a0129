package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
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
	RequesterLetterName, AppealOf                              string
}

// responseKindsSQL lists backend.ResponseLetterKinds for SQL (a test ties the two).
const responseKindsSQL = `'access-response', 'portability-cover', 'correction-done', 'deletion-done', 'opt-out-done', 'denial', 'appeal-decision', 'hipaa-access', 'hipaa-amendment', 'hipaa-accounting'`

// requestExportColumns is RequestsExportSQL's select list, in the order of
// (*RequestExportRow).targets.
var requestExportColumns = []string{"r.id", "r.reference", "r.received_date", "r.received_at", "r.channel", "r.regime", "r.status",
	"r.next_due", "r.requester_name", "r.requester_email", "r.requester_phone", "r.requester_address", "r.requester_dob",
	"r.client_number", "r.submitted_by", "r.agent_name", "r.agent_email", "r.agent_phone", "r.agent_relationship", "r.agent_address",
	"(SELECT max(s.sent_on) FROM letters l JOIN letter_sendings s ON s.letter_id = l.id WHERE l.request_id = r.id AND l.kind IN (" + responseKindsSQL + "))",
	"r.no_letter_reason", "r.proof_of_authority", "r.requester_confirmed", "r.minor", "r.guardian_consent",
	"v.method", "v.verified_by", "v.verified_on", "v.degree", "r.deletion_confirmed_on", "r.extended_to", "r.extension_reason",
	"r.assignee", "r.tags", "r.description", "r.requester_words", "r.notes", "r.closed_at", "r.created_at", "r.updated_at",
	"r.requester_country", "r.requester_letter_name", "r.appeal_of",
	"rr.right_code", "rr.outcome", "rr.denial_reason", "rr.exemption", "rr.denial_text", "rr.outcome_at", "rr.respond_by",
	"rr.promised_by", "rr.extended_to", "rr.citation", "rr.state_due", "rr.state_citation"}

// targets points at w's fields in the order of requestExportColumns: *int64, *bool or
// *string (NULL reads as "").
func (w *RequestExportRow) targets() []any {
	return []any{&w.ID, &w.Reference, &w.ReceivedDate, &w.ReceivedAt, &w.Channel, &w.Regime, &w.Status,
		&w.NextDue, &w.Name, &w.Email, &w.Phone, &w.Address, &w.DateOfBirth,
		&w.ClientNumber, &w.SubmittedBy, &w.AgentName, &w.AgentEmail, &w.AgentPhone, &w.AgentRelationship, &w.AgentAddress,
		&w.ResponseSentOn,
		&w.NoLetterReason, &w.ProofOfAuthority, &w.RequesterConfirmed, &w.Minor, &w.GuardianConsent,
		&w.VerificationMethod, &w.VerifiedBy, &w.VerifiedOn, &w.Degree, &w.DeletionConfirmedOn, &w.ExtendedTo, &w.ExtensionReason,
		&w.Assignee, &w.Tags, &w.Description, &w.RequesterWords, &w.Notes, &w.ClosedAt, &w.CreatedAt, &w.UpdatedAt,
		&w.RequesterCountry, &w.RequesterLetterName, &w.AppealOf,
		&w.Right, &w.Outcome, &w.DenialReason, &w.Exemption, &w.DenialText, &w.OutcomeAt, &w.RespondBy,
		&w.PromisedBy, &w.RightExtendedTo, &w.Citation, &w.StateDue, &w.StateCitation}
}

// requestExportFrom is RequestsExportSQL after its select list.
const requestExportFrom = `
FROM requests r
LEFT JOIN request_rights rr ON rr.request_id = r.id
LEFT JOIN request_verifications v ON v.id = (SELECT max(id) FROM request_verifications WHERE request_id = r.id)`

// requestExportOrder orders RequestsExportSQL's rows.
const requestExportOrder = `
ORDER BY r.ref_year, r.ref_seq, rr.position`

// RequestsExportSQL reads every request in one pass: one result row per right (LEFT
// JOIN, so a request without rights still appears), the latest verification beside it,
// ordered by reference, the rights in their order. The benchmark runs the same
// statement through the sqlite3 tool as the floor.
var RequestsExportSQL = "SELECT " + strings.Join(requestExportColumns, ", ") + requestExportFrom + requestExportOrder

// exportFieldSep separates the fields of packedRequestsExportSQL's one text column.
const exportFieldSep = '\x1f' // the ASCII unit separator

// packedRequestsExportSQL is RequestsExportSQL with each result row packed by SQLite
// into one text column: the fields separated by exportFieldSep (NULL as nothing), the
// right's id last. The SQLite driver reads a column through about three calls into C;
// at 56 columns a row those calls cost as much as SQLite's own work on a large export,
// and reading one column a row halved the export's time. A field holding the separator
// itself gives its row more separators than fields; that row is read again column by
// column (requestExportRowSQL), in the same transaction.
var packedRequestsExportSQL = "SELECT printf('" + strings.Repeat("%s\x1f", len(requestExportColumns)) + "%s', " +
	strings.Join(requestExportColumns, ", ") + ", rr.id)" + requestExportFrom + requestExportOrder

// requestExportRowSQL reads one row of RequestsExportSQL again, by the request's id
// and its right's (NULL for a request without rights).
var requestExportRowSQL = "SELECT " + strings.Join(requestExportColumns, ", ") + requestExportFrom +
	"\nWHERE r.id = ? AND rr.id IS ?"

// EachRequestExportRow calls fn with each result row of RequestsExportSQL, in order,
// until fn returns an error (which it returns) or the rows end. The row is reused: copy
// what fn keeps. Every row comes from one snapshot of the database.
func (s *Store) EachRequestExportRow(ctx context.Context, fn func(*RequestExportRow) error) error {
	sqlDB, err := s.reader()
	if err != nil {
		return err
	}
	tx, err := sqlDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.dialect == postgresDialect {
		return eachRequestExportRowScanned(ctx, tx, fn)
	}
	return eachRequestExportRowPacked(ctx, tx, fn)
}

// rowValues reads a result row of requestExportColumns into a RequestExportRow's
// targets: each column as the driver gives it (no conversion through reflection, which
// on a large export cost more than reading), then assigned by the target's type. NULL
// reads as "" (a string), 0 or false.
type rowValues struct {
	vals, ptrs []any
}

func newRowValues(n int) *rowValues {
	v := &rowValues{vals: make([]any, n), ptrs: make([]any, n)}
	for i := range v.vals {
		v.ptrs[i] = &v.vals[i]
	}
	return v
}

func (v *rowValues) scan(row interface{ Scan(...any) error }, dest []any) error {
	if err := row.Scan(v.ptrs...); err != nil {
		return err
	}
	for i, d := range dest {
		if err := assignValue(d, v.vals[i]); err != nil {
			return fmt.Errorf("export row: column %s: %w", requestExportColumns[i], err)
		}
	}
	return nil
}

// assignValue stores the driver's value src in dest (*string, *int64 or *bool).
func assignValue(dest, src any) error {
	switch p := dest.(type) {
	case *string:
		return assign(p, src)
	case *int64:
		return assign(p, src)
	case *bool:
		return assign(p, src)
	}
	return nil
}

// assign stores src in p: a T as it is, anything else (NULL as T's zero) through
// database/sql's own conversions.
func assign[T any](p *T, src any) error {
	if v, ok := src.(T); ok {
		*p = v
		return nil
	}
	var n sql.Null[T]
	if err := n.Scan(src); err != nil {
		return err
	}
	*p = n.V
	return nil
}

func eachRequestExportRowScanned(ctx context.Context, tx *sql.Tx, fn func(*RequestExportRow) error) error {
	rows, err := tx.QueryContext(ctx, RequestsExportSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	var w RequestExportRow
	dest := w.targets()
	vals := newRowValues(len(dest))
	for rows.Next() {
		if err := vals.scan(rows, dest); err != nil {
			return err
		}
		if err := fn(&w); err != nil {
			return err
		}
	}
	return rows.Err()
}

func eachRequestExportRowPacked(ctx context.Context, tx *sql.Tx, fn func(*RequestExportRow) error) error {
	rows, err := tx.QueryContext(ctx, packedRequestsExportSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	var w RequestExportRow
	dest := w.targets()
	vals := newRowValues(len(dest))
	var packed string
	for rows.Next() {
		if err := rows.Scan(&packed); err != nil {
			return err
		}
		ok, err := unpackExportRow(packed, dest)
		if err != nil {
			return err
		}
		if !ok { // a field holds the separator: read this row's columns one by one
			rightID := sql.NullInt64{}
			if i := strings.LastIndexByte(packed, exportFieldSep); packed[i+1:] != "" {
				rightID.Valid = true
				if rightID.Int64, err = strconv.ParseInt(packed[i+1:], 10, 64); err != nil {
					return fmt.Errorf("export row: right id %q: %w", packed[i+1:], err)
				}
			}
			id, _, _ := strings.Cut(packed, string(rune(exportFieldSep)))
			if err := vals.scan(tx.QueryRowContext(ctx, requestExportRowSQL, id, rightID), dest); err != nil {
				return fmt.Errorf("export row of request %s: %w", id, err)
			}
		}
		if err := fn(&w); err != nil {
			return err
		}
	}
	return rows.Err()
}

// unpackExportRow splits one packed row into dest (w.targets()); ok is false when the
// row has more fields than columns (a field holds the separator), and dest is then
// partly written.
func unpackExportRow(packed string, dest []any) (ok bool, err error) {
	if strings.Count(packed, string(rune(exportFieldSep))) != len(dest) { // the fields, then the right's id
		return false, nil
	}
	for i, d := range dest {
		j := strings.IndexByte(packed, exportFieldSep)
		f := packed[:j]
		packed = packed[j+1:]
		switch p := d.(type) {
		case *string:
			*p = f
		case *int64:
			if *p, err = strconv.ParseInt(f, 10, 64); err != nil {
				return false, fmt.Errorf("export row: column %s: %w", requestExportColumns[i], err)
			}
		case *bool:
			if *p, err = strconv.ParseBool(f); err != nil {
				return false, fmt.Errorf("export row: column %s: %w", requestExportColumns[i], err)
			}
		}
	}
	return true, nil
}

// CalendarDue is a right of a request, with what its due date is made of: a pending
// right of an open request, or one that is no longer due (Answered).
type CalendarDue struct {
	Reference, Regime, RightCode, Status string
	RespondBy, PromisedBy, ExtendedTo    string
	ExtendedRespondBy, Citation          string
	AcknowledgeBy                        string
	StateDue, StateCitation              string
	// UpdatedAt is the request's last change (an extension or a promised date is one).
	UpdatedAt time.Time
	// Answered is true for a right that has its outcome or whose request is closed.
	Answered bool
	// Removed is true for a right taken off its request (RemovedRights); it is Answered too.
	Removed bool
}

// CalendarDues lists, by reference and right, the pending rights of every open request
// and the rights no longer due that were due in the app once and stopped being due on or
// after since: answered in an open request, or of a request closed since. A right
// answered, or a request closed, before it was logged (an import of old requests) was
// never due here and is left out.
func (s *Store) CalendarDues(ctx context.Context, since backend.Date) ([]CalendarDue, error) {
	var rows []struct {
		Reference, Regime, RightCode, Status       string
		RespondBy, PromisedBy, ExtendedTo          *string
		ExtendedRespondBy, Citation, AcknowledgeBy *string
		StateDue                                   *string
		StateCitation, UpdatedAt                   string
		Answered                                   bool
	}
	err := s.db.WithContext(ctx).Raw(`SELECT r.reference, r.regime, rr.right_code, r.status, rr.respond_by, rr.promised_by,
		rr.extended_to, rr.extended_respond_by, rr.citation, rr.acknowledge_by, rr.state_due, rr.state_citation,
		r.updated_at, (rr.outcome <> 'pending' OR r.closed_at IS NOT NULL) AS answered
		FROM request_rights rr JOIN requests r ON r.id = rr.request_id
		WHERE (r.closed_at IS NULL AND (rr.outcome = 'pending' OR rr.outcome_at > r.created_at))
			OR (r.closed_on >= ? AND r.closed_at > r.created_at)
		ORDER BY r.ref_year, r.ref_seq, rr.position`, since).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	out := make([]CalendarDue, len(rows))
	for i, r := range rows {
		out[i] = CalendarDue{Reference: r.Reference, Regime: r.Regime, RightCode: r.RightCode, Status: r.Status,
			RespondBy: str(r.RespondBy), PromisedBy: str(r.PromisedBy), ExtendedTo: str(r.ExtendedTo),
			ExtendedRespondBy: str(r.ExtendedRespondBy), Citation: str(r.Citation), AcknowledgeBy: str(r.AcknowledgeBy),
			StateDue: str(r.StateDue), StateCitation: r.StateCitation, UpdatedAt: parseTime(r.UpdatedAt), Answered: r.Answered}
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
