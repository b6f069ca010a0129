package storage

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

func TestDisclosures(t *testing.T) {
	s := newTestStore(t)
	if _, err := s.SavePractice(examplePractice()); err != nil {
		t.Fatal(err)
	}
	acct := mustCreateRequest(t, s, reqInput("Nguyễn Thị Lan", "lan@example.com", backend.RegimeHIPAA, "2026-02-20", backend.RightAccounting))
	access := mustCreateRequest(t, s, reqInput("Ana Ruiz", "ana@example.com", backend.RegimeHIPAA, "2026-02-20", backend.RightAccess))

	good := backend.Disclosure{DisclosedOn: backend.NewDate(2025, 6, 3), Recipient: "Hennepin County Public Health",
		RecipientAddress: "525 Portland Ave, Minneapolis, MN", Description: "Immunisation record", Purpose: "Public health reporting required by law"}
	cases := []struct {
		name, ref string
		mod       func(d *backend.Disclosure)
		field     string
	}{
		{"not an accounting request", access.Reference, func(*backend.Disclosure) {}, ""},
		{"no date", acct.Reference, func(d *backend.Disclosure) { d.DisclosedOn = backend.Date{} }, "disclosedOn"},
		{"after the request", acct.Reference, func(d *backend.Disclosure) { d.DisclosedOn = backend.NewDate(2026, 2, 21) }, "disclosedOn"},
		{"older than six years", acct.Reference, func(d *backend.Disclosure) { d.DisclosedOn = backend.NewDate(2020, 2, 19) }, "disclosedOn"},
		{"no recipient", acct.Reference, func(d *backend.Disclosure) { d.Recipient = "  " }, "recipient"},
		{"no purpose", acct.Reference, func(d *backend.Disclosure) { d.Purpose = "" }, "purpose"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := good
			tc.mod(&d)
			_, err := s.AddDisclosure(tc.ref, d)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != tc.field {
				t.Errorf("err = %v (field %q), want invalid on %q", err, backend.ErrorField(err), tc.field)
			}
		})
	}
	if n := tableRows(t, s, "request_disclosures"); n != 0 {
		t.Fatalf("refused disclosures wrote %d rows", n)
	}

	added, err := s.AddDisclosure(acct.Reference, good)
	if err != nil {
		t.Fatal(err)
	}
	second := good
	second.DisclosedOn, second.Recipient, second.RecipientAddress = backend.NewDate(2020, 2, 20), "Acme Life Insurance", ""
	if _, err := s.AddDisclosure(acct.Reference, second); err != nil {
		t.Fatalf("a disclosure exactly six years back is covered: %v", err)
	}
	list, err := s.ListDisclosures(acct.Reference)
	if err != nil || len(list) != 2 || list[0].Recipient != "Acme Life Insurance" {
		t.Fatalf("list = %+v, %v", list, err)
	}

	if err := s.RemoveDisclosure(acct.Reference, added.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveDisclosure(acct.Reference, added.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("second removal: %v", err)
	}
	events, _, _ := s.ListAuditEvents(backend.AuditFilter{Entity: "request", EntityID: acct.Reference})
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	joined := strings.Join(actions, ",")
	if !strings.Contains(joined, "disclosure-add") || !strings.Contains(joined, "disclosure-remove") {
		t.Errorf("audit actions = %s", joined)
	}
}
