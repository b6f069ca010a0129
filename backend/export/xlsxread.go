package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"privacydesk/backend"
)

// xlsxBook is an .xlsx workbook opened for reading its cells as stored: the worksheets
// in workbook order, the 1904 date system flag and the shared strings. It reads what
// Excel, LibreOffice, Google Sheets and Numbers write (transitional and strict
// namespaces alike, since only local names are compared). Formulas are never run: a
// formula cell gives the value its program saved.
type xlsxBook struct {
	zr       *zip.Reader
	sheets   []xlsxSheetPart
	date1904 bool
	shared   []string
}

type xlsxSheetPart struct {
	name, part string
	hidden     bool // hidden or very hidden: a lookup list, not the log to import
}

// errXLSX is a workbook whose structure cannot be read; ReadXLSX says so on the file.
var errXLSX = errors.New("not a readable workbook")

func openXLSX(data []byte) (*xlsxBook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	b := &xlsxBook{zr: zr}
	main := "xl/workbook.xml"
	if rels, err := b.rels("_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				main = r.target
			}
		}
	}
	wbRels, err := b.rels(path.Join(path.Dir(main), "_rels", path.Base(main)+".rels"), path.Dir(main))
	if err != nil {
		return nil, fmt.Errorf("%w: its workbook relationships: %v", errXLSX, err)
	}
	byID := map[string]string{}
	sharedPart := ""
	for _, r := range wbRels {
		byID[r.id] = r.target
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			sharedPart = r.target
		}
	}
	if err := b.readWorkbook(main, byID); err != nil {
		return nil, err
	}
	if sharedPart != "" {
		if b.shared, err = b.readSharedStrings(sharedPart); err != nil {
			return nil, err
		}
	}
	return b, nil
}

type xlsxRel struct{ id, typ, target string }

// rels reads a relationships part; targets are resolved against base (the folder of
// the part they belong to), or taken from the package root when they begin with "/".
func (b *xlsxBook) rels(name, base string) ([]xlsxRel, error) {
	var out []xlsxRel
	err := b.walk(name, func(_ *xml.Decoder, se xml.StartElement) error {
		if se.Name.Local != "Relationship" || attr(se, "TargetMode") == "External" {
			return nil
		}
		r := xlsxRel{id: attr(se, "Id"), typ: attr(se, "Type"), target: attr(se, "Target")}
		if strings.HasPrefix(r.target, "/") {
			r.target = strings.TrimPrefix(r.target, "/")
		} else {
			r.target = path.Join(base, r.target)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// walk calls fn with each start element of the part name, in document order; fn may
// read on from the decoder (to the element's end).
func (b *xlsxBook) walk(name string, fn func(d *xml.Decoder, se xml.StartElement) error) error {
	d, closer, err := b.decoder(name)
	if err != nil {
		return err
	}
	defer closer.Close()
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := fn(d, se); err != nil {
				return err
			}
		}
	}
}

func (b *xlsxBook) decoder(name string) (*xml.Decoder, io.Closer, error) {
	f, err := b.zr.Open(name)
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(f)
	d.Strict = true
	return d, f, nil
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (b *xlsxBook) readWorkbook(name string, byID map[string]string) error {
	err := b.walk(name, func(_ *xml.Decoder, se xml.StartElement) error {
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			b.date1904 = v == "1" || v == "true"
		case "sheet":
			// The relationship id is r:id in the relationships namespace (both its
			// transitional and strict names); a plain "id" attribute is something else.
			id := ""
			for _, a := range se.Attr {
				if a.Name.Local == "id" && strings.Contains(a.Name.Space, "relationships") {
					id = a.Value
				}
			}
			if part, ok := byID[id]; ok {
				state := attr(se, "state")
				b.sheets = append(b.sheets, xlsxSheetPart{name: attr(se, "name"), part: part, hidden: state != "" && state != "visible"})
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w: %s: %v", errXLSX, name, err)
	}
	if len(b.sheets) == 0 {
		return fmt.Errorf("%w: it lists no worksheet", errXLSX)
	}
	return nil
}

func (b *xlsxBook) readSharedStrings(name string) ([]string, error) {
	var out []string
	err := b.walk(name, func(d *xml.Decoder, se xml.StartElement) error {
		if se.Name.Local != "si" {
			return nil
		}
		s, err := richText(d, se)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errXLSX, name, err)
	}
	return out, nil
}

// richText reads a string item (<si> or <is>) up to its end: the text of its <t>
// elements, plain or in formatting runs, without the phonetic guides (<rPh>).
func richText(d *xml.Decoder, start xml.StartElement) (string, error) {
	var sb strings.Builder
	depth, inT, inPhonetic := 0, false, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "rPh":
				inPhonetic++
			case "t":
				inT = inPhonetic == 0
			}
		case xml.EndElement:
			if depth == 0 {
				return unescapeOOXML(sb.String()), nil
			}
			depth--
			switch t.Name.Local {
			case "rPh":
				inPhonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				sb.Write(t)
			}
		}
	}
}

// unescapeOOXML decodes SpreadsheetML's _xHHHH_ escapes (the characters XML cannot
// hold, and _x005F_ for a literal underscore before such a sequence).
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); {
		if isOOXMLEscape(s[i:]) {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				sb.WriteRune(rune(n))
				i += 7
				continue
			}
		}
		sb.WriteByte(s[i])
		i++
	}
	return sb.String()
}

// xlsxLimits bound what one sheet may hold before reading stops with an error.
type xlsxLimits struct {
	maxColumns int // cells in a row
	maxRows    int // non-blank rows
}

// rows reads the non-blank rows of a worksheet with their row numbers; trailing empty
// cells are dropped and missing cells before a value are empty strings. A cell showing
// an Excel error (#N/A, #REF! ...) keeps it as its text and is listed in the row's
// Errors. Errors are the ones ReadXLSX returns: the sheet and the row where reading
// stopped, or the row and cell at fault.
func (b *xlsxBook) rows(sheet xlsxSheetPart, lim xlsxLimits) ([]SheetRow, error) {
	var (
		out                       []SheetRow
		cells                     []string
		errs                      map[int]string
		rowNum, col, lastRow      int
		inRow, inV, hasInline     bool
		cellType, ref, inlineText string
		vText                     strings.Builder
	)
	fail := func(err error) ([]SheetRow, error) {
		if lastRow == 0 {
			return nil, backend.Invalid("file", "Sheet %q cannot be read (%v). Open it in Excel and save it again as .xlsx.", sheet.name, err)
		}
		return nil, backend.Invalid("file", "Sheet %q cannot be read from row %d on (%v), so nothing was imported. Open it in Excel and save it again as .xlsx.", sheet.name, lastRow, err)
	}
	d, closer, err := b.decoder(sheet.part)
	if err != nil {
		return fail(err)
	}
	defer closer.Close()
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				inRow, cells, errs, col = true, cells[:0], nil, 0
				rowNum = lastRow + 1
				if r := attr(t, "r"); r != "" {
					if rowNum, err = strconv.Atoi(r); err != nil || rowNum < 1 || rowNum <= lastRow {
						return nil, rowError(lastRow+1, "Sheet %q: after row %d comes a row numbered %q; the rows are out of order. Open it in Excel and save it again as .xlsx.", sheet.name, lastRow, r)
					}
				}
				lastRow = rowNum
			case "c":
				if !inRow {
					continue
				}
				col++
				if ref = attr(t, "r"); ref != "" {
					c, r, ok := splitCellRef(ref)
					if !ok || r != rowNum || c < col {
						return nil, rowError(rowNum, "Row %d holds a cell named %q, which is not a cell of that row in order. Open it in Excel and save it again as .xlsx.", rowNum, ref)
					}
					col = c
				}
				cellType, hasInline, inlineText = attr(t, "t"), false, ""
				vText.Reset()
			case "v":
				inV = true
			case "is":
				if inlineText, err = richText(d, t); err != nil {
					return fail(err)
				}
				hasInline = true
			}
		case xml.CharData:
			if inV {
				vText.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "c":
				if !inRow {
					continue
				}
				v, value := vText.String(), ""
				switch cellType {
				case "s":
					if strings.TrimSpace(v) == "" {
						break // a shared-string cell without a value is empty
					}
					i, err := strconv.Atoi(strings.TrimSpace(v))
					if err != nil || i < 0 || i >= len(b.shared) {
						return nil, rowError(rowNum, "Row %d, cell %s points at text %q the workbook does not hold. Open it in Excel and save it again as .xlsx.", rowNum, cellName(col, rowNum), v)
					}
					value = b.shared[i]
				case "inlineStr":
					value = inlineText
				case "str":
					value = unescapeOOXML(v)
				case "e":
					value = v
					if value != "" {
						if errs == nil {
							errs = map[int]string{}
						}
						errs[col-1] = value
					}
				default: // n, b (0 or 1), d (ISO 8601 text)
					value = v
					if hasInline {
						value = inlineText
					}
				}
				if value == "" {
					continue // an empty or only formatted cell, wherever it is
				}
				if col > lim.maxColumns {
					return nil, rowError(rowNum, "Row %d has a value in column %s, beyond the %d columns an import takes.", rowNum, columnLetters(col), lim.maxColumns)
				}
				for len(cells) < col-1 {
					cells = append(cells, "")
				}
				cells = append(cells, value)
			case "row":
				inRow = false
				if !blank(cells) {
					out = append(out, SheetRow{Row: rowNum, Cells: append([]string(nil), cells...), Errors: errs})
					if len(out) > lim.maxRows {
						return nil, errTooManyRows
					}
				}
			}
		}
	}
}

func cellName(col, row int) string { return columnLetters(col) + strconv.Itoa(row) }

// errTooManyRows stops reading a sheet with more rows than an import takes.
var errTooManyRows = errors.New("too many rows")

// splitCellRef splits "AB12" into column 28 and row 12.
func splitCellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	return col, row, err == nil && row > 0
}
