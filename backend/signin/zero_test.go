package signin

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// The data key made with a new database, unwrapped by a sign-in or by the recovery key
// is zeroed once the store is open (the store keeps its own copy, zeroed when it is
// closed): the sign-in leaves no copy of it in memory for the garbage collector.
func TestDataKeyZeroedOnceHandedToTheStore(t *testing.T) {
	testpg.SQLiteOnly(t, "the data key of a database file")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "practice.db")
	var handed [][]byte
	var sawKey bool
	openKeyed = func(p string, key []byte) (*storage.Store, error) {
		handed = append(handed, key)
		sawKey = sawKey || (len(key) == storage.KeySize && len(bytes.Trim(key, "\x00")) > 0)
		return storage.OpenKeyed(p, key)
	}
	defer func() { openKeyed = storage.OpenKeyed }()
	var secret string
	opt := Options{Cost: cheap, RecoveryKey: func(k string) { secret = k }}
	check := func(what string) {
		t.Helper()
		if len(handed) != 1 || !sawKey {
			t.Fatalf("%s handed %d keys to the store (a real one: %v)", what, len(handed), sawKey)
		}
		if len(bytes.Trim(handed[0], "\x00")) != 0 {
			t.Errorf("%s: the data key it handed to the store is still in memory", what)
		}
		handed, sawKey = nil, false
		storage.Forget(path)
	}

	s, _, err := Create(ctx, path, "Ana Office", "correct horse battery", opt)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	check("Create")
	if s, _, err = Open(ctx, path, "Ana Office", "correct horse battery", opt); err != nil {
		t.Fatal(err)
	}
	s.Close()
	check("Open")
	if s, err = OpenWithRecoveryKey(ctx, path, secret, opt); err != nil {
		t.Fatal(err)
	}
	s.Close()
	check("OpenWithRecoveryKey")
}
