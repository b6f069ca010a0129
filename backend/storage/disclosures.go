package storage

import (
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

type disclosureRow struct {
	ID               int64 `gorm:"primaryKey"`
	RequestID        int64
	DisclosedOn      backend.Date
	Recipient        string
	RecipientAddress string
	Description      string
	Purpose          string
	CreatedAt        string
}

func (disclosureRow) TableName() string { return "request_disclosures" }

// accountingRequest loads a request and checks it asks for a HIPAA accounting.
func (s *Store) accountingRequest(db *gorm.DB, ref string) (backend.Request, error) {
	r, err := s.loadRequest(db, ref)
	if err != nil {
		return r, err
	}
	if r.Regime != backend.RegimeHIPAA || !r.HasRight(backend.RightAccounting) {
		return r, backend.Errorf(backend.EINVALID, "%s is not a HIPAA request for an accounting of disclosures.", r.Reference)
	}
	return r, nil
}

// AddDisclosure records one disclosure on an accounting request, audited.
func (s *Store) AddDisclosure(ref string, d backend.Disclosure) (backend.Disclosure, error) {
	err := s.db.Transaction(func(tx *gorm.DB) error {
		r, err := s.accountingRequest(tx, ref)
		if err != nil {
			return err
		}
		if err := d.Validate(r.ReceivedDate); err != nil {
			return err
		}
		row := disclosureRow{RequestID: r.ID, DisclosedOn: d.DisclosedOn, Recipient: d.Recipient,
			RecipientAddress: d.RecipientAddress, Description: d.Description, Purpose: d.Purpose,
			CreatedAt: s.Now().UTC().Format(time.RFC3339Nano)}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		d.ID, d.RequestRef = row.ID, r.Reference
		return s.appendAudit(tx, "request", r.Reference, "disclosure-add", nil, d)
	})
	if err != nil {
		return backend.Disclosure{}, err
	}
	return d, nil
}

// RemoveDisclosure deletes a disclosure entered by mistake, audited with what it said.
func (s *Store) RemoveDisclosure(ref string, id int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		r, err := s.accountingRequest(tx, ref)
		if err != nil {
			return err
		}
		var row disclosureRow
		res := tx.Where("id = ? AND request_id = ?", id, r.ID).Limit(1).Find(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return backend.Errorf(backend.ENOTFOUND, "There is no disclosure %d on %s.", id, r.Reference)
		}
		if err := tx.Delete(&row).Error; err != nil {
			return err
		}
		return s.appendAudit(tx, "request", r.Reference, "disclosure-remove", row.disclosure(r.Reference), nil)
	})
}

// ListDisclosures returns an accounting request's disclosures, oldest first.
func (s *Store) ListDisclosures(ref string) ([]backend.Disclosure, error) {
	r, err := s.accountingRequest(s.db, ref)
	if err != nil {
		return nil, err
	}
	return listDisclosures(s.db, r.ID, r.Reference)
}

func listDisclosures(db *gorm.DB, requestID int64, ref string) ([]backend.Disclosure, error) {
	var rows []disclosureRow
	if err := db.Where("request_id = ?", requestID).Order("disclosed_on, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]backend.Disclosure, len(rows))
	for i := range rows {
		out[i] = rows[i].disclosure(ref)
	}
	return out, nil
}

func (r *disclosureRow) disclosure(ref string) backend.Disclosure {
	return backend.Disclosure{ID: r.ID, RequestRef: ref, DisclosedOn: r.DisclosedOn, Recipient: r.Recipient,
		RecipientAddress: r.RecipientAddress, Description: r.Description, Purpose: r.Purpose}
}
