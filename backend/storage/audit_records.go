package storage

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// Each audit event about a request, a vendor, a letter or a staff account carries, in
// its record column, what that row was right after the change: the SHA-256 over its
// audited fields (a canonical list, below) and a few of them in plain words. The event's
// hash covers the record, so the chain vouches for it; `audit verify` then compares
// every row with the last record of it, and a row changed behind the app's back (a
// database tool, an UPDATE) no longer matches. The fields left out change without an
// event of their own (updated_at, the folded search keys, the next due date derived
// from the rights).

// recordSpec is how one table's rows are recorded.
type recordSpec struct {
	entity string // the audit entity and the word for the row in messages
	table  string
	label  string   // the expression that names the row to a person
	cols   []string // the audited fields, in the order hashed (expressions allowed)
	// later are fields added after records were first kept: hashed after cols, each
	// only when it is not NULL, so a record made before the field existed (or while it
	// was empty) still matches its row, and a value set or cleared behind the app's back
	// still changes the hash.
	later []string
	plain []string // the fields also kept as they are, to say what differs
}

// requestRightsOutcome folds a request's rights and their outcomes into one value: an
// outcome recorded with a database tool changes the yearly metrics, so it is audited too.
const requestRightsOutcome = `(SELECT group_concat(v, ';') FROM (SELECT right_code || '=' || outcome || '@' || coalesce(outcome_at, '') AS v
	FROM request_rights WHERE request_id = requests.id ORDER BY right_code))`

// requestRightsOutcomePG is requestRightsOutcome in PostgreSQL's words. A record hashes
// each field's expression as written above, so the expression keeps its SQLite text (the
// same hashes on both engines) and PostgreSQL runs this one in its place.
const requestRightsOutcomePG = `(SELECT string_agg(v, ';' ORDER BY right_code) FROM (SELECT right_code, right_code || '=' || outcome || '@' || coalesce(outcome_at, '') AS v
	FROM request_rights WHERE request_id = requests.id) AS o)`

var recordSpecs = []recordSpec{
	{entity: "request", table: "requests", label: "reference",
		cols: []string{"reference", "requester_name", "requester_email", "requester_phone", "requester_dob", "client_number",
			"submitted_by", "agent_name", "agent_email", "agent_phone", "agent_relationship", "proof_of_authority",
			"requester_confirmed", "channel", "received_at", "received_date", "regime", "rights", "minor", "guardian_consent",
			"assignee", "status", "deletion_confirmed_on", "deletion_channel", "deletion_note", "deletion_recorded_at",
			"deletion_recorded_by", "extension_reason", "extended_to", "extended_on", "extended_at", "extended_by", "closed_at",
			"requester_address", "tags", "description", "notes", requestRightsOutcome},
		later: []string{"appeal_of"},
		plain: []string{"status", "regime", "received_date", "assignee", "extended_to", "closed_at"}},
	{entity: "vendor", table: "vendors", label: "name",
		cols: []string{"name", "services", "category", "contact_name", "contact_email", "contact_phone", "website", "phi_access",
			"hosting", "subcontractors", "baa_status", "baa_reason", "baa_reason_note", "baa_signed_on", "baa_effective_on",
			"baa_expires_on", "next_review_on", "checklist", "terminated_on", "phi_disposition", "phi_confirmed_on", "notes",
			"postal_address"},
		later: []string{"prior_baa_ends_on"},
		plain: []string{"baa_status", "phi_access", "baa_expires_on", "terminated_on"}},
	{entity: "letter", table: "letters", label: "'letter ' || id || ' of ' || (SELECT reference FROM requests WHERE id = letters.request_id)",
		cols: []string{"request_id", "vendor_task_id", "vendor_name", "kind", "template_name", "template_version", "recipient",
			"pages", "size", "sha256", "length(pdf)", "created_by", "created_at"},
		plain: []string{"kind", "recipient", "sha256"}},
	// A staff account given the administrator's role, enabled, or given another
	// passphrase's hash with a database tool is named by audit verify.
	{entity: "account", table: "staff_accounts", label: "name",
		cols:  []string{"name", "role", "passphrase_hash", "disabled", "failed_attempts", "last_failure_at"},
		plain: []string{"role", "disabled"}},
}

// auditRecord is what the record column holds.
type auditRecord struct {
	Record string            `json:"record"` // "requests/17": the table and the row's id
	SHA256 string            `json:"sha256"`
	Fields map[string]string `json:"fields"`
}

// recordRow is one row as recorded: its key, its name for people and its record.
type recordRow struct {
	id         int64
	key, label string
	rec        auditRecord
}

func specFor(entity string) *recordSpec {
	for i := range recordSpecs {
		if recordSpecs[i].entity == entity {
			return &recordSpecs[i]
		}
	}
	return nil
}

// query selects id, label and the audited fields of the spec's rows (where: "" or a
// condition with its arguments).
func (sp *recordSpec) query(d dialect, where string) string {
	cols := make([]string, 0, len(sp.cols)+len(sp.later))
	for _, c := range append(sp.cols[:len(sp.cols):len(sp.cols)], sp.later...) {
		cols = append(cols, d.recordColumn(c))
	}
	return fmt.Sprintf("SELECT id, %s, %s FROM %s %s ORDER BY id", sp.label, strings.Join(cols, ", "), sp.table, where)
}

// scan reads the spec's rows from rows (as query selects them) and hands each to fn.
func (sp *recordSpec) scan(rows *sql.Rows, fn func(recordRow) error) error {
	defer rows.Close()
	vals := make([]any, len(sp.cols)+len(sp.later)+2)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		h := sha256.New()
		fields := map[string]string{}
		for i, c := range sp.cols {
			v, null := canonical(vals[i+2])
			if null {
				fmt.Fprintf(h, "%s=N;", c)
			} else {
				fmt.Fprintf(h, "%s=%d:%s;", c, len(v), v)
			}
			for _, p := range sp.plain {
				if p == c {
					fields[c] = v
				}
			}
		}
		for i, c := range sp.later {
			if v, null := canonical(vals[len(sp.cols)+i+2]); !null {
				fmt.Fprintf(h, "%s=%d:%s;", c, len(v), v)
			}
		}
		id, _ := canonical(vals[0])
		label, _ := canonical(vals[1])
		n, _ := strconv.ParseInt(id, 10, 64)
		r := recordRow{id: n, key: sp.table + "/" + id, label: label,
			rec: auditRecord{Record: sp.table + "/" + id, SHA256: hex.EncodeToString(h.Sum(nil)), Fields: fields}}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// canonical is a column's value as text, and whether it is NULL.
func canonical(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case []byte:
		return string(x), false
	case string:
		return x, false
	case bool: // PostgreSQL's booleans read as SQLite's 0 and 1, so a record hashes alike on both
		if x {
			return "1", false
		}
		return "0", false
	default:
		return fmt.Sprint(x), false
	}
}

// recordFor is the record column of an event about entity entityID (after is what the
// event's after holds), read inside tx after the change: "" for events about anything
// else, and for a row that is gone (deleted).
func recordFor(tx *gorm.DB, entity, entityID string, after any) (string, error) {
	sp := specFor(entity)
	if sp == nil {
		return "", nil
	}
	var where string
	var arg any
	switch a := after.(type) {
	case backend.Vendor:
		where, arg = "WHERE id = ?", a.ID
	case backend.Letter:
		where, arg = "WHERE id = ?", a.ID
	default:
		if sp.entity == "account" {
			where, arg = "WHERE name_key = ?", backend.NameKey(entityID)
			break
		}
		if sp.entity != "request" {
			return "", nil // a vendor's or letter's deletion: no row to record
		}
		where, arg = "WHERE reference = ?", entityID
	}
	rows, err := tx.Raw(sp.query(dialectOf(tx), where), arg).Rows()
	if err != nil {
		return "", err
	}
	var out string
	err = sp.scan(rows, func(r recordRow) error {
		b, err := json.Marshal(r.rec)
		out = string(b)
		return err
	})
	return out, err
}

// recordedTrail is what the chain's records say: the newest record of each row, by
// record key, and per table the lowest id of a row whose creation was recorded.
type recordedTrail struct {
	last    map[string]lastRecord
	created map[string]int64
}

func (t *recordedTrail) add(seq int64, action, record string) {
	var rec auditRecord
	if json.Unmarshal([]byte(record), &rec) != nil {
		return
	}
	t.last[rec.Record] = lastRecord{seq: seq, rec: rec}
	if action != "create" {
		return
	}
	table, id, _ := strings.Cut(rec.Record, "/")
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && (t.created[table] == 0 || n < t.created[table]) {
		t.created[table] = n
	}
}

// requestRecords is recordFor of many requests at once, by reference (a bulk import
// records thousands in one transaction).
func requestRecords(tx *gorm.DB, refs []string) (map[string]string, error) {
	sp := specFor("request")
	out := make(map[string]string, len(refs))
	for len(refs) > 0 {
		chunk := refs[:min(len(refs), 500)]
		refs = refs[len(chunk):]
		rows, err := tx.Raw(sp.query(dialectOf(tx), "WHERE reference IN ?"), chunk).Rows()
		if err != nil {
			return nil, err
		}
		err = sp.scan(rows, func(r recordRow) error {
			b, err := json.Marshal(r.rec)
			out[r.label] = string(b)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkRecords compares every request, vendor and letter with the last record of it in
// the trail and puts the first that differs on rep. A row no event recorded was made
// before records were kept (it is counted as not checked), unless rows made before it
// had their creation recorded: ids only grow, so it was added outside Privacy Desk.
func checkRecords(db auditReader, d dialect, trail *recordedTrail, rep *backend.ChainReport) error {
	for i := range recordSpecs {
		sp := &recordSpecs[i]
		rows, err := db.Query(sp.query(d, ""))
		if err != nil {
			return err
		}
		err = sp.scan(rows, func(r recordRow) error {
			if !rep.OK {
				return nil
			}
			l, ok := trail.last[r.key]
			if !ok {
				if floor := trail.created[sp.table]; floor > 0 && r.id > floor {
					rep.OK = false
					rep.Problem = fmt.Sprintf("%s %s has no event in the audit trail: it was added outside Privacy Desk", sp.entity, r.label)
					return nil
				}
				rep.Unrecorded++
				return nil
			}
			rep.Records++
			if l.rec.SHA256 == r.rec.SHA256 {
				return nil
			}
			// The chain is whole (BadSeq stays 0): the row changed after its last event,
			// which the problem names.
			rep.OK = false
			rep.Problem = differs(sp.entity, r, l)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// lastRecord is the newest record of one row in the trail.
type lastRecord struct {
	seq int64
	rec auditRecord
}

// differs says how row r differs from its last record l, naming a plain field when one
// differs.
func differs(entity string, r recordRow, l lastRecord) string {
	for _, sp := range recordSpecs {
		if sp.entity != entity {
			continue
		}
		for _, f := range sp.plain {
			if r.rec.Fields[f] != l.rec.Fields[f] {
				return fmt.Sprintf("%s %s: %s is '%s' but its last event (%d) says '%s': it was changed outside Privacy Desk",
					entity, r.label, strings.ReplaceAll(f, "_", " "), r.rec.Fields[f], l.seq, l.rec.Fields[f])
			}
		}
	}
	return fmt.Sprintf("%s %s: its fields no longer match its last event (%d): it was changed outside Privacy Desk", entity, r.label, l.seq)
}
