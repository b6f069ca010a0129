package command

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// request add --country names a GDPR requester's country: its public holidays move the
// due date (31 January 2026 is a Saturday; Monday 2 February is Saint Brigid's Day in
// Ireland), and a bad or misplaced country is refused on the flag.
func TestRequestAddCountry(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	add := func(args ...string) (int, string, string) {
		return runArgs(t, append([]string{"--db", db, "request", "add", "--name", "Aoife Byrne", "--email", "aoife@example.ie",
			"--right", "access", "--received", "2025-12-31"}, args...)...)
	}
	due := func(ref string) (country, respondBy, basis string) {
		t.Helper()
		code, out, errs := runArgs(t, "--db", db, "request", "show", ref, "--json")
		if code != 0 {
			t.Fatalf("show %s: exit %d %s", ref, code, errs)
		}
		var v struct {
			Requester struct{ Country string }
			Rights    []struct{ RespondBy, Basis string }
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.Rights) != 1 {
			t.Fatalf("show %s: %v %s", ref, err, out)
		}
		return v.Requester.Country, v.Rights[0].RespondBy, v.Rights[0].Basis
	}
	code, out, errs := add("--regime", "gdpr", "--country", "ie")
	if code != 0 {
		t.Fatalf("add: exit %d %q %q", code, out, errs)
	}
	if c, d, basis := due(strings.TrimSpace(out)); c != "IE" || d != "2026-02-03" || !strings.Contains(basis, "Saint Brigid") {
		t.Errorf("Ireland: %q %s %q", c, d, basis)
	}
	code, out, _ = add("--regime", "gdpr")
	if code != 0 {
		t.Fatalf("add without a country: exit %d", code)
	}
	if c, d, basis := due(strings.TrimSpace(out)); c != "" || d != "2026-02-02" || !strings.Contains(basis, "weekends only: no country chosen") {
		t.Errorf("no country: %q %s %q", c, d, basis)
	}
	for _, args := range [][]string{{"--regime", "gdpr", "--country", "XX"}, {"--regime", "ccpa", "--country", "DE"}} {
		code, out, errs := add(args...)
		if code != 1 || out != "" || !strings.Contains(errs, "--country (requester.country)") {
			t.Errorf("%v: exit %d stdout %q stderr %q", args, code, out, errs)
		}
	}
}
