package rules

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

func verdicts(t *testing.T, p Profile, on string) map[backend.Regime]RegimeVerdict {
	t.Helper()
	var day backend.Date
	if on != "" {
		day = date(t, on)
	}
	list, err := Assess(p, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(backend.Regimes) {
		t.Fatalf("%d verdicts", len(list))
	}
	out := map[backend.Regime]RegimeVerdict{}
	for _, v := range list {
		if len(v.Reasons) == 0 || len(v.Reasons) != len(v.Citations) || v.Label == "" {
			t.Errorf("%s: reasons %q citations %q", v.Regime, v.Reasons, v.Citations)
		}
		out[v.Regime] = v
	}
	return out
}

func TestAssessSmallTherapyPractice(t *testing.T) {
	// A HIPAA-covered practice with 3,000 patients, $2M revenue, no data sales, US only.
	v := verdicts(t, Profile{HIPAACovered: true, Consumers: 3000, AnnualRevenueUSD: 2_000_000, SmallBusiness: true}, "")
	want := map[backend.Regime]Verdict{
		"ccpa": VerdictDoesNotApply, "va": VerdictDoesNotApply, "co": VerdictDoesNotApply, "ct": VerdictDoesNotApply,
		"tx": VerdictDoesNotApply, "ut": VerdictDoesNotApply, "or": VerdictDoesNotApply, "fl": VerdictDoesNotApply,
		"gdpr": VerdictDoesNotApply, "uk-gdpr": VerdictDoesNotApply, "hipaa": VerdictApplies,
	}
	for g, w := range want {
		if v[g].Verdict != w {
			t.Errorf("%s: %s (%q), want %s", g, v[g].Verdict, v[g].Reasons, w)
		}
	}
	if !strings.Contains(strings.Join(v["tx"].Citations, " "), "541.002(b)") {
		t.Errorf("tx: %q", v["tx"].Citations)
	}
}

func TestAssessLargeHealthSystem(t *testing.T) {
	p := Profile{HIPAACovered: true, Consumers: 250000, AnnualRevenueUSD: 400_000_000, OffersUK: true}
	v := verdicts(t, p, "")
	want := map[backend.Regime]Verdict{
		"ccpa": VerdictAppliesExceptPHI, "va": VerdictDoesNotApply, "co": VerdictAppliesExceptPHI, "ct": VerdictDoesNotApply,
		"tx": VerdictDoesNotApply, "ut": VerdictDoesNotApply, "or": VerdictAppliesExceptPHI, "fl": VerdictDoesNotApply,
		"gdpr": VerdictDoesNotApply, "uk-gdpr": VerdictApplies, "hipaa": VerdictApplies,
	}
	for g, w := range want {
		if v[g].Verdict != w {
			t.Errorf("%s: %s (%q), want %s", g, v[g].Verdict, v[g].Reasons, w)
		}
	}
	if c := strings.Join(v["ct"].Citations, " "); !strings.Contains(c, "42-517(a)(6)") {
		t.Errorf("ct: %q", c)
	}
	if c := strings.Join(v["ccpa"].Citations, " "); !strings.Contains(c, "1798.146") {
		t.Errorf("ccpa: %q", c)
	}
}

func TestAssessThresholdsBothSides(t *testing.T) {
	cases := []struct {
		name   string
		p      Profile
		regime backend.Regime
		want   Verdict
	}{
		{"va 99,999", Profile{Consumers: 99999}, "va", VerdictDoesNotApply},
		{"va 100,000", Profile{Consumers: 100000}, "va", VerdictApplies},
		{"va 25,000 and 50% from sales is not more than half", Profile{Consumers: 25000, SaleRevenuePct: 50}, "va", VerdictDoesNotApply},
		{"va 25,000 and 51% from sales", Profile{Consumers: 25000, SaleRevenuePct: 51}, "va", VerdictApplies},
		{"co 25,000 and any sales", Profile{Consumers: 25000, SaleRevenuePct: 1}, "co", VerdictApplies},
		{"or 25,000 and 25% (inclusive)", Profile{Consumers: 25000, SaleRevenuePct: 25}, "or", VerdictApplies},
		{"ct 25,000 and 25% (more than)", Profile{Consumers: 25000, SaleRevenuePct: 25}, "ct", VerdictDoesNotApply},
		{"ut needs $25M revenue", Profile{Consumers: 200000, AnnualRevenueUSD: 24_999_999}, "ut", VerdictDoesNotApply},
		{"ut at $25M", Profile{Consumers: 200000, AnnualRevenueUSD: 25_000_000}, "ut", VerdictApplies},
		{"ccpa revenue at the threshold", Profile{AnnualRevenueUSD: ccpaRevenueThreshold}, "ccpa", VerdictDoesNotApply},
		{"ccpa revenue over the threshold", Profile{AnnualRevenueUSD: ccpaRevenueThreshold + 1}, "ccpa", VerdictApplies},
		{"ccpa half from sales", Profile{SaleRevenuePct: 50}, "ccpa", VerdictApplies},
		{"tx not a small business", Profile{}, "tx", VerdictApplies},
		{"fl over $1B: check the other conditions", Profile{AnnualRevenueUSD: 1_000_000_001}, "fl", VerdictCheck},
		{"gdpr offers to the EU", Profile{OffersEU: true}, "gdpr", VerdictApplies},
	}
	for _, tc := range cases {
		if got := verdicts(t, tc.p, "")[tc.regime]; got.Verdict != tc.want {
			t.Errorf("%s: %s (%q), want %s", tc.name, got.Verdict, got.Reasons, tc.want)
		}
	}
}

func TestAssessEffectiveDates(t *testing.T) {
	p := Profile{Consumers: 200000}
	if v := verdicts(t, p, "2024-06-30")["tx"]; v.Verdict != VerdictDoesNotApply || !strings.Contains(v.Reasons[0], "not in force until 1 July 2024") {
		t.Errorf("tx before: %+v", v)
	}
	if v := verdicts(t, p, "2024-07-01")["tx"]; v.Verdict != VerdictApplies {
		t.Errorf("tx on the day: %+v", v)
	}
}

func TestAssessRefusesBadProfiles(t *testing.T) {
	for field, p := range map[string]Profile{
		"consumers": {Consumers: -1}, "annualRevenueUSD": {AnnualRevenueUSD: -5}, "saleRevenuePct": {SaleRevenuePct: 101},
	} {
		if _, err := Assess(p, backend.Date{}); backend.ErrorField(err) != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}
