package reporting_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"privacydesk/backend/internal/testpractice"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"privacydesk/backend"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/export"
	"privacydesk/backend/internal/extool"
	"privacydesk/backend/letters"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
)

// Names a spreadsheet must keep as they are: a formula payload, non-ASCII text, and a
// cell with a comma, quotes and a line break.
const (
	formulaName = `=HYPERLINK("x")`
	unicodeName = "Zoë Łukasiewicz-山田"
	trickyNotes = "Called twice, \"urgent\";\nsecond line"
)

var tabularKinds = []struct {
	kind  string
	table reporting.Table
}{
	{"requests", reporting.RequestsTable}, {"vendors", reporting.VendorsTable}, {"datamap", reporting.DataMapTable},
	{"audit", reporting.AuditTable}, {"metrics", reporting.MetricsTable},
}

// readersStore is the example practice with requests and a vendor whose names a
// spreadsheet could mangle.
func readersStore(t *testing.T) (*storage.Store, []backend.Request) {
	t.Helper()
	st := testpractice.Demo(t, 0)
	var reqs []backend.Request
	for i, name := range []string{formulaName, unicodeName} {
		r, err := st.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: name, Email: "r" + strconv.Itoa(i) + "@example.org"},
			Channel: backend.ChannelEmail, ReceivedDate: "2026-02-17", ReceivedTime: "14:01", Regime: backend.RegimeCCPA,
			Rights: []backend.Right{backend.RightAccess}, Notes: trickyNotes})
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	if _, err := st.CreateVendor(backend.Vendor{Name: formulaName, Services: "Billing, claims; \"EDI\""}); err != nil {
		t.Fatal(err)
	}
	return st, reqs
}

// exportAll writes kind in every format given into dir as kind.format.
func exportAll(t *testing.T, svc *reporting.Service, dir, kind string, formats ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range formats {
		p := filepath.Join(dir, kind+"."+f)
		if _, err := svc.Export(context.Background(), reporting.ExportRequest{Kind: kind, Format: f, Out: p, Year: 2026, BOM: f == "csv"}, nil); err != nil {
			t.Fatalf("%s %s: %v", kind, f, err)
		}
		out[f] = p
	}
	return out
}

func parseCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// calcToCSV opens every file in paths with LibreOffice Calc in one headless run (a
// private profile, so parallel runs do not share one) and saves each as UTF-8 CSV of
// the cells as shown; it returns the parsed CSV of each input by its base name.
func calcToCSV(t *testing.T, infilter string, paths ...string) map[string][][]string {
	t.Helper()
	soffice := extool.Need(t, "soffice", "libreoffice-calc-nogui")
	tmp := t.TempDir()
	outDir := filepath.Join(tmp, "out")
	args := []string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(tmp, "profile"))}
	if infilter != "" {
		args = append(args, "--infilter="+infilter)
	}
	// 44 = comma, 34 = double quote, 76 = UTF-8, line 1; the last true saves cells as shown.
	args = append(args, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", outDir)
	cmd := exec.Command(soffice, append(args, paths...)...)
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	t.Logf("soffice converted %d files in %v", len(paths), time.Since(start).Round(time.Millisecond))
	res := map[string][][]string{}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		res[name] = parseCSVFile(t, filepath.Join(outDir, name+".csv"))
	}
	return res
}

// sameCell compares what Calc shows for a cell with the CSV export's text of it.
func sameCell(c export.Column, calc, ours string) bool {
	if ours == "" || calc == "" {
		return ours == calc
	}
	switch c.Type {
	case export.Text, export.List:
		return calc == export.Unneutralise(ours)
	case export.Bool:
		return strings.EqualFold(calc, ours)
	case export.Int, export.Float:
		a, err1 := strconv.ParseFloat(calc, 64)
		b, err2 := strconv.ParseFloat(ours, 64)
		return err1 == nil && err2 == nil && math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
	case export.DateTime:
		// The cell's format shows whole seconds in the zone its header names (UTC).
		a, err1 := time.ParseInLocation("2006-01-02 15:04:05", calc, time.UTC)
		b, err2 := time.Parse(time.RFC3339Nano, ours)
		d := a.Sub(b)
		return err1 == nil && err2 == nil && d > -time.Second && d < time.Second
	}
	return calc == ours // dates: yyyy-mm-dd both
}

// TestXLSXExportsReadByLibreOffice opens every XLSX export in LibreOffice Calc and
// compares what it shows, cell by cell, with the CSV export of the same data.
func TestXLSXExportsReadByLibreOffice(t *testing.T) {
	extool.Need(t, "soffice", "libreoffice-calc-nogui")
	st, _ := readersStore(t)
	svc := reporting.New(st)
	dir := t.TempDir()
	var xlsx []string
	ours := map[string][][]string{}
	for _, k := range tabularKinds {
		files := exportAll(t, svc, dir, k.kind, "csv", "xlsx")
		xlsx = append(xlsx, files["xlsx"])
		ours[k.kind] = parseCSVFile(t, files["csv"])
		checkXLSXCellKinds(t, files["xlsx"], k.table.Shape())
	}
	calc := calcToCSV(t, "", xlsx...)
	for _, k := range tabularKinds {
		shape := k.table.Shape()
		got, want := calc[k.kind], ours[k.kind]
		got = withoutLaterExports(k.kind, got, len(want), 1)
		if len(got) != len(want) {
			t.Errorf("%s: Calc shows %d rows, the CSV has %d", k.kind, len(got), len(want))
			continue
		}
		for i := range want {
			if len(got[i]) != len(shape.Columns) || len(want[i]) != len(shape.Columns) {
				t.Errorf("%s row %d: Calc shows %d columns, the CSV %d, the table %d", k.kind, i+1, len(got[i]), len(want[i]), len(shape.Columns))
				continue
			}
			for j, c := range shape.Columns {
				if i == 0 {
					if got[0][j] != want[0][j] {
						t.Errorf("%s header %d: Calc %q, CSV %q", k.kind, j+1, got[0][j], want[0][j])
					}
					continue
				}
				if !sameCell(c, got[i][j], want[i][j]) {
					t.Errorf("%s row %d column %s (%s): Calc shows %q, the CSV has %q", k.kind, i+1, c.Key, c.Type, got[i][j], want[i][j])
				}
			}
		}
	}
	// The names that could be mangled arrived as they are.
	seen := map[string]bool{}
	for _, k := range []string{"requests", "vendors"} {
		for _, row := range calc[k] {
			for _, cell := range row {
				seen[cell] = true
			}
		}
	}
	for _, s := range []string{formulaName, unicodeName, trickyNotes} {
		if !seen[s] {
			t.Errorf("Calc does not show %q in any cell", s)
		}
	}
}

// withoutLaterExports drops from an audit trail exported after n earlier exports of it
// the events those exports recorded (the last rows), so it lines up with the first one.
func withoutLaterExports(kind string, rows [][]string, want, n int) [][]string {
	if kind == "audit" && len(rows) > want && len(rows) <= want+n {
		return rows[:want]
	}
	return rows
}

// checkXLSXCellKinds checks the workbook's cells: dates and instants are numbers (date
// cells, not text), and no cell holds a formula.
func checkXLSXCellKinds(t *testing.T, path string, shape export.Table) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
				t.Errorf("%s %s: a formula %q", filepath.Base(path), cell, fm)
			}
			if i == 0 || v == "" || j >= len(shape.Columns) {
				continue
			}
			if ty := shape.Columns[j].Type; ty == export.Date || ty == export.DateTime {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					t.Errorf("%s %s: %s column holds %q, not a date cell", filepath.Base(path), cell, ty, v)
				}
			}
		}
	}
}

// TestCSVExportKeepsItsColumnsInLibreOffice opens the CSV exports (with a byte order
// mark, quoted commas, quotes and line breaks inside cells) in Calc: every row keeps its
// columns and every text arrives exactly.
func TestCSVExportKeepsItsColumnsInLibreOffice(t *testing.T) {
	extool.Need(t, "soffice", "libreoffice-calc-nogui")
	st, _ := readersStore(t)
	svc := reporting.New(st)
	dir := t.TempDir()
	var paths []string
	ours := map[string][][]string{}
	for _, k := range []string{"requests", "vendors"} {
		p := exportAll(t, svc, dir, k, "csv")["csv"]
		if b, _ := os.ReadFile(p); !bytes.HasPrefix(b, []byte("\uFEFF")) {
			t.Fatalf("%s: no byte order mark", p)
		}
		paths = append(paths, p)
		ours[k] = parseCSVFile(t, p)
	}
	// What Calc's import dialog proposes for a UTF-8 CSV: comma, double quotes, UTF-8.
	calc := calcToCSV(t, "CSV:44,34,76,1,,0,false,true", paths...)
	shapes := map[string]export.Table{"requests": reporting.RequestsTable.Shape(), "vendors": reporting.VendorsTable.Shape()}
	for k, want := range ours {
		got := calc[k]
		if len(got) != len(want) {
			t.Fatalf("%s: Calc read %d rows, the file has %d", k, len(got), len(want))
		}
		for i := range want {
			if len(got[i]) != len(want[i]) {
				t.Errorf("%s row %d: Calc read %d columns, the file has %d", k, i+1, len(got[i]), len(want[i]))
				continue
			}
			for j, c := range shapes[k].Columns {
				if (i == 0 || c.Type == export.Text || c.Type == export.List) && got[i][j] != want[i][j] {
					t.Errorf("%s row %d column %d: Calc read %q, the file has %q", k, i+1, j+1, got[i][j], want[i][j])
				}
			}
		}
	}
}

// TestExportsAgreeOnEveryInstant reads every instant of every tabular export in its CSV,
// JSON and XLSX and wants the same instant from all three, each read in the zone its
// header (CSV, XLSX) or value (JSON) names.
func TestExportsAgreeOnEveryInstant(t *testing.T) {
	st, _ := readersStore(t)
	svc := reporting.New(st)
	dir := t.TempDir()
	checked := 0
	for _, k := range tabularKinds {
		shape := k.table.Shape()
		files := exportAll(t, svc, dir, k.kind, "csv", "json", "xlsx")
		csvRows := parseCSVFile(t, files["csv"])
		var jsonRows []map[string]any
		b, _ := os.ReadFile(files["json"])
		if err := json.Unmarshal(b, &jsonRows); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(files["xlsx"])
		if err != nil {
			t.Fatal(err)
		}
		xRows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		xRows = withoutLaterExports(k.kind, xRows, len(csvRows), 2)
		if k.kind == "audit" && len(jsonRows) == len(csvRows) {
			jsonRows = jsonRows[:len(csvRows)-1] // the CSV export's own event
		}
		if len(csvRows) != len(xRows) || len(jsonRows) != len(csvRows)-1 {
			t.Fatalf("%s: %d CSV rows, %d XLSX rows, %d JSON objects", k.kind, len(csvRows), len(xRows), len(jsonRows))
		}
		for j, c := range shape.Columns {
			if c.Type != export.DateTime {
				continue
			}
			csvZone, ok1 := export.HeaderZone(csvRows[0][j])
			xZone, ok2 := export.HeaderZone(xRows[0][j])
			if !ok1 || !ok2 {
				t.Errorf("%s column %s: the headers %q (CSV) and %q (XLSX) do not both name a zone", k.kind, c.Key, csvRows[0][j], xRows[0][j])
				continue
			}
			for i := 1; i < len(csvRows); i++ {
				var xs string
				if j < len(xRows[i]) {
					xs = xRows[i][j]
				}
				js, _ := jsonRows[i-1][c.Key].(string)
				cs := csvRows[i][j]
				if cs == "" || xs == "" || js == "" {
					if cs != "" || xs != "" || js != "" {
						t.Errorf("%s row %d %s: CSV %q, JSON %q, XLSX %q", k.kind, i+1, c.Key, cs, js, xs)
					}
					continue
				}
				ct, err1 := export.ParseDateTime(cs, csvZone)
				jt, err2 := time.Parse(time.RFC3339Nano, js)
				serial, err3 := strconv.ParseFloat(xs, 64)
				if err1 != nil || err2 != nil || err3 != nil || !strings.HasSuffix(cs, "Z") {
					t.Errorf("%s row %d %s: CSV %q, JSON %q, XLSX %q: %v %v %v", k.kind, i+1, c.Key, cs, js, xs, err1, err2, err3)
					continue
				}
				wall, err := excelize.ExcelDateToTime(serial, false)
				if err != nil {
					t.Fatal(err)
				}
				xt := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), xZone)
				if !ct.Equal(jt) || xt.Sub(ct).Abs() > time.Millisecond {
					t.Errorf("%s row %d %s: CSV %s, JSON %s, XLSX %s (%s)", k.kind, i+1, c.Key, ct, jt, xt, xZone)
				}
				checked++
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d instants compared", checked)
	}
}

// TestCalendarParsedByIcalendar reads the due-dates calendar with Python's icalendar:
// every event has a UID, a date and a summary, and a summary with commas, semicolons,
// a line break and non-ASCII text comes back exactly after folding and escaping.
func TestCalendarParsedByIcalendar(t *testing.T) {
	py := extool.Python(t, "python3-icalendar", "icalendar")
	st, reqs := readersStore(t)
	svc := reporting.New(st)
	p := filepath.Join(t.TempDir(), "due.ics")
	res, err := svc.Export(context.Background(), reporting.ExportRequest{Kind: "calendar", Format: "ics", Out: p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", extool.ICSEvents, p).CombinedOutput()
	if err != nil {
		t.Fatalf("icalendar: %v\n%s", err, out)
	}
	var events []struct{ UID, Date, Summary, Description string }
	if err := json.Unmarshal(out, &events); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if int64(len(events)) != res.Rows || len(events) == 0 {
		t.Fatalf("icalendar read %d events, the export wrote %d", len(events), res.Rows)
	}
	uids := map[string]bool{}
	refs := map[string]bool{}
	for _, e := range events {
		if e.UID == "" || uids[e.UID] || e.Summary == "" || len(e.Date) != 10 {
			t.Errorf("event %+v: needs a unique UID, a date and a summary", e)
		}
		uids[e.UID] = true
		for _, r := range reqs {
			if strings.Contains(e.Summary, r.Reference) {
				refs[r.Reference] = true
			}
		}
	}
	for _, r := range reqs {
		if !refs[r.Reference] {
			t.Errorf("no event names %s", r.Reference)
		}
	}
}

// TestResponsePackageOpensIn7ZipAndBsdtar writes an encrypted response package through
// the service and extracts it with 7-Zip and with bsdtar, the tools a requester is told
// to use: both open it with the passphrase (and not without it), and the SHA-256 of every
// extracted file is the one manifest.json lists.
func TestResponsePackageOpensIn7ZipAndBsdtar(t *testing.T) {
	ctx := context.Background()
	st, reqs := readersStore(t)
	ref := reqs[1].Reference
	if _, err := correspondence.New(st).CreateLetter(ctx, correspondence.LetterInput{RequestRef: ref, Kind: letters.KindAccessResponse, Response: "Enclosed."}); err != nil {
		t.Fatal(err)
	}
	const pass = "correct-horse-battery-staple"
	zipPath := filepath.Join(t.TempDir(), "package.zip")
	res, err := reporting.New(st).PackageTo(ctx, ref, pass, zipPath)
	if err != nil {
		t.Fatal(err)
	}
	if res.Encryption == "none" || len(res.Files) < 3 {
		t.Fatalf("package %+v", res)
	}
	tools := []struct {
		name, pkg string
		args      func(dir, pass string) []string
	}{
		{"7zz", "7zip", func(dir, pass string) []string { return []string{"x", "-y", "-p" + pass, "-o" + dir, zipPath} }},
		{"bsdtar", "libarchive-tools", func(dir, pass string) []string {
			return []string{"-x", "-f", zipPath, "--passphrase", pass, "-C", dir}
		}},
	}
	for _, tool := range tools {
		t.Run(tool.name, func(t *testing.T) {
			bin := extool.Need(t, tool.name, tool.pkg)
			dir := t.TempDir()
			if out, err := exec.Command(bin, tool.args(dir, pass)...).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			b, err := os.ReadFile(filepath.Join(dir, export.ResponseManifestName))
			if err != nil {
				t.Fatal(err)
			}
			var m export.ResponseManifest
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if m.Reference != ref || len(m.Files) != len(res.Files) {
				t.Errorf("manifest %+v, package %+v", m, res)
			}
			for _, e := range m.Files {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Name)))
				sum := sha256.Sum256(data)
				if err != nil || hex.EncodeToString(sum[:]) != e.SHA256 || int64(len(data)) != e.Size {
					t.Errorf("%s: %v, sha256 %x size %d; the manifest says %s size %d", e.Name, err, sum, len(data), e.SHA256, e.Size)
				}
			}
			wrong := t.TempDir()
			out, err := exec.Command(bin, tool.args(wrong, "not-the-passphrase-at-all")...).CombinedOutput()
			if err == nil {
				for _, e := range m.Files {
					if b, err := os.ReadFile(filepath.Join(wrong, filepath.FromSlash(e.Name))); err == nil && len(b) > 0 {
						t.Errorf("extracted %s with a wrong passphrase\n%s", e.Name, out)
					}
				}
			}
		})
	}
}

// TestMetricsPDFReadByPopplerAndQpdf writes the yearly metrics PDF through the service
// and checks it the way the letters are checked: qpdf --check finds it sound, pdffonts
// shows every font embedded, and pdftotext finds the practice, the year and the rows.
func TestMetricsPDFReadByPopplerAndQpdf(t *testing.T) {
	qpdf := extool.Need(t, "qpdf", "qpdf")
	pdffonts := extool.Need(t, "pdffonts", "poppler-utils")
	pdftotext := extool.Need(t, "pdftotext", "poppler-utils")
	st, _ := readersStore(t)
	p := filepath.Join(t.TempDir(), "metrics.pdf")
	if _, err := reporting.New(st).Export(context.Background(), reporting.ExportRequest{Kind: "metrics", Format: "pdf", Out: p, Year: 2026}, nil); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command(pdffonts, p).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		// name type [encoding] emb sub uni object generation: emb is the third from "yes|no" run.
		f := strings.Fields(l)
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("a font is not embedded: %q", l)
		}
	}
	txt, err := exec.Command(pdftotext, "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pr, err := st.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(txt)), " ")
	for _, want := range []string{pr.Name, "2026", "Received", "All"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q in:\n%s", want, text)
		}
	}
}
