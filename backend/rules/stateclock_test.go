package rules

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

func TestStateClocksComplete(t *testing.T) {
	for _, c := range AllStateClocks() {
		if c.Citation == "" || c.Note == "" || c.Checked.Read == "" || !c.Checked.On.Equal(CheckedOn) || ValidateState(c.State) != nil ||
			c.Checked.How == "" || c.Checked.How != checkSourceHow[c.Checked.Source] {
			t.Errorf("%s %s: incomplete %+v", c.State, c.What, c)
		}
	}
	for _, bad := range []string{"XX", "Cal", "C"} {
		if _, err := StateClocks(bad); backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "state" {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if cs, err := StateClocks("ca"); err != nil || len(cs) != 2 {
		t.Errorf("ca: %v %v", cs, err)
	}
}

// HIPAA access with the practice's state: the state's own date next to HIPAA's, and the
// earlier governs (45 CFR 160.203(b)).
func TestGovernHIPAAAccess(t *testing.T) {
	cases := []struct {
		name, state, received string
		regime                backend.Regime
		right                 backend.Right
		want                  string
		citation              string
		stateDates            []string
		why                   string
	}{
		{"no state: HIPAA's 30 days", "", "2026-03-02", "hipaa", "access", "2026-04-01", "45 CFR 164.524(b)(2)", nil, "30 calendar days"},
		{"California: inspection in 5 working days over Cesar Chavez Day", "CA", "2026-03-27", "hipaa", "access", "2026-04-06",
			"Cal. Health & Safety Code 123110(b)", []string{"2026-04-06", "2026-04-11"}, "Cesar Chavez Day 31 March 2026"},
		{"California: copies in 15 days are also earlier than HIPAA", "ca", "2026-03-02", "hipaa", "access", "2026-03-09",
			"Cal. Health & Safety Code 123110(b)", []string{"2026-03-09", "2026-03-17"}, "earlier than HIPAA's 1 April 2026"},
		{"Texas: 15 business days for an electronic copy, over Memorial Day", "TX", "2026-05-20", "hipaa", "access", "2026-06-11",
			"Tex. Health & Safety Code 181.102(a)", []string{"2026-06-11"}, "Memorial Day 25 May 2026"},
		{"Texas before 181.102 took effect: HIPAA alone", "TX", "2012-08-01", "hipaa", "access", "2012-08-31",
			"45 CFR 164.524(b)(2)", nil, "not earlier"},
		{"Montana: 10 days", "MT", "2026-03-02", "hipaa", "access", "2026-03-12", "Mont. Code Ann. 50-16-541(1)", []string{"2026-03-12"}, "more stringent"},
		{"New York: inspection within 10 days; copies within a reasonable time", "NY", "2026-03-02", "hipaa", "access", "2026-03-12",
			"N.Y. Public Health Law 18(2)(a)", []string{"2026-03-12", ""}, "more stringent"},
		{"a state without a clock", "WA", "2026-03-02", "hipaa", "access", "2026-04-01", "45 CFR 164.524(b)(2)", nil, "no stricter WA"},
		{"HIPAA amendment is not patient access", "CA", "2026-03-02", "hipaa", "correction", "2026-05-01", "45 CFR 164.526(b)(2)", nil, "60 calendar days"},
		{"CCPA access is untouched", "CA", "2026-03-02", "ccpa", "access", "2026-04-16", "Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021", nil, "45 calendar days"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := mustCompute(t, Input{Regime: tc.regime, Right: tc.right, Received: date(t, tc.received)})
			g, err := Govern(d, tc.state)
			if err != nil {
				t.Fatal(err)
			}
			if g.Date.String() != tc.want || g.Citation != tc.citation || !strings.Contains(g.Why, tc.why) {
				t.Errorf("governing %s (%s): %s; want %s (%s) with %q", g.Date, g.Citation, g.Why, tc.want, tc.citation, tc.why)
			}
			var got []string
			for _, s := range g.State {
				got = append(got, s.Due.String())
			}
			if strings.Join(got, ",") != strings.Join(tc.stateDates, ",") {
				t.Errorf("state dates %q, want %q", got, tc.stateDates)
			}
		})
	}
	d := mustCompute(t, Input{Regime: "hipaa", Right: "access", Received: date(t, "2026-03-02")})
	if _, err := Govern(d, "ZZ"); backend.ErrorField(err) != "state" {
		t.Errorf("ZZ: %v", err)
	}
}
