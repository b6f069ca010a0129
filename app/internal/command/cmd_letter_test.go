package command

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

func TestLetterCommands(t *testing.T) {
	dir := t.TempDir()
	// The data folder is a folder of its own: what the commands write goes outside it.
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	add := func(args ...string) string {
		t.Helper()
		code, out, errs := runArgs(t, append([]string{"--db", db, "request", "add"}, args...)...)
		if code != 0 {
			t.Fatalf("request add: exit %d %s", code, errs)
		}
		return strings.TrimSpace(out)
	}
	// The example's vendors have no contact details; a direction letter needs somewhere to go.
	st := openTestDB(t, db)
	hb, err := st.GetVendorByName("Healthcare Blocks")
	if err == nil {
		hb.ContactEmail = "privacy@hb.example"
		_, err = st.UpdateVendor(hb)
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	ccpa := add("--name", "Łukasz Nguyễn-Müller", "--email", "lukasz@example.com", "--regime", "ccpa", "--right", "deletion", "--received", "2026-01-05")
	hipaa := add("--name", "王小明", "--email", "wang@example.com", "--regime", "hipaa", "--right", "access", "--received", "2026-01-06")
	// An agent with no way to be written to; an agent who is, for a letter the CCPA lets
	// go to the requester (a warning to acknowledge); staff notes but no requester's words.
	noAgentAddress := add("--name", "Ann Lee", "--email", "ann@example.com", "--agent", "Pat Agent", "--agent-phone", "612-555-0100", "--regime", "ccpa", "--right", "access", "--received", "2026-01-07")
	agent := add("--name", "Ann Lee", "--email", "ann@example.com", "--agent", "Pat Agent", "--agent-email", "pat@agent.example", "--regime", "ccpa", "--right", "access", "--received", "2026-01-07")
	notesOnly := add("--name", "Bo Chen", "--email", "bo@example.com", "--description", "Called, upset about the bill; wants everything.", "--regime", "ccpa", "--right", "access", "--received", "2026-01-08")

	// kinds: one identifier per line, each with a short description.
	code, out, _ := runArgs(t, "--db", db, "letter", "kinds")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 16 || !strings.HasPrefix(lines[0], "acknowledgment ") || !strings.HasPrefix(lines[15], "vendor-direction ") {
		t.Fatalf("kinds: exit %d\n%s", code, out)
	}
	for _, l := range lines {
		if f := strings.Fields(l); len(f) < 3 {
			t.Errorf("kind line without a description: %q", l)
		}
	}

	cases := []struct {
		name     string
		args     []string
		code     int
		stdout   string // expected in stdout
		stderr   string // expected in stderr
		wantFile bool
		text     string // expected in the PDF's text
	}{
		{"acknowledgment", []string{"--request", ccpa, "--kind", "acknowledgment"}, 0, "Letter 1 (acknowledgment) for " + ccpa + " to Łukasz Nguyễn-Müller: 1 page, SHA-256 ", "", true, "Dear Łukasz Nguyễn-Müller,"},
		{"chinese name", []string{"--request", hipaa, "--kind", "hipaa-access"}, 0, "(hipaa-access)", "", true, "Dear 王小明,"},
		{"vendor direction", []string{"--request", ccpa, "--vendor", "Healthcare Blocks", "--kind", "vendor-direction"}, 0, "to Healthcare Blocks", "", true, "Delete all personal information"},
		{"hipaa letter for ccpa", []string{"--request", ccpa, "--kind", "hipaa-access"}, 1, "", "kind: A hipaa-access letter does not fit request " + ccpa + ": it is a California (CCPA/CPRA) request, not a HIPAA request.", false, ""},
		{"deletion letter for access", []string{"--request", hipaa, "--kind", "deletion-confirm"}, 1, "", "does not ask for deletion", false, ""},
		{"vendor without contact", []string{"--request", ccpa, "--vendor", "Twilio", "--kind", "vendor-direction"}, 1, "", "address: There is nowhere to send this letter: the vendor (Twilio)", false, ""},
		{"direction without vendor", []string{"--request", ccpa, "--kind", "vendor-direction"}, 1, "", "vendor: Name the vendor", false, ""},
		{"unknown vendor", []string{"--request", ccpa, "--vendor", "Acme", "--kind", "vendor-direction"}, 1, "", "Acme", false, ""},
		{"unknown kind", []string{"--request", ccpa, "--kind", "thank-you"}, 1, "", "unknown letter kind \"thank-you\"", false, ""},
		{"unknown request", []string{"--request", "PR-2026-9999", "--kind", "acknowledgment"}, 1, "", "PR-2026-9999", false, ""},
		{"no request", []string{"--kind", "acknowledgment"}, 2, "", "--request is required", false, ""},
		{"agent without an address", []string{"--request", noAgentAddress, "--kind", "acknowledgment"}, 1, "", "agent.address: There is nowhere to send this letter", false, ""},
		{"agent not addressed", []string{"--request", agent, "--kind", "verify-identity"}, 1, "", "--accept-warnings", false, ""},
		{"agent not addressed, accepted", []string{"--request", agent, "--kind", "verify-identity", "--accept-warnings"}, 0, "to Ann Lee", "", true, "Copy: Pat Agent"},
		{"agent addressed", []string{"--request", agent, "--kind", "acknowledgment"}, 0, "to Pat Agent", "", true, "on behalf of Ann Lee"},
		{"internal notes not quoted", []string{"--request", notesOnly, "--kind", "acknowledgment"}, 1, "", "only the staff's internal summary is recorded", false, ""},
		{"internal notes not quoted, accepted", []string{"--request", notesOnly, "--kind", "acknowledgment", "--accept-warnings"}, 0, "to Bo Chen", "", true, "Dear Bo Chen,"},
		{"no kind", []string{"--request", ccpa}, 2, "", "--kind is required", false, ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".pdf")
			args := append([]string{"--db", db, "letter"}, c.args...)
			args = append(args, "--out", out)
			code, stdout, stderr := runArgs(t, args...)
			if code != c.code || !strings.Contains(stdout, c.stdout) || !strings.Contains(stderr, c.stderr) {
				t.Fatalf("case %d: exit %d\nstdout: %s\nstderr: %s", i, code, stdout, stderr)
			}
			if code == 1 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("the error is not one line: %q", stderr)
			}
			pdf, err := os.ReadFile(out)
			if !c.wantFile {
				if err == nil {
					t.Errorf("a refused letter wrote %s", out)
				}
				return
			}
			if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("no PDF written: %v", err)
			}
			if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
				t.Errorf("the copy is readable by others: %v", st.Mode())
			}
			if tool, err := exec.LookPath("pdftotext"); err == nil {
				cmd := exec.Command(tool, "-enc", "UTF-8", out, "-")
				text, err := cmd.Output()
				if err != nil || !strings.Contains(string(text), c.text) {
					t.Errorf("the PDF does not say %q: %v\n%s", c.text, err, text)
				}
			}
		})
	}

	// A letter is marked as sent once, by number, with how and when.
	for _, c := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"sent", "1", "--method", "pigeon"}, 1, "", "method: Choose how the letter was sent"},
		{[]string{"sent", "1", "--method", "post", "--on", "2099-01-01"}, 1, "", "on: 2099-01-01 is in the future"},
		{[]string{"sent", "1"}, 2, "", "--method is required"},
		{[]string{"sent", "x", "--method", "post"}, 2, "", "is not a letter number"},
		{[]string{"sent", "999", "--method", "post"}, 1, "", "There is no letter 999."},
		{[]string{"sent", "1", "--method", "email"}, 0, "Letter 1 (acknowledgment) for " + ccpa + " to Łukasz Nguyễn-Müller: sent by email on ", ""},
		{[]string{"sent", "1", "--method", "post"}, 1, "", "already recorded as sent by email"},
	} {
		code, stdout, stderr := runArgs(t, append([]string{"--db", db, "letter"}, c.args...)...)
		if code != c.code || !strings.Contains(stdout, c.stdout) || !strings.Contains(stderr, c.stderr) {
			t.Errorf("letter %v: exit %d\nstdout: %s\nstderr: %s", c.args, code, stdout, stderr)
		}
	}

	// The letters made are kept with their requests; refusals kept nothing.
	code, out, errs := runArgs(t, "--db", db, "letter", "list", "--request", ccpa)
	if code != 0 {
		t.Fatalf("list: %s", errs)
	}
	var list []struct {
		ID           int64  `json:"id"`
		Kind         string `json:"kind"`
		SHA256       string `json:"sha256"`
		VendorName   string `json:"vendorName"`
		VendorTaskID int64  `json:"vendorTaskId"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(list) != 2 || list[0].Kind != "acknowledgment" || list[1].Kind != "vendor-direction" || list[1].VendorName != "Healthcare Blocks" || len(list[0].SHA256) != 64 {
		t.Errorf("letters of %s: %+v", ccpa, list)
	}
	// Each letter is in the audit trail, and the chain still verifies.
	if code, out, errs := runArgs(t, "--db", db, "audit", "verify"); code != 0 {
		t.Errorf("audit verify: exit %d %s %s", code, out, errs)
	}
}

func TestPageCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 pages"}, {1, "1 page"}, {2, "2 pages"}, {11, "11 pages"}} {
		if got := pageCount(c.n); got != c.want {
			t.Errorf("pageCount(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
