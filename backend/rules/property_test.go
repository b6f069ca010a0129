package rules

import (
	"testing"

	"privacydesk/backend"
)

// checkProperties asserts what must hold for any computation:
//   - every date is on or after receipt (and after the clock start for the response);
//   - the extended date is on or after the statutory one;
//   - a business-day or month result is a working day of the rule's calendar;
//   - the date shown is the earlier of the law's and the practice's, both kept;
//   - the office send-by date is on or before the due date and not before receipt;
//   - the one extension may always reach exactly the legal maximum, and never a day past it.
func checkProperties(t *testing.T, in Input, d Deadlines) {
	t.Helper()
	c, err := newCalendar(d.Rule.Calendar, in.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]backend.Date{"ack": d.AcknowledgeBy, "statutory": d.StatutoryRespondBy,
		"promised": d.PromisedRespondBy, "extended": d.ExtendedRespondBy, "respond": d.RespondBy, "sendBy": d.SendBy} {
		if !x.IsZero() && x.Before(in.Received) {
			t.Fatalf("%+v: %s %s is before receipt", in, name, x)
		}
	}
	if !d.ExtendedRespondBy.IsZero() && d.ExtendedRespondBy.Before(d.StatutoryRespondBy) {
		t.Fatalf("%+v: extended %s before statutory %s", in, d.ExtendedRespondBy, d.StatutoryRespondBy)
	}
	if d.Rule.HasClock() == d.StatutoryRespondBy.IsZero() {
		t.Fatalf("%+v: clock %v but statutory date %q", in, d.Rule.HasClock(), d.StatutoryRespondBy)
	}
	if !d.Rule.Extension.IsZero() && d.ExtendedRespondBy.IsZero() {
		t.Fatalf("%+v: the rule allows an extension but no maximum was computed", in)
	}
	for _, p := range []struct {
		period Period
		date   backend.Date
	}{{d.Rule.Acknowledge, d.AcknowledgeBy}, {d.Rule.Respond, d.StatutoryRespondBy}, {d.Rule.Respond, d.ExtendedRespondBy}} {
		if (p.period.Unit == UnitBusinessDays || p.period.Unit == UnitMonths) && !p.date.IsZero() && !c.working(p.date) {
			t.Fatalf("%+v: %s result %s is not a working day", in, p.period.Unit, p.date)
		}
	}
	if d.Rule.Acknowledge.Unit == UnitBusinessDays && !d.AcknowledgeBy.After(in.Received) {
		t.Fatalf("%+v: acknowledgment %s not after receipt", in, d.AcknowledgeBy)
	}
	if in.Extension == nil {
		want := d.StatutoryRespondBy
		if want.IsZero() || (!d.PromisedRespondBy.IsZero() && d.PromisedRespondBy.Before(want)) {
			want = d.PromisedRespondBy
		}
		if !d.RespondBy.Equal(want) {
			t.Fatalf("%+v: respond %s, want the earlier of %s and %s", in, d.RespondBy, d.StatutoryRespondBy, d.PromisedRespondBy)
		}
		// A promise is reported only when it governs (earlier than the law's, or the only date).
		if governs := in.PromisedDays > 0 && d.RespondBy.Equal(d.PromisedRespondBy); governs != !d.PromisedRespondBy.IsZero() ||
			(!d.PromisedRespondBy.IsZero() && !d.StatutoryRespondBy.IsZero() && !d.PromisedRespondBy.Before(d.StatutoryRespondBy)) {
			t.Fatalf("%+v: promised date %q, statutory %q", in, d.PromisedRespondBy, d.StatutoryRespondBy)
		}
	}
	if !d.RespondBy.IsZero() && (d.SendBy.After(d.RespondBy) || d.SendBy.Before(in.Received)) {
		t.Fatalf("%+v: send by %s outside receipt %s .. due %s", in, d.SendBy, in.Received, d.RespondBy)
	}
	if !d.Rule.Extension.IsZero() && in.Extension == nil {
		if d.ExtendedRespondBy.After(d.RespondBy) {
			if err := CheckExtension(d, in.Received, d.ExtendedRespondBy, "volume"); err != nil {
				t.Fatalf("%+v: extension to the maximum refused: %v", in, err)
			}
		}
		if err := CheckExtension(d, in.Received, d.ExtendedRespondBy.AddDays(1), "volume"); err == nil {
			t.Fatalf("%+v: extension past the maximum accepted", in)
		}
	}
}

var countries = []string{"", "DE", "FR", "IE", "ES", "SE"}

// Every rule, every day of 2024 to 2031, checked against the properties, plus
// monotonicity: a later receipt never gives an earlier date.
func TestPropertiesEveryDay(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps eight years of dates")
	}
	for i, r := range All() {
		country := countries[i%len(countries)]
		var prev Deadlines
		for d := backend.NewDate(2024, 1, 1); d.Time().Year() < 2032; d = d.AddDays(1) {
			if !r.InForce(d) {
				continue
			}
			in := Input{Regime: r.Regime, Right: r.Right, Received: d, PromisedDays: 28, Calendar: CalendarOptions{HolidayCountry: country}}
			got, err := Compute(in)
			if err != nil {
				t.Fatalf("%+v: %v", in, err)
			}
			checkProperties(t, in, got)
			if !prev.Received.IsZero() {
				for name, pair := range map[string][2]backend.Date{
					"ack": {prev.AcknowledgeBy, got.AcknowledgeBy}, "statutory": {prev.StatutoryRespondBy, got.StatutoryRespondBy},
					"extended": {prev.ExtendedRespondBy, got.ExtendedRespondBy},
				} {
					if pair[1].Before(pair[0]) {
						t.Fatalf("%s %s: %s moved back from %s to %s when receipt moved to %s", r.Regime, r.Right, name, pair[0], pair[1], d)
					}
				}
			}
			prev = got
		}
	}
}

// FuzzCompute checks the properties on arbitrary receipts, promises, countries, closed
// days and UK GDPR pauses. Run: go test ./backend/rules -fuzz FuzzCompute -fuzztime 30s
func FuzzCompute(f *testing.F) {
	f.Add(int32(0), uint8(0), uint16(0), uint8(0), int16(10), uint8(0), uint8(0), uint8(0))
	f.Add(int32(30), uint8(50), uint16(45), uint8(1), int16(-3), uint8(1), uint8(3), uint8(5))
	f.Add(int32(-4000), uint8(60), uint16(28), uint8(2), int16(31), uint8(2), uint8(10), uint8(2))
	f.Add(int32(1500), uint8(200), uint16(400), uint8(5), int16(44), uint8(3), uint8(0), uint8(9))
	rules := All()
	base := backend.NewDate(2026, 3, 2)
	f.Fuzz(func(t *testing.T, offset int32, ruleIdx uint8, promised uint16, country uint8, closed int16, pauseKind, pauseAt, pauseLen uint8) {
		if offset < -20000 || offset > 20000 {
			return
		}
		r := rules[int(ruleIdx)%len(rules)]
		received := base.AddDays(int(offset))
		if !r.InForce(received) {
			return // another row of the pair covers that day
		}
		in := Input{Regime: r.Regime, Right: r.Right, Received: received, PromisedDays: int(promised) % 400,
			Calendar: CalendarOptions{HolidayCountry: countries[int(country)%len(countries)], ClosedDays: []backend.Date{received.AddDays(int(closed))}}}
		if r.AllowsPause() && pauseKind%4 != 0 {
			reason := []PauseReason{PauseIdentity, PauseFee, PauseClarification}[pauseKind%4-1]
			from := received.AddDays(int(pauseAt % 40))
			in.Pauses = []Pause{{Reason: reason, From: from, To: from.AddDays(int(pauseLen % 20))}}
		}
		d, err := Compute(in)
		if err != nil {
			// The only refusal for valid input: a clarification asked after the clock ran out.
			if backend.ErrorField(err) != "pauses" {
				t.Fatalf("%+v: %v", in, err)
			}
			return
		}
		checkProperties(t, in, d)
		if len(in.Pauses) > 0 {
			plain, err := Compute(Input{Regime: r.Regime, Right: r.Right, Received: received, Calendar: in.Calendar})
			if err != nil {
				t.Fatal(err)
			}
			if d.StatutoryRespondBy.Before(plain.StatutoryRespondBy) {
				t.Fatalf("%+v: a pause moved the date earlier (%s < %s)", in, d.StatutoryRespondBy, plain.StatutoryRespondBy)
			}
		}
	})
}

func BenchmarkCompute(b *testing.B) {
	inputs := []Input{
		{Regime: "ccpa", Right: "access", Received: backend.NewDate(2026, 12, 22)},
		{Regime: "ccpa", Right: "opt-out", Received: backend.NewDate(2026, 3, 20)},
		{Regime: "va", Right: "access", Received: backend.NewDate(2026, 3, 2), PromisedDays: 30},
		{Regime: "gdpr", Right: "access", Received: backend.NewDate(2026, 11, 25), Calendar: CalendarOptions{HolidayCountry: "DE"}},
		{Regime: "uk-gdpr", Right: "access", Received: backend.NewDate(2026, 11, 25),
			Pauses: []Pause{{Reason: PauseClarification, From: backend.NewDate(2026, 12, 1), To: backend.NewDate(2026, 12, 3)}}},
		{Regime: "hipaa", Right: "access", Received: backend.NewDate(2026, 3, 2)},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Compute(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}
