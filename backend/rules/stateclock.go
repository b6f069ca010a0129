package rules

import (
	"fmt"
	"sort"
	"strings"

	"privacydesk/backend"
)

// StateClock is a state's own clock for a patient's access to their medical records.
// HIPAA yields to a state law that is more stringent, that is, gives the patient more
// (45 CFR 160.203(b)): where the state's date is earlier, the state's date governs.
type StateClock struct {
	State     string `json:"state"`     // USPS code: "CA"
	StateName string `json:"stateName"` // "California"
	// What the clock is for: "inspection", "copies", "electronic copy".
	What string `json:"what"`
	// Period is the state's period; the zero Period means the law sets no fixed time
	// ("within a reasonable time"), so HIPAA's date stands.
	Period   Period     `json:"period"`
	Calendar CalendarID `json:"calendar"` // business or working days count with this calendar
	Citation string     `json:"citation"`
	// EffectiveFrom is the first day of receipt the clock applies to (zero: in force
	// before any request the app handles).
	EffectiveFrom backend.Date `json:"effectiveFrom"`
	Checked       Checked      `json:"checked"`
	Note          string       `json:"note"`
}

var stateClocks = []StateClock{
	{
		State: "CA", StateName: "California", What: "inspection", Period: businessDays(5), Calendar: CalendarCalifornia,
		Citation: "Cal. Health & Safety Code 123110(b)",
		Checked: checkedSummary("Per regimes.md (Health & Safety Code 123110: inspection within 5 working days after receipt of the " +
			"written request, copies within 15 days); the statute text was not in the reference library searched. Working days " +
			"are counted as business days without the Gov. Code 6700 holidays."),
		Note: "Let the patient inspect the records within 5 working days of the written request.",
	},
	{
		State: "CA", StateName: "California", What: "copies", Period: days(15), Calendar: CalendarCalifornia,
		Citation: "Cal. Health & Safety Code 123110(c)",
		Checked: checkedSummary("Per regimes.md (Health & Safety Code 123110: copies within 15 days after receiving the written " +
			"request); the statute text was not in the reference library searched."),
		Note: "Send copies within 15 days of the written request.",
	},
	{
		State: "TX", StateName: "Texas", What: "electronic copy", Period: businessDays(15), Calendar: CalendarUSFederal,
		Citation:      "Tex. Health & Safety Code 181.102(a)",
		EffectiveFrom: backend.NewDate(2012, 9, 1),
		Checked: checked("Read 181.102 (Texas statutes text via texas.public.law, source statutes.capitol.texas.gov): a provider " +
			"using an electronic health records system capable of it provides the record in electronic form \"not later than the " +
			"15th business day after the date the health care provider receives a written request\", unless the person agrees " +
			"to another form; access may be withheld where 45 CFR 164.524 allows. Added by H.B. 300 (2011), eff. 1 September 2012. " +
			"Texas state holidays (Gov. Code 662.003) are not in the app's calendars, so business days skip weekends and federal " +
			"holidays only: a Texas-only holiday would make the true date later, never earlier."),
		Note: "If the practice keeps electronic health records, send the electronic copy within 15 business days of the written request.",
	},
	{
		State: "MT", StateName: "Montana", What: "inspection or copies", Period: days(10), Calendar: CalendarUSFederal,
		Citation: "Mont. Code Ann. 50-16-541(1)",
		Checked: checked("Read 50-16-541 (casetext, current through the 2023 regular session): as promptly as required but no " +
			"later than 10 days after receiving a written request, make the information available for examination or provide " +
			"a copy, or explain why not; where the information is in use or unusual circumstances delay it, tell the patient in " +
			"writing the reasons and the earliest date, not later than 21 days after the request."),
		Note: "Make the records available, or send the copy, within 10 days of the written request (21 days, with a written reason, " +
			"when the records are in use or unusual circumstances delay it).",
	},
	{
		State: "NY", StateName: "New York", What: "inspection", Period: days(10), Calendar: CalendarUSFederal,
		Citation: "N.Y. Public Health Law 18(2)(a)",
		Checked: checkedGuidance("Read the New York State Department of Health's patient notice \"You and Your Health Records\" " +
			"(health.ny.gov), which states the provider \"has 10 days after receiving the request to provide an opportunity for you " +
			"to inspect your records\", and its memorandum \"Access to Patient Information\", which puts the procedures in Public " +
			"Health Law 18. The wording of 18(2)(a) itself was not in the text found (the copies read showed subdivision 1 only), " +
			"so this row rests on the Department's statement of the law, not on the statute; the ten days are counted as calendar " +
			"days, which errs early if the statute means anything longer."),
		Note: "Give the patient an opportunity to inspect the records within 10 days of the written request.",
	},
	{
		State: "NY", StateName: "New York", What: "copies", Calendar: CalendarUSFederal,
		Citation: "N.Y. Public Health Law 18(2)(d)",
		Checked: checked("Read Public Health Law 18(2)(d) as reprinted in bill S7846 (2024): a provider furnishes a copy " +
			"\"within a reasonable time\" of a written request, so no fixed date."),
		Note: "Copies within a reasonable time (no fixed period in the statute).",
	},
}

// StateDeadline is one state clock applied to a request.
type StateDeadline struct {
	Clock StateClock   `json:"clock"`
	Due   backend.Date `json:"due"` // zero when the state sets no fixed time
	How   string       `json:"how"` // without the citation, which Clock carries
}

// Governing is the date that governs a right and why: the law's date, or for HIPAA
// access an earlier date of the practice's state.
type Governing struct {
	Date     backend.Date    `json:"date"`
	Why      string          `json:"why"`
	Citation string          `json:"citation"`
	State    []StateDeadline `json:"state"`
}

// ValidateState accepts "" (no state) or a USPS state code, in any case.
func ValidateState(state string) error {
	if state == "" {
		return nil
	}
	if backend.ValidState(strings.ToUpper(state)) {
		return nil
	}
	return backend.Invalid("state", "unknown US state %q (expected a two-letter postal code such as CA, TX or NY)", state)
}

// StateClocks returns the patient-access clocks of a state (none for most states, and
// for "") in the order they are shown. An unknown code is an EINVALID error on "state".
func StateClocks(state string) ([]StateClock, error) {
	if err := ValidateState(state); err != nil {
		return nil, err
	}
	var out []StateClock
	for _, c := range stateClocks {
		if strings.EqualFold(c.State, state) {
			out = append(out, c)
		}
	}
	return out, nil
}

// AllStateClocks lists every state clock, for the rules table.
func AllStateClocks() []StateClock { return append([]StateClock(nil), stateClocks...) }

// Govern says which date governs d for a practice in state: for HIPAA access, the
// earliest of HIPAA's date and the state's clocks in force on the day of receipt (45 CFR
// 160.203(b)); for anything else, or with no state, the law's date (the date shown,
// RespondBy, when the law sets none).
func Govern(d Deadlines, state string) (Governing, error) {
	clocks, err := StateClocks(state)
	if err != nil {
		return Governing{}, err
	}
	// Why is said without the citation, which Citation carries.
	bare := func(how string) string { return strings.TrimSuffix(how, " — "+d.Citation) }
	g := Governing{Date: d.StatutoryRespondBy, Why: bare(d.StatutoryHow), Citation: d.Citation, State: []StateDeadline{}}
	if g.Date.IsZero() {
		g.Date, g.Why = d.RespondBy, bare(d.RespondHow)
	}
	if d.Rule.Regime != backend.RegimeHIPAA || d.Rule.Right != backend.RightAccess {
		return g, nil
	}
	if len(clocks) == 0 {
		if state != "" {
			g.Why += fmt.Sprintf(" (no stricter %s patient-access clock is encoded, so HIPAA's date governs)", strings.ToUpper(state))
		}
		return g, nil
	}
	cal := map[CalendarID]*calendar{}
	var best *StateDeadline
	for _, c := range clocks {
		if !c.EffectiveFrom.IsZero() && d.Received.Before(c.EffectiveFrom) {
			continue
		}
		sd := StateDeadline{Clock: c, How: "no fixed time in the statute: " + c.Note}
		if !c.Period.IsZero() {
			if cal[c.Calendar] == nil {
				if cal[c.Calendar], err = newCalendar(c.Calendar, CalendarOptions{}); err != nil {
					return Governing{}, err
				}
			}
			var how string
			sd.Due, how = addPeriod(cal[c.Calendar], from(d.Received), c.Period)
			sd.How = how
			if best == nil || sd.Due.Before(best.Due) {
				best = &sd
			}
		}
		g.State = append(g.State, sd)
	}
	sort.SliceStable(g.State, func(i, j int) bool {
		a, b := g.State[i].Due, g.State[j].Due
		return !a.IsZero() && (b.IsZero() || a.Before(b))
	})
	if best != nil && best.Due.Before(g.Date) {
		g.Date, g.Citation = best.Due, best.Clock.Citation
		g.Why = fmt.Sprintf("%s law, %s: %s, earlier than HIPAA's %s; the more stringent state law prevails (45 CFR 160.203(b))",
			best.Clock.StateName, best.Clock.What, best.How, d.StatutoryRespondBy.Long())
		return g, nil
	}
	g.Why += fmt.Sprintf(" (%s's own clocks are not earlier, so HIPAA's date governs)", clocks[0].StateName)
	return g, nil
}
