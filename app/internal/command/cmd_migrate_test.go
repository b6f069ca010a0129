package command

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// The example practice moved into another database and back into a new file exports
// exactly as it did (storage's tests copy through PostgreSQL too).
func TestMigrateThereAndBack(t *testing.T) {
	dir := t.TempDir()
	// Through a server when the tests run against PostgreSQL.
	a, b, c := filepath.Join(dir, "a", "pd.db"), testpg.Location(t, filepath.Join(dir, "b", "pd.db")), filepath.Join(dir, "c", "pd.db")
	if code, _, errs := runArgs(t, "--db", a, "demo", "--requests", "5"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	code, out, errs := runArgs(t, "--db", a, "migrate", "--to", b)
	if code != 0 || !strings.Contains(out, "audit trail verifies") {
		t.Fatalf("migrate there: exit %d %q %q", code, out, errs)
	}
	// The copy of the encrypted practice in a file is encrypted from its first byte, with
	// the practice's keyring beside it.
	if !testpg.Enabled() && (!storage.IsEncrypted(b) || !keyring.Exists(b)) {
		t.Fatalf("the copy %s is not encrypted (keyring: %v)", b, keyring.Exists(b))
	}
	if code, out, errs := runArgs(t, "migrate", "--from", b, "--to", c); code != 0 || !strings.Contains(out, "Head: ") {
		t.Fatalf("migrate back: exit %d %q %q", code, out, errs)
	}
	// Each command signs in, which adds an event to the trail of the database it opens:
	// the trails agree up to the event the first copy ended at.
	events, err := strconv.Atoi(strings.Fields(out[strings.Index(out, "Events: "):])[1])
	if err != nil || events < 10 {
		t.Fatalf("the copy's head in %q: %v", out, err)
	}
	for _, kind := range []string{"audit", "requests", "vendors"} {
		var exports []string
		for i, db := range []string{a, c} {
			file := filepath.Join(dir, kind+string(rune('a'+i))+".csv")
			if code, _, errs := runArgs(t, "--db", db, "export", kind, "--format", "csv", "--out", file); code != 0 {
				t.Fatalf("export %s of %s: %s", kind, db, errs)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if kind == "audit" {
				lines := strings.SplitAfter(string(data), "\n")
				data = []byte(strings.Join(lines[:min(len(lines), events+1)], "")) // the header, then the events
			}
			exports = append(exports, string(data))
		}
		if exports[0] != exports[1] || len(exports[0]) < 100 {
			t.Errorf("the %s export differs after the round trip (%d and %d bytes)", kind, len(exports[0]), len(exports[1]))
		}
	}
	if code, _, errs := runArgs(t, "--db", a, "migrate", "--to", c); code == 0 || !strings.Contains(errs, "only into an empty database") {
		t.Errorf("migrate into a database in use: exit %d %q", code, errs)
	}
	if code, _, errs := runArgs(t, "--db", a, "migrate"); code != 2 || !strings.Contains(errs, "--to") {
		t.Errorf("migrate without --to: exit %d %q", code, errs)
	}
}
