package rules

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

// checkDates compares d's five dates with those expected ("" for none); respond defaults
// to statutory and sendBy to respond. It returns the respond-by date expected.
func checkDates(t *testing.T, d Deadlines, ack, statutory, extended, respond, sendBy string) string {
	t.Helper()
	if respond == "" {
		respond = statutory
	}
	if sendBy == "" {
		sendBy = respond
	}
	for _, c := range []struct{ what, got, want string }{
		{"acknowledgeBy", d.AcknowledgeBy.String(), ack},
		{"statutoryRespondBy", d.StatutoryRespondBy.String(), statutory},
		{"extendedRespondBy", d.ExtendedRespondBy.String(), extended},
		{"respondBy", d.RespondBy.String(), respond},
		{"sendBy", d.SendBy.String(), sendBy},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q\n  ack: %s\n  statutory: %s\n  extended: %s\n  respond: %s", c.what, c.got, c.want,
				d.AcknowledgeHow, d.StatutoryHow, d.ExtendedHow, d.RespondHow)
		}
	}
	return respond
}

func date(t testing.TB, s string) backend.Date {
	t.Helper()
	if s == "" {
		return backend.Date{}
	}
	d, err := backend.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// example is one worked example: the dates a person counting by hand from the statute
// and a wall calendar gets. "" means "none".
type example struct {
	name      string
	regime    backend.Regime
	right     backend.Right
	received  string
	country   string
	closed    []string
	promised  int
	pauses    []Pause
	ack       string
	statutory string
	extended  string
	respond   string // defaults to statutory
	sendBy    string // defaults to respond
	how       []string
}

var examples = []example{
	// --- California: 45 calendar days, 10 business days to acknowledge (CA holidays).
	{name: "ccpa access worked example in legal.md", regime: "ccpa", right: "access", received: "2026-03-02",
		ack: "2026-03-16", statutory: "2026-04-16", extended: "2026-05-31",
		how: []string{"45 calendar days from 2 March 2026 — Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021", "10 business days after 2 March 2026"}},
	{name: "ccpa deletion ack skips Cesar Chavez Day, not Good Friday", regime: "ccpa", right: "deletion", received: "2026-03-20",
		ack: "2026-04-06", statutory: "2026-05-04", extended: "2026-06-18", how: []string{"Cesar Chavez Day 31 March 2026"}},
	{name: "ccpa correction ack across Christmas and New Year", regime: "ccpa", right: "correction", received: "2026-12-22",
		ack: "2027-01-07", statutory: "2027-02-05", extended: "2027-03-22", how: []string{"Christmas Day 25 December 2026", "New Year's Day 1 January 2027"}},
	{name: "ccpa portability ack skips Thanksgiving but not the day after; 45 days ends on a Sunday", regime: "ccpa", right: "portability", received: "2026-11-19",
		ack: "2026-12-04", statutory: "2027-01-03", extended: "2027-02-17", sendBy: "2026-12-31",
		how: []string{"Thanksgiving Day 26 November 2026"}},
	{name: "ccpa access ack across Memorial Day", regime: "ccpa", right: "access", received: "2026-05-20",
		ack: "2026-06-04", statutory: "2026-07-04", extended: "2026-08-18", sendBy: "2026-07-03",
		how: []string{"Memorial Day 25 May 2026"}},
	{name: "ccpa opt-out 15 business days over Cesar Chavez Day", regime: "ccpa", right: "opt-out", received: "2026-03-20",
		statutory: "2026-04-13"},
	{name: "ccpa opt-out over Lincoln Day, Washington's Birthday and Lunar New Year", regime: "ccpa", right: "opt-out", received: "2026-02-10",
		statutory: "2026-03-06", how: []string{"Lincoln Day 12 February 2026", "Lunar New Year 17 February 2026"}},
	{name: "ccpa opt-out: a Saturday July 4 gives California no Friday holiday", regime: "ccpa", right: "opt-out", received: "2026-06-30",
		statutory: "2026-07-21"},
	{name: "ccpa limit-sensitive over Native American Day and Columbus Day", regime: "ccpa", right: "limit-sensitive", received: "2026-09-18",
		statutory: "2026-10-13", how: []string{"Native American Day 25 September 2026", "Columbus Day 12 October 2026"}},
	{name: "ccpa opt-out: Sunday July 4 2027 moves to Monday July 5", regime: "ccpa", right: "opt-out", received: "2027-07-01",
		statutory: "2027-07-23", how: []string{"Independence Day 5 July 2027"}},
	{name: "ccpa opt-out: Saturday Veterans Day 2028 moves to Friday", regime: "ccpa", right: "opt-out", received: "2028-11-09",
		statutory: "2028-12-04", how: []string{"Veterans Day 10 November 2028", "Thanksgiving Day 23 November 2028"}},
	{name: "ccpa access, the practice promises 30 days", regime: "ccpa", right: "access", received: "2026-03-02", promised: 30,
		ack: "2026-03-16", statutory: "2026-04-16", extended: "2026-05-31", respond: "2026-04-01",
		how: []string{"30 calendar days from 2 March 2026 — the practice's own promise, earlier than the law's 16 April 2026"}},
	{name: "ccpa access, a promise longer than the law changes nothing", regime: "ccpa", right: "access", received: "2026-03-02", promised: 60,
		ack: "2026-03-16", statutory: "2026-04-16", extended: "2026-05-31", how: []string{"is not earlier than the law's 16 April 2026, so the law's date applies"}},
	{name: "ccpa access, a promise equal to the law's date is not a second date", regime: "ccpa", right: "access", received: "2026-03-02", promised: 45,
		ack: "2026-03-16", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ccpa access, closed days move no statutory date, only the practice's send-by", regime: "ccpa", right: "access", received: "2026-03-02",
		closed: []string{"2026-03-05", "2026-04-16", "2026-04-15"},
		ack:    "2026-03-16", statutory: "2026-04-16", extended: "2026-05-31", sendBy: "2026-04-14"},
	{name: "ccpa opt-out, closed days: 15 business days still count them; send by the last open day", regime: "ccpa", right: "opt-out", received: "2026-03-20",
		closed: []string{"2026-03-23", "2026-04-10", "2026-04-13"}, statutory: "2026-04-13", sendBy: "2026-04-09"},
	{name: "ccpa opt-out over Diwali 2027 (Friday 29 October) and Veterans Day", regime: "ccpa", right: "opt-out", received: "2027-10-20",
		statutory: "2027-11-12", how: []string{"Diwali 29 October 2027", "Veterans Day 11 November 2027"}},
	{name: "ccpa access ack over Diwali 2028 (Tuesday 17 October)", regime: "ccpa", right: "access", received: "2028-10-12",
		ack: "2028-10-27", statutory: "2028-11-26", extended: "2029-01-10", sendBy: "2028-11-24", how: []string{"Diwali 17 October 2028"}},
	{name: "ccpa limit-sensitive: Diwali 2026 falls on a Sunday and moves nothing", regime: "ccpa", right: "limit-sensitive", received: "2026-11-02",
		statutory: "2026-11-24", how: []string{"Veterans Day 11 November 2026"}},

	// --- Other US states: 45 calendar days from receipt, nothing rolls.
	{name: "va access", regime: "va", right: "access", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "va deletion ends on a Saturday", regime: "va", right: "deletion", received: "2026-03-04", statutory: "2026-04-18", extended: "2026-06-02", sendBy: "2026-04-17"},
	{name: "va correction across year end", regime: "va", right: "correction", received: "2026-12-15", statutory: "2027-01-29", extended: "2027-03-15"},
	{name: "va portability", regime: "va", right: "portability", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "va opt-out", regime: "va", right: "opt-out", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "va appeal 60 days", regime: "va", right: "appeal", received: "2026-03-02", statutory: "2026-05-01"},
	{name: "co access", regime: "co", right: "access", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "co correction", regime: "co", right: "correction", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "co deletion", regime: "co", right: "deletion", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "co portability", regime: "co", right: "portability", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "co opt-out", regime: "co", right: "opt-out", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "co appeal 45 days, +60", regime: "co", right: "appeal", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-06-15"},
	{name: "ct access", regime: "ct", right: "access", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ct correction", regime: "ct", right: "correction", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ct deletion", regime: "ct", right: "deletion", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ct portability", regime: "ct", right: "portability", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ct opt-out", regime: "ct", right: "opt-out", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ct appeal 60 days", regime: "ct", right: "appeal", received: "2026-03-02", statutory: "2026-05-01"},
	{name: "tx access", regime: "tx", right: "access", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "tx correction", regime: "tx", right: "correction", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "tx deletion", regime: "tx", right: "deletion", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "tx portability", regime: "tx", right: "portability", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "tx opt-out", regime: "tx", right: "opt-out", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "tx appeal 60 days", regime: "tx", right: "appeal", received: "2026-03-02", statutory: "2026-05-01"},
	{name: "ut access", regime: "ut", right: "access", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ut deletion", regime: "ut", right: "deletion", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ut portability", regime: "ut", right: "portability", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ut opt-out", regime: "ut", right: "opt-out", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "ut correction, the first day the right is in force", regime: "ut", right: "correction", received: "2026-07-01", statutory: "2026-08-15", extended: "2026-09-29",
		sendBy: "2026-08-14", how: []string{"Utah Code 13-61-201(4)"}},
	{name: "or access", regime: "or", right: "access", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "or correction", regime: "or", right: "correction", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "or deletion", regime: "or", right: "deletion", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "or portability", regime: "or", right: "portability", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "or opt-out", regime: "or", right: "opt-out", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-31"},
	{name: "or appeal 45 days, no extension", regime: "or", right: "appeal", received: "2026-03-02", statutory: "2026-04-16"},
	{name: "fl access +15", regime: "fl", right: "access", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-01"},
	{name: "fl correction", regime: "fl", right: "correction", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-01"},
	{name: "fl deletion", regime: "fl", right: "deletion", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-01"},
	{name: "fl portability", regime: "fl", right: "portability", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-01"},
	{name: "fl opt-out", regime: "fl", right: "opt-out", received: "2026-03-02", statutory: "2026-04-16", extended: "2026-05-01"},
	{name: "fl appeal 60 days", regime: "fl", right: "appeal", received: "2026-03-02", statutory: "2026-05-01"},

	// --- GDPR: one month, clamped, rolled past weekends and the chosen country's holidays.
	{name: "gdpr access 31 January to a Saturday 28 February, then Monday", regime: "gdpr", right: "access", received: "2026-01-31", country: "DE",
		statutory: "2026-03-02", extended: "2026-04-30",
		how: []string{"no 31 February: the month's last day, 28 February 2026", "28 February 2026 is a Saturday, so the next working day, 2 March 2026"}},
	{name: "gdpr correction leap year 31 January to 29 February", regime: "gdpr", right: "correction", received: "2028-01-31", country: "DE",
		statutory: "2028-02-29", extended: "2028-05-02", how: []string{"30 April 2028 is a Sunday, 1 May 2028 is Tag der Arbeit, so the next working day, 2 May 2028"}},
	{name: "gdpr deletion into Christmas (DE)", regime: "gdpr", right: "deletion", received: "2026-11-25", country: "DE",
		statutory: "2026-12-28", extended: "2027-02-25", how: []string{"25 December 2026 is"}},
	{name: "gdpr portability over year end onto New Year's Day (DE)", regime: "gdpr", right: "portability", received: "2026-12-01", country: "DE",
		statutory: "2027-01-04", extended: "2027-03-01"},
	{name: "gdpr restrict onto Easter Monday (DE)", regime: "gdpr", right: "restrict", received: "2026-03-06", country: "DE",
		statutory: "2026-04-07", extended: "2026-06-08"},
	{name: "gdpr object onto 1 May (FR)", regime: "gdpr", right: "object", received: "2026-04-01", country: "FR",
		statutory: "2026-05-04", extended: "2026-07-01"},
	{name: "gdpr automated-decision, no country: weekends only", regime: "gdpr", right: "automated-decision", received: "2026-04-01",
		statutory: "2026-05-01", extended: "2026-07-01"},
	{name: "gdpr withdraw-consent: one month like the other rights", regime: "gdpr", right: "withdraw-consent", received: "2026-03-02", country: "IE",
		statutory: "2026-04-02", extended: "2026-06-02"},

	// --- UK GDPR: one month, bank holidays of England and Wales, Art. 12A clock-stops.
	{name: "uk-gdpr access", regime: "uk-gdpr", right: "access", received: "2026-03-31", statutory: "2026-04-30", extended: "2026-06-30"},
	{name: "uk-gdpr correction onto Good Friday and Easter Monday", regime: "uk-gdpr", right: "correction", received: "2026-03-03",
		statutory: "2026-04-07", extended: "2026-06-03", how: []string{"3 April 2026 is Good Friday"}},
	{name: "uk-gdpr deletion onto the early May bank holiday", regime: "uk-gdpr", right: "deletion", received: "2026-04-04",
		statutory: "2026-05-05", extended: "2026-07-06"},
	{name: "uk-gdpr portability, leap year: 30 January to 29 February", regime: "uk-gdpr", right: "portability", received: "2024-01-30",
		statutory: "2024-02-29", extended: "2024-04-30"},
	{name: "uk-gdpr restrict, identity confirmed later: the month starts then", regime: "uk-gdpr", right: "restrict", received: "2026-03-02",
		pauses:    []Pause{{Reason: PauseIdentity, From: backend.NewDate(2026, 3, 3), To: backend.NewDate(2026, 3, 10)}},
		statutory: "2026-04-10", extended: "2026-06-10", how: []string{"one month from 10 March 2026 (identity confirmed; received 2 March 2026)"}},
	{name: "uk-gdpr object, clarification days do not count", regime: "uk-gdpr", right: "object", received: "2026-03-02",
		pauses:    []Pause{{Reason: PauseClarification, From: backend.NewDate(2026, 3, 5), To: backend.NewDate(2026, 3, 9)}},
		statutory: "2026-04-07", extended: "2026-06-08", how: []string{"plus 5 days waiting for clarification"}},
	{name: "uk-gdpr automated-decision, fee and clarification together", regime: "uk-gdpr", right: "automated-decision", received: "2026-11-20",
		pauses: []Pause{
			{Reason: PauseFee, From: backend.NewDate(2026, 11, 21), To: backend.NewDate(2026, 11, 25)},
			{Reason: PauseClarification, From: backend.NewDate(2026, 12, 1), To: backend.NewDate(2026, 12, 3)},
		},
		statutory: "2026-12-29", extended: "2027-03-01", how: []string{"28 December 2026 is Boxing Day", "UK GDPR Arts. 22A-22D"}},
	{name: "uk-gdpr portability, Art. 12A's first day", regime: "uk-gdpr", right: "portability", received: "2026-02-05",
		pauses:    []Pause{{Reason: PauseIdentity, From: backend.NewDate(2026, 2, 5), To: backend.NewDate(2026, 2, 6)}},
		statutory: "2026-03-06", extended: "2026-05-06"},
	{name: "uk-gdpr withdraw-consent", regime: "uk-gdpr", right: "withdraw-consent", received: "2026-03-02", statutory: "2026-04-02", extended: "2026-06-02"},
	// Before Art. 12A (received up to 4 February 2026): the same month, no clock stop.
	{name: "uk-gdpr access before Art. 12A", regime: "uk-gdpr", right: "access", received: "2025-03-03", statutory: "2025-04-03", extended: "2025-06-03"},
	{name: "uk-gdpr correction before Art. 12A", regime: "uk-gdpr", right: "correction", received: "2025-03-03", statutory: "2025-04-03", extended: "2025-06-03"},
	{name: "uk-gdpr deletion before Art. 12A", regime: "uk-gdpr", right: "deletion", received: "2026-02-04", statutory: "2026-03-04", extended: "2026-05-05",
		how: []string{"4 May 2026 is Early May"}},
	{name: "uk-gdpr restrict before Art. 12A", regime: "uk-gdpr", right: "restrict", received: "2025-03-03", statutory: "2025-04-03", extended: "2025-06-03"},
	{name: "uk-gdpr object before Art. 12A", regime: "uk-gdpr", right: "object", received: "2025-03-03", statutory: "2025-04-03", extended: "2025-06-03"},
	{name: "uk-gdpr automated-decision under Art. 22", regime: "uk-gdpr", right: "automated-decision", received: "2025-03-03", statutory: "2025-04-03", extended: "2025-06-03",
		how: []string{"UK GDPR Art. 22, Art. 12(3)"}},
	{name: "uk-gdpr withdraw-consent before Art. 12A", regime: "uk-gdpr", right: "withdraw-consent", received: "2025-03-03", statutory: "2025-04-03", extended: "2025-06-03"},
	{name: "uk-gdpr access, the practice promises 28 days", regime: "uk-gdpr", right: "access", received: "2026-01-31", promised: 28,
		statutory: "2026-03-02", extended: "2026-04-30", respond: "2026-02-28", sendBy: "2026-02-27"},

	// --- HIPAA: calendar days; restriction and confidential communications have no clock.
	{name: "hipaa access 30 days, +30", regime: "hipaa", right: "access", received: "2026-03-02", statutory: "2026-04-01", extended: "2026-05-01"},
	{name: "hipaa correction 60 days, +30", regime: "hipaa", right: "correction", received: "2026-03-02", statutory: "2026-05-01", extended: "2026-05-31"},
	{name: "hipaa accounting 60 days, +30, across year end", regime: "hipaa", right: "accounting", received: "2026-11-15", statutory: "2027-01-14", extended: "2027-02-13"},
	{name: "hipaa restrict has no clock", regime: "hipaa", right: "restrict", received: "2026-03-02",
		how: []string{"No deadline in the law — 45 CFR 164.522(a)"}},
	{name: "hipaa confidential communications, the practice's promise is the only date", regime: "hipaa", right: "confidential-communications", received: "2026-03-02", promised: 10,
		respond: "2026-03-12", how: []string{"(the law sets no deadline)"}},
}

func TestWorkedExamples(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			in := Input{Regime: ex.regime, Right: ex.right, Received: date(t, ex.received), PromisedDays: ex.promised, Pauses: ex.pauses,
				Calendar: CalendarOptions{HolidayCountry: ex.country}}
			for _, c := range ex.closed {
				in.Calendar.ClosedDays = append(in.Calendar.ClosedDays, date(t, c))
			}
			d, err := Compute(in)
			if err != nil {
				t.Fatal(err)
			}
			respond := checkDates(t, d, ex.ack, ex.statutory, ex.extended, ex.respond, ex.sendBy)
			// The promise is reported only where it governs: earlier than the law's date,
			// or the only date.
			if governs := ex.promised > 0 && respond != ex.statutory; governs != !d.PromisedRespondBy.IsZero() {
				t.Errorf("promised date %q reported, want it only when it governs (%v)", d.PromisedRespondBy, governs)
			}
			all := strings.Join([]string{d.AcknowledgeHow, d.StatutoryHow, d.ExtendedHow, d.PromisedHow, d.RespondHow}, "\n")
			for _, h := range ex.how {
				if !strings.Contains(all, h) {
					t.Errorf("explanations lack %q:\n%s", h, all)
				}
			}
			if d.Citation == "" || !strings.Contains(d.StatutoryHow, d.Citation) {
				t.Errorf("citation %q missing from %q", d.Citation, d.StatutoryHow)
			}
		})
	}
}

// Every rule row has at least one worked example.
func TestEveryRuleHasAWorkedExample(t *testing.T) {
	for _, r := range All() {
		found := false
		for _, ex := range examples {
			if ex.regime == r.Regime && ex.right == r.Right && r.InForce(date(t, ex.received)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no worked example for %s %s %s", r.Regime, r.Right, r.EffectiveText())
		}
	}
}

func TestComputeErrors(t *testing.T) {
	cases := []struct {
		name  string
		in    Input
		code  string
		field string
		msg   string
	}{
		{"unknown regime", Input{Regime: "nv", Right: "access", Received: backend.NewDate(2026, 3, 2)}, backend.EINVALID, "regime", "unknown regime"},
		{"unknown right", Input{Regime: "ccpa", Right: "vote", Received: backend.NewDate(2026, 3, 2)}, backend.EINVALID, "rights", "unknown right"},
		{"utah grants no correction before 1 July 2026", Input{Regime: "ut", Right: "correction", Received: backend.NewDate(2026, 6, 30)}, backend.EINVALID, "rights", "only to requests received from 1 July 2026"},
		{"uk-gdpr before Art. 12A cannot pause", Input{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 2, 4),
			Pauses: []Pause{{PauseIdentity, backend.NewDate(2026, 2, 5), backend.NewDate(2026, 2, 9)}}}, backend.EINVALID, "pauses", "in force for requests received from 5 February 2026"},
		{"oregon: waiting for authentication does not restart the count", Input{Regime: "or", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseIdentity, backend.NewDate(2026, 3, 3), backend.NewDate(2026, 3, 9)}}}, backend.EINVALID, "pauses", "646A.576(5)(d)"},
		{"utah grants no appeal", Input{Regime: "ut", Right: "appeal", Received: backend.NewDate(2026, 3, 2)}, backend.EINVALID, "rights", "does not grant"},
		{"ccpa has no appeal", Input{Regime: "ccpa", Right: "appeal", Received: backend.NewDate(2026, 3, 2)}, backend.EINVALID, "rights", "does not grant"},
		{"gdpr has no accounting", Input{Regime: "gdpr", Right: "accounting", Received: backend.NewDate(2026, 3, 2)}, backend.EINVALID, "rights", "does not grant"},
		{"hipaa has no deletion", Input{Regime: "hipaa", Right: "deletion", Received: backend.NewDate(2026, 3, 2)}, backend.EINVALID, "rights", "does not grant"},
		{"no received date", Input{Regime: "ccpa", Right: "access"}, backend.EINVALID, "received", "required"},
		{"negative promise", Input{Regime: "ccpa", Right: "access", Received: backend.NewDate(2026, 3, 2), PromisedDays: -1}, backend.EINVALID, "promisedDays", "between"},
		{"unknown EU country", Input{Regime: "gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2), Calendar: CalendarOptions{HolidayCountry: "XX"}}, backend.EINVALID, "holidayCountry", "XX"},
		{"ccpa clock cannot pause", Input{Regime: "ccpa", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseIdentity, backend.NewDate(2026, 3, 3), backend.NewDate(2026, 3, 9)}}}, backend.EINVALID, "pauses", "7021(b)"},
		{"virginia clock cannot pause", Input{Regime: "va", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseClarification, backend.NewDate(2026, 3, 3), backend.NewDate(2026, 3, 9)}}}, backend.EINVALID, "pauses", "does not let the clock stop"},
		{"eu gdpr clock cannot pause", Input{Regime: "gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseIdentity, backend.NewDate(2026, 3, 3), backend.NewDate(2026, 3, 9)}}}, backend.EINVALID, "pauses", "does not let the clock stop"},
		{"no clock to pause", Input{Regime: "hipaa", Right: "restrict", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseIdentity, backend.NewDate(2026, 3, 3), backend.NewDate(2026, 3, 9)}}}, backend.EINVALID, "pauses", "no clock"},
		{"pause ends before it starts", Input{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseClarification, backend.NewDate(2026, 3, 9), backend.NewDate(2026, 3, 3)}}}, backend.EINVALID, "pauses[0]", "cannot end"},
		{"pause before receipt", Input{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseIdentity, backend.NewDate(2026, 3, 1), backend.NewDate(2026, 3, 3)}}}, backend.EINVALID, "pauses[0]", "before the request was received"},
		{"open pause", Input{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseClarification, backend.NewDate(2026, 3, 3), backend.Date{}}}}, backend.EINVALID, "pauses[0]", "date asked and the date answered"},
		{"unknown pause reason", Input{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{"holiday", backend.NewDate(2026, 3, 3), backend.NewDate(2026, 3, 4)}}}, backend.EINVALID, "pauses[0]", "unknown pause reason"},
		{"overlapping clarifications", Input{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseClarification, backend.NewDate(2026, 3, 3), backend.NewDate(2026, 3, 9)}, {PauseClarification, backend.NewDate(2026, 3, 9), backend.NewDate(2026, 3, 12)}}},
			backend.EINVALID, "pauses", "overlap"},
		{"clarification after the clock ran out", Input{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 3, 2),
			Pauses: []Pause{{PauseClarification, backend.NewDate(2026, 4, 10), backend.NewDate(2026, 4, 12)}}}, backend.EINVALID, "pauses", "ran out on 2026-04-02"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compute(tc.in)
			if backend.ErrorCode(err) != tc.code || backend.ErrorField(err) != tc.field || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v (code %q field %q); want code %q field %q containing %q", err, backend.ErrorCode(err), backend.ErrorField(err), tc.code, tc.field, tc.msg)
			}
		})
	}
}

func TestClosedDayWarning(t *testing.T) {
	d, err := Compute(Input{Regime: "va", Right: "access", Received: backend.NewDate(2026, 3, 4),
		Calendar: CalendarOptions{ClosedDays: []backend.Date{backend.NewDate(2026, 4, 17)}}})
	if err != nil {
		t.Fatal(err)
	}
	if d.RespondBy.String() != "2026-04-18" || d.SendBy.String() != "2026-04-16" {
		t.Fatalf("respond %s send %s", d.RespondBy, d.SendBy)
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "18 April 2026 is a Saturday and the law does not move the date: send the response by 16 April 2026") {
		t.Errorf("warnings = %q", d.Warnings)
	}
	d, err = Compute(Input{Regime: "gdpr", Right: "access", Received: backend.NewDate(2026, 4, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "No EU country") {
		t.Errorf("warnings = %q", d.Warnings)
	}
}

// Closed days never move a statutory date, for any rule: the law's dates with and
// without them are the same; only SendBy moves, to an open day on or before the due date.
func TestClosedDaysNeverMoveTheLaw(t *testing.T) {
	for _, r := range All() {
		received := r.EffectiveFrom
		if received.Before(backend.NewDate(2026, 1, 1)) {
			received = backend.NewDate(2026, 3, 2)
		}
		var closed []backend.Date
		for i := 1; i < 120; i++ {
			closed = append(closed, received.AddDays(i)) // shut for four months
		}
		plain := mustCompute(t, Input{Regime: r.Regime, Right: r.Right, Received: received})
		shut := mustCompute(t, Input{Regime: r.Regime, Right: r.Right, Received: received, Calendar: CalendarOptions{ClosedDays: closed}})
		if !plain.AcknowledgeBy.Equal(shut.AcknowledgeBy) || !plain.StatutoryRespondBy.Equal(shut.StatutoryRespondBy) || !plain.ExtendedRespondBy.Equal(shut.ExtendedRespondBy) {
			t.Errorf("%s %s: closed days moved the law: ack %s/%s respond %s/%s extended %s/%s", r.Regime, r.Right,
				plain.AcknowledgeBy, shut.AcknowledgeBy, plain.StatutoryRespondBy, shut.StatutoryRespondBy, plain.ExtendedRespondBy, shut.ExtendedRespondBy)
		}
		if strings.Contains(shut.AcknowledgeHow+shut.StatutoryHow, "closed") {
			t.Errorf("%s %s: the law's explanation mentions closed days: %s", r.Regime, r.Right, shut.StatutoryHow)
		}
		if r.HasClock() && !shut.SendBy.Equal(received) {
			t.Errorf("%s %s: send by %s, want %s (the last open day)", r.Regime, r.Right, shut.SendBy, received)
		}
	}
}

func TestWarningPastTheLunisolarTables(t *testing.T) {
	d := mustCompute(t, Input{Regime: "ccpa", Right: "opt-out", Received: backend.NewDate(2030, 12, 20)})
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "Lunar New Year and Diwali dates are tabulated to 2030") {
		t.Errorf("warnings = %q", d.Warnings)
	}
	d = mustCompute(t, Input{Regime: "ccpa", Right: "opt-out", Received: backend.NewDate(2030, 11, 1)})
	if len(d.Warnings) != 0 {
		t.Errorf("warnings = %q", d.Warnings)
	}
}
