package storage

import (
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// The upgrade to migration 0022 buries the deletions a build without tombstones made in
// the year before it (in the practice's days): the same rows the deletion would write
// today, from the audit trail alone, which stays whole. The deletions are made here by
// this build, whose tombstones are what the upgrade must write again; rewind then takes
// the database back to 0021, tables and all, as the old build left it (its DeleteVendor
// and UpdateRequest audited the same events).
func TestUpgradeBuriesDeletionsFromTheAuditTrail(t *testing.T) {
	s := newTestStore(t)
	upgrade := time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) // 09:04 on 2 March in Chicago, the practice's zone
	at := func(when time.Time) { s.Now = func() time.Time { return when } }
	days := func(n int) time.Time { return upgrade.AddDate(0, 0, -n) }
	// The cancel window starts on 2 March 2025 (the practice's date).
	firstDay := time.Date(2025, 3, 2, 15, 0, 0, 0, time.UTC)     // 09:00 on 2 March in Chicago
	dayBefore := time.Date(2025, 3, 2, 3, 30, 0, 0, time.UTC)    // 21:30 on 1 March in Chicago, 2 March in UTC
	created := time.Date(2025, 1, 20, 16, 0, 0, 0, time.UTC)     // before every deletion
	requestTime := time.Date(2026, 2, 10, 16, 0, 0, 0, time.UTC) // the requests' received day, 2026-02-10
	oldRequestTime := time.Date(2025, 1, 21, 16, 0, 0, 0, time.UTC)

	at(created)
	mk := func(name string, review string) backend.Vendor {
		t.Helper()
		v := sampleVendor(name)
		v.NextReviewOn = vdate(review)
		v, err := s.CreateVendor(v)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	recent, onFirstDay, onDayBefore, old := mk("Recent Hosting", "2026-06-01"), mk("First Day Billing", "2026-05-01"),
		mk("Day Before Fax", "2026-04-01"), mk("Old Transcription", "2026-07-01")
	mk("Kept Labs", "2026-08-01")
	at(days(40))
	recent.BAAExpiresOn, recent.PriorBAAEndsOn, recent.BAAEffective = vdate("2027-06-30"), vdate("2026-02-28"), vdate("2026-03-10")
	if _, err := s.UpdateVendor(recent); err != nil {
		t.Fatal(err)
	}
	for _, d := range []struct {
		v  backend.Vendor
		at time.Time
	}{{old, days(400)}, {onDayBefore, dayBefore}, {onFirstDay, firstDay}, {recent, days(10)}} {
		at(d.at)
		if err := s.DeleteVendor(d.v.ID); err != nil {
			t.Fatal(err)
		}
	}

	// Rights: one taken off ten days ago, one taken off and put back, one taken off more
	// than a year ago.
	at(oldRequestTime)
	oldIn := reqInput("Old Paz", "old@example.com", backend.RegimeCCPA, "2025-01-21", backend.RightAccess, backend.RightDeletion)
	oldReq := mustCreateRequest(t, s, oldIn)
	at(days(380))
	oldIn.Rights = []backend.Right{backend.RightAccess}
	if _, err := s.UpdateRequest(oldReq.Reference, oldIn); err != nil {
		t.Fatal(err)
	}
	at(requestTime)
	in := reqInput("Ana Paz", "ana@example.com", backend.RegimeCCPA, "2026-02-10", backend.RightAccess, backend.RightDeletion, backend.RightCorrection)
	r := mustCreateRequest(t, s, in)
	edit := func(when time.Time, rights ...backend.Right) {
		t.Helper()
		at(when)
		in.Rights = rights
		if _, err := s.UpdateRequest(r.Reference, in); err != nil {
			t.Fatal(err)
		}
	}
	edit(days(12), backend.RightAccess, backend.RightDeletion)
	edit(days(10), backend.RightAccess)
	edit(days(9), backend.RightAccess, backend.RightCorrection)

	vendorRows := func() []vendorTombstoneRow {
		t.Helper()
		var rows []vendorTombstoneRow
		if err := s.db.Order("vendor_id").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		return rows
	}
	rightRows := func() []rightTombstoneRow {
		t.Helper()
		var rows []rightTombstoneRow
		if err := s.db.Order("request_id, right_code").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		return rows
	}
	// What this build's deletions wrote, less what lies before the window.
	var wantVendors []vendorTombstoneRow
	for _, row := range vendorRows() {
		if row.VendorID == recent.ID || row.VendorID == onFirstDay.ID {
			wantVendors = append(wantVendors, row)
		}
	}
	var wantRights []rightTombstoneRow
	for _, row := range rightRows() {
		if row.RequestID == r.ID {
			wantRights = append(wantRights, row)
		}
	}
	if len(wantVendors) != 2 || len(wantRights) != 1 || wantRights[0].RightCode != string(backend.RightDeletion) {
		t.Fatalf("this build's deletions wrote %+v and %+v", wantVendors, wantRights)
	}
	if wantVendors[0].PriorBAAEndsOn.IsZero() && wantVendors[1].PriorBAAEndsOn.IsZero() {
		t.Fatal("no tombstone carries a prior BAA's end: the test would not see it lost")
	}

	rewind(t, s, 21)
	at(upgrade)
	if err := s.migrate(); err != nil {
		t.Fatal(err)
	}
	if got := vendorRows(); !reflect.DeepEqual(got, wantVendors) {
		t.Errorf("vendor tombstones after the upgrade\n%+v\nwant\n%+v", got, wantVendors)
	}
	if got := rightRows(); !reflect.DeepEqual(got, wantRights) {
		t.Errorf("right tombstones after the upgrade\n%+v\nwant\n%+v", got, wantRights)
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit verify after the upgrade: %+v %v", rep, err)
	}

	// Again: nothing is written twice, nothing changes.
	var events int64
	s.db.Raw(`SELECT count(*) FROM audit_events`).Scan(&events)
	if err := s.db.Transaction(func(tx *gorm.DB) error { return buryFromAuditTrail(tx) }); err != nil {
		t.Fatal(err)
	}
	if err := s.migrate(); err != nil {
		t.Fatal(err)
	}
	if got := vendorRows(); !reflect.DeepEqual(got, wantVendors) {
		t.Errorf("vendor tombstones after a second run\n%+v\nwant\n%+v", got, wantVendors)
	}
	if got := rightRows(); !reflect.DeepEqual(got, wantRights) {
		t.Errorf("right tombstones after a second run\n%+v\nwant\n%+v", got, wantRights)
	}
	var after int64
	s.db.Raw(`SELECT count(*) FROM audit_events`).Scan(&after)
	if after != events {
		t.Errorf("the backfill added %d audit events", after-events)
	}
}

// Before 0022 SQLite gave the id of the newest vendor, once deleted, to the next vendor,
// whose events then took the deleted vendor's UIDs. The upgrade leaves such an id to the
// vendor holding it (its own deletion buries it later), and buries an id deleted twice
// as its last deletion left it.
func TestUpgradeBuriesAnIdGivenAgainAsItsLastDeletion(t *testing.T) {
	testpg.SQLiteOnly(t, "SQLite's numbering of rows before 0022")
	s := newTestStore(t)
	at := func(d time.Duration) {
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC).Add(-30 * 24 * time.Hour).Add(d) }
	}
	at(0)
	if _, err := s.CreateVendor(sampleVendor("Older Fax")); err != nil {
		t.Fatal(err)
	}
	first, err := s.CreateVendor(sampleVendor("First Holder"))
	if err != nil {
		t.Fatal(err)
	}
	at(time.Hour)
	if err := s.DeleteVendor(first.ID); err != nil {
		t.Fatal(err)
	}
	// As a build before 0022 left it: no tombstone kept the id from the next vendor.
	if err := s.db.Exec(`DELETE FROM vendor_tombstones`).Error; err != nil {
		t.Fatal(err)
	}
	at(2 * time.Hour)
	second := sampleVendor("Second Holder")
	second.NextReviewOn = vdate("2026-11-30")
	second, err = s.CreateVendor(second)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID != first.ID {
		t.Fatalf("the next vendor got id %d, the deleted one had %d: SQLite no longer reuses it, nothing to test", second.ID, first.ID)
	}
	upgrade := func() []vendorTombstoneRow {
		t.Helper()
		rewind(t, s, 21)
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
		if err := s.migrate(); err != nil {
			t.Fatal(err)
		}
		var rows []vendorTombstoneRow
		if err := s.db.Order("vendor_id").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		return rows
	}
	if rows := upgrade(); len(rows) != 0 {
		t.Errorf("the id of a vendor in the register was buried: %+v", rows)
	}

	at(3 * time.Hour)
	if err := s.DeleteVendor(second.ID); err != nil {
		t.Fatal(err)
	}
	var want []vendorTombstoneRow
	if err := s.db.Find(&want).Error; err != nil || len(want) != 1 || !want[0].NextReviewOn.Equal(vdate("2026-11-30")) {
		t.Fatalf("the second deletion's tombstone: %+v %v", want, err)
	}
	if got := upgrade(); !reflect.DeepEqual(got, want) {
		t.Errorf("an id deleted twice was buried as\n%+v\nwant its last deletion\n%+v", got, want)
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit verify after the upgrade: %+v %v", rep, err)
	}
}
