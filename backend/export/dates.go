package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"privacydesk/backend"
)

// The date formats compile on first use (backend.LazyRegexp): the command line starts
// without paying for the formats it may never read.
var (
	isoDateRE    = backend.LazyRegexp(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$`)
	usDateRE     = backend.LazyRegexp(`^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?: .*)?$`)
	dottedDateRE = backend.LazyRegexp(`^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?: .*)?$`)
	compactRE    = backend.LazyRegexp(`^(\d{4})(\d{2})(\d{2})$`)
	serialRE     = backend.LazyRegexp(`^\d{1,7}(\.\d+)?$`)
	ordinalRE    = backend.LazyRegexp(`^(\d{1,2})(st|nd|rd|th)$`)
)

var monthNames = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "sept": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

var weekdayNames = map[string]bool{"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true,
	"thurs": true, "fri": true, "sat": true, "sun": true}

const dateHint = "write it as YYYY-MM-DD (2026-03-02), MM/DD/YYYY (03/02/2026), DD.MM.YYYY (02.03.2026) or March 2, 2026"

// ParseDate reads a calendar date the way spreadsheets and people write it:
// 2026-03-02 (also with a time after it), 2026/03/02, 03/02/2026 and 3/2/26 (US month
// first, as Excel writes dates in the US), 02.03.2026 (day first, as Europe writes
// them), 20260302, an Excel serial day number (46083), and March 2, 2026 /
// Mar 2 2026 / 2 March 2026 / 2-Mar-26 / Monday, March 2, 2026.
// Two-digit years follow Excel: 00-29 are 2000-2029, 30-99 are 1930-1999.
// A date that does not exist (02/30/2026) is refused, never rolled over.
func ParseDate(s string) (backend.Date, error) { return parseDate(s, false, false) }

// parseDate is ParseDate for a cell of a workbook (date1904: its serials count from
// 1904) in a column whose dates with slashes are written day first (dayFirst, see
// slashDateOrder).
func parseDate(s string, date1904, dayFirst bool) (backend.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return backend.Date{}, fmt.Errorf("the date is empty")
	}
	if m := compactRE().FindStringSubmatch(s); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	if serialRE().MatchString(s) {
		v, _ := strconv.ParseFloat(s, 64)
		if !strings.Contains(s, ".") && v >= 1900 && v <= 2100 {
			return backend.Date{}, fmt.Errorf("%q is a year, not a date: %s", s, dateHint)
		}
		return serialDate(s, v, date1904)
	}
	if m := isoDateRE().FindStringSubmatch(s); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	if m := usDateRE().FindStringSubmatch(s); m != nil {
		if dayFirst {
			return ymd(s, m[3], m[2], m[1])
		}
		if mo, _ := strconv.Atoi(m[1]); mo > 12 {
			return backend.Date{}, fmt.Errorf("%q: %s is not a month. Dates with slashes are read month first (MM/DD/YYYY); write day-first dates with dots (DD.MM.YYYY)", s, m[1])
		}
		return ymd(s, m[3], m[1], m[2])
	}
	if m := dottedDateRE().FindStringSubmatch(s); m != nil {
		return ymd(s, m[3], m[2], m[1])
	}
	if d, ok := wordDate(s); ok {
		return d, nil
	}
	return backend.Date{}, fmt.Errorf("%q is not a date: %s", s, dateHint)
}

// ymd builds a date from its parts and refuses one that does not exist.
func ymd(s, ys, ms, ds string) (backend.Date, error) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if len(ys) == 2 {
		y = twoDigitYear(y)
	}
	return checkedDate(s, y, m, d)
}

func twoDigitYear(y int) int {
	if y < 30 {
		return 2000 + y
	}
	return 1900 + y
}

func checkedDate(s string, y, m, d int) (backend.Date, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999 {
		return backend.Date{}, fmt.Errorf("%q is not a date that exists: %s", s, dateHint)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		// Day 0 of the next month is the last day of this one.
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return backend.Date{}, fmt.Errorf("%q is not a date that exists (%s %d has %d days)", s, time.Month(m), y, last)
	}
	return backend.NewDate(y, time.Month(m), d), nil
}

// serialDate converts an Excel serial day number. In the 1900 system day 1 is
// 1900-01-01 and Excel counts a 29 February 1900 that never was (kept from Lotus 1-2-3),
// so serials from 61 on are one day ahead; in the 1904 system (old Mac workbooks) day 0
// is 1904-01-01. A fraction is a time of day and is dropped.
func serialDate(s string, v float64, date1904 bool) (backend.Date, error) {
	n := int(math.Floor(v))
	if date1904 {
		return backend.NewDate(1904, time.January, 1).AddDays(n), nil
	}
	switch {
	case n < 1 || n > 2958465:
		return backend.Date{}, fmt.Errorf("%q is not a date: %s", s, dateHint)
	case n == 60:
		return backend.Date{}, fmt.Errorf("%q is Excel's 29 February 1900, a day that never was", s)
	case n < 60:
		return backend.NewDate(1899, time.December, 31).AddDays(n), nil
	}
	return backend.NewDate(1899, time.December, 30).AddDays(n), nil
}

// wordDate reads dates with a month name in either order.
func wordDate(s string) (backend.Date, bool) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '.' || r == '-' || r == '/'
	})
	var month time.Month
	var nums []string
	for _, f := range fields {
		if m := ordinalRE().FindStringSubmatch(f); m != nil {
			nums = append(nums, m[1])
			continue
		}
		if _, err := strconv.Atoi(f); err == nil {
			nums = append(nums, f)
			continue
		}
		if weekdayNames[f] || (len(f) > 3 && weekdayNames[f[:3]] && strings.HasSuffix(f, "day")) {
			continue
		}
		if month != 0 {
			return backend.Date{}, false
		}
		m, ok := monthNames[f]
		if !ok && len(f) > 3 {
			if m2, ok2 := monthNames[f[:3]]; ok2 && strings.HasPrefix(strings.ToLower(m2.String()), f) {
				m, ok = m2, true
			}
		}
		if !ok {
			return backend.Date{}, false
		}
		month = m
	}
	if month == 0 || len(nums) != 2 {
		return backend.Date{}, false
	}
	day, year := nums[0], nums[1]
	if len(day) == 4 { // 2026 March 2
		day, year = year, day
	}
	if len(day) > 2 || (len(year) != 2 && len(year) != 4) {
		return backend.Date{}, false
	}
	y, _ := strconv.Atoi(year)
	if len(year) == 2 {
		y = twoDigitYear(y)
	}
	d, _ := strconv.Atoi(day)
	out, err := checkedDate(s, y, int(month), d)
	return out, err == nil
}

var (
	isoDateTimeRE    = backend.LazyRegexp(`^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*([AaPp][Mm]))?$`)
	usDateTimeRE     = backend.LazyRegexp(`^(\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?$`)
	dottedDateTimeRE = backend.LazyRegexp(`^(\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})) (\d{1,2}):(\d{2})(?::(\d{2}))?$`)
	// A numeric date with something after it: a time that none of the forms above reads.
	numericDateAndMoreRE = backend.LazyRegexp(`^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}[T ]`)
)

// ParseDateTime reads an instant: RFC 3339 with its offset ("2026-03-02T15:04:05Z"),
// a wall-clock time in loc ("2026-03-02 09:30", "3/2/2026 9:30 AM"), an Excel serial with
// a fraction (wall clock in loc), or any date ParseDate takes (midnight in loc).
func ParseDateTime(s string, loc *time.Location) (time.Time, error) {
	return parseDateTime(s, loc, false, false)
}

func parseDateTime(s string, loc *time.Location, date1904, dayFirst bool) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if m := isoDateTimeRE().FindStringSubmatch(s); m != nil {
		d, err := ParseDate(m[1])
		if err != nil {
			return time.Time{}, err
		}
		return wallClock(s, d, m[2], m[3], m[4], m[5], m[6], loc)
	}
	if m := dottedDateTimeRE().FindStringSubmatch(s); m != nil {
		d, err := ParseDate(m[1])
		if err != nil {
			return time.Time{}, err
		}
		return wallClock(s, d, m[2], m[3], m[4], "", "", loc)
	}
	if m := usDateTimeRE().FindStringSubmatch(s); m != nil {
		d, err := parseDate(m[1], false, dayFirst)
		if err != nil {
			return time.Time{}, err
		}
		return wallClock(s, d, m[2], m[3], m[4], "", m[5], loc)
	}
	if serialRE().MatchString(s) && strings.Contains(s, ".") {
		v, _ := strconv.ParseFloat(s, 64)
		d, err := serialDate(s, v, date1904)
		if err != nil {
			return time.Time{}, err
		}
		secs := int(math.Round((v - math.Floor(v)) * 86400))
		y, mo, dd := d.Time().Date()
		return time.Date(y, mo, dd, 0, 0, secs, 0, loc).UTC(), nil
	}
	// A date alone is midnight; a date followed by a time none of the forms above reads
	// (an offset, a dotted time) is refused, never read as midnight.
	d, err := parseDate(s, date1904, dayFirst)
	if err != nil || numericDateAndMoreRE().MatchString(s) {
		return time.Time{}, fmt.Errorf("%q is not a date and time: write it as 2026-03-02 14:30 or 2026-03-02T14:30:00Z", s)
	}
	y, mo, dd := d.Time().Date()
	return time.Date(y, mo, dd, 0, 0, 0, 0, loc).UTC(), nil
}

func wallClock(s string, d backend.Date, hs, ms, ss, frac, ampm string, loc *time.Location) (time.Time, error) {
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	sec, _ := strconv.Atoi(ss)
	ns := 0
	if frac != "" {
		ns, _ = strconv.Atoi((frac + "000000000")[:9])
	}
	if ampm != "" {
		if h < 1 || h > 12 {
			return time.Time{}, fmt.Errorf("%q: %d is not an hour on a 12-hour clock", s, h)
		}
		h %= 12
		if strings.EqualFold(ampm, "pm") {
			h += 12
		}
	}
	if h > 23 || m > 59 || sec > 59 {
		return time.Time{}, fmt.Errorf("%q is not a time of day", s)
	}
	y, mo, dd := d.Time().Date()
	return time.Date(y, mo, dd, h, m, sec, ns, loc).UTC(), nil
}

// slashDateOrder decides how the dates with slashes (or dashes) of the date columns
// cols are read. A file is written one way, so one order holds for all of them: month
// first (03/04/2026 is 4 March 2026, as in the US and as Excel writes them there) unless
// one of them can only be read day first (13/03/2026) and none can only be read month
// first (03/13/2026). A file mixing both is read month first, so its day-first dates are
// refused rather than guessed at. notes say, for the preview, which order was used and
// why, for each column holding a date the order changes.
func slashDateOrder(s *Sheet, cols []int) (dayFirst bool, notes []string) {
	type seen struct {
		row  int
		col  int
		cell string
	}
	var day, month seen
	ambiguous := map[int]string{} // by column: its first date the order changes
	for _, col := range cols {
		for _, r := range s.Rows {
			cell := strings.TrimSpace(r.Cells[col])
			m := usDateRE().FindStringSubmatch(cell)
			if m == nil {
				continue
			}
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			switch {
			case a > 12 && b >= 1 && b <= 12:
				if day.row == 0 || r.Row < day.row {
					day = seen{r.Row, col, cell}
				}
			case b > 12 && a >= 1 && a <= 12:
				if month.row == 0 || r.Row < month.row {
					month = seen{r.Row, col, cell}
				}
			case a != b && a >= 1 && b >= 1 && a <= 12 && b <= 12:
				if _, ok := ambiguous[col]; !ok {
					ambiguous[col] = cell
				}
			}
		}
	}
	dayFirst = day.row > 0 && month.row == 0
	why := "as in the US"
	switch {
	case dayFirst:
		why = fmt.Sprintf("because row %d, column %s (%s) can only be read that way", day.row, s.ColumnName(day.col), day.cell)
	case month.row > 0:
		why = fmt.Sprintf("because row %d, column %s (%s) can only be read that way", month.row, s.ColumnName(month.col), month.cell)
	}
	order := "month first (MM/DD/YYYY)"
	if dayFirst {
		order = "day first (DD/MM/YYYY)"
	}
	for _, col := range cols {
		cell, ok := ambiguous[col]
		if !ok {
			continue
		}
		d, err := parseDate(cell, false, dayFirst)
		if err != nil {
			continue
		}
		note := fmt.Sprintf("Column %s: dates with slashes are read %s, %s: %s is %s.", s.ColumnName(col), order, why, cell, d.Long())
		if !dayFirst && month.row == 0 {
			note += " If the file writes the day first, write its dates as DD.MM.YYYY or YYYY-MM-DD."
		}
		notes = append(notes, note)
	}
	return dayFirst, notes
}

// zonedInstant reads a date cell that holds a time in a known zone: its own offset
// ("2026-03-02T05:00:00Z") or, in a column whose header names a zone other than the
// practice's (loc), a time of day. ok is false for any other cell, which is the date it
// shows.
func zonedInstant(s string, loc, practice *time.Location, date1904, dayFirst bool) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	hasTime := strings.Contains(s, ":") || (serialRE().MatchString(s) && strings.Contains(s, "."))
	if loc == nil || practice == nil || loc.String() == practice.String() || !hasTime {
		return time.Time{}, false
	}
	t, err := parseDateTime(s, loc, date1904, dayFirst)
	return t, err == nil
}
