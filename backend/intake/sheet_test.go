package intake_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"privacydesk/backend/internal/testpractice"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/intake"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

func countRequests(t *testing.T, s *storage.Store) int64 {
	t.Helper()
	page, err := s.ListRequests(backend.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// commit imports path as kind with the proposed mapping; err is the refusal (the
// first problem) when nothing was imported.
func commit(t *testing.T, s *storage.Store, kind, path string) (intake.ImportPreview, intake.ImportOutcome, error) {
	t.Helper()
	out, err := intake.New(s, nil).Commit(context.Background(), kind, path, nil)
	if err == nil {
		err = out.Err()
	}
	return out.Preview, out, err
}

// TestRequestsRoundTrip exports the example practice's requests, imports the file into
// a fresh database, exports again and compares every column an import carries.
func TestRequestsRoundTrip(t *testing.T) {
	src := testpractice.Demo(t, 120)
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			first := filepath.Join(dir, "first."+format)
			if _, err := reporting.New(src).Export(context.Background(), reporting.ExportRequest{Kind: "requests", Format: format, Out: first}, nil); err != nil {
				t.Fatal(err)
			}
			dst := testpractice.Open(t, filepath.Join(dir, "fresh", "pd.db"))
			pv, sum, err := commit(t, dst, "requests", first)
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
			ra, rb := testpractice.ReadCSV(t, a), testpractice.ReadCSV(t, b)
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
	s := testpractice.Demo(t, 0)
	before := countRequests(t, s)
	events := testpractice.CountEvents(t, s, "", "")
	file := filepath.Join(t.TempDir(), "old log.csv")
	os.WriteFile(file, []byte("Patient,E-mail,Date received,Law,Request type\n"+
		"Ana Lima,ana@example.org,03/01/2026,CCPA,access\n"+
		"Ben Ode,not-an-email,03/01/2026,CCPA,deletion\n"+
		"Cy Park,cy@example.org,02/30/2026,HIPAA,deletion\n"+
		"Di Roy,di@example.org,03/01/2026,HIPAA,opt-out\n"+
		"Eve Wu,eve@,03/01/2026,Mars,access\n"), 0o600)
	pv, _, err := commit(t, s, "requests", file)
	if err == nil {
		t.Fatal("a file with bad rows was imported")
	}
	var fields []string
	for _, p := range pv.Problems {
		fields = append(fields, p.Where)
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
	after := countRequests(t, s)
	if after != before || testpractice.CountEvents(t, s, "", "") != events {
		t.Errorf("a refused import changed the database: %d -> %d requests", before, after)
	}
	// The same file, fixed, goes in whole.
	os.WriteFile(file, []byte("Patient,E-mail,Date received,Law,Request type\nAna Lima,ana@example.org,03/01/2026,CCPA,access\n"+
		"Ben Ode,ben@example.org,\"March 1, 2026\",California,\"Right to know; Delete\"\n"), 0o600)
	if _, sum, err := commit(t, s, "requests", file); err != nil || sum.Count != 2 {
		t.Fatalf("fixed file: %v %+v", err, sum)
	}
	page, err := s.ListRequests(backend.RequestFilter{Search: "Ben Ode"})
	if err != nil || len(page.Items) != 1 || len(page.Items[0].Rights) != 2 || page.Items[0].Regime != backend.RegimeCCPA ||
		page.Items[0].ReceivedDate.String() != "2026-03-01" || page.Items[0].Channel != backend.ChannelOther {
		t.Errorf("imported %+v %v", page.Items, err)
	}
}

func TestImportVendorsAllOrNothing(t *testing.T) {
	s := testpractice.Demo(t, 0)
	dir := t.TempDir()
	out := filepath.Join(dir, "vendors.xlsx")
	if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "vendors", Format: "xlsx", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	fresh := testpractice.Open(t, filepath.Join(dir, "fresh", "pd.db"))
	want, _ := s.ListVendors(backend.VendorFilter{})
	pv, o, err := commit(t, fresh, "vendors", out)
	n := o.Count
	if err != nil || n != len(want) || n < 10 {
		t.Fatalf("import: %d of the example's %d vendors, %v %v", n, len(want), err, pv.Problems)
	}
	got, _ := fresh.ListVendors(backend.VendorFilter{})
	for i := range want {
		if got[i].Name != want[i].Name || got[i].BAAStatus != want[i].BAAStatus || !got[i].BAAExpiresOn.Equal(want[i].BAAExpiresOn) ||
			strings.Join(keys(got[i].DataCategories), ",") != strings.Join(keys(want[i].DataCategories), ",") {
			t.Errorf("vendor %d: %+v\nwant %+v", i, got[i], want[i])
		}
	}
	// Again: every name now exists, so nothing goes in.
	if _, o, err := commit(t, fresh, "vendors", out); err == nil || o.Count != 0 {
		t.Errorf("duplicate import: %d %v", o.Count, err)
	}
	if got2, _ := fresh.ListVendors(backend.VendorFilter{}); len(got2) != len(want) {
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

// TestImportListsEveryProblemOfARow: the row is validated once, as intake validates, and
// each field's problem lands on its own column.
func TestImportListsEveryProblemOfARow(t *testing.T) {
	s := testpractice.Demo(t, 0)
	dir := t.TempDir()
	file := filepath.Join(dir, "log.csv")
	os.WriteFile(file, []byte("Name,Email,Phone,Date received,Law,Request type,Tags\n"+
		"Ann Lee,ann at example,call me,03/01/2026,CCPA,access,ok\n"+
		"Bo Chen,bo@example.org,,03/01/2026,CCPA,access,"+strings.Repeat("t", backend.MaxTagLen+1)+"\n"), 0o600)
	svc := intake.New(s, nil)
	pv, err := svc.Preview(context.Background(), "requests", file, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wheres []string
	for _, p := range pv.Problems {
		wheres = append(wheres, p.Where)
	}
	want := []string{"row 2, column Email", "row 2, column Phone", "row 3, column Tags"}
	if strings.Join(wheres, "|") != strings.Join(want, "|") || pv.CanCommit || pv.Ready != 0 {
		t.Errorf("problems at %q, want %q (ready %d)", wheres, want, pv.Ready)
	}
	if err := pv.Err(); backend.ErrorField(err) != "row 2, column Email" || !strings.Contains(backend.ErrorMessage(err), "2 more problems") {
		t.Errorf("one-line error: %v", err)
	}

	vendors := filepath.Join(dir, "vendors.csv")
	os.WriteFile(vendors, []byte("Vendor,Contact email,Category,BAA status\nAcme Fax,fax at acme,cloud,signed\n"), 0o600)
	before, _ := s.ListVendors(backend.VendorFilter{})
	out, err := svc.Commit(context.Background(), "vendors", vendors, nil)
	if err != nil {
		t.Fatal(err)
	}
	wheres = nil
	for _, p := range out.Preview.Problems {
		wheres = append(wheres, p.Where)
	}
	// A signed BAA without its date is a problem of a column the file does not have.
	want = []string{"row 2, column Contact email", "row 2, column Category", "row 2, BAA signed (not a column of the file)"}
	if out.Imported || strings.Join(wheres, "|") != strings.Join(want, "|") {
		t.Errorf("vendor problems at %q, want %q (imported %v)", wheres, want, out.Imported)
	}
	if after, _ := s.ListVendors(backend.VendorFilter{}); len(after) != len(before) {
		t.Errorf("a refused vendor import stored %d vendors", len(after)-len(before))
	}
}

// TestImportRightNotYetInForceNamesTheRow: a right the law grants only from a later date
// (Utah's correction right, from 1 July 2026) is a problem of its row and column in the
// preview, not a refusal at commit that names no row.
func TestImportRightNotYetInForceNamesTheRow(t *testing.T) {
	s := testpractice.Demo(t, 0)
	file := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(file, []byte("Name,Email,Date received,Law,Request type\n"+
		"Ann Lee,ann@example.org,03/01/2026,CCPA,access\n"+
		"Bo Chen,bo@example.org,03/01/2026,Utah,correction\n"), 0o600)
	pv, err := intake.New(s, nil).Preview(context.Background(), "requests", file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pv.CanCommit || len(pv.Problems) != 1 || pv.Problems[0].Where != "row 3, column Request type" ||
		!strings.Contains(pv.Problems[0].Message, "1 July 2026") {
		t.Errorf("preview: can commit %v, problems %+v", pv.CanCommit, pv.Problems)
	}
	before := countRequests(t, s)
	_, _, err = commit(t, s, "requests", file)
	if backend.ErrorField(err) != "row 3, column Request type" {
		t.Errorf("commit refused with %v", err)
	}
	if countRequests(t, s) != before {
		t.Error("a refused import stored requests")
	}
}

// TestImportPreviewSaysHowSlashDatesAreRead: a UK practice's log (13/03/2026 on one row)
// is read day first, and the preview says so; 04/03/2026 is then 4 March, not 3 April.
func TestImportPreviewSaysHowSlashDatesAreRead(t *testing.T) {
	s := testpractice.Demo(t, 0)
	file := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(file, []byte("Name,Email,Date received,Law,Request type\n"+
		"Ann Lee,ann@example.org,13/02/2026,UK GDPR,access\n"+
		"Bo Chen,bo@example.org,01/02/2026,UK GDPR,access\n"), 0o600)
	pv, out, err := commit(t, s, "requests", file)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Notes) != 1 || !strings.Contains(pv.Notes[0], "Column Date received: dates with slashes are read day first") {
		t.Errorf("notes %q", pv.Notes)
	}
	page, err := s.ListRequests(backend.RequestFilter{Search: "Bo Chen"})
	if err != nil || len(page.Items) != 1 || page.Items[0].ReceivedDate.String() != "2026-02-01" {
		t.Errorf("imported %+v (%d) %v", page.Items, out.Count, err)
	}
}

// TestImportReadsRightsAndLawsAsPeopleWriteThem: the names a practice's log uses for
// the rights and laws ("Right to delete", "Right of access", "Deletion request", the
// laws' acronyms) are read; a name that is none of them is refused on its cell.
func TestImportReadsRightsAndLawsAsPeopleWriteThem(t *testing.T) {
	s := testpractice.Demo(t, 0)
	file := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(file, []byte("Name,Email,Date received,Law,Request type\n"+
		"Ann Lee,ann@example.org,2026-03-01,CCPA,Right to delete\n"+
		"Bo Chen,bo@example.org,2026-03-01,California,Right to know; Right to correct\n"+
		"Cy Park,cy@example.org,2026-03-01,VCDPA,Deletion request\n"+
		"Di Roy,di@example.org,2026-03-01,GDPR,Right of access\n"+
		"Ed Fox,ed@example.org,2026-03-01,Texas,Right to opt out\n"+
		"Flo Lim,flo@example.org,2026-03-01,Ohio,Right to be nice\n"), 0o600)
	pv, err := intake.New(s, nil).Preview(context.Background(), "requests", file, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wheres []string
	for _, p := range pv.Problems {
		wheres = append(wheres, p.Where)
	}
	if want := "row 7, column Law|row 7, column Request type"; strings.Join(wheres, "|") != want || pv.Ready != 5 {
		t.Errorf("problems at %q (%v), want %q; ready %d", wheres, pv.Problems, want, pv.Ready)
	}
}

// TestImportNamesAFieldTheFileLacksInWords: a problem of a field the file has no column
// for names the field as the mapping step shows it, not by its internal key.
func TestImportNamesAFieldTheFileLacksInWords(t *testing.T) {
	s := testpractice.Demo(t, 0)
	file := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(file, []byte("Name,Date received,Law,Request type\nAnn Lee,2026-03-01,CCPA,access\n"), 0o600)
	pv, err := intake.New(s, nil).Preview(context.Background(), "requests", file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Problems) != 1 || pv.Problems[0].Where != "row 2, Requester email (not a column of the file)" {
		t.Errorf("problems %+v", pv.Problems)
	}
}

// TestImportVendorAlreadyInRegisterNamesTheRow: a vendor whose name is already in the
// register refuses the import naming its row and column, like any other problem.
func TestImportVendorAlreadyInRegisterNamesTheRow(t *testing.T) {
	s := testpractice.Demo(t, 0)
	file := filepath.Join(t.TempDir(), "vendors.csv")
	os.WriteFile(file, []byte("Vendor,Category\nNew Fax Co,other\n DATADOG ,other\n"), 0o600)
	before, _ := s.ListVendors(backend.VendorFilter{})
	pv, out, err := commit(t, s, "vendors", file)
	if out.Imported || len(pv.Problems) != 1 || pv.Problems[0].Where != "row 3, column Vendor" ||
		!strings.Contains(pv.Problems[0].Message, `"Datadog" is already in the register`) {
		t.Errorf("imported %v, problems %+v (%v)", out.Imported, pv.Problems, err)
	}
	if after, _ := s.ListVendors(backend.VendorFilter{}); len(after) != len(before) {
		t.Errorf("a refused vendor import stored %d vendors", len(after)-len(before))
	}
}

// TestImportRequestsRecordedWithTheImport: the import's own audit event is written in
// the transaction that stores the requests. When it cannot be written, nothing is
// stored and the import is refused; before, the requests stayed while the import was
// reported failed, and importing again doubled them.
func TestImportRequestsRecordedWithTheImport(t *testing.T) {
	testpg.SQLiteOnly(t, "adds a trigger through a connection of its own")
	s := testpractice.Demo(t, 0)
	db, err := sql.Open("sqlite3", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER no_import_event BEFORE INSERT ON audit_events WHEN NEW.entity = 'import'
		BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	before, events := countRequests(t, s), testpractice.CountEvents(t, s, "", "")
	file := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(file, []byte("Name,Email,Date received,Law,Request type\nAnn Lee,ann@example.org,2026-03-01,CCPA,access\n"), 0o600)
	if _, _, err := commit(t, s, "requests", file); err == nil {
		t.Fatal("imported without its audit event")
	}
	if n := countRequests(t, s); n != before || testpractice.CountEvents(t, s, "", "") != events {
		t.Errorf("a failed import left %d requests and %d audit events", n-before, testpractice.CountEvents(t, s, "", "")-events)
	}
	if _, err := db.Exec(`DROP TRIGGER no_import_event`); err != nil {
		t.Fatal(err)
	}
	if _, out, err := commit(t, s, "requests", file); err != nil || out.Count != 1 || testpractice.CountEvents(t, s, "import", "import") != 1 {
		t.Errorf("import: %v %+v", err, out)
	}
}

// TestImportRefusalsSayWhatIsAccepted: a cell naming a right, status or verification
// method Privacy Desk does not know is refused with the names it takes, so the person
// can correct the spreadsheet.
func TestImportRefusalsSayWhatIsAccepted(t *testing.T) {
	s := testpractice.Demo(t, 0)
	file := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(file, []byte("Name,Email,Date received,Law,Request type,Status,Identity verified by (method),Degree of verification\n"+
		"Ann Lee,ann@example.org,2026-03-01,CCPA,Records,Closed,Driver's license,reasonable\n"), 0o600)
	pv, err := intake.New(s, nil).Preview(context.Background(), "requests", file, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"row 2, column Request type": "access, correction, deletion", "row 2, column Status": "received, acknowledged",
		"row 2, column Identity verified by (method)": string(backend.VerifyDataOnFile) + ", " + string(backend.VerifyIDDocument)}
	for _, p := range pv.Problems {
		if w, ok := want[p.Where]; ok && strings.Contains(p.Message, "("+w) {
			delete(want, p.Where)
		}
	}
	if len(want) > 0 {
		t.Errorf("problems %+v do not list what is accepted at %v", pv.Problems, want)
	}
}

// TestImportRefusesRowsAlreadyImported: importing a file again, or a later copy of the
// log that still holds the rows imported before, does not double those requests: each
// row that repeats a stored request (same requester, date of request, law and rights)
// is named with the request it repeats, and nothing is imported.
func TestImportRefusesRowsAlreadyImported(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	dir := t.TempDir()
	first := filepath.Join(dir, "log.csv")
	os.WriteFile(first, []byte("Name,Email,Date received,Law,Request type\n"+
		"Ann Lee,ann@example.org,2026-03-01,CCPA,access; deletion\n"+
		"Bo Chen,bo@example.org,2026-03-01,CCPA,access\n"), 0o600)
	if _, out, err := commit(t, s, "requests", first); err != nil || out.Count != 2 {
		t.Fatalf("first import: %v %+v", err, out)
	}
	later := filepath.Join(dir, "log, updated.csv")
	os.WriteFile(later, []byte("Name,Email,Date received,Law,Request type\n"+
		"ANN LEE,ann@example.org,03/01/2026,California,\"Delete, Right to know\"\n"+ // the same request, written otherwise
		"Bo Chen,bo@example.org,2026-03-01,CCPA,deletion\n"+ // another request of Bo's
		"Cy Park,cy@example.org,2026-03-02,CCPA,access\n"), 0o600)
	pv, out, err := commit(t, s, "requests", later)
	if err == nil || out.Imported || len(pv.Problems) != 1 || pv.Problems[0].Where != "row 2" || !strings.Contains(pv.Problems[0].Message, "PR-2026-0001") {
		t.Errorf("import again: %v, problems %+v", err, pv.Problems)
	}
	if n := countRequests(t, s); n != 2 {
		t.Errorf("%d requests after the refused import", n)
	}
}

// TestImportRefusesAnswersOutOfTime: a date of response, closing time or verification
// date after today, or before the request was received, is a typing slip (often a day
// and month swapped); it is refused on its cell, not stored as an answer from the future.
func TestImportRefusesAnswersOutOfTime(t *testing.T) {
	s := testpractice.Demo(t, 0)
	file := filepath.Join(t.TempDir(), "log.csv")
	head := "Name,Email,Date received,Law,Request type,Status,Date of response,Nature of response (outcome per right),Closed at (UTC),Verified on,Identity verified by (method),Degree of verification\n"
	os.WriteFile(file, []byte(head+
		"Ann Lee,ann@example.org,2026-02-01,CCPA,access,completed,2026-12-01,access: granted,,,,\n"+
		"Bo Chen,bo@example.org,2026-02-01,CCPA,access,completed,2025-12-01,access: granted,,,,\n"+
		"Cy Park,cy@example.org,2026-02-01,CCPA,access,withdrawn,,,2026-01-15T10:00:00Z,,,\n"+
		"Di Roy,di@example.org,2026-02-01,CCPA,access,,,,,2027-01-01,id-document,reasonable\n"+
		"Ed Fox,ed@example.org,2026-02-01,CCPA,access,completed,2026-02-20,access: granted,2026-02-20T18:00:00Z,2026-02-02,id-document,reasonable\n"), 0o600)
	pv, err := intake.New(s, nil).Preview(context.Background(), "requests", file, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wheres []string
	for _, p := range pv.Problems {
		wheres = append(wheres, p.Where)
	}
	want := []string{"row 2, column Date of response", "row 3, column Date of response", "row 4, column Closed at (UTC)", "row 5, column Verified on"}
	if strings.Join(wheres, "|") != strings.Join(want, "|") || pv.Ready != 1 {
		t.Errorf("problems at %q, want %q (ready %d)\n%+v", wheres, want, pv.Ready, pv.Problems)
	}
}

// TestImportFailingWhileWritingLeavesNothing guards the all-or-nothing write: a failure
// while the rows are written (here a constraint on the timeline, after the requests
// and their rights went in) stores nothing, and the audit trail still verifies.
func TestImportFailingWhileWritingLeavesNothing(t *testing.T) {
	testpg.SQLiteOnly(t, "adds a trigger through a connection of its own")
	s := testpractice.Demo(t, 0)
	db, err := sql.Open("sqlite3", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER no_timeline BEFORE INSERT ON request_events
		BEGIN SELECT RAISE(ABORT, 'constraint failed'); END`); err != nil {
		t.Fatal(err)
	}
	before, events := countRequests(t, s), testpractice.CountEvents(t, s, "", "")
	file := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(file, []byte("Name,Email,Date received,Law,Request type\nAnn Lee,ann@example.org,2026-03-01,CCPA,access\nBo Chen,bo@example.org,2026-03-01,CCPA,access\n"), 0o600)
	if _, _, err := commit(t, s, "requests", file); err == nil {
		t.Fatal("imported although writing failed")
	}
	if n := countRequests(t, s); n != before || testpractice.CountEvents(t, s, "", "") != events {
		t.Errorf("a failed write left %d requests and %d audit events", n-before, testpractice.CountEvents(t, s, "", "")-events)
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit trail after a failed import: %+v %v", rep, err)
	}
	// The references the failed write would have taken are given out again.
	page, err := s.ListRequests(backend.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	next := 0
	for _, r := range page.Items {
		if strings.HasPrefix(r.Reference, "PR-2026-") {
			next++
		}
	}
	db.Exec(`DROP TRIGGER no_timeline`)
	if _, out, err := commit(t, s, "requests", file); err != nil || out.Count != 2 || out.First != fmt.Sprintf("PR-2026-%04d", next+1) {
		t.Errorf("import after the failure: %v %+v", err, out)
	}
	if rep, err := s.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("audit trail after the import: %+v %v", rep, err)
	}
}
