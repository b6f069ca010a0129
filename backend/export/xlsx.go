package export

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

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

// XLSXEncoder writes one worksheet with excelize's stream writer, so a sheet of
// 100,000 rows does not sit in memory as cell objects. The header row is bold and
// frozen, an autofilter covers the data, dates are date cells (yyyy-mm-dd) that sort
// and filter as dates, and column widths come from the header and the first rows.
//
// A text longer than Excel's 32,767-character cell limit is cut, and the cut is said in
// the cell; Truncated counts them (CSV and JSON keep every character).
type XLSXEncoder struct {
	w         io.Writer
	t         Table
	loc       *time.Location
	f         *excelize.File
	sw        *excelize.StreamWriter
	sheet     string
	styles    []int // per column
	header    int
	pending   []Row // rows held back until the column widths are known
	started   bool
	rows      int // data rows written
	truncated int
	cells     []any
}

// NewXLSXEncoder returns an encoder that writes t as an .xlsx workbook to w on Close.
func NewXLSXEncoder(w io.Writer, t Table, opt XLSXOptions) (*XLSXEncoder, error) {
	e := &XLSXEncoder{w: w, t: t, loc: opt.Location, f: excelize.NewFile()}
	if e.loc == nil {
		e.loc = time.UTC
	}
	e.sheet = sheetName(t.Name)
	if e.sheet != "Sheet1" {
		if err := e.f.SetSheetName("Sheet1", e.sheet); err != nil {
			return nil, err
		}
	}
	var err error
	if e.header, err = e.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "9AA5B1", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	}); err != nil {
		return nil, err
	}
	dateFmt, timeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	dateStyle, err := e.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	timeStyle, err := e.f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt})
	if err != nil {
		return nil, err
	}
	intStyle, err := e.f.NewStyle(&excelize.Style{NumFmt: 1}) // "0"
	if err != nil {
		return nil, err
	}
	for _, c := range t.Columns {
		s := 0
		switch c.Type {
		case Date:
			s = dateStyle
		case DateTime:
			s = timeStyle
		case Int:
			s = intStyle
		}
		e.styles = append(e.styles, s)
	}
	if e.sw, err = e.f.NewStreamWriter(e.sheet); err != nil {
		return nil, err
	}
	return e, nil
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
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
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

// start sizes the columns from the held-back rows, then writes the header and them.
func (e *XLSXEncoder) start() error {
	e.started = true
	for i, c := range e.t.Columns {
		w := c.Width
		if w == 0 {
			w = e.autoWidth(i)
		}
		if err := e.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := e.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	head := make([]any, len(e.t.Columns))
	for i, c := range e.t.Columns {
		h := c.Header()
		if c.Type == DateTime {
			h = ZoneHeader(h, e.loc) // the cells hold e.loc's wall clock
		}
		head[i] = excelize.Cell{StyleID: e.header, Value: h}
	}
	if err := e.sw.SetRow("A1", head); err != nil {
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
	w := utf8.RuneCountInString(c.Header()) + 3 // room for the filter button
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

func (e *XLSXEncoder) writeRow(r Row) error {
	e.rows++
	if cap(e.cells) < len(r) {
		e.cells = make([]any, len(r))
	}
	cells := e.cells[:len(r)]
	for i, v := range r {
		cells[i] = nil
		if v == nil {
			continue
		}
		c := e.t.Columns[i]
		var val any
		switch c.Type {
		case Text:
			val = e.fit(v.(string))
		case List:
			val = e.fit(strings.Join(v.([]string), ListSeparator))
		case Date:
			d := v.(backend.Date)
			if d.IsZero() {
				continue
			}
			val = d.Time()
		case DateTime:
			t := v.(time.Time)
			if t.IsZero() {
				continue
			}
			val = t.In(e.loc)
		case Int:
			val = intValue(v)
		default:
			val = v
		}
		if val == "" {
			continue
		}
		cells[i] = excelize.Cell{StyleID: e.styles[i], Value: val}
	}
	cell, err := excelize.CoordinatesToCellName(1, e.rows+1)
	if err != nil {
		return err
	}
	return e.sw.SetRow(cell, cells)
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

// Close writes the header (if fewer rows came than the width sample), the autofilter,
// and the workbook to w.
func (e *XLSXEncoder) Close() error {
	defer e.f.Close()
	if !e.started {
		if err := e.start(); err != nil {
			return err
		}
	}
	last, err := excelize.CoordinatesToCellName(max(len(e.t.Columns), 1), e.rows+1)
	if err != nil {
		return err
	}
	// The autofilter must be set after the rows and before Flush: the stream writer
	// emits the worksheet's remaining parts on Flush.
	if err := e.f.AutoFilter(e.sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if err := e.sw.Flush(); err != nil {
		return err
	}
	return e.f.Write(e.w)
}
