package command

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"privacydesk/backend/reporting"
	"privacydesk/internal/testpg"
	"slices"
	"strings"
	"testing"
)

func TestRequestAddListShow(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	add := func(args ...string) (int, string, string) {
		return runArgs(t, append([]string{"--db", db, "request", "add"}, args...)...)
	}
	code, out, errs := add("--name", "Zoë O'Brien-Núñez", "--email", "zoe@example.com", "--regime", "ccpa",
		"--right", "access", "--right", "deletion", "--received", "2025-06-02", "--time", "09:30", "--phone", "+1 555 010 2000")
	if code != 0 || out != "PR-2025-0001\n" || !strings.Contains(errs, "--name, --email, --phone "+argvWarning) || withoutArgvWarning(recoveryKeyShown(t, errs)) != "" {
		t.Fatalf("add: exit %d stdout %q stderr %q", code, out, errs)
	}
	code, out, _ = add("--name", "王小明", "--email", "wang@example.com", "--regime", "hipaa", "--right", "access",
		"--received", "2025-07-01", "--channel", "mail", "--agent", "Li Na")
	if code != 0 || out != "PR-2025-0002\n" {
		t.Fatalf("add with agent: exit %d stdout %q", code, out)
	}
	// The same email again is logged, with a note about the possible duplicate.
	code, out, errs = add("--name", "Zoe OBrien", "--email", "ZOE@example.com", "--regime", "gdpr", "--right", "access,portability", "--received", "2025-08-01")
	if code != 0 || out != "PR-2025-0003\n" || !strings.Contains(errs, "possible duplicate of PR-2025-0001") {
		t.Fatalf("duplicate: exit %d stdout %q stderr %q", code, out, errs)
	}

	bad := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad email", []string{"--name", "A", "--email", "a@", "--regime", "ccpa", "--right", "access", "--received", "2025-06-02"}, 1, "--email (requester.email)"},
		{"bad phone", []string{"--name", "A", "--phone", "call me", "--regime", "ccpa", "--right", "access", "--received", "2025-06-02"}, 1, "--phone (requester.phone)"},
		{"no name", []string{"--email", "a@example.com", "--regime", "ccpa", "--right", "access", "--received", "2025-06-02"}, 1, "--name (requester.name)"},
		{"unknown regime", []string{"--name", "A", "--email", "a@example.com", "--regime", "mars", "--right", "access", "--received", "2025-06-02"}, 1, "--regime (regime)"},
		{"right not granted", []string{"--name", "A", "--email", "a@example.com", "--regime", "hipaa", "--right", "deletion", "--received", "2025-06-02"}, 1, "--right (rights)"},
		{"no right", []string{"--name", "A", "--email", "a@example.com", "--regime", "ccpa", "--received", "2025-06-02"}, 1, "--right (rights)"},
		{"no received date", []string{"--name", "A", "--email", "a@example.com", "--regime", "ccpa", "--right", "access"}, 1, "--received (receivedDate)"},
		{"received before 2000", []string{"--name", "A", "--email", "a@example.com", "--regime", "ccpa", "--right", "access", "--received", "1999-01-01"}, 1, "--received (receivedDate)"},
		{"received in the future", []string{"--name", "A", "--email", "a@example.com", "--regime", "ccpa", "--right", "access", "--received", "2999-01-01"}, 1, "in the future"},
		{"unknown channel", []string{"--name", "A", "--email", "a@example.com", "--regime", "ccpa", "--right", "access", "--received", "2025-06-02", "--channel", "fax"}, 1, "--channel (channel)"},
		{"stray argument", []string{"extra"}, 2, "unexpected argument"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := add(tc.args...)
			if code != tc.code || out != "" || !strings.Contains(errs, tc.want) || strings.Count(withoutArgvWarning(errs), "\n") != 1 {
				t.Errorf("exit %d stdout %q stderr %q; want %d and %q on one line", code, out, errs, tc.code, tc.want)
			}
		})
	}

	list := func(args ...string) []map[string]any {
		t.Helper()
		code, out, errs := runArgs(t, append([]string{"--db", db, "request", "list"}, args...)...)
		if code != 0 {
			t.Fatalf("list %v: exit %d %s", args, code, errs)
		}
		var items []map[string]any
		if err := json.Unmarshal([]byte(out), &items); err != nil {
			t.Fatalf("list %v: %v\n%s", args, err, out)
		}
		return items
	}
	refs := func(items []map[string]any) string {
		var out []string
		for _, it := range items {
			out = append(out, it["reference"].(string))
		}
		return strings.Join(out, ",")
	}
	if got := refs(list()); got != "PR-2025-0003,PR-2025-0002,PR-2025-0001" {
		t.Errorf("list = %s", got)
	}
	if got := refs(list("--format", "json", "--regime", "hipaa")); got != "PR-2025-0002" {
		t.Errorf("--regime = %s", got)
	}
	if got := refs(list("--search", "obrien", "--sort", "reference")); got != "PR-2025-0003" {
		t.Errorf("--search = %s", got)
	}
	if got := refs(list("--search", "o'brien-nunez")); got != "PR-2025-0001" {
		t.Errorf("--search with accents folded = %s", got)
	}
	if got := refs(list("--status", "received", "--right", "deletion")); got != "PR-2025-0001" {
		t.Errorf("--status --right = %s", got)
	}
	if got := list("--status", "completed"); len(got) != 0 {
		t.Errorf("no completed requests, got %v", got)
	}
	items := list("--regime", "hipaa")
	if req := items[0]["requester"].(map[string]any); req["name"] != "王小明" || items[0]["submittedBy"] != "agent" {
		t.Errorf("listed request = %v", items[0])
	}
	if rights := items[0]["rights"].([]any); len(rights) != 1 || rights[0].(map[string]any)["respondBy"] != "2025-07-31" {
		t.Errorf("HIPAA access due 30 days after 1 July 2025: %v", rights)
	}

	code, out, _ = runArgs(t, "--db", db, "request", "list", "--format", "csv", "--sort", "reference")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 4 || rows[1][0] != "PR-2025-0001" {
		t.Fatalf("csv: exit %d err %v rows %v", code, err, rows)
	}
	// The list's CSV is the requests export's table (one definition), so its header is
	// that table's and each row reads the same cells.
	var labels []string
	for _, col := range reporting.RequestsTable.Shape().Columns {
		labels = append(labels, col.Label)
	}
	if !slices.Equal(rows[0], labels) {
		t.Errorf("csv header %q, want the requests export's %q", rows[0], labels)
	}
	if name := slices.Index(rows[0], "Requester name"); name < 0 || rows[1][name] != "Zoë O'Brien-Núñez" {
		t.Errorf("requester name column %d in %q", name, rows[1])
	}
	code, out, _ = runArgs(t, "--db", db, "request", "list", "--format", "csv", "--regime", "hipaa")
	if rows, err := csv.NewReader(strings.NewReader(out)).ReadAll(); code != 0 || err != nil || len(rows) != 2 || rows[1][0] != "PR-2025-0002" {
		t.Errorf("filtered csv: exit %d err %v rows %v", code, err, rows)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"list", "--format", "xml"}, 2, "--format must be json or csv"},
		{[]string{"list", "--status", "lost"}, 1, "--status (status)"},
		{[]string{"list", "--due", "someday"}, 1, "--due (due)"},
		{[]string{"frobnicate"}, 2, "unknown subcommand"},
		{[]string{}, 2, "missing subcommand"},
		{[]string{"show"}, 2, "missing the request's reference"},
		{[]string{"show", "PR-2025-0999", "--json"}, 1, "There is no request PR-2025-0999"},
	} {
		code, _, errs := runArgs(t, append([]string{"--db", db, "request"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d stderr %q, want %d %q", c.args, code, errs, c.code, c.want)
		}
	}

	code, out, errs = runArgs(t, "--db", db, "request", "show", "pr-2025-0001", "--json")
	var shown map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &shown) != nil {
		t.Fatalf("show: exit %d %s %s", code, out, errs)
	}
	if shown["reference"] != "PR-2025-0001" || len(shown["events"].([]any)) != 1 || len(shown["rights"].([]any)) != 2 || shown["allowedActions"] == nil {
		t.Errorf("show --json = %v", shown)
	}
	code, out, _ = runArgs(t, "--db", db, "request", "show", "PR-2025-0001")
	if code != 0 || !strings.Contains(out, "Zoë O'Brien-Núñez") || !strings.Contains(out, "1798.130(a)(2)") || !strings.Contains(out, "Request logged") {
		t.Errorf("show: %s", out)
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	for i, name := range []string{"Ann Lee", "Bo Chen", "Cy Diaz"} {
		code, _, errs := runArgs(t, "--db", db, "request", "add", "--name", name, "--email", strings.ToLower(strings.Fields(name)[0])+"@example.com",
			"--regime", "ccpa", "--right", "access", "--received", "2025-0"+string(rune('4'+i))+"-01")
		if code != 0 {
			t.Fatal(errs)
		}
	}
	// 8 events: the first administrator's account, the recovery key made with the
	// database, three requests, the sign-ins of the second and third request add and of
	// audit verify; the account is a record too.
	code, out, errs := runArgs(t, "--db", db, "audit", "verify")
	if code != 0 || !strings.HasPrefix(out, "Audit trail intact: 8 events. 4 requests, vendors and letters match their last event.\nEvents: 8  Head: ") || errs != "" {
		t.Fatalf("intact: exit %d %q %q", code, out, errs)
	}
	code, out, _ = runArgs(t, "--db", db, "audit", "list", "--entity", "request", "--json")
	var events []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &events) != nil || len(events) != 3 {
		t.Errorf("audit list: %d %s", code, out)
	}
	raw := rawTestDB(t, db)
	if _, err := raw.Exec(`UPDATE audit_events SET staff = 'Mallory' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, errs = runArgs(t, "--db", db, "audit", "verify")
	if code != 1 || out != "" || !strings.Contains(errs, "broken at event 2") || !strings.Contains(errs, "edited") {
		t.Errorf("tampered: exit %d %q %q", code, out, errs)
	}
}
