package signin

import (
	"context"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// Every passphrase lost: the recovery key opens the data, the opening is in the audit
// trail as break-glass, and an administrator's passphrase reset with it signs in.
func TestLostPassphraseRecoveredWithTheRecoveryKey(t *testing.T) {
	testpg.SQLiteOnly(t, "the recovery key unwraps the data key from the keyring beside a database file")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "practice.db")
	var secret string
	opt := Options{Cost: cheap, OSUser: "frontdesk", RecoveryKey: func(k string) { secret = k }}
	s, _, err := Create(ctx, path, "Ana Office", "a passphrase now forgotten", opt)
	if err != nil {
		t.Fatal(err)
	}
	// The key made at setup is saved to a file (and printed) by the window or the command.
	keyPath := filepath.Join(t.TempDir(), "recovery.key")
	other, _ := age.GenerateX25519Identity()
	if _, err := backup.New(s, "test").SaveRecoveryKey(ctx, other.String(), keyPath, ""); backend.ErrorField(err) != "secret" {
		t.Fatalf("saving another key as the practice's: %v; want refused on secret", err)
	}
	if _, err := backup.New(s, "test").SaveRecoveryKey(ctx, secret, keyPath, ""); err != nil {
		t.Fatal(err)
	}
	s.Close()
	storage.Forget(path)

	if _, err := OpenWithRecoveryKey(ctx, path, other.String(), opt); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("another practice's key: %v; want invalid", err)
	}
	if _, err := OpenWithRecoveryKey(ctx, path, "not a key at all", opt); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("not a key: %v; want invalid", err)
	}
	keyFile, err := backup.ReadRecoveryKey("key", keyPath)
	if err != nil {
		t.Fatal(err)
	}
	s, err = OpenWithRecoveryKey(ctx, path, keyFile, opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Actor.Staff != RecoveryActor || s.Actor.OSUser != "frontdesk" {
		t.Errorf("actor %+v", s.Actor)
	}
	svc := opt.accounts(s)
	if _, err := svc.ResetPassphrase(ctx, "Ana Office", "a new passphrase to keep"); err != nil {
		t.Fatal(err)
	}
	events, _, err := s.ListAuditEvents(backend.AuditFilter{Entity: "account", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var glass, reset bool
	for _, e := range events {
		glass = glass || e.Action == "break-glass" && e.OSUser == "frontdesk" && e.Staff == RecoveryActor
		reset = reset || e.Action == "reset-passphrase" && e.EntityID == "Ana Office" && e.Staff == RecoveryActor
	}
	if !glass || !reset {
		t.Errorf("audit trail: break-glass %v, reset by the recovery key %v: %+v", glass, reset, events)
	}
	s.Close()
	storage.Forget(path)

	s, a, err := Open(ctx, path, "Ana Office", "a new passphrase to keep", opt)
	if err != nil {
		t.Fatalf("sign-in after the reset: %v", err)
	}
	defer s.Close()
	if a.Role != backend.RoleAdministrator {
		t.Errorf("role %q", a.Role)
	}
}
