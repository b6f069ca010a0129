package command

import (
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// request add --appeal-of names the request whose denial an appeal appeals: refused,
// naming the flag, for a request not denied; request show prints the link both ways.
func TestRequestAddAppealOf(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	add := func(args ...string) (int, string, string) {
		return runArgs(t, append([]string{"--db", db, "request", "add", "--name", "Vera Lund", "--email", "vera@example.com", "--regime", "va"}, args...)...)
	}
	code, out, errs := add("--right", "access", "--received", "2026-03-02")
	if code != 0 {
		t.Fatalf("add: %d %q", code, errs)
	}
	ref := strings.TrimSpace(out)
	code, _, errs = add("--right", "appeal", "--received", "2026-04-20", "--appeal-of", ref)
	if code == 0 || !strings.Contains(errs, "--appeal-of (appealOf)") || !strings.Contains(errs, "was not denied") {
		t.Fatalf("an appeal of a request not denied: %d %q", code, errs)
	}
	s := openTestDB(t, db)
	if _, err := s.Transition(ref, backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialNoData, DenialText: "We hold nothing about you."}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, out, errs = add("--right", "appeal", "--received", "2026-04-20", "--appeal-of", ref)
	if code != 0 {
		t.Fatalf("appeal: %d %q", code, errs)
	}
	appeal := strings.TrimSpace(out)
	if code, out, _ = runArgs(t, "--db", db, "request", "show", appeal); code != 0 || !strings.Contains(out, "Appeal of: "+ref) {
		t.Errorf("show the appeal: %d\n%s", code, out)
	}
	if code, out, _ = runArgs(t, "--db", db, "request", "show", ref); code != 0 || !strings.Contains(out, "Appealed:  by "+appeal+", received 20 April 2026 (received)") {
		t.Errorf("show the denied request: %d\n%s", code, out)
	}
}
