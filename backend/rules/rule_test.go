package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"privacydesk/backend"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// Every pair backend.Regime.Grants allows has exactly one rule, and no rule exists for a
// pair it refuses.
func TestEveryGrantHasARule(t *testing.T) {
	seen := map[key]int{}
	for _, r := range table {
		seen[key{r.Regime, r.Right}]++
		if !r.Regime.Grants(r.Right) {
			t.Errorf("rule for %s %s, which the regime does not grant", r.Regime, r.Right)
		}
	}
	for _, g := range backend.Regimes {
		for _, right := range backend.Rights {
			n := seen[key{g, right}]
			switch {
			case g.Grants(right) && n != 1:
				t.Errorf("%s %s: %d rules, want 1", g, right, n)
			case !g.Grants(right) && n != 0:
				t.Errorf("%s %s: not granted but has %d rules", g, right, n)
			}
		}
	}
	if len(All()) != len(table) {
		t.Errorf("All() returns %d rules, table has %d", len(All()), len(table))
	}
}

func TestRulesAreComplete(t *testing.T) {
	calendars := map[CalendarID]bool{CalendarUSFederal: true, CalendarCalifornia: true, CalendarEnglandWales: true, CalendarEU: true}
	for _, r := range All() {
		name := string(r.Regime) + " " + string(r.Right)
		switch {
		case r.Version < 1:
			t.Errorf("%s: version %d", name, r.Version)
		case r.Citation == "" || r.Note == "" || r.Verified == "":
			t.Errorf("%s: citation, note and verification are all required", name)
		case !calendars[r.Calendar]:
			t.Errorf("%s: unknown calendar %q", name, r.Calendar)
		case !r.Extension.IsZero() && r.Extension.Unit != r.Respond.Unit:
			t.Errorf("%s: extension in %s, period in %s", name, r.Extension.Unit, r.Respond.Unit)
		case !r.Extension.IsZero() && r.ExtensionNotice == "":
			t.Errorf("%s: an extension needs its notice rule", name)
		case r.Extension.IsZero() && r.ExtensionNotice != "":
			t.Errorf("%s: notice rule without an extension", name)
		case r.HasClock() && r.Respond.N < 0:
			t.Errorf("%s: negative period", name)
		case r.AllowsPause() && !r.HasClock():
			t.Errorf("%s: a pause without a clock", name)
		}
	}
}

func TestLookup(t *testing.T) {
	r, err := Lookup(backend.RegimeCCPA, backend.RightAccess)
	if err != nil || r.Respond != days(45) || r.Acknowledge != businessDays(10) || r.Extension != days(45) {
		t.Fatalf("ccpa access = %+v, %v", r, err)
	}
	r, err = Lookup(backend.RegimeGDPR, backend.RightDeletion)
	if err != nil || r.Respond != months(1) || r.Extension != months(2) {
		t.Fatalf("gdpr deletion = %+v, %v", r, err)
	}
	for _, tc := range []struct {
		regime backend.Regime
		right  backend.Right
		field  string
	}{
		{"", "access", "regime"},
		{"eu", "access", "regime"},
		{"ccpa", "", "rights"},
		{"ccpa", "accounting", "rights"},
		{"ut", "correction", "rights"},
		{"hipaa", "opt-out", "rights"},
	} {
		_, err := Lookup(tc.regime, tc.right)
		if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != tc.field {
			t.Errorf("Lookup(%q, %q) = %v; want EINVALID on %q", tc.regime, tc.right, err, tc.field)
		}
	}
}

func TestPeriodString(t *testing.T) {
	for p, want := range map[Period]string{
		days(45): "45 calendar days", days(1): "1 calendar day", businessDays(10): "10 business days",
		businessDays(1): "1 business day", months(1): "one month", months(3): "3 months", {}: "none",
	} {
		if p.String() != want {
			t.Errorf("%#v = %q, want %q", p, p.String(), want)
		}
	}
}

func TestApplicabilityNotes(t *testing.T) {
	for _, g := range []backend.Regime{"ccpa", "va", "co", "ct", "tx", "ut", "or", "fl"} {
		notes := ApplicabilityNotes(g)
		if len(notes) == 0 || notes[0].Note == "" || notes[0].Citation == "" {
			t.Errorf("%s: no applicability note", g)
		}
	}
	for _, g := range []backend.Regime{"gdpr", "uk-gdpr", "hipaa"} {
		if len(ApplicabilityNotes(g)) != 0 {
			t.Errorf("%s: unexpected applicability note", g)
		}
	}
	if len(AllApplicability()) != 8 {
		t.Errorf("AllApplicability = %d notes", len(AllApplicability()))
	}
}

// ruleVersion is a row of testdata/rules.golden.json: a changed rule must bump its
// Version, so requests computed with the old one can be found and nothing moves silently.
type ruleVersion struct {
	Regime      backend.Regime `json:"regime"`
	Right       backend.Right  `json:"right"`
	Version     int            `json:"version"`
	Fingerprint string         `json:"fingerprint"`
}

func fingerprint(t *testing.T, r Rule) string {
	r.Version = 0
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func TestRuleVersionsGolden(t *testing.T) {
	var got []ruleVersion
	for _, r := range All() {
		got = append(got, ruleVersion{r.Regime, r.Right, r.Version, fingerprint(t, r)})
	}
	path := filepath.Join("testdata", "rules.golden.json")
	b, _ := json.MarshalIndent(got, "", "  ")
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./backend/rules -run TestRuleVersionsGolden -update)", err)
	}
	if bytes.Equal(want, b) {
		return
	}
	var old []ruleVersion
	if err := json.Unmarshal(want, &old); err != nil {
		t.Fatal(err)
	}
	prev := map[key]ruleVersion{}
	for _, o := range old {
		prev[key{o.Regime, o.Right}] = o
	}
	for _, g := range got {
		o, ok := prev[key{g.Regime, g.Right}]
		switch {
		case !ok:
			t.Errorf("%s %s: new rule; run with -update", g.Regime, g.Right)
		case o.Fingerprint != g.Fingerprint && o.Version == g.Version:
			t.Errorf("%s %s changed but its Version is still %d: bump it so existing requests are not moved silently", g.Regime, g.Right, g.Version)
		case o != g:
			t.Errorf("%s %s: golden out of date (version %d -> %d); run with -update", g.Regime, g.Right, o.Version, g.Version)
		}
	}
	if len(old) != len(got) {
		t.Errorf("golden has %d rules, table %d; run with -update", len(old), len(got))
	}
}
