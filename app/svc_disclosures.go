package main

import (
	"context"

	"privacydesk/backend"
	"privacydesk/backend/casework"
)

// DisclosureService is the binding of the disclosures recorded on a HIPAA accounting
// request (45 CFR 164.528). Each method adapts one call of backend/casework.
type DisclosureService struct{ d *desk }

func (s *DisclosureService) startup(_ context.Context, d *desk) { s.d = d }

// List returns the disclosures recorded on an accounting request, oldest first.
func (s *DisclosureService) List(ref string) ([]backend.Disclosure, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.Disclosure, error) {
		return cw.Disclosures(ctx, ref)
	})
}

// Add records a disclosure on an accounting request.
func (s *DisclosureService) Add(ref string, d backend.Disclosure) (backend.Disclosure, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Disclosure, error) {
		return cw.AddDisclosure(ctx, ref, d)
	})
}

// Remove removes a disclosure from an accounting request.
func (s *DisclosureService) Remove(ref string, id int64) error {
	_, err := call(s.d, func(cw *casework.Service, ctx context.Context) (bool, error) {
		return true, cw.RemoveDisclosure(ctx, ref, id)
	})
	return err
}
