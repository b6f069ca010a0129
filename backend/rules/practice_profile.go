package rules

import (
	"fmt"
	"strings"

	"privacydesk/backend"
)

// A practice records its profile in Settings with bands and answers that may be left
// empty (backend.Practice). AssessPractice gives each regime's verdict for it: the
// verdict of every profile the record allows, when they all agree, and otherwise
// "cannot tell", naming what the practice has not recorded that decides it.

// profileDim is one thing the record may leave open: the profiles it allows, each
// setting its part of a Profile.
type profileDim struct {
	name    string // as the reasons say it
	options []func(*Profile)
}

func (d profileDim) open() bool { return len(d.options) > 1 }

type revenueOption struct {
	usd  int64
	text string
}

// revenueOptions are figures on both sides of every threshold inside each band.
var revenueOptions = map[backend.RevenueBand][]revenueOption{
	backend.RevenueUnder25M: {{0, "under $25,000,000"}, {24_999_999, "under $25,000,000"}},
	backend.Revenue25MTo1B: {{25_000_000, "between $25,000,000 and $1,000,000,000"},
		{ccpaRevenueThreshold, "between $25,000,000 and $1,000,000,000"},
		{ccpaRevenueThreshold + 1, "between $25,000,000 and $1,000,000,000"},
		{1_000_000_000, "between $25,000,000 and $1,000,000,000"}},
	backend.RevenueOver1B: {{1_000_000_001, "over $1,000,000,000"}},
}

// practiceDims turns the practice's record into the dimensions of the profiles it allows.
func practiceDims(p backend.Practice) []profileDim {
	var dims []profileDim
	bools := func(name string, v []bool, set func(*Profile, bool)) profileDim {
		d := profileDim{name: name}
		for _, b := range v {
			d.options = append(d.options, func(pr *Profile) { set(pr, b) })
		}
		return d
	}
	yesNo := func(a backend.YesNo) []bool {
		switch a {
		case backend.Yes:
			return []bool{true}
		case backend.No:
			return []bool{false}
		}
		return []bool{false, true}
	}
	role := []bool{p.HIPAARole.Covered()}
	if p.HIPAARole == backend.HIPAARoleUnknown {
		role = []bool{false, true}
	}
	dims = append(dims, bools("the practice's HIPAA role", role, func(pr *Profile, b bool) { pr.HIPAACovered = b }))

	rev := profileDim{name: "the annual revenue band"}
	bands := []backend.RevenueBand{p.RevenueBand}
	if p.RevenueBand == "" {
		bands = []backend.RevenueBand{backend.RevenueUnder25M, backend.Revenue25MTo1B, backend.RevenueOver1B}
	}
	for _, b := range bands {
		for _, o := range revenueOptions[b] {
			rev.options = append(rev.options, func(pr *Profile) { pr.AnnualRevenueUSD, pr.revenueText = o.usd, o.text })
		}
	}
	dims = append(dims, rev)

	cons := profileDim{name: "the number of consumers or patients a year"}
	counts := []int{0, 24_999, 25_000, 99_999, 100_000}
	if p.Consumers != nil {
		counts = []int{*p.Consumers}
	}
	for _, n := range counts {
		cons.options = append(cons.options, func(pr *Profile) { pr.Consumers = n })
	}
	dims = append(dims, cons)

	sale := profileDim{name: "whether personal data is sold or shared (and for what share of revenue)"}
	var pcts []int
	for _, sells := range yesNo(p.SellsData) {
		if sells {
			pcts = append(pcts, 1, 25, 26, 50, 51, 100)
		} else {
			pcts = append(pcts, 0)
		}
	}
	for _, n := range pcts {
		sale.options = append(sale.options, func(pr *Profile) { pr.SaleRevenuePct = n })
	}
	dims = append(dims, sale)

	// Whether it is a small business as the SBA defines it is not recorded; a practice
	// with over $1 billion of revenue is not one.
	small := []bool{false, true}
	if p.RevenueBand == backend.RevenueOver1B {
		small = []bool{false}
	}
	dims = append(dims, bools("whether it is a small business as the SBA defines it", small, func(pr *Profile, b bool) { pr.SmallBusiness = b }))
	dims = append(dims, bools("whether services are offered to people in the EU", yesNo(p.OffersEU), func(pr *Profile, b bool) { pr.OffersEU = b }))
	dims = append(dims, bools("whether services are offered to people in the UK", yesNo(p.OffersUK), func(pr *Profile, b bool) { pr.OffersUK = b }))
	return dims
}

type profileCase struct {
	idx []int
	p   Profile
}

func expand(dims []profileDim) []profileCase {
	cases := []profileCase{{}}
	for _, d := range dims {
		next := make([]profileCase, 0, len(cases)*len(d.options))
		for _, c := range cases {
			for i, set := range d.options {
				p := c.p
				set(&p)
				next = append(next, profileCase{idx: append(append([]int(nil), c.idx...), i), p: p})
			}
		}
		cases = next
	}
	return cases
}

// AssessPractice gives each regime's verdict for the practice's recorded profile. on,
// when not zero, is the day asked about, as for Assess.
func AssessPractice(pr backend.Practice, on backend.Date) ([]RegimeVerdict, error) {
	dims := practiceDims(pr)
	cases := expand(dims)
	out := make([]RegimeVerdict, 0, len(backend.Regimes))
	for _, g := range backend.Regimes {
		vs := make([]RegimeVerdict, len(cases))
		same := true
		for i, c := range cases {
			vs[i] = assess(g, c.p)
			same = same && vs[i].Verdict == vs[0].Verdict
		}
		var v RegimeVerdict
		if same {
			v = common(vs, openNames(dims))
		} else {
			v = RegimeVerdict{Verdict: VerdictCannotTell, Reasons: []string{"cannot tell until Settings records " + strings.Join(deciding(dims, cases, vs), "; ")},
				Citations: allCitations(vs)}
		}
		inForce(&v, g, on)
		v.Regime, v.Label = g, g.Label()
		out = append(out, v)
	}
	return out, nil
}

func openNames(dims []profileDim) []string {
	var out []string
	for _, d := range dims {
		if d.open() {
			out = append(out, d.name)
		}
	}
	return out
}

// deciding names the open dimensions that change the verdict with all else the same.
func deciding(dims []profileDim, cases []profileCase, vs []RegimeVerdict) []string {
	var out []string
	for d := range dims {
		if !dims[d].open() {
			continue
		}
		seen := map[string]Verdict{}
		for i, c := range cases {
			key := fmt.Sprint(append(append([]int(nil), c.idx[:d]...), c.idx[d+1:]...))
			if w, ok := seen[key]; ok && w != vs[i].Verdict {
				out = append(out, dims[d].name)
				break
			}
			seen[key] = vs[i].Verdict
		}
	}
	return out
}

// common is the shared verdict with the reasons every allowed profile gives.
func common(vs []RegimeVerdict, open []string) RegimeVerdict {
	v := RegimeVerdict{Verdict: vs[0].Verdict, Reasons: []string{}, Citations: []string{}}
	for i, r := range vs[0].Reasons {
		all := true
		for _, o := range vs[1:] {
			found := false
			for j, r2 := range o.Reasons {
				if r2 == r && o.Citations[j] == vs[0].Citations[i] {
					found = true
					break
				}
			}
			if !found {
				all = false
				break
			}
		}
		if all {
			v.Reasons = append(v.Reasons, r)
			v.Citations = append(v.Citations, vs[0].Citations[i])
		}
	}
	if len(v.Reasons) == 0 {
		// No reason is given by every allowed profile: the one most of them give, when
		// most do (a HIPAA covered entity's exemption, whatever its size), else what is
		// left open.
		count := map[[2]string]int{}
		best, n := [2]string{}, 0
		for _, o := range vs {
			for j, r := range o.Reasons {
				k := [2]string{r, o.Citations[j]}
				if count[k]++; count[k] > n {
					best, n = k, count[k]
				}
			}
		}
		if 2*n > len(vs) {
			v.Reasons = []string{strings.TrimPrefix(best[0], "but ")}
			v.Citations = []string{best[1]}
		} else {
			v.Reasons = []string{"the same whatever Settings leaves unrecorded (" + strings.Join(open, "; ") + ")"}
			v.Citations = allCitations(vs)
		}
	}
	return v
}

func allCitations(vs []RegimeVerdict) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, v := range vs {
		for _, c := range v.Citations {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// inForce makes a regime not yet in force on the day asked about not apply.
func inForce(v *RegimeVerdict, g backend.Regime, on backend.Date) {
	if first := firstRow(g); !on.IsZero() && on.Before(first.EffectiveFrom) {
		v.Verdict = VerdictDoesNotApply
		v.Reasons = append([]string{fmt.Sprintf("not in force until %s", first.EffectiveFrom.Long())}, v.Reasons...)
		v.Citations = append([]string{first.Citation}, v.Citations...)
	}
}
