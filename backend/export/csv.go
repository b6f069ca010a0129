package export

import (
	"bufio"
	"io"
	"strings"
	"time"
)

// Encoder writes the rows of one table in one format. Close finishes the output (it
// does not close the underlying writer).
type Encoder interface {
	Encode(Row) error
	Close() error
}

// CSVOptions tune the CSV output.
type CSVOptions struct {
	// BOM starts the file with a UTF-8 byte order mark. Excel on Windows needs it to
	// read the file as UTF-8 (without it, "Zoë" shows as "ZoÃ«"); other readers may
	// show it as a stray character, so it is a choice.
	BOM bool
}

// CSVEncoder writes RFC 4180 CSV: UTF-8, comma-separated, CRLF line ends, a header row
// of column labels, fields quoted when they hold a comma, quote, CR or LF (quotes
// doubled). Text cells are neutralised against formula injection (see Neutralise).
type CSVEncoder struct {
	w      *bufio.Writer
	t      Table
	header bool
	bom    bool
	buf    []byte
}

// NewCSVEncoder returns an encoder that writes t's rows to w.
func NewCSVEncoder(w io.Writer, t Table, opt CSVOptions) *CSVEncoder {
	return &CSVEncoder{w: bufio.NewWriterSize(w, 64<<10), t: t, bom: opt.BOM}
}

func (e *CSVEncoder) writeHeader() error {
	e.header = true
	if e.bom {
		e.w.WriteString("\uFEFF")
	}
	e.buf = e.buf[:0]
	for i, c := range e.t.Columns {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		h := c.Header()
		if c.Type == DateTime {
			h = ZoneHeader(h, time.UTC) // FormatInstant writes UTC
		}
		e.buf = appendCSVField(e.buf, Neutralise(h))
	}
	e.buf = append(e.buf, '\r', '\n')
	_, err := e.w.Write(e.buf)
	return err
}

// Encode writes one row.
func (e *CSVEncoder) Encode(r Row) error {
	if !e.header {
		if err := e.writeHeader(); err != nil {
			return err
		}
	}
	if err := e.t.check(r); err != nil {
		return err
	}
	e.buf = e.buf[:0]
	for i, v := range r {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		c := e.t.Columns[i]
		s, ok := plainText(c, v)
		if !ok {
			continue
		}
		if c.Type == Text || c.Type == List {
			s = Neutralise(s)
		}
		e.buf = appendCSVField(e.buf, s)
	}
	e.buf = append(e.buf, '\r', '\n')
	_, err := e.w.Write(e.buf)
	return err
}

// Close writes the header if no row came, and flushes.
func (e *CSVEncoder) Close() error {
	if !e.header {
		if err := e.writeHeader(); err != nil {
			return err
		}
	}
	return e.w.Flush()
}

// appendCSVField appends s, quoted when RFC 4180 requires it. A leading or trailing
// space is quoted too, so readers that trim unquoted fields keep it.
func appendCSVField(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	if !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[len(s)-1] != ' ' {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}
