package correspondence

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// TestAccountingLetterListsDisclosures: the HIPAA accounting letter lists the
// disclosures recorded on the request; a request that asks for no accounting is refused
// on "kind".
func TestAccountingLetterListsDisclosures(t *testing.T) {
	s := newTestStore(t)
	c := New(s)
	p := backend.DefaultPractice()
	p.Name, p.Email, p.Address = "Sessions, Inc.", "contact@sessionshealth.com", "3948 Market St #24702\nMinneapolis, MN 55424"
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	mk := func(name, email string, right backend.Right) backend.Request {
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: name, Email: email}, Channel: backend.ChannelEmail,
			ReceivedDate: "2026-02-20", ReceivedTime: "08:30", Regime: backend.RegimeHIPAA, Rights: []backend.Right{right}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	acct := mk("Nguyễn Thị Lan", "lan@example.com", backend.RightAccounting)
	access := mk("Ana Ruiz", "ana@example.com", backend.RightAccess)
	good := backend.Disclosure{DisclosedOn: backend.NewDate(2025, 6, 3), Recipient: "Hennepin County Public Health",
		RecipientAddress: "525 Portland Ave, Minneapolis, MN", Description: "Immunisation record", Purpose: "Public health reporting required by law"}
	if _, err := s.AddDisclosure(acct.Reference, good); err != nil {
		t.Fatal(err)
	}
	second := good
	second.DisclosedOn, second.Recipient, second.RecipientAddress = backend.NewDate(2020, 2, 20), "Acme Life Insurance", ""
	if _, err := s.AddDisclosure(acct.Reference, second); err != nil {
		t.Fatal(err)
	}

	d, err := c.LetterData(ctx, LetterInput{RequestRef: acct.Reference, Kind: letters.KindHIPAAAccounting})
	if err != nil || len(d.Disclosures) != 2 || d.Disclosures[1].Recipient != "Hennepin County Public Health, 525 Portland Ave, Minneapolis, MN" {
		t.Fatalf("disclosures %+v, %v", d.Disclosures, err)
	}
	if _, err := c.CreateLetter(ctx, LetterInput{RequestRef: access.Reference, Kind: letters.KindHIPAAAccounting}); backend.ErrorField(err) != "kind" {
		t.Errorf("an accounting letter for an access request: %v", err)
	}

	l, err := c.CreateLetter(ctx, LetterInput{RequestRef: acct.Reference, Kind: letters.KindHIPAAAccounting})
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.GetLetter(l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		pdf := filepath.Join(t.TempDir(), "a.pdf")
		os.WriteFile(pdf, full.PDF, 0o600)
		out, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"Hennepin County Public Health", "Acme Life Insurance", "Public health reporting"} {
			if !strings.Contains(text, want) {
				t.Errorf("the accounting letter lacks %q", want)
			}
		}
	}
}
