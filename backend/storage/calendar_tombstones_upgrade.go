package storage

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// CalendarCancelDays is how long the calendar export keeps publishing, as cancelled, an
// event that stopped being due: a deleted vendor's, a removed right's, an answered
// right's, an ended agreement's (reporting's cancelWindow). Counted in the practice's
// days, back from its today.
const CalendarCancelDays = 365

// buryFromAuditTrail writes, on the upgrade to migration 0022 (in its transaction), the
// tombstones the deletions made before it would have left: a build without the tables
// deleted vendors and removed rights without a trace the calendar could use, so their
// events would stay in the office's calendar for good. The audit trail keeps each
// deleted vendor's state and each edited request's rights before and after, which hold
// what a tombstone keeps. Only deletions within CalendarCancelDays of the practice's
// today are buried, as the deletion's own transaction would have (buryVendor,
// buryRight), at the audit event's time and the practice's date of it; an older one has
// no event left in the file to cancel. What the trail does not hold whole is skipped,
// never guessed. The trail is only read. Running it again writes nothing twice.
func buryFromAuditTrail(tx *gorm.DB) error {
	_, loc, err := practiceZone(tx)
	if err != nil {
		// An unknown zone gives no practice dates: bury nothing rather than guess a day.
		return nil
	}
	since := backend.DateOf(tx.Config.NowFunc(), loc).AddDays(-CalendarCancelDays)
	// The events' times are UTC text: two days' margin covers every zone, the practice
	// date decides (deletedOn).
	from := since.AddDays(-2).String()
	deletedOn := func(e *auditRow) (time.Time, backend.Date, bool) {
		at, err := time.Parse(time.RFC3339Nano, e.At)
		if err != nil {
			return time.Time{}, backend.Date{}, false
		}
		on := backend.DateOf(at, loc)
		return at, on, !on.Before(since)
	}
	if err := buryDeletedVendors(tx, from, deletedOn); err != nil {
		return err
	}
	return buryRemovedRights(tx, from, deletedOn)
}

// auditedVendor is what a vendor's tombstone keeps, as its audit events record it.
type auditedVendor struct {
	ID             int64             `json:"id"`
	BAAStatus      backend.BAAStatus `json:"baaStatus"`
	BAAEffective   backend.Date      `json:"baaEffectiveOn"`
	BAAExpiresOn   backend.Date      `json:"baaExpiresOn"`
	PriorBAAEndsOn backend.Date      `json:"priorBaaEndsOn"`
	NextReviewOn   backend.Date      `json:"nextReviewOn"`
	TerminatedOn   backend.Date      `json:"terminatedOn"`
	CreatedAt      time.Time         `json:"createdAt"`
	UpdatedAt      time.Time         `json:"updatedAt"`
}

// buryDeletedVendors buries each vendor whose deletion (a vendor "delete" event, with the
// vendor as it was in before) is within the window, unless a vendor of its id is in the
// register (SQLite gave a deleted vendor's id to the next vendor before 0022: the live
// vendor's events took its UIDs) or already has a tombstone. An id deleted twice is
// buried as its last deletion left it.
func buryDeletedVendors(tx *gorm.DB, from string, deletedOn func(*auditRow) (time.Time, backend.Date, bool)) error {
	type deletion struct {
		v     backend.Vendor
		at    time.Time
		today backend.Date
	}
	last := map[int64]deletion{}
	var order []int64
	err := eachAuditEvent(tx, "entity = 'vendor' AND action = 'delete' AND at >= ?", from, func(e *auditRow) error {
		at, today, within := deletedOn(e)
		var a auditedVendor
		if !within || json.Unmarshal([]byte(e.Before), &a) != nil || a.ID <= 0 || a.BAAStatus == "" ||
			a.CreatedAt.IsZero() || a.UpdatedAt.IsZero() {
			return nil
		}
		if _, seen := last[a.ID]; !seen {
			order = append(order, a.ID)
		}
		last[a.ID] = deletion{v: backend.Vendor{ID: a.ID, BAAStatus: a.BAAStatus, BAAEffective: a.BAAEffective,
			BAAExpiresOn: a.BAAExpiresOn, PriorBAAEndsOn: a.PriorBAAEndsOn, NextReviewOn: a.NextReviewOn,
			TerminatedOn: a.TerminatedOn, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}, at: at, today: today}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range order {
		var n int64
		if err := tx.Raw(`SELECT (SELECT count(*) FROM vendors WHERE id = ?) + (SELECT count(*) FROM vendor_tombstones WHERE vendor_id = ?)`,
			id, id).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		d := last[id]
		if err := buryVendor(tx, &d.v, d.at, d.today); err != nil {
			return err
		}
	}
	return nil
}

// auditedRequest is what a removed right's tombstone keeps, as a request's audit events
// record it.
type auditedRequest struct {
	Reference string `json:"reference"`
	Rights    []struct {
		Right         string       `json:"right"`
		RespondBy     backend.Date `json:"respondBy"`
		PromisedBy    backend.Date `json:"promisedBy"`
		ExtendedTo    backend.Date `json:"extendedTo"`
		StateDue      backend.Date `json:"stateDue"`
		Citation      string       `json:"citation"`
		StateCitation string       `json:"stateCitation"`
	} `json:"rights"`
}

// buryRemovedRights buries each right an edit of its request (a request "update" event:
// the request before and after, with their rights) took off within the window and that
// is not back: not put back by a later edit, nor on the request now. A request purged
// since takes its tombstones along anyway. A right removed twice is buried as its last
// removal left it.
func buryRemovedRights(tx *gorm.DB, from string, deletedOn func(*auditRow) (time.Time, backend.Date, bool)) error {
	type key struct{ ref, right string }
	type removal struct {
		r     rightRow
		at    time.Time
		today backend.Date
	}
	removed := map[key]removal{}
	var order []key
	err := eachAuditEvent(tx, "entity = 'request' AND action = 'update' AND at >= ?", from, func(e *auditRow) error {
		var before, after auditedRequest
		if json.Unmarshal([]byte(e.Before), &before) != nil || json.Unmarshal([]byte(e.After), &after) != nil ||
			before.Reference == "" || before.Reference != after.Reference {
			return nil
		}
		kept := map[string]bool{}
		for _, r := range after.Rights {
			kept[r.Right] = true
			delete(removed, key{after.Reference, r.Right}) // put back: its event is live again
		}
		at, today, within := deletedOn(e)
		if !within {
			return nil
		}
		for _, r := range before.Rights {
			if r.Right == "" || kept[r.Right] {
				continue
			}
			k := key{before.Reference, r.Right}
			order = append(order, k)
			removed[k] = removal{r: rightRow{RightCode: r.Right, RespondBy: r.RespondBy, PromisedBy: r.PromisedBy,
				ExtendedTo: r.ExtendedTo, StateDue: r.StateDue, Citation: r.Citation, StateCitation: r.StateCitation},
				at: at, today: today}
		}
		return nil
	})
	if err != nil {
		return err
	}
	done := map[key]bool{}
	for _, k := range order {
		rm, ok := removed[k]
		if !ok || done[k] {
			continue
		}
		done[k] = true
		var ids []int64
		if err := tx.Raw(`SELECT id FROM requests WHERE reference = ?`, k.ref).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) != 1 {
			continue // purged
		}
		var n int64
		if err := tx.Raw(`SELECT (SELECT count(*) FROM request_rights WHERE request_id = ? AND right_code = ?)
			+ (SELECT count(*) FROM right_tombstones WHERE request_id = ? AND right_code = ?)`,
			ids[0], k.right, ids[0], k.right).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		rm.r.RequestID = ids[0]
		if err := buryRight(tx, &rm.r, rm.at, rm.today); err != nil {
			return err
		}
	}
	return nil
}

// eachAuditEvent calls fn for each audit event matching where (with arg), in chain order,
// a batch at a time.
func eachAuditEvent(tx *gorm.DB, where string, arg any, fn func(*auditRow) error) error {
	for last := int64(0); ; {
		var rows []auditRow
		if err := tx.Where(where, arg).Where("seq > ?", last).Order("seq").Limit(500).Find(&rows).Error; err != nil {
			return err
		}
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		if len(rows) < 500 {
			return nil
		}
		last = rows[len(rows)-1].Seq
	}
}
