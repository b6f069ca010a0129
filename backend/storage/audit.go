package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
}

func (auditRow) TableName() string { return "audit_events" }

// genesisHash is the PrevHash of the first event.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// eventHash is the SHA-256 over every stored field but the hash itself, each field
// length-prefixed so no two different events share an encoding.
func eventHash(r *auditRow) string {
	h := sha256.New()
	for _, f := range []string{fmt.Sprint(r.Seq), r.At, r.OSUser, r.Staff, r.Entity, r.EntityID, r.Action, r.Before, r.After, r.PrevHash} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
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
		EntityID: r.EntityID, Action: r.Action, Before: r.Before, After: r.After, PrevHash: r.PrevHash, Hash: r.Hash}
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
// inserted or reordered outside the app.
func (s *Store) VerifyAudit() (backend.ChainReport, error) {
	rep := backend.ChainReport{OK: true}
	prev := genesisHash
	var expect int64 = 1
	var batch []auditRow
	err := s.db.Order("seq").FindInBatches(&batch, 5000, func(tx *gorm.DB, _ int) error {
		for i := range batch {
			r := &batch[i]
			if !rep.OK {
				return nil
			}
			switch {
			case r.Seq != expect:
				rep.OK, rep.BadSeq = false, r.Seq
				rep.Problem = fmt.Sprintf("event %d follows event %d: an event was deleted or its number changed", r.Seq, expect-1)
			case r.Hash != eventHash(r):
				rep.OK, rep.BadSeq = false, r.Seq
				rep.Problem = fmt.Sprintf("event %d was edited: its content no longer matches its hash", r.Seq)
			case r.PrevHash != prev:
				rep.OK, rep.BadSeq = false, r.Seq
				rep.Problem = fmt.Sprintf("event %d does not follow event %d: events were inserted, deleted or reordered", r.Seq, r.Seq-1)
			}
			prev = r.Hash
			expect++
			rep.Count++
		}
		return nil
	}).Error
	if err != nil {
		return rep, err
	}
	if !rep.OK {
		rep.Count = 0
	} else if err := s.checkHead(&rep, prev); err != nil {
		return rep, err
	}
	return rep, nil
}

// checkHead compares the chain's end with the head recorded beside it, which catches
// events deleted from the end of the chain.
func (s *Store) checkHead(rep *backend.ChainReport, last string) error {
	var head struct {
		Seq  int64
		Hash string
	}
	res := s.db.Raw(`SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&head)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		head.Hash = genesisHash
	}
	if head.Seq != rep.Count || head.Hash != last {
		rep.OK = false
		rep.BadSeq = rep.Count + 1
		rep.Problem = fmt.Sprintf("the chain ends at event %d but event %d was recorded: events were deleted from the end", rep.Count, head.Seq)
		rep.Count = 0
	}
	return nil
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
