package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"privacydesk/backend"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name; -update rewrites it. A missing golden fails.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test -update to create it)", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

var sampleTable = Table{Name: "Requests", Columns: []Column{
	{Key: "reference", Label: "Reference", Type: Text},
	{Key: "name", Label: "Name", Type: Text},
	{Key: "received", Label: "Received", Type: Date},
	{Key: "created_at", Label: "Created (UTC)", Type: DateTime},
	{Key: "days", Label: "Days", Type: Int},
	{Key: "minor", Label: "Minor", Type: Bool},
	{Key: "score", Label: "Score", Type: Float},
	{Key: "rights", Label: "Rights", Type: List},
	{Key: "notes", Label: "Notes", Type: Text},
}}

func sampleRows() []Row {
	at := time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)
	return []Row{
		{"PR-2026-0001", "Zoë O'Brien-Núñez", backend.NewDate(2026, 3, 2), at, 45, false, 1.5, []string{"access", "deletion"}, "Called twice, \"urgent\".\nSecond line"},
		{"PR-2026-0002", "王小明", backend.NewDate(2026, 2, 28), at.Add(90 * time.Minute), -3, true, -0.25, []string{"opt-out"}, "=HYPERLINK(\"http://evil\",\"click\")"},
		{"PR-2026-0003", "@SUM(A1:A9)", backend.NewDate(2026, 1, 1), at.Add(123456789 * time.Nanosecond), int64(0), nil, nil, nil, "+1 555 0100"},
		{"PR-2026-0004", "-2+3+cmd|' /C calc'!A0", backend.Date{}, time.Time{}, nil, nil, 2.0, []string{}, "\tstarts with a tab"},
		{"PR-2026-0005", " leading space", nil, nil, nil, nil, nil, nil, "\rstarts with CR"},
		{"PR-2026-0006", "'quoted already", nil, nil, nil, nil, nil, nil, "'Ohana"},
	}
}

func encodeAll(t *testing.T, enc Encoder, rows []Row) {
	t.Helper()
	if _, err := Copy(context.Background(), enc, Slice(rows), int64(len(rows)), nil); err != nil {
		t.Fatal(err)
	}
}

func TestCSVGolden(t *testing.T) {
	for _, bom := range []bool{false, true} {
		var b bytes.Buffer
		encodeAll(t, NewCSVEncoder(&b, sampleTable, CSVOptions{BOM: bom}), sampleRows())
		name := "sample.csv"
		if bom {
			name = "sample-bom.csv"
		}
		golden(t, name, b.Bytes())
	}
}

// TestCSVInjection checks every dangerous first character of a text cell is neutralised
// in the file, that numbers stay numbers, and that reading back undoes it exactly.
func TestCSVInjection(t *testing.T) {
	tab := Table{Name: "x", Columns: []Column{{Key: "text", Type: Text}, {Key: "n", Type: Int}, {Key: "f", Type: Float}}}
	cases := []struct {
		in      string
		wantRaw string // the cell as a spreadsheet sees it
	}{
		{"=1+1", "'=1+1"},
		{"+1 555 0100", "'+1 555 0100"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"'=1", "''=1"},
		{"'Ohana", "''Ohana"},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, c := range cases {
		var b bytes.Buffer
		encodeAll(t, NewCSVEncoder(&b, tab, CSVOptions{}), []Row{{c.in, -5, -1.25}})
		r := csv.NewReader(&b)
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		got := recs[1]
		want := strings.ReplaceAll(c.wantRaw, "\r", "\r") // encoding/csv keeps a lone CR inside quotes
		if got[0] != want {
			t.Errorf("%q: cell %q, want %q", c.in, got[0], want)
		}
		if got[1] != "-5" || got[2] != "-1.25" {
			t.Errorf("numbers were altered: %q", got[1:])
		}
		if back := Unneutralise(got[0]); back != c.in {
			t.Errorf("%q: read back as %q", c.in, back)
		}
	}
}

func TestCSVReadBackByEncodingCSV(t *testing.T) {
	var b bytes.Buffer
	rows := sampleRows()
	encodeAll(t, NewCSVEncoder(&b, sampleTable, CSVOptions{}), rows)
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rows)+1 {
		t.Fatalf("%d records, want %d", len(recs), len(rows)+1)
	}
	if recs[1][1] != "Zoë O'Brien-Núñez" || recs[2][1] != "王小明" || recs[5][1] != " leading space" {
		t.Errorf("names not kept: %q %q %q", recs[1][1], recs[2][1], recs[5][1])
	}
	if recs[1][8] != "Called twice, \"urgent\".\nSecond line" {
		t.Errorf("notes: %q", recs[1][8])
	}
	if recs[3][3] != "2026-03-02T15:04:05.123456789Z" {
		t.Errorf("instant: %q", recs[3][3])
	}
}

func TestJSONGolden(t *testing.T) {
	var b bytes.Buffer
	encodeAll(t, NewJSONEncoder(&b, sampleTable), sampleRows())
	golden(t, "sample.json", b.Bytes())
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not valid JSON: %v", err)
	}
	if got[0]["received"] != "2026-03-02" || got[0]["created_at"] != "2026-03-02T15:04:05Z" || got[3]["received"] != nil {
		t.Errorf("dates: %v %v %v", got[0]["received"], got[0]["created_at"], got[3]["received"])
	}
	if got[1]["name"] != "王小明" || got[1]["days"] != float64(-3) || got[1]["minor"] != true {
		t.Errorf("values: %v", got[1])
	}
	if l, ok := got[0]["rights"].([]any); !ok || len(l) != 2 {
		t.Errorf("rights: %#v", got[0]["rights"])
	}
}

func TestJSONStringEscaping(t *testing.T) {
	for _, s := range []string{"", "plain", "q\"b\\s", "ctl\x00\x01\x1f\x7f", "nl\r\n\t", "bad\xffutf8", "sep\u2028\u2029", "<script>&"} {
		b := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%q -> %s: %v", s, b, err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if back != want {
			t.Errorf("%q -> %s -> %q", s, b, back)
		}
	}
	var b bytes.Buffer
	encodeAll(t, NewJSONEncoder(&b, sampleTable), nil)
	if b.String() != "[]\n" {
		t.Errorf("empty table: %q", b.String())
	}
}

func TestEncodeRefusesMisfitRows(t *testing.T) {
	cases := []struct {
		name string
		row  Row
	}{
		{"too few", Row{"x"}},
		{"date as string", Row{"a", "b", "2026-03-02", nil, nil, nil, nil, nil, nil}},
		{"int as string", Row{"a", "b", nil, nil, "5", nil, nil, nil, nil}},
		{"NaN", Row{"a", "b", nil, nil, nil, nil, func() float64 { var z float64; return z / z }(), nil, nil}},
	}
	for _, c := range cases {
		for _, f := range []Format{FormatCSV, FormatJSON, FormatXLSX} {
			enc, err := NewEncoder(f, io.Discard, sampleTable, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := enc.Encode(c.row); err == nil {
				t.Errorf("%s %s: accepted", f, c.name)
			}
		}
	}
	if _, err := NewEncoder("pdf", io.Discard, sampleTable, Options{}); backend.ErrorField(err) != "format" {
		t.Errorf("unknown format: %v", err)
	}
}

func TestXLSXReadBack(t *testing.T) {
	var b bytes.Buffer
	chicago, _ := time.LoadLocation("America/Chicago")
	enc, err := NewXLSXEncoder(&b, sampleTable, XLSXOptions{Location: chicago})
	if err != nil {
		t.Fatal(err)
	}
	encodeAll(t, enc, sampleRows())

	// First reader: excelize, formatted values as a person sees them.
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if l := f.GetSheetList(); len(l) != 1 || l[0] != "Requests" {
		t.Fatalf("sheets %v", l)
	}
	rows, err := f.GetRows("Requests")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || rows[0][0] != "Reference" || rows[0][8] != "Notes" {
		t.Fatalf("rows: %q", rows)
	}
	if rows[1][1] != "Zoë O'Brien-Núñez" || rows[2][1] != "王小明" || rows[2][8] != `=HYPERLINK("http://evil","click")` {
		t.Errorf("text cells: %q %q %q", rows[1][1], rows[2][1], rows[2][8])
	}
	if rows[1][2] != "2026-03-02" || rows[1][3] != "2026-03-02 09:04:05" {
		t.Errorf("date cells shown as %q %q", rows[1][2], rows[1][3])
	}
	if typ, _ := f.GetCellType("Requests", "C2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("date cell type %v, want a number", typ)
	}
	if typ, _ := f.GetCellType("Requests", "I3"); typ != excelize.CellTypeSharedString {
		t.Errorf("formula payload stored as %v, want a (shared) string", typ)
	}
	if formula, _ := f.GetCellFormula("Requests", "I3"); formula != "" {
		t.Errorf("payload became a formula: %q", formula)
	}
	panes, err := f.GetPanes("Requests")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth("Requests", "B"); w < 18 || w > 60 {
		t.Errorf("column B width %v", w)
	}

	// Second reader: the worksheet XML itself, read with encoding/xml, so we do not trust
	// excelize to read back only what excelize wrote.
	sheet := readSheetXML(t, b.Bytes())
	if ref := strings.ReplaceAll(sheet.AutoFilter.Ref, "$", ""); ref != "A1:I7" {
		t.Errorf("autofilter %q", sheet.AutoFilter.Ref)
	}
	cells := map[string]xmlCell{}
	for _, r := range sheet.Rows {
		for _, c := range r.Cells {
			cells[c.Ref] = c
		}
	}
	if c := cells["C2"]; c.V != "46083" || c.S == "" || c.T != "" {
		t.Errorf("C2 (2026-03-02) = %+v, want serial 46083 with a style", c)
	}
	if c := cells["E3"]; c.V != "-3" {
		t.Errorf("E3 = %+v", c)
	}
	if c := cells["F3"]; c.T != "b" || c.V != "1" {
		t.Errorf("F3 = %+v", c)
	}
	if c := cells["B2"]; c.T != "s" || c.IS != "Zoë O'Brien-Núñez" {
		t.Errorf("B2 = %+v", c)
	}
	if _, ok := cells["C5"]; ok {
		t.Errorf("zero date wrote a cell")
	}
}

type xmlCell struct {
	Ref string `xml:"r,attr"`
	S   string `xml:"s,attr"`
	T   string `xml:"t,attr"`
	V   string `xml:"v"`
	IS  string `xml:"is>t"`
}

type xmlSheet struct {
	Rows []struct {
		Cells []xmlCell `xml:"c"`
	} `xml:"sheetData>row"`
	AutoFilter struct {
		Ref string `xml:"ref,attr"`
	} `xml:"autoFilter"`
}

func readSheetXML(t *testing.T, b []byte) xmlSheet {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	decode := func(name string, v any) {
		rc, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		if err := xml.NewDecoder(rc).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var s xmlSheet
	decode("xl/worksheets/sheet1.xml", &s)
	// A text cell's IS is its shared string, so the tests read what a person sees.
	var sst struct {
		SI []string `xml:"si>t"`
	}
	decode("xl/sharedStrings.xml", &sst)
	for _, r := range s.Rows {
		for i, c := range r.Cells {
			if c.T == "s" {
				n, err := strconv.Atoi(c.V)
				if err != nil || n >= len(sst.SI) {
					t.Fatalf("cell %s points at shared string %q of %d", c.Ref, c.V, len(sst.SI))
				}
				r.Cells[i].IS = sst.SI[n]
			}
		}
	}
	return s
}

func TestXLSXLongTextIsCutAndSaid(t *testing.T) {
	tab := Table{Name: "Notes/2026: all?", Columns: []Column{{Key: "notes", Type: Text}}}
	var b bytes.Buffer
	enc, err := NewXLSXEncoder(&b, tab, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("ü", 40_000)
	// 17,000 emoji are 34,000 UTF-16 units, which is what Excel counts: over the limit
	// although only 17,000 characters; 16,000 are 32,000 units and fit.
	emoji, fits := strings.Repeat("😀", 17_000), strings.Repeat("😀", 16_000)
	encodeAll(t, enc, []Row{{long}, {"short"}, {emoji}, {fits}})
	if enc.Truncated() != 2 {
		t.Errorf("Truncated = %d, want 2", enc.Truncated())
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := f.GetSheetList()[0]
	if name != "Notes-2026- all-" {
		t.Errorf("sheet name %q", name)
	}
	v, _ := f.GetCellValue(name, "A2")
	if !strings.HasSuffix(v, "[cut: 40000 characters in all; the CSV and JSON exports hold the full text]") || len([]rune(v)) > xlsxMaxCellChars {
		t.Errorf("cut cell ends %q (%d runes)", v[len(v)-80:], len([]rune(v)))
	}
	v, _ = f.GetCellValue(name, "A4")
	if units := len(utf16.Encode([]rune(v))); !strings.HasSuffix(v, "[cut: 17000 characters in all; the CSV and JSON exports hold the full text]") || units > xlsxMaxCellChars {
		t.Errorf("emoji cell: %d UTF-16 units, ends %q", units, v[len(v)-80:])
	}
	if v, _ = f.GetCellValue(name, "A5"); v != fits {
		t.Errorf("16,000 emoji were changed (%d runes)", len([]rune(v)))
	}
}

func TestXLSXEmptyAndManyRows(t *testing.T) {
	for _, n := range []int{0, 1, widthSampleRows - 1, widthSampleRows, widthSampleRows + 1, 1000} {
		rows := make([]Row, n)
		for i := range rows {
			rows[i] = Row{"PR", "n", backend.NewDate(2026, 1, 1).AddDays(i), nil, i, nil, nil, nil, nil}
		}
		var b bytes.Buffer
		enc, err := NewXLSXEncoder(&b, sampleTable, XLSXOptions{})
		if err != nil {
			t.Fatal(err)
		}
		encodeAll(t, enc, rows)
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := f.GetRows("Requests")
		f.Close()
		if len(got) != n+1 {
			t.Errorf("n=%d: %d rows read back", n, len(got))
			continue
		}
		if n > 0 && got[n][4] != strconv.Itoa(n-1) {
			t.Errorf("n=%d: last row %q", n, got[n])
		}
	}
}

func TestICSGoldenAndParsed(t *testing.T) {
	var b bytes.Buffer
	enc := NewICSEncoder(&b, ICSOptions{Name: "Sessions, Inc. — due dates", Now: time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)})
	events := []Event{
		{UID: "PR-2026-0001/due", Date: backend.NewDate(2026, 4, 1), Summary: "Due: PR-2026-0001 access (CCPA)", Description: "Requester: Zoë O'Brien-Núñez\r\nRights: access, deletion; extended? no\\yes", Categories: []string{"Privacy Desk", "CCPA"}, RemindDaysBefore: 3},
		{UID: "PR-2026-0002/due", Date: backend.NewDate(2026, 12, 31), Summary: "Due: PR-2026-0002 王小明 " + strings.Repeat("长", 40), Sequence: 2},
		{UID: "vendor-3/review", Date: backend.NewDate(2026, 6, 1), Summary: "Vendor review due: Old EHR", Sequence: 7, RemindDaysBefore: 7, Cancelled: true},
	}
	for _, ev := range events {
		if err := enc.Encode(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	golden(t, "calendar.ics", b.Bytes())
	for i, line := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets", i+1, len(line))
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d holds a bare line break", i+1)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	for i, ev := range evs {
		status := ""
		if p := ev.GetProperty(ics.ComponentPropertyStatus); p != nil {
			status = p.Value
		}
		if want := map[bool]string{true: "CANCELLED"}[events[i].Cancelled]; status != want {
			t.Errorf("%s: STATUS %q, want %q", ev.Id(), status, want)
		}
	}
	if n := len(evs[2].Alarms()); n != 0 {
		t.Errorf("a cancelled event carries %d reminders", n)
	}
	if got := evs[0].GetProperty(ics.ComponentPropertyDescription).Value; got != "Requester: Zoë O'Brien-Núñez\nRights: access, deletion; extended? no\\yes" {
		t.Errorf("description read back as %q", got)
	}
	if got := evs[1].GetProperty(ics.ComponentPropertySummary).Value; got != events[1].Summary {
		t.Errorf("folded summary read back as %q", got)
	}
	start, err := evs[1].GetAllDayStartAt()
	if err != nil || start.Format("2006-01-02") != "2026-12-31" {
		t.Errorf("start %v %v", start, err)
	}
	if evs[0].Id() != "PR-2026-0001/due@privacydesk" {
		t.Errorf("uid %q", evs[0].Id())
	}
	if err := NewICSEncoder(io.Discard, ICSOptions{}).Encode(Event{Summary: "x", Date: backend.NewDate(2026, 1, 1)}); err == nil {
		t.Error("an event without UID was accepted")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk on fire")
	ctx, cancel := context.WithCancel(context.Background())
	cases := []struct {
		name  string
		ctx   context.Context
		write func(w io.Writer) error
		want  error
	}{
		{"error half way", context.Background(), func(w io.Writer) error { w.Write([]byte("partial")); return boom }, boom},
		{"cancelled half way", ctx, func(w io.Writer) error { w.Write([]byte("partial")); cancel(); return nil }, ErrCanceled},
	}
	for _, c := range cases {
		if err := WriteFile(c.ctx, path, 0o600, c.write); !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
		assertOnly(t, dir, "out.csv", "old")
	}
	func() {
		defer func() { recover() }()
		WriteFile(context.Background(), path, 0o600, func(w io.Writer) error { w.Write([]byte("x")); panic("bug") })
	}()
	assertOnly(t, dir, "out.csv", "old")

	if err := WriteFile(context.Background(), path, 0o600, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, "out.csv", "new")
	if err := WriteFile(context.Background(), dir, 0o600, func(io.Writer) error { return nil }); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("writing over a folder: %v", err)
	}
}

func assertOnly(t *testing.T, dir, name, content string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != name {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("folder holds %v, want only %s", names, name)
	}
	b, _ := os.ReadFile(filepath.Join(dir, name))
	if string(b) != content {
		t.Errorf("%s holds %q, want %q", name, b, content)
	}
}

func TestCopyCancelAndProgress(t *testing.T) {
	rows := make([]Row, 5000)
	for i := range rows {
		rows[i] = Row{"PR", nil, nil, nil, i, nil, nil, nil, nil}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var calls []int64
	n, err := Copy(ctx, NewCSVEncoder(io.Discard, sampleTable, CSVOptions{}), Slice(rows), 5000, func(done, total int64) {
		calls = append(calls, done)
		if done >= 2000 {
			cancel()
		}
	})
	if !errors.Is(err, ErrCanceled) || n != 3000 { // noticed at the next check
		t.Errorf("n=%d err=%v", n, err)
	}
	if len(calls) != 3 || calls[2] != 2000 {
		t.Errorf("progress calls %v", calls)
	}
	calls = nil
	if n, err := Copy(context.Background(), NewJSONEncoder(io.Discard, sampleTable), Slice(rows), 5000, func(done, total int64) { calls = append(calls, done) }); err != nil || n != 5000 {
		t.Fatal(n, err)
	}
	if calls[len(calls)-1] != 5000 {
		t.Errorf("last progress %v", calls)
	}
}
