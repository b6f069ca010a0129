package command

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// runArgs runs the CLI and returns its exit status, stdout and stderr.
func runArgs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runCLI(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLIBasics(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"version", []string{"--db", db, "version"}, 0, "privacydesk ", ""},
		{"help", []string{"--help"}, 0, "Commands:", ""},
		{"command help", []string{"--db", db, "demo", "--help"}, 0, "", "usage: privacydesk [--db FILE] demo"},
		{"unknown command", []string{"--db", db, "frobnicate"}, 2, "", "unknown command \"frobnicate\""},
		{"bad flag", []string{"--db", db, "demo", "--requests", "many"}, 2, "", "invalid value"},
		{"stray argument", []string{"--db", db, "version", "extra"}, 2, "", "unexpected argument"},
		{"db without file", []string{"--db"}, 2, "", "--db needs a file name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runArgs(t, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errs, tc.stderr) {
				t.Errorf("exit %d stdout %q stderr %q; want %d, %q, %q", code, out, errs, tc.code, tc.stdout, tc.stderr)
			}
		})
	}
}

func TestDemoCreatesPrivateDatabase(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "new", "pd.db"))
	code, out, errs := runArgs(t, "--db", db, "demo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Sessions, Inc.") {
		t.Errorf("stdout = %q", out)
	}
	if !testpg.Enabled() { // a server keeps its own files
		st, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("mode %o, want 600", st.Mode().Perm())
		}
	}
	s := openTestDB(t, db)
	defer s.Close()
	p, _ := s.GetPractice()
	if p.Name != "Sessions, Inc." || p.Email != "contact@sessionshealth.com" || !strings.Contains(p.Address, "3948 Market St #24702") {
		t.Errorf("practice = %+v", p)
	}
}

func TestEnvironmentDatabase(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "env.db"))
	t.Setenv("PRIVACYDESK_DB", db)
	if code, _, errs := runArgs(t, "demo"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if st, err := signin.Check(context.Background(), db); st != signin.StatusReady {
		t.Errorf("PRIVACYDESK_DB not used: %q %v", st, err)
	}
}

func TestRefusedDatabaseIsOneLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(db, []byte("hello"), 0o600)
	code, _, errs := runArgs(t, "--db", db, "demo")
	if code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "not a SQLite file") {
		t.Errorf("exit %d stderr %q", code, errs)
	}
}

func TestCheckCommand(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd #1.db"))
	if code, _, errOut := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	// A file passes SQLite's check; a server checks its own pages, which check says.
	want := "passes SQLite's integrity check"
	if testpg.Enabled() {
		want = "is a PostgreSQL database: the server checks its own pages"
	}
	code, out, errOut := runArgs(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, storage.RedactLocation(db)) {
		t.Fatalf("check: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := runArgs(t, "--db", db, "check", "extra"); code != 2 || !strings.Contains(errOut, "unexpected argument") {
		t.Errorf("check extra: exit %d %q", code, errOut)
	}
}

// runAt runs the CLI with its clock pinned at now.
func runAt(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, now: func() time.Time { return now }}
	code := c.run(args)
	return code, out.String(), errb.String()
}

// The commands count "today" in the practice's time zone (America/Chicago by default) at
// the CLI's clock: neither the computer's clock nor its zone.
func TestCLIClockIsThePracticesToday(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	// 03:30 UTC on 3 March is still the evening of 2 March in Chicago; east of UTC it is
	// already 3 March, and a real clock would be neither.
	at := time.Date(2026, 3, 3, 3, 30, 0, 0, time.UTC)
	add := func(received string) (int, string, string) {
		return runAt(t, at, "--db", db, "request", "add", "--name", "A", "--email", "a@example.com",
			"--regime", "ccpa", "--right", "access", "--received", received)
	}
	if code, out, errs := add("2026-03-03"); code != 1 || out != "" || !strings.Contains(errs, "in the future (today is 2026-03-02)") {
		t.Errorf("received the next day: exit %d stdout %q stderr %q; want it refused as in the future", code, out, errs)
	}
	if code, out, errs := add("2026-03-02"); code != 0 || out != "PR-2026-0001\n" {
		t.Fatalf("received today: exit %d stdout %q stderr %q", code, out, errs)
	}
	// Three hours later it is past midnight in Chicago: the same date is today.
	at = at.Add(3 * time.Hour)
	if code, out, errs := add("2026-03-03"); code != 0 || out != "PR-2026-0002\n" {
		t.Errorf("after midnight in Chicago: exit %d stdout %q stderr %q", code, out, errs)
	}
}

func TestVersionPrintsTheBuild(t *testing.T) {
	oldV, oldC, oldD := Version, Commit, Date
	t.Cleanup(func() { Version, Commit, Date = oldV, oldC, oldD })
	Version, Commit, Date = "0.2.0~git20261207.1a2b3c4", "1a2b3c4d5e6f", "2026-12-07T04:00:00Z"
	code, out, errs := runArgs(t, "version")
	if code != 0 || out != "privacydesk 0.2.0~git20261207.1a2b3c4 (commit 1a2b3c4d5e6f, built 2026-12-07T04:00:00Z)\n" {
		t.Errorf("exit %d stdout %q stderr %q", code, out, errs)
	}
}

// The window binary opens its window with no command; privacydesk-cli (no window) says
// it needs a command and exits 2, without opening the database.
func TestNoCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never", "pd.db")
	var out, errb bytes.Buffer
	if code := Run([]string{"--db", db}, &out, &errb, nil); code != 2 || !strings.Contains(errb.String(), "privacydesk-cli has no window") ||
		!strings.Contains(errb.String(), "usage: privacydesk-cli") {
		t.Errorf("without a window: exit %d stderr %q", code, errb.String())
	}
	if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
		t.Errorf("the data folder was created without a command: %v", err)
	}
	var opened string
	window := func(dbPath string, _ io.Writer) int { opened = dbPath; return 7 }
	if code := Run([]string{"--db", db}, &out, &errb, window); code != 7 || opened != db {
		t.Errorf("with a window: exit %d, opened %q", code, opened)
	}
	// Wails's own flags (dev builds) go to the window too.
	opened = ""
	if code := Run([]string{"--db", db, "-devserver", "x"}, &out, &errb, window); code != 7 || opened != db {
		t.Errorf("with -devserver: exit %d, opened %q", code, opened)
	}
	errb.Reset()
	if code := Run([]string{"--db", db, "-devserver", "x"}, &out, &errb, nil); code != 2 || !strings.Contains(errb.String(), `unknown flag "-devserver"`) {
		t.Errorf("privacydesk-cli -devserver: exit %d stderr %q", code, errb.String())
	}
}
