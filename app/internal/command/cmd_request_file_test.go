package command

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// argvWarning is the line request add writes on stderr when a person's details are
// flags, which other users of the computer can see.
const argvWarning = "on the command line can be seen by other users of this computer"

// withoutArgvWarning is stderr without that line.
func withoutArgvWarning(stderr string) string {
	var rest []string
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if !strings.Contains(line, argvWarning) {
			rest = append(rest, line)
		}
	}
	return strings.Join(rest, "")
}

// request add takes the requester's details from a JSON file or standard input, so they
// are not on the command line (where `ps` shows them to every user, and the shell
// history keeps them); the flags still work, with a one-line warning naming them.
func TestRequestAddFromFile(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo", "--requests", "0"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	file := filepath.Join(dir, "request.json")
	os.WriteFile(file, []byte(`{"requester": {"name": "Ada Quinn", "email": "ada@example.com", "dateOfBirth": "1980-04-05"},
		"regime": "hipaa", "rights": ["access"], "receivedDate": "2026-03-02"}`), 0o600)
	show := func(ref string) map[string]any {
		t.Helper()
		code, out, errs := runArgs(t, "--db", db, "request", "show", ref, "--json")
		var shown map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &shown) != nil {
			t.Fatalf("show %s: exit %d %s %s", ref, code, out, errs)
		}
		return shown["requester"].(map[string]any)
	}

	code, out, errs := runArgs(t, "--db", db, "request", "add", "--from-file", file)
	if code != 0 || !strings.HasPrefix(out, "PR-") || strings.Contains(errs, argvWarning) {
		t.Fatalf("from a file: exit %d %q %q", code, out, errs)
	}
	if r := show(strings.TrimSpace(out)); r["name"] != "Ada Quinn" || r["email"] != "ada@example.com" || r["dateOfBirth"] != "1980-04-05" {
		t.Errorf("from a file: %v", r)
	}

	// Standard input, with the fields that are not a person's details as flags.
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = strings.NewReader(`{"requester": {"name": "Bo Lund", "phone": "+1 555 010 3000", "dateOfBirth": "1975-01-31"}}`)
	code, out, errs = runArgs(t, "--db", db, "request", "add", "--from-file", "-", "--regime", "ccpa", "--right", "access", "--received", "2026-03-02")
	if code != 0 || !strings.HasPrefix(out, "PR-") || strings.Contains(errs, argvWarning) {
		t.Fatalf("from standard input: exit %d %q %q", code, out, errs)
	}
	if r := show(strings.TrimSpace(out)); r["name"] != "Bo Lund" || r["dateOfBirth"] != "1975-01-31" {
		t.Errorf("from standard input: %v", r)
	}

	// The flags still work, with one line of warning naming those given.
	code, out, errs = runArgs(t, "--db", db, "request", "add", "--name", "Cy Flag", "--email", "cy@example.com", "--dob", "1990-02-03",
		"--regime", "ccpa", "--right", "access", "--received", "2026-03-02")
	if code != 0 || !strings.HasPrefix(out, "PR-") || strings.Count(errs, argvWarning) != 1 ||
		!strings.Contains(errs, "--name, --email, --dob "+argvWarning) || !strings.Contains(errs, "--from-file") {
		t.Errorf("flags: exit %d %q %q", code, out, errs)
	}

	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o600)
		return p
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a field in the file and as a flag", []string{"--from-file", file, "--name", "Other"}, 2, "requester.name is given twice, as --name and in the request file"},
		{"a bad email in the file", []string{"--from-file", write("bad.json", `{"requester": {"name": "A", "email": "a@"}, "regime": "ccpa", "rights": ["access"], "receivedDate": "2026-03-02"}`)}, 1, "requester.email (in the request file)"},
		{"a misspelt field", []string{"--from-file", write("typo.json", `{"requester": {"nmae": "A"}}`)}, 1, `unknown field "nmae"`},
		{"not JSON", []string{"--from-file", write("text.txt", "name=A")}, 1, "not a JSON object"},
		{"no such file", []string{"--from-file", filepath.Join(dir, "missing.json")}, 1, "Cannot read the request file"},
	} {
		code, out, errs := runArgs(t, append([]string{"--db", db, "request", "add"}, tc.args...)...)
		if code != tc.code || out != "" || !strings.Contains(errs, tc.want) || strings.Count(withoutArgvWarning(errs), "\n") != 1 {
			t.Errorf("%s: exit %d %q %q, want %d and %q", tc.name, code, out, errs, tc.code, tc.want)
		}
	}
	if code, _, errs := runArgs(t, "--db", db, "request", "add", "--help"); code != 0 || !strings.Contains(errs, "-from-file") || !strings.Contains(errs, "standard input") {
		t.Errorf("help: exit %d %q", code, errs)
	}
}
