package signin

import (
	"context"
	"path/filepath"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// An encrypted practice whose keyring comes to hold no account's key through ordinary
// account changes (an administrator disabled and enabled again has no key until a reset;
// the other administrator then disables their own account) is a practice in use, not a
// creation that stopped: Check must not set the whole database aside and call the path
// new.
func TestCheckKeepsAPracticeWhoseKeyringHasNoAccountLeft(t *testing.T) {
	testpg.SQLiteOnly(t, "an encrypted database file and its keyring")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "practice.db")
	opt := Options{Cost: cheap}
	s, _, err := Create(ctx, path, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatal(err)
	}
	acc := opt.accounts(s)
	if _, err := acc.Create(ctx, "Ben Admin", backend.RoleAdministrator, "another long passphrase"); err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() (backend.StaffAccount, error){
		func() (backend.StaffAccount, error) { return acc.Disable(ctx, "Ben Admin") },
		func() (backend.StaffAccount, error) { return acc.Enable(ctx, "Ben Admin") },
		func() (backend.StaffAccount, error) { return acc.Disable(ctx, "Ana Office") },
	} {
		if _, err := step(); err != nil {
			t.Logf("refused: %v", err) // the accounts may refuse to empty the keyring
		}
	}
	s.Close()
	storage.Forget(path)
	st, err := Check(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if st == StatusNew {
		aside, _ := filepath.Glob(path + "*.unfinished-*")
		t.Fatalf("Check called the practice new and set its files aside as an unfinished creation: %v", aside)
	}
}
