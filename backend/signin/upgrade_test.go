package signin

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/backup"
	"privacydesk/backend/demo"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// A database from before encryption, with the example practice and two accounts: a
// staff sign-in is refused and changes nothing; the administrator's encrypts it after a
// backup, keeping every row; the staff account signs in once an administrator resets its
// passphrase.
func TestUpgradeEncryptsAnUnencryptedDatabase(t *testing.T) {
	testpg.SQLiteOnly(t, "a database file from before encryption is encrypted by SQLCipher")
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "privacydesk.db")
	clock := time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return clock }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	if _, err := demo.Load(s, demo.Options{Requests: 40, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	svc := accounts.New(s)
	svc.Params = cheap
	if _, err := svc.Create(ctx, "Ana Office", backend.RoleAdministrator, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Create(ctx, "Bo Desk", backend.RoleStaff, "bo's long passphrase"); err != nil {
		t.Fatal(err)
	}
	before, err := s.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.ListRequests(backend.RequestFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	plain, _ := os.ReadFile(path)
	name := page.Items[0].Requester.Name

	opt := Options{Cost: cheap, OSUser: "front", Now: func() time.Time { return clock }}
	if _, _, err := Open(ctx, path, "Bo Desk", "bo's long passphrase", opt); backend.ErrorCode(err) != backend.ECONFLICT ||
		!strings.Contains(err.Error(), "administrator") {
		t.Fatalf("staff sign-in to the unencrypted database: %v; want a conflict asking for the administrator", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now[:4096], plain[:4096]) || keyring.Exists(path) {
		t.Fatal("the refused sign-in changed the database")
	}

	var secret string
	opt.RecoveryKey = func(k string) { secret = k }
	e, a, err := Open(ctx, path, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Encrypted() || a.Role != backend.RoleAdministrator || secret == "" {
		t.Fatalf("after the upgrade: encrypted %v, role %q, recovery key %q", e.Encrypted(), a.Role, secret)
	}
	after, err := e.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The staff sign-in (refused after it), the administrator's, the backup and the
	// encryption with its new recovery key are audited.
	events, _, err := e.ListAuditEvents(backend.AuditFilter{Limit: int(after["auditEvents"] - before["auditEvents"])})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range events {
		actions = append(actions, ev.Entity+" "+ev.Action)
	}
	if want := []string{"practice encrypt", "practice create", "backup backup", "account sign-in", "account sign-in"}; !reflect.DeepEqual(actions, want) {
		t.Errorf("events of the upgrade: %v; want %v", actions, want)
	}
	before["auditEvents"] = after["auditEvents"]
	if !reflect.DeepEqual(before, after) {
		t.Errorf("counts before %v, after %v", before, after)
	}
	page2, err := e.ListRequests(backend.RequestFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(page.Items, page2.Items) {
		t.Error("the requests differ after the upgrade")
	}
	if rep, err := e.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
	waiting, err := AccountsWithoutKey(ctx, e)
	if err != nil || !reflect.DeepEqual(waiting, []string{"Bo Desk"}) {
		t.Errorf("accounts without a key: %v %v", waiting, err)
	}
	// Nothing in the folder shows the requester's name but the backup, which is encrypted.
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "*"+backup.Extension))
	if len(backups) != 1 {
		t.Fatalf("backups before encryption: %v", backups)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(name)) {
				t.Errorf("%s shows %q", p, name)
			}
		}
		return nil
	})
	if _, err := backup.Preview(ctx, backups[0], "correct horse battery"); err != nil {
		t.Errorf("the backup before encryption does not open with the administrator's passphrase: %v", err)
	}
	svc = accounts.New(e)
	svc.Params = cheap
	if _, err := svc.ResetPassphrase(ctx, "Bo Desk", "bo's new passphrase"); err != nil {
		t.Fatal(err)
	}
	e.Close()
	storage.Forget(path)
	s, _, err = Open(ctx, path, "Bo Desk", "bo's new passphrase", opt)
	if err != nil {
		t.Fatalf("staff sign-in after the reset: %v", err)
	}
	s.Close()
}
