package command

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeadlinesCommand(t *testing.T) {
	// The command must not touch the database: point --db at a folder that does not exist.
	db := filepath.Join(t.TempDir(), "absent", "pd.db")
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // exact when json, else a fragment
		stderr string
	}{
		{"ccpa access json", []string{"deadlines", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02", "--json"}, 0,
			`{"regime":"ccpa","right":"access","received":"2026-03-02","acknowledge_by":"2026-03-16","respond_by":"2026-04-16","extended_respond_by":"2026-05-31","citation":"Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021","governing":{"date":"2026-04-16","why":"45 calendar days from 2 March 2026","citation":"Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021","state_deadlines":[]}}`, ""},
		{"gdpr month end json with country", []string{"deadlines", "--regime", "gdpr", "--right", "deletion", "--received", "2026-01-31", "--country", "DE", "--json"}, 0,
			`{"regime":"gdpr","right":"deletion","received":"2026-01-31","acknowledge_by":null,"respond_by":"2026-03-02","extended_respond_by":"2026-04-30","citation":"GDPR Art. 17, Art. 12(3); Reg. 1182/71 Art. 3","governing":{"date":"2026-03-02","why":"one month from 31 January 2026 (no 31 February: the month's last day, 28 February 2026); 28 February 2026 is a Saturday, so the next working day, 2 March 2026","citation":"GDPR Art. 17, Art. 12(3); Reg. 1182/71 Art. 3","state_deadlines":[]}}`, ""},
		{"hipaa restrict has nulls", []string{"deadlines", "--regime", "hipaa", "--right", "restrict", "--received", "2026-03-02", "--json"}, 0,
			`{"regime":"hipaa","right":"restrict","received":"2026-03-02","acknowledge_by":null,"respond_by":null,"extended_respond_by":null,"citation":"45 CFR 164.522(a)","governing":{"date":null,"why":"No deadline in the law","citation":"45 CFR 164.522(a)","state_deadlines":[]}}`, ""},
		{"opt-out has no extension", []string{"deadlines", "--regime", "ccpa", "--right", "opt-out", "--received", "2026-03-20", "--json"}, 0,
			`{"regime":"ccpa","right":"opt-out","received":"2026-03-20","acknowledge_by":null,"respond_by":"2026-04-13","extended_respond_by":null,"citation":"Cal. Civ. Code 1798.120, 1798.135(c); 11 CCR 7026(f)","governing":{"date":"2026-04-13","why":"15 business days after 20 March 2026, not counting weekends or California state holidays (Cesar Chavez Day 31 March 2026)","citation":"Cal. Civ. Code 1798.120, 1798.135(c); 11 CCR 7026(f)","state_deadlines":[]}}`, ""},
		{"hipaa access json with a stricter state clock", []string{"deadlines", "--regime", "hipaa", "--right", "access", "--received", "2026-05-20", "--state", "tx", "--json"}, 0,
			`{"regime":"hipaa","right":"access","received":"2026-05-20","acknowledge_by":null,"respond_by":"2026-06-19","extended_respond_by":"2026-07-19","citation":"45 CFR 164.524(b)(2)","governing":{"date":"2026-06-11","why":"Texas law, electronic copy: 15 business days after 20 May 2026, not counting weekends or US federal holidays (Memorial Day 25 May 2026), earlier than HIPAA's 19 June 2026; the more stringent state law prevails (45 CFR 160.203(b))","citation":"Tex. Health \u0026 Safety Code 181.102(a)","state_deadlines":[{"state":"TX","what":"electronic copy","due":"2026-06-11","citation":"Tex. Health \u0026 Safety Code 181.102(a)"}]}}`, ""},
		{"hipaa access json, New York: inspection in 10 days, copies in no fixed time", []string{"deadlines", "--regime", "hipaa", "--right", "access", "--received", "2026-03-02", "--state", "NY", "--json"}, 0,
			`{"regime":"hipaa","right":"access","received":"2026-03-02","acknowledge_by":null,"respond_by":"2026-04-01","extended_respond_by":"2026-05-01","citation":"45 CFR 164.524(b)(2)","governing":{"date":"2026-03-12","why":"New York law, inspection: 10 calendar days from 2 March 2026, earlier than HIPAA's 1 April 2026; the more stringent state law prevails (45 CFR 160.203(b))","citation":"N.Y. Public Health Law 18(2)(a)","state_deadlines":[{"state":"NY","what":"inspection","due":"2026-03-12","citation":"N.Y. Public Health Law 18(2)(a)"},{"state":"NY","what":"copies","due":null,"citation":"N.Y. Public Health Law 18(2)(d)"}]}}`, ""},
		{"readable state clocks", []string{"deadlines", "--regime", "hipaa", "--right", "access", "--received", "2026-03-02", "--state", "CA"}, 0,
			"Governing date: 9 March 2026 — California law, inspection: 5 business days after 2 March 2026", ""},
		{"unknown state", []string{"deadlines", "--regime", "hipaa", "--right", "access", "--received", "2026-03-02", "--state", "XX"}, 1, "",
			"privacydesk deadlines: state: unknown US state \"XX\""},
		{"utah correction before the right was in force", []string{"deadlines", "--regime", "ut", "--right", "correction", "--received", "2026-06-30"}, 1, "",
			"privacydesk deadlines: rights: Utah (UCPA) grants the right \"correction\" only to requests received from 1 July 2026"},
		{"readable sentence", []string{"deadlines", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02"}, 0,
			`must be acknowledged by 16 March 2026 (10 business days after 2 March 2026, not counting weekends or California state holidays) and answered by 16 April 2026 (45 calendar days from 2 March 2026); one extension may reach 31 May 2026 at the latest. Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021.`, ""},
		{"readable weekend note", []string{"deadlines", "--regime", "va", "--right", "appeal", "--received", "2026-03-10"}, 0,
			"Note: 9 May 2026 is a Saturday and the law does not move the date: send the response by 8 May 2026.", ""},
		{"unknown regime", []string{"deadlines", "--regime", "nv", "--right", "access", "--received", "2026-03-02"}, 1, "",
			"privacydesk deadlines: regime: unknown regime \"nv\""},
		{"unknown right", []string{"deadlines", "--regime", "ccpa", "--right", "vote", "--received", "2026-03-02"}, 1, "",
			"privacydesk deadlines: rights: unknown right \"vote\""},
		{"right the regime lacks", []string{"deadlines", "--regime", "ut", "--right", "appeal", "--received", "2026-03-02", "--json"}, 1, "",
			"privacydesk deadlines: rights: Utah (UCPA) does not grant the right \"appeal\""},
		{"date that does not exist", []string{"deadlines", "--regime", "ccpa", "--right", "access", "--received", "2026-02-30"}, 1, "",
			"privacydesk deadlines: received: \"2026-02-30\" is not a date that exists"},
		{"unknown country", []string{"deadlines", "--regime", "gdpr", "--right", "access", "--received", "2026-03-02", "--country", "XX"}, 1, "",
			"privacydesk deadlines: holidayCountry: no public-holiday calendar for \"XX\""},
		{"missing flags", []string{"deadlines", "--regime", "ccpa"}, 2, "", "privacydesk deadlines: missing --right, --received"},
		{"stray argument", []string{"deadlines", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02", "extra"}, 2, "", "privacydesk deadlines: unexpected argument"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runCLI(append([]string{"--db", db}, tc.args...), &out, &errb)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tc.code, out.String(), errb.String())
			}
			if tc.code != 0 {
				if out.Len() != 0 {
					t.Errorf("stdout %q on failure", out.String())
				}
				if strings.Count(errb.String(), "\n") != 1 || !strings.HasPrefix(errb.String(), tc.stderr) {
					t.Errorf("stderr %q, want one line starting %q", errb.String(), tc.stderr)
				}
				return
			}
			if errb.Len() != 0 {
				t.Errorf("stderr %q", errb.String())
			}
			if strings.Contains(tc.name, "json") || strings.HasPrefix(tc.stdout, "{") {
				var compact bytes.Buffer
				if err := json.Compact(&compact, out.Bytes()); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, out.String())
				}
				if compact.String() != tc.stdout {
					t.Errorf("json\n got %s\nwant %s", compact.String(), tc.stdout)
				}
				return
			}
			if !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout %q lacks %q", out.String(), tc.stdout)
			}
		})
	}
	if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
		t.Errorf("the deadlines command created the database folder: %v", err)
	}
}
