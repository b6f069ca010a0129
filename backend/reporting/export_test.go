package reporting_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"privacydesk/backend/internal/testpractice"
	"privacydesk/internal/testpg"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/reporting"
)

// tamper changes the database file behind the store's back, as someone with the file
// could, through a connection of its own.
func tamper(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

func TestExportEveryKindAndFormat(t *testing.T) {
	s := testpractice.Demo(t, 60)
	dir := t.TempDir()
	nRequests, err := s.CountRows(context.Background(), "requests")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range reporting.ExportKinds {
		for _, format := range reporting.ExportFormats(kind) {
			out := filepath.Join(dir, kind+"."+format)
			res, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: kind, Format: format, Out: out, Year: 2026}, nil)
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
				recs := testpractice.ReadCSV(t, out)
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
					want := map[string][]string{"metrics": {"Privacy request metrics for 2026", "11 CCR 7102"},
						"baa": {"BAA status report", "45 CFR 164.504(e)(2)"}, "readiness": {"Ready for an audit", "Time zone confirmed"}}[kind]
					if err != nil || len(want) == 0 || !strings.Contains(string(txt), want[0]) || !strings.Contains(string(txt), want[1]) {
						t.Errorf("%s pdf text: %v %q", kind, err, txt)
					}
				}
			}
		}
	}
	want := int64(0)
	for _, k := range reporting.ExportKinds {
		want += int64(len(reporting.ExportFormats(k)))
	}
	if got := testpractice.CountEvents(t, s, "export", "export"); got != want {
		t.Errorf("%d export audit events, want %d", got, want)
	}
}

func TestRequestsExportHoldsThe7101Record(t *testing.T) {
	s := testpractice.Demo(t, 0)
	out := filepath.Join(t.TempDir(), "r.csv")
	if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "requests", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	recs := testpractice.ReadCSV(t, out)
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

func TestAuditExportCarriesTheChainVerdict(t *testing.T) {
	testpg.SQLiteOnly(t, "tampers with the database file")
	s := testpractice.Demo(t, 0)
	tamper(t, s.Path(), `UPDATE audit_events SET staff = 'Mallory' WHERE seq = 5`)
	out := filepath.Join(t.TempDir(), "audit.csv")
	res, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "audit", Format: "csv", Out: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Chain == nil || res.Chain.OK || res.Chain.BadSeq != 5 {
		t.Fatalf("chain %+v", res.Chain)
	}
	recs := testpractice.ReadCSV(t, out)
	last := len(recs[0]) - 1
	if recs[0][last] != "Chain verified" || recs[4][last] != "true" || recs[5][last] != "false" || recs[6][last] != "false" {
		t.Errorf("verdicts %q %q %q", recs[4][last], recs[5][last], recs[6][last])
	}
}

func TestExportRefusalsAndCancel(t *testing.T) {
	s := testpractice.Demo(t, 50)
	dir := t.TempDir()
	cases := []struct {
		req   reporting.ExportRequest
		field string
	}{
		{reporting.ExportRequest{Kind: "patients", Out: filepath.Join(dir, "x")}, "kind"},
		{reporting.ExportRequest{Kind: "requests", Format: "pdf", Out: filepath.Join(dir, "x")}, "format"},
		{reporting.ExportRequest{Kind: "calendar", Format: "csv", Out: filepath.Join(dir, "x")}, "format"},
		{reporting.ExportRequest{Kind: "requests"}, "out"},
		{reporting.ExportRequest{Kind: "metrics", Year: 1999, Out: filepath.Join(dir, "x")}, "year"},
	}
	for _, c := range cases {
		if _, err := reporting.New(s).Export(context.Background(), c.req, nil); backend.ErrorField(err) != c.field {
			t.Errorf("%+v: %v", c.req, err)
		}
	}
	out := filepath.Join(dir, "requests.xlsx")
	os.WriteFile(out, []byte("yesterday's export"), 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := reporting.New(s).Export(ctx, reporting.ExportRequest{Kind: "requests", Format: "xlsx", Out: out}, nil); !errors.Is(err, export.ErrCanceled) {
		t.Errorf("cancelled: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	_, err := reporting.New(s).Export(ctx, reporting.ExportRequest{Kind: "requests", Format: "csv", Out: out}, func(done, total int64) {
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
	if n := testpractice.CountEvents(t, s, "export", "export"); n != 0 {
		t.Errorf("%d export events for exports that did not happen", n)
	}
}

// The chain's verdict is for the events verification walked: an event another user
// records while the export is written (the export reads the trail in batches after
// verifying it) was not checked, and must not be marked verified.
func TestAuditExportMarksOnlyVerifiedEvents(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd.db"))
	for i := 0; i < 2100; i++ { // more than one batch of the export's reading
		if err := s.RecordEvent("export", "requests", "export", map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "audit.csv")
	recorded := false
	res, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "audit", Format: "csv", Out: out}, func(done, total int64) {
		if !recorded {
			recorded = true
			if err := s.RecordEvent("export", "vendors", "export", map[string]any{"during": true}); err != nil {
				t.Fatal(err)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Chain == nil || !res.Chain.OK {
		t.Fatalf("chain %+v", res.Chain)
	}
	recs := testpractice.ReadCSV(t, out)
	last := len(recs[0]) - 1
	for _, r := range recs[1:] {
		seq, _ := strconv.ParseInt(r[0], 10, 64)
		if want := strconv.FormatBool(seq <= res.Chain.Head.Events); r[last] != want {
			t.Errorf("event %d of a chain verified up to %d: verified %s", seq, res.Chain.Head.Events, r[last])
		}
	}
}

// An appeal's row names the request whose denial it appeals, in its own column.
func TestRequestsExportNamesTheRequestAnAppealAppeals(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "appeal.db"))
	in := func(rights []backend.Right, received, of string) backend.RequestInput {
		return backend.RequestInput{Requester: backend.Person{Name: "Vera Lund", Email: "vera@example.com"}, Channel: backend.ChannelEmail,
			ReceivedDate: received, Regime: backend.RegimeVA, Rights: rights, Assignee: "Dana", AppealOf: of}
	}
	denied, err := s.CreateRequest(in([]backend.Right{backend.RightAccess}, "2026-01-10", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(denied.Reference, backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialNoData, DenialText: "Nothing held."}); err != nil {
		t.Fatal(err)
	}
	appeal, err := s.CreateRequest(in([]backend.Right{backend.RightAppeal}, "2026-02-20", denied.Reference))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "r.csv")
	if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "requests", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	recs := testpractice.ReadCSV(t, out)
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	got := map[string][2]string{}
	for _, r := range recs[1:] {
		got[r[0]] = [2]string{r[idx["Appeal of (the denied request)"]], r[idx["Assignee"]]}
	}
	if got[appeal.Reference] != [2]string{denied.Reference, "Dana"} || got[denied.Reference] != [2]string{"", "Dana"} {
		t.Errorf("appeal of, assignee: %q", got)
	}
}
