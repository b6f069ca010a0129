package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"

	"privacydesk/backend"
)

// Import limits. A practice's request log is thousands of rows; these stop a wrong
// file (a database dump, a zip bomb) before it eats the memory of the office computer.
const (
	DefaultMaxBytes   = 50 << 20
	DefaultMaxRows    = 200_000
	DefaultMaxColumns = 500
	headerScanRows    = 20 // the header is looked for among the first rows
)

// ReadOptions tune reading a spreadsheet.
type ReadOptions struct {
	MaxBytes   int64 // the file's size limit; DefaultMaxBytes when 0
	MaxRows    int   // data rows; DefaultMaxRows when 0
	MaxColumns int   // DefaultMaxColumns when 0
	// Known are header names the caller understands (field keys, labels, aliases): the
	// header is the row among the first ones with the most of them, so a title row or
	// two above the table are skipped. Without them it is the first non-empty row.
	Known []string
	// Sheet is the XLSX worksheet to read; the first one holding data when "".
	Sheet string
	// MaxUnpacked is the most an XLSX workbook may unpack to; DefaultMaxUnpacked when 0.
	MaxUnpacked int64
}

// DefaultMaxUnpacked bounds what a workbook unpacks to. A request log of 100,000 rows is
// well under it; a small file that unpacks to gigabytes (a zip bomb, or a sheet with
// millions of formatted empty cells) is refused before it is parsed.
const DefaultMaxUnpacked = 256 << 20

func (o ReadOptions) withDefaults() ReadOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultMaxColumns
	}
	if o.MaxUnpacked <= 0 {
		o.MaxUnpacked = DefaultMaxUnpacked
	}
	return o
}

// Sheet is a spreadsheet as read: the header row and the data rows under it, each with
// the row number the spreadsheet program shows, so errors point at the right line.
type Sheet struct {
	Format    string   // "csv" or "xlsx"
	Name      string   // the worksheet read (XLSX)
	Sheets    []string // every worksheet in the workbook (XLSX)
	Encoding  string   // the text encoding it was read in (CSV)
	Delimiter string   // "," ";" or "\t" (CSV)
	Date1904  bool     // the workbook counts serial dates from 1904 (old Mac Excel)
	Header    []string
	HeaderRow int
	Rows      []SheetRow
}

// SheetRow is one data row; Cells has one entry per header column.
type SheetRow struct {
	Row   int
	Cells []string
	// Errors holds, by column index, the cells that show an Excel error value (#N/A,
	// #REF! ...) instead of a value: Convert refuses them in a mapped column. The
	// preview shows the cell as it reads (#N/A); the refusal comes with the check.
	Errors map[int]string `json:"-"`
}

// ColumnName names column i for a person: its header, or its letter when the header
// cell is empty.
func (s *Sheet) ColumnName(i int) string {
	if i >= 0 && i < len(s.Header) && strings.TrimSpace(s.Header[i]) != "" {
		return strings.TrimSpace(s.Header[i])
	}
	return columnLetters(i + 1)
}

// CellError is a validation error naming the row and column ("row 7, column Email"),
// the field the import preview shows it under.
func CellError(row int, column, format string, args ...any) *backend.Error {
	return backend.Invalid(fmt.Sprintf("row %d, column %s", row, column), format, args...)
}

func rowError(row int, format string, args ...any) *backend.Error {
	return backend.Invalid(fmt.Sprintf("row %d", row), format, args...)
}

// readLimited reads all of r, refusing more than max bytes and an empty file.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, backend.Invalid("file", "The file cannot be read: %v", err)
	}
	if int64(len(b)) > max {
		return nil, backend.Invalid("file", "The file is larger than %d MB, the most an import takes. Split it into smaller files.", max>>20)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, backend.Invalid("file", "The file is empty.")
	}
	return b, nil
}

// ReadFile reads a CSV or XLSX file, telling them apart by content, not by name.
func ReadFile(path string, opt ReadOptions) (*Sheet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, backend.Invalid("file", "Cannot open %s: %v", path, err)
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if n == 4 && string(head) == "PK\x03\x04" {
		return ReadXLSX(f, opt)
	}
	return ReadCSV(f, opt)
}

// ReadCSV reads CSV text: UTF-8, UTF-8 with BOM, UTF-16 with BOM or Windows-1252 (see
// decodeText); separated by commas, semicolons (Excel in much of Europe) or tabs,
// whichever the first lines use. Quotes must be balanced (RFC 4180): a broken quote is
// an error naming its row, never a guess that shifts every later cell. A row with more
// or fewer cells than the header is an error too, for the same reason; blank rows are
// skipped.
func ReadCSV(r io.Reader, opt ReadOptions) (*Sheet, error) {
	opt = opt.withDefaults()
	data, err := readLimited(r, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	delim := sniffDelimiter(text)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	var raw []SheetRow
	embedded := 0 // line breaks inside quoted cells so far: a spreadsheet shows such a record as one row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, quoteError(pe, embedded)
			}
			return nil, backend.Invalid("file", "The file cannot be read as CSV: %v", err)
		}
		line, _ := cr.FieldPos(0)
		row := line - embedded
		for _, c := range rec {
			embedded += strings.Count(c, "\n")
		}
		if len(rec) > opt.MaxColumns {
			return nil, rowError(row, "Row %d has %d cells; an import takes at most %d columns.", row, len(rec), opt.MaxColumns)
		}
		if blank(rec) {
			continue
		}
		if len(raw) > opt.MaxRows+headerScanRows {
			return nil, backend.Invalid("file", "The file has more than %d rows, the most one import takes. Split it into smaller files.", opt.MaxRows)
		}
		raw = append(raw, SheetRow{Row: row, Cells: rec})
	}
	s := &Sheet{Format: "csv", Encoding: enc, Delimiter: string(delim)}
	if err := s.setRows(raw, opt, true); err != nil {
		return nil, err
	}
	return s, nil
}

func quoteError(pe *csv.ParseError, embedded int) error {
	row := pe.StartLine - embedded
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine+1:
		return rowError(row, "A quoted cell starting on row %d is never closed: a quote character (\") is missing. Check that row and the ones after it.", row)
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		return rowError(row, "Row %d has a quote character (\") out of place, at character %d: a cell holding quotes must be wholly in quotes, with each quote doubled (\"\").", row, pe.Column)
	}
	return rowError(row, "Row %d cannot be read: %v", row, pe.Err)
}

// sniffDelimiter picks the separator the first lines use most consistently: the one
// that the most lines hold the same number of times (then the one with more columns).
// Counting them all would let a text column full of commas, which European Excel
// writes unquoted in a semicolon-separated file, outvote the separator.
func sniffDelimiter(text string) rune {
	lines := strings.SplitN(text, "\n", 11)
	if len(lines) > 10 {
		lines = lines[:10]
	}
	best, bestLines, bestCount := ',', 0, 0
	for _, d := range []rune{',', ';', '\t'} {
		linesWith := map[int]int{} // count on a line -> lines with that count
		for _, l := range lines {
			if n := countOutsideQuotes(l, d); n > 0 {
				linesWith[n]++
			}
		}
		same, count := 0, 0
		for n, k := range linesWith {
			if k > same || (k == same && n > count) {
				same, count = k, n
			}
		}
		if same > bestLines || (same == bestLines && count > bestCount) {
			best, bestLines, bestCount = d, same, count
		}
	}
	return best
}

func countOutsideQuotes(line string, d rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// setRows finds the header among raw and keeps the rows under it. strictWidth (CSV)
// makes a row wider or narrower than the header an error; an XLSX row is as wide as
// its last filled cell, so it is padded instead.
func (s *Sheet) setRows(raw []SheetRow, opt ReadOptions, strictWidth bool) error {
	if len(raw) == 0 {
		return backend.Invalid("file", "The file is empty.")
	}
	h := findHeader(raw, opt.Known)
	header := raw[h]
	s.HeaderRow = header.Row
	s.Header = make([]string, len(header.Cells))
	for i, c := range header.Cells {
		s.Header[i] = strings.TrimSpace(strings.TrimPrefix(c, "\uFEFF"))
	}
	if !strictWidth {
		width := len(s.Header)
		for _, r := range raw[h+1:] {
			width = max(width, len(r.Cells))
		}
		for len(s.Header) < width {
			s.Header = append(s.Header, "")
		}
	}
	// Trailing header cells that are empty in every row are not columns.
	if strictWidth {
		for len(s.Header) > 1 && s.Header[len(s.Header)-1] == "" {
			s.Header = s.Header[:len(s.Header)-1]
		}
	}
	rows := raw[h+1:]
	if len(rows) == 0 {
		return backend.Invalid("file", "The file has a header row (row %d) but no rows of data under it.", s.HeaderRow)
	}
	if len(rows) > opt.MaxRows {
		return backend.Invalid("file", "The file has %d rows, more than the %d one import takes. Split it into smaller files.", len(rows), opt.MaxRows)
	}
	w := len(s.Header)
	for i := range rows {
		r := &rows[i]
		if len(r.Cells) > w {
			if !blank(r.Cells[w:]) {
				return rowError(r.Row, "Row %d has %d cells but the header (row %d) has %d: a separator is extra, or a value holding a %q is missing its quotes.", r.Row, len(r.Cells), s.HeaderRow, w, s.Delimiter)
			}
			r.Cells = r.Cells[:w]
		}
		if len(r.Cells) < w {
			if strictWidth {
				return rowError(r.Row, "Row %d has %d cells but the header (row %d) has %d: a separator is missing, or the row was cut short.", r.Row, len(r.Cells), s.HeaderRow, w)
			}
			r.Cells = append(r.Cells, make([]string, w-len(r.Cells))...)
		}
	}
	s.Rows = rows
	return nil
}

// findHeader returns the index of the row among the first ones that names the most
// known columns; the first row when none names any.
func findHeader(raw []SheetRow, known []string) int {
	best, _ := bestHeader(raw, known)
	return best
}

// headerScore is how many known columns the header of raw names.
func headerScore(raw []SheetRow, known []string) int {
	_, score := bestHeader(raw, known)
	return score
}

func bestHeader(raw []SheetRow, known []string) (int, int) {
	if len(known) == 0 {
		return 0, 0
	}
	set := map[string]bool{}
	for _, k := range known {
		if n := normalizeName(k); n != "" { // an empty cell names nothing
			set[n] = true
		}
	}
	best, bestScore := 0, 0
	for i := 0; i < len(raw) && i < headerScanRows; i++ {
		score := 0
		for _, c := range raw[i].Cells {
			if set[normalizeName(c)] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best, bestScore
}

// normalizeName compares header names loosely: case, spaces and punctuation ignored
// ("E-mail address" = "email_address").
func normalizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkUnpackedSize refuses a workbook whose entries declare more than limit bytes in
// all, from the archive's directory alone (nothing is unpacked).
func checkUnpackedSize(data []byte, limit int64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return backend.Invalid("file", "The workbook cannot be read (%v). Open it in Excel and save it again as .xlsx.", err)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limit) {
			return backend.Invalid("file", "This workbook unpacks to more than %d MB, far more than a request log needs, so it was not opened. Save the sheet you want to import on its own, or as CSV.", limit>>20)
		}
	}
	return nil
}

// ReadXLSX reads one worksheet of an .xlsx workbook. Cells are read as stored (a date
// cell is its serial number, converted by Convert for date fields), so the display
// format of the office computer that saved it does not matter.
func ReadXLSX(r io.Reader, opt ReadOptions) (*Sheet, error) {
	opt = opt.withDefaults()
	data, err := readLimited(r, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")) {
		return nil, backend.Invalid("file", "This is an old Excel 97-2003 workbook (.xls) or a password-protected one. Open it in Excel, remove any password and save it as .xlsx.")
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, backend.Invalid("file", "This is not an Excel workbook (.xlsx). If it is CSV text, import it as CSV.")
	}
	if err := checkUnpackedSize(data, opt.MaxUnpacked); err != nil {
		return nil, err
	}
	// The sizes the archive declares were checked above, and archive/zip refuses an
	// entry that unpacks to more than it declares, so the parser is held to that bound.
	book, err := openXLSX(data)
	if err != nil {
		return nil, backend.Invalid("file", "The workbook cannot be read (%v). Open it in Excel and save it again as .xlsx.", err)
	}
	s := &Sheet{Format: "xlsx", Date1904: book.date1904}
	for _, sh := range book.sheets {
		s.Sheets = append(s.Sheets, sh.name)
	}
	lim := xlsxLimits{maxColumns: opt.MaxColumns, maxRows: opt.MaxRows + headerScanRows}
	read := func(sh xlsxSheetPart) ([]SheetRow, error) {
		rows, err := book.rows(sh, lim)
		if errors.Is(err, errTooManyRows) {
			return nil, backend.Invalid("file", "The sheet has more than %d rows, the most one import takes. Split it into smaller files.", opt.MaxRows)
		}
		return rows, err
	}
	var raw []SheetRow
	if opt.Sheet != "" {
		i := slices.IndexFunc(s.Sheets, func(n string) bool { return strings.EqualFold(n, opt.Sheet) })
		if i < 0 {
			return nil, backend.Invalid("sheet", "The workbook has no sheet named %q (it has %s).", opt.Sheet, strings.Join(s.Sheets, ", "))
		}
		s.Name = s.Sheets[i]
		if raw, err = read(book.sheets[i]); err != nil {
			return nil, err
		}
	} else {
		// The first visible sheet holding data, unless its header names none of the
		// known columns and a later one's does: a workbook often opens on a sheet of
		// instructions or a summary. A later sheet that cannot be read is passed over.
		for _, sh := range book.sheets {
			if sh.hidden {
				continue // a hidden sheet is a lookup list; it is read only when named
			}
			rows, err := read(sh)
			if err != nil {
				if raw != nil {
					continue
				}
				return nil, err
			}
			if len(rows) == 0 {
				continue
			}
			if raw == nil {
				s.Name, raw = sh.name, rows
				if len(opt.Known) == 0 || headerScore(rows, opt.Known) > 0 {
					break
				}
			} else if headerScore(rows, opt.Known) > 0 {
				s.Name, raw = sh.name, rows
				break
			}
		}
	}
	if len(raw) > opt.MaxRows+headerScanRows {
		return nil, backend.Invalid("file", "The sheet has more than %d rows, the most one import takes. Split it into smaller files.", opt.MaxRows)
	}
	if err := s.setRows(raw, opt, false); err != nil {
		return nil, err
	}
	return s, nil
}
