package demo

import (
	"math/rand/v2"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

// ExamplePractice is the profile from the privacy policy the product was specified from.
func ExamplePractice() backend.Practice {
	p := backend.DefaultPractice()
	p.Name = "Sessions, Inc."
	p.LegalEntity = "Sessions, Inc."
	p.Address = "3948 Market St #24702\nMinneapolis, MN 55424"
	p.Email = "contact@sessionshealth.com"
	p.PrivacyContact = "Privacy Officer"
	p.TimeZone = "America/Chicago"
	p.SignatoryName = "Jordan Ellis"
	p.SignatoryTitle = "Privacy Officer"
	p.PaperSize = backend.PaperLetter
	// What decides applicability, as far as the policy says: a health practice in
	// Minnesota that does not sell personal data; the rest is left for the practice.
	p.State = "MN"
	p.HIPAARole = backend.HIPAACoveredEntity
	p.RevenueBand = backend.RevenueUnder25M
	p.SellsData = backend.No
	// The policy promises a response within 45 days for every request.
	p.PromisedDays = map[string]int{}
	for _, r := range backend.Regimes {
		p.PromisedDays[string(r)] = 45
	}
	return p
}

func loadPractice(s *storage.Store, _ Options, _ *rand.Rand, sum *Summary) error {
	p, err := s.SavePractice(ExamplePractice())
	sum.Practice = p.Name
	return err
}
