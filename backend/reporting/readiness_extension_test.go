package reporting_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/backend/storage"
)

// An extension holds only when the requester is told within the original period: the
// finding lists each open request, or one closed this year, whose extension has no
// extension letter made by the end of the original period of the rights it moved, the
// days counted in the practice's zone (America/Chicago, UTC-5 in March 2026), never in
// UTC or the computer's (the tests run at UTC+14).
func TestReadinessFlagsAnExtensionWithoutItsLetterInTime(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db"))
	at := func(instant string) {
		t.Helper()
		now, err := time.Parse(time.RFC3339, instant)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return now }
	}
	// HIPAA access received 10 February: 30 days, to 12 March; extended to 1 April.
	extended := func(name, received string) string {
		t.Helper()
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"},
			Channel: backend.ChannelEmail, ReceivedDate: received, Regime: backend.RegimeHIPAA, Rights: []backend.Right{backend.RightAccess}})
		if err != nil {
			t.Fatal(err)
		}
		ext := received[:4] + "-" + map[string]string{"2025": "12-20", "2026": "04-01"}[received[:4]]
		if _, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records at two clinics.", NewDate: ext}); err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	withdraw := func(ref string) {
		t.Helper()
		if _, err := s.Transition(ref, backend.TransitionInput{Action: backend.ActionWithdraw, Note: "Phoned to withdraw."}); err != nil {
			t.Fatal(err)
		}
	}
	letter := func(ref string) {
		t.Helper()
		if _, err := s.CreateLetter(backend.Letter{RequestRef: ref, Kind: backend.LetterExtension, TemplateName: "Built-in", TemplateVersion: 1,
			Recipient: "the requester", Pages: 1, PDF: []byte("%PDF-1.4 extension notice")}); err != nil {
			t.Fatal(err)
		}
	}

	// Closed last year after its original period (to 3 December 2025): not this year's.
	at("2025-11-05T15:00:00Z")
	lastYear := extended("Cora Last", "2025-11-03")
	at("2025-12-20T15:00:00Z")
	withdraw(lastYear)

	at("2026-03-02T15:00:00Z")
	inTime, late := extended("Ann Lee", "2026-02-10"), extended("Ben Ortiz", "2026-02-10")
	answered := extended("Dee Quinn", "2026-02-10")
	item := readinessItem(t, s, "extensionNotices")
	want := "Make and send the extension letter of PR-2026-0001 by 12 March 2026, PR-2026-0002 by 12 March 2026 and PR-2026-0003 by 12 March 2026: an extension without its letter in time will not hold."
	if item.OK || item.Detail != want || item.Fix != "requests" {
		t.Errorf("three extensions without their letter, in time:\n%+v\nwant %q", item, want)
	}
	// Closed within the original period: answered by the original date, the extension
	// was not relied on.
	at("2026-03-05T15:00:00Z")
	withdraw(answered)

	// 23:30 on 12 March in Chicago (13 March in UTC): the notice can still go.
	at("2026-03-13T04:30:00Z")
	letter(inTime)
	item = readinessItem(t, s, "extensionNotices")
	want = "Make and send the extension letter of PR-2026-0002 by 12 March 2026: an extension without its letter in time will not hold."
	if item.OK || item.Detail != want || item.Fix != "requests/"+late || item.FixHint != "Open "+late {
		t.Errorf("on the last day in the practice's zone:\n%+v\nwant %q", item, want)
	}

	// 00:30 on 13 March in Chicago: too late, for the letter made now too.
	at("2026-03-13T05:30:00Z")
	letter(late)
	item = readinessItem(t, s, "extensionNotices")
	want = "No extension letter was made within the original period for PR-2026-0002 (notice due by 12 March 2026): the extension may not hold, " +
		"and the original date governed. Answer any still open as soon as possible, and record on each request why the notice was not sent."
	if item.OK || item.Detail != want || item.Fix != "requests/"+late {
		t.Errorf("the day after the original period:\n%+v\nwant %q", item, want)
	}

	// Once that request is closed this year it is still listed; in time, the other is not.
	withdraw(late)
	if item = readinessItem(t, s, "extensionNotices"); item.OK || !strings.Contains(item.Detail, late+" (notice due by 12 March 2026)") || strings.Contains(item.Detail, inTime) {
		t.Errorf("closed this year after its original period: %+v", item)
	}
}

// The item with key from the readiness page, which must have it.
func readinessItem(t *testing.T, s *storage.Store, key string) backend.ReadinessItem {
	t.Helper()
	it, ok := readinessOf(t, s)[key]
	if !ok {
		t.Fatalf("no readiness item %q", key)
	}
	return it
}
