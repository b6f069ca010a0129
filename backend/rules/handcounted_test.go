package rules

import (
	"testing"

	"privacydesk/backend"
)

// Cases computed by hand from the legal facts in docs/legal.md,
// independently of the other tests. "" means "none"; sendBy defaults to respond, respond
// to statutory. wantErr: Compute (or the extension check) must refuse the input.
type auditCase struct {
	name                              string
	regime                            backend.Regime
	right                             backend.Right
	received                          string
	country                           string
	closed                            []string
	promised                          int
	pauses                            []Pause
	extOn, extTo                      string
	ack, statutory, extended, respond string
	sendBy                            string
	wantErr                           bool
}

var auditCases = []auditCase{
	// CCPA know/delete/correct: ack 10 CA business days (receipt not counted), 45 days, +45.
	// Sat 31 Jan: Feb 2-11 = 8; 12 Lincoln Day; 13 = 9; 16 Washington's Birthday; 17 Lunar New Year; 18 = 10.
	{name: "ccpa access received Saturday, ack over three CA holidays", regime: "ccpa", right: "access", received: "2026-01-31",
		ack: "2026-02-18", statutory: "2026-03-17", extended: "2026-05-01"},
	// Mon 13 Apr, closed 14-15 Apr (still business days), 24 Apr Genocide Remembrance Day skipped: ack 28 Apr.
	// 45 days: 28 May (closed, so send by 27 May; the statutory date does not move). +90: 12 Jul.
	{name: "ccpa deletion, closed days never move ack or due date", regime: "ccpa", right: "deletion", received: "2026-04-13",
		closed: []string{"2026-04-14", "2026-04-15", "2026-05-28"},
		ack:    "2026-04-28", statutory: "2026-05-28", extended: "2026-07-12", sendBy: "2026-05-27"},
	// Received Fri 25 Dec (Christmas): Dec 28-31 = 4; 1 Jan holiday; Jan 4-8 = 9; 11-15 = 14; 18 Jan MLK; 19 Jan = 15.
	{name: "ccpa limit-sensitive received on Christmas, 15 business days", regime: "ccpa", right: "limit-sensitive", received: "2026-12-25",
		statutory: "2027-01-19"},
	// Wed 20 Oct 2027: 21,22,25-28 = 6; Fri 29 Oct Diwali; Nov 1-5 = 11; 8-10 = 14; 11 Nov Veterans Day; 12 Nov = 15.
	{name: "ccpa opt-out over Diwali 2027 and Veterans Day", regime: "ccpa", right: "opt-out", received: "2027-10-20",
		statutory: "2027-11-12"},
	// Tue 10 Feb, closed 11 and 13 Feb (counted): 11 = 1; 12 Lincoln; 13 = 2; 16, 17 holidays; 18-20 = 5; 23-27 = 10; Mar 2-6 = 15.
	{name: "ccpa opt-out, closed days still count as business days", regime: "ccpa", right: "opt-out", received: "2026-02-10",
		closed: []string{"2026-02-11", "2026-02-13"}, statutory: "2026-03-06"},
	// docs/legal.md worked example: 2 Mar + 45 = 16 Apr; promise 30 days = 1 Apr, earlier, so shown.
	{name: "ccpa access with practice's 30-day promise", regime: "ccpa", right: "access", received: "2026-03-02", promised: 30,
		ack: "2026-03-16", statutory: "2026-04-16", extended: "2026-05-31", respond: "2026-04-01"},
	// Extension taken on day 45 (still within the first 45) to day 90.
	{name: "ccpa extension on the last day of the first 45 to day 90", regime: "ccpa", right: "access", received: "2026-03-02",
		extOn: "2026-04-16", extTo: "2026-05-31",
		ack: "2026-03-16", statutory: "2026-04-16", extended: "2026-05-31", respond: "2026-05-31", sendBy: "2026-05-29"},
	{name: "ccpa extension after the first 45 days is refused", regime: "ccpa", right: "access", received: "2026-03-02",
		extOn: "2026-04-17", extTo: "2026-05-31", wantErr: true},
	{name: "ccpa extension beyond 90 days is refused", regime: "ccpa", right: "access", received: "2026-03-02",
		extOn: "2026-04-01", extTo: "2026-06-01", wantErr: true},
	{name: "ccpa opt-out has no extension", regime: "ccpa", right: "opt-out", received: "2026-03-02",
		extOn: "2026-03-03", extTo: "2026-03-30", wantErr: true},

	// Other states: 45 calendar days (+45, FL +15); appeals VA 60, CO 45+60, CT 60, TX 60, OR 45 no ext; UT no appeal.
	{name: "va access received Saturday 31 Jan", regime: "va", right: "access", received: "2026-01-31",
		statutory: "2026-03-17", extended: "2026-05-01"},
	{name: "va appeal 60 days across February", regime: "va", right: "appeal", received: "2026-12-31",
		statutory: "2027-03-01"},
	{name: "co appeal 45 days, +60", regime: "co", right: "appeal", received: "2026-06-15",
		statutory: "2026-07-30", extended: "2026-09-28"},
	{name: "ct appeal 60 days", regime: "ct", right: "appeal", received: "2026-02-28",
		statutory: "2026-04-29"},
	{name: "tx deletion received on Christmas", regime: "tx", right: "deletion", received: "2026-12-25",
		statutory: "2027-02-08", extended: "2027-03-25"},
	{name: "tx appeal 60 days", regime: "tx", right: "appeal", received: "2026-11-01",
		statutory: "2026-12-31"},
	{name: "ut correction the day before the right exists", regime: "ut", right: "correction", received: "2026-06-30", wantErr: true},
	// 1 Jul + 45 = Sat 15 Aug (not moved; send by Fri 14 Aug); +90 = 29 Sep.
	{name: "ut correction on its first day", regime: "ut", right: "correction", received: "2026-07-01",
		statutory: "2026-08-15", extended: "2026-09-29", sendBy: "2026-08-14"},
	{name: "ut has no appeal", regime: "ut", right: "appeal", received: "2026-07-01", wantErr: true},
	{name: "or appeal 45 days, no extension", regime: "or", right: "appeal", received: "2026-03-10",
		statutory: "2026-04-24"},
	{name: "fl access 45 days, +15", regime: "fl", right: "access", received: "2026-05-01",
		statutory: "2026-06-15", extended: "2026-06-30"},

	// GDPR: one month (same day number, else last day), rolled past Sat/Sun/public holiday; extended = received + 3 months.
	{name: "gdpr 31 Jan: 28 Feb is a Saturday, so Monday 2 Mar; +3 months 30 Apr", regime: "gdpr", right: "access", received: "2026-01-31",
		statutory: "2026-03-02", extended: "2026-04-30"},
	{name: "gdpr 31 Jan 2028: leap year 29 Feb; +3 months 30 Apr (Sun) -> 1 May", regime: "gdpr", right: "deletion", received: "2028-01-31",
		statutory: "2028-02-29", extended: "2028-05-01"},
	{name: "gdpr received 29 Feb 2028", regime: "gdpr", right: "access", received: "2028-02-29",
		statutory: "2028-03-29", extended: "2028-05-29"},
	// DE: 25 Dec (Fri) and 26 Dec (Sat) holidays, 27 Sun -> Mon 28 Dec. +3 months: 25 Feb 2027 (Thu).
	{name: "gdpr DE: one month lands on Christmas", regime: "gdpr", right: "correction", received: "2026-11-25", country: "DE",
		statutory: "2026-12-28", extended: "2027-02-25"},
	// DE: 6 Apr 2026 is Easter Monday -> 7 Apr; with no country only weekends count -> 6 Apr.
	{name: "gdpr DE: Easter Monday", regime: "gdpr", right: "object", received: "2026-03-06", country: "DE",
		statutory: "2026-04-07", extended: "2026-06-08"},
	{name: "gdpr no country: Easter Monday is a working day", regime: "gdpr", right: "object", received: "2026-03-06",
		statutory: "2026-04-06", extended: "2026-06-08"},
	{name: "gdpr closed day does not roll the month end", regime: "gdpr", right: "restrict", received: "2026-03-10",
		closed: []string{"2026-04-10"}, statutory: "2026-04-10", extended: "2026-06-10", sendBy: "2026-04-09"},
	{name: "gdpr promise of 45 days is later than the law's date", regime: "gdpr", right: "portability", received: "2026-01-31", promised: 45,
		statutory: "2026-03-02", extended: "2026-04-30"},
	{name: "gdpr extension told on the (rolled) last day of the first month", regime: "gdpr", right: "access", received: "2026-01-31",
		extOn: "2026-03-02", extTo: "2026-04-30", statutory: "2026-03-02", extended: "2026-04-30", respond: "2026-04-30"},
	{name: "gdpr extension after the first month is refused", regime: "gdpr", right: "access", received: "2026-01-31",
		extOn: "2026-03-03", extTo: "2026-04-30", wantErr: true},

	// UK GDPR: same counting, bank holidays of England and Wales; Art. 12A from 5 Feb 2026.
	{name: "uk-gdpr 31 Jan, before Art. 12A", regime: "uk-gdpr", right: "access", received: "2026-01-31",
		statutory: "2026-03-02", extended: "2026-04-30"},
	// 31 Aug 2026 is the Summer bank holiday -> 1 Sep; +3 months 31 Oct (Sat) -> 2 Nov.
	{name: "uk-gdpr month end on the Summer bank holiday", regime: "uk-gdpr", right: "deletion", received: "2026-07-31",
		statutory: "2026-09-01", extended: "2026-11-02"},
	// Clock from identity confirmed 20 Mar: 20 Apr; +3 months 20 Jun (Sat) -> 22 Jun.
	{name: "uk-gdpr clock starts when identity is confirmed", regime: "uk-gdpr", right: "access", received: "2026-03-10",
		pauses:    []Pause{{Reason: PauseIdentity, From: backend.NewDate(2026, 3, 11), To: backend.NewDate(2026, 3, 20)}},
		statutory: "2026-04-20", extended: "2026-06-22"},
	{name: "uk-gdpr no clock stop before 5 Feb 2026", regime: "uk-gdpr", right: "access", received: "2026-02-04",
		pauses: []Pause{{Reason: PauseIdentity, From: backend.NewDate(2026, 2, 5), To: backend.NewDate(2026, 2, 10)}}, wantErr: true},

	// HIPAA: access 30 (+30), amendment 60 (+30), accounting 60 (+30), calendar days, never moved.
	{name: "hipaa access received Saturday 31 Jan", regime: "hipaa", right: "access", received: "2026-01-31",
		statutory: "2026-03-02", extended: "2026-04-01"},
	{name: "hipaa access due on a Sunday is not moved", regime: "hipaa", right: "access", received: "2026-05-01",
		statutory: "2026-05-31", extended: "2026-06-30", sendBy: "2026-05-29"},
	// 3 Nov + 60 = Sat 2 Jan 2027; 1 Jan is a holiday, so send by Thu 31 Dec. +90 = 1 Feb 2027.
	{name: "hipaa amendment 60 days over New Year", regime: "hipaa", right: "correction", received: "2026-11-03",
		statutory: "2027-01-02", extended: "2027-02-01", sendBy: "2026-12-31"},
	{name: "hipaa accounting received 29 Feb 2028", regime: "hipaa", right: "accounting", received: "2028-02-29",
		statutory: "2028-04-29", extended: "2028-05-29", sendBy: "2028-04-28"},
	{name: "hipaa access extension of 31 days is refused", regime: "hipaa", right: "access", received: "2026-01-31",
		extOn: "2026-02-10", extTo: "2026-04-02", wantErr: true},
	{name: "hipaa restriction has no clock", regime: "hipaa", right: "restrict", received: "2026-03-02"},
	{name: "hipaa has no deletion right", regime: "hipaa", right: "deletion", received: "2026-03-02", wantErr: true},
}

func TestDeadlinesCountedByHand(t *testing.T) {
	for _, c := range auditCases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Regime: c.regime, Right: c.right, Received: date(t, c.received), PromisedDays: c.promised, Pauses: c.pauses,
				Calendar: CalendarOptions{HolidayCountry: c.country}}
			for _, s := range c.closed {
				in.Calendar.ClosedDays = append(in.Calendar.ClosedDays, date(t, s))
			}
			if c.extOn != "" {
				in.Extension = &Extension{On: date(t, c.extOn), NewDate: date(t, c.extTo), Reason: "records held off site"}
			}
			d, err := Compute(in)
			if c.wantErr {
				if err == nil {
					t.Fatalf("want an error, got respond by %s (statutory %s, extended %s)", d.RespondBy, d.StatutoryRespondBy, d.ExtendedRespondBy)
				}
				t.Logf("refused: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkDates(t, d, c.ack, c.statutory, c.extended, c.respond, c.sendBy)
		})
	}
}
