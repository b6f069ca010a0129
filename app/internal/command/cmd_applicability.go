package command

import (
	"fmt"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

func init() {
	register(command{name: "applicability", summary: "which privacy laws reach the practice, from its profile (no database needed)", run: runApplicability})
}

// applicabilityJSON is the --json output: the profile read and one verdict per regime.
type applicabilityJSON struct {
	Profile  rules.Profile         `json:"profile"`
	On       backend.Date          `json:"on"`
	Verdicts []rules.RegimeVerdict `json:"verdicts"`
}

// runApplicability explains, regime by regime, whether a law reaches a practice of the
// profile given. It never opens the database; without --on it does not check effective
// dates (every law in the table is in force today).
func runApplicability(c *cli, args []string) error {
	fs := c.flags("applicability", "applicability [--covered-entity] [--consumers N] [--revenue USD] [--sale-revenue-pct P] [--small-business] [--offers-eu] [--offers-uk] [--on YYYY-MM-DD] [--json]")
	var p rules.Profile
	fs.BoolVar(&p.HIPAACovered, "covered-entity", false, "the practice is a HIPAA covered entity or business associate")
	fs.IntVar(&p.Consumers, "consumers", 0, "residents of a state whose personal data the practice processes in a year")
	fs.Int64Var(&p.AnnualRevenueUSD, "revenue", 0, "annual gross revenue in US dollars")
	fs.IntVar(&p.SaleRevenuePct, "sale-revenue-pct", 0, "share of revenue (0-100) from selling or sharing personal data")
	fs.BoolVar(&p.SmallBusiness, "small-business", false, "a small business as the US Small Business Administration defines it")
	fs.BoolVar(&p.OffersEU, "offers-eu", false, "offers services to, or monitors, people in the EU")
	fs.BoolVar(&p.OffersUK, "offers-uk", false, "offers services to, or monitors, people in the UK")
	onFlag := fs.String("on", "", "the day asked about, YYYY-MM-DD: a law not yet in force then does not apply")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	var on backend.Date
	if *onFlag != "" {
		d, err := backend.ParseDate(*onFlag)
		if err != nil {
			return backend.Invalid("on", "%s", err.Error())
		}
		on = d
	}
	list, err := rules.Assess(p, on)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.printJSON(applicabilityJSON{Profile: p, On: on, Verdicts: list})
	}
	for _, v := range list {
		fmt.Fprintf(c.stdout, "%s: %s — %s (%s).\n", v.Label, strings.ReplaceAll(string(v.Verdict), "-", " "),
			strings.Join(v.Reasons, "; "), strings.Join(v.Citations, "; "))
	}
	fmt.Fprintln(c.stdout, "Privacy Desk explains which laws may apply; it is not legal advice.")
	return nil
}
