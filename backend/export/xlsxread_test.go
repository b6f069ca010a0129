package export

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"

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
		{Row: 4, Cells: []string{"山田", "2026", "#N/A"}},
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
		{"cut short", head + `<row r="1"><c t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c t="inlineStr"><is><t>An`, "file", "cannot be read"},
		{"shared string beyond the table", head + `<row r="1"><c t="s"><v>99</v></c></row></sheetData></worksheet>`, "file", `shared string "99" in row 1`},
		{"rows out of order", head + `<row r="5"><c><v>1</v></c></row><row r="2"><c><v>1</v></c></row></sheetData></worksheet>`, "file", `row number "2"`},
		{"cell of another row", head + `<row r="5"><c r="A6"><v>1</v></c></row></sheetData></worksheet>`, "file", `cell reference "A6" in row 5`},
		{"too many columns", head + `<row r="4"><c r="ZZ4"><v>1</v></c></row></sheetData></worksheet>`, "row 4", "Row 4 has 702 cells; an import takes at most 500 columns."},
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
