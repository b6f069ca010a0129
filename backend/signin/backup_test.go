package signin

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/demo"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// An encrypted practice's backups are encrypted (to the recovery key without a
// passphrase) and carry the encrypted database with its keyring: restored over the
// practice, or on a new computer with the recovery key, the data opens with the same
// accounts; a backup from before encryption restored into it is encrypted on the way in.
func TestBackupsOfAnEncryptedPractice(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := testpg.Location(t, filepath.Join(dir, "office", "privacydesk.db"))
	clock := func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
	var secret string
	opt := Options{Cost: cheap, Now: clock, RecoveryKey: func(k string) { secret = k }}
	s, _, err := Create(ctx, path, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(s, demo.Options{Requests: 5, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	want, err := s.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "b"+backup.Extension)
	res, err := backup.New(s, "test").Backup(ctx, out, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Encrypted {
		t.Fatal("a backup without a passphrase was not encrypted to the recovery key")
	}
	// The rest is about the encrypted file and its keyring, which the backup carries.
	testpg.SQLiteOnly(t, "an encrypted database file and its keyring restored from a backup")
	actor := s.Actor
	re, _, err := backup.RestoreOver(ctx, s, actor, path, out, secret, nil)
	if err != nil {
		t.Fatalf("restore over the practice: %v", err)
	}
	if !re.Store.Encrypted() {
		t.Error("the restored practice is not encrypted")
	}
	re.Store.Close()

	// A new computer: no key unlocked, no keyring; the recovery key restores it.
	storage.Forget(path)
	other := filepath.Join(dir, "new", "privacydesk.db")
	if _, err := backup.RestoreDB(ctx, out, secret, other, actor, nil); err != nil {
		t.Fatalf("restore on a new computer: %v", err)
	}
	storage.Forget(other)
	if !keyring.Exists(other) || !storage.IsEncrypted(other) {
		t.Fatal("the restored database came without its keyring, or in clear")
	}
	s, _, err = Open(ctx, other, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatalf("sign-in after the restore on a new computer: %v", err)
	}
	got, err := s.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got["requests"] != want["requests"] || got["vendors"] != want["vendors"] {
		t.Errorf("counts restored %v, backed up %v", got, want)
	}

	// A backup from before encryption (an unencrypted database, no recovery key).
	old, err := storage.Open(filepath.Join(dir, "old", "privacydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	old.Now = clock
	old.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	if _, err := demo.Load(old, demo.Options{Requests: 3, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain"+backup.Extension)
	// The window and the command refuse such a backup now (no passphrase, no recovery
	// key): earlier versions wrote it in clear, and it must still restore.
	if _, err := backup.New(old, "test").Backup(ctx, plain, "", nil); backend.ErrorField(err) != "passphrase" {
		t.Fatalf("a backup in clear: %v", err)
	}
	src := backup.Source{Snapshot: old.Snapshot, AttachmentsDir: old.AttachmentsDir(), AppVersion: "test", SchemaVersion: storage.SchemaVersion()}
	if _, err := backup.Create(ctx, plain, src, backup.Options{Now: clock}); err != nil {
		t.Fatal(err)
	}
	old.Close()
	re, _, err = backup.RestoreOver(ctx, s, s.Actor, other, plain, "", nil)
	if err != nil {
		t.Fatalf("restore of an unencrypted backup: %v", err)
	}
	defer re.Store.Close()
	if !storage.IsEncrypted(other) || !re.Store.Encrypted() {
		t.Error("an unencrypted backup went in unencrypted")
	}
}
