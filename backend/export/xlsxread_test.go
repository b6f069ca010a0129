package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"privacydesk/backend"
)

// zipParts builds a workbook from its parts, written by hand the way other programs
// write them, so the reader is tested against more than our own writer and excelize.
func zipParts(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const strictNS = `xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"`

// handWorkbook is a strict-namespace workbook whose first listed sheet is stored in
// sheet2.xml (by an absolute target), with rich-text shared strings with a phonetic
// guide, rows and cells without references, an escaped control character, a formula's
// saved string, an error value, a boolean and the 1904 date system.
func handWorkbook(t *testing.T, sheetXML string) []byte {
	return zipParts(t, map[string]string{
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="book/wb.xml"/></Relationships>`,
		"book/wb.xml": `<?xml version="1.0"?><workbook ` + strictNS + `><workbookPr date1904="true"/>
<sheets><sheet name="Intake log" sheetId="7" r:id="rId9"/><sheet name="Old" sheetId="1" r:id="rId2"/></sheets></workbook>`,
		"book/_rels/wb.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="sheets/sheet1.xml"/>
<Relationship Id="rId9" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="/book/sheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="strings.xml"/>
<Relationship Id="rId4" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>`,
		"book/strings.xml": `<?xml version="1.0"?><sst ` + strictNS + `>
<si><t>Name</t></si>
<si><r><rPr><b/></rPr><t>Zoë </t></r><r><t xml:space="preserve">O'Brien</t></r></si>
<si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh></si>
<si><t>line_x000D_break</t></si></sst>`,
		"book/sheets/sheet1.xml": `<?xml version="1.0"?><worksheet ` + strictNS + `><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
		"book/sheets/sheet2.xml": sheetXML,
	})
}

func TestReadXLSXWrittenByOtherPrograms(t *testing.T) {
	sheet := `<?xml version="1.0"?><worksheet ` + strictNS + `><sheetData>
<row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>Received</t></is></c><c><v>Active</v></c></row>
<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" s="4"><v>44621</v></c><c r="D3" t="b"><v>1</v></c></row>
<row><c t="s"><v>2</v></c><c t="str"><f>TEXT(B3,"yyyy")</f><v>2026</v></c><c t="e"><v>#N/A</v></c></row>
<row r="7"><c r="A7" t="s"><v>3</v></c><c r="B7" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>
<row r="9"><c r="C9"/></row>
</sheetData></worksheet>`
	book, err := openXLSX(handWorkbook(t, sheet))
	if err != nil {
		t.Fatal(err)
	}
	if !book.date1904 || len(book.sheets) != 2 || book.sheets[0].name != "Intake log" || book.sheets[0].part != "book/sheets/sheet2.xml" || book.sheets[1].part != "book/sheets/sheet1.xml" {
		t.Fatalf("book %+v", book)
	}
	rows, err := book.rows(book.sheets[0], xlsxLimits{maxColumns: 10, maxRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []SheetRow{
		{Row: 1, Cells: []string{"Name", "Received", "Active"}},
		{Row: 3, Cells: []string{"Zoë O'Brien", "44621", "", "1"}},
		{Row: 4, Cells: []string{"山田", "2026", "#N/A"}, Errors: map[int]string{2: "#N/A"}},
		{Row: 7, Cells: []string{"line\rbreak", "inline"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n got %+v\nwant %+v", rows, want)
	}

	// Through ReadXLSX: the first sheet with data, its name, and the 1904 system said.
	s, err := ReadXLSX(bytes.NewReader(handWorkbook(t, sheet)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "Intake log" || !s.Date1904 || !reflect.DeepEqual(s.Sheets, []string{"Intake log", "Old"}) {
		t.Errorf("sheet %q 1904=%v sheets %q", s.Name, s.Date1904, s.Sheets)
	}
	if s2, err := ReadXLSX(bytes.NewReader(handWorkbook(t, sheet)), ReadOptions{Sheet: "INTAKE log"}); err != nil || s2.Name != "Intake log" {
		t.Errorf("sheet chosen by name in another case: %v %v", s2, err)
	}
}

func TestReadXLSXRefusesWhatItCannotReadWhole(t *testing.T) {
	head := `<?xml version="1.0"?><worksheet ` + strictNS + `><sheetData>`
	cases := []struct {
		name, sheet, field, want string
	}{
		{"cut short", head + `<row r="1"><c t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c t="inlineStr"><is><t>An`, "file", `Sheet "Intake log" cannot be read from row 2 on`},
		{"shared string beyond the table", head + `<row r="1"><c t="s"><v>99</v></c></row></sheetData></worksheet>`, "row 1", `Row 1, cell A1 points at text "99" the workbook does not hold`},
		{"rows out of order", head + `<row r="5"><c><v>1</v></c></row><row r="2"><c><v>1</v></c></row></sheetData></worksheet>`, "row 6", `after row 5 comes a row numbered "2"`},
		{"cell of another row", head + `<row r="5"><c r="A6"><v>1</v></c></row></sheetData></worksheet>`, "row 5", `Row 5 holds a cell named "A6"`},
		{"too many columns", head + `<row r="4"><c r="ZZ4"><v>1</v></c></row></sheetData></worksheet>`, "row 4", "Row 4 has a value in column ZZ, beyond the 500 columns an import takes."},
	}
	for _, c := range cases {
		_, err := ReadXLSX(bytes.NewReader(handWorkbook(t, c.sheet)), ReadOptions{})
		if backend.ErrorField(err) != c.field || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v (field %q), want %q on %q", c.name, err, backend.ErrorField(err), c.want, c.field)
		}
	}
	many := head
	for i := 0; i < 40; i++ {
		many += `<row><c><v>1</v></c></row>`
	}
	many += `</sheetData></worksheet>`
	if _, err := ReadXLSX(bytes.NewReader(handWorkbook(t, many)), ReadOptions{MaxRows: 10}); backend.ErrorField(err) != "file" || !strings.Contains(err.Error(), "more than 10 rows") {
		t.Errorf("too many rows: %v", err)
	}
	noSheets := zipParts(t, map[string]string{"xl/workbook.xml": `<workbook/>`, "xl/_rels/workbook.xml.rels": `<Relationships/>`})
	if _, err := ReadXLSX(bytes.NewReader(noSheets), ReadOptions{}); backend.ErrorField(err) != "file" || !strings.Contains(err.Error(), "no worksheet") {
		t.Errorf("no sheets: %v", err)
	}
}

// Text that XML cannot hold as is, or that looks like an escape, comes back exactly
// through our reader and through excelize.
func TestXLSXAwkwardTextRoundTrips(t *testing.T) {
	values := []string{
		"  leading and trailing  ",
		"bell\x07, vertical tab\x0b and form feed\x0c",
		"CR LF\r\nand LF\n",
		"literal _x0041_ and _x005F_ and _X00e9_",
		"tags <b>&amp;</b> & \"quotes\" 'apostrophes'",
		"=1+1",
		"emoji 👩🏽‍⚕️ and \uFFFF",
	}
	tab := Table{Name: "Text", Columns: []Column{{Key: "v", Label: "Value", Type: Text}}}
	var b bytes.Buffer
	enc, err := NewXLSXEncoder(&b, tab, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]Row, len(values))
	for i, v := range values {
		rows[i] = Row{v}
	}
	encodeAll(t, enc, rows)

	s, err := ReadXLSX(bytes.NewReader(b.Bytes()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != len(values) {
		t.Fatalf("%d rows read back", len(s.Rows))
	}
	for i, v := range values {
		if got := s.Rows[i].Cells[0]; got != v {
			t.Errorf("our reader: row %d = %q, want %q", i+2, got, v)
		}
	}

	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Text")
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range values {
		if strings.ContainsAny(v, "\x07\x0b\x0c") || strings.Contains(v, "_x") {
			continue // excelize keeps the escapes as text; Excel and LibreOffice decode them
		}
		if got[i+1][0] != v {
			t.Errorf("excelize: row %d = %q, want %q", i+2, got[i+1][0], v)
		}
	}
}

// What Excel leaves in a practice's workbook: a hidden lookup sheet before the log, a
// formatted but empty cell far to the right, an empty shared-string cell, and a formula
// that failed (#N/A), which the import refuses in a mapped column, naming the cell.
func TestReadXLSXAsExcelLeavesIt(t *testing.T) {
	data := zipParts(t, map[string]string{
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Lists" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
		"xl/worksheets/sheet2.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c t="inlineStr"><is><t>Code</t></is></c></row><row r="2"><c t="inlineStr"><is><t>ACC</t></is></c></row></sheetData></worksheet>`,
		"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Email</t></is></c><c r="C1" t="inlineStr"><is><t>Received</t></is></c><c r="SH1" s="3"/></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>Ana Lima</t></is></c><c r="B2" t="s"/><c r="C2"><v>46083</v></c></row>
<row r="3"><c r="A3" t="e"><f>VLOOKUP(C3,Lists!A:A,1,FALSE)</f><v>#N/A</v></c><c r="B3" t="inlineStr"><is><t>b@example.org</t></is></c><c r="C3"><v>46083</v></c></row>
</sheetData></worksheet>`,
	})
	s, err := ReadXLSX(bytes.NewReader(data), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "Log" || len(s.Rows) != 2 || !reflect.DeepEqual(s.Header, []string{"Name", "Email", "Received"}) {
		t.Fatalf("read sheet %q header %q rows %+v", s.Name, s.Header, s.Rows)
	}
	res := Convert(s, requestFields, AutoMap(s.Header, requestFields), ConvertOptions{})
	if len(res.Problems) != 1 || res.Problems[0].Field != "row 3, column Name" || !strings.Contains(res.Problems[0].Error(), "Excel error #N/A") {
		t.Fatalf("problems %v", res.Problems)
	}
	if len(res.Records) == 0 || res.Records[0].Values["name"] != "Ana Lima" || res.Records[0].Values["email"] != nil {
		t.Errorf("records %+v", res.Records)
	}
	if lists, err := ReadXLSX(bytes.NewReader(data), ReadOptions{Sheet: "Lists"}); err != nil || lists.Name != "Lists" || lists.Rows[0].Cells[0] != "ACC" {
		t.Errorf("a hidden sheet named: %+v %v", lists, err)
	}
}

// Dates Excel can show are date cells to the day at any distance (a BAA that runs to
// 9999-12-31 included); dates it cannot are text, as are whole numbers it would round.
func TestXLSXFarDatesAndLongNumbers(t *testing.T) {
	tab := Table{Name: "Patients' log: 2026 — a long name for a sheet", Columns: []Column{
		{Key: "d", Type: Date}, {Key: "at", Type: DateTime}, {Key: "n", Type: Int}}}
	rows := []Row{
		{backend.NewDate(2200, 1, 1), time.Date(2300, 6, 1, 12, 0, 0, 0, time.UTC), int64(999_999_999_999_999)},
		{backend.NewDate(9999, 12, 31), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), int64(1_000_000_000_000_000)},
		{backend.NewDate(1900, 2, 28), time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC), int64(-3)},
	}
	var b bytes.Buffer
	enc, err := NewXLSXEncoder(&b, tab, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	encodeAll(t, enc, rows)
	cells := map[string]xmlCell{}
	for _, r := range readSheetXML(t, b.Bytes()).Rows {
		for _, c := range r.Cells {
			cells[c.Ref] = c
		}
	}
	want := map[string]xmlCell{
		"A2": {V: "109575"}, "B2": {V: "146250.5"}, "C2": {V: "999999999999999"},
		"A3": {V: "2958465"}, "B3": {V: "2958465.999988426"}, "C3": {T: "s", IS: "1000000000000000"},
		"A4": {T: "s", IS: "1900-02-28"}, "B4": {T: "s", IS: "1899-01-01 00:00:00"}, "C4": {V: "-3"},
	}
	for ref, w := range want {
		got := cells[ref]
		if (w.T == "" && got.V != w.V) || got.IS != w.IS || (w.T != "" && got.T != w.T) {
			t.Errorf("%s = %+v, want %+v", ref, got, w)
		}
	}
	// The sheet name: 31 UTF-16 units, no apostrophe at an end, quoted with the
	// apostrophe doubled in the autofilter's name; [Content_Types].xml comes first.
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first entry %s", zr.File[0].Name)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if name := f.GetSheetList()[0]; name != "Patients' log- 2026 — a long na" {
		t.Errorf("sheet name %q", name)
	}
	rc, _ := zr.Open("xl/workbook.xml")
	wb, _ := io.ReadAll(rc)
	if !strings.Contains(string(wb), `hidden="1">&#39;Patients&#39;&#39; log- 2026 — a long na&#39;!$A$1:$C$4</definedName>`) {
		t.Errorf("workbook.xml: %s", wb)
	}
	if got := sheetName("abcdefghijklmnopqrstuvwxyz abc'd"); got != "abcdefghijklmnopqrstuvwxyz abc" {
		t.Errorf("cut before an apostrophe: %q", got)
	}
	if got := sheetName(strings.Repeat("😀", 20)); got != strings.Repeat("😀", 15) {
		t.Errorf("cut in UTF-16 units: %q", got)
	}
}

// Text is in the shared strings (Apple Numbers shows no inline string), a short value
// once however often it repeats, a long one once per cell.
func TestXLSXSharesShortStrings(t *testing.T) {
	tab := Table{Name: "T", Columns: []Column{{Key: "status", Type: Text}, {Key: "notes", Type: Text}}}
	long := strings.Repeat("a long note ", 10)
	rows := make([]Row, 500)
	for i := range rows {
		rows[i] = Row{"In progress", long}
	}
	var b bytes.Buffer
	enc, err := NewXLSXEncoder(&b, tab, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	encodeAll(t, enc, rows)
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("xl/sharedStrings.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	if n := strings.Count(string(body), "<si>"); n != 2+1+500 { // two headers, the status once, 500 notes
		t.Errorf("%d shared strings, want 503", n)
	}
	s, err := ReadXLSX(bytes.NewReader(b.Bytes()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 500 || s.Rows[499].Cells[0] != "In progress" || s.Rows[499].Cells[1] != long {
		t.Errorf("read back %d rows, last %q", len(s.Rows), s.Rows[len(s.Rows)-1].Cells)
	}
}

// A practice's workbook often opens on a sheet of instructions or a summary: the sheet
// read, when none is named, is the one whose header names the columns the import knows
// (the first one holding data when none does).
func TestReadXLSXFindsTheLogAmongItsSheets(t *testing.T) {
	inline := func(row int, cells ...string) string {
		out := fmt.Sprintf(`<row r="%d">`, row)
		for _, c := range cells {
			out += `<c t="inlineStr"><is><t>` + c + `</t></is></c>`
		}
		return out + "</row>"
	}
	sheet := func(rows ...string) string {
		return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + strings.Join(rows, "") + `</sheetData></worksheet>`
	}
	data := zipParts(t, map[string]string{
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Read me" sheetId="1" r:id="rId1"/><sheet name="2026" sheetId="2" r:id="rId2"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet(inline(1, "How to keep this log"), inline(2, "One row per request; dates as 2026-03-02.")),
		"xl/worksheets/sheet2.xml": sheet(inline(1, "Name", "Email", "Received"), inline(2, "Ana Lima", "a@example.org", "2026-03-02")),
	})
	s, err := ReadXLSX(bytes.NewReader(data), ReadOptions{Known: KnownNames(requestFields)})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "2026" || len(s.Rows) != 1 || s.Rows[0].Cells[0] != "Ana Lima" {
		t.Errorf("read sheet %q: %+v", s.Name, s.Rows)
	}
	if s, err := ReadXLSX(bytes.NewReader(data), ReadOptions{}); err != nil || s.Name != "Read me" {
		t.Errorf("without known names: %v %v", s, err)
	}
}
