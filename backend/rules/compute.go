package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"privacydesk/backend"
)

// PauseReason is why a clock stopped (UK GDPR Art. 12A only).
type PauseReason string

const (
	// PauseIdentity: the controller asked for information to confirm identity; the
	// period starts when it arrives (From: asked, To: received).
	PauseIdentity PauseReason = "identity"
	// PauseFee: a permitted fee was asked for; the period starts when it is paid.
	PauseFee PauseReason = "fee"
	// PauseClarification: the controller asked what the request covers; the days from
	// asking (From) to receiving the answer (To), both included, do not count.
	PauseClarification PauseReason = "clarification"
)

// Pause is a recorded stop of the clock. Both dates are required; while the practice
// is still waiting, pass To = today and the dates move day by day until the answer comes.
type Pause struct {
	Reason PauseReason  `json:"reason"`
	From   backend.Date `json:"from"`
	To     backend.Date `json:"to"`
}

// Extension is the one extension taken: on which day, to which date, and why.
type Extension struct {
	On      backend.Date `json:"on"`
	NewDate backend.Date `json:"newDate"`
	Reason  string       `json:"reason"`
}

// Input is one right of one request.
type Input struct {
	Regime   backend.Regime `json:"regime"`
	Right    backend.Right  `json:"right"`
	Received backend.Date   `json:"received"`
	Pauses   []Pause        `json:"pauses"`
	// PromisedDays is the practice's own period in calendar days (0: none). The date
	// shown is the earlier of this and the law's.
	PromisedDays int             `json:"promisedDays"`
	Calendar     CalendarOptions `json:"calendar"`
	// Extension, when taken, is checked with CheckExtension and becomes the due date.
	Extension *Extension `json:"extension,omitempty"`
}

// Deadlines are the dates of one right, each with how it was computed. A zero date
// means "none" (JSON null).
type Deadlines struct {
	Rule     Rule         `json:"rule"`
	Received backend.Date `json:"received"`
	// ClockStart is when the period began: the received date, or for UK GDPR the later
	// date identity was confirmed or a fee paid.
	ClockStart backend.Date `json:"clockStart"`
	// PausedDays did not count (UK GDPR clarification).
	PausedDays int `json:"pausedDays"`

	AcknowledgeBy  backend.Date `json:"acknowledgeBy"`
	AcknowledgeHow string       `json:"acknowledgeHow"`
	// StatutoryRespondBy is the law's date; PromisedRespondBy the practice's own, set only
	// when it is earlier than the law's (or the law sets none): a later promise does not
	// apply, and PromisedHow says so.
	StatutoryRespondBy backend.Date `json:"statutoryRespondBy"`
	StatutoryHow       string       `json:"statutoryHow"`
	PromisedRespondBy  backend.Date `json:"promisedRespondBy"`
	PromisedHow        string       `json:"promisedHow"`
	// ExtendedRespondBy is the latest date the one allowed extension may reach.
	ExtendedRespondBy backend.Date `json:"extendedRespondBy"`
	ExtendedHow       string       `json:"extendedHow"`
	// RespondBy is the due date shown: the extension's new date when one was taken,
	// else the earlier of the statutory and promised dates.
	RespondBy  backend.Date `json:"respondBy"`
	RespondHow string       `json:"respondHow"`
	Extension  *Extension   `json:"extension,omitempty"`
	// SendBy is the practice's own "send by" date: the last day on or before RespondBy on
	// which the office is open (not a weekend, holiday of the rule's calendar, or practice
	// closed day). Closed days move only this date, never a statutory one.
	SendBy   backend.Date `json:"sendBy"`
	Warnings []string     `json:"warnings"`
	Citation string       `json:"citation"`
}

// maxPromisedDays bounds the practice's own period (Settings allows up to 365).
const maxPromisedDays = 3650

// Compute returns the deadlines of one right received on in.Received.
func Compute(in Input) (Deadlines, error) {
	// The rule in force on the day the request was received (a right not yet granted
	// then is refused), not the one in force today.
	rule, err := LookupOn(in.Regime, in.Right, in.Received)
	if err != nil {
		return Deadlines{}, err
	}
	if in.PromisedDays < 0 || in.PromisedDays > maxPromisedDays {
		return Deadlines{}, backend.Invalid("promisedDays", "the practice's promised period must be between 0 and %d days", maxPromisedDays)
	}
	c, err := newCalendar(rule.Calendar, in.Calendar)
	if err != nil {
		return Deadlines{}, err
	}
	d := Deadlines{Rule: rule, Received: in.Received, ClockStart: in.Received, Citation: rule.Citation, Warnings: []string{}}

	start := from(in.Received)
	if len(in.Pauses) > 0 {
		if err := pausesAllowed(rule); err != nil {
			return Deadlines{}, err
		}
		if start, err = applyPauses(c, rule, in.Received, in.Pauses); err != nil {
			return Deadlines{}, err
		}
		d.ClockStart, d.PausedDays = start.date, start.paused
	}

	if !rule.Acknowledge.IsZero() {
		var how string
		d.AcknowledgeBy, how = addPeriod(c, from(in.Received), rule.Acknowledge)
		d.AcknowledgeHow = how + " — " + rule.Citation
	}

	if rule.HasClock() {
		var how string
		d.StatutoryRespondBy, how = addPeriod(c, start, rule.Respond)
		d.StatutoryHow = how + " — " + rule.Citation
		if !rule.Extension.IsZero() {
			total := Period{N: rule.Respond.N + rule.Extension.N, Unit: rule.Respond.Unit}
			d.ExtendedRespondBy, how = addPeriod(c, start, total)
			d.ExtendedHow = fmt.Sprintf("%s plus the one extension of %s: %s — %s", rule.Respond, rule.Extension, how, rule.Citation)
		}
	} else {
		d.StatutoryHow = "No deadline in the law — " + rule.Citation
	}

	if in.PromisedDays > 0 {
		promised, how := addPeriod(c, start, days(in.PromisedDays))
		if d.StatutoryRespondBy.IsZero() || promised.Before(d.StatutoryRespondBy) {
			d.PromisedRespondBy, d.PromisedHow = promised, how+" — the practice's own promise"
		} else {
			// A promise of more time than the law allows does not apply: the law's earlier
			// date governs, so no second, later date is reported: the due date is the
			// earlier of the two (docs/legal.md#closed-days-and-promises).
			d.PromisedHow = fmt.Sprintf("The practice's own promise (%s) is not earlier than the law's %s, so the law's date applies.",
				how, d.StatutoryRespondBy.Long())
		}
	}

	switch {
	case d.StatutoryRespondBy.IsZero() && d.PromisedRespondBy.IsZero():
		d.RespondHow = d.StatutoryHow
	case d.StatutoryRespondBy.IsZero():
		d.RespondBy, d.RespondHow = d.PromisedRespondBy, d.PromisedHow+" (the law sets no deadline)"
	case !d.PromisedRespondBy.IsZero() && d.PromisedRespondBy.Before(d.StatutoryRespondBy):
		d.RespondBy = d.PromisedRespondBy
		d.RespondHow = fmt.Sprintf("%s, earlier than the law's %s", d.PromisedHow, d.StatutoryRespondBy.Long())
	default:
		d.RespondBy, d.RespondHow = d.StatutoryRespondBy, d.StatutoryHow
	}

	if in.Extension != nil {
		ext := *in.Extension
		ext.Reason = strings.TrimSpace(ext.Reason)
		if err := CheckExtension(d, ext.On, ext.NewDate, ext.Reason); err != nil {
			return Deadlines{}, err
		}
		d.Extension = &ext
		d.RespondBy = ext.NewDate
		d.RespondHow = fmt.Sprintf("extended on %s to %s (%s); the law allows up to %s — %s",
			ext.On.Long(), ext.NewDate.Long(), ext.Reason, d.ExtendedRespondBy.Long(), rule.Citation)
	}

	d.SendBy = sendBy(c, d.RespondBy, in.Received)
	d.Warnings = warnings(c, rule, d)
	return d, nil
}

// pausesAllowed refuses a pause the law does not allow.
func pausesAllowed(r Rule) error {
	switch {
	case !r.HasClock():
		return backend.Invalid("pauses", "%s sets no deadline for %s requests, so there is no clock to stop", r.Regime.Label(), r.Right.Label())
	case r.Regime == backend.RegimeCCPA:
		return backend.Invalid("pauses", "the CCPA clock runs while identity is verified (11 CCR 7021(b)); it cannot be paused")
	case r.Regime == backend.RegimeUKGDPR && !r.AllowsPause():
		return backend.Invalid("pauses", "UK GDPR Art. 12A (the clock stop) is in force for requests received from %s; this one was received earlier (%s)", ukDUAA.Long(), r.Citation)
	case r.Regime == backend.RegimeOR:
		return backend.Invalid("pauses", "ORS 646A.576(5)(d) lets the practice wait for authentication information before complying, but does not say the 45 days start again; the app keeps counting from receipt")
	case !r.AllowsPause():
		return backend.Invalid("pauses", "%s does not let the clock stop for %s requests (%s)", r.Regime.Label(), strings.ToLower(r.Right.Label()), r.Citation)
	}
	return nil
}

// applyPauses works out, for UK GDPR Art. 12A, when the period starts (the latest of
// receipt, identity information received and fee paid) and how many days of waiting for
// a clarification do not count.
func applyPauses(c *calendar, r Rule, received backend.Date, pauses []Pause) (clockStart, error) {
	start := received
	startWhy := ""
	var clar []Pause
	for i, p := range pauses {
		field := fmt.Sprintf("pauses[%d]", i)
		switch {
		case p.From.IsZero() || p.To.IsZero():
			return clockStart{}, backend.Invalid(field, "a pause needs the date asked and the date answered")
		case p.To.Before(p.From):
			return clockStart{}, backend.Invalid(field, "a pause cannot end (%s) before it starts (%s)", p.To, p.From)
		case p.From.Before(received):
			return clockStart{}, backend.Invalid(field, "a pause cannot start (%s) before the request was received (%s)", p.From, received)
		}
		switch p.Reason {
		case PauseIdentity, PauseFee:
			if p.To.After(start) {
				start = p.To
				startWhy = map[PauseReason]string{PauseIdentity: "identity confirmed", PauseFee: "fee paid"}[p.Reason]
			}
		case PauseClarification:
			clar = append(clar, p)
		default:
			return clockStart{}, backend.Invalid(field, "unknown pause reason %q (expected identity, fee or clarification)", p.Reason)
		}
	}
	cs := from(start)
	if startWhy != "" {
		cs.label = fmt.Sprintf("%s (%s; received %s)", start.Long(), startWhy, received.Long())
	}
	sort.Slice(clar, func(i, j int) bool { return clar[i].From.Before(clar[j].From) })
	for i, p := range clar {
		if i > 0 && !p.From.After(clar[i-1].To) {
			return clockStart{}, backend.Invalid("pauses", "the clarification pauses from %s and %s overlap", clar[i-1].From, p.From)
		}
		end, _ := addPeriod(c, cs, r.Respond)
		if p.From.After(end) {
			return clockStart{}, backend.Invalid("pauses", "a clarification asked for on %s cannot stop a clock that ran out on %s", p.From, end)
		}
		first := p.From
		if first.Before(start) {
			first = start // days before the period starts are not in it anyway
		}
		if !p.To.Before(first) {
			cs.paused += first.DaysUntil(p.To) + 1
		}
	}
	return cs, nil
}

// clockStart is where a period is counted from and why: the received date, or for UK
// GDPR the later day identity was confirmed or a fee paid, and the paused days.
type clockStart struct {
	date   backend.Date
	label  string // "5 March 2026 (identity confirmed; received 2 March 2026)"
	paused int    // days waiting for clarification, not counted
}

func from(d backend.Date) clockStart { return clockStart{date: d, label: d.Long()} }

// addPeriod returns the start plus p (plus the paused days that did not count) and how
// it was counted.
func addPeriod(c *calendar, s clockStart, p Period) (backend.Date, string) {
	start, paused := s.date, s.paused
	pausedNote := ""
	if paused > 0 {
		pausedNote = ", plus " + plural(paused, "day") + " waiting for clarification"
	}
	switch p.Unit {
	case UnitBusinessDays:
		d := start.AddDays(paused)
		var skipped []string
		for n := 0; n < p.N; {
			d = d.AddDays(1)
			// Only the law's calendar counts: a day the practice marks closed is still a
			// business day (a private closure is not a legal holiday, Cal. Civ. Code 7, 9).
			if c.working(d) {
				n++
			} else if h := c.holiday(d); h != "" {
				skipped = append(skipped, fmt.Sprintf("%s %s", h, d.Long()))
			}
		}
		how := fmt.Sprintf("%s after %s%s, not counting weekends or %s", p, s.label, pausedNote, c.describe())
		if len(skipped) > 0 {
			how += " (" + strings.Join(skipped, ", ") + ")"
		}
		return d, how
	case UnitMonths:
		d, clamped := addMonths(start, p.N)
		how := fmt.Sprintf("%s from %s", p, s.label)
		if clamped {
			how += fmt.Sprintf(" (no %d %s: the month's last day, %s)", start.Time().Day(), d.Time().Month(), d.Long())
		}
		if paused > 0 {
			d = d.AddDays(paused)
			how += pausedNote
		}
		if !c.working(d) {
			var skipped []string
			for i := 0; i < 60 && !c.working(d); i++ {
				// Name the first day, and any holiday after it; plain weekend days go unsaid.
				if h := c.holiday(d); i == 0 || h != "" {
					skipped = append(skipped, fmt.Sprintf("%s is %s", d.Long(), nonWorkingWhy(c, d)))
				}
				d = d.AddDays(1)
			}
			how += fmt.Sprintf("; %s, so the next working day, %s", strings.Join(skipped, ", "), d.Long())
		}
		return d, how
	default: // calendar days
		d := start.AddDays(p.N + paused)
		if p.N == 0 {
			return d, fmt.Sprintf("the day it was received, %s", s.label)
		}
		return d, fmt.Sprintf("%s from %s%s", p, s.label, pausedNote)
	}
}

// addMonths is the same day number n months later, or that month's last day.
func addMonths(d backend.Date, n int) (backend.Date, bool) {
	y, m, day := d.Time().Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		return backend.NewDate(first.Year(), first.Month(), last), true
	}
	return backend.NewDate(first.Year(), first.Month(), day), false
}

// nonWorkingWhy says why d is not a working day: "a Saturday", "Christmas Day".
func nonWorkingWhy(c *calendar, d backend.Date) string {
	if h := c.holiday(d); h != "" {
		return h
	}
	return "a " + d.Weekday().String()
}

// sendBy is the last day the office is open on or before due, but not before received.
func sendBy(c *calendar, due, received backend.Date) backend.Date {
	if due.IsZero() {
		return backend.Date{}
	}
	d := due
	for i := 0; i < 366 && d.After(received) && !c.officeOpen(d); i++ {
		d = d.AddDays(-1)
	}
	return d
}

func warnings(c *calendar, r Rule, d Deadlines) []string {
	w := []string{}
	if !d.RespondBy.IsZero() && !d.SendBy.Equal(d.RespondBy) {
		why := nonWorkingWhy(c, d.RespondBy)
		if c.working(d.RespondBy) {
			why = "a day the practice is closed"
		}
		w = append(w, fmt.Sprintf("%s is %s and the law does not move the date: send the response by %s.", d.RespondBy.Long(), why, d.SendBy.Long()))
	}
	if r.Calendar == CalendarEU && c.country == "" {
		w = append(w, "No EU country is chosen for public holidays: only weekends move a GDPR date.")
	}
	if r.Calendar == CalendarCalifornia {
		for _, x := range []backend.Date{d.AcknowledgeBy, d.StatutoryRespondBy} {
			if !x.IsZero() && x.Time().Year() > lastTabulatedYear {
				w = append(w, fmt.Sprintf("Lunar New Year and Diwali dates are tabulated to %d; a later one is not skipped.", lastTabulatedYear))
				break
			}
		}
	}
	return w
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
