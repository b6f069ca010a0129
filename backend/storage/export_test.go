package storage_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/export"
	"privacydesk/backend/mailimport"
	"privacydesk/backend/storage"
)

var testNow = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }

func openStore(t testing.TB, path string) *storage.Store {
	t.Helper()
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = testNow
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	t.Cleanup(func() { s.Close() })
	return s
}

// demoStore is the example practice with n synthetic requests.
func demoStore(t testing.TB, n int) *storage.Store {
	t.Helper()
	s := openStore(t, filepath.Join(t.TempDir(), "pd", "privacydesk.db"))
	if _, err := demo.Load(s, demo.Options{Requests: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return s
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func countEvents(t *testing.T, s *storage.Store, entity, action string) int64 {
	t.Helper()
	_, n, err := s.ListAuditEvents(backend.AuditFilter{Entity: entity, Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestExportEveryKindAndFormat(t *testing.T) {
	s := demoStore(t, 60)
	dir := t.TempDir()
	var nRequests int64
	s.DB().Raw(`SELECT count(*) FROM requests`).Scan(&nRequests)
	for _, kind := range storage.ExportKinds {
		for _, format := range storage.ExportFormats(kind) {
			out := filepath.Join(dir, kind+"."+format)
			res, err := s.Export(context.Background(), storage.ExportRequest{Kind: kind, Format: format, Out: out, Year: 2026}, nil)
			if err != nil {
				t.Fatalf("%s %s: %v", kind, format, err)
			}
			st, err := os.Stat(out)
			if err != nil || st.Size() == 0 {
				t.Fatalf("%s %s: %v", kind, format, err)
			}
			if kind == "requests" && res.Rows != nRequests {
				t.Errorf("requests: %d rows, %d in the database", res.Rows, nRequests)
			}
			switch format {
			case "csv":
				recs := readCSV(t, out)
				if int64(len(recs)-1) != res.Rows {
					t.Errorf("%s csv: %d records for %d rows", kind, len(recs)-1, res.Rows)
				}
			case "json":
				var rows []map[string]any
				b, _ := os.ReadFile(out)
				if err := json.Unmarshal(b, &rows); err != nil || int64(len(rows)) != res.Rows {
					t.Errorf("%s json: %v, %d objects", kind, err, len(rows))
				}
			case "xlsx":
				f, err := excelize.OpenFile(out)
				if err != nil {
					t.Fatalf("%s xlsx: %v", kind, err)
				}
				rows, _ := f.GetRows(f.GetSheetList()[0])
				f.Close()
				if int64(len(rows)-1) != res.Rows {
					t.Errorf("%s xlsx: %d rows for %d", kind, len(rows)-1, res.Rows)
				}
			case "ics":
				b, _ := os.ReadFile(out)
				cal, err := ics.ParseCalendar(bytes.NewReader(b))
				if err != nil || int64(len(cal.Events())) != res.Rows || res.Rows == 0 {
					t.Errorf("ics: %v, %d events for %d", err, len(cal.Events()), res.Rows)
				}
				if strings.Contains(string(b), "Zoë") || strings.Contains(string(b), "@example") {
					t.Errorf("the calendar names a requester")
				}
			case "pdf":
				if _, err := exec.LookPath("pdftotext"); err == nil {
					txt, err := exec.Command("pdftotext", out, "-").Output()
					if err != nil || !strings.Contains(string(txt), "Privacy request metrics for 2026") || !strings.Contains(string(txt), "11 CCR 7102") {
						t.Errorf("metrics pdf text: %v %q", err, txt)
					}
				}
			}
		}
	}
	want := int64(0)
	for _, k := range storage.ExportKinds {
		want += int64(len(storage.ExportFormats(k)))
	}
	if got := countEvents(t, s, "export", "export"); got != want {
		t.Errorf("%d export audit events, want %d", got, want)
	}
}

func TestRequestsExportHoldsThe7101Record(t *testing.T) {
	s := demoStore(t, 0)
	out := filepath.Join(t.TempDir(), "r.csv")
	if _, err := s.Export(context.Background(), storage.ExportRequest{Kind: "requests", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, out)
	head := strings.Join(recs[0], "|")
	for _, col := range []string{"Date of request", "Nature of request (rights)", "Manner made (channel)", "Date of response",
		"Nature of response (outcome per right)", "Basis for denial (per right)"} {
		if !strings.Contains(head, col) {
			t.Errorf("no column %q", col)
		}
	}
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	denied := 0
	for _, r := range recs[1:] {
		if strings.Contains(r[idx["Nature of response (outcome per right)"]], "denied") {
			denied++
			if r[idx["Basis for denial (per right)"]] == "" || r[idx["Date of response"]] == "" {
				t.Errorf("%s: denied without basis or date: %q", r[0], r)
			}
		}
	}
	if denied == 0 {
		t.Errorf("the example practice has no denied request to check")
	}
}

func TestExportMetrics(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "m.db"))
	mk := func(name string, received string, right backend.Right) string {
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: name, Email: strings.ToLower(name) + "@example.org"},
			Channel: backend.ChannelEmail, ReceivedDate: received, Regime: backend.RegimeCCPA, Rights: []backend.Right{right}})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	day := func(d string) { // move the clock
		t0, _ := time.Parse("2006-01-02 15:04", d+" 18:00")
		s.Now = func() time.Time { return t0 }
	}
	day("2026-01-20")
	a := mk("Ana", "2026-01-05", backend.RightAccess)
	b := mk("Ben", "2026-01-10", backend.RightAccess)
	c := mk("Cy", "2026-01-10", backend.RightAccess)
	mk("Di", "2026-01-15", backend.RightAccess) // still pending
	e := mk("Eve", "2026-01-12", backend.RightDeletion)
	set := func(ref string, o backend.OutcomeInput) {
		if _, err := s.SetOutcome(ref, o); err != nil {
			t.Fatal(err)
		}
	}
	day("2026-01-15")
	set(a, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}) // 10 days
	day("2026-01-30")
	set(b, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomePartiallyGranted, DenialReason: backend.DenialExemption, Exemption: "Trade secret", DenialText: "Part is a trade secret."}) // 20
	day("2026-02-09")
	set(c, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeDenied, DenialReason: backend.DenialNoData, DenialText: "We hold no data about you."}) // 30
	set(e, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted})                                                                            // 28
	m, err := s.Metrics(2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 2 {
		t.Fatalf("rows %+v", m.Rows)
	}
	acc := m.Rows[0]
	if acc.Right != backend.RightAccess || acc.Received != 4 || acc.Complied != 2 || acc.Denied != 1 || acc.Pending != 1 ||
		*acc.MedianDays != 20 || *acc.MeanDays != 20 {
		t.Errorf("access %+v median %v mean %v", acc, *acc.MedianDays, *acc.MeanDays)
	}
	if del := m.Rows[1]; del.Received != 1 || *del.MedianDays != 28 {
		t.Errorf("deletion %+v", del)
	}
	// The All row pools the answered rights (10, 20, 28 and 30 days), not the rows' figures.
	if all := m.All; all.Received != 5 || all.Complied != 3 || all.Denied != 1 || all.Pending != 1 || all.Responded != 4 ||
		all.MedianDays == nil || *all.MedianDays != 24 || all.MeanDays == nil || *all.MeanDays != 22 {
		t.Errorf("all %+v", all)
	}
	if m, _ := s.Metrics(2025); len(m.Rows) != 0 {
		t.Errorf("2025: %+v", m.Rows)
	}
}

func TestAuditExportCarriesTheChainVerdict(t *testing.T) {
	s := demoStore(t, 0)
	if err := s.DB().Exec(`UPDATE audit_events SET staff = 'Mallory' WHERE seq = 5`).Error; err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "audit.csv")
	res, err := s.Export(context.Background(), storage.ExportRequest{Kind: "audit", Format: "csv", Out: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Chain == nil || res.Chain.OK || res.Chain.BadSeq != 5 {
		t.Fatalf("chain %+v", res.Chain)
	}
	recs := readCSV(t, out)
	last := len(recs[0]) - 1
	if recs[0][last] != "Chain verified" || recs[4][last] != "true" || recs[5][last] != "false" || recs[6][last] != "false" {
		t.Errorf("verdicts %q %q %q", recs[4][last], recs[5][last], recs[6][last])
	}
}

func TestExportRefusalsAndCancel(t *testing.T) {
	s := demoStore(t, 50)
	dir := t.TempDir()
	cases := []struct {
		req   storage.ExportRequest
		field string
	}{
		{storage.ExportRequest{Kind: "patients", Out: filepath.Join(dir, "x")}, "kind"},
		{storage.ExportRequest{Kind: "requests", Format: "pdf", Out: filepath.Join(dir, "x")}, "format"},
		{storage.ExportRequest{Kind: "calendar", Format: "csv", Out: filepath.Join(dir, "x")}, "format"},
		{storage.ExportRequest{Kind: "requests"}, "out"},
		{storage.ExportRequest{Kind: "metrics", Year: 1999, Out: filepath.Join(dir, "x")}, "year"},
	}
	for _, c := range cases {
		if _, err := s.Export(context.Background(), c.req, nil); backend.ErrorField(err) != c.field {
			t.Errorf("%+v: %v", c.req, err)
		}
	}
	out := filepath.Join(dir, "requests.xlsx")
	os.WriteFile(out, []byte("yesterday's export"), 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Export(ctx, storage.ExportRequest{Kind: "requests", Format: "xlsx", Out: out}, nil); !errors.Is(err, export.ErrCanceled) {
		t.Errorf("cancelled: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	_, err := s.Export(ctx, storage.ExportRequest{Kind: "requests", Format: "csv", Out: out}, func(done, total int64) {
		if done > 0 {
			cancel()
		}
	})
	if !errors.Is(err, export.ErrCanceled) {
		t.Errorf("cancelled half way: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("folder holds %d entries", len(ents))
	}
	if b, _ := os.ReadFile(out); string(b) != "yesterday's export" {
		t.Errorf("the existing file was changed")
	}
	if n := countEvents(t, s, "export", "export"); n != 0 {
		t.Errorf("%d export events for exports that did not happen", n)
	}
}

// TestRequestsRoundTrip exports the example practice's requests, imports the file into
// a fresh database, exports again and compares every column an import carries.
func TestRequestsRoundTrip(t *testing.T) {
	src := demoStore(t, 120)
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			first := filepath.Join(dir, "first."+format)
			if _, err := src.Export(context.Background(), storage.ExportRequest{Kind: "requests", Format: format, Out: first}, nil); err != nil {
				t.Fatal(err)
			}
			dst := openStore(t, filepath.Join(dir, "fresh", "pd.db"))
			pv, sum, err := dst.ImportRequests(first, nil)
			if err != nil {
				t.Fatalf("import: %v (problems %v)", err, pv.Problems)
			}
			if sum.Count != pv.Rows || sum.First != "PR-2023-0001" {
				t.Errorf("imported %+v of %d rows", sum, pv.Rows)
			}
			a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
			src.Export(context.Background(), storage.ExportRequest{Kind: "requests", Out: a}, nil)
			if _, err := dst.Export(context.Background(), storage.ExportRequest{Kind: "requests", Out: b}, nil); err != nil {
				t.Fatal(err)
			}
			ra, rb := readCSV(t, a), readCSV(t, b)
			if len(ra) != len(rb) {
				t.Fatalf("%d rows exported, %d after the round trip", len(ra), len(rb))
			}
			// Not carried by an import: timeline-made fields (extension, deletion
			// confirmation, dates derived from them) and the row's own timestamps.
			skip := map[string]bool{"Extended to": true, "Extension reason": true, "Deletion confirmed by requester on": true,
				"Due date (per right)": true, "Next due": true, "Created at (UTC)": true, "Updated at (UTC)": true}
			diffs := 0
			for i := 1; i < len(ra); i++ {
				for j, h := range ra[0] {
					if skip[h] || ra[i][j] == rb[i][j] {
						continue
					}
					if diffs++; diffs <= 10 {
						t.Errorf("%s, %s: %q became %q", ra[i][0], h, ra[i][j], rb[i][j])
					}
				}
			}
		})
	}
}

func TestImportRefusesWholeFile(t *testing.T) {
	s := demoStore(t, 0)
	var before int64
	s.DB().Raw(`SELECT count(*) FROM requests`).Scan(&before)
	events := countEvents(t, s, "", "")
	file := filepath.Join(t.TempDir(), "old log.csv")
	os.WriteFile(file, []byte("Patient,E-mail,Date received,Law,Request type\n"+
		"Ana Lima,ana@example.org,03/01/2026,CCPA,access\n"+
		"Ben Ode,not-an-email,03/01/2026,CCPA,deletion\n"+
		"Cy Park,cy@example.org,02/30/2026,HIPAA,deletion\n"+
		"Di Roy,di@example.org,03/01/2026,HIPAA,opt-out\n"+
		"Eve Wu,eve@,03/01/2026,Mars,access\n"), 0o600)
	pv, _, err := s.ImportRequests(file, nil)
	if err == nil {
		t.Fatal("a file with bad rows was imported")
	}
	var fields []string
	for _, p := range pv.Problems {
		fields = append(fields, p.Field)
	}
	// Every problem of a row (row 4: a date that does not exist and a right HIPAA does
	// not grant), by row, then column.
	want := []string{"row 3, column E-mail", "row 4, column Date received", "row 4, column Request type",
		"row 5, column Request type", "row 6, column E-mail", "row 6, column Law"}
	if strings.Join(fields, "|") != strings.Join(want, "|") {
		t.Errorf("problems at %q\nwant %q\n%v", fields, want, pv.Problems)
	}
	if pv.Ready != 1 {
		t.Errorf("ready %d", pv.Ready)
	}
	var after int64
	s.DB().Raw(`SELECT count(*) FROM requests`).Scan(&after)
	if after != before || countEvents(t, s, "", "") != events {
		t.Errorf("a refused import changed the database: %d -> %d requests", before, after)
	}
	// The same file, fixed, goes in whole.
	os.WriteFile(file, []byte("Patient,E-mail,Date received,Law,Request type\nAna Lima,ana@example.org,03/01/2026,CCPA,access\n"+
		"Ben Ode,ben@example.org,\"March 1, 2026\",California,\"Right to know; Delete\"\n"), 0o600)
	if _, sum, err := s.ImportRequests(file, nil); err != nil || sum.Count != 2 {
		t.Fatalf("fixed file: %v %+v", err, sum)
	}
	page, err := s.ListRequests(backend.RequestFilter{Search: "Ben Ode"})
	if err != nil || len(page.Items) != 1 || len(page.Items[0].Rights) != 2 || page.Items[0].Regime != backend.RegimeCCPA ||
		page.Items[0].ReceivedDate.String() != "2026-03-01" || page.Items[0].Channel != backend.ChannelOther {
		t.Errorf("imported %+v %v", page.Items, err)
	}
}

func TestImportVendorsAllOrNothing(t *testing.T) {
	s := demoStore(t, 0)
	dir := t.TempDir()
	out := filepath.Join(dir, "vendors.xlsx")
	if _, err := s.Export(context.Background(), storage.ExportRequest{Kind: "vendors", Format: "xlsx", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	fresh := openStore(t, filepath.Join(dir, "fresh", "pd.db"))
	pv, n, err := fresh.ImportVendors(out, nil)
	if err != nil || n != 10 {
		t.Fatalf("import: %d %v %v", n, err, pv.Problems)
	}
	got, _ := fresh.ListVendors(backend.VendorFilter{})
	want, _ := s.ListVendors(backend.VendorFilter{})
	for i := range want {
		if got[i].Name != want[i].Name || got[i].BAAStatus != want[i].BAAStatus || !got[i].BAAExpiresOn.Equal(want[i].BAAExpiresOn) ||
			strings.Join(keys(got[i].DataCategories), ",") != strings.Join(keys(want[i].DataCategories), ",") {
			t.Errorf("vendor %d: %+v\nwant %+v", i, got[i], want[i])
		}
	}
	// Again: every name now exists, so nothing goes in.
	if _, n, err := fresh.ImportVendors(out, nil); err == nil || n != 0 {
		t.Errorf("duplicate import: %d %v", n, err)
	}
	if got2, _ := fresh.ListVendors(backend.VendorFilter{}); len(got2) != 10 {
		t.Errorf("%d vendors after a refused import", len(got2))
	}
}

func keys(ks []backend.DataCategoryKey) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func TestImportEmail(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	s.Now = func() time.Time { return time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC) }
	path := filepath.Join("..", "mailimport", "testdata", "plain-withdraw.eml")
	m, err := mailimport.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.EmailRequestInput(m, backend.RegimeGDPR, nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.Requester.Name != "Zoë O'Brien-Núñez" || in.ReceivedDate != "2026-03-02" || in.ReceivedTime != "09:15" ||
		len(in.Rights) != 1 || in.Rights[0] != backend.RightWithdrawConsent || in.Channel != backend.ChannelEmail {
		t.Fatalf("proposal %+v", in)
	}
	r, err := s.ImportEmail(path, in)
	if err != nil {
		t.Fatal(err)
	}
	atts, err := s.RequestAttachments(r.Reference)
	if err != nil || len(atts) != 1 || atts[0].OriginalName != "plain-withdraw.eml" {
		t.Errorf("attachments %+v %v", atts, err)
	}
}
