package storage

import (
	"context"
	"strings"
	"testing"

	"privacydesk/backend"
)

func TestSaveStaffAccount(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	create := func(name string) (backend.StaffAccount, error) {
		return s.SaveStaffAccount(ctx, func(all []backend.StaffAccount) (AccountChange, error) {
			return AccountChange{Action: "create", Account: backend.StaffAccount{Name: name, Role: backend.RoleAdministrator,
				PassphraseHash: "$argon2id$secret", CreatedAt: s.Now(), UpdatedAt: s.Now()}}, nil
		})
	}
	ann, err := create("Ann")
	if err != nil || ann.ID == 0 {
		t.Fatalf("create: %+v %v", ann, err)
	}
	// The unique folded name is the last guard.
	if _, err := create("ANN"); backend.ErrorField(err) != "name" {
		t.Errorf("same name in capitals: %v", err)
	}
	// decide's error writes nothing.
	if _, err := s.SaveStaffAccount(ctx, func(all []backend.StaffAccount) (AccountChange, error) {
		if len(all) != 1 || all[0].PassphraseHash != "$argon2id$secret" {
			t.Errorf("decide sees %+v", all)
		}
		return AccountChange{}, backend.Invalid("role", "no")
	}); backend.ErrorField(err) != "role" {
		t.Errorf("decide's error: %v", err)
	}
	if got, err := s.GetStaffAccount(ctx, "ann"); err != nil || got.Name != "Ann" || !got.CreatedAt.Equal(s.Now()) {
		t.Errorf("get: %+v %v", got, err)
	}
	if _, err := s.GetStaffAccount(ctx, "Zed"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("get unknown: %v", err)
	}
	evs, _, _ := s.ListAuditEvents(backend.AuditFilter{Entity: "account"})
	if len(evs) != 1 || evs[0].Action != "create" || strings.Contains(evs[0].After+evs[0].Record, "secret") || evs[0].Record == "" {
		t.Fatalf("events %+v", evs)
	}

	// A role given with a database tool is named by the audit check.
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK || rep.Records != 1 {
		t.Fatalf("verify before: %+v %v", rep, err)
	}
	if err := s.db.Exec(`UPDATE staff_accounts SET role = 'auditor'`).Error; err != nil {
		t.Fatal(err)
	}
	rep, err := s.VerifyAudit()
	if err != nil || rep.OK || !strings.Contains(rep.Problem, "account Ann: role is 'auditor'") {
		t.Errorf("verify after a role changed outside: %+v %v", rep, err)
	}
}
