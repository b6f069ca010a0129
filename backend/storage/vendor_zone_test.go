package storage

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

// TestVendorAlertsCountThePracticesDay: the alerts are counted on the practice's date
// (America/Chicago by default), not the computer's (the tests run in Pacific/Kiritimati,
// UTC+14) nor UTC's. At 03:00 UTC on 2 March it is still 1 March in Chicago: a BAA
// expiring on 1 March expires today there, and one that took effect on 2 March is not in
// force yet.
func TestVendorAlertsCountThePracticesDay(t *testing.T) {
	s := newTestStore(t)
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC) }
	for _, v := range []backend.Vendor{
		{Name: "Expiring", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-03-01"), BAAExpiresOn: vdate("2026-03-01")},
		{Name: "Starting", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2026-02-20"), BAAEffective: vdate("2026-03-02")},
	} {
		v.Checklist = backend.ChecklistAllPresent(nil)
		if _, err := s.CreateVendor(v); err != nil {
			t.Fatal(err)
		}
	}
	alerts, err := s.VendorAlertsToday()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range alerts {
		got = append(got, a.VendorName+":"+string(a.Kind))
		if a.Kind == backend.AlertBAAExpiring && a.Days != 0 {
			t.Errorf("%s: %d days, want 0 (today)", a.VendorName, a.Days)
		}
	}
	want := "Starting:phi-without-baa Expiring:baa-expiring"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("alerts %q, want %q", g, want)
	}
}

// TestExpiredFilterFindsLapsedAgreements: "BAA status: Expired" lists every vendor whose
// BAA has expired on the practice's today, also one still recorded as signed whose
// expiry date has passed (its alert already says it expired); one expiring today is
// still in force.
func TestExpiredFilterFindsLapsedAgreements(t *testing.T) {
	s := newTestStore(t) // 2 March 2026 in the practice's zone
	for _, v := range []backend.Vendor{
		{Name: "Marked expired", BAAStatus: backend.BAAExpired},
		{Name: "Lapsed", BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-03-01"), BAAExpiresOn: vdate("2026-03-01")},
		{Name: "Last day", BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-03-02"), BAAExpiresOn: vdate("2026-03-02")},
		{Name: "Open-ended", BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-03-02")},
		{Name: "Not required", BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptNoPHI, BAAExpiresOn: vdate("2025-01-01")},
	} {
		if _, err := s.CreateVendor(v); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.ListVendors(backend.VendorFilter{BAAStatus: string(backend.BAAExpired)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range list {
		names = append(names, v.Name)
	}
	if got, want := strings.Join(names, ", "), "Lapsed, Marked expired"; got != want {
		t.Errorf("expired: %s, want %s", got, want)
	}
}

// TestEarlyBAARenewalKeepsTheVendorCovered: a BAA renewed before the old one ends, the
// new one taking effect only later, leaves the vendor covered by the old agreement until
// then: no "PHI without a BAA" alert, and the "expires" alert counts to the day coverage
// really ends (the renewal's end when it follows on, the old end when a gap is left).
// Dates are the practice's (America/Chicago): at 03:00 UTC on 2 March it is 1 March there.
func TestEarlyBAARenewalKeepsTheVendorCovered(t *testing.T) {
	s := newTestStore(t)
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC) }
	mk := func(name, expires string) backend.Vendor {
		v, err := s.CreateVendor(backend.Vendor{Name: name, PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
			BAASignedOn: vdate("2023-04-01"), BAAEffective: vdate("2023-04-01"), BAAExpiresOn: vdate(expires),
			Checklist: backend.ChecklistAllPresent(nil)})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	renew := func(v backend.Vendor, effective, expires string) {
		t.Helper()
		v.BAASignedOn, v.BAAEffective, v.BAAExpiresOn = vdate("2026-03-01"), vdate(effective), vdate(expires)
		if _, err := s.UpdateVendor(v); err != nil {
			t.Fatal(err)
		}
	}
	// Follows on: the old BAA ends on 31 March, the renewal starts on 1 April.
	renew(mk("Follows on", "2026-03-31"), "2026-04-01", "2029-03-31")
	// Leaves a gap: the old BAA ends on 20 March (19 days away in Chicago), the renewal
	// starts on 1 April.
	renew(mk("Gap", "2026-03-20"), "2026-04-01", "2029-03-31")
	// The old BAA ended yesterday (28 February): nothing covers the vendor until April.
	renew(mk("Lapsed", "2026-02-28"), "2026-04-01", "2029-03-31")
	alerts, err := s.VendorAlertsToday()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range alerts {
		got = append(got, fmt.Sprintf("%s:%s:%s:%d", a.VendorName, a.Kind, a.Date, a.Days))
	}
	want := "Lapsed:phi-without-baa:2029-03-31:1126 Gap:baa-expiring:2026-03-20:19"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("alerts %q,\nwant   %q", g, want)
	}
}
