// Package extool finds the programs the export tests open exports with (LibreOffice,
// Python, 7-Zip, bsdtar, poppler, qpdf). A missing program fails the test when the CI
// variable is "true" (the Makefile installs them all) and skips it with a message
// elsewhere. Only tests import this package.
package extool

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// CI reports whether the tests run in continuous integration (CI=true).
func CI() bool { return strings.EqualFold(os.Getenv("CI"), "true") }

// missing fails t in CI and skips it elsewhere, saying what to install.
func missing(t testing.TB, what, pkg string) {
	t.Helper()
	msg := what + " is not installed; this test needs it (Debian package " + pkg + ", which `make deps` installs)"
	if CI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Need returns the path of the program name, from the Debian package pkg.
func Need(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name, pkg)
	}
	return p
}

// Python returns a python3 that can import every module in modules: the system's
// (/usr/bin/python3, where Debian's python3-* packages install) first, then the first
// python3 on PATH.
func Python(t testing.TB, pkg string, modules ...string) string {
	t.Helper()
	var cands []string
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		cands = append(cands, "/usr/bin/python3")
	}
	if p, err := exec.LookPath("python3"); err == nil {
		cands = append(cands, p)
	}
	check := "import " + strings.Join(append([]string{"sys"}, modules...), ", ")
	for _, p := range cands {
		if exec.Command(p, "-c", check).Run() == nil {
			return p
		}
	}
	missing(t, "python3 with "+strings.Join(modules, ", "), pkg)
	return ""
}

// ICSEvents is a Python program (python3 -c ICSEvents FILE) that parses an iCalendar
// file with icalendar and prints its events as a JSON array of objects with UID, Date
// (the all-day DTSTART, YYYY-MM-DD; "" when it is not a date), Summary, Description
// and Categories.
const ICSEvents = `
import datetime, json, sys
import icalendar
with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
out = []
for ev in cal.walk("VEVENT"):
    start = ev.get("DTSTART")
    d = start.dt if start is not None else None
    date = d.isoformat() if isinstance(d, datetime.date) and not isinstance(d, datetime.datetime) else ""
    cats = []
    for c in (ev.get("CATEGORIES") if isinstance(ev.get("CATEGORIES"), list) else [ev.get("CATEGORIES")]):
        if c is not None:
            cats.extend(str(x) for x in c.cats)
    out.append({"UID": str(ev.get("UID", "")), "Date": date, "Summary": str(ev.get("SUMMARY", "")),
                "Description": str(ev.get("DESCRIPTION", "")), "Categories": cats})
json.dump(out, sys.stdout, ensure_ascii=False)
`
