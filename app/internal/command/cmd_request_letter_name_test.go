package command

import (
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// request add takes the name on letters; request show prints it; an over-long one is
// refused naming the flag.
func TestRequestNameOnLetters(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	code, out, errs := runArgs(t, "--db", db, "request", "add", "--name", "김민준", "--name-on-letters", "Minjun Kim",
		"--email", "mk@example.com", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02")
	if code != 0 {
		t.Fatalf("add: %d %q", code, errs)
	}
	code, out, _ = runArgs(t, "--db", db, "request", "show", strings.TrimSpace(out))
	if code != 0 || !strings.Contains(out, "김민준") || !strings.Contains(out, "On letters: Minjun Kim") {
		t.Errorf("show: %d\n%s", code, out)
	}
	code, _, errs = runArgs(t, "--db", db, "request", "add", "--name", "A", "--name-on-letters", strings.Repeat("x", 201),
		"--email", "a@example.com", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02")
	if code == 0 || !strings.Contains(errs, "--name-on-letters") {
		t.Errorf("a 201-character name on letters: %d %q", code, errs)
	}
}
