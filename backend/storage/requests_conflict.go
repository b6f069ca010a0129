package storage

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// Two desks editing one request: each opens it at a version, and a save from a version
// someone else has since moved on from is refused, naming their change, instead of
// silently writing over it. The version is the number of the request's last event in the
// audit trail: every change of a request appends one, in the change's own transaction,
// and the numbers only grow, so no column of its own is needed and the refusal can say
// exactly what happened since.

// RequestVersion is the version of request ref a desk opens for editing.
func (s *Store) RequestVersion(ref string) (int64, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	if _, err := s.loadRequest(s.db, ref); err != nil {
		return 0, err
	}
	var v int64
	err := s.db.Raw(`SELECT coalesce(max(seq), 0) FROM audit_events WHERE entity = 'request' AND entity_id = ?`, ref).Scan(&v).Error
	return v, err
}

// UpdateRequestFrom is UpdateRequest for a desk that opened the request at version (from
// RequestVersion). When someone changed the request since, nothing is saved and the
// ECONFLICT error says who changed what and when.
func (s *Store) UpdateRequestFrom(ref string, version int64, in backend.RequestInput) (backend.Request, error) {
	return s.updateRequest(ref, in, func(tx *gorm.DB) error { return s.checkVersion(tx, ref, version) })
}

// checkVersion refuses, inside tx, a change of request ref made from version when later
// events of the request exist. The request's row is locked first, so of two desks saving
// from one version at once the second waits for the first, then sees its event.
func (s *Store) checkVersion(tx *gorm.DB, ref string, version int64) error {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	if err := s.dialect.lockRow(tx, "requests", "reference", ref); err != nil {
		return err
	}
	var later []auditRow
	if err := tx.Where("entity = 'request' AND entity_id = ? AND seq > ?", ref, version).Order("seq").Find(&later).Error; err != nil {
		return err
	}
	if len(later) == 0 {
		return nil
	}
	_, loc, err := practiceZone(tx)
	if err != nil {
		return err
	}
	changes := make([]string, len(later))
	for i := range later {
		changes[i] = describeChange(&later[i], loc)
	}
	return backend.Errorf(backend.ECONFLICT, "%s was changed by someone else since you opened it: %s. Your changes were not saved: open the request again to see theirs, then make yours.",
		ref, strings.Join(changes, "; "))
}

// describeChange says who did what to a request in one audit event, and when (in the
// practice's zone): "Sam changed notes and assignee at 09:04 on Mar 2".
func describeChange(e *auditRow, loc *time.Location) string {
	who := e.Staff
	if who == "" {
		who = e.OSUser
	}
	what := "recorded " + strings.ReplaceAll(e.Action, "-", " ")
	if e.Action == "update" {
		var before, after backend.Request
		if json.Unmarshal([]byte(e.Before), &before) == nil && json.Unmarshal([]byte(e.After), &after) == nil {
			if keys := changedFields(&before, &after); len(keys) > 0 {
				what = strings.ToLower(changeSummary(keys)[:1]) + changeSummary(keys)[1:]
			}
		}
	}
	when := ""
	if at, err := time.Parse(time.RFC3339Nano, e.At); err == nil {
		when = fmt.Sprintf(" at %s", at.In(loc).Format("15:04 on Jan 2"))
	}
	return who + " " + what + when
}
