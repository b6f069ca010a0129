package command

import (
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// audit verify names a request changed with SQL; audit anchor writes a PDF that
// audit verify --anchor reads back, and a trail deleted whole fails against it.
func TestAuditVerifyAndAnchor(t *testing.T) {
	dir := t.TempDir()
	// The data folder is a folder of its own: what the commands write goes outside it.
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo", "--requests", "3"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	code, out, errs := runArgs(t, "--db", db, "audit", "verify")
	if code != 0 || !strings.Contains(out, "Audit trail intact") || !strings.Contains(out, "match their last event") {
		t.Fatalf("verify: exit %d %q %q", code, out, errs)
	}
	pdf := filepath.Join(dir, "anchor.pdf")
	code, out, errs = runArgs(t, "--db", db, "audit", "anchor", "--out", pdf)
	if code != 0 || !strings.Contains(out, "Events: ") {
		t.Fatalf("anchor: exit %d %q %q", code, out, errs)
	}
	line := strings.TrimSpace(out[strings.Index(out, "Events: "):])
	code, out, errs = runArgs(t, "--db", db, "audit", "verify", "--anchor", pdf)
	if code != 0 || !strings.Contains(out, "still holds the anchor") {
		t.Fatalf("verify --anchor: exit %d %q %q", code, out, errs)
	}
	var n, hash string
	if f := strings.Fields(line); len(f) == 4 {
		n, hash = f[1], f[3]
	}
	if code, _, errs := runArgs(t, "--db", db, "audit", "verify", "--anchor-head", n+":"+hash); code != 0 {
		t.Errorf("verify --anchor-head: exit %d %q", code, errs)
	}
	if code, _, errs := runArgs(t, "--db", db, "audit", "verify", "--anchor-head", "twelve"); code == 0 || !strings.Contains(errs, "N:HEX") {
		t.Errorf("a bad --anchor-head: exit %d %q", code, errs)
	}

	raw := rawTestDB(t, db)
	defer raw.Close()
	var ref string
	if err := raw.QueryRow(`SELECT reference FROM requests ORDER BY id LIMIT 1`).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE requests SET status = 'denied' WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runArgs(t, "--db", db, "audit", "verify")
	if code == 0 || !strings.Contains(errs, "request "+ref+": status is 'denied'") {
		t.Errorf("verify after an UPDATE: exit %d %q", code, errs)
	}

	for _, q := range []string{`DELETE FROM audit_events`, `DELETE FROM audit_head`, `DELETE FROM requests`, `DELETE FROM vendors`, `DELETE FROM letters`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	if code, out, errs := runArgs(t, "--db", db, "audit", "verify"); code != 0 {
		t.Errorf("an empty trail without an anchor: exit %d %q %q", code, out, errs)
	}
	// (The sign-in of each command is an event of the new trail.)
	code, _, errs = runArgs(t, "--db", db, "audit", "verify", "--anchor", pdf)
	if code == 0 || !strings.Contains(errs, "but the anchor recorded") {
		t.Errorf("a deleted trail against the anchor: exit %d %q", code, errs)
	}
}
