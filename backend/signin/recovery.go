package signin

import (
	"context"
	"log/slog"

	"privacydesk/backend"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
)

// RecoveryActor is the staff name the audit trail records for what is done with the
// recovery key: no account signed in.
const RecoveryActor = "recovery key (emergency access)"

// OpenWithRecoveryKey is the emergency access (HIPAA Security Rule, 45 CFR
// 164.312(a)(2)(ii)): when every administrator's passphrase is lost, or no administrator
// is there, the recovery key made at setup (secret: "AGE-SECRET-KEY-1…", alone or in its
// key file's text) opens the data. The opening is audited loudly ("break-glass", with the
// operating-system user) and logged as a warning; the store works as RecoveryActor, so
// every change made this way is marked. What it is for: reset an administrator's
// passphrase (accounts.New(s).ResetPassphrase, which gives the account its key again)
// or create a new administrator, then sign in normally.
func OpenWithRecoveryKey(ctx context.Context, path, secret string, opt Options) (*storage.Store, error) {
	if ok, err := exists(path); err != nil {
		return nil, err
	} else if !ok || !keyring.Exists(path) {
		return nil, backend.Errorf(backend.ENOTFOUND, "%s is not an encrypted Privacy Desk database: the recovery key opens only those.", path)
	}
	f, err := keyring.Load(path)
	if err != nil {
		return nil, err
	}
	key, err := f.UnwrapRecovery(secret)
	if err != nil {
		slog.Warn("emergency access refused: the recovery key does not open the data", "path", path, "osUser", opt.OSUser)
		return nil, err
	}
	defer clear(key) // the store keeps its own copy
	s, err := openKeyed(path, key)
	if err != nil {
		return nil, err
	}
	opt.apply(s, backend.StaffAccount{Name: RecoveryActor})
	if err := s.RecordEvent("account", "recovery-key", "break-glass", map[string]string{
		"message": "The data was opened with the recovery key (emergency access), without a staff account.",
		"osUser":  opt.OSUser, "recipient": f.Recipient}); err != nil {
		s.Close()
		return nil, err
	}
	slog.Warn("EMERGENCY ACCESS: the data was opened with the recovery key", "path", path, "osUser", opt.OSUser)
	return s, nil
}
