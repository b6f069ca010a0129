package export

import (
	"bufio"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"privacydesk/backend"
)

// JSONEncoder streams a table as one JSON array of objects (the shape is in the package
// doc): the first object is written before the last row is read, so memory stays flat
// at any size.
type JSONEncoder struct {
	w    *bufio.Writer
	t    Table
	keys [][]byte // `"key":` per column, encoded once
	n    int
	buf  []byte
}

// NewJSONEncoder returns an encoder that writes t's rows to w.
func NewJSONEncoder(w io.Writer, t Table) *JSONEncoder {
	e := &JSONEncoder{w: bufio.NewWriterSize(w, 64<<10), t: t}
	for _, c := range t.Columns {
		k := appendJSONString(nil, c.Key)
		e.keys = append(e.keys, append(k, ':'))
	}
	return e
}

// Encode writes one object.
func (e *JSONEncoder) Encode(r Row) error {
	if err := e.t.check(r); err != nil {
		return err
	}
	b := e.buf[:0]
	if e.n == 0 {
		b = append(b, "[\n{"...)
	} else {
		b = append(b, ",\n{"...)
	}
	e.n++
	for i, v := range r {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.keys[i]...)
		b = appendJSONValue(b, e.t.Columns[i].Type, v)
	}
	b = append(b, '}')
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// Close ends the array and flushes.
func (e *JSONEncoder) Close() error {
	if e.n == 0 {
		e.w.WriteString("[]\n")
	} else {
		e.w.WriteString("\n]\n")
	}
	return e.w.Flush()
}

func appendJSONValue(b []byte, t Type, v any) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	switch t {
	case Text:
		return appendJSONString(b, v.(string))
	case Date:
		d := v.(backend.Date)
		if d.IsZero() {
			return append(b, "null"...)
		}
		return appendJSONString(b, d.String())
	case DateTime:
		x := v.(time.Time)
		if x.IsZero() {
			return append(b, "null"...)
		}
		return appendJSONString(b, FormatInstant(x))
	case Int:
		return strconv.AppendInt(b, intValue(v), 10)
	case Bool:
		return strconv.AppendBool(b, v.(bool))
	case Float:
		return strconv.AppendFloat(b, v.(float64), 'g', -1, 64)
	case List:
		l := v.([]string)
		b = append(b, '[')
		for i, s := range l {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']')
	}
	return append(b, "null"...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD (as encoding/json does), and
// U+2028/U+2029 escaped so the output is also valid JavaScript.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
