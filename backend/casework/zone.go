package casework

import (
	"context"

	"privacydesk/backend"
	"privacydesk/backend/rules"
	"privacydesk/backend/storage"
)

// ZoneProposal is what the first start asks the practice to confirm: the computer's
// time zone (computerZone; the current setting when the computer did not say) and the
// holiday country the practice's address names ("" for none: weekends only).
func (s *Service) ZoneProposal(ctx context.Context, computerZone string) (backend.ZoneProposal, error) {
	if err := alive(ctx); err != nil {
		return backend.ZoneProposal{}, err
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return backend.ZoneProposal{}, err
	}
	confirmed, err := s.st.GetAppState(ctx, storage.AppStateTimeZoneConfirmed)
	if err != nil {
		return backend.ZoneProposal{}, err
	}
	out := backend.ZoneProposal{PracticeName: p.Name, TimeZone: p.TimeZone, HolidayCountry: p.HolidayCountry, Confirmed: confirmed == "1"}
	if computerZone != "" {
		out.TimeZone, out.FromComputer = computerZone, true
	}
	if c := rules.HolidayCountryFromAddress(p.Address); c != "" {
		out.HolidayCountry, out.FromAddress = c, true
	}
	return out, nil
}

// ConfirmZone records the time zone and holiday country a person confirmed; in a new
// install, whose profile has no name yet, with the practice's name (c.PracticeName),
// which a profile cannot be saved without.
func (s *Service) ConfirmZone(ctx context.Context, c backend.ZoneProposal) (backend.Practice, error) {
	if err := alive(ctx); err != nil {
		return backend.Practice{}, err
	}
	return s.st.ConfirmPracticeZone(c.PracticeName, c.TimeZone, c.HolidayCountry)
}
