package storage

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

func testKey() []byte { return bytes.Repeat([]byte{7}, KeySize) }

// An unencrypted database copied under a key keeps every row, its search index
// included, and the copy opens only with the key.
func TestEncryptCopyKeepsEverything(t *testing.T) {
	testpg.SQLiteOnly(t, "SQLCipher encrypts a SQLite file; a server encrypts its own storage")
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Aoife Byrne", "aoife@example.ie", "gdpr", "2026-02-02", "access"))
	src := s.Path()
	s.Close()
	dst := filepath.Join(filepath.Dir(src), "enc.db")
	if err := EncryptCopy(src, dst, testKey()); err != nil {
		t.Fatal(err)
	}
	if !IsEncrypted(dst) || IsEncrypted(src) {
		t.Fatalf("IsEncrypted: dst %v src %v", IsEncrypted(dst), IsEncrypted(src))
	}
	b, _ := os.ReadFile(dst)
	if bytes.Contains(b, []byte("Aoife")) || bytes.Contains(b, []byte("SQLite format 3")) {
		t.Fatal("the encrypted copy shows plain text")
	}
	if _, err := Open(dst); err == nil {
		t.Fatal("the encrypted copy opened without its key")
	}
	e, err := OpenKeyed(dst, testKey())
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	got, err := e.GetRequest(r.Reference)
	if err != nil || got.Requester.Name != "Aoife Byrne" {
		t.Fatalf("request after the copy: %+v %v", got.Requester, err)
	}
	page, err := e.ListRequests(backend.RequestFilter{Search: "Aoife"})
	if err != nil || page.Total != 1 {
		t.Fatalf("search after the copy: %d %v", page.Total, err)
	}
	if rep, err := e.VerifyAudit(); err != nil || !rep.OK {
		t.Fatalf("audit chain after the copy: %+v %v", rep, err)
	}
	if err := QuickCheck(dst); err != nil {
		t.Errorf("QuickCheck of the copy (its key unlocked): %v", err)
	}
}

// A data key handed to OpenKeyed or Unlock is the caller's to zero as soon as it is
// handed over: the store and the unlocked keys keep copies of their own, zeroed in turn
// when the store is closed and when the key is forgotten (a locked window, the end of a
// command), so no data key stays in memory after them.
func TestDataKeyCopiesZeroedWhenDone(t *testing.T) {
	testpg.SQLiteOnly(t, "SQLCipher's data key")
	path := filepath.Join(t.TempDir(), "pd.db")
	abs, _ := filepath.Abs(path)
	t.Cleanup(func() { Forget(abs) })
	key := testKey()
	s, err := OpenKeyed(path, key)
	if err != nil {
		t.Fatal(err)
	}
	clear(key) // the caller is done with it
	mustCreateRequest(t, s, reqInput("Aoife Byrne", "aoife@example.ie", "gdpr", "2026-02-02", "access"))
	if !bytes.Equal(s.key, testKey()) {
		t.Fatal("the store's key changed when the caller zeroed its own")
	}
	if err := s.Snapshot(context.Background(), filepath.Join(t.TempDir(), "copy.db")); err != nil {
		t.Errorf("a snapshot after the caller zeroed its key: %v", err)
	}
	kept := s.key
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !allZero(kept) {
		t.Error("the closed store's data key is still in memory")
	}

	// The unlocked key opens the database again without a key; handed out, it is a copy.
	copied := UnlockedKey(path)
	if !bytes.Equal(copied, testKey()) {
		t.Fatalf("the unlocked key: %x", copied)
	}
	clear(copied)
	again, err := Open(path)
	if err != nil {
		t.Fatalf("reopen with the unlocked key after its copy was zeroed: %v", err)
	}
	if page, err := again.ListRequests(backend.RequestFilter{}); err != nil || page.Total != 1 {
		t.Errorf("the reopened store: %v %v", page, err)
	}
	again.Close()

	unlocked.Lock()
	remembered := unlocked.keys[abs]
	unlocked.Unlock()
	if len(remembered) != KeySize || allZero(remembered) {
		t.Fatalf("the remembered key: %x", remembered)
	}
	Forget(abs)
	if !allZero(remembered) {
		t.Error("the forgotten data key is still in memory")
	}
	if IsUnlocked(path) {
		t.Error("still unlocked after Forget")
	}
}

// allZero reports whether every byte of b is zero.
func allZero(b []byte) bool { return len(bytes.Trim(b, "\x00")) == 0 }
