package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"privacydesk/backend"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" means refused
	}{
		{"2026-03-02", "2026-03-02"},
		{"2026-3-2", "2026-03-02"},
		{"2026/03/02", "2026-03-02"},
		{"2026-03-02T10:00:00Z", "2026-03-02"},
		{"2026-03-02 00:00:00", "2026-03-02"},
		{"03/02/2026", "2026-03-02"},
		{"3/2/2026", "2026-03-02"},
		{"3/2/26", "2026-03-02"},
		{"3/2/85", "1985-03-02"},
		{"03-02-2026", "2026-03-02"},
		{"3/2/2026 14:30", "2026-03-02"},
		{"02.03.2026", "2026-03-02"},
		{"2.3.26", "2026-03-02"},
		{"20260302", "2026-03-02"},
		{"46083", "2026-03-02"},
		{"46083.75", "2026-03-02"},
		{"1", "1900-01-01"},
		{"59", "1900-02-28"},
		{"61", "1900-03-01"},
		{"March 2, 2026", "2026-03-02"},
		{"march 2 2026", "2026-03-02"},
		{"Mar. 2, 2026", "2026-03-02"},
		{"Sept 30, 2026", "2026-09-30"},
		{"2 March 2026", "2026-03-02"},
		{"2nd March 2026", "2026-03-02"},
		{"2-Mar-26", "2026-03-02"},
		{"Monday, March 2, 2026", "2026-03-02"},
		{"2026 March 2", "2026-03-02"},
		{"  2026-03-02  ", "2026-03-02"},
		{"2024-02-29", "2024-02-29"},
		{"", ""},
		{"2026-02-30", ""},
		{"02/30/2026", ""},
		{"13/02/2026", ""},
		{"31.04.2026", ""},
		{"2026", ""},
		{"60", ""},
		{"March 2026", ""},
		{"Marchh 2, 2026", ""},
		{"Smarch 2, 2026", ""},
		{"2026-03-02-07", ""},
		{"yesterday", ""},
		{"9999999", ""},
		{"=DATE(2026,3,2)", ""},
	}
	for _, c := range cases {
		d, err := ParseDate(c.in)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%q: accepted as %s", c.in, d)
		case c.want != "" && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case c.want != "" && d.String() != c.want:
			t.Errorf("%q: %s, want %s", c.in, d, c.want)
		}
	}
	if _, err := ParseDate("13/02/2026"); err == nil || !strings.Contains(err.Error(), "DD.MM.YYYY") {
		t.Errorf("day-first with slashes should explain: %v", err)
	}
	if d, err := parseDate("0", true, false); err != nil || d.String() != "1904-01-01" {
		t.Errorf("1904 serial 0: %v %v", d, err)
	}
}

// A date past the month's end names the month's real length (February 2026 has 28
// days, 2024 had 29), not a neighbour's.
func TestParseDateNamesTheMonthsLength(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"02/30/2026", "(February 2026 has 28 days)"},
		{"2024-02-30", "(February 2024 has 29 days)"},
		{"31.04.2026", "(April 2026 has 30 days)"},
		{"2026-06-31", "(June 2026 has 30 days)"},
	} {
		if _, err := ParseDate(c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want it to say %s", c.in, err, c.want)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	cases := []struct {
		in   string
		want string
	}{
		{"2026-03-02T15:04:05Z", "2026-03-02T15:04:05Z"},
		{"2026-03-02T09:04:05-06:00", "2026-03-02T15:04:05Z"},
		{"2026-03-02 09:04", "2026-03-02T15:04:00Z"},
		{"2026-03-02 09:04:05.5", "2026-03-02T15:04:05.5Z"},
		{"3/2/2026 9:04 AM", "2026-03-02T15:04:00Z"},
		{"3/2/2026 12:30 pm", "2026-03-02T18:30:00Z"},
		{"2026-03-02", "2026-03-02T06:00:00Z"},
		{"46083.5", "2026-03-02T18:00:00Z"},
		// A time of day is read or the cell refused: never dropped for midnight.
		{"2026-03-02 9:04 PM", "2026-03-03T03:04:00Z"},
		{"2026-03-02 09:04:05 am", "2026-03-02T15:04:05Z"},
		{"2026/03/02 09:04", "2026-03-02T15:04:00Z"},
		{"02.03.2026 09:04", "2026-03-02T15:04:00Z"},
		{"2026-03-02 09:04 +0100", ""},
		{"02.03.2026 9.04", ""},
		{"2026-03-02 25:00", ""},
		{"3/2/2026 13:00 PM", ""},
		{"soon", ""},
	}
	for _, c := range cases {
		got, err := ParseDateTime(c.in, chicago)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%q accepted as %v", c.in, got)
		case c.want != "" && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case c.want != "" && got.Format(time.RFC3339Nano) != c.want:
			t.Errorf("%q: %s, want %s", c.in, got.Format(time.RFC3339Nano), c.want)
		}
	}
}

var requestFields = []Field{
	{Key: "reference", Label: "Reference", Type: Text},
	{Key: "name", Label: "Name", Type: Text, Required: true, Aliases: []string{"Full name", "Patient"}, MaxLen: 200},
	{Key: "email", Label: "Email", Type: Text, Aliases: []string{"E-mail", "Email address"}},
	{Key: "received", Label: "Received", Type: Date, Required: true, Aliases: []string{"Date received"}},
	{Key: "created_at", Label: "Created (UTC)", Type: DateTime},
	{Key: "days", Label: "Days", Type: Int},
	{Key: "minor", Label: "Minor", Type: Bool},
	{Key: "score", Label: "Score", Type: Float},
	{Key: "rights", Label: "Rights", Type: List},
	{Key: "notes", Label: "Notes", Type: Text},
}

func readCSVString(t *testing.T, s string) (*Sheet, error) {
	t.Helper()
	return ReadCSV(strings.NewReader(s), ReadOptions{Known: KnownNames(requestFields)})
}

func TestCSVRoundTrip(t *testing.T) {
	rows := sampleRows()[:3] // with dates (received is required)
	var b bytes.Buffer
	encodeAll(t, NewCSVEncoder(&b, sampleTable, CSVOptions{BOM: true}), rows)
	s, err := ReadCSV(&b, ReadOptions{Known: KnownNames(requestFields)})
	if err != nil {
		t.Fatal(err)
	}
	if s.Encoding != EncodingUTF8BOM || s.HeaderRow != 1 || s.Header[0] != "Reference" {
		t.Fatalf("sheet %+v", s)
	}
	m := AutoMap(s.Header, requestFields)
	if _, ok := m["email"]; ok || len(m) != 9 {
		t.Errorf("mapping %v", m)
	}
	res := Convert(s, requestFields, m, ConvertOptions{})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	for i, rec := range res.Records {
		for j, col := range sampleTable.Columns {
			want := rows[i][j]
			got := rec.Values[col.Key]
			switch w := want.(type) {
			case int:
				want = int64(w)
			case time.Time:
				got = got.(time.Time).UTC()
			}
			if want == nil {
				if got != nil {
					t.Errorf("row %d %s: %v, want empty", i, col.Key, got)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("row %d %s: %#v, want %#v", i, col.Key, got, want)
			}
		}
		if rec.Row != i+2 {
			t.Errorf("record %d row %d", i, rec.Row)
		}
	}
}

func TestReadCSVEncodings(t *testing.T) {
	utf16le := func(s string) string {
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return string(b)
	}
	cases := []struct {
		name, in, enc, wantName, wantErr string
	}{
		{"utf-8", "Name,Received\nZoë,2026-03-02\n", EncodingUTF8, "Zoë", ""},
		{"bom", "\uFEFFName,Received\nZoë,2026-03-02\n", EncodingUTF8BOM, "Zoë", ""},
		{"windows-1252", "Name,Received\nZo\xeb M\xfcller \x96 \x80,2026-03-02\n", EncodingWindows1252, "Zoë Müller – €", ""},
		{"utf-16 tab", utf16le("Name\tReceived\r\nZoë\t2026-03-02\r\n"), EncodingUTF16LE, "Zoë", ""},
		{"undefined 1252 bytes", "Name,Received\nZo\x81\x8d,2026-03-02\n", "", "", "neither UTF-8 nor Windows-1252"},
		{"bom but not utf-8", "\uFEFFName\nZo\xeb\n", "", "", "says it is UTF-8"},
		{"binary", "Name\x00\x01\x02", "", "", "not a text file"},
		{"xlsx", "PK\x03\x04rest", "", "", "import it as XLSX"},
		{"xls", "\xD0\xCF\x11\xE0rest", "", "", ".xls"},
	}
	for _, c := range cases {
		s, err := readCSVString(t, c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) || backend.ErrorField(err) != "file" {
				t.Errorf("%s: err %v, want %q", c.name, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if s.Encoding != c.enc || s.Rows[0].Cells[0] != c.wantName {
			t.Errorf("%s: read %q as %s", c.name, s.Rows[0].Cells[0], s.Encoding)
		}
	}
}

func TestReadCSVShapes(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		delim     string
		headerRow int
		rows      []int // row numbers of the data rows
		wantField string
		wantErr   string
	}{
		{name: "semicolons", in: "Name;Received\n\"Doe; Jane\";02.03.2026\n", delim: ";", headerRow: 1, rows: []int{2}},
		// European Excel does not quote a cell holding commas: the separator is the one
		// every line has as often, not the one there are most of.
		{name: "semicolons with commas in the text", in: "Name;Received;Notes\nAna;02.03.2026;called, left a message, called again, wrote, sent the form, waiting\nBen;03.03.2026;ok, sent, done, closed\n", delim: ";", headerRow: 1, rows: []int{2, 3}},
		{name: "commas with semicolons in the text", in: "Name,Received,Notes\nAna,2026-03-02,called; left a message; wrote; waiting\nBen,2026-03-03,ok\n", delim: ",", headerRow: 1, rows: []int{2, 3}},
		{name: "title rows skipped", in: "Request log 2025\nExported by Pat\n\nName,Email,Received\nAna,a@x.org,2026-01-01\n", delim: ",", headerRow: 4, rows: []int{5}},
		{name: "blank rows keep numbering", in: "Name,Received\n\nAna,2026-01-01\n,\nBen,2026-01-02\n", delim: ",", headerRow: 1, rows: []int{3, 5}},
		{name: "multi-line cell keeps numbering", in: "Name,Notes\n\"Ana\",\"line 1\nline 2\nline 3\"\nBen,x\n", delim: ",", headerRow: 1, rows: []int{2, 3}},
		{name: "CRLF", in: "Name,Received\r\nAna,2026-01-01\r\n", delim: ",", headerRow: 1, rows: []int{2}},
		{name: "trailing empty cells are fine", in: "Name,Received,,\nAna,2026-01-01,,\n", delim: ",", headerRow: 1, rows: []int{2}},
		{name: "row too long", in: "Name,Received\nAna,2026-01-01\nBen,Smith,2026-01-02\n", wantField: "row 3", wantErr: "has 3 cells but the header (row 1) has 2"},
		{name: "row too short", in: "Name,Email,Received\nAna,a@x.org,2026-01-01\nBen 2026-01-02\n", wantField: "row 3", wantErr: "a separator is missing"},
		{name: "bare quote", in: "Name,Received\nAna,2026-01-01\nBen \"Benji\" Smith,2026-01-02\n", wantField: "row 3", wantErr: "out of place"},
		{name: "unclosed quote", in: "Name,Received\nAna,2026-01-01\n\"Ben,2026-01-02\nCy,2026-01-03\nDi,2026-01-04\n", wantField: "row 3", wantErr: "never closed"},
		{name: "quote error after a multi-line cell", in: "Name,Notes\nAna,\"a\nb\"\nBen,x\"y\n", wantField: "row 3", wantErr: "out of place"},
		{name: "empty", in: "", wantField: "file", wantErr: "empty"},
		{name: "whitespace only", in: " \r\n\t\n", wantField: "file", wantErr: "empty"},
		{name: "header only", in: "Name,Received\n", wantField: "file", wantErr: "no rows of data"},
		{name: "separators only", in: ",,,\n,,\n", wantField: "file", wantErr: "empty"},
	}
	for _, c := range cases {
		s, err := readCSVString(t, c.in)
		if c.wantErr != "" {
			if err == nil || backend.ErrorField(err) != c.wantField || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: err %v, want %s: %q", c.name, err, c.wantField, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var rows []int
		for _, r := range s.Rows {
			rows = append(rows, r.Row)
		}
		if s.Delimiter != c.delim || s.HeaderRow != c.headerRow || !reflect.DeepEqual(rows, c.rows) {
			t.Errorf("%s: delimiter %q header row %d rows %v", c.name, s.Delimiter, s.HeaderRow, rows)
		}
	}
}

func TestReadLimits(t *testing.T) {
	big := "Name,Received\n" + strings.Repeat("Ana,2026-01-01\n", 1000)
	if _, err := ReadCSV(strings.NewReader(big), ReadOptions{MaxBytes: 1000}); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("size limit: %v", err)
	}
	if _, err := ReadCSV(strings.NewReader(big), ReadOptions{MaxRows: 500}); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("row limit: %v", err)
	}
	if _, err := ReadCSV(strings.NewReader(big), ReadOptions{MaxRows: 1000}); err != nil {
		t.Errorf("exactly at the row limit: %v", err)
	}
	wide := strings.Repeat("a,", 20) + "a\n" + strings.Repeat("1,", 20) + "1\n"
	if _, err := ReadCSV(strings.NewReader(wide), ReadOptions{MaxColumns: 10}); err == nil || backend.ErrorField(err) != "row 1" {
		t.Errorf("column limit: %v", err)
	}
}

func TestConvertProblemsNameRowAndColumn(t *testing.T) {
	in := "Full name,E-mail,Date received,Days,Minor,Score\n" +
		"Ana,a@x.org,2026-03-02,3,yes,1.5\n" + // row 2 fine
		",b@x.org,2026-03-02,3,no,1\n" + // row 3: name required
		"Cy,c@x.org,2026-02-30,3,no,1\n" + // row 4: date does not exist
		"Di,d@x.org,03/04/2026,three,maybe,NaN\n" + // row 5: three problems
		"Ana,a@x.org,2026-03-02,3,yes,1.5\n" + // row 6 repeats row 2
		"'=Eve,e@x.org,March 4 2026,\"1,200\",X,\"2,000.5\"\n" // row 7 fine (neutralised name restored)
	s, err := readCSVString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	m := AutoMap(s.Header, requestFields)
	want := Mapping{"name": 0, "email": 1, "received": 2, "days": 3, "minor": 4, "score": 5}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("AutoMap %v, want %v", m, want)
	}
	res := Convert(s, requestFields, m, ConvertOptions{})
	var fields []string
	for _, p := range res.Problems {
		fields = append(fields, p.Field)
	}
	wantFields := []string{"row 3, column Full name", "row 4, column Date received", "row 5, column Days", "row 5, column Minor", "row 5, column Score", "row 6"}
	if !reflect.DeepEqual(fields, wantFields) {
		t.Errorf("problems at %q\nwant %q", fields, wantFields)
	}
	if len(res.Records) != 2 || res.Records[1].Values["name"] != "=Eve" || res.Records[1].Values["days"] != int64(1200) || res.Records[1].Values["score"] != 2000.5 {
		t.Errorf("records %+v", res.Records)
	}
	err = res.Err()
	if backend.ErrorField(err) != "row 3, column Full name" || !strings.Contains(err.Error(), "and 5 more problems") {
		t.Errorf("Err() = %v", err)
	}
	if backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("code %s", backend.ErrorCode(err))
	}
}

// The caller's Check sees every row, also one with a cell that did not convert (told
// which by Failed), and a row's problems are listed together, left to right, rows in
// order.
func TestConvertCheckListsEveryProblemByRowThenColumn(t *testing.T) {
	in := "Full name,E-mail,Date received,Days\n" +
		"Ana,a@x.org,2026-03-02,3\n" + // row 2 fine
		"Ben,b@x.org,2026-03-02,three\n" + // row 3: days bad, and Check flags the name
		"Cy,bad,2026-02-30,3\n" + // row 4: date bad, and Check flags the email
		"Ana,a@x.org,2026-03-02,3\n" // row 5 repeats row 2: Check not called
	s, err := readCSVString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	m := AutoMap(s.Header, requestFields)
	var failed []string
	var checked []int
	check := func(rec Record) []Problem {
		checked = append(checked, rec.Row)
		for k := range rec.Failed {
			failed = append(failed, fmt.Sprintf("%d:%s", rec.Row, k))
		}
		var ps []Problem
		if rec.Values["email"] == "bad" {
			ps = append(ps, Problem{Col: m["email"], Err: CellError(rec.Row, "E-mail", "not an email")})
		}
		if rec.Values["name"] == "Ben" {
			ps = append(ps, Problem{Col: m["name"], Err: CellError(rec.Row, "Full name", "not allowed")})
		}
		return ps
	}
	res := Convert(s, requestFields, m, ConvertOptions{Check: check})
	var fields []string
	for _, p := range res.Problems {
		fields = append(fields, p.Field)
	}
	want := []string{"row 3, column Full name", "row 3, column Days", "row 4, column E-mail", "row 4, column Date received", "row 5"}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("problems at %q\nwant %q", fields, want)
	}
	if !reflect.DeepEqual(checked, []int{2, 3, 4}) || !reflect.DeepEqual(failed, []string{"3:days", "4:received"}) {
		t.Errorf("checked rows %v, failed cells %v", checked, failed)
	}
	if len(res.Records) != 1 || res.Records[0].Row != 2 {
		t.Errorf("records %+v", res.Records)
	}
}

func TestMappingCheck(t *testing.T) {
	s := &Sheet{Header: []string{"Name", "Received", ""}}
	cases := []struct {
		m    Mapping
		want string
	}{
		{Mapping{"name": 0, "received": 1}, ""},
		{Mapping{"name": 0}, "Received"},
		{Mapping{"name": 0, "received": 0}, "feeds both"},
		{Mapping{"name": 0, "received": 7}, "does not have"},
		{Mapping{"name": 0, "received": 1, "shoe_size": 2}, "not a field"},
	}
	for _, c := range cases {
		err := c.m.Check(s, requestFields)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%v: %v, want %q", c.m, err, c.want)
		}
	}
	if got := s.ColumnName(2); got != "C" {
		t.Errorf("unnamed column is %q", got)
	}
}

// writeWorkbook builds an .xlsx the way a practice's own spreadsheet would look:
// a title row, a header, real date cells, numbers and text.
func writeWorkbook(t *testing.T, date1904 bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		v := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &v}); err != nil {
			t.Fatal(err)
		}
	}
	f.SetSheetName("Sheet1", "Log")
	f.SetCellValue("Log", "A1", "Privacy requests 2026")
	for i, h := range []string{"Patient", "Email address", "Date received", "Days", "Minor", "Notes"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		f.SetCellValue("Log", cell, h)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: the display must not matter
	f.SetCellValue("Log", "A4", "Zoë O'Brien-Núñez")
	f.SetCellValue("Log", "B4", "zoe@example.org")
	f.SetCellValue("Log", "C4", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	f.SetCellStyle("Log", "C4", "C4", style)
	f.SetCellValue("Log", "D4", 12)
	f.SetCellValue("Log", "E4", true)
	f.SetCellValue("Log", "A6", "王小明")
	f.SetCellValue("Log", "C6", "March 3, 2026")
	f.SetCellValue("Log", "F6", "=not a formula, just text")
	f.SetCellValue("Log", "H6", "stray note")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadXLSX(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		data := writeWorkbook(t, date1904)
		s, err := ReadXLSX(bytes.NewReader(data), ReadOptions{Known: KnownNames(requestFields)})
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != "Log" || s.HeaderRow != 3 || s.Date1904 != date1904 || len(s.Rows) != 2 || s.Rows[1].Row != 6 {
			t.Fatalf("sheet %+v", s)
		}
		if s.ColumnName(7) != "H" {
			t.Errorf("column beyond the header named %q", s.ColumnName(7))
		}
		m := AutoMap(s.Header, requestFields)
		res := Convert(s, requestFields, m, ConvertOptions{})
		if err := res.Err(); err != nil {
			t.Fatal(err)
		}
		r := res.Records
		if r[0].Values["received"] != backend.NewDate(2026, 3, 2) || r[1].Values["received"] != backend.NewDate(2026, 3, 3) {
			t.Errorf("1904=%v dates %v %v", date1904, r[0].Values["received"], r[1].Values["received"])
		}
		if r[0].Values["name"] != "Zoë O'Brien-Núñez" || r[0].Values["days"] != int64(12) || r[0].Values["minor"] != true || r[1].Values["notes"] != "=not a formula, just text" {
			t.Errorf("values %v %v", r[0].Values, r[1].Values)
		}
	}
}

func TestXLSXRoundTrip(t *testing.T) {
	rows := sampleRows()[:3]
	var b bytes.Buffer
	enc, err := NewXLSXEncoder(&b, sampleTable, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	encodeAll(t, enc, rows)
	s, err := ReadXLSX(&b, ReadOptions{Known: KnownNames(requestFields)})
	if err != nil {
		t.Fatal(err)
	}
	res := Convert(s, requestFields, AutoMap(s.Header, requestFields), ConvertOptions{})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	got := res.Records[0].Values
	if got["received"] != backend.NewDate(2026, 3, 2) || got["name"] != "Zoë O'Brien-Núñez" || !reflect.DeepEqual(got["rights"], []string{"access", "deletion"}) || got["minor"] != false {
		t.Errorf("values %v", got)
	}
	if at := got["created_at"].(time.Time); !at.Equal(time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)) {
		t.Errorf("created_at %v", at)
	}
	if res.Records[1].Values["notes"] != `=HYPERLINK("http://evil","click")` {
		t.Errorf("notes %q", res.Records[1].Values["notes"])
	}
}

func TestReadXLSXRefusals(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"csv as xlsx", "Name,Received\n", "not an Excel workbook"},
		{"xls", "\xD0\xCF\x11\xE0\xA1\xB1", ".xls"},
		{"broken zip", "PK\x03\x04garbage", "cannot be read"},
		{"empty", "", "empty"},
	}
	for _, c := range cases {
		_, err := ReadXLSX(strings.NewReader(c.in), ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	data := writeWorkbook(t, false)
	if _, err := ReadXLSX(bytes.NewReader(data), ReadOptions{Sheet: "Nope"}); backend.ErrorField(err) != "sheet" {
		t.Errorf("missing sheet: %v", err)
	}
	half := data[:len(data)/2]
	if _, err := ReadXLSX(bytes.NewReader(half), ReadOptions{}); err == nil {
		t.Error("a workbook cut in half was read")
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"Name,Received\nAna,2026-01-01\n", "a;b\n\"x;y\";2\n", "\"unclosed\n", "a,b\n1\n", "\xff\xfeN\x00", "Zo\xeb,1\n2,3"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadCSV(bytes.NewReader(b), ReadOptions{Known: KnownNames(requestFields), MaxRows: 1000})
		if err != nil {
			var be *backend.Error
			if !errors.As(err, &be) || be.Code != backend.EINVALID || be.Field == "" {
				t.Fatalf("error is not a field validation error: %#v", err)
			}
			return
		}
		for _, r := range s.Rows {
			if len(r.Cells) != len(s.Header) || r.Row <= s.HeaderRow {
				t.Fatalf("row %d has %d cells for %d columns (header row %d)", r.Row, len(r.Cells), len(s.Header), s.HeaderRow)
			}
		}
		res := Convert(s, requestFields, AutoMap(s.Header, requestFields), ConvertOptions{})
		for _, p := range res.Problems {
			if p.Field == "" {
				t.Fatalf("problem without a place: %v", p)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-02", "3/2/26", "02.03.2026", "March 2, 2026", "46083", "2nd March 2026"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && d.IsZero() {
			t.Fatalf("%q: no error and no date", s)
		}
		if err == nil {
			if back, err := ParseDate(d.String()); err != nil || !back.Equal(d) {
				t.Fatalf("%q -> %s does not read back", s, d)
			}
		}
	})
}

func TestCopyIntoFileCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	rows := make([]Row, 3000)
	for i := range rows {
		rows[i] = Row{"PR", "n", nil, nil, i, nil, nil, nil, nil}
	}
	err := WriteFile(ctx, dir+"/requests.xlsx", 0o600, func(w io.Writer) error {
		enc, err := NewXLSXEncoder(w, sampleTable, XLSXOptions{})
		if err != nil {
			return err
		}
		_, err = Copy(ctx, enc, Slice(rows), 3000, func(done, _ int64) {
			if done == 1000 {
				cancel()
			}
		})
		return err
	})
	if !errors.Is(err, ErrCanceled) {
		t.Fatalf("err %v", err)
	}
	assertEmpty(t, dir)
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		t.Errorf("left behind: %s", e.Name())
	}
}

// A small workbook that unpacks to far more than a request log needs is refused on the
// file field before anything is parsed (once, 960 KB took 3 GB and 38 s).
func TestXLSXThatUnpacksTooLargeIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	// 8 MB of one repeated cell compresses to a few kilobytes.
	row := []byte(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`)
	for n := 0; n < 8<<20; n += len(row) {
		w.Write(row)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 200<<10 {
		t.Fatalf("the test workbook is %d bytes, not small", buf.Len())
	}
	_, err = ReadXLSX(bytes.NewReader(buf.Bytes()), ReadOptions{MaxUnpacked: 4 << 20})
	if backend.ErrorField(err) != "file" || !strings.Contains(err.Error(), "unpacks to more than 4 MB") {
		t.Fatalf("err = %v, want a refusal on file naming the limit", err)
	}
}

// TestConvertReadsSlashDatesInTheColumnsOrder: 03/04/2026 is 4 March in the US and 3
// April in the UK. A column is read month first unless one of its dates can only be
// read day first (13/03/2026) and none only month first; the preview says which order
// was used for each column holding an ambiguous date, and why.
func TestConvertReadsSlashDatesInTheColumnsOrder(t *testing.T) {
	fields := []Field{{Key: "name", Type: Text}, {Key: "received", Label: "Received", Type: Date}, {Key: "created_at", Label: "Created", Type: DateTime}}
	cases := []struct {
		name, csv string
		want      []string // received dates, then created instants (UTC)
		note      string   // in the note of the Received column; "" for none
	}{
		{"US", "Name,Received\nAna,03/04/2026\nBo,03/13/2026\n", []string{"2026-03-04", "2026-03-13"}, "month first (MM/DD/YYYY), because row 3, column Received (03/13/2026)"},
		{"UK", "Name,Received,Created\nAna,03/04/2026,03/04/2026 09:30\nBo,13/03/2026,13/03/2026 10:00\n",
			[]string{"2026-04-03", "2026-03-13", "2026-04-03T09:30:00Z", "2026-03-13T10:00:00Z"}, "day first (DD/MM/YYYY), because row 3, column Received (13/03/2026)"},
		{"nothing tells", "Name,Received\nAna,03/04/2026\n", []string{"2026-03-04"}, "month first (MM/DD/YYYY), as in the US: 03/04/2026 is 4 March 2026"},
		{"no ambiguity", "Name,Received\nAna,2026-03-04\nBo,03/03/2026\n", []string{"2026-03-04", "2026-03-03"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := ReadCSV(strings.NewReader(c.csv), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res := Convert(s, fields, AutoMap(s.Header, fields), ConvertOptions{})
			if err := res.Err(); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.Records {
				got = append(got, r.Values["received"].(backend.Date).String())
			}
			for _, r := range res.Records {
				if at, ok := r.Values["created_at"].(time.Time); ok {
					got = append(got, at.Format(time.RFC3339))
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("read %v, want %v", got, c.want)
			}
			notes := strings.Join(res.Notes, "\n")
			if c.note == "" && notes != "" || c.note != "" && !strings.Contains(notes, "Column Received: dates with slashes are read "+c.note) {
				t.Errorf("notes %q, want one with %q", notes, c.note)
			}
		})
	}
	// One file is written one way: a date of birth that can only be day first decides
	// the order of the received dates too.
	fields2 := append(fields, Field{Key: "dob", Label: "DOB", Type: Date})
	s, _ := ReadCSV(strings.NewReader("Name,Received,DOB\nAna,03/04/2026,25/12/1980\n"), ReadOptions{})
	res := Convert(s, fields2, AutoMap(s.Header, fields2), ConvertOptions{})
	if len(res.Records) != 1 || res.Records[0].Values["received"].(backend.Date).String() != "2026-04-03" ||
		len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "Column Received: dates with slashes are read day first (DD/MM/YYYY), because row 2, column DOB (25/12/1980)") {
		t.Errorf("day first by another column: %+v %v %q", res.Records, res.Problems, res.Notes)
	}
	// A column mixing both orders is not guessed at: the day-first date is refused.
	s, _ = ReadCSV(strings.NewReader("Name,Received\nAna,03/13/2026\nBo,13/03/2026\n"), ReadOptions{})
	if res := Convert(s, fields, AutoMap(s.Header, fields), ConvertOptions{}); len(res.Problems) != 1 || res.Problems[0].Field != "row 3, column Received" {
		t.Errorf("mixed orders: %v", res.Problems)
	}
}

// TestConvertDateOfAnInstantIsThePracticesDay: a date column holding times with a zone
// (their own, or the one the header names, as a web form's "Submitted (UTC)") gives the
// day it was where the practice is: 05:00 UTC on 2 March is still 1 March in
// California. A time without a zone is the day it shows.
func TestConvertDateOfAnInstantIsThePracticesDay(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	fields := []Field{{Key: "received", Label: "Received", Type: Date}}
	for _, c := range []struct{ header, cell, want string }{
		{"Submitted (UTC)", "2026-03-02 05:00:00", "2026-03-01"},
		{"Submitted (UTC)", "03/02/2026 05:00", "2026-03-01"},
		{"Submitted (UTC)", "2026-03-02 18:00:00", "2026-03-02"},
		{"Received", "2026-03-02T05:00:00Z", "2026-03-01"},
		{"Received", "2026-03-02T05:00:00+01:00", "2026-03-01"},
		{"Received", "2026-03-02 05:00", "2026-03-02"},
		{"Received", "2026-03-02", "2026-03-02"},
		{"Submitted (UTC)", "2026-03-02", "2026-03-02"},
	} {
		s, err := ReadCSV(strings.NewReader(c.header+"\n"+c.cell+"\n"), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res := Convert(s, fields, Mapping{"received": 0}, ConvertOptions{Location: la})
		if len(res.Records) != 1 {
			t.Errorf("%s %q: %v", c.header, c.cell, res.Problems)
			continue
		}
		if got := res.Records[0].Values["received"].(backend.Date).String(); got != c.want {
			t.Errorf("%s %q: %s, want %s", c.header, c.cell, got, c.want)
		}
	}
}
