package storage

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"privacydesk/backend"
)

// requestOrder maps a sort column onto its ORDER BY, each backed by an index of
// migration 0002; id breaks ties so paging is stable.
var requestOrder = map[backend.RequestSort][]string{
	backend.SortReference: {"ref_year", "ref_seq"},
	backend.SortName:      {"name_key"},
	backend.SortEmail:     {"email_key"},
	backend.SortRegime:    {"regime", "received_at"},
	backend.SortStatus:    {"status", "received_at"},
	backend.SortReceived:  {"received_at"},
	backend.SortDue:       {"next_due"},
	backend.SortAssignee:  {"assignee", "received_at"},
	backend.SortUpdated:   {"updated_at"},
}

// requestQuery is the WHERE and ORDER BY of a list query, shared by the page and the count.
type requestQuery struct {
	where []string
	args  []any
	order string
	keys  []string // the ORDER BY expressions, id last: a page's cursor holds their values
	desc  bool
}

func (q *requestQuery) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

func (q *requestQuery) whereSQL() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anyList[T ~string](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// buildRequestQuery turns a validated filter into SQL. today is the practice's date.
func buildRequestQuery(d dialect, f *backend.RequestFilter, today backend.Date) requestQuery {
	var q requestQuery
	// Every word must match the beginning of a word of the request's search text
	// (searchText): one full-text query, through the index, whatever the size.
	if terms := searchTerms(f.Search); len(terms) > 0 {
		if cond, arg, ok := d.textSearch(terms); ok {
			q.add(cond, arg)
		} else {
			q.add("1 = 0") // a word with no letter or digit in it matches nothing
		}
	}
	if len(f.Status) > 0 {
		q.add("status IN ("+placeholders(len(f.Status))+")", anyList(f.Status)...)
	}
	if f.Open != nil {
		open := backend.OpenStatuses()
		not := ""
		if !*f.Open {
			not = "NOT "
		}
		q.add("status "+not+"IN ("+placeholders(len(open))+")", anyList(open)...)
	}
	if len(f.Regime) > 0 {
		q.add("regime IN ("+placeholders(len(f.Regime))+")", anyList(f.Regime)...)
	}
	if len(f.Right) > 0 {
		q.add("id IN (SELECT request_id FROM request_rights WHERE right_code IN ("+placeholders(len(f.Right))+"))", anyList(f.Right)...)
	}
	switch f.Assignee {
	case "":
	case "-":
		q.add("assignee = ''")
	default:
		q.add("assignee = ?", f.Assignee)
	}
	if f.From != "" {
		q.add("received_date >= ?", f.From)
	}
	if f.To != "" {
		q.add("received_date <= ?", f.To)
	}
	switch f.Due {
	case backend.DueOverdue:
		q.add("next_due < ?", today)
	case backend.DueToday:
		q.add("next_due = ?", today)
	case backend.DueWeek:
		q.add("next_due >= ? AND next_due <= ?", today, today.AddDays(backend.DueSoonDays))
	case backend.DueAwaitingAck:
		q.add("status = 'received'") // the dashboard's condition (DueWindowSQL)
	case backend.DueAwaitingIdentity:
		q.add("status = 'awaiting-identity'")
	case backend.DueExtended:
		q.add("status = 'extended'")
	}
	cols := requestOrder[f.Sort]
	desc := f.Desc
	if f.Sort == "" {
		cols, desc = requestOrder[backend.SortReceived], true
	}
	if f.Sort == backend.SortDue {
		// Requests without a due date last, either way (the expressions of the due-order
		// indexes of migration 0011, so the index serves the order).
		cols = []string{"coalesce(next_due, '9999-12-31')"}
		if desc {
			cols = []string{"coalesce(next_due, '')"}
		}
	}
	q.keys = append(append([]string(nil), cols...), "id")
	q.desc = desc
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	parts := make([]string, len(q.keys))
	for i, k := range q.keys {
		parts[i] = k + dir
	}
	q.order = " ORDER BY " + strings.Join(parts, ", ")
	return q
}

// ListRequests returns one page of requests matching f, in f's order, and the number
// matching in all. Items carry their rights with deadlines; the verification, pauses
// and vendor task count come with GetRequest. The list is read with plain SQL and
// explicit scans (no ORM reflection, no write lock), so it costs what the queries cost.
func (s *Store) ListRequests(f backend.RequestFilter) (backend.RequestPage, error) {
	if err := f.Validate(); err != nil {
		return backend.RequestPage{}, err
	}
	today, err := s.filterToday(f.Today)
	if err != nil {
		return backend.RequestPage{}, err
	}
	db, err := s.reader()
	if err != nil {
		return backend.RequestPage{}, err
	}
	q := buildRequestQuery(s.dialect, &f, today)
	page := backend.RequestPage{Items: []backend.Request{}, Total: -1}
	if f.After == "" {
		if err := db.QueryRow("SELECT count(*) FROM requests"+q.whereSQL(), q.args...).Scan(&page.Total); err != nil {
			return page, err
		}
	}
	rows, next, err := pageRows(db, q, f.After, f.Offset, f.Limit)
	if err != nil {
		return page, err
	}
	page.Next = next
	page.Items, err = withRights(db, rows)
	return page, err
}

// EachRequest calls fn for every request matching f (its Offset and Limit ignored), in
// f's order: the CLI's list and exports use it at any size. It reads one cursor over the
// matching rows, inside one read transaction so the whole list is one consistent
// snapshot, and loads the rights a batch of rows at a time beside it.
func (s *Store) EachRequest(f backend.RequestFilter, fn func(backend.Request) error) error {
	f.Offset, f.Limit = 0, 0
	if err := f.Validate(); err != nil {
		return err
	}
	today, err := s.filterToday(f.Today)
	if err != nil {
		return err
	}
	db, err := s.reader()
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(context.Background(), s.dialect.snapshotTx())
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to keep
	q := buildRequestQuery(s.dialect, &f, today)
	query := "SELECT " + strings.Join(requestCols, ", ") + " FROM requests" + q.whereSQL() + q.order
	const batch = 500
	rows := make([]requestRow, 0, batch)
	flush := func() error {
		items, err := withRights(tx, rows)
		if err != nil {
			return err
		}
		rows = rows[:0]
		for _, r := range items {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	// A PostgreSQL connection runs one query at a time: a batch's rights cannot be read
	// while the requests' query is still open on it. There the requests come through a
	// cursor on the server, a batch per FETCH, each read whole before its rights.
	if s.dialect == postgresDialect {
		if _, err := tx.Exec("DECLARE each_request NO SCROLL CURSOR FOR "+query, q.args...); err != nil {
			return err
		}
		for {
			if rows, err = scanRequestRows(tx, "FETCH "+strconv.Itoa(batch)+" FROM each_request"); err != nil {
				return err
			}
			n := len(rows)
			if err := flush(); err != nil {
				return err
			}
			if n < batch {
				return nil
			}
		}
	}
	cur, err := tx.Query(query, q.args...)
	if err != nil {
		return err
	}
	defer cur.Close()
	for cur.Next() {
		var w requestRow
		if err := cur.Scan(requestFields(&w)...); err != nil {
			return err
		}
		if rows = append(rows, w); len(rows) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := cur.Err(); err != nil {
		return err
	}
	return flush()
}

// querier is what the list's helpers read through: the read pool, or one read
// transaction of it.
type querier interface {
	Query(query string, args ...any) (*sql.Rows, error)
}

// pageRows reads one page in two steps: the ids in order, from the indexes alone where
// they cover the filter and the sort, then only those rows. Sorting ids rather than whole
// rows keeps long notes out of SQLite's sorter. A page after a cursor seeks to it in the
// sort's index (keyset paging) instead of counting past offset rows. next is the cursor
// of the page that follows, "" when this page is the last.
func pageRows(db querier, q requestQuery, after string, offset, limit int) (rows []requestRow, next string, err error) {
	where, args := q.whereSQL(), q.args
	if after != "" {
		vals, err := decodeCursor(after, len(q.keys))
		if err != nil {
			return nil, "", err
		}
		op := " > "
		if q.desc {
			op = " < "
		}
		seek := "(" + strings.Join(q.keys, ", ") + ")" + op + "(" + placeholders(len(vals)) + ")"
		if where == "" {
			where = " WHERE " + seek
		} else {
			where += " AND " + seek
		}
		args = append(append([]any(nil), args...), vals...)
	}
	res, err := db.Query("SELECT "+strings.Join(q.keys, ", ")+" FROM requests"+where+q.order+fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset), args...)
	if err != nil {
		return nil, "", err
	}
	var ids []any
	var last []any
	at := map[int64]int{}
	for res.Next() {
		key := make([]any, len(q.keys))
		ptrs := make([]any, len(key))
		for i := range key {
			ptrs[i] = &key[i]
		}
		if err := res.Scan(ptrs...); err != nil {
			res.Close()
			return nil, "", err
		}
		id := key[len(key)-1].(int64)
		at[id] = len(ids)
		ids = append(ids, id)
		last = key
	}
	res.Close()
	if err := res.Err(); err != nil || len(ids) == 0 {
		return nil, "", err
	}
	if limit > 0 && len(ids) == limit {
		if next, err = encodeCursor(last); err != nil {
			return nil, "", err
		}
	}
	rows, err = scanRequestRows(db, "SELECT "+strings.Join(requestCols, ", ")+" FROM requests WHERE id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, "", err
	}
	sort.Slice(rows, func(i, j int) bool { return at[rows[i].ID] < at[rows[j].ID] })
	return rows, next, nil
}

// encodeCursor is a page's last row's sort key as an opaque string.
func encodeCursor(key []any) (string, error) {
	for i, v := range key {
		if b, ok := v.([]byte); ok {
			key[i] = string(b)
		}
	}
	b, err := json.Marshal(key)
	return base64.RawURLEncoding.EncodeToString(b), err
}

// decodeCursor reads a cursor back into n key values (numbers as int64, text as string).
func decodeCursor(c string, n int) ([]any, error) {
	bad := backend.Invalid("after", "The list's position is not one this list gave; reload the list.")
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, bad
	}
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	var vals []any
	if err := d.Decode(&vals); err != nil || len(vals) != n {
		return nil, bad
	}
	for i, v := range vals {
		switch x := v.(type) {
		case json.Number:
			k, err := x.Int64()
			if err != nil {
				return nil, bad
			}
			vals[i] = k
		case string:
		default:
			return nil, bad
		}
	}
	return vals, nil
}

// requestFields points at a row's fields in requestCols order.
func requestFields(w *requestRow) []any {
	return []any{&w.ID, &w.Reference, &w.RefYear, &w.RefSeq, &w.RequesterName, &w.RequesterEmail, &w.RequesterPhone,
		&w.RequesterAddress, &w.RequesterDOB, &w.ClientNumber, &w.SubmittedBy, &w.AgentName, &w.AgentEmail, &w.AgentPhone,
		&w.AgentRelationship, &w.ProofOfAuthority, &w.RequesterConfirmed, &w.Channel, &w.ReceivedAt, &w.ReceivedDate, &w.Regime,
		&w.Rights, &w.Description, &w.Minor, &w.GuardianConsent, &w.Assignee, &w.Tags, &w.Notes, &w.Status, &w.NextDue,
		&w.DeletionConfirmedOn, &w.DeletionChannel, &w.DeletionNote, &w.DeletionRecordedAt, &w.DeletionRecordedBy,
		&w.ExtensionReason, &w.ExtendedTo, &w.ExtendedOn, &w.ExtendedAt, &w.ExtendedBy, &w.ClosedAt, &w.ClosedOn,
		&w.CreatedAt, &w.UpdatedAt, &w.NameKey, &w.EmailKey, &w.RequesterWords, &w.AgentAddress, &w.NoLetterReason, &w.RequesterCountry,
		&w.RequesterLetterName, &w.AppealOf}
}

func scanRequestRows(db querier, query string, args ...any) ([]requestRow, error) {
	res, err := db.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var out []requestRow
	for res.Next() {
		var w requestRow
		if err := res.Scan(requestFields(&w)...); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, res.Err()
}

// rightFields points at a right row's fields in rightCols order.
func rightFields(w *rightRow) []any {
	return []any{&w.RequestID, &w.RightCode, &w.Position, &w.Outcome, &w.DenialReason, &w.Exemption, &w.DenialText,
		&w.OutcomeAt, &w.OutcomeBy, &w.AcknowledgeBy, &w.RespondBy, &w.PromisedBy, &w.ExtendedRespondBy, &w.ExtendedTo,
		&w.RuleVersion, &w.Citation, &w.Basis, &w.CanPause, &w.StateDue, &w.StateCitation, &w.ExtendedOn}
}

func (s *Store) filterToday(today string) (backend.Date, error) {
	if today != "" {
		return backend.ParseDate(today)
	}
	return s.Today()
}

// withRights maps rows to requests and loads their rights in one query.
func withRights(db querier, rows []requestRow) ([]backend.Request, error) {
	out := make([]backend.Request, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]any, len(rows))
	at := make(map[int64]int, len(rows))
	for i := range rows {
		out[i] = rows[i].request()
		ids[i] = rows[i].ID
		at[rows[i].ID] = i
	}
	res, err := db.Query("SELECT "+strings.Join(rightCols, ", ")+" FROM request_rights WHERE request_id IN ("+placeholders(len(ids))+") ORDER BY request_id, position, id", ids...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	for res.Next() {
		var w rightRow
		if err := res.Scan(rightFields(&w)...); err != nil {
			return nil, err
		}
		j := at[w.RequestID]
		out[j].Rights = append(out[j].Rights, w.right())
	}
	return out, res.Err()
}

// FindDuplicates lists open requests that may be the one being logged: the same email
// (ignoring case), or the same name (ignoring case and accents) and date of birth.
// exclude is the reference of the request being edited, if any.
func (s *Store) FindDuplicates(in backend.RequestInput, exclude string) ([]backend.Duplicate, error) {
	in.Normalize()
	out := []backend.Duplicate{}
	email := strings.ToLower(in.Requester.Email)
	name := fold(in.Requester.Name)
	dob := in.Requester.DateOfBirth
	if email == "" && (name == "" || dob == "") {
		return out, nil
	}
	open := backend.OpenStatuses()
	args := anyList(open)
	sql := "SELECT * FROM requests WHERE status IN (" + placeholders(len(open)) + ") AND reference <> ? AND ("
	args = append(args, strings.ToUpper(exclude))
	var conds []string
	if email != "" {
		conds = append(conds, "email_key = ?")
		args = append(args, email)
	}
	if name != "" && dob != "" {
		conds = append(conds, "(name_key = ? AND requester_dob = ?)")
		args = append(args, name, dob)
	}
	sql += strings.Join(conds, " OR ") + ") ORDER BY received_at DESC LIMIT 20"
	db, err := s.reader()
	if err != nil {
		return nil, err
	}
	rows, err := scanRequestRows(db, strings.Replace(sql, "SELECT *", "SELECT "+strings.Join(requestCols, ", "), 1), args...)
	if err != nil {
		return nil, err
	}
	items, err := withRights(db, rows)
	if err != nil {
		return nil, err
	}
	for _, r := range items {
		d := backend.Duplicate{Reference: r.Reference, Name: r.Requester.Name, Email: r.Requester.Email,
			DateOfBirth: r.Requester.DateOfBirth, Status: r.Status, ReceivedDate: r.ReceivedDate, Regime: r.Regime,
			Rights: []backend.Right{}, Match: "email"}
		if email == "" || strings.ToLower(r.Requester.Email) != email {
			d.Match = "name and date of birth"
		}
		for _, rr := range r.Rights {
			d.Rights = append(d.Rights, rr.Right)
		}
		out = append(out, d)
	}
	return out, nil
}
