package command

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestApplicabilityCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "absent", "pd.db")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := runCLI(append([]string{"--db", db, "applicability"}, args...), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := run("--covered-entity", "--consumers", "250000", "--revenue", "400000000", "--offers-uk", "--json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d stderr %q", code, errs)
	}
	var got struct {
		Profile  map[string]any `json:"profile"`
		On       *string        `json:"on"`
		Verdicts []struct {
			Regime    string   `json:"regime"`
			Verdict   string   `json:"verdict"`
			Reasons   []string `json:"reasons"`
			Citations []string `json:"citations"`
		} `json:"verdicts"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	verdict := map[string]string{}
	for _, v := range got.Verdicts {
		verdict[v.Regime] = v.Verdict
	}
	want := map[string]string{"ccpa": "applies-except-phi", "va": "does-not-apply", "co": "applies-except-phi", "ct": "does-not-apply",
		"tx": "does-not-apply", "ut": "does-not-apply", "or": "applies-except-phi", "fl": "does-not-apply", "gdpr": "does-not-apply",
		"uk-gdpr": "applies", "hipaa": "applies"}
	for g, w := range want {
		if verdict[g] != w {
			t.Errorf("%s: %q, want %q", g, verdict[g], w)
		}
	}
	if got.On != nil || got.Profile["consumers"] != float64(250000) || got.Profile["hipaaCovered"] != true {
		t.Errorf("profile %v on %v", got.Profile, got.On)
	}

	code, out, _ = run("--consumers", "200000", "--on", "2024-06-30")
	if code != 0 || !strings.Contains(out, "Texas (TDPSA): does not apply — not in force until 1 July 2024") || !strings.Contains(out, "not legal advice") {
		t.Errorf("readable: %d %q", code, out)
	}
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--sale-revenue-pct", "120"}, 1, "privacydesk applicability: saleRevenuePct: "},
		{[]string{"--consumers", "-3"}, 1, "privacydesk applicability: consumers: "},
		{[]string{"--on", "2026-02-30"}, 1, "privacydesk applicability: on: "},
		{[]string{"extra"}, 2, "privacydesk applicability: unexpected argument"},
	} {
		code, out, errs := run(tc.args...)
		if code != tc.code || out != "" || !strings.HasPrefix(errs, tc.stderr) {
			t.Errorf("%v: exit %d stdout %q stderr %q", tc.args, code, out, errs)
		}
	}
}
