package storage

import (
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
