package command

import (
	"fmt"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

func init() {
	register(command{name: "deadlines", summary: "compute a right's statutory dates (no database needed)", run: runDeadlines})
}

// deadlinesJSON is the --json output: ISO dates, null where the rule has none.
type deadlinesJSON struct {
	Regime            backend.Regime `json:"regime"`
	Right             backend.Right  `json:"right"`
	Received          backend.Date   `json:"received"`
	AcknowledgeBy     backend.Date   `json:"acknowledge_by"`
	RespondBy         backend.Date   `json:"respond_by"`
	ExtendedRespondBy backend.Date   `json:"extended_respond_by"`
	Citation          string         `json:"citation"`
	// Governing is the date that governs and why: the law's, or for HIPAA access with
	// --state an earlier date of the state's own law (45 CFR 160.203(b)).
	Governing governingJSON `json:"governing"`
}

type governingJSON struct {
	Date     backend.Date        `json:"date"`
	Why      string              `json:"why"`
	Citation string              `json:"citation"`
	State    []stateDeadlineJSON `json:"state_deadlines"`
}

// stateDeadlineJSON is one of the state's own clocks; due is null where the state sets
// no fixed time.
type stateDeadlineJSON struct {
	State    string       `json:"state"`
	What     string       `json:"what"`
	Due      backend.Date `json:"due"`
	Citation string       `json:"citation"`
}

func toGoverningJSON(g rules.Governing) governingJSON {
	out := governingJSON{Date: g.Date, Why: g.Why, Citation: g.Citation, State: []stateDeadlineJSON{}}
	for _, s := range g.State {
		out.State = append(out.State, stateDeadlineJSON{State: s.Clock.State, What: s.Clock.What, Due: s.Due, Citation: s.Clock.Citation})
	}
	return out
}

// runDeadlines prints the law's dates for one right. It never opens the database: the
// rules are data compiled into the program.
func runDeadlines(c *cli, args []string) error {
	fs := c.flags("deadlines", "deadlines --regime R --right T --received YYYY-MM-DD [--country CC] [--state XX] [--json]")
	regime := fs.String("regime", "", "regime: ccpa, va, co, ct, tx, ut, or, fl, gdpr, uk-gdpr, hipaa")
	right := fs.String("right", "", "right: access, correction, deletion, portability, opt-out, limit-sensitive, restrict, object, automated-decision, withdraw-consent, accounting, confidential-communications, appeal")
	received := fs.String("received", "", "the date the request was received, YYYY-MM-DD")
	country := fs.String("country", "", "EU country whose public holidays move GDPR dates (ISO code, e.g. DE); default weekends only")
	state := fs.String("state", "", "US state of the practice (postal code, e.g. CA): a stricter state clock for HIPAA patient access governs")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	var missing []string
	for _, f := range []struct{ name, val string }{{"--regime", *regime}, {"--right", *right}, {"--received", *received}} {
		if f.val == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return usagef("missing %s", strings.Join(missing, ", "))
	}
	day, err := backend.ParseDate(*received)
	if err != nil {
		return backend.Invalid("received", "%s", err.Error())
	}
	d, err := rules.Compute(rules.Input{Regime: backend.Regime(*regime), Right: backend.Right(*right), Received: day,
		Calendar: rules.CalendarOptions{HolidayCountry: *country}})
	if err != nil {
		return err
	}
	g, err := rules.Govern(d, *state)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.printJSON(deadlinesJSON{Regime: d.Rule.Regime, Right: d.Rule.Right, Received: d.Received,
			AcknowledgeBy: d.AcknowledgeBy, RespondBy: d.StatutoryRespondBy, ExtendedRespondBy: d.ExtendedRespondBy, Citation: d.Citation,
			Governing: toGoverningJSON(g)})
	}
	fmt.Fprintln(c.stdout, deadlinesSentence(d))
	for _, s := range g.State {
		due := "no fixed date"
		if !s.Due.IsZero() {
			due = s.Due.Long()
		}
		fmt.Fprintf(c.stdout, "%s law, %s: %s (%s; %s).\n", s.Clock.StateName, s.Clock.What, due, s.How, s.Clock.Citation)
	}
	if !g.Date.IsZero() && !g.Date.Equal(d.StatutoryRespondBy) {
		fmt.Fprintf(c.stdout, "Governing date: %s — %s. %s.\n", g.Date.Long(), g.Why, g.Citation)
	}
	for _, w := range d.Warnings {
		fmt.Fprintln(c.stdout, "Note: "+w)
	}
	return nil
}

// deadlinesSentence is the readable answer: "Under California (CCPA/CPRA), a request to
// exercise "Access / right to know" received on 2 March 2026 must be acknowledged by
// 16 March 2026 (...) and answered by 16 April 2026 (...); one extension may reach
// 31 May 2026 at the latest. Cal. Civ. Code ..."
func deadlinesSentence(d rules.Deadlines) string {
	r := d.Rule
	how := func(s string) string { return strings.TrimSuffix(s, " — "+r.Citation) }
	var b strings.Builder
	fmt.Fprintf(&b, "Under %s, a request to exercise %q received on %s", r.Regime.Label(), r.Right.Label(), d.Received.Long())
	switch {
	case d.StatutoryRespondBy.IsZero():
		b.WriteString(" has no deadline in the law.")
	default:
		if !d.AcknowledgeBy.IsZero() {
			fmt.Fprintf(&b, " must be acknowledged by %s (%s) and answered", d.AcknowledgeBy.Long(), how(d.AcknowledgeHow))
		} else {
			b.WriteString(" must be answered")
		}
		fmt.Fprintf(&b, " by %s (%s)", d.StatutoryRespondBy.Long(), how(d.StatutoryHow))
		if d.ExtendedRespondBy.IsZero() {
			b.WriteString("; the law allows no extension.")
		} else {
			fmt.Fprintf(&b, "; one extension may reach %s at the latest.", d.ExtendedRespondBy.Long())
		}
	}
	fmt.Fprintf(&b, " %s.", r.Citation)
	return b.String()
}
