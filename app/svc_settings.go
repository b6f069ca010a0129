package main

import (
	"context"
	"os"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/casework"
	"privacydesk/backend/rules"
)

// SettingsService reads and saves the practice profile.
type SettingsService struct{ d *desk }

func (s *SettingsService) startup(_ context.Context, d *desk) { s.d = d }

// Get returns the practice profile.
func (s *SettingsService) Get() (backend.Practice, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Practice, error) { return cw.Practice(ctx) })
}

// Save validates and stores the practice profile; a validation error names its field.
func (s *SettingsService) Save(p backend.Practice) (backend.Practice, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Practice, error) {
		return cw.SavePractice(ctx, p)
	})
}

// Applicability gives each regime's verdict for the practice's recorded profile, with
// reasons and citations ("cannot-tell" where the profile leaves open what decides it).
func (s *SettingsService) Applicability() ([]rules.RegimeVerdict, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]rules.RegimeVerdict, error) {
		return cw.Applicability(ctx)
	})
}

// ZoneProposal is what the first start asks the practice to confirm: the computer's time
// zone and the holiday country the practice's address names.
func (s *SettingsService) ZoneProposal() (backend.ZoneProposal, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.ZoneProposal, error) {
		return cw.ZoneProposal(ctx, computerTimeZone())
	})
}

// ConfirmZone records the time zone and holiday country a person confirmed (and, in a
// new install, the practice's name).
func (s *SettingsService) ConfirmZone(c backend.ZoneProposal) (backend.Practice, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Practice, error) {
		return cw.ConfirmZone(ctx, c)
	})
}

// computerTimeZone is this computer's IANA time zone, "" when it does not say.
func computerTimeZone() string {
	return backend.ComputerTimeZone(time.Local, os.Getenv, os.ReadFile, os.Readlink)
}

// HolidayCountries lists the EU countries whose public holidays can roll GDPR deadlines.
func (s *SettingsService) HolidayCountries() ([]rules.Country, error) {
	if err := s.d.guard(); err != nil {
		return nil, err
	}
	return rules.HolidayCountries(), nil
}

// TimeZones lists the time zones offered in Settings.
func (s *SettingsService) TimeZones() ([]string, error) {
	if err := s.d.guard(); err != nil {
		return nil, err
	}
	return timeZones, nil
}

var timeZones = []string{
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "Europe/London", "Europe/Dublin",
	"Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Brussels",
	"Europe/Vienna", "Europe/Stockholm", "Europe/Warsaw", "Europe/Lisbon", "UTC",
}
