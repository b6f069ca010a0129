package export

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"privacydesk/backend"
)

// Field is one target field of an import (a request's email, a vendor's name).
type Field struct {
	Key      string
	Label    string
	Type     Type
	Required bool
	// Aliases are other header names that mean this field in spreadsheets people keep
	// ("E-mail", "Email address"); matched ignoring case, spaces and punctuation.
	Aliases []string
	// MaxLen is the most characters a Text value may have; 0 for no limit.
	MaxLen int
}

func (f Field) label() string {
	if f.Label != "" {
		return f.Label
	}
	return f.Key
}

// KnownNames lists every key, label and alias of fields, for ReadOptions.Known.
func KnownNames(fields []Field) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Key, f.Label)
		out = append(out, f.Aliases...)
	}
	return out
}

// Mapping says which source column (0-based index into Sheet.Header) feeds which
// field key. A field that is not in the mapping is not imported.
type Mapping map[string]int

// AutoMap proposes a mapping by header names: a column whose header is a field's key,
// label or alias feeds that field. Each column feeds at most one field. The person
// confirms or corrects it in the mapping step.
func AutoMap(header []string, fields []Field) Mapping {
	m := Mapping{}
	used := map[int]bool{}
	for _, f := range fields {
		names := append([]string{f.Key, f.Label}, f.Aliases...)
		for _, n := range names {
			n = normalizeName(n)
			if n == "" {
				continue
			}
			found := -1
			for i, h := range header {
				if !used[i] && normalizeName(h) == n {
					found = i
					break
				}
			}
			if found >= 0 {
				m[f.Key] = found
				used[found] = true
				break
			}
		}
	}
	return m
}

// Check refuses a mapping that cannot work: a required field with no column, a column
// that does not exist, a column feeding two fields, a key that is not a field.
func (m Mapping) Check(s *Sheet, fields []Field) error {
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Key] = true
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	byCol := map[int]string{}
	for _, k := range keys {
		i := m[k]
		if !known[k] {
			return backend.Invalid("mapping", "%q is not a field this import knows.", k)
		}
		if i < 0 || i >= len(s.Header) {
			return backend.Invalid("mapping", "Field %q is mapped to column %d, which the file does not have.", k, i+1)
		}
		if other, dup := byCol[i]; dup {
			return backend.Invalid("mapping", "Column %s feeds both %q and %q; choose one.", s.ColumnName(i), other, k)
		}
		byCol[i] = k
	}
	for _, f := range fields {
		if _, ok := m[f.Key]; f.Required && !ok {
			return backend.Invalid("mapping", "Choose the column that holds %s: it is required.", f.label())
		}
	}
	return nil
}

// Record is one converted row: values by field key, typed as the field's Type says
// (see the package doc); an empty cell has no entry.
type Record struct {
	Row    int
	Values map[string]any
	// Failed holds the keys of the fields whose cell is already listed as a problem
	// (did not convert, or is required and empty); a Check skips them.
	Failed map[string]bool
}

// Problem is one problem of a row, placed at the sheet column it names so the preview
// lists a row's problems left to right: Col -1 is the whole row, len(Header) or more a
// field with no column.
type Problem struct {
	Col int
	Err *backend.Error
}

// ConvertOptions tune Convert.
type ConvertOptions struct {
	// Location is the zone of date-times written without an offset (the practice's),
	// unless the column's header names one ("Received at (UTC)"): see HeaderZone.
	Location *time.Location
	// MaxProblems stops listing problems after this many (100 when 0); the rest are
	// counted in Result.More.
	MaxProblems int
	// Check is the caller's own validation of a row (the domain's rules). It is called
	// for every row that is not an exact repeat, also for one whose cells did not all
	// convert (rec.Failed names those), so a row's every problem is listed at once.
	Check func(rec Record) []Problem
}

// Result is the outcome of Convert: the records and, for the preview, every problem
// found, each naming its row and column.
type Result struct {
	Records  []Record
	Problems []*backend.Error
	More     int // problems found beyond the ones listed
	// Notes say how values that could be read two ways were read (the order of the
	// day and month in a date column), for the preview.
	Notes []string
}

// Add records a problem found later (the caller's domain validation of a record).
func (r *Result) Add(e *backend.Error, max int) {
	if max <= 0 {
		max = 100
	}
	if len(r.Problems) < max {
		r.Problems = append(r.Problems, e)
	} else {
		r.More++
	}
}

// Err is nil when no problem was found; otherwise an error naming the first problem
// and how many there are, for a one-line answer (the CLI); the preview lists them all.
func (r *Result) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	first := r.Problems[0]
	n := len(r.Problems) + r.More
	if n == 1 {
		return first
	}
	return &backend.Error{Code: backend.EINVALID, Field: first.Field,
		Message: fmt.Sprintf("%s (and %d more problems; nothing was imported)", first.Message, n-1)}
}

// Convert turns the sheet's rows into typed records through the mapping. Every cell
// that does not convert, every required cell left empty and every row that repeats an
// earlier one is a problem naming its row and column; converting goes on so the preview
// can show them all at once.
func Convert(s *Sheet, fields []Field, m Mapping, opt ConvertOptions) Result {
	var res Result
	if err := m.Check(s, fields); err != nil {
		res.Add(err.(*backend.Error), opt.MaxProblems)
		return res
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	type mapped struct {
		f   Field
		col int
		loc *time.Location // date-times without an offset: the zone the header names, else opt.Location
	}
	var cols []mapped
	for _, f := range fields {
		if i, ok := m[f.Key]; ok {
			loc := opt.Location
			if i < len(s.Header) {
				if z, ok := HeaderZone(s.Header[i]); ok {
					loc = z
				}
			}
			cols = append(cols, mapped{f: f, col: i, loc: loc})
		}
	}
	var dateCols []int
	for _, c := range cols {
		if c.f.Type == Date || c.f.Type == DateTime {
			dateCols = append(dateCols, c.col)
		}
	}
	dayFirst, notes := slashDateOrder(s, dateCols)
	res.Notes = notes
	seen := make(map[string]int, len(s.Rows))
	var key strings.Builder
	res.Records = make([]Record, 0, len(s.Rows))
	for _, row := range s.Rows {
		rec := Record{Row: row.Row, Values: make(map[string]any, len(cols))}
		var problems []Problem
		fail := func(c mapped, e *backend.Error) {
			problems = append(problems, Problem{c.col, e})
			if rec.Failed == nil {
				rec.Failed = map[string]bool{}
			}
			rec.Failed[c.f.Key] = true
		}
		key.Reset()
		for _, c := range cols {
			raw := row.Cells[c.col]
			key.WriteString(strings.TrimSpace(raw))
			key.WriteByte(0)
			if shown, ok := row.Errors[c.col]; ok {
				fail(c, CellError(row.Row, s.ColumnName(c.col), "The cell shows the Excel error %s, not a value: its formula failed. Correct it or clear the cell in the spreadsheet, then import again.", shown))
				continue
			}
			v, err := convertCell(raw, c.f, s.Date1904, dayFirst, c.loc, opt.Location)
			if err != nil {
				fail(c, CellError(row.Row, s.ColumnName(c.col), "%s", err))
				continue
			}
			if v == nil {
				if c.f.Required {
					fail(c, CellError(row.Row, s.ColumnName(c.col), "%s is required; this cell is empty.", c.f.label()))
				}
				continue
			}
			rec.Values[c.f.Key] = v
		}
		if first, dup := seen[key.String()]; dup {
			// The repeated row's other problems are those of the row it repeats.
			problems = append(problems, Problem{-1, rowError(row.Row, "Row %d repeats row %d exactly.", row.Row, first)})
		} else {
			seen[key.String()] = row.Row
			if opt.Check != nil {
				problems = append(problems, opt.Check(rec)...)
			}
		}
		// Rows come in order, so sorting each row's problems by column lists them all
		// by row, then column, and MaxProblems keeps the first ones.
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Col < problems[j].Col })
		for _, p := range problems {
			res.Add(p.Err, opt.MaxProblems)
		}
		if len(problems) == 0 {
			res.Records = append(res.Records, rec)
		}
	}
	return res
}

// convertCell converts one cell; (nil, nil) is an empty cell. loc is the zone of its
// date-times without an offset, practice the practice's.
func convertCell(raw string, f Field, date1904, dayFirst bool, loc, practice *time.Location) (any, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, nil
	}
	switch f.Type {
	case Text:
		s = Unneutralise(s)
		if f.MaxLen > 0 {
			if n := utf8.RuneCountInString(s); n > f.MaxLen {
				return nil, fmt.Errorf("%s is %d characters long; at most %d fit", f.label(), n, f.MaxLen)
			}
		}
		return s, nil
	case Date:
		// A time with a zone, its own or the one its header names, was on the
		// practice's day then: 05:00 UTC on 2 March is 1 March in California.
		if t, ok := zonedInstant(s, loc, practice, date1904, dayFirst); ok {
			return backend.DateOf(t, practice), nil
		}
		d, err := parseDate(s, date1904, dayFirst)
		if err != nil {
			return nil, err
		}
		return d, nil
	case DateTime:
		t, err := parseDateTime(s, loc, date1904, dayFirst)
		if err != nil {
			return nil, err
		}
		return t, nil
	case Int:
		n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
		if err != nil {
			// Excel stores every number as a float: 12 may arrive as "12.0".
			if fl, ferr := strconv.ParseFloat(s, 64); ferr == nil && fl == math.Trunc(fl) && math.Abs(fl) < 1<<53 {
				return int64(fl), nil
			}
			return nil, fmt.Errorf("%q is not a whole number", s)
		}
		return n, nil
	case Float:
		fl, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		if err != nil || math.IsNaN(fl) || math.IsInf(fl, 0) {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		return fl, nil
	case Bool:
		switch strings.ToLower(s) {
		case "yes", "y", "true", "1", "x", "✓", "✔":
			return true, nil
		case "no", "n", "false", "0":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not yes or no", s)
	case List:
		s = Unneutralise(s)
		sep := ";"
		if !strings.Contains(s, ";") {
			sep = ","
		}
		var out []string
		for _, p := range strings.Split(s, sep) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		if len(out) == 0 {
			return nil, nil
		}
		return out, nil
	}
	return nil, fmt.Errorf("field %s has an unknown type", f.Key)
}
