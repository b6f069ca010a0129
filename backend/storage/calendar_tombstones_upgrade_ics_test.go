package storage_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testcal"
	"privacydesk/internal/testpg"
)

// A vendor deleted, and a right taken off an open request, by a build without calendar
// tombstones (this build's deletions, the tables then dropped with the migration: the
// audit trail as the old build left it) come back in the first calendar after the
// upgrade as cancelled, under the UIDs they had, with a higher SEQUENCE; a vendor
// deleted more than a year before does not come back; opening the database again
// changes nothing. The upgrade runs when the database is opened, on the computer's
// clock, so the test's times are counted back from it.
func TestUpgradeCancelsTheCalendarEventsOfEarlierDeletions(t *testing.T) {
	location := testpg.Location(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	open := func() *storage.Store {
		t.Helper()
		s, err := storage.Open(location)
		if err != nil {
			t.Fatal(err)
		}
		s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
		return s
	}
	s := open()
	defer func() { s.Close() }()
	now := time.Now().UTC()
	chicago, _ := time.LoadLocation("America/Chicago") // the practice's zone (the default)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	day := func(days int) backend.Date { return backend.DateOf(now.AddDate(0, 0, days), chicago) }
	at := func(daysAgo int) { s.Now = func() time.Time { return ago(daysAgo) } }

	at(420)
	vendor := func(name string) backend.Vendor {
		t.Helper()
		v, err := s.CreateVendor(backend.Vendor{Name: name, PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
			BAASignedOn: day(-430), BAAExpiresOn: day(200), NextReviewOn: day(100)})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	recent, old := vendor("Recent Transcription"), vendor("Old Billing Co")
	uids := func(v backend.Vendor) []string {
		id := strconv.FormatInt(v.ID, 10)
		return []string{"vendor-" + id + "/baa-expires", "vendor-" + id + "/review"}
	}
	at(400)
	if err := s.DeleteVendor(old.ID); err != nil {
		t.Fatal(err)
	}
	at(30)
	in := backend.RequestInput{Requester: backend.Person{Name: "Ana Paz", Email: "ana@example.com"}, Channel: backend.ChannelEmail,
		ReceivedDate: day(-30).String(), Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightAccess, backend.RightDeletion}}
	r, err := s.CreateRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	removed := r.Reference + "/deletion/due"

	at(20)
	before := calendar(t, s)
	for _, uid := range append(uids(recent), removed) {
		if e, ok := before[uid]; !ok || e.Status != "" {
			t.Fatalf("before: %s is %+v (in the file: %v), want a live event", uid, e, ok)
		}
	}
	at(10)
	if err := s.DeleteVendor(recent.ID); err != nil {
		t.Fatal(err)
	}
	in.Rights = []backend.Right{backend.RightAccess}
	if _, err := s.UpdateRequest(r.Reference, in); err != nil {
		t.Fatal(err)
	}

	storage.Rewind(t, s, 21)
	s.Close()
	s = open()
	after := calendar(t, s)
	for _, uid := range append(uids(recent), removed) {
		e, ok := after[uid]
		switch {
		case !ok:
			t.Errorf("%s is not in the file after the upgrade: the calendar keeps it", uid)
		case e.Status != "CANCELLED" || e.Seq <= before[uid].Seq || e.Start != before[uid].Start:
			t.Errorf("%s after the upgrade is %+v, was %+v; want it CANCELLED on its date with a higher SEQUENCE", uid, e, before[uid])
		}
	}
	for _, uid := range uids(old) {
		if e, ok := after[uid]; ok {
			t.Errorf("%s, of a vendor deleted 400 days ago, is in the file: %+v", uid, e)
		}
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit verify after the upgrade: %+v %v", rep, err)
	}

	deleted := func() []storage.DeletedVendor {
		t.Helper()
		d, err := s.DeletedVendors(context.Background(), backend.NewDate(2000, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	once := deleted()
	if len(once) != 1 || once[0].Vendor.ID != recent.ID {
		t.Errorf("deleted vendors after the upgrade: %+v", once)
	}
	s.Close()
	s = open()
	if again := calendar(t, s); !reflect.DeepEqual(again, after) {
		t.Errorf("opened again, the calendar changed:\n%+v\nwas\n%+v", again, after)
	}
	if twice := deleted(); !reflect.DeepEqual(twice, once) {
		t.Errorf("opened again, the deleted vendors are\n%+v\nwere\n%+v", twice, once)
	}
}

// calendar exports the due-dates calendar and reads its events back by UID.
func calendar(t *testing.T, s *storage.Store) map[string]testcal.Event {
	t.Helper()
	got, _ := testcal.Export(t, s)
	return got
}
