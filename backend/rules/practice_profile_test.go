package rules

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

func verdictOf(t *testing.T, list []RegimeVerdict, g backend.Regime) RegimeVerdict {
	t.Helper()
	for _, v := range list {
		if v.Regime == g {
			return v
		}
	}
	t.Fatalf("no verdict for %s", g)
	return RegimeVerdict{}
}

func TestAssessPracticeEmptyProfileCannotTell(t *testing.T) {
	list, err := AssessPractice(backend.DefaultPractice(), backend.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(backend.Regimes) {
		t.Fatalf("%d verdicts, want %d", len(list), len(backend.Regimes))
	}
	for _, g := range []backend.Regime{backend.RegimeHIPAA, backend.RegimeCCPA, backend.RegimeGDPR, backend.RegimeVA} {
		v := verdictOf(t, list, g)
		if v.Verdict != VerdictCannotTell {
			t.Errorf("%s: %s, want cannot-tell", g, v.Verdict)
		}
	}
	h := verdictOf(t, list, backend.RegimeHIPAA)
	if !strings.Contains(h.Reasons[0], "HIPAA role") || strings.Contains(h.Reasons[0], "revenue") {
		t.Errorf("HIPAA names what decides it, and only that: %q", h.Reasons[0])
	}
}

func TestAssessPracticeSmallCoveredPractice(t *testing.T) {
	p := backend.DefaultPractice()
	n := 4000
	p.HIPAARole, p.RevenueBand, p.Consumers = backend.HIPAACoveredEntity, backend.RevenueUnder25M, &n
	p.SellsData, p.OffersEU, p.OffersUK = backend.No, backend.No, backend.Yes
	list, err := AssessPractice(p, backend.Date{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[backend.Regime]Verdict{
		backend.RegimeHIPAA: VerdictApplies, backend.RegimeCCPA: VerdictDoesNotApply, backend.RegimeGDPR: VerdictDoesNotApply,
		backend.RegimeUKGDPR: VerdictApplies, backend.RegimeVA: VerdictDoesNotApply, backend.RegimeTX: VerdictDoesNotApply,
		backend.RegimeFL: VerdictDoesNotApply, backend.RegimeCO: VerdictDoesNotApply,
	}
	for g, w := range want {
		if v := verdictOf(t, list, g); v.Verdict != w {
			t.Errorf("%s: %s (%v), want %s", g, v.Verdict, v.Reasons, w)
		}
	}
	c := verdictOf(t, list, backend.RegimeCCPA)
	if !strings.Contains(strings.Join(c.Reasons, " "), "under $25,000,000") || len(c.Reasons) != len(c.Citations) {
		t.Errorf("CCPA reasons say the band: %v %v", c.Reasons, c.Citations)
	}
	// The same with a profile whose figures the band allows gives the same verdicts.
	direct, _ := Assess(Profile{HIPAACovered: true, Consumers: n, AnnualRevenueUSD: 3_000_000, OffersUK: true}, backend.Date{})
	for i := range direct {
		if g := direct[i].Regime; g != backend.RegimeTX && list[i].Verdict != direct[i].Verdict {
			t.Errorf("%s: practice %s, figures %s", g, list[i].Verdict, direct[i].Verdict)
		}
	}
}

func TestAssessPracticeCCPAExceptPHI(t *testing.T) {
	p := backend.DefaultPractice()
	p.HIPAARole, p.RevenueBand = backend.HIPAABusinessAssociate, backend.RevenueOver1B
	list, _ := AssessPractice(p, backend.Date{})
	if v := verdictOf(t, list, backend.RegimeCCPA); v.Verdict != VerdictAppliesExceptPHI {
		t.Errorf("CCPA: %s %v", v.Verdict, v.Reasons)
	}
	if v := verdictOf(t, list, backend.RegimeFL); v.Verdict != VerdictCheck {
		t.Errorf("FL: %s", v.Verdict)
	}
	// Not a covered entity, no sales, under $25m: Texas turns on the SBA size, not recorded.
	p.HIPAARole, p.RevenueBand, p.SellsData = backend.HIPAANeither, backend.RevenueUnder25M, backend.No
	list, _ = AssessPractice(p, backend.Date{})
	v := verdictOf(t, list, backend.RegimeTX)
	if v.Verdict != VerdictCannotTell || !strings.Contains(v.Reasons[0], "small business") {
		t.Errorf("TX: %s %v", v.Verdict, v.Reasons)
	}
}
