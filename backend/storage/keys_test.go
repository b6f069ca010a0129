package storage

import (
	"bytes"
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
