package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// `report KIND --out F.pdf` writes each report as a PDF; a wrong kind or a missing
// --out is a usage mistake (exit 2).
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	// The data folder is a folder of its own: what the commands write goes outside it.
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	for _, kind := range []string{"baa", "readiness"} {
		out := filepath.Join(dir, kind+".pdf")
		code, stdout, errs := runArgs(t, "--db", db, "report", kind, "--out", out)
		if code != 0 || !strings.Contains(stdout, "Wrote the ") {
			t.Fatalf("report %s: %d %q %q", kind, code, stdout, errs)
		}
		if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
			t.Errorf("report %s: not a PDF (%v)", kind, err)
		}
	}
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"report"}, "name the report"},
		{[]string{"report", "frob", "--out", filepath.Join(dir, "x.pdf")}, "unknown report"},
		{[]string{"report", "baa"}, "--out FILE.pdf is required"},
	} {
		code, _, errs := runArgs(t, append([]string{"--db", db}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.stderr) {
			t.Errorf("%v: exit %d %q, want 2 and %q", tc.args, code, errs, tc.stderr)
		}
	}
}
