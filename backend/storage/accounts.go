package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// Staff accounts. Storage keeps the rows and writes each change with its audit event in
// one transaction; what may change (the first account an administrator, never the last
// enabled administrator, the wait after failed sign-ins) is the accounts service's rule,
// which SaveStaffAccount runs inside that transaction on the accounts as they are.

type staffAccountRow struct {
	ID             int64 `gorm:"primaryKey"`
	Name           string
	NameKey        string
	Role           string
	PassphraseHash string
	Disabled       bool
	FailedAttempts int
	LastFailureAt  string
	CreatedAt      string
	UpdatedAt      string
}

func (staffAccountRow) TableName() string { return "staff_accounts" }

func formatInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseInstant(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func (r *staffAccountRow) account() backend.StaffAccount {
	return backend.StaffAccount{ID: r.ID, Name: r.Name, Role: backend.Role(r.Role), Disabled: r.Disabled,
		PassphraseHash: r.PassphraseHash, FailedAttempts: r.FailedAttempts, LastFailureAt: parseInstant(r.LastFailureAt),
		CreatedAt: parseInstant(r.CreatedAt), UpdatedAt: parseInstant(r.UpdatedAt)}
}

func staffAccountRowOf(a backend.StaffAccount) staffAccountRow {
	return staffAccountRow{ID: a.ID, Name: a.Name, NameKey: backend.NameKey(a.Name), Role: string(a.Role),
		PassphraseHash: a.PassphraseHash, Disabled: a.Disabled, FailedAttempts: a.FailedAttempts,
		LastFailureAt: formatInstant(a.LastFailureAt), CreatedAt: formatInstant(a.CreatedAt), UpdatedAt: formatInstant(a.UpdatedAt)}
}

// staffAccountAudit is what the trail says of an account: never its passphrase's hash.
type staffAccountAudit struct {
	Name           string       `json:"name"`
	Role           backend.Role `json:"role"`
	Disabled       bool         `json:"disabled"`
	FailedAttempts int          `json:"failedAttempts,omitempty"`
}

func auditOfAccount(a backend.StaffAccount) staffAccountAudit {
	return staffAccountAudit{Name: a.Name, Role: a.Role, Disabled: a.Disabled, FailedAttempts: a.FailedAttempts}
}

func listStaffAccounts(db *gorm.DB) ([]backend.StaffAccount, error) {
	var rows []staffAccountRow
	if err := db.Order("name_key").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]backend.StaffAccount, len(rows))
	for i := range rows {
		out[i] = rows[i].account()
	}
	return out, nil
}

// ListStaffAccounts returns every staff account, by name.
func (s *Store) ListStaffAccounts(ctx context.Context) ([]backend.StaffAccount, error) {
	return listStaffAccounts(s.db.WithContext(ctx))
}

// GetStaffAccount returns the account named name (in any case), or ENOTFOUND.
func (s *Store) GetStaffAccount(ctx context.Context, name string) (backend.StaffAccount, error) {
	var r staffAccountRow
	res := s.db.WithContext(ctx).Limit(1).Find(&r, "name_key = ?", backend.NameKey(name))
	if res.Error != nil {
		return backend.StaffAccount{}, res.Error
	}
	if res.RowsAffected == 0 {
		return backend.StaffAccount{}, backend.NoSuchAccount(name)
	}
	return r.account(), nil
}

// AccountChange is what the accounts service decided: the account as it is to be
// written (ID 0 for a new one) and the audit event's action and details (nil for the
// account as written).
type AccountChange struct {
	Account backend.StaffAccount
	Action  string
	Details any
}

// SaveStaffAccount runs decide on every account as they are, inside one transaction,
// then writes the account it returns (a new one when its ID is 0) and appends the
// audit event about it, entity "account" and the account's name. An error from decide
// writes nothing.
func (s *Store) SaveStaffAccount(ctx context.Context, decide func(all []backend.StaffAccount) (AccountChange, error)) (backend.StaffAccount, error) {
	var saved backend.StaffAccount
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		all, err := listStaffAccounts(tx)
		if err != nil {
			return err
		}
		ch, err := decide(all)
		if err != nil {
			return err
		}
		var before any
		for _, a := range all {
			if a.ID == ch.Account.ID {
				before = auditOfAccount(a)
			}
		}
		row := staffAccountRowOf(ch.Account)
		if row.ID == 0 {
			before = nil
			err = tx.Create(&row).Error
		} else {
			err = tx.Save(&row).Error
		}
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return backend.Invalid("name", "A staff account named %q exists already.", ch.Account.Name)
		}
		if err != nil {
			return err
		}
		saved = row.account()
		after := ch.Details
		if after == nil {
			after = auditOfAccount(saved)
		}
		return s.appendAudit(tx, "account", saved.Name, ch.Action, before, after)
	})
	if err != nil {
		return backend.StaffAccount{}, err
	}
	return saved, nil
}
