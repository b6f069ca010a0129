package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// BulkRequest is a request built elsewhere (synthetic demo data, an import), with its
// timeline, to be stored as it is.
type BulkRequest struct {
	Request backend.Request
	Events  []backend.RequestEvent // oldest first; At, Staff and Summary are kept
}

// BulkSummary says what BulkCreateRequests stored.
type BulkSummary struct {
	Count int    `json:"count"`
	First string `json:"first"`
	Last  string `json:"last"`
}

// maxSQLVars stays under SQLite's default limit on bound parameters per statement.
const maxSQLVars = 30000

// insertRows inserts rows into table with multi-row INSERT statements.
func insertRows(tx *gorm.DB, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := maxSQLVars / len(cols)
	one := "(" + placeholders(len(cols)) + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, len(chunk)*len(cols))
		for _, r := range chunk {
			args = append(args, r...)
		}
		sql := head + strings.TrimSuffix(strings.Repeat(one+",", len(chunk)), ",")
		// Straight to the driver: GORM would re-parse tens of thousands of placeholders.
		if _, err := tx.Statement.ConnPool.ExecContext(context.Background(), sql, args...); err != nil {
			// Translated as GORM's own statements are (a clash is gorm.ErrDuplicatedKey),
			// keeping the driver's words for the log.
			if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok {
				if te := t.Translate(err); te != err {
					return fmt.Errorf("insert into %s: %w: %w", table, te, err)
				}
			}
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

var requestCols = []string{"id", "reference", "ref_year", "ref_seq", "requester_name", "requester_email", "requester_phone",
	"requester_address", "requester_dob", "client_number", "submitted_by", "agent_name", "agent_email", "agent_phone",
	"agent_relationship", "proof_of_authority", "requester_confirmed", "channel", "received_at", "received_date", "regime",
	"rights", "description", "minor", "guardian_consent", "assignee", "tags", "notes", "status", "next_due",
	"deletion_confirmed_on", "deletion_channel", "deletion_note", "deletion_recorded_at", "deletion_recorded_by",
	"extension_reason", "extended_to", "extended_on", "extended_at", "extended_by", "closed_at", "closed_on",
	"created_at", "updated_at", "name_key", "email_key", "requester_words", "agent_address", "no_letter_reason", "requester_country",
	"requester_letter_name", "appeal_of"}

func requestValues(w requestRow) []any {
	return []any{w.ID, w.Reference, w.RefYear, w.RefSeq, w.RequesterName, w.RequesterEmail, w.RequesterPhone,
		w.RequesterAddress, w.RequesterDOB, w.ClientNumber, w.SubmittedBy, w.AgentName, w.AgentEmail, w.AgentPhone,
		w.AgentRelationship, w.ProofOfAuthority, w.RequesterConfirmed, w.Channel, w.ReceivedAt, w.ReceivedDate, w.Regime,
		w.Rights, w.Description, w.Minor, w.GuardianConsent, w.Assignee, w.Tags, w.Notes, w.Status, w.NextDue,
		w.DeletionConfirmedOn, w.DeletionChannel, w.DeletionNote, w.DeletionRecordedAt, w.DeletionRecordedBy,
		w.ExtensionReason, w.ExtendedTo, w.ExtendedOn, w.ExtendedAt, w.ExtendedBy, w.ClosedAt, w.ClosedOn,
		w.CreatedAt, w.UpdatedAt, w.NameKey, w.EmailKey, w.RequesterWords, w.AgentAddress, w.NoLetterReason, w.RequesterCountry,
		w.RequesterLetterName, w.AppealOf}
}

var rightCols = []string{"request_id", "right_code", "position", "outcome", "denial_reason", "exemption", "denial_text",
	"outcome_at", "outcome_by", "acknowledge_by", "respond_by", "promised_by", "extended_respond_by", "extended_to",
	"rule_version", "citation", "basis", "can_pause", "state_due", "state_citation", "extended_on"}

func rightValues(w rightRow) []any {
	return []any{w.RequestID, w.RightCode, w.Position, w.Outcome, w.DenialReason, w.Exemption, w.DenialText,
		w.OutcomeAt, w.OutcomeBy, w.AcknowledgeBy, w.RespondBy, w.PromisedBy, w.ExtendedRespondBy, w.ExtendedTo,
		w.RuleVersion, w.Citation, w.Basis, w.CanPause, w.StateDue, w.StateCitation, w.ExtendedOn}
}

var eventCols = []string{"request_id", "at", "os_user", "staff", "kind", "action", "from_status", "to_status", "summary", "note"}

// BulkCreateRequests stores many requests in one transaction with batched inserts: each
// is validated as intake would validate it, gets the next reference of its received
// year and its deadlines from the rules (unless already computed), and its statuses,
// outcomes, verification, extension and timeline are stored as given. Each request gets one "create" audit event
// with a compact after-state (reference, regime, rights, status, received date, source)
// rather than the whole request, which keeps a 100,000-request load small and fast;
// the chain is computed here and written in batches. It is meant for synthetic demo
// data and imports, not for intake, which goes through CreateRequest.
func (s *Store) BulkCreateRequests(items []BulkRequest, source string) (BulkSummary, error) {
	return s.BulkCreateRequestsFunc(len(items), func(i int) (BulkRequest, error) { return items[i], nil }, source)
}

// bulkFlush is how many requests are built before their rows are written: memory stays
// flat however many requests one transaction loads.
const bulkFlush = 2000

// BulkCreateRequestsFunc is BulkCreateRequests for n requests made one at a time by
// next(0), next(1), ... in order, all in one transaction.
func (s *Store) BulkCreateRequestsFunc(n int, next func(i int) (BulkRequest, error), source string) (BulkSummary, error) {
	return s.bulkCreateRequests(n, next, source, nil)
}

// ImportRequests is BulkCreateRequests for the import of the file named file: the
// import's own audit event (the file, how many, the first and last references) is
// written in the same transaction, so the requests and the record of their import are
// stored together or not at all.
func (s *Store) ImportRequests(items []BulkRequest, file string) (BulkSummary, error) {
	next := func(i int) (BulkRequest, error) { return items[i], nil }
	return s.bulkCreateRequests(len(items), next, "import "+file, func(tx *gorm.DB, sum BulkSummary) error {
		return s.appendAudit(tx, "import", file, "import", nil, map[string]any{"kind": "requests", "file": file,
			"count": len(items), "first": sum.First, "last": sum.Last})
	})
}

// StoredAlready returns, by index into items, the reference of a stored request each one
// repeats: the same requester name (ignoring case and accents), date of request, law
// and rights. An import refuses such rows, so a file imported again, or a later copy of
// a log imported before, does not double the requests it holds.
func (s *Store) StoredAlready(items []BulkRequest) (map[int]string, error) {
	key := func(name string, received backend.Date, regime string, rights []string) string {
		rights = slices.Clone(rights)
		slices.Sort(rights)
		return strings.Join([]string{fold(name), received.String(), regime, strings.Join(rights, ",")}, "\x00")
	}
	byKey := map[string][]int{}
	var dates []any
	seen := map[string]bool{}
	for i := range items {
		r := &items[i].Request
		rights := make([]string, len(r.Rights))
		for j, rr := range r.Rights {
			rights[j] = string(rr.Right)
		}
		k := key(r.Requester.Name, r.ReceivedDate, string(r.Regime), rights)
		byKey[k] = append(byKey[k], i)
		if d := r.ReceivedDate.String(); !seen[d] {
			seen[d] = true
			dates = append(dates, d)
		}
	}
	out := map[int]string{}
	for start := 0; start < len(dates); start += 500 {
		chunk := dates[start:min(start+500, len(dates))]
		rows, err := s.ro.Raw(`SELECT reference, requester_name, received_date, regime, rights FROM requests WHERE received_date IN (`+
			placeholders(len(chunk))+`) ORDER BY id`, chunk...).Rows()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ref, name, regime, rights string
			var received backend.Date
			if err := rows.Scan(&ref, &name, &received, &regime, &rights); err != nil {
				rows.Close()
				return nil, err
			}
			for _, i := range byKey[key(name, received, regime, strings.Split(rights, ","))] {
				if _, ok := out[i]; !ok {
					out[i] = ref
				}
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bulkCreateRequests stores the n requests next makes and then runs after, when given,
// in the same transaction.
func (s *Store) bulkCreateRequests(n int, next func(i int) (BulkRequest, error), source string, after func(tx *gorm.DB, sum BulkSummary) error) (BulkSummary, error) {
	var sum BulkSummary
	if n <= 0 {
		return sum, nil
	}
	now := s.Now().UTC()
	// A bigger page cache for the load: with SQLite's default 2 MB, index pages touched
	// again and again spill to the WAL again and again. The connection gets its usual
	// size back afterwards.
	var cacheSize int64
	if s.dialect == sqliteDialect && n > bulkFlush && s.db.Raw("PRAGMA cache_size").Scan(&cacheSize).Error == nil {
		s.db.Exec("PRAGMA cache_size = -131072")
		defer s.db.Exec(fmt.Sprintf("PRAGMA cache_size = %d", cacheSize))
	}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		// The load numbers its requests itself, from the years' last numbers read below:
		// intake at another desk must wait until it is done.
		if err := s.dialect.lockTable(tx, "request_sequences"); err != nil {
			return err
		}
		p, loc, err := practiceZone(tx)
		if err != nil {
			return err
		}
		var nextID int64
		if err := tx.Raw(`SELECT coalesce(max(id), 0) + 1 FROM requests`).Scan(&nextID).Error; err != nil {
			return err
		}
		seqs := map[int]int{}
		var reqRows, rightRowsV, eventRowsV, textRows, verifRows [][]any
		var audits []auditRow
		flush := func() error {
			for _, t := range []struct {
				table string
				cols  []string
				rows  [][]any
			}{
				{"requests", requestCols, reqRows},
				{"request_rights", rightCols, rightRowsV},
				{"request_events", eventCols, eventRowsV},
				{"request_text", []string{"docid", "text"}, textRows},
				{"request_verifications", []string{"request_id", "method", "verified_by", "verified_on", "degree", "notes",
					"requester_confirmed", "recorded_at", "recorded_by"}, verifRows},
			} {
				if err := insertRows(tx, t.table, t.cols, t.rows); err != nil {
					return err
				}
			}
			if err := s.appendAuditBatch(tx, audits, now); err != nil {
				return err
			}
			reqRows, rightRowsV, eventRowsV, textRows, verifRows, audits = nil, nil, nil, nil, nil, nil
			return nil
		}
		for i := 0; i < n; i++ {
			item, err := next(i)
			if err != nil {
				return err
			}
			r := &item.Request
			in := r.Input(loc)
			if err := in.Validate(now, loc); err != nil {
				return fmt.Errorf("request %d (%s): %w", i+1, r.Requester.Name, err)
			}
			if !r.Status.Valid() {
				return backend.Invalid("status", "request %d: unknown status %q", i+1, r.Status)
			}
			r.ReceivedAt, r.ReceivedDate, _ = in.Received(now, loc)
			year := r.ReceivedDate.Time().Year()
			if _, ok := seqs[year]; !ok {
				var last int
				if err := tx.Raw(`SELECT coalesce((SELECT last FROM request_sequences WHERE year = ?), 0)`, year).Scan(&last).Error; err != nil {
					return err
				}
				// As nextReference: numbers a request already holds are skipped.
				used, err := highestRefSeq(tx, year)
				if err != nil {
					return err
				}
				seqs[year] = max(last, used)
			}
			seqs[year]++
			r.ID, r.Reference = nextID, formatReference(year, seqs[year])
			nextID++
			if i == 0 {
				sum.First = r.Reference
			}
			sum.Last = r.Reference
			if err := computeDeadlines(p, r, false); err != nil {
				return fmt.Errorf("request %d: %w", i+1, err)
			}
			r.NextDue = r.ComputeNextDue()
			if r.CreatedAt.IsZero() {
				r.CreatedAt = now
			}
			if r.UpdatedAt.IsZero() {
				r.UpdatedAt = r.CreatedAt
			}
			row := toRow(r)
			if r.ClosedAt != nil {
				row.ClosedOn = backend.DateOf(*r.ClosedAt, loc)
			}
			reqRows = append(reqRows, requestValues(row))
			for j := range r.Rights {
				rightRowsV = append(rightRowsV, rightValues(toRightRow(r.ID, j, &r.Rights[j])))
			}
			for _, ev := range item.Events {
				at := ev.At
				if at.IsZero() {
					at = r.CreatedAt
				}
				eventRowsV = append(eventRowsV, []any{r.ID, timeText(at), ev.OSUser, ev.Staff, string(ev.Kind), string(ev.Action),
					string(ev.FromStatus), string(ev.ToStatus), ev.Summary, ev.Note})
			}
			textRows = append(textRows, []any{r.ID, s.dialect.searchDoc(searchText(r))})
			if v := r.Verification; v != nil {
				verifRows = append(verifRows, []any{r.ID, string(v.Method), v.VerifiedBy, v.VerifiedOn, string(v.Degree), v.Notes,
					v.RequesterConfirmed, timeText(v.RecordedAt), v.RecordedBy})
			}
			rights := make([]backend.Right, len(r.Rights))
			for j, rr := range r.Rights {
				rights[j] = rr.Right
			}
			audits = append(audits, auditRow{OSUser: s.Actor.OSUser, Staff: s.Actor.Staff, Entity: "request",
				EntityID: r.Reference, Action: "create", After: toJSON(map[string]any{"reference": r.Reference,
					"regime": r.Regime, "rights": rights, "status": r.Status, "receivedDate": r.ReceivedDate, "source": source})})
			if len(reqRows) == bulkFlush {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		for year, last := range seqs {
			if err := tx.Exec(`INSERT INTO request_sequences(year, last) VALUES (?, ?)
				ON CONFLICT(year) DO UPDATE SET last = excluded.last`, year, last).Error; err != nil {
				return err
			}
		}
		if err := s.dialect.afterExplicitIDs(tx, "requests"); err != nil {
			return err
		}
		if after != nil {
			return after(tx, sum)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return BulkSummary{}, &backend.Error{Code: backend.ECONFLICT, Field: "reference", Message: fmt.Sprintf(
				"A reference from %s to %s is already used by another request, so nothing was imported.", sum.First, sum.Last)}
		}
		return BulkSummary{}, err
	}
	sum.Count = n
	return sum, nil
}

var auditCols = []string{"seq", "at", "os_user", "staff", "entity", "entity_id", "action", "before", "after", "prev_hash", "hash", "record"}

// appendAuditBatch chains many events onto the audit trail inside tx: the same chain
// appendAudit builds one event at a time, written in batches.
func (s *Store) appendAuditBatch(tx *gorm.DB, events []auditRow, at time.Time) error {
	if len(events) == 0 {
		return nil
	}
	if err := s.dialect.lockAuditChain(tx); err != nil {
		return err
	}
	var last auditRow
	res := tx.Order("seq DESC").Limit(1).Find(&last)
	if res.Error != nil {
		return res.Error
	}
	prev := genesisHash
	if res.RowsAffected > 0 {
		prev = last.Hash
	}
	stamp := at.UTC().Format(time.RFC3339Nano)
	var refs []string
	for _, e := range events {
		if e.Entity == "request" {
			refs = append(refs, e.EntityID)
		}
	}
	records, err := requestRecords(tx, refs)
	if err != nil {
		return err
	}
	vals := make([][]any, len(events))
	for i := range events {
		e := &events[i]
		e.Seq = last.Seq + int64(i) + 1
		if e.At == "" {
			e.At = stamp
		}
		e.PrevHash = prev
		if e.Entity == "request" {
			e.Record = records[e.EntityID]
		}
		e.Hash = eventHash(e)
		prev = e.Hash
		vals[i] = []any{e.Seq, e.At, e.OSUser, e.Staff, e.Entity, e.EntityID, e.Action, e.Before, e.After, e.PrevHash, e.Hash, e.Record}
	}
	if err := insertRows(tx, "audit_events", auditCols, vals); err != nil {
		return err
	}
	end := events[len(events)-1]
	return tx.Exec(`INSERT INTO audit_head(id, seq, hash) VALUES (1, ?, ?)
		ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, end.Seq, end.Hash).Error
}
