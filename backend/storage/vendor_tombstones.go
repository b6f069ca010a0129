package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// A deleted vendor's row is gone, but the events the calendar export published for it
// (its BAA expiry, its next review) stay in the office's calendar until a file cancels
// them. The deletion therefore leaves a tombstone (vendor_tombstones, migration 0022):
// the vendor's id and the status and dates its events were made of, never its name, so
// the export can publish those events as cancelled for a year.

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
