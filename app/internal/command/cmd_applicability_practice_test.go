package command

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// savePracticeProfile records a profile in Settings of the database at db.
func savePracticeProfile(t *testing.T, db string, set func(*backend.Practice)) {
	t.Helper()
	st := openTestDB(t, db)
	defer st.Close()
	p, _ := st.GetPractice()
	p.Name = "Lakeside Family Practice"
	set(&p)
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
}

func TestApplicabilityFromStoredProfile(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	newTestDB(t, db)
	type result struct {
		Source   string         `json:"source"`
		Practice map[string]any `json:"practice"`
		Verdicts []struct {
			Regime  string   `json:"regime"`
			Verdict string   `json:"verdict"`
			Reasons []string `json:"reasons"`
		} `json:"verdicts"`
	}
	read := func(args ...string) (result, map[string]string) {
		t.Helper()
		code, out, errs := runArgs(t, append([]string{"--db", db, "applicability", "--json"}, args...)...)
		if code != 0 || errs != "" {
			t.Fatalf("exit %d stderr %q", code, errs)
		}
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		m := map[string]string{}
		for _, v := range r.Verdicts {
			m[v.Regime] = v.Verdict
		}
		return r, m
	}
	// Nothing recorded yet: what turns on the profile cannot be told.
	r, v := read()
	if r.Source != "practice" || v["hipaa"] != "cannot-tell" || v["gdpr"] != "cannot-tell" {
		t.Fatalf("empty profile: %s %v", r.Source, v)
	}
	n := 8000
	savePracticeProfile(t, db, func(p *backend.Practice) {
		p.State, p.HIPAARole, p.RevenueBand, p.Consumers = "CA", backend.HIPAACoveredEntity, backend.RevenueOver1B, &n
		p.SellsData, p.OffersEU, p.OffersUK = backend.No, backend.No, backend.Yes
	})
	r, v = read()
	want := map[string]string{"hipaa": "applies", "ccpa": "applies-except-phi", "tx": "does-not-apply", "va": "does-not-apply",
		"gdpr": "does-not-apply", "uk-gdpr": "applies", "fl": "check"}
	for g, w := range want {
		if v[g] != w {
			t.Errorf("%s: %q, want %q", g, v[g], w)
		}
	}
	if r.Practice["state"] != "CA" || r.Practice["hipaaRole"] != "covered-entity" || r.Practice["consumers"] != float64(8000) {
		t.Errorf("practice profile in the output: %v", r.Practice)
	}
	// A profile flag overrides: the flags alone are the profile.
	r, v = read("--offers-eu")
	if r.Source != "flags" || v["hipaa"] != "does-not-apply" || v["gdpr"] != "applies" {
		t.Errorf("flags: %s %v", r.Source, v)
	}
}

func TestRequestAddWarnsWhenTheRegimeDoesNotReachThePractice(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	add := func(regime string) (int, string, string) {
		code, out, errs := runArgs(t, "--db", db, "request", "add", "--name", "Ann Lee "+regime, "--email", regime+"@example.com", "--regime", regime,
			"--right", "access", "--received", "2026-03-02")
		return code, out, withoutArgvWarning(errs)
	}
	if _, _, errs := add("ccpa"); strings.Contains(errs, "warning") {
		t.Errorf("no profile recorded, no warning: %q", errs)
	}
	n := 200
	savePracticeProfile(t, db, func(p *backend.Practice) {
		p.HIPAARole, p.RevenueBand, p.Consumers, p.SellsData = backend.HIPAACoveredEntity, backend.RevenueUnder25M, &n, backend.No
		p.OffersEU = backend.No
	})
	code, out, errs := add("gdpr")
	if code != 0 || !strings.HasPrefix(out, "PR-") || strings.Count(errs, "\n") != 1 ||
		!strings.Contains(errs, "warning: by the practice's profile, EU GDPR") || !strings.Contains(errs, "does not apply") ||
		!strings.Contains(errs, "GDPR Art. 3(2)") {
		t.Errorf("gdpr: exit %d stdout %q stderr %q", code, out, errs)
	}
	if _, _, errs := add("hipaa"); errs != "" {
		t.Errorf("hipaa applies, no warning: %q", errs)
	}
	big := 150000
	savePracticeProfile(t, db, func(p *backend.Practice) { p.Consumers = &big })
	if _, _, errs := add("co"); !strings.Contains(errs, "non-health data only") || !strings.Contains(errs, "6-1-1304(2)") {
		t.Errorf("ccpa: stderr %q", errs)
	}
}

// A California practice's HIPAA access request: request show prints California's dates
// next to HIPAA's, and --json carries them as stateClock.
func TestRequestShowStateClock(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	newTestDB(t, db)
	savePracticeProfile(t, db, func(p *backend.Practice) { p.State = "CA" })
	code, out, errs := runArgs(t, "--db", db, "request", "add", "--name", "Ann Lee", "--email", "ann@example.com", "--regime", "hipaa",
		"--right", "access", "--received", "2026-03-02")
	if code != 0 {
		t.Fatalf("add: %d %q", code, errs)
	}
	ref := strings.TrimSpace(out)
	code, out, _ = runArgs(t, "--db", db, "request", "show", ref)
	if code != 0 || !strings.Contains(out, "California law: inspection by 9 March 2026, copies by 17 March 2026; HIPAA: by 1 April 2026") ||
		!strings.Contains(out, "the earlier date governs: 9 March 2026 (Cal. Health & Safety Code 123110(b))") {
		t.Errorf("show: %d\n%s", code, out)
	}
	code, out, _ = runArgs(t, "--db", db, "request", "show", ref, "--json")
	var got struct {
		Request struct {
			Rights []struct {
				StateClock *struct {
					Governs  string `json:"governs"`
					HIPAADue string `json:"hipaaDue"`
				} `json:"stateClock"`
			} `json:"rights"`
		} `json:"request"`
		Rights []struct {
			StateClock *struct {
				Governs  string `json:"governs"`
				HIPAADue string `json:"hipaaDue"`
			} `json:"stateClock"`
		} `json:"rights"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("%d %v\n%s", code, err, out)
	}
	rights := got.Request.Rights
	if len(rights) == 0 {
		rights = got.Rights
	}
	if len(rights) != 1 || rights[0].StateClock == nil || rights[0].StateClock.Governs != "2026-03-09" || rights[0].StateClock.HIPAADue != "2026-04-01" {
		t.Errorf("json: %s", out)
	}
}
