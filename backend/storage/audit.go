package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

type auditRow struct {
	Seq      int64 `gorm:"primaryKey"`
	At       string
	OSUser   string `gorm:"column:os_user"`
	Staff    string
	Entity   string
	EntityID string `gorm:"column:entity_id"`
	Action   string
	Before   string
	After    string
	PrevHash string
	Hash     string
	Record   string // audit_records.go; "" for events about anything else
}

func (auditRow) TableName() string { return "audit_events" }

// genesisHash is the PrevHash of the first event.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// eventHash is the SHA-256 over every stored field but the hash itself, each field
// length-prefixed so no two different events share an encoding. The record joins the
// fields only when there is one, so the events written before records were kept keep
// their hashes.
func eventHash(r *auditRow) string {
	h := sha256.New()
	for _, f := range []string{fmt.Sprint(r.Seq), r.At, r.OSUser, r.Staff, r.Entity, r.EntityID, r.Action, r.Before, r.After, r.PrevHash} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	if r.Record != "" {
		fmt.Fprintf(h, "%d:%s;", len(r.Record), r.Record)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// appendAudit adds one event to the chain inside tx, the transaction that made the change.
func (s *Store) appendAudit(tx *gorm.DB, entity, entityID, action string, before, after any) error {
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
	r := auditRow{
		Seq:      last.Seq + 1,
		At:       s.Now().UTC().Format(time.RFC3339Nano),
		OSUser:   s.Actor.OSUser,
		Staff:    s.Actor.Staff,
		Entity:   entity,
		EntityID: entityID,
		Action:   action,
		Before:   toJSON(before),
		After:    toJSON(after),
		PrevHash: prev,
	}
	rec, err := recordFor(tx, entity, entityID, after)
	if err != nil {
		return err
	}
	r.Record = rec
	r.Hash = eventHash(&r)
	if err := tx.Create(&r).Error; err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO audit_head(id, seq, hash) VALUES (1, ?, ?)
		ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, r.Seq, r.Hash).Error
}

// RecordEvent appends an audit event for something that changed no table of ours (an
// export written, a backup made): it still belongs in the trail.
func (s *Store) RecordEvent(entity, entityID, action string, details any) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		return s.appendAudit(tx, entity, entityID, action, nil, details)
	})
}

func (r *auditRow) event() backend.AuditEvent {
	at, _ := time.Parse(time.RFC3339Nano, r.At)
	return backend.AuditEvent{Seq: r.Seq, At: at, OSUser: r.OSUser, Staff: r.Staff, Entity: r.Entity,
		EntityID: r.EntityID, Action: r.Action, Before: r.Before, After: r.After, Record: r.Record, PrevHash: r.PrevHash, Hash: r.Hash}
}

// ListAuditEvents returns events matching f, newest first, and the total matching.
func (s *Store) ListAuditEvents(f backend.AuditFilter) ([]backend.AuditEvent, int64, error) {
	q := s.db.Model(&auditRow{})
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.Search != "" {
		like := "%" + escapeLike(f.Search) + "%"
		q = q.Where("(entity_id LIKE ? ESCAPE '\\' OR staff LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\' OR after LIKE ? ESCAPE '\\')", like, like, like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var rows []auditRow
	if err := q.Order("seq DESC").Limit(limit).Offset(f.Offset).Find(&rows).Error; err != nil {
		return nil, 0, err
	}
	out := make([]backend.AuditEvent, len(rows))
	for i := range rows {
		out[i] = rows[i].event()
	}
	return out, total, nil
}

// EachAuditEvent calls fn for every event in chain order (for exports).
func (s *Store) EachAuditEvent(fn func(backend.AuditEvent) error) error {
	var batch []auditRow
	return s.db.Order("seq").FindInBatches(&batch, 2000, func(tx *gorm.DB, _ int) error {
		for i := range batch {
			if err := fn(batch[i].event()); err != nil {
				return err
			}
		}
		return nil
	}).Error
}

// VerifyAudit walks the chain and reports the first event that was edited, deleted,
// inserted or reordered outside the app, then the first request, vendor or letter that
// no longer is what its last event recorded (audit_records.go).
func (s *Store) VerifyAudit() (backend.ChainReport, error) { return s.VerifyAuditAnchored(nil) }

// VerifyAuditAnchored is VerifyAudit that also checks, when anchor is not nil, that the
// chain still holds the head pinned earlier: its event anchor.Events with hash
// anchor.Hash. A trail deleted whole, cut short, or rewritten with its chain recomputed
// then fails, which the chain alone cannot tell.
//
// It reads in one snapshot (the read pool, in a snapshot transaction): otherwise each
// statement reads its own moment (on PostgreSQL, and on SQLite between statements), and
// an event recorded between reading the chain and reading its head reads as events
// deleted from the end.
func (s *Store) VerifyAuditAnchored(anchor *backend.ChainHead) (backend.ChainReport, error) {
	db, err := s.reader()
	if err != nil {
		return backend.ChainReport{}, err
	}
	tx, err := db.BeginTx(context.Background(), s.dialect.snapshotTx())
	if err != nil {
		return backend.ChainReport{}, err
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to keep
	return verifyAudit(tx, anchor, s.dialect)
}

// auditReader is what the audit checks read through: a pool, or a transaction that
// reads one snapshot.
type auditReader interface {
	querier
	QueryRow(query string, args ...any) *sql.Row
}

// VerifyAuditFile verifies the audit trail of the database file at p (a backup's, before
// it is restored), read-only, as VerifyAuditAnchored does the open one's.
func VerifyAuditFile(p string, anchor *backend.ChainHead) (backend.ChainReport, error) {
	db, err := openReadOnly(p)
	if err != nil {
		return backend.ChainReport{}, err
	}
	defer db.Close()
	return verifyAudit(db, anchor, sqliteDialect)
}

func verifyAudit(db auditReader, anchor *backend.ChainHead, d dialect) (backend.ChainReport, error) {
	rep := backend.ChainReport{OK: true}
	prev := genesisHash
	var expect int64 = 1
	// A database from before records were kept has no record column.
	record := "record"
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM (`+d.columnsSQL()+`) c WHERE c.`+d.columnName()+` = 'record'`, "audit_events").Scan(&n); err != nil {
		return rep, err
	}
	if n == 0 {
		record = "''"
	}
	rows, err := db.Query(`SELECT seq, at, os_user, staff, entity, entity_id, action, before, after, prev_hash, hash, ` + record + ` FROM audit_events ORDER BY seq`)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	trail := &recordedTrail{last: map[string]lastRecord{}, created: map[string]int64{}}
	anchorHash := ""
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.Seq, &r.At, &r.OSUser, &r.Staff, &r.Entity, &r.EntityID, &r.Action, &r.Before, &r.After, &r.PrevHash, &r.Hash, &r.Record); err != nil {
			return rep, err
		}
		switch {
		case r.Seq != expect:
			rep.OK, rep.BadSeq = false, r.Seq
			rep.Problem = fmt.Sprintf("event %d follows event %d: an event was deleted or its number changed", r.Seq, expect-1)
		case r.Hash != eventHash(&r):
			rep.OK, rep.BadSeq = false, r.Seq
			rep.Problem = fmt.Sprintf("event %d was edited: its content no longer matches its hash", r.Seq)
		case r.PrevHash != prev:
			rep.OK, rep.BadSeq = false, r.Seq
			rep.Problem = fmt.Sprintf("event %d does not follow event %d: events were inserted, deleted or reordered", r.Seq, r.Seq-1)
		}
		if !rep.OK {
			break
		}
		if r.Record != "" {
			trail.add(r.Seq, r.Action, r.Record)
		}
		if anchor != nil && r.Seq == anchor.Events {
			anchorHash = r.Hash
		}
		prev = r.Hash
		expect++
		rep.Count++
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	rows.Close()
	if !rep.OK {
		rep.Count = 0
		return rep, nil
	}
	rep.Head = backend.ChainHead{Events: rep.Count, Hash: prev}
	if anchor != nil {
		checkAnchor(&rep, *anchor, anchorHash)
		if !rep.OK {
			return rep, nil
		}
	}
	if err := checkHead(db, &rep, prev); err != nil || !rep.OK || record == "''" {
		return rep, err // an older database keeps no records to check
	}
	return rep, checkRecords(db, d, trail, &rep)
}

// checkAnchor checks that an intact chain still holds the anchor: its event
// anchor.Events (whose hash is hash, "" when there is no such event) is the anchor's.
func checkAnchor(rep *backend.ChainReport, anchor backend.ChainHead, hash string) {
	switch {
	case anchor.Events == 0:
		return // the anchor of an empty trail: everything holds it
	case rep.Count == 0:
		rep.Problem = fmt.Sprintf("the audit trail has no events, but the anchor recorded %d: the trail was deleted", anchor.Events)
	case rep.Count < anchor.Events:
		rep.Problem = fmt.Sprintf("the audit trail has %d events, but the anchor recorded %d: events were deleted", rep.Count, anchor.Events)
	case hash != anchor.Hash:
		rep.BadSeq = anchor.Events
		rep.Problem = fmt.Sprintf("event %d is not the one the anchor recorded: the trail was rewritten and its chain recomputed since the anchor was made", anchor.Events)
	default:
		return
	}
	rep.OK, rep.Count, rep.Head = false, 0, backend.ChainHead{}
}

// checkHead compares the chain's end with the head recorded beside it, which catches
// events deleted from the end of the chain.
func checkHead(db auditReader, rep *backend.ChainReport, last string) error {
	head := struct {
		Seq  int64
		Hash string
	}{Hash: genesisHash}
	err := db.QueryRow(`SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&head.Seq, &head.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if head.Seq != rep.Count || head.Hash != last {
		rep.OK = false
		rep.BadSeq = rep.Count + 1
		rep.Problem = fmt.Sprintf("the chain ends at event %d but event %d was recorded: events were deleted from the end", rep.Count, head.Seq)
		rep.Count = 0
		rep.Head = backend.ChainHead{}
	}
	return nil
}

// AuditHead is the chain's end as recorded beside it: the number of events and the
// last one's hash (the genesis hash and 0 when there are none).
func (s *Store) AuditHead() (backend.ChainHead, error) {
	head := backend.ChainHead{Hash: genesisHash}
	res := s.db.Raw(`SELECT seq AS events, hash FROM audit_head WHERE id = 1`).Scan(&head)
	return head, res.Error
}

// ChangeMarker is a number that moves whenever anything in the practice's data changes, at
// this desk or another (or the command line): the audit chain's length, since every change
// appends its event in its own transaction. Windows poll it every few seconds to refresh
// their screens, so it is one row read through the read pool.
func (s *Store) ChangeMarker() (int64, error) {
	var seq int64
	err := s.ro.Raw(`SELECT coalesce(max(seq), 0) FROM audit_head WHERE id = 1`).Scan(&seq).Error
	return seq, err
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
