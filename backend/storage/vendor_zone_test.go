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
