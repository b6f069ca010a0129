package main

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/demo"
	"privacydesk/backend/export"
	intakesvc "privacydesk/backend/intake"
	"privacydesk/backend/letters"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// events records what the service tells the window.
type events struct {
	mu   sync.Mutex
	list []recorded
	// on is called for each event, outside the lock (a test cancels from it).
	on func(name string, data any)
}

type recorded struct {
	name string
	data any
}

func (e *events) emit(name string, data ...any) {
	var d any
	if len(data) > 0 {
		d = data[0]
	}
	e.mu.Lock()
	e.list = append(e.list, recorded{name, d})
	on := e.on
	e.mu.Unlock()
	if on != nil {
		on(name, d)
	}
}

func (e *events) named(name string) []any {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []any
	for _, r := range e.list {
		if r.name == name {
			out = append(out, r.data)
		}
	}
	return out
}

var exportClock = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)

// exportDesk is a desk on a fresh database in its own data folder, with the example
// practice loaded, and an ExportService on it that records its events.
func exportDesk(t *testing.T) (*ExportService, *events) {
	t.Helper()
	return exportDeskOn(t, storage.Open)
}

// exportDeskOn is exportDesk on the database open makes at the path it is given.
func exportDeskOn(t *testing.T, open func(dbPath string) (*storage.Store, error)) (*ExportService, *events) {
	t.Helper()
	dir := t.TempDir()
	dbPath := testpg.Location(t, filepath.Join(dir, "privacydesk.db"))
	st, err := open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return exportClock }
	if _, err := demo.Load(st, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	d := &desk{dbPath: dbPath, dataDir: dir, store: st, account: testAdmin}
	t.Cleanup(func() {
		if d.store != nil {
			d.store.Close()
		}
	})
	ev := &events{}
	s := &ExportService{d: d, emit: ev.emit, now: func() time.Time { return exportClock }}
	s.init()
	return s, ev
}

func exportErr(t *testing.T, err error) uiErrorBody {
	t.Helper()
	var b uiErrorBody
	if err == nil || json.Unmarshal([]byte(err.Error()), &b) != nil {
		t.Fatalf("not a UI error: %v", err)
	}
	return b
}

func countRows(t *testing.T, s *ExportService, table string) int64 {
	t.Helper()
	st, err := s.d.open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.TableCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, ok := n[table]
	if !ok {
		t.Fatalf("no count of %s", table)
	}
	return c
}

// partFiles lists what the atomic writer left in dir besides the wanted files.
func partFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.Contains(e.Name(), ".part-") || strings.HasPrefix(e.Name(), ".privacydesk-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestExportToEveryKindAndFormat(t *testing.T) {
	s, ev := exportDesk(t)
	out := t.TempDir()
	for _, k := range must(s.ExportKinds()) {
		if k.Label == "" || k.Description == "" || len(k.Formats) == 0 {
			t.Errorf("kind %+v: missing label, description or formats", k)
		}
		for _, f := range k.Formats {
			path := filepath.Join(out, k.Kind+"."+f)
			j, err := s.ExportTo(reporting.ExportRequest{Kind: k.Kind, Format: f, Out: path, Year: 2026, BOM: f == "csv"})
			if err != nil {
				t.Fatalf("%s %s: %v", k.Kind, f, err)
			}
			if j.State != "running" || j.Kind != "export" || j.Out != path {
				t.Errorf("%s %s: started as %+v", k.Kind, f, j)
			}
			done := s.wait(j.ID)
			if done.State != "done" {
				t.Fatalf("%s %s: %+v", k.Kind, f, done.Error)
			}
			res, ok := done.Result.(reporting.ExportResult)
			if !ok || res.Out != path || res.Format != f {
				t.Errorf("%s %s: result %#v", k.Kind, f, done.Result)
			}
			b, err := os.ReadFile(path)
			if err != nil || len(b) == 0 {
				t.Fatalf("%s %s: no file: %v", k.Kind, f, err)
			}
			if f == "csv" && !strings.HasPrefix(string(b), "\ufeff") {
				t.Errorf("%s csv: the BOM asked for is missing", k.Kind)
			}
		}
	}
	// Every job ended with job:done naming it; none failed.
	if n := len(ev.named("job:error")); n != 0 {
		t.Errorf("%d job:error events", n)
	}
	dones := ev.named("job:done")
	if len(dones) != len(must(s.Jobs())) {
		t.Errorf("%d job:done events for %d jobs", len(dones), len(must(s.Jobs())))
	}
	if got := partFiles(t, out); len(got) > 0 {
		t.Errorf("left behind: %v", got)
	}
	// The requests export reported progress, ending at its total.
	var last jobProgress
	for _, p := range ev.named("job:progress") {
		if jp := p.(jobProgress); strings.HasPrefix(jp.Label, "Request log") {
			last = jp
		}
	}
	if last.Total == 0 || last.Done != last.Total {
		t.Errorf("last request-log progress %+v", last)
	}
}

func TestExportToRefusesBadInputOnItsField(t *testing.T) {
	s, _ := exportDesk(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		req   reporting.ExportRequest
		field string
	}{
		{reporting.ExportRequest{Kind: "patients", Format: "csv", Out: filepath.Join(dir, "x.csv")}, "kind"},
		{reporting.ExportRequest{Kind: "calendar", Format: "csv", Out: filepath.Join(dir, "x.csv")}, "format"},
		{reporting.ExportRequest{Kind: "metrics", Format: "pdf", Year: 1999, Out: filepath.Join(dir, "x.pdf")}, "year"},
		{reporting.ExportRequest{Kind: "requests", Format: "csv", Out: "  "}, "out"},
		{reporting.ExportRequest{Kind: "requests", Format: "csv", Out: "relative.csv"}, "out"},
	} {
		_, err := s.ExportTo(tc.req)
		if b := exportErr(t, err); b.Code != backend.EINVALID || b.Field != tc.field {
			t.Errorf("%+v: got %+v, want field %s", tc.req, b, tc.field)
		}
	}
	if len(must(s.Jobs())) != 0 {
		t.Errorf("a refused export started a job: %+v", must(s.Jobs()))
	}
	// A folder as the target, or a folder that does not exist, is refused on the field.
	for _, out := range []string{dir, filepath.Join(dir, "missing", "x.csv")} {
		_, err := s.ExportTo(reporting.ExportRequest{Kind: "requests", Format: "csv", Out: out})
		if b := exportErr(t, err); b.Field != "out" || !strings.Contains(b.Message, "folder") {
			t.Errorf("%s: %+v", out, b)
		}
	}
}

func TestCancelledExportLeavesNoFile(t *testing.T) {
	for _, format := range []string{"csv", "xlsx", "json"} {
		t.Run(format, func(t *testing.T) {
			s, ev := exportDesk(t)
			dir := t.TempDir()
			path := filepath.Join(dir, "requests."+format)
			// An earlier export of the same name stays whole until a new one is complete.
			if err := os.WriteFile(path, []byte("earlier export"), 0o600); err != nil {
				t.Fatal(err)
			}
			// Cancel as soon as the export reports its first progress: from inside the
			// job, so the test does not race it.
			var once sync.Once
			ev.on = func(name string, data any) {
				if p, ok := data.(jobProgress); ok && name == "job:progress" {
					once.Do(func() {
						if !must(s.Cancel(p.ID)) {
							t.Error("Cancel of a running job returned false")
						}
					})
				}
			}
			j, err := s.ExportTo(reporting.ExportRequest{Kind: "requests", Format: format, Out: path})
			if err != nil {
				t.Fatal(err)
			}
			done := s.wait(j.ID)
			if done.State != "cancelled" || done.Error == nil || done.Error.Code != backend.ECONFLICT {
				t.Fatalf("cancelled export ended as %+v", done)
			}
			if b, _ := os.ReadFile(path); string(b) != "earlier export" {
				t.Errorf("the earlier file was changed: %q", b)
			}
			if got := partFiles(t, dir); len(got) > 0 {
				t.Errorf("a cancelled export left %v", got)
			}
			errs := ev.named("job:error")
			if len(errs) != 1 || !errs[0].(jobEnd).Cancelled {
				t.Errorf("job:error events %+v", errs)
			}
			if must(s.Cancel(j.ID)) {
				t.Error("Cancel of a finished job returned true")
			}
		})
	}
}

// The backup and restore use cases are tested in package backup; these test the
// adapters: jobs, UI errors on their fields, and the desk's store swapped by a restore.

func TestBackupAndRestoreRunAsJobs(t *testing.T) {
	s, ev := exportDesk(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "backup"+backup.Extension)
	before := countRows(t, s, "requests")

	if _, err := s.BackupTo(file, "short"); exportErr(t, err).Field != "passphrase" {
		t.Errorf("short passphrase: %v", err)
	}
	if _, err := s.BackupTo("backup"+backup.Extension, ""); !strings.Contains(exportErr(t, err).Message, "privacydesk-backup-2026-03-02"+backup.Extension) {
		t.Errorf("relative path: %v", err)
	}
	j, err := s.BackupTo(file, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	done := s.wait(j.ID)
	if done.State != "done" {
		t.Fatalf("backup: %+v", done.Error)
	}
	res := done.Result.(backup.BackupResult)
	if res.PracticeName != "Sessions, Inc." || res.Counts["requests"] != before || !res.Encrypted {
		t.Errorf("backup result %+v", res)
	}
	if _, err := s.RestorePreview(file, "wrong horse battery"); exportErr(t, err).Field != "passphrase" {
		t.Errorf("wrong passphrase: %v", err)
	}
	pv, err := s.RestorePreview(file, "correct horse battery")
	if err != nil || pv.Current["requests"] != before {
		t.Fatalf("preview %+v %v", pv, err)
	}

	st, _ := s.d.open()
	vendors := countRows(t, s, "vendors")
	if _, err := st.CreateVendor(backend.Vendor{Name: "Added after the backup"}); err != nil {
		t.Fatal(err)
	}
	st.Actor.Staff = "Casey"
	j, err = s.Restore(file, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	done = s.wait(j.ID)
	if done.State != "done" {
		t.Fatalf("restore: %+v", done.Error)
	}
	// A file's restore sets the old file aside; a server's replaces the rows in one
	// transaction and sets nothing aside.
	if rr := done.Result.(*backup.RestoreResult); rr.PracticeName != "Sessions, Inc." || (len(rr.SetAside) > 0) == testpg.Enabled() {
		t.Errorf("restore result %+v", rr)
	}
	st2, err := s.d.open()
	if err != nil || st2 == st {
		t.Fatalf("the desk's store was not reopened: %v", err)
	}
	if st2.Actor.Staff != "Casey" {
		t.Errorf("staff after restore %q", st2.Actor.Staff)
	}
	if got := countRows(t, s, "vendors"); got != vendors {
		t.Errorf("after restore: %d vendors, want %d", got, vendors)
	}
	if len(ev.named("job:done")) != 2 {
		t.Errorf("job:done events: %v", ev.named("job:done"))
	}

	// A refused restore ends the job with the error on its code, and the desk has its
	// database open again, unchanged.
	cut := filepath.Join(dir, "cut"+backup.Extension)
	b, _ := os.ReadFile(file)
	os.WriteFile(cut, b[:len(b)/2], 0o600)
	j, err = s.Restore(cut, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if done := s.wait(j.ID); done.State != "error" || done.Error == nil || done.Error.Code != backend.EINVALID {
		t.Errorf("restore of a damaged file ended as %+v", done)
	}
	st3, err := s.d.open()
	if err != nil || st3.Actor.Staff != "Casey" {
		t.Fatalf("the database is not open after a refused restore: %v", err)
	}
	if got := countRows(t, s, "vendors"); got != vendors {
		t.Errorf("after a refused restore: %d vendors, want %d", got, vendors)
	}
}

func TestRestoreWaitsForRunningJobs(t *testing.T) {
	s, _ := exportDesk(t)
	release := make(chan struct{})
	var j Job
	j = s.start("export", "Slow export", "", func(ctx context.Context, _ export.Progress) (any, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil, ctx.Err()
	})
	if got := must(s.Jobs()); len(got) != 1 || got[0].State != "running" {
		t.Errorf("jobs %+v", got)
	}
	j2, err := s.Restore(filepath.Join(t.TempDir(), "b"+backup.Extension), "")
	if err == nil {
		s.wait(j2.ID)
	}
	if b := exportErr(t, err); b.Code != backend.ECONFLICT || !strings.Contains(b.Message, "Slow export") {
		t.Errorf("restore during a job: %+v", b)
	}
	close(release)
	if done := s.wait(j.ID); done.State != "done" {
		t.Errorf("job %+v", done)
	}
	j, err = s.Restore(filepath.Join(t.TempDir(), "b"+backup.Extension), "")
	if err != nil {
		t.Fatalf("restore after the job: %v", err)
	}
	if done := s.wait(j.ID); done.State != "error" || done.Error.Field != "file" {
		t.Errorf("restore of a missing file: %+v", done)
	}
}

func TestSignOutWaitsForRunningJobs(t *testing.T) {
	s, _ := exportDesk(t)
	release := make(chan struct{})
	j := s.start("export", "Slow export", "", func(ctx context.Context, _ export.Progress) (any, error) {
		<-release
		return nil, nil
	})
	session := &SessionService{d: s.d}
	if b := exportErr(t, session.SignOut()); b.Code != backend.ECONFLICT || !strings.Contains(b.Message, "Slow export") {
		t.Errorf("sign-out during a job: %+v", b)
	}
	if s.d.account.Name == "" || s.d.store == nil {
		t.Error("a refused sign-out ended the session")
	}
	close(release)
	s.wait(j.ID)
	if err := session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if s.d.account.Name != "" || s.d.store != nil {
		t.Errorf("signed out: account %q, store %v", s.d.account.Name, s.d.store)
	}
}

func TestImportPreviewAndCommitAllOrNothing(t *testing.T) {
	s, _ := exportDesk(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "old log.csv")
	os.WriteFile(good, []byte("Name,Email,Date received,Law,Request type,Notes\n"+
		"Ana Ruiz,ana@example.com,2026-01-05,CCPA,Access,first\n"+
		"Bo Chen,bo@example.com,01/06/2026,California,Delete,=SUM(A1)\n"), 0o600)
	pv, err := s.PreviewImport("requests", good, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !pv.CanCommit || pv.Rows != 2 || pv.Ready != 2 || len(pv.Problems) != 0 || len(pv.FirstRows) != 2 {
		t.Fatalf("preview %+v", pv)
	}
	for key, col := range map[string]int{"requesterName": 0, "requesterEmail": 1, "receivedDate": 2, "regime": 3, "rights": 4, "notes": 5} {
		if got, ok := pv.Mapping[key]; !ok || got != col {
			t.Errorf("proposed mapping %s = %d, %v; want %d", key, got, ok, col)
		}
	}
	if pv.FirstRows[0].Row != 2 || pv.FirstRows[0].Cells[0] != "Ana Ruiz" {
		t.Errorf("first rows %+v", pv.FirstRows)
	}
	if len(pv.Fields) != len(intakesvc.RequestFields) || !pv.Fields[0].Required {
		t.Errorf("fields %+v", pv.Fields[:1])
	}

	before := countRows(t, s, "requests")
	out, err := s.CommitImport("requests", good, pv.Mapping)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Imported || out.Count != 2 || out.First == "" {
		t.Fatalf("commit %+v", out)
	}
	if got := countRows(t, s, "requests"); got != before+2 {
		t.Errorf("%d requests, want %d", got, before+2)
	}

	// A bad row: the preview names its row and column; the commit stores nothing.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Name,Email,Date received,Law,Request type\n"+
		"Cy Dee,cy@example.com,2026-01-07,CCPA,Access\n"+
		"Di Eve,di@example.com,31/31/2026,CCPA,Access\n"+
		",nobody@example.com,2026-01-08,CCPA,Access\n"), 0o600)
	pv, err = s.PreviewImport("requests", bad, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pv.CanCommit || len(pv.Problems) < 2 {
		t.Fatalf("bad preview %+v", pv)
	}
	wheres := []string{}
	for _, p := range pv.Problems {
		wheres = append(wheres, p.Where)
		if p.Message == "" {
			t.Errorf("problem without a message: %+v", p)
		}
	}
	if !slices.Contains(wheres, "row 3, column Date received") || !slices.Contains(wheres, "row 4, column Name") {
		t.Errorf("problems at %v", wheres)
	}
	before = countRows(t, s, "requests")
	out, err = s.CommitImport("requests", bad, pv.Mapping)
	if err != nil {
		t.Fatal(err)
	}
	if out.Imported || out.Count != 0 || len(out.Preview.Problems) == 0 {
		t.Errorf("bad commit %+v", out)
	}
	if got := countRows(t, s, "requests"); got != before {
		t.Errorf("a refused import stored %d requests", got-before)
	}

	// A mapping that points at no column is a problem of the mapping, not a crash.
	pv, err = s.PreviewImport("requests", good, export.Mapping{"requesterName": 42})
	if err != nil {
		t.Fatal(err)
	}
	if pv.CanCommit || len(pv.Problems) == 0 {
		t.Errorf("mapping to a missing column: %+v", pv.Problems)
	}
	// Unreadable input lands on the file field.
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o600)
	for _, p := range []string{empty, filepath.Join(dir, "missing.csv")} {
		if _, err := s.PreviewImport("requests", p, nil); exportErr(t, err).Field != "file" {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
	if _, err := s.PreviewImport("patients", good, nil); exportErr(t, err).Field != "kind" {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestImportVendors(t *testing.T) {
	s, _ := exportDesk(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "vendors.csv")
	os.WriteFile(file, []byte("Vendor,Services,PHI access,BAA status,BAA signed\n"+
		"Acme Fax,Fax,full,signed,2025-02-01\n"+
		"Zed Mail,Email,limited,pending,\n"), 0o600)
	pv, err := s.PreviewImport("vendors", file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !pv.CanCommit || pv.Ready != 2 || pv.Checked == "" {
		t.Fatalf("preview %+v", pv)
	}
	before := countRows(t, s, "vendors")
	out, err := s.CommitImport("vendors", file, pv.Mapping)
	if err != nil || !out.Imported || out.Count != 2 {
		t.Fatalf("commit %+v %v", out, err)
	}
	if got := countRows(t, s, "vendors"); got != before+2 {
		t.Errorf("%d vendors, want %d", got, before+2)
	}
	// Importing the same names again: refused whole, the row named.
	out, err = s.CommitImport("vendors", file, pv.Mapping)
	if err != nil {
		t.Fatal(err)
	}
	if out.Imported || len(out.Preview.Problems) == 0 {
		t.Errorf("second import %+v", out)
	}
	if got := countRows(t, s, "vendors"); got != before+2 {
		t.Errorf("a refused import changed the register: %d vendors", got)
	}
}

func TestImportEmailProposesAndAttachesOnSave(t *testing.T) {
	s, _ := exportDesk(t)
	eml := filepath.Join("..", "backend", "mailimport", "testdata", "plain-withdraw.eml")
	p, err := s.ImportEmail(eml)
	if err != nil {
		t.Fatal(err)
	}
	if p.Token == "" || p.FileName != "plain-withdraw.eml" || p.Input.Requester.Email == "" || p.Input.Channel != backend.ChannelEmail ||
		!slices.Contains(p.ProposedRights, backend.RightWithdrawConsent) || !slices.Contains(p.Input.Rights, backend.RightWithdrawConsent) ||
		p.Input.Tags == nil || !strings.Contains(p.Note, "WITHDRAW CONSENT") {
		t.Fatalf("proposal %+v", p)
	}
	// The person chooses the law and saves; the email is attached to the new request.
	st, _ := s.d.open()
	in := p.Input
	in.Regime = backend.RegimeGDPR
	r, err := st.CreateRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.AttachEmail(r.Reference, p.Token)
	if err != nil {
		t.Fatal(err)
	}
	if a.OriginalName != "plain-withdraw.eml" {
		t.Errorf("attachment %+v", a)
	}
	if _, err := s.AttachEmail(r.Reference, p.Token); exportErr(t, err).Code != backend.ENOTFOUND {
		t.Errorf("second attach: %v", err)
	}

	// Dropped bytes: a private copy is attached, then removed.
	b, _ := os.ReadFile(eml)
	p2, err := s.ImportEmailData("../Dropped mail.eml", b)
	if err != nil {
		t.Fatal(err)
	}
	if p2.FileName != "Dropped mail.eml" {
		t.Errorf("file name %q", p2.FileName)
	}
	tmp, _ := s.emails.Path(p2.Token)
	if _, err := os.Stat(tmp); err != nil {
		t.Fatal(err)
	}
	if !must(s.DiscardEmail(p2.Token)) {
		t.Error("discard: not pending")
	}
	if _, err := os.Stat(filepath.Dir(tmp)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary copy stays: %v", err)
	}

	// An email without From is refused on a field, with a sentence.
	noFrom := filepath.Join("..", "backend", "mailimport", "testdata", "no-from.eml")
	if b := exportErr(t, func() error { _, err := s.ImportEmail(noFrom); return err }()); b.Code != backend.EINVALID || !strings.Contains(b.Message, "sender") {
		t.Errorf("no From: %+v", b)
	}
	if _, err := s.ImportEmailData("x.eml", nil); exportErr(t, err).Field != "file" {
		t.Errorf("empty bytes: %v", err)
	}
}

func TestResponsePackage(t *testing.T) {
	s, _ := exportDesk(t)
	st, _ := s.d.open()
	r, err := st.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "José Łukasz Müller", Email: "jose@example.org"},
		SubmittedBy: backend.SubmittedBy("self"), Channel: backend.ChannelEmail, ReceivedDate: "2026-02-20", Regime: backend.RegimeCCPA,
		Rights: []backend.Right{backend.RightAccess}, Description: "=HYPERLINK(\"http://x\") copy of my data", GuardianConsent: backend.ConsentStatus("not-applicable")})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "package.zip")

	// No cover letter yet: the plan says so and the package is refused on the reference.
	plan, err := s.PlanResponsePackage(r.Reference)
	if err != nil || plan.CoverLetter != nil || plan.Problem == "" || len(plan.SuggestedPassphrase) < 20 {
		t.Fatalf("plan %+v %v", plan, err)
	}
	if _, err := s.ResponsePackageTo(r.Reference, "", out); exportErr(t, err).Field != "reference" {
		t.Errorf("without a cover letter: %v", err)
	}
	if _, err := s.ResponsePackageTo("PR-1999-0001", "", out); exportErr(t, err).Field != "reference" {
		t.Errorf("unknown request: %v", err)
	}
	if _, err := s.ResponsePackageTo(r.Reference, "short", out); exportErr(t, err).Field != "passphrase" {
		t.Errorf("short passphrase: %v", err)
	}

	if _, err := correspondence.New(st).CreateLetter(context.Background(), correspondence.LetterInput{RequestRef: r.Reference, Kind: letters.KindAccessResponse, Response: "Enclosed is a copy."}); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(dir, "chart export.pdf")
	os.WriteFile(doc, []byte("%PDF-1.4 the record"), 0o600)
	if _, err := st.AddRequestAttachment(r.Reference, doc, "Response document"); err != nil {
		t.Fatal(err)
	}
	id := filepath.Join(dir, "id.png")
	os.WriteFile(id, []byte("not part of the response"), 0o600)
	if _, err := st.AddRequestAttachment(r.Reference, id, "ID copy"); err != nil {
		t.Fatal(err)
	}
	plan, err = s.PlanResponsePackage(r.Reference)
	if err != nil || plan.CoverLetter == nil || len(plan.Files) != 1 || plan.Problem != "" {
		t.Fatalf("plan %+v %v", plan, err)
	}

	j, err := s.ResponsePackageTo(r.Reference, "", out)
	if err != nil {
		t.Fatal(err)
	}
	done := s.wait(j.ID)
	if done.State != "done" {
		t.Fatalf("package: %+v", done.Error)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	members := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		members[f.Name] = b
	}
	ref := r.Reference
	for _, name := range []string{ref + " - Access response.pdf", "response/chart export.pdf", ref + " - your request.json", ref + " - your request.csv", "manifest.json"} {
		if _, ok := members[name]; !ok {
			t.Errorf("no %s in %v", name, slices.Collect(maps.Keys(members)))
		}
	}
	if len(members) != 5 {
		t.Errorf("members %v", slices.Collect(maps.Keys(members)))
	}
	var m export.ResponseManifest
	if err := json.Unmarshal(members["manifest.json"], &m); err != nil || m.Reference != ref || len(m.Files) != 4 {
		t.Fatalf("manifest %+v %v", m, err)
	}
	for _, f := range m.Files {
		sum := sha256.Sum256(members[f.Name])
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s: SHA-256 does not match the manifest", f.Name)
		}
	}
	var rec map[string]any
	if err := json.Unmarshal(members[ref+" - your request.json"], &rec); err != nil || rec["reference"] != ref {
		t.Errorf("record JSON %v", err)
	}
	csvText := string(members[ref+" - your request.csv"])
	if !strings.Contains(csvText, "request.requester.name,José Łukasz Müller") || !strings.Contains(csvText, `"'=HYPERLINK(""http://x"") copy of my data"`) {
		t.Errorf("record CSV:\n%s", csvText)
	}

	// Encrypted: every member is AES-encrypted (the general-purpose flag's bit 0) and
	// bsdtar, a tool requesters have, opens it with the passphrase.
	enc := filepath.Join(dir, "package-encrypted.zip")
	j, _ = s.ResponsePackageTo(r.Reference, "k7wq-3nfa-p2xe-8hbd", enc)
	if done := s.wait(j.ID); done.State != "done" || done.Result.(PackageResult).Encryption == "none" {
		t.Fatalf("encrypted package: %+v", done)
	}
	zr2, err := zip.OpenReader(enc)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr2.File {
		if f.Flags&1 == 0 {
			t.Errorf("%s is not encrypted", f.Name)
		}
	}
	zr2.Close()
	if _, err := exec.LookPath("bsdtar"); err == nil {
		x := t.TempDir()
		cmd := exec.Command("bsdtar", "-x", "-f", enc, "-C", x, "--passphrase", "k7wq-3nfa-p2xe-8hbd")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bsdtar: %v %s", err, b)
		} else if b, _ := os.ReadFile(filepath.Join(x, "response", "chart export.pdf")); string(b) != "%PDF-1.4 the record" {
			t.Errorf("bsdtar extracted %q", b)
		}
	}
	// Both packages are in the audit trail.
	_, n, err := st.ListAuditEvents(backend.AuditFilter{Entity: "export", Action: "response-package"})
	if err != nil || n != 2 {
		t.Errorf("%d response-package audit events", n)
	}
}

// The names the save dialogs propose carry the practice's date, like the automatic
// backups do, not the date on the computer's clock.
func TestDefaultFileNamesUseThePracticesDate(t *testing.T) {
	s, _ := exportDesk(t)
	st, err := s.d.open()
	if err != nil {
		t.Fatal(err)
	}
	// 03:30 UTC on 1 January 2027 is still New Year's Eve in Chicago.
	at := time.Date(2027, 1, 1, 3, 30, 0, 0, time.UTC)
	st.Now = func() time.Time { return at }
	s.now = func() time.Time { return at }
	cases := map[string]string{
		s.defaultExportName(reporting.ExportRequest{Kind: "requests", Format: "csv"}): "privacy-requests-2026-12-31.csv",
		s.defaultExportName(reporting.ExportRequest{Kind: "metrics", Format: "pdf"}):  "privacy-metrics-2026.pdf",
		s.defaultExportName(reporting.ExportRequest{Kind: "calendar", Format: "ics"}): "privacy-due-dates-2026-12-31.ics",
	}
	name, err := backup.New(st, version).DefaultName(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cases[name] = "privacydesk-backup-2026-12-31" + backup.Extension
	for got, want := range cases {
		if got != want {
			t.Errorf("name %q, want %q", got, want)
		}
	}
}
