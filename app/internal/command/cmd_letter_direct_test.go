package command

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

func TestLetterDirectVendors(t *testing.T) {
	dir := t.TempDir()
	// The data folder is a folder of its own: what the commands write goes outside it.
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	code, out, errs := runArgs(t, "--db", db, "request", "add", "--name", "Ann Lee", "--email", "ann@example.com", "--regime", "ccpa", "--right", "deletion", "--received", "2026-01-05")
	if code != 0 {
		t.Fatalf("request add: %s", errs)
	}
	ref := strings.TrimSpace(out)
	// Work starts (the vendor tasks are proposed); only Healthcare Blocks has an email address.
	st := openTestDB(t, db)
	hb, err := st.GetVendorByName("Healthcare Blocks")
	if err == nil {
		hb.ContactEmail = "privacy@hb.example"
		_, err = st.UpdateVendor(hb)
	}
	if err == nil {
		_, err = st.RecordVerification(ref, backend.VerificationInput{Method: backend.VerifyDataOnFile, VerifiedBy: "Dana", VerifiedOn: "2026-01-06", Degree: backend.DegreeReasonable})
	}
	if err == nil {
		_, err = st.Transition(ref, backend.TransitionInput{Action: backend.ActionStart, Note: "test"})
	}
	var tasks backend.RequestVendorTasks
	if err == nil {
		tasks, err = st.ListVendorTasks(ref)
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks.Tasks) < 2 {
		t.Fatalf("the example should propose several vendors: %+v", tasks.Tasks)
	}

	// Usage errors name what is missing.
	for _, c := range []struct{ args []string }{
		{[]string{"--request", ref, "--out", dir}},
		{[]string{"--method", "email", "--out", dir}},
		{[]string{"--request", ref, "--method", "email"}},
	} {
		if code, _, errs := runArgs(t, append([]string{"--db", db, "letter", "direct-vendors"}, c.args...)...); code == 0 || !strings.Contains(errs, "is required") {
			t.Errorf("%v: exit %d %s", c.args, code, errs)
		}
	}
	if code, _, errs := runArgs(t, "--db", db, "letter", "direct-vendors", "--request", ref, "--method", "portal", "--out", filepath.Join(dir, "x.pdf")); code != 1 || !strings.Contains(errs, "method:") {
		t.Errorf("portal: exit %d %s", code, errs)
	}

	drafts := filepath.Join(dir, "drafts")
	code, out, errs = runArgs(t, "--db", db, "letter", "direct-vendors", "--request", ref, "--method", "email", "--out", drafts)
	if code != 0 {
		t.Fatalf("direct-vendors: exit %d %s", code, errs)
	}
	want := "Directed 1 of " + itoaInt(len(tasks.Tasks)) + " vendors by email; written to " + drafts
	if !strings.Contains(out, "to Healthcare Blocks: 2 pages, sent by email on ") || !strings.Contains(out, want) {
		t.Errorf("stdout:\n%s\nwant %q", out, want)
	}
	if n := strings.Count(errs, "not directed: "); n != len(tasks.Tasks)-1 || !strings.Contains(errs, "no email address") {
		t.Errorf("stderr (%d vendors left out):\n%s", n, errs)
	}
	files, _ := os.ReadDir(drafts)
	if len(files) != 1 || !strings.HasSuffix(files[0].Name(), ".eml") || !strings.Contains(files[0].Name(), "Healthcare Blocks") {
		t.Errorf("drafts: %v", files)
	}

	// The batch's audit events match what it wrote.
	if code, out, errs := runArgs(t, "--db", db, "audit", "verify"); code != 0 {
		t.Errorf("audit verify: exit %d %s %s", code, out, errs)
	}

	// Nothing left that can be made: refused, exit 1, naming why.
	if code, _, errs := runArgs(t, "--db", db, "letter", "direct-vendors", "--request", ref, "--method", "email", "--out", drafts); code != 1 || !strings.Contains(errs, "No direction letter could be made") || !strings.Contains(errs, "already told") {
		t.Errorf("second run: exit %d %s", code, errs)
	}
}

func itoaInt(n int) string { return strconv.Itoa(n) }
