package reporting_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/backend/reporting"
)

// The calendar file and the requests export count a California HIPAA access request down
// to the state's earlier date (Health & Safety Code 123110(b): 5 working days), naming
// both laws, not to HIPAA's 30 days; and the export carries a GDPR requester's country.
func TestExportsUseTheGoverningStateDate(t *testing.T) {
	ctx := context.Background()
	st := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	p := backend.DefaultPractice()
	p.Name, p.Email, p.State = "Sessions, Inc.", "contact@example.com", "CA"
	if _, err := st.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	hipaa, err := st.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ann Lee", Email: "ann@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: backend.RegimeHIPAA, Rights: []backend.Right{backend.RightAccess}})
	if err != nil {
		t.Fatal(err)
	}
	gdpr, err := st.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Aoife Byrne", Email: "aoife@example.ie", Country: "IE"},
		Channel: backend.ChannelEmail, ReceivedDate: "2025-12-31", Regime: backend.RegimeGDPR, Rights: []backend.Right{backend.RightAccess}})
	if err != nil {
		t.Fatal(err)
	}
	svc := reporting.New(st)

	ics := filepath.Join(t.TempDir(), "due.ics")
	if _, err := svc.Export(ctx, reporting.ExportRequest{Kind: "calendar", Format: "ics", Out: ics}, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(ics)
	if err != nil {
		t.Fatal(err)
	}
	cal := strings.ReplaceAll(string(b), "\r\n ", "") // unfold long lines
	if !strings.Contains(cal, "DTSTART;VALUE=DATE:20260309") || strings.Contains(cal, "DTSTART;VALUE=DATE:20260401") {
		t.Errorf("the calendar does not count down to California's 9 March:\n%s", cal)
	}
	if !strings.Contains(cal, "123110(b)") || !strings.Contains(cal, "164.524") {
		t.Errorf("the calendar does not name both laws:\n%s", cal)
	}

	csvPath := filepath.Join(t.TempDir(), "requests.csv")
	if _, err := svc.Export(ctx, reporting.ExportRequest{Kind: "requests", Format: "csv", Out: csvPath}, nil); err != nil {
		t.Fatal(err)
	}
	recs := testpractice.ReadCSV(t, csvPath)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	rows := map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[col["Reference"]]] = r
	}
	h := rows[hipaa.Reference]
	if h == nil || h[col["Due date (per right)"]] != "access: 2026-03-09" || h[col["Next due"]] != "2026-03-09" ||
		!strings.Contains(h[col["Deadline rule (per right)"]], "123110(b)") || !strings.Contains(h[col["Deadline rule (per right)"]], "164.524") {
		t.Errorf("HIPAA row: %q", h)
	}
	if g := rows[gdpr.Reference]; g == nil || g[col["Requester's country (GDPR holidays)"]] != "IE" || g[col["Next due"]] != "2026-02-03" {
		t.Errorf("GDPR row: %q", g)
	}
}
