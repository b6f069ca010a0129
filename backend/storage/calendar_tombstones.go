package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// A deleted vendor's row is gone, but the events the calendar export published for it
// (its BAA expiry, its next review) stay in the office's calendar until a file cancels
// them; so does a right's due date once the right is taken off an open request. The
// deletion therefore leaves a tombstone (migration 0022): what the events' UIDs and
// dates were made of, never a name, so the export can publish them as cancelled for a
// year. Requests themselves are deleted only by a purge, two years or more after they
// closed, when their events have long left the file.

type vendorTombstoneRow struct {
	VendorID       int64        `gorm:"primaryKey;autoIncrement:false"`
	BAAStatus      string       `gorm:"column:baa_status"`
	BAAEffectiveOn backend.Date `gorm:"column:baa_effective_on"`
	BAAExpiresOn   backend.Date `gorm:"column:baa_expires_on"`
	PriorBAAEndsOn backend.Date `gorm:"column:prior_baa_ends_on"`
	NextReviewOn   backend.Date
	TerminatedOn   backend.Date
	CreatedAt      string
	UpdatedAt      string
	DeletedAt      string
	DeletedOn      backend.Date
}

func (vendorTombstoneRow) TableName() string { return "vendor_tombstones" }

// DeletedVendor is a vendor deleted from the register, as its tombstone keeps it: Vendor
// holds only its id, BAA status and dates, and its creation and last change.
type DeletedVendor struct {
	Vendor    backend.Vendor
	DeletedAt time.Time
	// DeletedOn is the practice's date of the deletion.
	DeletedOn backend.Date
}

// buryVendor writes v's tombstone, in the transaction that deletes it at now (the
// practice's date today).
func buryVendor(tx *gorm.DB, v *backend.Vendor, now time.Time, today backend.Date) error {
	row := vendorTombstoneRow{VendorID: v.ID, BAAStatus: string(v.BAAStatus), BAAEffectiveOn: v.BAAEffective,
		BAAExpiresOn: v.BAAExpiresOn, PriorBAAEndsOn: v.PriorBAAEndsOn, NextReviewOn: v.NextReviewOn, TerminatedOn: v.TerminatedOn,
		CreatedAt: v.CreatedAt.UTC().Format(time.RFC3339Nano), UpdatedAt: v.UpdatedAt.UTC().Format(time.RFC3339Nano),
		DeletedAt: now.UTC().Format(time.RFC3339Nano), DeletedOn: today}
	return tx.Create(&row).Error
}

// DeletedVendors lists the vendors deleted on or after since (a practice date), by id.
func (s *Store) DeletedVendors(ctx context.Context, since backend.Date) ([]DeletedVendor, error) {
	var rows []vendorTombstoneRow
	if err := s.db.WithContext(ctx).Where("deleted_on >= ?", since).Order("vendor_id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]DeletedVendor, len(rows))
	for i, r := range rows {
		out[i] = DeletedVendor{Vendor: backend.Vendor{ID: r.VendorID, BAAStatus: backend.BAAStatus(r.BAAStatus),
			BAAEffective: r.BAAEffectiveOn, BAAExpiresOn: r.BAAExpiresOn, PriorBAAEndsOn: r.PriorBAAEndsOn,
			NextReviewOn: r.NextReviewOn, TerminatedOn: r.TerminatedOn, CreatedAt: parseTime(r.CreatedAt), UpdatedAt: parseTime(r.UpdatedAt)},
			DeletedAt: parseTime(r.DeletedAt), DeletedOn: r.DeletedOn}
	}
	return out, nil
}

// newVendorID is the id to insert a new vendor with: 0, for the engine to number it,
// unless that number could be a deleted vendor's. SQLite numbers a row one above the
// largest id in the table, so deleting the newest vendor would hand its id, and with it
// its calendar events' UIDs, to the next vendor. PostgreSQL's identity never goes back
// (a copy into it moves the identity past the tombstones too: copyTable).
func newVendorID(tx *gorm.DB) (int64, error) {
	if dialectOf(tx) == postgresDialect {
		return 0, nil
	}
	var ids struct{ Live, Deleted *int64 }
	if err := tx.Raw(`SELECT (SELECT max(id) FROM vendors) AS live, (SELECT max(vendor_id) FROM vendor_tombstones) AS deleted`).Scan(&ids).Error; err != nil {
		return 0, err
	}
	if ids.Deleted == nil || (ids.Live != nil && *ids.Live > *ids.Deleted) {
		return 0, nil
	}
	return *ids.Deleted + 1, nil
}

type rightTombstoneRow struct {
	RequestID     int64  `gorm:"primaryKey;autoIncrement:false"`
	RightCode     string `gorm:"primaryKey"`
	RespondBy     backend.Date
	PromisedBy    backend.Date
	ExtendedTo    backend.Date
	StateDue      backend.Date
	Citation      string
	StateCitation string
	RemovedAt     string
	RemovedOn     backend.Date
}

func (rightTombstoneRow) TableName() string { return "right_tombstones" }

// buryRight writes the tombstone of right r, taken off its request at now (the
// practice's date today), in the transaction that deletes its row.
func buryRight(tx *gorm.DB, r *rightRow, now time.Time, today backend.Date) error {
	if err := unburyRight(tx, r.RequestID, r.RightCode); err != nil {
		return err
	}
	return tx.Create(&rightTombstoneRow{RequestID: r.RequestID, RightCode: r.RightCode, RespondBy: r.RespondBy,
		PromisedBy: r.PromisedBy, ExtendedTo: r.ExtendedTo, StateDue: r.StateDue, Citation: r.Citation,
		StateCitation: r.StateCitation, RemovedAt: now.UTC().Format(time.RFC3339Nano), RemovedOn: today}).Error
}

// unburyRight removes the tombstone of a right put back on its request: its event is
// live again.
func unburyRight(tx *gorm.DB, requestID int64, code string) error {
	return tx.Where("request_id = ? AND right_code = ?", requestID, code).Delete(&rightTombstoneRow{}).Error
}

// RemovedRights lists, as CalendarDues does (Answered and Removed), the rights taken off
// a request on or after since (a practice date) and not put back, by reference and right.
func (s *Store) RemovedRights(ctx context.Context, since backend.Date) ([]CalendarDue, error) {
	var rows []struct {
		Reference, Regime, Status, RightCode        string
		RespondBy, PromisedBy, ExtendedTo, StateDue backend.Date
		Citation, StateCitation, RemovedAt          string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT r.reference, r.regime, r.status, t.right_code, t.respond_by, t.promised_by,
		t.extended_to, t.state_due, t.citation, t.state_citation, t.removed_at
		FROM right_tombstones t JOIN requests r ON r.id = t.request_id
		WHERE t.removed_on >= ? ORDER BY r.ref_year, r.ref_seq, t.right_code`, since).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]CalendarDue, len(rows))
	for i, r := range rows {
		out[i] = CalendarDue{Reference: r.Reference, Regime: r.Regime, RightCode: r.RightCode, Status: r.Status,
			RespondBy: r.RespondBy.String(), PromisedBy: r.PromisedBy.String(), ExtendedTo: r.ExtendedTo.String(),
			Citation: r.Citation, StateDue: r.StateDue.String(), StateCitation: r.StateCitation,
			UpdatedAt: parseTime(r.RemovedAt), Answered: true, Removed: true}
	}
	return out, nil
}
