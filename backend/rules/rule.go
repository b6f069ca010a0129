package rules

import (
	"fmt"
	"sort"
	"sync"

	"privacydesk/backend"
)

// Unit is how a period is counted (docs/legal.md#counting-convention).
type Unit string

const (
	UnitNone         Unit = ""              // no clock in the law
	UnitCalendarDays Unit = "calendar-days" // received + N
	UnitBusinessDays Unit = "business-days" // N Monday-to-Friday non-holidays after receipt
	UnitMonths       Unit = "months"        // same day N months later, clamped, rolled to a working day
)

// Period is a length of time in a unit. The zero Period means "none".
type Period struct {
	N    int  `json:"n"`
	Unit Unit `json:"unit"`
}

// IsZero reports whether the period is absent.
func (p Period) IsZero() bool { return p.Unit == UnitNone }

// String is the period for people: "45 calendar days", "one month", "10 business days".
func (p Period) String() string {
	switch p.Unit {
	case UnitNone:
		return "none"
	case UnitMonths:
		if p.N == 1 {
			return "one month"
		}
		return fmt.Sprintf("%d months", p.N)
	case UnitBusinessDays:
		if p.N == 1 {
			return "1 business day"
		}
		return fmt.Sprintf("%d business days", p.N)
	default:
		if p.N == 1 {
			return "1 calendar day"
		}
		return fmt.Sprintf("%d calendar days", p.N)
	}
}

// CalendarID names the holiday calendar a rule counts and rolls with.
type CalendarID string

const (
	CalendarUSFederal    CalendarID = "us-federal" // 5 U.S.C. 6103 federal holidays
	CalendarCalifornia   CalendarID = "us-ca"      // Cal. Gov. Code 6700/6701 state holidays
	CalendarEnglandWales CalendarID = "gb-ew"      // UK bank holidays, England and Wales
	CalendarEU           CalendarID = "eu"         // public holidays of the GDPR requester's EU country
)

// Label is the calendar's name for people.
func (c CalendarID) Label() string {
	switch c {
	case CalendarUSFederal:
		return "US federal holidays"
	case CalendarCalifornia:
		return "California state holidays"
	case CalendarEnglandWales:
		return "Bank holidays in England and Wales"
	case CalendarEU:
		return "Public holidays of the requester's EU country (weekends only when none is chosen)"
	}
	return string(c)
}

// PausePolicy says whether, and how, the law lets the clock stop.
type PausePolicy string

const (
	// PauseNever: the clock runs regardless (CCPA: "regardless of time required to verify",
	// 11 CCR 7021(b)); a pause is refused.
	PauseNever PausePolicy = ""
	// PauseUKRelevantTime: UK GDPR Art. 12A (inserted by the Data (Use and Access) Act
	// 2025): the period runs from the latest of receipt, receipt of identity information
	// and payment of a fee; the days from asking for clarification to receiving it do
	// not count.
	PauseUKRelevantTime PausePolicy = "uk-relevant-time"
)

// Rule is the clock of one right under one regime.
type Rule struct {
	Regime backend.Regime `json:"regime"`
	Right  backend.Right  `json:"right"`
	// Version increases whenever the row changes; a request stores the version its dates
	// were computed with, so a change never silently moves an existing deadline.
	Version int `json:"version"`
	// Acknowledge is the period to confirm receipt (zero: none required).
	Acknowledge Period `json:"acknowledge"`
	// Respond is the period to act on the request (Unit none: no clock in the law).
	Respond Period `json:"respond"`
	// Extension is the one further period the law allows, in Respond's unit (zero: none).
	Extension Period `json:"extension"`
	// ExtensionNotice says when and how the requester must be told of an extension.
	ExtensionNotice string `json:"extensionNotice"`
	// Pause is whether and how the clock may stop.
	Pause PausePolicy `json:"pause"`
	// Calendar counts business days and rolls month ends; for calendar-day rules it only
	// flags a due date that falls on a weekend or holiday.
	Calendar CalendarID `json:"calendar"`
	// Citation is shown next to every computed date.
	Citation string `json:"citation"`
	// EffectiveFrom is the first day of receipt the row applies to; EffectiveUntil, when
	// set, the last. The row applied to a request is the one in force on the day it was
	// received (a law changed later does not reach back).
	EffectiveFrom  backend.Date `json:"effectiveFrom"`
	EffectiveUntil backend.Date `json:"effectiveUntil"`
	// Checked records when the row was last checked against the law and what was read.
	Checked Checked `json:"checked"`
	// Note explains the rule in plain language.
	Note string `json:"note"`
}

// Checked is when a rule was last checked against the text of the law, and what was read.
type Checked struct {
	On   backend.Date `json:"on"`
	Read string       `json:"read"`
	// Source is what the row rests on; How says it for people ("against the text of the law").
	// Both are left out of JSON when empty, so clearing Checked (the rule fingerprints do)
	// gives the same JSON as before they existed.
	Source CheckSource `json:"source,omitempty"`
	How    string      `json:"how,omitempty"`
}

// CheckSource is what a rule row was checked against.
type CheckSource string

const (
	// SourceText: the statute or regulation text itself was read.
	SourceText CheckSource = "text"
	// SourceGuidance: the regulator's own published statement of the law, not its text.
	SourceGuidance CheckSource = "guidance"
	// SourceSummary: secondary summaries and reference notes only; the text was not found.
	SourceSummary CheckSource = "summary"
)

var checkSourceHow = map[CheckSource]string{
	SourceText:     "against the text of the law",
	SourceGuidance: "against the regulator's guidance, not the text of the law",
	SourceSummary:  "from secondary summaries only: the text of the law was not read",
}

// InForce reports whether the row applies to a request received on day.
func (r Rule) InForce(day backend.Date) bool {
	if day.Before(r.EffectiveFrom) {
		return false
	}
	return r.EffectiveUntil.IsZero() || !day.After(r.EffectiveUntil)
}

// EffectiveText is the row's range for people: "from 1 July 2026", "1 January 2021 to
// 4 February 2026".
func (r Rule) EffectiveText() string {
	if r.EffectiveUntil.IsZero() {
		return "from " + r.EffectiveFrom.Long()
	}
	return r.EffectiveFrom.Long() + " to " + r.EffectiveUntil.Long()
}

// HasClock reports whether the law sets a response period for the right.
func (r Rule) HasClock() bool { return !r.Respond.IsZero() }

// AllowsPause reports whether the clock may stop.
func (r Rule) AllowsPause() bool { return r.Pause != PauseNever }

type key struct {
	regime backend.Regime
	right  backend.Right
}

// index lists, per (regime, right), the table rows in order of EffectiveFrom. Built on
// first use, like table: a command that looks up no rule does not pay for it at start.
var index = sync.OnceValue(buildIndex)

func buildIndex() map[key][]int {
	t := table()
	m := make(map[key][]int, len(t))
	for i, r := range t {
		k := key{r.Regime, r.Right}
		m[k] = append(m[k], i)
	}
	for _, rows := range m {
		sort.SliceStable(rows, func(a, b int) bool { return t[rows[a]].EffectiveFrom.Before(t[rows[b]].EffectiveFrom) })
	}
	return m
}

// check refuses an unknown regime or right, or a right the regime never grants.
func check(regime backend.Regime, right backend.Right) error {
	if !regime.Valid() {
		return backend.Invalid("regime", "unknown regime %q (expected one of ccpa, va, co, ct, tx, ut, or, fl, gdpr, uk-gdpr, hipaa)", string(regime))
	}
	if !right.Valid() {
		return backend.Invalid("rights", "unknown right %q", string(right))
	}
	if !regime.Grants(right) {
		return backend.Invalid("rights", "%s does not grant the right %q", regime.Label(), string(right))
	}
	if len(index()[key{regime, right}]) == 0 {
		// A granted pair without a row is a fault of ours; TestEveryGrantHasARule guards it.
		return backend.Errorf(backend.EINTERNAL, "no deadline rule for %s %s", regime, right)
	}
	return nil
}

// Lookup returns the current rule for a regime and right: the row with the latest
// EffectiveFrom. It carries the pair's Version (shared by all its rows). An unknown
// regime or right, or a right the regime never grants, is an EINVALID error (field
// "regime" or "rights"). Use LookupOn for a request.
func Lookup(regime backend.Regime, right backend.Right) (Rule, error) {
	if err := check(regime, right); err != nil {
		return Rule{}, err
	}
	rows := index()[key{regime, right}]
	return table()[rows[len(rows)-1]], nil
}

// LookupOn returns the rule in force on day, the day a request was received. A right
// not yet (or no longer) granted on that day is an EINVALID error on "rights" that says
// from when it is.
func LookupOn(regime backend.Regime, right backend.Right, day backend.Date) (Rule, error) {
	if err := check(regime, right); err != nil {
		return Rule{}, err
	}
	if day.IsZero() {
		return Rule{}, backend.Invalid("received", "the date the request was received is required")
	}
	rows := index()[key{regime, right}]
	for _, i := range rows {
		if table()[i].InForce(day) {
			return table()[i], nil
		}
	}
	first, last := table()[rows[0]], table()[rows[len(rows)-1]]
	if day.Before(first.EffectiveFrom) {
		return Rule{}, backend.Invalid("rights", "%s grants the right %q only to requests received from %s (%s); this one was received on %s, so it is not granted",
			regime.Label(), string(right), first.EffectiveFrom.Long(), first.Citation, day.Long())
	}
	return Rule{}, backend.Invalid("rights", "%s no longer grants the right %q after %s (%s); this request was received on %s",
		regime.Label(), string(right), last.EffectiveUntil.Long(), last.Citation, day.Long())
}

// All returns every rule row in display order (regime, right, then effective date), for
// the rules table and for finding which requests a rule change would affect.
func All() []Rule {
	out := make([]Rule, 0, len(table()))
	for _, g := range backend.Regimes {
		for _, t := range g.GrantedRights() {
			for _, i := range index()[key{g, t}] {
				out = append(out, table()[i])
			}
		}
	}
	return out
}
