package main

import (
	"context"

	"privacydesk/backend"
)

// DisclosureService records the disclosures a HIPAA accounting lists (45 CFR 164.528).
type DisclosureService struct{ d *desk }

func (s *DisclosureService) startup(_ context.Context, d *desk) { s.d = d }

// List returns the disclosures recorded on an accounting request, oldest first.
func (s *DisclosureService) List(ref string) ([]backend.Disclosure, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	return wrap(st.ListDisclosures(ref))
}

// Add records one disclosure; validation errors name the field.
func (s *DisclosureService) Add(ref string, d backend.Disclosure) (backend.Disclosure, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Disclosure{}, toUI(err)
	}
	return wrap(st.AddDisclosure(ref, d))
}

// Remove deletes a disclosure entered by mistake (the audit trail keeps what it said).
func (s *DisclosureService) Remove(ref string, id int64) error {
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	return toUI(st.RemoveDisclosure(ref, id))
}
