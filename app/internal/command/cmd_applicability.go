package command

import (
	"flag"
	"fmt"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

func init() {
	register(command{name: "applicability", summary: "which privacy laws reach the practice, from the profile in Settings, or from flags (then no database needed)", run: runApplicability})
}

// applicabilityJSON is the --json output: where the profile came from ("flags" or
// "practice"), the profile read and one verdict per regime.
type applicabilityJSON struct {
	Source   string                `json:"source"`
	Profile  *rules.Profile        `json:"profile,omitempty"`
	Practice *practiceProfileJSON  `json:"practice,omitempty"`
	On       backend.Date          `json:"on"`
	Verdicts []rules.RegimeVerdict `json:"verdicts"`
}

// practiceProfileJSON is the practice's recorded profile (Settings); "" and null are
// not recorded.
type practiceProfileJSON struct {
	State       string              `json:"state"`
	HIPAARole   backend.HIPAARole   `json:"hipaaRole"`
	RevenueBand backend.RevenueBand `json:"revenueBand"`
	Consumers   *int                `json:"consumers"`
	SellsData   backend.YesNo       `json:"sellsData"`
	OffersEU    backend.YesNo       `json:"offersEU"`
	OffersUK    backend.YesNo       `json:"offersUK"`
}

// profileFlags are the flags that describe the practice; any of them makes the flags
// the whole profile.
var profileFlags = map[string]bool{"covered-entity": true, "consumers": true, "revenue": true, "sale-revenue-pct": true,
	"small-business": true, "offers-eu": true, "offers-uk": true}

// runApplicability explains, regime by regime, whether a law reaches a practice. With
// any profile flag the flags are the profile and the database is not opened; without
// them it reads the practice's profile recorded in Settings, and a verdict that turns
// on something not recorded is "cannot tell". Without --on it does not check effective
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
	fromFlags := false
	fs.Visit(func(f *flag.Flag) { fromFlags = fromFlags || profileFlags[f.Name] })
	out := applicabilityJSON{Source: "flags", On: on}
	var list []rules.RegimeVerdict
	var err error
	if fromFlags {
		out.Profile = &p
		list, err = rules.Assess(p, on)
	} else {
		cw, ctx, cerr := c.casework()
		if cerr != nil {
			return cerr
		}
		pr, perr := cw.Practice(ctx)
		if perr != nil {
			return perr
		}
		out.Source = "practice"
		out.Practice = &practiceProfileJSON{State: pr.State, HIPAARole: pr.HIPAARole, RevenueBand: pr.RevenueBand,
			Consumers: pr.Consumers, SellsData: pr.SellsData, OffersEU: pr.OffersEU, OffersUK: pr.OffersUK}
		list, err = rules.AssessPractice(pr, on)
	}
	if err != nil {
		return err
	}
	out.Verdicts = list
	if *asJSON {
		return c.printJSON(out)
	}
	for _, v := range list {
		fmt.Fprintf(c.stdout, "%s: %s — %s (%s).\n", v.Label, strings.ReplaceAll(string(v.Verdict), "-", " "),
			strings.Join(v.Reasons, "; "), strings.Join(v.Citations, "; "))
	}
	fmt.Fprintln(c.stdout, "Privacy Desk explains which laws may apply; it is not legal advice.")
	return nil
}
