package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"privacydesk/backend"
)

// Type is the type of a column's values; it decides how each format writes a cell.
type Type int

const (
	Text     Type = iota // string
	Date                 // backend.Date: a calendar date
	DateTime             // time.Time: an instant
	Int                  // int or int64
	Bool                 // bool
	Float                // float64
	List                 // []string
)

var typeNames = [...]string{"text", "date", "datetime", "int", "bool", "float", "list"}

func (t Type) String() string {
	if int(t) >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Column is one column of a table.
type Column struct {
	Key   string  // machine name: the JSON key ("received")
	Label string  // the header people read in CSV and XLSX ("Received"); Key when empty
	Type  Type    //
	Width float64 // XLSX width in characters; 0 sizes it from the header and first rows
}

// Header is the column's header in CSV and XLSX.
func (c Column) Header() string {
	if c.Label != "" {
		return c.Label
	}
	return c.Key
}

// ZoneHeader is the header of a DateTime column whose cells hold the time in loc: the
// header without any zone it already names, then the zone in brackets, " (UTC)" or
// " (America/Chicago)". A spreadsheet cell has no zone, so the header carries it.
func ZoneHeader(h string, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	if _, ok := HeaderZone(h); ok {
		h = strings.TrimSpace(h[:strings.LastIndexByte(h, '(')])
	}
	return h + " (" + zoneName(loc) + ")"
}

// HeaderZone reads the zone a header names in brackets at its end ("Received at (UTC)",
// "When (Europe/Berlin)"); ok is false when it names none.
func HeaderZone(h string) (loc *time.Location, ok bool) {
	h = strings.TrimSpace(h)
	i := strings.LastIndexByte(h, '(')
	if i < 0 || !strings.HasSuffix(h, ")") {
		return nil, false
	}
	name := strings.TrimSpace(h[i+1 : len(h)-1])
	switch {
	case strings.EqualFold(name, "UTC"), strings.EqualFold(name, "GMT"):
		return time.UTC, true
	case strings.Contains(name, "/"):
		if l, err := time.LoadLocation(name); err == nil {
			return l, true
		}
	}
	return nil, false
}

func zoneName(loc *time.Location) string {
	if loc == time.UTC || loc.String() == "UTC" || loc.String() == "" {
		return "UTC"
	}
	return loc.String()
}

// Table is the shape of an export: a name (the XLSX sheet) and its columns.
type Table struct {
	Name    string
	Columns []Column
}

// Row is one row's values in column order; see the package doc for the Go type per
// column type. nil is an empty cell.
type Row []any

// ListSeparator joins List cells in CSV and XLSX; the importer splits on it.
const ListSeparator = "; "

// check reports a row that does not fit the table: a programming error, so a plain error.
func (t *Table) check(r Row) error {
	if len(r) != len(t.Columns) {
		return fmt.Errorf("export %s: row has %d values, table has %d columns", t.Name, len(r), len(t.Columns))
	}
	for i, v := range r {
		if v == nil {
			continue
		}
		ok := false
		switch t.Columns[i].Type {
		case Text:
			_, ok = v.(string)
		case Date:
			_, ok = v.(backend.Date)
		case DateTime:
			_, ok = v.(time.Time)
		case Int:
			switch v.(type) {
			case int, int64, int32:
				ok = true
			}
		case Bool:
			_, ok = v.(bool)
		case Float:
			var f float64
			f, ok = v.(float64)
			if ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				return fmt.Errorf("export %s: column %s: %v is not a number a spreadsheet can hold", t.Name, t.Columns[i].Key, f)
			}
		case List:
			_, ok = v.([]string)
		}
		if !ok {
			return fmt.Errorf("export %s: column %s (%s) got a %T", t.Name, t.Columns[i].Key, t.Columns[i].Type, v)
		}
	}
	return nil
}

func intValue(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

// FormatInstant is how every export writes an instant as text: RFC 3339 in UTC ("Z"),
// with as many fractional digits as the value has (none for whole seconds), so it reads
// back exactly.
func FormatInstant(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// plainText is a cell's text in CSV, before neutralisation; ok is false for an empty cell.
func plainText(c Column, v any) (s string, ok bool) {
	if v == nil {
		return "", false
	}
	switch c.Type {
	case Text:
		s = v.(string)
	case Date:
		s = v.(backend.Date).String()
	case DateTime:
		t := v.(time.Time)
		if t.IsZero() {
			return "", false
		}
		s = FormatInstant(t)
	case Int:
		s = strconv.FormatInt(intValue(v), 10)
	case Bool:
		s = strconv.FormatBool(v.(bool))
	case Float:
		s = strconv.FormatFloat(v.(float64), 'f', -1, 64)
	case List:
		s = strings.Join(v.([]string), ListSeparator)
	}
	return s, s != ""
}

// Neutralise defends a text cell against formula injection (OWASP "CSV Injection"):
// a spreadsheet runs a cell that begins with = + - @ tab or carriage return as a formula,
// so such a cell gets a leading apostrophe, which makes it plain text. A cell that
// already begins with an apostrophe gets one too, so Unneutralise restores every value
// exactly. Numbers, dates and booleans are written by us, never begin with a payload
// and are left alone (a negative amount stays a number).
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return "'" + s
	}
	return s
}

// Unneutralise undoes Neutralise: it removes one leading apostrophe when what follows
// is something Neutralise protects. An apostrophe before ordinary text ("'Ohana") is
// part of the value and stays.
func Unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r', '\'':
			return s[1:]
		}
	}
	return s
}
