package storage

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

type practiceRow struct {
	ID              int `gorm:"primaryKey"`
	Name            string
	LegalEntity     string
	Address         string
	Email           string
	Phone           string
	PrivacyContact  string
	TimeZone        string
	Logo            []byte
	SignatoryName   string
	SignatoryTitle  string
	PaperSize       string
	PromisedDays    string
	HolidayCountry  string
	ClosedDays      string
	AttachmentMaxMB int `gorm:"column:attachment_max_mb"`
	BackupFolder    string
	BackupKeep      int
	State           string
	HIPAARole       string `gorm:"column:hipaa_role"`
	RevenueBand     string
	Consumers       *int
	SellsData       string
	OffersEU        string `gorm:"column:offers_eu"`
	OffersUK        string `gorm:"column:offers_uk"`
	UpdatedAt       string
}

func (practiceRow) TableName() string { return "practice" }

// GetPractice returns the practice profile, or the defaults when none was saved yet.
func (s *Store) GetPractice() (backend.Practice, error) {
	return getPractice(s.db)
}

func getPractice(db *gorm.DB) (backend.Practice, error) {
	var r practiceRow
	res := db.Limit(1).Find(&r, 1)
	if res.Error != nil {
		return backend.Practice{}, res.Error
	}
	if res.RowsAffected == 0 {
		return backend.DefaultPractice(), nil
	}
	p := backend.Practice{Name: r.Name, LegalEntity: r.LegalEntity, Address: r.Address, Email: r.Email,
		Phone: r.Phone, PrivacyContact: r.PrivacyContact, TimeZone: r.TimeZone, Logo: r.Logo,
		SignatoryName: r.SignatoryName, SignatoryTitle: r.SignatoryTitle, PaperSize: backend.PaperSize(r.PaperSize),
		HolidayCountry: r.HolidayCountry, AttachmentMaxMB: r.AttachmentMaxMB, BackupFolder: r.BackupFolder,
		BackupKeep: r.BackupKeep, PromisedDays: map[string]int{},
		State: r.State, HIPAARole: backend.HIPAARole(r.HIPAARole), RevenueBand: backend.RevenueBand(r.RevenueBand),
		Consumers: r.Consumers, SellsData: backend.YesNo(r.SellsData), OffersEU: backend.YesNo(r.OffersEU),
		OffersUK: backend.YesNo(r.OffersUK)}
	_ = json.Unmarshal([]byte(r.PromisedDays), &p.PromisedDays)
	_ = json.Unmarshal([]byte(r.ClosedDays), &p.ClosedDays)
	p.UpdatedAt, _ = time.Parse(time.RFC3339Nano, r.UpdatedAt)
	return p, nil
}

// SavePractice validates and stores the profile, auditing before and after.
func (s *Store) SavePractice(p backend.Practice) (backend.Practice, error) {
	return s.savePractice("update", p, nil)
}

// ConfirmPracticeZone records the practice's time zone and holiday country as confirmed
// by a person (the first start asks), and its name when name is not empty: the profile
// changes and the confirmation is remembered (AppStateTimeZoneConfirmed) in one
// transaction, audited as "confirm-zone".
func (s *Store) ConfirmPracticeZone(name, timeZone, holidayCountry string) (backend.Practice, error) {
	p, err := s.GetPractice()
	if err != nil {
		return backend.Practice{}, err
	}
	if name != "" {
		p.Name = name
	}
	p.TimeZone, p.HolidayCountry = timeZone, holidayCountry
	return s.savePractice("confirm-zone", p, func(tx *gorm.DB) error {
		return setAppState(tx, s.Now(), AppStateTimeZoneConfirmed, "1")
	})
}

// HasPractice reports whether a practice profile was ever saved (false in a new install).
func (s *Store) HasPractice() (bool, error) {
	var n int64
	err := s.db.Model(&practiceRow{}).Count(&n).Error
	return n > 0, err
}

// savePractice validates p and stores it with its audit event (action), running also,
// in the same transaction, when set.
func (s *Store) savePractice(action string, p backend.Practice, also func(tx *gorm.DB) error) (backend.Practice, error) {
	if err := p.Validate(); err != nil {
		return backend.Practice{}, err
	}
	if err := rules.ValidateHolidayCountry(p.HolidayCountry); err != nil {
		return backend.Practice{}, backend.Invalid("holidayCountry", "%s", backend.ErrorMessage(err))
	}
	p.UpdatedAt = s.Now().UTC()
	err := s.db.Transaction(func(tx *gorm.DB) error {
		before, err := getPractice(tx)
		if err != nil {
			return err
		}
		promised, _ := json.Marshal(p.PromisedDays)
		closed, _ := json.Marshal(nonNil(p.ClosedDays))
		r := practiceRow{ID: 1, Name: p.Name, LegalEntity: p.LegalEntity, Address: p.Address, Email: p.Email,
			Phone: p.Phone, PrivacyContact: p.PrivacyContact, TimeZone: p.TimeZone, Logo: p.Logo,
			SignatoryName: p.SignatoryName, SignatoryTitle: p.SignatoryTitle, PaperSize: string(p.PaperSize),
			PromisedDays: string(promised), HolidayCountry: p.HolidayCountry, ClosedDays: string(closed),
			AttachmentMaxMB: p.AttachmentMaxMB, BackupFolder: p.BackupFolder, BackupKeep: p.BackupKeep,
			State: p.State, HIPAARole: string(p.HIPAARole), RevenueBand: string(p.RevenueBand), Consumers: p.Consumers,
			SellsData: string(p.SellsData), OffersEU: string(p.OffersEU), OffersUK: string(p.OffersUK),
			UpdatedAt: p.UpdatedAt.Format(time.RFC3339Nano)}
		if err := tx.Save(&r).Error; err != nil {
			return err
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		return s.appendAudit(tx, "practice", "profile", action, auditPractice(before), auditPractice(p))
	})
	if err != nil {
		return backend.Practice{}, err
	}
	return p, nil
}

// auditPractice leaves the logo's bytes out of the trail; its size says it changed.
func auditPractice(p backend.Practice) any {
	type view struct {
		backend.Practice
		Logo int `json:"logo"`
	}
	return view{Practice: p, Logo: len(p.Logo)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
