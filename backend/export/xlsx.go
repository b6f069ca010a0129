package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"privacydesk/backend"
)

// Excel's limits (Excel specifications and limits).
const (
	xlsxMaxRows      = 1_048_576
	xlsxMaxCellChars = 32_767 // UTF-16 units
	widthSampleRows  = 200    // rows looked at to size columns
)

// XLSXOptions tune the workbook.
type XLSXOptions struct {
	// Location is the time zone DateTime cells are shown in (Excel cells have no zone);
	// UTC when nil. The header of a DateTime column names it (see ZoneHeader).
	Location *time.Location
}

// XLSXEncoder writes one worksheet as SpreadsheetML (ECMA-376), streamed: each row goes
// through the ZIP writer as it comes, so a sheet of 300,000 rows never sits in memory.
// The header row is bold and frozen, an autofilter covers the data, dates are date cells
// (yyyy-mm-dd) that sort and filter as dates, text is text (never a formula), and column
// widths come from the header and the first rows.
//
// Text goes to the shared-strings table, not inline in the sheet: Apple Numbers and the
// iPhone's preview show inline strings as empty cells. The table is compressed as it is
// written and kept in memory until Close, so a large export holds about a tenth of its
// text, not every cell; short values (a status, a regime, a staff name) are stored once.
//
// A workbook of one flat table needs six small XML parts and the sheet; writing them
// here costs a fraction of a general spreadsheet library, whose package initialisation
// alone took a third of the command-line tool's start (README, "Why each dependency").
// The tests read every workbook back with excelize and with encoding/xml.
//
// A text longer than Excel's 32,767-character cell limit is cut, and the cut is said in
// the cell; Truncated counts them (CSV and JSON keep every character).
type XLSXEncoder struct {
	w         io.Writer
	t         Table
	loc       *time.Location
	sheet     string
	zw        *zip.Writer
	bw        *bufio.Writer
	cols      []string // column letters
	pending   []Row    // rows held back until the column widths are known
	started   bool
	rows      int // data rows written
	truncated int
	buf       []byte
	sst       sharedStrings
	err       error // a failure of the shared strings, returned by the row that met it
}

// sharedStrings is the shared-strings part as it is written: deflated into z, with the
// CRC and size the ZIP entry needs, and an index of the short strings already in it.
type sharedStrings struct {
	z     bytes.Buffer
	fw    *flate.Writer
	crc   hash.Hash32
	size  uint64
	n     int
	short map[string]int
	buf   []byte
}

// Short strings are looked up before a new entry is made; the bounds keep the index
// small on an export of 300,000 requests whose names and notes are all different.
const (
	sstShortLen  = 48
	sstShortKeep = 50_000
)

func (t *sharedStrings) write(b []byte) error {
	if t.fw == nil {
		fw, err := flate.NewWriter(&t.z, flate.BestSpeed)
		if err != nil {
			return err
		}
		t.fw, t.crc, t.short = fw, crc32.NewIEEE(), map[string]int{}
	}
	t.crc.Write(b)
	t.size += uint64(len(b))
	_, err := t.fw.Write(b)
	return err
}

// index returns s's entry, adding it when it is new.
func (t *sharedStrings) index(s string) (int, error) {
	if i, ok := t.short[s]; ok {
		return i, nil
	}
	if t.n == 0 {
		if err := t.write([]byte(xml.Header + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)); err != nil {
			return 0, err
		}
	}
	b := append(t.buf[:0], "<si><t"...)
	if s != strings.TrimSpace(s) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = appendXMLText(b, s)
	b = append(b, "</t></si>"...)
	t.buf = b
	if err := t.write(b); err != nil {
		return 0, err
	}
	i := t.n
	t.n++
	if len(s) <= sstShortLen && len(t.short) < sstShortKeep {
		t.short[s] = i
	}
	return i, nil
}

// writeTo adds the finished part to zw.
func (t *sharedStrings) writeTo(zw *zip.Writer) error {
	if t.n == 0 {
		if err := t.write([]byte(xml.Header + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)); err != nil {
			return err
		}
	}
	if err := t.write([]byte("</sst>")); err != nil {
		return err
	}
	if err := t.fw.Close(); err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Deflate,
		CRC32: t.crc.Sum32(), CompressedSize64: uint64(t.z.Len()), UncompressedSize64: t.size})
	if err != nil {
		return err
	}
	_, err = t.z.WriteTo(w)
	return err
}

// Style indexes in styles.xml's cellXfs (see xlsxStyles).
const (
	xfDefault = iota
	xfHeader
	xfDate
	xfDateTime
	xfInt
	xfWrap
)

// NewXLSXEncoder returns an encoder that writes t as an .xlsx workbook to w; the
// workbook is complete when Close returns.
func NewXLSXEncoder(w io.Writer, t Table, opt XLSXOptions) (*XLSXEncoder, error) {
	e := &XLSXEncoder{w: w, t: t, loc: opt.Location, sheet: sheetName(t.Name)}
	if e.loc == nil {
		e.loc = time.UTC
	}
	for i := range t.Columns {
		e.cols = append(e.cols, columnLetters(i+1))
	}
	return e, nil
}

// columnLetters names column n (1-based) as a spreadsheet does: 1 A, 27 AA.
func columnLetters(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// sheetName makes a valid worksheet name: at most 31 characters, none of : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	units, cut := 0, len(s)
	for i, r := range s { // Excel counts the 31 in UTF-16 units
		if units += utf16.RuneLen(r); units > 31 {
			cut = i
			break
		}
	}
	s = strings.TrimRight(s[:cut], "'") // nor may it end with an apostrophe
	if s == "" {
		return "Sheet1"
	}
	return s
}

// Encode adds one row.
func (e *XLSXEncoder) Encode(r Row) error {
	if err := e.t.check(r); err != nil {
		return err
	}
	if e.rows+len(e.pending)+1 >= xlsxMaxRows {
		return backend.Errorf(backend.EINVALID, "An Excel sheet holds at most %d rows; export %s as CSV or JSON instead.", xlsxMaxRows-1, e.t.Name)
	}
	if !e.started {
		e.pending = append(e.pending, r)
		if len(e.pending) < widthSampleRows {
			return nil
		}
		return e.start()
	}
	return e.writeRow(r)
}

// Truncated is the number of cells cut to Excel's cell limit.
func (e *XLSXEncoder) Truncated() int { return e.truncated }

// start opens the worksheet: the frozen header, the column widths sized from the
// held-back rows, the header row, then those rows.
func (e *XLSXEncoder) start() error {
	e.started = true
	e.zw = zip.NewWriter(e.w)
	// The fastest deflate level: a sheet of repeated tags compresses well at any level,
	// and the export's time is mostly compression at the default one.
	e.zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, p := range xlsxFixedParts {
		w, err := e.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			return err
		}
	}
	part, err := e.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	e.bw = bufio.NewWriterSize(part, 64<<10)
	b := append(e.buf[:0], xml.Header...)
	b = append(b, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	if len(e.t.Columns) > 0 {
		b = append(b, "<cols>"...)
		for i, c := range e.t.Columns {
			w := c.Width
			if w == 0 {
				w = e.autoWidth(i)
			}
			b = append(b, `<col min="`...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, `" max="`...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, `" width="`...)
			b = strconv.AppendFloat(b, w, 'f', -1, 64)
			b = append(b, `" customWidth="1"/>`...)
		}
		b = append(b, "</cols>"...)
	}
	b = append(b, `<sheetData><row r="1">`...)
	for i, c := range e.t.Columns {
		h := c.Header()
		if c.Type == DateTime {
			h = ZoneHeader(h, e.loc) // the cells hold e.loc's wall clock
		}
		b = e.appendText(b, i, 1, xfHeader, h)
	}
	b = append(b, "</row>"...)
	e.buf = b
	if e.err != nil {
		return e.err
	}
	if _, err := e.bw.Write(b); err != nil {
		return err
	}
	for _, r := range e.pending {
		if err := e.writeRow(r); err != nil {
			return err
		}
	}
	e.pending = nil
	return nil
}

// autoWidth is a width in characters that fits the header and most sampled values,
// between 8 and 60 (longer text stays in the cell; the column just does not grow).
func (e *XLSXEncoder) autoWidth(i int) float64 {
	c := e.t.Columns[i]
	h := c.Header()
	if c.Type == DateTime {
		h = ZoneHeader(h, e.loc)
	}
	w := utf8.RuneCountInString(h) + 3 // room for the filter button
	switch c.Type {
	case Date:
		w = max(w, 11)
	case DateTime:
		w = max(w, 19)
	}
	for _, r := range e.pending {
		if s, ok := plainText(c, r[i]); ok && (c.Type == Text || c.Type == List || c.Type == Int || c.Type == Float) {
			line, _, _ := strings.Cut(s, "\n")
			w = max(w, utf8.RuneCountInString(line)+1)
		}
	}
	return float64(min(max(w, 8), 60))
}

// excelEpoch is day 0 of Excel's 1900 date system for every date from 1900-03-01 on
// (the system counts a 29 February 1900 that never was, so earlier serials are off by
// one; such dates are written as text).
var (
	excelEpoch     = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	excelFirstDate = backend.NewDate(1900, 3, 1)
	excelLastDate  = backend.NewDate(9999, 12, 31) // the last date Excel shows; later ones are text
)

// excelMaxExactInt is the largest whole number Excel keeps every digit of (15 digits);
// longer ones are written as text.
const excelMaxExactInt = 999_999_999_999_999

func (e *XLSXEncoder) writeRow(r Row) error {
	e.rows++
	row := e.rows + 1
	b := append(e.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(row), 10)
	b = append(b, `">`...)
	for i, v := range r {
		if v == nil {
			continue
		}
		switch c := e.t.Columns[i]; c.Type {
		case Text:
			if s := v.(string); s != "" {
				style := xfDefault
				if strings.ContainsRune(s, '\n') {
					style = xfWrap // shown on its lines, not run together
				}
				b = e.appendText(b, i, row, style, e.fit(s))
			}
		case List:
			if s := strings.Join(v.([]string), ListSeparator); s != "" {
				b = e.appendText(b, i, row, xfDefault, e.fit(s))
			}
		case Date:
			d := v.(backend.Date)
			if d.IsZero() {
				continue
			}
			if d.Before(excelFirstDate) || d.After(excelLastDate) {
				b = e.appendText(b, i, row, xfDefault, d.String())
				continue
			}
			b = e.appendCellStart(b, i, row, xfDate, "")
			b = strconv.AppendInt(b, (d.Time().Unix()-excelEpoch.Unix())/86400, 10)
			b = append(b, "</v></c>"...)
		case DateTime:
			t := v.(time.Time)
			if t.IsZero() {
				continue
			}
			t = t.In(e.loc)
			wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
			if wall.Before(excelFirstDate.Time()) || !wall.Before(excelLastDate.AddDays(1).Time()) {
				b = e.appendText(b, i, row, xfDefault, t.Format("2006-01-02 15:04:05"))
				continue
			}
			// Whole seconds then the fraction: a time.Duration spans only 292 years.
			serial := float64(wall.Unix()-excelEpoch.Unix())/86400 + float64(wall.Nanosecond())/86400e9
			b = e.appendCellStart(b, i, row, xfDateTime, "")
			b = strconv.AppendFloat(b, serial, 'f', -1, 64)
			b = append(b, "</v></c>"...)
		case Int:
			n := intValue(v)
			if n > excelMaxExactInt || n < -excelMaxExactInt {
				b = e.appendText(b, i, row, xfDefault, strconv.FormatInt(n, 10)) // Excel would round it
				continue
			}
			b = e.appendCellStart(b, i, row, xfInt, "")
			b = strconv.AppendInt(b, n, 10)
			b = append(b, "</v></c>"...)
		case Float:
			b = e.appendCellStart(b, i, row, xfDefault, "")
			b = strconv.AppendFloat(b, v.(float64), 'g', -1, 64)
			b = append(b, "</v></c>"...)
		case Bool:
			b = e.appendCellStart(b, i, row, xfDefault, "b")
			if v.(bool) {
				b = append(b, '1')
			} else {
				b = append(b, '0')
			}
			b = append(b, "</v></c>"...)
		}
	}
	b = append(b, "</row>"...)
	e.buf = b
	if e.err != nil {
		return e.err
	}
	_, err := e.bw.Write(b)
	return err
}

// appendCellStart opens a value cell: <c r="B7" s="2" t="b"><v>.
func (e *XLSXEncoder) appendCellStart(b []byte, col, row, style int, typ string) []byte {
	b = append(b, `<c r="`...)
	b = append(b, e.cols[col]...)
	b = strconv.AppendInt(b, int64(row), 10)
	if style != xfDefault {
		b = append(b, `" s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
	}
	if typ != "" {
		b = append(b, `" t="`...)
		b = append(b, typ...)
	}
	return append(b, `"><v>`...)
}

// appendText writes a text cell (an entry of the shared strings): text is stored as
// text, so a value beginning with "=" is never a formula.
func (e *XLSXEncoder) appendText(b []byte, col, row, style int, s string) []byte {
	i, err := e.sst.index(s)
	if err != nil {
		e.err = err
		return b
	}
	b = e.appendCellStart(b, col, row, style, "s")
	b = strconv.AppendInt(b, int64(i), 10)
	return append(b, "</v></c>"...)
}

// appendXMLText escapes s as XML character data. Characters XML 1.0 cannot hold (the
// control characters but tab, line feed and carriage return) are written as
// SpreadsheetML's _xHHHH_ escape, and a literal "_xHHHH_" in the text gets its
// underscore escaped (_x005F_), so Excel shows exactly the text given. Invalid UTF-8
// becomes U+FFFD.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '\r':
				b = append(b, "&#13;"...) // a raw CR would be normalised away by the reader
			case c < 0x20 && c != '\t' && c != '\n':
				b = fmt.Appendf(b, "_x%04X_", c)
			case c == '_' && isOOXMLEscape(s[i:]):
				b = append(b, "_x005F_"...)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = utf8.AppendRune(b, utf8.RuneError)
		case r == 0xFFFE || r == 0xFFFF:
			b = fmt.Appendf(b, "_x%04X_", r)
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

// isOOXMLEscape reports whether s begins with _xHHHH_.
func isOOXMLEscape(s string) bool {
	if len(s) < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(c)) {
			return false
		}
	}
	return true
}

// fit cuts s to Excel's cell limit, saying so in the cell.
func (e *XLSXEncoder) fit(s string) string {
	if len(s) <= xlsxMaxCellChars/2 { // fast path: cannot exceed the limit in UTF-16 units
		return s
	}
	units := 0
	for _, r := range s {
		units += utf16.RuneLen(r)
	}
	if units <= xlsxMaxCellChars {
		return s
	}
	e.truncated++
	note := fmt.Sprintf(" … [cut: %d characters in all; the CSV and JSON exports hold the full text]", utf8.RuneCountInString(s))
	budget := xlsxMaxCellChars - len(note) - 8
	var b strings.Builder
	units = 0
	for _, r := range s {
		n := utf16.RuneLen(r)
		if units+n > budget {
			break
		}
		units += n
		b.WriteRune(r)
	}
	b.WriteString(note)
	return b.String()
}

// Close ends the worksheet with its autofilter and writes the workbook's other parts.
func (e *XLSXEncoder) Close() error {
	if !e.started {
		if err := e.start(); err != nil {
			return err
		}
	}
	ref := "A1:" + columnLetters(max(len(e.t.Columns), 1)) + strconv.Itoa(e.rows+1)
	if _, err := fmt.Fprintf(e.bw, `</sheetData><autoFilter ref="%s"/></worksheet>`, ref); err != nil {
		return err
	}
	if err := e.bw.Flush(); err != nil {
		return err
	}
	if err := e.sst.writeTo(e.zw); err != nil {
		return err
	}
	// The sheet name quoted for a formula (apostrophes doubled), then escaped for XML.
	quoted := xmlEscaped("'" + strings.ReplaceAll(e.sheet, "'", "''") + "'")
	last := "$" + columnLetters(max(len(e.t.Columns), 1)) + "$" + strconv.Itoa(e.rows+1)
	w, err := e.zw.Create("xl/workbook.xml")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header+`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<bookViews><workbookView/></bookViews><sheets><sheet name="`+xmlEscaped(e.sheet)+`" sheetId="1" r:id="rId1"/></sheets>`+
		`<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">`+quoted+`!$A$1:`+last+`</definedName></definedNames>`+
		`</workbook>`); err != nil {
		return err
	}
	return e.zw.Close()
}

// xlsxFixedParts are the workbook's parts that do not depend on the rows, written first
// so that programs which recognise a file by its first entry ([Content_Types].xml) see
// an Office document.
var xlsxFixedParts = []struct{ name, body string }{
	{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`},
	{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`},
	{"docProps/app.xml", xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Privacy Desk</Application></Properties>`},
	{"xl/_rels/workbook.xml.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
		`</Relationships>`},
	{"xl/styles.xml", xlsxStyles},
}

func xmlEscaped(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// xlsxStyles holds the cell formats, in the order of the xf constants: default, the
// header (bold on a light fill with a rule below), date, date-time, whole number and
// text with line breaks (wrapped).
const xlsxStyles = xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
	`<border><left/><right/><top/><bottom style="thin"><color rgb="FF9AA5B1"/></bottom><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
