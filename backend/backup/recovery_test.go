package backup

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"privacydesk/backend"
)

// The daily backup is encrypted to the recovery key with nothing typed; the key file
// opens it, another key and a passphrase do not, and nothing readable is left in it.
func TestAutoBackupEncryptedToRecoveryKey(t *testing.T) {
	ctx := context.Background()
	st := demoStore(t, 5)
	svc := New(st, "test")
	if k, err := svc.RecoveryKey(ctx); err != nil || k.Set {
		t.Fatalf("a new practice has no recovery key: %+v %v", k, err)
	}
	dir := t.TempDir()
	keyFile, pdf := filepath.Join(dir, "recovery-key.txt"), filepath.Join(dir, "recovery-key.pdf")
	k, err := svc.CreateRecoveryKey(ctx, keyFile, pdf, false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k.Recipient, "age1") || !strings.HasPrefix(k.Secret, identityPrefix) {
		t.Fatalf("key %+v", k)
	}
	if info, err := os.Stat(keyFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v %v", info, err)
	}
	// Only the public half is kept.
	if got, _ := st.RecoveryRecipient(ctx); got != k.Recipient {
		t.Fatalf("recipient kept %q, want %q", got, k.Recipient)
	}
	if n := countEvents(t, st, "practice", "create"); n != 1 {
		t.Errorf("recovery key audited %d times", n)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		if !strings.Contains(text, k.Secret) || !strings.Contains(string(out), "How to restore") {
			t.Errorf("the PDF lacks the key or the instructions:\n%s", out)
		}
	}
	// A second key is refused unless it replaces the first; a key file is never overwritten.
	if _, err := svc.CreateRecoveryKey(ctx, filepath.Join(dir, "second.txt"), "", false); backend.ErrorField(err) != "replace" {
		t.Errorf("second key without replace: %v", err)
	}
	if _, err := svc.CreateRecoveryKey(ctx, keyFile, "", true); backend.ErrorField(err) != "out" {
		t.Errorf("over the key file: %v", err)
	}

	p, err := st.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	p.BackupFolder = filepath.Join(dir, "backups")
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	path, made, err := svc.Auto(ctx)
	if err != nil || !made {
		t.Fatalf("auto backup: %v %v", made, err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, ageMagic) {
		t.Fatalf("the daily backup is not encrypted: %q", raw[:40])
	}
	page, err := st.ListRequests(backend.RequestFilter{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("requests %v", err)
	}
	reqs := page.Items
	for _, plain := range []string{p.Name, reqs[0].Requester.Name, "manifest.json", "database.sqlite", "SQLite format"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Errorf("the encrypted backup shows %q", plain)
		}
	}

	secret, err := ReadRecoveryKey("key", keyFile)
	if err != nil {
		t.Fatal(err)
	}
	info, err := Preview(ctx, path, secret)
	if err != nil || !info.Encrypted || info.PracticeName != p.Name {
		t.Fatalf("preview with the key: %+v %v", info, err)
	}
	// The key alone, pasted where a passphrase goes, works too.
	if _, err := Preview(ctx, path, k.Secret); err != nil {
		t.Fatalf("preview with the pasted key: %v", err)
	}
	res, err := RestoreDB(ctx, path, secret, filepath.Join(dir, "restored", "privacydesk.db"), backend.Actor{OSUser: "tester"}, nil)
	if err != nil || res.Counts["requests"] != info.Counts["requests"] {
		t.Fatalf("restore with the key: %+v %v", res, err)
	}

	other, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, secret, field, says string }{
		{"another key", other.String(), "key", "does not open"},
		{"a passphrase", "correct horse battery", "key", "not a passphrase"},
		{"nothing", "", "key", "recovery key file"},
	} {
		_, err := Preview(ctx, path, tc.secret)
		if backend.ErrorField(err) != tc.field || !strings.Contains(backend.ErrorMessage(err), tc.says) {
			t.Errorf("%s: %v (field %q)", tc.name, err, backend.ErrorField(err))
		}
	}
}

func TestShortPassphraseRefused(t *testing.T) {
	for _, tc := range []struct {
		pass string
		ok   bool
	}{{"", true}, {"eleven char", false}, {"twelve chars", true}} {
		err := CheckPassphrase(tc.pass)
		if (err == nil) != tc.ok {
			t.Errorf("%q: %v", tc.pass, err)
		}
		if err != nil && (backend.ErrorField(err) != "passphrase" || !strings.Contains(backend.ErrorMessage(err), "at least 12")) {
			t.Errorf("%q: %v names field %q", tc.pass, err, backend.ErrorField(err))
		}
	}
	st := demoStore(t, 0)
	if _, err := New(st, "test").Backup(context.Background(), filepath.Join(t.TempDir(), "b.pdbackup"), "short", nil); backend.ErrorField(err) != "passphrase" {
		t.Errorf("backup with a short passphrase: %v", err)
	}
}

// A passphrase backup asked for with the recovery key says it wants the passphrase.
func TestPassphraseBackupWithKey(t *testing.T) {
	st := demoStore(t, 0)
	out := filepath.Join(t.TempDir(), "b.pdbackup")
	if _, err := New(st, "test").Backup(context.Background(), out, "correct horse battery", nil); err != nil {
		t.Fatal(err)
	}
	id, _ := age.GenerateX25519Identity()
	_, err := Preview(context.Background(), out, id.String())
	if backend.ErrorField(err) != "passphrase" || !strings.Contains(backend.ErrorMessage(err), "not the recovery key") {
		t.Errorf("key for a passphrase backup: %v", err)
	}
}
