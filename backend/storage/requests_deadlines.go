package storage

import (
	"errors"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

// calendarOptions are the calendar settings of a request's clocks as the deadline rules
// take them: the practice's closed days, and for a GDPR request the requester's country,
// whose public holidays move a due date (none chosen: weekends only).
func calendarOptions(p backend.Practice, r *backend.Request) rules.CalendarOptions {
	o := rules.CalendarOptions{}
	if r.Regime == backend.RegimeGDPR {
		o.HolidayCountry = r.Requester.Country
	}
	for _, s := range p.ClosedDays {
		if d, err := backend.ParseDate(s); err == nil {
			o.ClosedDays = append(o.ClosedDays, d)
		}
	}
	return o
}

// weekendsOnlyNote ends the explanation of a GDPR date counted without a country: only
// Saturdays and Sundays moved it, no public holiday.
const weekendsOnlyNote = "counted with weekends only: no country chosen"

// rulePauses turns the request's pauses into the rules' form; a pause still running
// counts up to today.
func rulePauses(r *backend.Request, today backend.Date) []rules.Pause {
	var out []rules.Pause
	for _, p := range r.Pauses {
		to := p.EndedOn
		if to.IsZero() {
			to = today
			if to.Before(p.StartedOn) {
				to = p.StartedOn
			}
		}
		out = append(out, rules.Pause{Reason: rules.PauseReason(p.Kind), From: p.StartedOn, To: to})
	}
	return out
}

// computeDeadlines fills each right's clock from the deadline rules, for a request with
// no pause running (a new one, or a bulk change that keeps computed dates). Rights
// computed before keep their stored dates unless force is set (the received date,
// regime, pauses or extension changed): a changed rule never silently moves an existing
// deadline.
func computeDeadlines(p backend.Practice, r *backend.Request, force bool) error {
	return computeDeadlinesAsOf(p, r, force, r.ReceivedDate)
}

// computeDeadlinesAsOf is computeDeadlines with the practice's date today: a running
// pause counts up to today (the rules take an ongoing pause with To = today).
func computeDeadlinesAsOf(p backend.Practice, r *backend.Request, force bool, today backend.Date) error {
	cal := calendarOptions(p, r)
	if err := rules.ValidateHolidayCountry(cal.HolidayCountry); err != nil {
		return backend.Invalid("requester.country", "%s", backend.ErrorMessage(err))
	}
	for i := range r.Rights {
		rr := &r.Rights[i]
		if !force && rr.RuleVersion != 0 {
			continue
		}
		// The rule in force on the day the request was received: a UK GDPR request received
		// before Art. 12A was in force has no clock stop, so its pauses are not passed.
		rule, err := rules.LookupOn(r.Regime, rr.Right, r.ReceivedDate)
		if err != nil {
			return ruleError(err)
		}
		in := rules.Input{Regime: r.Regime, Right: rr.Right, Received: r.ReceivedDate,
			PromisedDays: p.PromisedDays[string(r.Regime)], Calendar: cal}
		if rule.AllowsPause() {
			in.Pauses = rulePauses(r, today)
		}
		if r.Extension != nil && !rr.ExtendedTo.IsZero() {
			// Each right is checked against the day its own extension was taken: a right
			// extended in its period stays valid when another is extended later.
			in.Extension = &rules.Extension{On: rr.ExtendedOnDay(r), NewDate: rr.ExtendedTo, Reason: r.Extension.Reason}
		}
		d, err := rules.Compute(in)
		if err != nil {
			return ruleError(err)
		}
		rr.AcknowledgeBy = d.AcknowledgeBy
		rr.RespondBy = d.StatutoryRespondBy
		rr.PromisedBy = d.PromisedRespondBy
		rr.ExtendedRespondBy = d.ExtendedRespondBy
		rr.RuleVersion = d.Rule.Version
		rr.Citation = d.Citation
		rr.Basis = d.RespondHow
		if r.Regime == backend.RegimeGDPR && cal.HolidayCountry == "" && rr.Basis != "" {
			rr.Basis += "; " + weekendsOnlyNote
		}
		rr.CanPause = d.Rule.AllowsPause()
		// A stricter state patient-access date governs a HIPAA access right (45 CFR
		// 160.203(b)): stored with the other dates, so the list, the dashboard, the
		// calendar, the letters and the overdue status all count down to it.
		rr.StateDue, rr.StateCitation = backend.Date{}, ""
		g, err := governing(p, r, rr)
		if err != nil {
			return err
		}
		if len(g.State) > 0 && g.Date.Before(rr.RespondBy) {
			rr.StateDue, rr.StateCitation = g.Date, g.Citation
		}
	}
	return nil
}

// ruleFields maps the rules package's field names onto the request forms' JSON keys.
var ruleFields = map[string]string{
	"extensionDate":   "newDate",
	"extensionReason": "reason",
	"received":        "receivedDate",
	"pauses":          "on",
}

func ruleError(err error) error {
	var e *backend.Error
	if errors.As(err, &e) {
		if f, ok := ruleFields[e.Field]; ok {
			c := *e
			c.Field = f
			return &c
		}
		if strings.HasPrefix(e.Field, "pauses[") {
			c := *e
			c.Field = "on"
			return &c
		}
	}
	return err
}

// stateClock applies the practice's state's own patient-access clocks to a HIPAA access
// right (45 CFR 160.203(b)): nil for any other right, with no state, or a state without
// clocks in force on the day the request was received.
func stateClock(p backend.Practice, r *backend.Request, rr *backend.RequestRight) (*backend.RightStateClock, error) {
	g, err := governing(p, r, rr)
	if err != nil || len(g.State) == 0 {
		return nil, err
	}
	out := &backend.RightStateClock{State: g.State[0].Clock.State, StateName: g.State[0].Clock.StateName, HIPAADue: rr.RespondBy,
		Governs: g.Date, Why: g.Why, Citation: g.Citation, Clocks: make([]backend.StateClockDue, len(g.State))}
	for i, sd := range g.State {
		out.Clocks[i] = backend.StateClockDue{What: sd.Clock.What, Due: sd.Due, How: sd.How, Citation: sd.Clock.Citation}
	}
	return out, nil
}

// governing applies the practice's state's patient-access clocks to a HIPAA access right
// whose HIPAA date is known; for any other right, or with no state, it has no state dates.
func governing(p backend.Practice, r *backend.Request, rr *backend.RequestRight) (rules.Governing, error) {
	if p.State == "" || r.Regime != backend.RegimeHIPAA || rr.Right != backend.RightAccess || rr.RespondBy.IsZero() {
		return rules.Governing{}, nil
	}
	d := rules.Deadlines{Rule: rules.Rule{Regime: r.Regime, Right: rr.Right}, Received: r.ReceivedDate,
		StatutoryRespondBy: rr.RespondBy, StatutoryHow: rr.Basis, RespondBy: rr.RespondBy, RespondHow: rr.Basis, Citation: rr.Citation}
	return rules.Govern(d, p.State)
}
