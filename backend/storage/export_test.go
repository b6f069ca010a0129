package storage_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/demo"
	"privacydesk/backend/mailimport"
	"privacydesk/backend/reporting"
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

// TestRequestsRoundTrip exports the example practice's requests, imports the file into
// a fresh database, exports again and compares every column an import carries.
func TestRequestsRoundTrip(t *testing.T) {
	src := demoStore(t, 120)
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			first := filepath.Join(dir, "first."+format)
			if _, err := reporting.New(src).Export(context.Background(), reporting.ExportRequest{Kind: "requests", Format: format, Out: first}, nil); err != nil {
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
			reporting.New(src).Export(context.Background(), reporting.ExportRequest{Kind: "requests", Out: a}, nil)
			if _, err := reporting.New(dst).Export(context.Background(), reporting.ExportRequest{Kind: "requests", Out: b}, nil); err != nil {
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
	if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "vendors", Format: "xlsx", Out: out}, nil); err != nil {
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

func TestBackupAndRestoreStore(t *testing.T) {
	s := demoStore(t, 30)
	eml := filepath.Join("..", "mailimport", "testdata", "latin1-qp.eml")
	if _, err := s.AddRequestAttachment("PR-2026-0001", eml, "request-email"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "backups", "b.pdbackup")
	m, err := s.Backup(context.Background(), out, storage.BackupOptions{Passphrase: "correct horse", AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if m.PracticeName != "Sessions, Inc." || m.Counts["attachments"] != 1 || m.Counts["requests"] < 30 {
		t.Errorf("manifest %+v", m)
	}
	info, err := storage.PreviewBackup(context.Background(), out, "correct horse")
	if err != nil || !info.Encrypted || info.Counts["requests"] != m.Counts["requests"] {
		t.Fatalf("preview %+v %v", info, err)
	}
	target := filepath.Join(dir, "elsewhere", "restored.db")
	if _, err := storage.Restore(context.Background(), out, "correct horse", target, backend.Actor{OSUser: "tester"}, nil); err != nil {
		t.Fatal(err)
	}
	r := openStore(t, target)
	var n1, n2 int64
	s.DB().Raw(`SELECT count(*) FROM requests`).Scan(&n1)
	r.DB().Raw(`SELECT count(*) FROM requests`).Scan(&n2)
	if n1 != n2 {
		t.Errorf("%d requests restored of %d", n2, n1)
	}
	atts, _ := r.RequestAttachments("PR-2026-0001")
	if len(atts) != 1 {
		t.Fatalf("attachments %+v", atts)
	}
	if err := r.SaveAttachmentAs(atts[0].ID, filepath.Join(dir, "copy.eml")); err != nil {
		t.Errorf("restored attachment does not verify: %v", err)
	}
	if rep, err := r.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("restored audit chain %+v %v", rep, err)
	}
	if countEvents(t, r, "backup", "restore") != 1 || countEvents(t, r, "backup", "backup") != 1 {
		t.Errorf("backup and restore are not both in the restored trail")
	}
	if _, err := storage.Restore(context.Background(), out, "wrong horse", target, backend.Actor{}, nil); backend.ErrorField(err) != "passphrase" {
		t.Errorf("wrong passphrase: %v", err)
	}
}
