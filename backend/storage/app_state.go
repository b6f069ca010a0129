package storage

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"privacydesk/backend"
)

// The keys of the window's remembered state. Only these are stored: a typo in a key
// would otherwise write a value nothing ever reads.
const (
	AppStateStaff          = "staff"              // the staff name last entered
	AppStateDisclaimerSeen = "disclaimerSeen"     // "1" once the disclaimer was shown
	AppStateColorScheme    = "colorScheme"        // auto, light or dark
	AppStateAnnounced      = "announcedDeadlines" // JSON object: notice key -> day shown
	// AppStateTimeZoneConfirmed is "1" once a person confirmed the practice's time zone
	// and holiday country (ConfirmPracticeZone); the first start asks until then.
	AppStateTimeZoneConfirmed = "timeZoneConfirmed"
	// AppStateIdleLockMinutes is how many minutes without input lock the window (1-30;
	// empty: 10). Only an administrator sets it (SessionService.SetIdleLock).
	AppStateIdleLockMinutes = "idleLockMinutes"
)

// AppStateKeys lists every key GetAppState and SetAppState accept.
// (The recovery key's public half is not one of them: only SetRecoveryRecipient, audited,
// writes it.)
var AppStateKeys = []string{AppStateStaff, AppStateDisclaimerSeen, AppStateColorScheme, AppStateAnnounced, AppStateTimeZoneConfirmed, AppStateIdleLockMinutes}

// appStateMaxBytes bounds one value; the largest, the notices shown, stays far below it.
const appStateMaxBytes = 256 << 10

type appStateRow struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt string
}

func (appStateRow) TableName() string { return "app_state" }

// validateAppState checks a key and the value stored under it.
func validateAppState(key, value string) error {
	if !slices.Contains(AppStateKeys, key) {
		return backend.Invalid("key", "%q is not a setting Privacy Desk remembers (known: %s).", key, strings.Join(AppStateKeys, ", "))
	}
	if len(value) > appStateMaxBytes {
		return backend.Invalid("value", "The value for %s is %d bytes; at most %d are kept.", key, len(value), appStateMaxBytes)
	}
	switch key {
	case AppStateStaff:
		return backend.ValidateText("value", value, 200, false)
	case AppStateDisclaimerSeen, AppStateTimeZoneConfirmed:
		if value != "" && value != "1" {
			return backend.Invalid("value", "%s is \"1\" or empty, not %q.", key, value)
		}
	case AppStateColorScheme:
		if value != "" && value != "auto" && value != "light" && value != "dark" {
			return backend.Invalid("value", "The colour scheme is auto, light or dark, not %q.", value)
		}
	case AppStateAnnounced:
		var m map[string]string
		if value != "" && json.Unmarshal([]byte(value), &m) != nil {
			return backend.Invalid("value", "announcedDeadlines is a JSON object of notice keys and days.")
		}
	}
	return nil
}

// GetAppState returns the value remembered under key, or "" when none was.
func (s *Store) GetAppState(ctx context.Context, key string) (string, error) {
	if err := validateAppState(key, ""); err != nil {
		return "", err
	}
	var r appStateRow
	if err := s.db.WithContext(ctx).Limit(1).Find(&r, "key = ?", key).Error; err != nil {
		return "", err
	}
	return r.Value, nil
}

// AllAppState returns every remembered value by key; keys never set are absent.
func (s *Store) AllAppState(ctx context.Context) (map[string]string, error) {
	var rows []appStateRow
	if err := s.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		if slices.Contains(AppStateKeys, r.Key) {
			out[r.Key] = r.Value
		}
	}
	return out, nil
}

// SetAppState remembers value under key; an empty value forgets it.
func (s *Store) SetAppState(ctx context.Context, key, value string) error {
	if err := validateAppState(key, value); err != nil {
		return err
	}
	return setAppState(s.db.WithContext(ctx), s.Now(), key, value)
}

// setAppState stores value under key in db (a transaction, possibly); "" forgets it.
func setAppState(db *gorm.DB, now time.Time, key, value string) error {
	if value == "" {
		return db.Delete(&appStateRow{}, "key = ?", key).Error
	}
	row := appStateRow{Key: key, Value: value, UpdatedAt: now.UTC().Format(time.RFC3339Nano)}
	return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).
		Create(&row).Error
}
