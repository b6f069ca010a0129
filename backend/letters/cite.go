package letters

import (
	"regexp"
	"strings"
)

// citation writes a citation the way the letters do, whether it comes from the rules
// engine ("45 CFR 164.524(b)(2)", "Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021")
// or from the letters' own table: a code's sections follow a section sign ("45 CFR §
// 164.524(b)(2)", "Cal. Civ. Code §§ 1798.110, 1798.130(a)(2)"), and the words of each
// part are joined by no-break spaces, so a line never ends after "CFR", "§" or "Art.".
// Oregon's statutes are cited without a section sign (ORS 646A.576), as Oregon writes
// them; articles (GDPR Art. 15) and regulations (Reg. 1182/71) keep their own words.
func citation(raw string) string {
	groups := strings.Split(raw, "; ")
	for i, g := range groups {
		groups[i] = citeGroup(g)
	}
	return strings.Join(groups, "; ")
}

// citeGroup styles one code's part of a citation: its name, then its sections separated
// by commas. A line may break after a comma, never inside a part.
func citeGroup(g string) string {
	ws := strings.Fields(g)
	at := -1 // the first section number after the code's name
	for i := 1; i < len(ws); i++ {
		if startsWithDigit(ws[i]) {
			at = i
			break
		}
	}
	if at > 0 && sectioned(ws[:at]) {
		sign := "§"
		if strings.Contains(strings.Join(ws[at:], " "), ",") {
			sign = "§§"
		}
		ws = append(ws[:at:at], append([]string{sign}, ws[at:]...)...)
	}
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			if strings.HasSuffix(ws[i-1], ",") {
				b.WriteByte(' ')
			} else {
				b.WriteRune('\u00a0')
			}
		}
		b.WriteString(w)
	}
	return b.String()
}

// sectioned reports whether a code's name (the words before its first number) is cited
// with a section sign before the number: not an article or a regulation, not ORS, and not
// a citation that already has its sign.
func sectioned(name []string) bool {
	last := name[len(name)-1]
	switch last {
	case "§", "§§", "Art.", "Arts.", "Reg.", "Part", "ORS", "GDPR":
		return false
	}
	return !strings.Contains(strings.Join(name, " "), "§")
}

// codeCitation is a Code of Federal Regulations or California Code of Regulations section
// cited inside a sentence, as the app's labels write it: "45 CFR 164.524(a)(3)(ii)".
var codeCitation = regexp.MustCompile(`\b\d+ (CFR|CCR) \d[0-9A-Za-z.()-]*[0-9A-Za-z)]`)

// citationsIn writes the CFR and CCR citations inside a label (a HIPAA denial ground's,
// "Would cause substantial harm to another person named (45 CFR 164.524(a)(3)(ii))") in
// the letters' style, so the letter that prints the label cites in one style.
func citationsIn(s string) string {
	return codeCitation.ReplaceAllStringFunc(s, citation)
}
