package rules

import (
	"fmt"

	"privacydesk/backend"
)

// Profile is what a practice says about itself for the applicability verdicts. The
// verdicts explain, with citations; the practice decides (the app gives deadlines, not
// legal advice).
type Profile struct {
	// HIPAACovered: the practice is a HIPAA covered entity or business associate.
	HIPAACovered bool `json:"hipaaCovered"`
	// Consumers is how many residents of a state (California: consumers or households)
	// the practice processes personal data of in a year; the same number is used for
	// each state law.
	Consumers int `json:"consumers"`
	// AnnualRevenueUSD is the practice's annual gross revenue in US dollars.
	AnnualRevenueUSD int64 `json:"annualRevenueUSD"`
	// SaleRevenuePct is the share of gross revenue, 0 to 100, from selling (California:
	// selling or sharing) personal data.
	SaleRevenuePct int `json:"saleRevenuePct"`
	// SmallBusiness: a small business as the US Small Business Administration defines it.
	SmallBusiness bool `json:"smallBusiness"`
	// OffersEU, OffersUK: the practice offers goods or services to, or monitors the
	// behaviour of, people in the EU or the UK (GDPR and UK GDPR Art. 3(2)).
	OffersEU bool `json:"offersEU"`
	OffersUK bool `json:"offersUK"`
	// revenueText, when set, says the revenue in the reasons instead of the figure (a
	// practice records a band, not a figure).
	revenueText string
}

// revenue is how the reasons say the annual revenue.
func (p Profile) revenue() string {
	if p.revenueText != "" {
		return p.revenueText
	}
	return fmt.Sprintf("$%d", p.AnnualRevenueUSD)
}

// Validate returns the first problem, with its field.
func (p Profile) Validate() error {
	switch {
	case p.Consumers < 0:
		return backend.Invalid("consumers", "the number of consumers cannot be negative")
	case p.AnnualRevenueUSD < 0:
		return backend.Invalid("annualRevenueUSD", "the annual revenue cannot be negative")
	case p.SaleRevenuePct < 0 || p.SaleRevenuePct > 100:
		return backend.Invalid("saleRevenuePct", "the share of revenue from selling personal data must be between 0 and 100")
	}
	return nil
}

// Verdict says whether a regime reaches the practice.
type Verdict string

const (
	VerdictApplies          Verdict = "applies"
	VerdictAppliesExceptPHI Verdict = "applies-except-phi" // the law applies; its protected health information is exempt
	VerdictDoesNotApply     Verdict = "does-not-apply"
	VerdictCheck            Verdict = "check"       // thresholds met; a further condition the profile does not record decides
	VerdictCannotTell       Verdict = "cannot-tell" // the practice's profile leaves unrecorded what decides
)

// RegimeVerdict is one regime's verdict with the reasons and the sections they rest on.
type RegimeVerdict struct {
	Regime    backend.Regime `json:"regime"`
	Label     string         `json:"label"`
	Verdict   Verdict        `json:"verdict"`
	Reasons   []string       `json:"reasons"`
	Citations []string       `json:"citations"`
}

// stateThreshold is a state act's volume thresholds (most state laws: 100,000
// consumers, or 25,000 plus a share of revenue from selling personal data).
type stateThreshold struct {
	consumers, smaller int // 0: no such prong
	salePct            int // the smaller prong needs more than this share (>= when inclusive)
	inclusive          bool
	anySale            bool // the smaller prong needs any revenue from sales
	citation           string
	exemption          Verdict // for a HIPAA covered entity
	exemptionCite      string
}

var stateThresholds = map[backend.Regime]stateThreshold{
	backend.RegimeVA: {100000, 25000, 50, false, false, "Va. Code 59.1-576(A)", VerdictDoesNotApply, "Va. Code 59.1-576(B)"},
	backend.RegimeCO: {100000, 25000, 0, false, true, "C.R.S. 6-1-1304(1)", VerdictAppliesExceptPHI, "C.R.S. 6-1-1304(2)"},
	backend.RegimeCT: {100000, 25000, 25, false, false, "Conn. Gen. Stat. 42-516", VerdictDoesNotApply, "Conn. Gen. Stat. 42-517(a)(6)"},
	backend.RegimeUT: {100000, 25000, 50, false, false, "Utah Code 13-61-102(1)", VerdictDoesNotApply, "Utah Code 13-61-102(2)"},
	backend.RegimeOR: {100000, 25000, 25, true, false, "ORS 646A.572(1)", VerdictAppliesExceptPHI, "ORS 646A.572(2)"},
}

// meets reports whether p crosses a state act's volume thresholds, and why.
func (t stateThreshold) meets(p Profile) (bool, string) {
	switch {
	case p.Consumers >= t.consumers:
		return true, fmt.Sprintf("processes the personal data of %d consumers, at least %d", p.Consumers, t.consumers)
	case p.Consumers >= t.smaller && t.anySale && p.SaleRevenuePct > 0:
		return true, fmt.Sprintf("processes the personal data of %d consumers (at least %d) and has revenue from selling personal data", p.Consumers, t.smaller)
	case p.Consumers >= t.smaller && !t.anySale && (p.SaleRevenuePct > t.salePct || (t.inclusive && p.SaleRevenuePct == t.salePct)):
		return true, fmt.Sprintf("processes the personal data of %d consumers (at least %d) and has %d%% of revenue from selling personal data", p.Consumers, t.smaller, p.SaleRevenuePct)
	}
	return false, fmt.Sprintf("processes the personal data of %d consumers, under %d (and under %d with enough revenue from selling personal data)", p.Consumers, t.consumers, t.smaller)
}

// ccpaRevenueThreshold is Civ. Code 1798.140(d)(1)(A)'s $25,000,000 as the CPPA adjusted
// it for inflation from 1 January 2025 (published figure; not re-read for this table).
const ccpaRevenueThreshold = 26_625_000

// Assess gives each regime's verdict for a practice. on, when not zero, is the day asked
// about: a law not yet in force then does not apply.
func Assess(p Profile, on backend.Date) ([]RegimeVerdict, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := make([]RegimeVerdict, 0, len(backend.Regimes))
	for _, g := range backend.Regimes {
		v := assess(g, p)
		inForce(&v, g, on)
		v.Regime, v.Label = g, g.Label()
		out = append(out, v)
	}
	return out, nil
}

// firstRow is the regime's rule row with the earliest EffectiveFrom: the day the law
// came into force, and its citation.
func firstRow(g backend.Regime) Rule {
	var first Rule
	for _, r := range table() {
		if r.Regime == g && (first.EffectiveFrom.IsZero() || r.EffectiveFrom.Before(first.EffectiveFrom)) {
			first = r
		}
	}
	return first
}

func assess(g backend.Regime, p Profile) RegimeVerdict {
	v := RegimeVerdict{Reasons: []string{}, Citations: []string{}}
	add := func(verdict Verdict, reason, cite string) {
		v.Verdict = verdict
		v.Reasons = append(v.Reasons, reason)
		v.Citations = append(v.Citations, cite)
	}
	switch g {
	case backend.RegimeCCPA:
		switch {
		case p.AnnualRevenueUSD > ccpaRevenueThreshold:
			add(VerdictApplies, fmt.Sprintf("annual gross revenue (%s) is over $%d", p.revenue(), ccpaRevenueThreshold), "Cal. Civ. Code 1798.140(d)(1)(A)")
		case p.SaleRevenuePct >= 50:
			add(VerdictApplies, fmt.Sprintf("%d%% of revenue comes from selling or sharing personal information", p.SaleRevenuePct), "Cal. Civ. Code 1798.140(d)(1)(C)")
		case p.Consumers >= 100000 && p.SaleRevenuePct > 0:
			add(VerdictApplies, fmt.Sprintf("buys, sells or shares the personal information of %d consumers or households", p.Consumers), "Cal. Civ. Code 1798.140(d)(1)(B)")
		default:
			add(VerdictDoesNotApply, fmt.Sprintf("annual gross revenue (%s) is not over $%d, and it neither sells or shares the personal information of 100,000 consumers nor earns half its revenue that way", p.revenue(), ccpaRevenueThreshold), "Cal. Civ. Code 1798.140(d)(1)")
		}
		if v.Verdict == VerdictApplies && p.HIPAACovered {
			add(VerdictAppliesExceptPHI, "protected health information and CMIA medical information are exempt, and so is a provider to the extent it treats patient information like them; other personal information is covered", "Cal. Civ. Code 1798.146")
		}
	case backend.RegimeTX:
		switch {
		case p.HIPAACovered:
			add(VerdictDoesNotApply, "the Texas act does not apply to a HIPAA covered entity or business associate", "Tex. Bus. & Com. Code 541.002(b)")
		case p.SmallBusiness:
			add(VerdictDoesNotApply, "a small business as the SBA defines it is outside the act (except that it may not sell sensitive data without consent)", "Tex. Bus. & Com. Code 541.002(a)(3), 541.107")
		default:
			add(VerdictApplies, "the act has no volume threshold: it reaches a business in Texas that is not a small business as the SBA defines it", "Tex. Bus. & Com. Code 541.002(a)")
		}
	case backend.RegimeFL:
		switch {
		case p.AnnualRevenueUSD <= 1_000_000_000:
			add(VerdictDoesNotApply, fmt.Sprintf("annual gross revenue (%s) is not over $1 billion", p.revenue()), "Fla. Stat. 501.702")
		default:
			add(VerdictCheck, "revenue is over $1 billion; the act also needs half its revenue from online advertising, a smart speaker service, or an app store of 250,000 apps", "Fla. Stat. 501.702")
			if p.HIPAACovered {
				v.Reasons = append(v.Reasons, "protected health information is exempt")
				v.Citations = append(v.Citations, "Fla. Stat. 501.704")
			}
		}
	case backend.RegimeGDPR, backend.RegimeUKGDPR:
		offers, where := p.OffersEU, "the EU"
		if g == backend.RegimeUKGDPR {
			offers, where = p.OffersUK, "the UK"
		}
		cite := "GDPR Art. 3(2)"
		if g == backend.RegimeUKGDPR {
			cite = "UK GDPR Art. 3(2)"
		}
		if offers {
			add(VerdictApplies, "offers goods or services to, or monitors, people in "+where, cite)
		} else {
			add(VerdictDoesNotApply, "a practice without an establishment there is reached only when it offers goods or services to, or monitors, people in "+where, cite)
		}
	case backend.RegimeHIPAA:
		if p.HIPAACovered {
			add(VerdictApplies, "a covered entity or business associate", "45 CFR 160.102, 160.103")
		} else {
			add(VerdictDoesNotApply, "not a covered entity (a provider that bills health plans electronically, a health plan or a clearinghouse) or business associate", "45 CFR 160.102, 160.103")
		}
	default:
		t := stateThresholds[g]
		ok, why := t.meets(p)
		if g == backend.RegimeUT {
			if p.AnnualRevenueUSD < 25_000_000 {
				ok, why = false, fmt.Sprintf("annual revenue (%s) is under $25,000,000", p.revenue())
			}
		}
		const entityExempt = "the act does not apply to a HIPAA covered entity or business associate at all"
		switch {
		case !ok && p.HIPAACovered && t.exemption == VerdictDoesNotApply:
			add(VerdictDoesNotApply, why, t.citation)
			add(VerdictDoesNotApply, entityExempt, t.exemptionCite)
		case !ok:
			add(VerdictDoesNotApply, why, t.citation)
		case p.HIPAACovered && t.exemption == VerdictDoesNotApply:
			add(VerdictApplies, why, t.citation)
			add(VerdictDoesNotApply, entityExempt, t.exemptionCite)
		case p.HIPAACovered:
			add(VerdictApplies, why, t.citation)
			add(VerdictAppliesExceptPHI, "protected health information handled under HIPAA is exempt; other personal data is covered", t.exemptionCite)
		default:
			add(VerdictApplies, why, t.citation)
		}
	}
	return v
}
