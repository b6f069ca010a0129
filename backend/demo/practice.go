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
	// What decides applicability, as far as the example says: a health practice in
	// Minnesota (its address) that handles PHI under business associate agreements; its
	// revenue, volume, sales of data and foreign patients are left for the practice, so
	// those verdicts say "cannot tell".
	p.State = "MN"
	p.HIPAARole = backend.HIPAACoveredEntity
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
