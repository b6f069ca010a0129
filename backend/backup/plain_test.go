package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// keylessStore is the example practice of an older database: no recovery key, on SQLite
// (a file, not encrypted by SQLCipher) or, when the tests run against PostgreSQL, on the
// server.
func keylessStore(t *testing.T) *storage.Store {
	t.Helper()
	s := openStore(t, testpg.Location(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db")))
	if _, err := demo.Load(s, demo.Options{Requests: 3, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if r, err := s.RecoveryRecipient(context.Background()); err != nil || r != "" {
		t.Fatalf("the practice has a recovery key %q: %v", r, err)
	}
	return s
}

// A practice without a recovery key gets no backup without a passphrase, by hand or
// automatic: the file would hold its data unencrypted. The refusal says what to do, on
// the passphrase field; nothing is written and nothing is recorded as backed up. The
// automatic backup is reported failed with the same sentence.
func TestBackupWithoutKeyOrPassphraseRefused(t *testing.T) {
	ctx := context.Background()
	st := keylessStore(t)
	svc := New(st, "test")
	says := func(msg string) bool {
		return strings.Contains(msg, "recovery key") && strings.Contains(msg, "passphrase") && strings.Contains(msg, "unencrypted")
	}
	before := countEvents(t, st, "backup", "backup")
	out := filepath.Join(t.TempDir(), "backups", "b"+Extension)
	_, err := svc.Backup(ctx, out, "", nil)
	if backend.ErrorField(err) != "passphrase" || !says(backend.ErrorMessage(err)) {
		t.Errorf("a backup without passphrase nor recovery key: %v (field %q)", err, backend.ErrorField(err))
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Errorf("the refused backup was written")
	}
	if n := countEvents(t, st, "backup", "backup"); n != before {
		t.Errorf("the refused backup was recorded: %d events, was %d", n, before)
	}

	folder := filepath.Join(t.TempDir(), "daily")
	p, err := st.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	p.BackupFolder = folder
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	if _, made, err := svc.Auto(ctx); made || !says(backend.ErrorMessage(err)) {
		t.Errorf("the automatic backup without a recovery key: made %v, %v", made, err)
	}
	got := svc.RunAuto(ctx, nil, nil)
	if got.State != "failed" || !strings.Contains(got.Message, folder) || !says(got.Message) {
		t.Errorf("the automatic run's status: %+v", got)
	}
	if ents, _ := os.ReadDir(folder); len(ents) != 0 {
		t.Errorf("the automatic backup left %v", ents)
	}

	// With a passphrase it is made, encrypted.
	res, err := svc.Backup(ctx, out, "correct horse battery", nil)
	if err != nil || !res.Encrypted {
		t.Fatalf("with a passphrase: %+v %v", res, err)
	}
	if info, err := Preview(ctx, out, "correct horse battery"); err != nil || !info.Encrypted {
		t.Errorf("preview: %+v %v", info, err)
	}
}

// plainBackup writes a backup of st to out as versions before the refusal did for a
// practice without a recovery key, in clear: such files exist and must still restore.
func plainBackup(t *testing.T, st *storage.Store, out string) {
	t.Helper()
	if _, err := New(st, "test").write(context.Background(), out, Options{}); err != nil {
		t.Fatalf("plain backup: %v", err)
	}
}

// withRecoveryKey gives st a recovery key and returns its secret half.
func withRecoveryKey(t testing.TB, st *storage.Store) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetRecoveryRecipient(context.Background(), id.Recipient().String()); err != nil {
		t.Fatal(err)
	}
	return id.String()
}
