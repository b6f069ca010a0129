package letters

import (
	"regexp"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

// spaced is text with its no-break spaces as spaces, as a reader sees it.
func spaced(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

// A right's bullet cites its rule in the letters' own style, the one the one-sentence
// form uses: a section sign before a code's sections, for every regime.
func TestRightDueCitationStyle(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"45 CFR 164.524(b)(2)", "45 CFR § 164.524(b)(2)"},
		{"45 CFR 164.522(a)", "45 CFR § 164.522(a)"},
		{"Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021", "Cal. Civ. Code §§ 1798.110, 1798.130(a)(2); 11 CCR § 7021"},
		{"Cal. Civ. Code 1798.121; 11 CCR 7027(g)", "Cal. Civ. Code § 1798.121; 11 CCR § 7027(g)"},
		{"Cal. Health & Safety Code 123110(b)", "Cal. Health & Safety Code § 123110(b)"},
		{"Va. Code 59.1-577", "Va. Code § 59.1-577"},
		{"C.R.S. 6-1-1306(2)", "C.R.S. § 6-1-1306(2)"},
		{"Conn. Gen. Stat. 42-518", "Conn. Gen. Stat. § 42-518"},
		{"Tex. Bus. & Com. Code 541.052(b)", "Tex. Bus. & Com. Code § 541.052(b)"},
		{"Utah Code 13-61-201(4), 13-61-203(2)", "Utah Code §§ 13-61-201(4), 13-61-203(2)"},
		{"Fla. Stat. 501.706(2)", "Fla. Stat. § 501.706(2)"},
		{"N.Y. Public Health Law 18(2)(a)", "N.Y. Public Health Law § 18(2)(a)"},
		{"Mont. Code Ann. 50-16-541(1)", "Mont. Code Ann. § 50-16-541(1)"},
		{"ORS 646A.576", "ORS 646A.576"},
		{"GDPR Art. 15, Art. 12(3); Reg. 1182/71 Art. 3", "GDPR Art. 15, Art. 12(3); Reg. 1182/71 Art. 3"},
		{"UK GDPR Arts. 22A-22D, Arts. 12(3), 12A", "UK GDPR Arts. 22A-22D, Arts. 12(3), 12A"},
		// The letters' own citations are already styled and stay as they are.
		{"11 CCR §§ 7026(f), 7027(g)", "11 CCR §§ 7026(f), 7027(g)"},
		{"Fla. Stat. § 501.701 ff.", "Fla. Stat. § 501.701 ff."},
	} {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess)
		var text string
		for _, sp := range rightDueItem(&d, RightDue{Right: backend.RightAccess, Due: date("2026-04-01"), Citation: tc.raw}) {
			text += sp.text
		}
		if !strings.Contains(spaced(text), "("+tc.want+")") {
			t.Errorf("%q is cited %q; want (%s)", tc.raw, spaced(text), tc.want)
		}
	}
	// Every citation the rules engine gives a right or a state clock: a code's number
	// follows a section sign (Oregon's statutes, articles and regulations excepted).
	var raws []string
	for _, r := range rules.All() {
		raws = append(raws, r.Citation)
	}
	for _, c := range rules.AllStateClocks() {
		raws = append(raws, c.Citation)
	}
	bare := regexp.MustCompile(`(CFR|CCR|Code|Stat\.|C\.R\.S\.|Ann\.|Law) \d`)
	for _, raw := range raws {
		got := spaced(RightDue{Due: date("2026-04-01"), Citation: raw}.basis())
		if bare.MatchString(got) {
			t.Errorf("%q is cited %q, a section without its sign", raw, got)
		}
	}
	// The state's law and the rule it is stricter than, in one style.
	rd := RightDue{Due: date("2026-03-17"), Citation: "45 CFR 164.524(b)(2)", StateCitation: "Cal. Health & Safety Code 123110(b)"}
	if got, want := spaced(rd.basis()), "Cal. Health & Safety Code § 123110(b), which requires an answer sooner than 45 CFR § 164.524(b)(2)"; got != want {
		t.Errorf("state basis %q; want %q", got, want)
	}
}

// lineTexts sets spans at width and returns each line's text, no-break spaces as spaces.
func lineTexts(spans []rspan, width float64) []string {
	var out []string
	for _, l := range wrap(words(spans, sizeBody), width) {
		var b strings.Builder
		for i, w := range l.words {
			if i > 0 {
				b.WriteByte(' ')
			}
			for _, p := range w.pieces {
				b.WriteString(p.text)
			}
		}
		out = append(out, spaced(b.String()))
	}
	return out
}

// A citation never breaks after "CFR" or "CCR", after a section sign, or after "Art.":
// neither the letters' own (a bullet, a field) nor one typed into an edited template.
// Every width from a narrow column to a full line is tried, so a width that split a
// citation before is among them.
func TestCitationsStayTogether(t *testing.T) {
	d := baseData(backend.RegimeHIPAA, backend.RightAccess)
	bullet := rightDueItem(&d, RightDue{Right: backend.RightCorrection, Due: date("2026-05-01"), Citation: "45 CFR 164.526(b)(2)",
		StateCitation: "Cal. Health & Safety Code 123110(b)"})
	typed := []rspan{{text: "We will act no later than 15 business days after we received it (11 CCR §§ 7026(f), 7027(g)), " +
		"and for your health records within 30 days (45 CFR 164.524(b)(2), or 45 CFR § 164.524(b)(2)(ii) once extended) " +
		"and under GDPR Art. 12(3)."}}
	// breaks reports whether a line ends inside a citation, given the next line.
	endsPart := regexp.MustCompile(`(CFR|CCR|§|Art\.|Arts\.)$`)
	title := regexp.MustCompile(`(^|[\s(])\d+$`)
	breaks := func(l, next string) bool {
		return endsPart.MatchString(l) ||
			title.MatchString(l) && (strings.HasPrefix(next, "CFR") || strings.HasPrefix(next, "CCR"))
	}
	for _, tc := range []struct {
		name  string
		spans []rspan
	}{{"bullet", bullet}, {"typed", typed}} {
		splits := 0
		for width := 200.0; width <= 470; width++ {
			lines := lineTexts(tc.spans, width)
			for i, l := range lines[:len(lines)-1] {
				if breaks(l, lines[i+1]) {
					if splits++; splits <= 3 {
						t.Errorf("%s at width %.0f: a citation breaks after %q:\n%s", tc.name, width, l, strings.Join(lines, "\n"))
					}
				}
			}
		}
	}
}

// A HIPAA denial ground's label cites its paragraph as the app's lists do; the letter
// that prints it cites it in the letters' style, as it cites the rest.
func TestDenialBasisCitationStyle(t *testing.T) {
	for _, right := range []backend.Right{backend.RightAccess, backend.RightCorrection} {
		for _, reason := range backend.DenialReasonsFor(backend.RegimeHIPAA, right) {
			d := baseData(backend.RegimeHIPAA, right)
			d.Request.DenialBasis = reason.Label()
			got := spaced(fieldValue(&d, KindDenial, "request.denial_basis"))
			if strings.Contains(reason.Label(), "CFR") && (!strings.Contains(got, "CFR § 164.52") || strings.Contains(got, "CFR 1")) {
				t.Errorf("%s: %q", reason, got)
			}
		}
	}
	d := baseData(backend.RegimeHIPAA, backend.RightAccess)
	d.Request.DenialBasis = "Would cause substantial harm to another person named (45 CFR 164.524(a)(3)(ii))"
	if got, want := spaced(fieldValue(&d, KindDenial, "request.denial_basis")), "Would cause substantial harm to another person named (45 CFR § 164.524(a)(3)(ii))"; got != want {
		t.Errorf("denial basis %q; want %q", got, want)
	}
}
