package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// Every pair backend.Regime.Grants allows has exactly one rule, and no rule exists for a
// pair it refuses.
func TestEveryGrantHasARule(t *testing.T) {
	seen := map[key]int{}
	for _, r := range table() {
		if r.EffectiveUntil.IsZero() {
			seen[key{r.Regime, r.Right}]++ // exactly one open-ended (current) row per pair
		}
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
	if len(All()) != len(table()) {
		t.Errorf("All() returns %d rules, table has %d", len(All()), len(table()))
	}
}

func TestRulesAreComplete(t *testing.T) {
	calendars := map[CalendarID]bool{CalendarUSFederal: true, CalendarCalifornia: true, CalendarEnglandWales: true, CalendarEU: true}
	for _, r := range All() {
		name := string(r.Regime) + " " + string(r.Right)
		switch {
		case r.Version < 1:
			t.Errorf("%s: version %d", name, r.Version)
		case r.Citation == "" || r.Note == "" || r.Checked.Read == "":
			t.Errorf("%s: citation, note and what was read are all required", name)
		case !r.Checked.On.Equal(CheckedOn):
			t.Errorf("%s: checked on %s, want %s", name, r.Checked.On, CheckedOn)
		case checkSourceHow[r.Checked.Source] == "" || r.Checked.How != checkSourceHow[r.Checked.Source]:
			t.Errorf("%s: checked against %q (%q): say what the row rests on", name, r.Checked.Source, r.Checked.How)
		case r.EffectiveFrom.IsZero():
			t.Errorf("%s: no effective date", name)
		case !r.EffectiveUntil.IsZero() && r.EffectiveUntil.Before(r.EffectiveFrom):
			t.Errorf("%s: effective until %s before from %s", name, r.EffectiveUntil, r.EffectiveFrom)
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
// The fingerprint leaves out Checked: re-reading a law that has not changed moves no date.
type ruleVersion struct {
	Regime        backend.Regime `json:"regime"`
	Right         backend.Right  `json:"right"`
	EffectiveFrom backend.Date   `json:"effectiveFrom"`
	Version       int            `json:"version"`
	Fingerprint   string         `json:"fingerprint"`
}

type rowKey struct {
	key
	from string
}

func fingerprint(t *testing.T, r Rule) string {
	r.Version = 0
	r.Checked = Checked{}
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
		got = append(got, ruleVersion{r.Regime, r.Right, r.EffectiveFrom, r.Version, fingerprint(t, r)})
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
	prev := map[rowKey]ruleVersion{}
	for _, o := range old {
		prev[rowKey{key{o.Regime, o.Right}, o.EffectiveFrom.String()}] = o
	}
	for _, g := range got {
		o, ok := prev[rowKey{key{g.Regime, g.Right}, g.EffectiveFrom.String()}]
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

// The rows of one pair share a Version and cover one unbroken range: each row ends the
// day before the next begins, and only the last is open-ended.
func TestEffectiveRanges(t *testing.T) {
	for k, rows := range index() {
		for n, i := range rows {
			r := table()[i]
			if r.Version != table()[rows[0]].Version {
				t.Errorf("%s %s: versions %d and %d; the rows of a pair share one", k.regime, k.right, r.Version, table()[rows[0]].Version)
			}
			if n+1 < len(rows) {
				next := table()[rows[n+1]]
				if r.EffectiveUntil.IsZero() || !r.EffectiveUntil.AddDays(1).Equal(next.EffectiveFrom) {
					t.Errorf("%s %s: row %s..%s is not followed the next day by row from %s", k.regime, k.right, r.EffectiveFrom, r.EffectiveUntil, next.EffectiveFrom)
				}
			} else if !r.EffectiveUntil.IsZero() {
				t.Errorf("%s %s: the last row ends on %s", k.regime, k.right, r.EffectiveUntil)
			}
		}
	}
}

// Each rule is chosen by the day the request was received, on both sides of every date
// the law changed.
func TestLookupOnEffectiveDates(t *testing.T) {
	cases := []struct {
		regime   backend.Regime
		right    backend.Right
		received string
		citation string // "" means refused
		pause    bool
		msg      string
	}{
		{"ut", "correction", "2026-06-30", "", false, "only to requests received from 1 July 2026"},
		{"ut", "correction", "2026-07-01", "Utah Code 13-61-201(4), 13-61-203(2)", false, ""},
		{"ut", "access", "2023-12-30", "", false, "from 31 December 2023"},
		{"ut", "access", "2023-12-31", "Utah Code 13-61-203(2)", false, ""},
		{"uk-gdpr", "access", "2026-02-04", "UK GDPR Art. 15, Art. 12(3)", false, ""},
		{"uk-gdpr", "access", "2026-02-05", "UK GDPR Art. 15, Arts. 12(3), 12A", true, ""},
		{"uk-gdpr", "automated-decision", "2026-02-04", "UK GDPR Art. 22, Art. 12(3)", false, ""},
		{"uk-gdpr", "automated-decision", "2026-02-05", "UK GDPR Arts. 22A-22D, Arts. 12(3), 12A", true, ""},
		{"uk-gdpr", "deletion", "2020-12-31", "", false, "from 1 January 2021"},
		{"ccpa", "correction", "2022-12-31", "", false, "from 1 January 2023"},
		{"ccpa", "correction", "2023-01-01", "Cal. Civ. Code 1798.106, 1798.130(a)(2); 11 CCR 7021", false, ""},
		{"tx", "access", "2024-06-30", "", false, "from 1 July 2024"},
		{"tx", "access", "2024-07-01", "Tex. Bus. & Com. Code 541.052(b)", false, ""},
	}
	for _, tc := range cases {
		r, err := LookupOn(tc.regime, tc.right, date(t, tc.received))
		if tc.citation == "" {
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "rights" || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%s %s %s: err %v; want EINVALID on rights with %q", tc.regime, tc.right, tc.received, err, tc.msg)
			}
			continue
		}
		if err != nil || r.Citation != tc.citation || r.AllowsPause() != tc.pause {
			t.Errorf("%s %s %s: %q pause %v, %v; want %q pause %v", tc.regime, tc.right, tc.received, r.Citation, r.AllowsPause(), err, tc.citation, tc.pause)
		}
	}
	if _, err := LookupOn("ut", "correction", backend.Date{}); backend.ErrorField(err) != "received" {
		t.Errorf("no date: %v", err)
	}
	// Lookup is the current row.
	if r, err := Lookup("uk-gdpr", "access"); err != nil || !r.EffectiveFrom.Equal(ukDUAA) {
		t.Errorf("Lookup uk-gdpr access = %s, %v", r.EffectiveFrom, err)
	}
}

func TestOverrideSharesTheVersion(t *testing.T) {
	r, _ := Lookup("uk-gdpr", "access")
	old := r.Version
	r.Version++
	r.Note = "changed"
	restore := Override(r)
	before, _ := LookupOn("uk-gdpr", "access", date(t, "2025-01-01"))
	after, _ := LookupOn("uk-gdpr", "access", date(t, "2026-03-01"))
	restore()
	if before.Version != old+1 || after.Version != old+1 || after.Note != "changed" || before.Note == "changed" {
		t.Errorf("override: before v%d %q, after v%d %q", before.Version, before.Note, after.Version, after.Note)
	}
	if r2, _ := Lookup("uk-gdpr", "access"); r2.Version != old || r2.Note == "changed" {
		t.Errorf("restore: %+v", r2)
	}
}
