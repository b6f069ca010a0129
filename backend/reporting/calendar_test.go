package reporting_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"privacydesk/backend"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
	"privacydesk/internal/testcal"
)

// The calendar export holds each vendor's BAA expiry and next review as all-day events,
// read back with an independent iCalendar parser: an agreement entered as ended adds
// nothing (it never had a live event to cancel), a vendor needing no BAA only its review.
func TestCalendarHoldsBAADates(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	d := func(s string) backend.Date {
		v, err := backend.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	mk := func(v backend.Vendor) backend.Vendor {
		v, err := s.CreateVendor(v)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	hosting := mk(backend.Vendor{Name: "Hosting, Inc.", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: d("2025-01-10"), BAAExpiresOn: d("2026-04-15"), NextReviewOn: d("2026-03-20")})
	stripe := mk(backend.Vendor{Name: "Stripe", BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptPaymentProcessing,
		NextReviewOn: d("2026-09-01")})
	mk(backend.Vendor{Name: "Old EHR", BAAStatus: backend.BAATerminated, BAASignedOn: d("2020-01-01"), BAAExpiresOn: d("2026-05-01"),
		TerminatedOn: d("2025-12-31"), NextReviewOn: d("2026-06-01")})
	// Ended on 1 February (2 March today) though its status still says signed.
	mk(backend.Vendor{Name: "Left", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: d("2024-01-01"),
		BAAExpiresOn: d("2026-08-01"), TerminatedOn: d("2026-02-01"), PHIDisposition: backend.PHIDestroyed, NextReviewOn: d("2026-07-01")})

	// Renewed early, the renewal starting on 1 April after the old BAA ends on
	// 20 March: coverage lapses on 20 March, the day to keep.
	gap := mk(backend.Vendor{Name: "Gap", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: d("2026-03-01"),
		BAAEffective: d("2026-04-01"), BAAExpiresOn: d("2029-03-31"), PriorBAAEndsOn: d("2026-03-20")})

	out := filepath.Join(t.TempDir(), "due.ics")
	res, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "calendar", Format: "ics", Out: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := ics.ParseCalendar(f)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	alarms := map[string]string{}
	for _, ev := range cal.Events() {
		start := ev.GetProperty(ics.ComponentPropertyDtStart)
		if start == nil || start.ICalParameters["VALUE"] == nil || start.ICalParameters["VALUE"][0] != "DATE" {
			t.Errorf("%s: not an all-day event: %+v", ev.Id(), start)
			continue
		}
		got = append(got, ev.Id()+" "+start.Value+" "+ev.GetProperty(ics.ComponentPropertySummary).Value)
		for _, a := range ev.Alarms() {
			alarms[ev.Id()] = a.GetProperty(ics.ComponentPropertyTrigger).Value
		}
	}
	sort.Strings(got)
	want := []string{
		"vendor-" + itoa(hosting.ID) + "/baa-expires@privacydesk 20260415 BAA expires: Hosting, Inc.",
		"vendor-" + itoa(hosting.ID) + "/review@privacydesk 20260320 Vendor review due: Hosting, Inc.",
		"vendor-" + itoa(stripe.ID) + "/review@privacydesk 20260901 Vendor review due: Stripe",
		"vendor-" + itoa(gap.ID) + "/baa-expires@privacydesk 20260320 BAA expires: Gap",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events\n%q\nwant\n%q", got, want)
	}
	if res.Rows != int64(len(want)) {
		t.Errorf("the export counted %d events", res.Rows)
	}
	if a := alarms["vendor-"+itoa(hosting.ID)+"/baa-expires@privacydesk"]; a != "-P30D" {
		t.Errorf("expiry reminder %q, want 30 days before", a)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A renewed BAA moves its expiry: the next calendar export must carry that event as a
// newer version (a higher SEQUENCE and a later LAST-MODIFIED, RFC 5545 3.8.7.4 and
// 3.8.7.3), or Outlook, Apple Calendar and Google Calendar keep the old date on
// re-import; an export with nothing changed carries the same version.
func TestCalendarEventOfARenewedBAAIsANewerVersion(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	v, err := s.CreateVendor(backend.Vendor{Name: "Hosting, Inc.", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: backend.NewDate(2025, 1, 10), BAAExpiresOn: backend.NewDate(2026, 4, 15)})
	if err != nil {
		t.Fatal(err)
	}
	uid := "vendor-" + itoa(v.ID) + "/baa-expires@privacydesk"
	version := func() (date string, seq int, modified string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "due.ics")
		if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "calendar", Format: "ics", Out: out}, nil); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cal, err := ics.ParseCalendar(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range cal.Events() {
			if ev.Id() != uid {
				continue
			}
			date = ev.GetProperty(ics.ComponentPropertyDtStart).Value
			if p := ev.GetProperty(ics.ComponentPropertySequence); p != nil {
				seq, _ = strconv.Atoi(p.Value)
			}
			if p := ev.GetProperty(ics.ComponentPropertyLastModified); p != nil {
				modified = p.Value
			}
			return
		}
		t.Fatalf("no event %s", uid)
		return
	}
	d1, seq1, mod1 := version()
	s.Now = func() time.Time { return testpractice.Clock.Add(time.Hour) }
	if d, seq, mod := version(); d != d1 || seq != seq1 || mod != mod1 {
		t.Errorf("an unchanged event's version changed: %s %d %q, then %s %d %q", d1, seq1, mod1, d, seq, mod)
	}
	s.Now = func() time.Time { return testpractice.Clock.Add(48 * time.Hour) }
	v.BAASignedOn, v.BAAExpiresOn = backend.NewDate(2026, 3, 3), backend.NewDate(2027, 4, 15)
	if _, err := s.UpdateVendor(v); err != nil {
		t.Fatal(err)
	}
	d2, seq2, mod2 := version()
	if d2 != "20270415" {
		t.Fatalf("renewed expiry %s", d2)
	}
	if seq2 <= seq1 {
		t.Errorf("SEQUENCE %d after the renewal, %d before: calendars keep the old date", seq2, seq1)
	}
	if mod2 == "" || mod2 <= mod1 || !strings.HasSuffix(mod2, "Z") {
		t.Errorf("LAST-MODIFIED %q after the renewal, %q before", mod2, mod1)
	}
}

// A pause moves a UK GDPR due date without an extension: the event must still come as a
// newer version, or the calendar keeps the earlier date.
func TestCalendarEventOfAMovedDueDateIsANewerVersion(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ann Lee", Email: "ann@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-02-20", Regime: backend.RegimeUKGDPR, Rights: []backend.Right{backend.RightAccess}})
	if err != nil {
		t.Fatal(err)
	}
	version := func() (line string, seq int) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "due.ics")
		if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "calendar", Format: "ics", Out: out}, nil); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cal, err := ics.ParseCalendar(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range cal.Events() {
			if ev.Id() == r.Reference+"/access/due@privacydesk" {
				if p := ev.GetProperty(ics.ComponentPropertySequence); p != nil {
					seq, _ = strconv.Atoi(p.Value)
				}
				return ev.GetProperty(ics.ComponentPropertyDtStart).Value, seq
			}
		}
		t.Fatalf("no event for %s", r.Reference)
		return
	}
	d1, seq1 := version()
	s.Now = func() time.Time { return testpractice.Clock.Add(time.Hour) }
	for _, in := range []backend.TransitionInput{{Action: backend.ActionPause, PauseKind: backend.PauseClarification, On: "2026-02-24", Reason: "Which clinic?"},
		{Action: backend.ActionResume, On: "2026-03-01"}} {
		if _, err := s.Transition(r.Reference, in); err != nil {
			t.Fatal(err)
		}
	}
	d2, seq2 := version()
	if d1 != "20260320" || d2 != "20260326" {
		t.Fatalf("due %s, then %s after the pause", d1, d2)
	}
	if seq2 <= seq1 {
		t.Errorf("SEQUENCE %d after the date moved, %d before", seq2, seq1)
	}
}

// exportCalendar exports the calendar and reads it back with an independent parser, by UID.
func exportCalendar(t *testing.T, s *storage.Store) map[string]testcal.Event {
	t.Helper()
	got, cal := testcal.Export(t, s)
	if m := cal.CalendarProperties; len(m) == 0 {
		t.Fatal("no calendar properties")
	}
	return got
}

// Leaving a closed request's or an ended vendor's event out of the file leaves it in
// the office's calendar: a re-import only adds and updates. Such events come again
// as cancelled (STATUS:CANCELLED, no reminder) with a SEQUENCE above the live one's,
// which calendars take as the newer version, even for an agreement that ended by its
// date with no change to the vendor; a year after the end they are left out.
func TestCalendarCancelsWhatIsNoLongerDue(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	at := func(d time.Duration) { s.Now = func() time.Time { return testpractice.Clock.Add(d) } }
	input := func(name string, rights ...backend.Right) backend.RequestInput {
		return backend.RequestInput{Requester: backend.Person{Name: name, Email: strings.ToLower(name) + "@example.com"},
			Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: backend.RegimeCCPA, Rights: rights}
	}
	kept, err := s.CreateRequest(input("Kept", backend.RightAccess, backend.RightCorrection))
	if err != nil {
		t.Fatal(err)
	}
	withdrawn, err := s.CreateRequest(input("Withdrawn", backend.RightAccess))
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.CreateVendor(backend.Vendor{Name: "Hosting, Inc.", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: backend.NewDate(2025, 1, 10), BAAExpiresOn: backend.NewDate(2026, 9, 15), NextReviewOn: backend.NewDate(2026, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	expires, review := "vendor-"+itoa(v.ID)+"/baa-expires", "vendor-"+itoa(v.ID)+"/review"
	keptAccess, keptCorrection, gone := kept.Reference+"/access/due", kept.Reference+"/correction/due", withdrawn.Reference+"/access/due"

	before := exportCalendar(t, s)
	for _, uid := range []string{keptAccess, keptCorrection, gone, expires, review} {
		if e, ok := before[uid]; !ok || e.Status != "" {
			t.Fatalf("before: %s is %+v (in the file: %v), want a live event", uid, e, ok)
		}
	}

	// A day later: one right answered, one request withdrawn, and the agreement given an
	// end date three days on.
	at(24 * time.Hour)
	if _, err := s.SetOutcome(kept.Reference, backend.OutcomeInput{Right: backend.RightCorrection, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(withdrawn.Reference, backend.TransitionInput{Action: backend.ActionWithdraw, Note: "Phoned to withdraw."}); err != nil {
		t.Fatal(err)
	}
	v.TerminatedOn, v.PHIDisposition = backend.NewDate(2026, 3, 6), backend.PHIDestroyed
	if _, err := s.UpdateVendor(v); err != nil {
		t.Fatal(err)
	}
	ending := exportCalendar(t, s)
	if ending[expires].Status != "" || ending[review].Status != "" {
		t.Fatalf("an agreement that has not ended yet: %+v %+v", ending[expires], ending[review])
	}

	// Five days later the agreement has ended by its date, with no change to the vendor.
	at(6 * 24 * time.Hour)
	after := exportCalendar(t, s)
	for _, c := range []struct {
		uid     string
		was     testcal.Event
		cancels bool
	}{
		{keptAccess, before[keptAccess], false},
		{keptCorrection, before[keptCorrection], true},
		{gone, before[gone], true},
		{expires, ending[expires], true},
		{review, ending[review], true},
	} {
		e, ok := after[c.uid]
		if !ok {
			t.Errorf("%s is not in the file: the calendar keeps it", c.uid)
			continue
		}
		if !c.cancels {
			if e.Status != "" {
				t.Errorf("%s, still due, is %s", c.uid, e.Status)
			}
			continue
		}
		if e.Status != "CANCELLED" {
			t.Errorf("%s is %q, want CANCELLED", c.uid, e.Status)
		}
		if e.Seq <= c.was.Seq {
			t.Errorf("%s: SEQUENCE %d cancelled, %d live: calendars keep the live event", c.uid, e.Seq, c.was.Seq)
		}
		if e.Start != c.was.Start {
			t.Errorf("%s: cancelled on %s, was on %s", c.uid, e.Start, c.was.Start)
		}
		if e.Alarms != 0 {
			t.Errorf("%s: a cancelled event reminds", c.uid)
		}
	}

	// More than a year later nothing of them is left in the file.
	at(375 * 24 * time.Hour)
	later := exportCalendar(t, s)
	for _, uid := range []string{gone, expires, review} {
		if e, ok := later[uid]; ok {
			t.Errorf("%s is still in the file a year after it ended: %+v", uid, e)
		}
	}
}

// Deleting a vendor takes its row, not its events out of the office's calendar: they
// must come again as cancelled, with the UIDs they had and a SEQUENCE above any earlier
// version's (here also above the cancellation its ended agreement already published),
// named generically; a year after the deletion they are left out. A new vendor does not
// take a deleted one's id, which would give it the deleted vendor's UIDs.
func TestCalendarCancelsADeletedVendorsEvents(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	at := func(d time.Duration) { s.Now = func() time.Time { return testpractice.Clock.Add(d) } }
	mk := func(v backend.Vendor) backend.Vendor {
		t.Helper()
		v, err := s.CreateVendor(v)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	kept := mk(backend.Vendor{Name: "Kept Hosting", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: backend.NewDate(2025, 1, 10), BAAExpiresOn: backend.NewDate(2026, 10, 1), NextReviewOn: backend.NewDate(2026, 7, 1)})
	ended := mk(backend.Vendor{Name: "Ended Billing Co", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: backend.NewDate(2025, 1, 10), BAAExpiresOn: backend.NewDate(2026, 11, 1), NextReviewOn: backend.NewDate(2026, 8, 1)})
	gone := mk(backend.Vendor{Name: "Dr Smith Transcription", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: backend.NewDate(2025, 1, 10), BAAExpiresOn: backend.NewDate(2026, 9, 15), NextReviewOn: backend.NewDate(2026, 6, 1)})
	uids := func(v backend.Vendor) []string {
		return []string{"vendor-" + itoa(v.ID) + "/baa-expires", "vendor-" + itoa(v.ID) + "/review"}
	}
	deleted := append(uids(gone), uids(ended)...)

	before := exportCalendar(t, s)
	for _, uid := range append(deleted, uids(kept)...) {
		if e, ok := before[uid]; !ok || e.Status != "" {
			t.Fatalf("before: %s is %+v (in the file: %v), want a live event", uid, e, ok)
		}
	}
	// A day later one agreement ends; its events are published as cancelled.
	at(24 * time.Hour)
	ended.BAAStatus, ended.TerminatedOn, ended.PHIDisposition = backend.BAATerminated, backend.NewDate(2026, 3, 3), backend.PHIDestroyed
	if _, err := s.UpdateVendor(ended); err != nil {
		t.Fatal(err)
	}
	cancelled := exportCalendar(t, s)
	for _, uid := range uids(ended) {
		if e := cancelled[uid]; e.Status != "CANCELLED" {
			t.Fatalf("an ended agreement's %s is %+v", uid, e)
		}
		before[uid] = cancelled[uid]
	}
	// In the same second both vendors are deleted.
	for _, v := range []backend.Vendor{gone, ended} {
		if err := s.DeleteVendor(v.ID); err != nil {
			t.Fatal(err)
		}
	}
	after := exportCalendar(t, s)
	for _, uid := range deleted {
		e, ok := after[uid]
		if !ok {
			t.Errorf("%s is not in the file after its vendor was deleted: the calendar keeps it", uid)
			continue
		}
		if e.Status != "CANCELLED" {
			t.Errorf("%s is %q, want CANCELLED", uid, e.Status)
		}
		if e.Seq <= before[uid].Seq {
			t.Errorf("%s: SEQUENCE %d cancelled, %d before: calendars keep the earlier version", uid, e.Seq, before[uid].Seq)
		}
		if e.Start != before[uid].Start {
			t.Errorf("%s: cancelled on %s, was on %s", uid, e.Start, before[uid].Start)
		}
		if e.Alarms != 0 {
			t.Errorf("%s: a cancelled event reminds", uid)
		}
		if strings.Contains(e.Summary, "Smith") || strings.Contains(e.Summary, "Billing") {
			t.Errorf("%s: a deleted vendor's event still names it: %q", uid, e.Summary)
		}
	}
	for _, uid := range uids(kept) {
		if e := after[uid]; e.Status != "" || e.Seq != before[uid].Seq {
			t.Errorf("the kept vendor's %s changed: %+v, was %+v", uid, e, before[uid])
		}
	}

	// A vendor added after the deletions gets an id of its own, so its events do not
	// share a UID with a deleted vendor's cancelled ones.
	added := mk(backend.Vendor{Name: "New Hosting", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned,
		BAASignedOn: backend.NewDate(2026, 3, 1), BAAExpiresOn: backend.NewDate(2027, 3, 1)})
	if added.ID == gone.ID || added.ID == ended.ID {
		t.Errorf("the new vendor took a deleted vendor's id %d", added.ID)
	}

	// Just under a year after the deletion they are still cancelled; after it, gone.
	at(365 * 24 * time.Hour)
	for _, uid := range deleted {
		if e, ok := exportCalendar(t, s)[uid]; !ok || e.Status != "CANCELLED" {
			t.Errorf("%s, 364 days after the deletion: %+v (in the file: %v)", uid, e, ok)
		}
	}
	at(367 * 24 * time.Hour)
	later := exportCalendar(t, s)
	for _, uid := range deleted {
		if e, ok := later[uid]; ok {
			t.Errorf("%s is still in the file a year after its vendor was deleted: %+v", uid, e)
		}
	}
	if _, ok := later["vendor-"+itoa(added.ID)+"/baa-expires"]; !ok {
		t.Error("the new vendor's expiry is missing")
	}
}

// A right taken off an open request (UpdateRequest) loses its row, not its event in the
// office's calendar: its due date comes again as cancelled, with the UID it had and a
// higher SEQUENCE, for a year after the removal; a right put back is live again, as a
// newer version than the cancellation.
func TestCalendarCancelsARemovedRight(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	at := func(d time.Duration) { s.Now = func() time.Time { return testpractice.Clock.Add(d) } }
	input := func(name string, rights ...backend.Right) backend.RequestInput {
		return backend.RequestInput{Requester: backend.Person{Name: name, Email: strings.ToLower(name) + "@example.com"},
			Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: backend.RegimeCCPA, Rights: rights}
	}
	removed, err := s.CreateRequest(input("Removed", backend.RightAccess, backend.RightDeletion))
	if err != nil {
		t.Fatal(err)
	}
	back, err := s.CreateRequest(input("Back", backend.RightAccess, backend.RightCorrection))
	if err != nil {
		t.Fatal(err)
	}
	gone, kept := removed.Reference+"/deletion/due", removed.Reference+"/access/due"
	again := back.Reference + "/correction/due"
	before := exportCalendar(t, s)
	for _, uid := range []string{gone, kept, again} {
		if e, ok := before[uid]; !ok || e.Status != "" {
			t.Fatalf("before: %s is %+v (in the file: %v), want a live event", uid, e, ok)
		}
	}

	at(24 * time.Hour)
	for _, u := range []struct {
		ref string
		in  backend.RequestInput
	}{{removed.Reference, input("Removed", backend.RightAccess)}, {back.Reference, input("Back", backend.RightAccess)}} {
		if _, err := s.UpdateRequest(u.ref, u.in); err != nil {
			t.Fatal(err)
		}
	}
	after := exportCalendar(t, s)
	for _, uid := range []string{gone, again} {
		e, ok := after[uid]
		if !ok {
			t.Errorf("%s is not in the file after its right was removed: the calendar keeps it", uid)
			continue
		}
		if e.Status != "CANCELLED" || e.Seq <= before[uid].Seq || e.Start != before[uid].Start || e.Alarms != 0 {
			t.Errorf("%s after its right was removed: %+v, was %+v", uid, e, before[uid])
		}
		if strings.Contains(e.Summary, "Removed") || strings.Contains(e.Summary, "Back") {
			t.Errorf("%s names the requester: %q", uid, e.Summary)
		}
	}
	if e := after[kept]; e.Status != "" {
		t.Errorf("the right kept is %+v", e)
	}

	// Put back a day later: live again, above the cancellation.
	at(48 * time.Hour)
	if _, err := s.UpdateRequest(back.Reference, input("Back", backend.RightAccess, backend.RightCorrection)); err != nil {
		t.Fatal(err)
	}
	readded := exportCalendar(t, s)
	if e := readded[again]; e.Status != "" || e.Seq <= after[again].Seq {
		t.Errorf("%s put back: %+v, cancelled %+v", again, e, after[again])
	}

	at(367 * 24 * time.Hour)
	later := exportCalendar(t, s)
	if e, ok := later[gone]; ok {
		t.Errorf("%s is still in the file a year after its right was removed: %+v", gone, e)
	}
	if e, ok := later[again]; !ok || e.Status != "" {
		t.Errorf("%s, put back, a year on: %+v (in the file: %v)", again, e, ok)
	}
}
