package keyring

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"privacydesk/backend"
)

var cheap = Params{Memory: 64, Time: 1, Threads: 1}

func TestWrapUnwrap(t *testing.T) {
	key, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	f := New()
	if err := f.Wrap("Ana Office", "correct horse battery", key, cheap); err != nil {
		t.Fatal(err)
	}
	if err := f.Wrap("Bo Desk", "bo's long passphrase", key, cheap); err != nil {
		t.Fatal(err)
	}
	got, err := f.Unwrap("ana office", "correct horse battery", cheap)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("unwrap (name in another case): %v", err)
	}
	for _, c := range []struct{ name, pass string }{
		{"Ana Office", "wrong passphrase here"},
		{"Nobody", "correct horse battery"},
		{"Bo Desk", "correct horse battery"},
	} {
		if _, err := f.Unwrap(c.name, c.pass, cheap); !errors.Is(err, ErrNoEntry) {
			t.Errorf("%s with %q: %v; want ErrNoEntry", c.name, c.pass, err)
		}
	}
	// An entry moved to another name does not open: the name is bound to the seal.
	f.Accounts[0].Name, f.Accounts[1].Name = f.Accounts[1].Name, f.Accounts[0].Name
	if _, err := f.Unwrap("Bo Desk", "correct horse battery", cheap); !errors.Is(err, ErrNoEntry) {
		t.Errorf("a swapped entry opened: %v", err)
	}
	f.Accounts[0].Name, f.Accounts[1].Name = f.Accounts[1].Name, f.Accounts[0].Name
	f.Accounts[0].Wrapped[len(f.Accounts[0].Wrapped)-1] ^= 1
	if _, err := f.Unwrap(f.Accounts[0].Name, "correct horse battery", cheap); !errors.Is(err, ErrNoEntry) {
		t.Errorf("a changed byte opened: %v", err)
	}
	if !f.Remove("BO DESK") || f.Has("Bo Desk") || f.Remove("Bo Desk") {
		t.Error("Remove")
	}
}

func TestRecovery(t *testing.T) {
	key, _ := NewKey()
	id, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	f := New()
	if _, err := f.UnwrapRecovery(id.String()); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("no recovery wrap: %v", err)
	}
	if err := f.SetRecovery(id.Recipient().String(), key); err != nil {
		t.Fatal(err)
	}
	if got, err := f.UnwrapRecovery("# key file\n" + id.String() + "\n"); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("recovery: %v", err)
	}
	if _, err := f.UnwrapRecovery(other.String()); backend.ErrorField(err) != "recoveryKey" {
		t.Errorf("another key: %v", err)
	}
}

func TestSaveLoadAndJournal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "practice.db")
	if Exists(db) {
		t.Fatal("exists before saving")
	}
	if _, err := Load(db); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("load of none: %v", err)
	}
	f := New()
	at := time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)
	for range 3 {
		f.Fail("Ana Office", at)
	}
	if err := f.Save(db); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(Path(db))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("keyring file %v %v", st, err)
	}
	err = Update(db, func(f *File) error {
		if n, last := f.Failed("ana office"); n != 3 || !last.Equal(at) {
			t.Errorf("failures %d %v", n, last)
		}
		if u := f.Unaudited(); len(u) != 1 || u[0].Count != 3 {
			t.Errorf("unaudited %+v", u)
		}
		if u := f.Unaudited(); len(u) != 0 {
			t.Errorf("audited twice: %+v", u)
		}
		for i := range maxJournal + 10 {
			f.Fail(fmt.Sprintf("guess %d", i), at.Add(time.Duration(i)*time.Second))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err = Load(db)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Failures) > maxJournal {
		t.Errorf("journal of %d names", len(f.Failures))
	}
	if n, _ := f.Failed(fmt.Sprintf("guess %d", maxJournal+9)); n != 1 {
		t.Error("the newest failure was dropped")
	}
	os.WriteFile(Path(db), []byte("{not a keyring"), 0o600)
	if _, err := Load(db); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("damaged keyring: %v", err)
	}
}

// Two processes updating the keyring at once (the window and a scheduled backup signing
// in) each keep their change: the update holds a lock another process honours. The
// second "process" here is this test binary run again, adding its own entries while this
// one adds others.
func TestUpdateIsSerialisedAcrossProcesses(t *testing.T) {
	if os.Getenv("KEYRING_CHILD_DB") != "" {
		for i := 0; i < 30; i++ {
			if err := Update(os.Getenv("KEYRING_CHILD_DB"), func(f *File) error {
				f.Accounts = append(f.Accounts, Entry{Name: fmt.Sprintf("child %d", i)})
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	db := filepath.Join(t.TempDir(), "practice.db")
	if err := New().Save(db); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestUpdateIsSerialisedAcrossProcesses$")
	cmd.Env = append(os.Environ(), "KEYRING_CHILD_DB="+db)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		if err := Update(db, func(f *File) error {
			f.Accounts = append(f.Accounts, Entry{Name: fmt.Sprintf("parent %d", i)})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the other process: %v", err)
	}
	f, err := Load(db)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Accounts) != 60 {
		t.Errorf("%d entries kept of the 60 added by two processes: updates were lost", len(f.Accounts))
	}
}
