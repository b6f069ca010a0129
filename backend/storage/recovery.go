package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// appStateRecoveryRecipient keeps the public half of the practice's recovery key (an
// age recipient, "age1…"). It is not one of AppStateKeys: the window cannot set it with
// SetAppState, only SetRecoveryRecipient can, and that is audited.
const appStateRecoveryRecipient = "recoveryRecipient"

// RecoveryRecipient returns the recovery key's public recipient, "" when none was made.
func (s *Store) RecoveryRecipient(ctx context.Context) (string, error) {
	var r appStateRow
	if err := s.db.WithContext(ctx).Limit(1).Find(&r, "key = ?", appStateRecoveryRecipient).Error; err != nil {
		return "", err
	}
	return r.Value, nil
}

// SetRecoveryRecipient records recipient (checked by the caller) as the recovery key's
// public half, with its audit event, in one transaction.
func (s *Store) SetRecoveryRecipient(ctx context.Context, recipient string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old appStateRow
		if err := tx.Limit(1).Find(&old, "key = ?", appStateRecoveryRecipient).Error; err != nil {
			return err
		}
		row := appStateRow{Key: appStateRecoveryRecipient, Value: recipient, UpdatedAt: s.Now().UTC().Format(time.RFC3339Nano)}
		err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).
			Create(&row).Error
		if err != nil {
			return err
		}
		var before any
		if old.Value != "" {
			before = map[string]string{"recipient": old.Value}
		}
		return s.appendAudit(tx, "practice", "recovery-key", "create", before, map[string]string{"recipient": recipient})
	})
}
