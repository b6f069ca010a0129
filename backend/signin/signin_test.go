package signin

import (
	"context"
	"path/filepath"
	"testing"

	"privacydesk/backend"
)

func TestCreateThenOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "practice.db")
	if st, err := Check(ctx, path); err != nil || st != StatusNew {
		t.Fatalf("Check(new) = %q, %v; want new", st, err)
	}
	if _, _, err := Open(ctx, path, "Ana Office", "correct horse battery", Options{}); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Fatalf("Open before Create: %v; want not found", err)
	}
	s, a, err := Create(ctx, path, "Ana Office", "correct horse battery", Options{OSUser: "front"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Role != backend.RoleAdministrator || s.Actor.Staff != "Ana Office" || s.Actor.OSUser != "front" {
		t.Fatalf("Create: role %q actor %+v", a.Role, s.Actor)
	}
	s.Close()
	if _, _, err := Create(ctx, path, "Bo", "another long passphrase", Options{}); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("second Create: %v; want conflict", err)
	}
	if _, _, err := Open(ctx, path, "Ana Office", "wrong passphrase!!", Options{}); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("wrong passphrase: %v; want invalid", err)
	}
	s, a, err = Open(ctx, path, "Ana Office", "correct horse battery", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a.Name != "Ana Office" || s.Actor.Staff != "Ana Office" {
		t.Fatalf("Open: %+v actor %+v", a, s.Actor)
	}
}
