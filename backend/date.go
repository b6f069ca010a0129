package backend

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar date with no time of day or zone (a received date, a due date).
// It is stored and sent as "YYYY-MM-DD"; the zero Date is "no date" and encodes as null.
type Date struct{ t time.Time }

// NewDate returns the date y-m-d; out-of-range values normalise as time.Date does.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar date of instant t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// ParseDate parses "YYYY-MM-DD" and refuses a date that does not exist (2026-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date that exists (expected YYYY-MM-DD)", s)
	}
	return Date{t}, nil
}

// IsZero reports whether d is the zero "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time is midnight UTC of d, for arithmetic and calendar libraries.
func (d Date) Time() time.Time { return d.t }

// String is "YYYY-MM-DD", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Long is the date as letters print it: "2 March 2026".
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2 January 2006")
}

// Medium is the date as the window shows it ("Dec 6, 2026"), empty for the zero date:
// messages the window shows (the vendor alerts) write dates the same way.
func (d Date) Medium() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("Jan 2, 2006")
}

// LongUS is the date as a US letter writes it ("December 6, 2026"), empty for the zero date.
func (d Date) LongUS() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("January 2, 2006")
}

// AddDays returns d plus n calendar days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Weekday of d.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// Before, After and Equal compare dates.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }
func (d Date) After(o Date) bool  { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool  { return d.t.Equal(o.t) }

// DaysUntil is the number of calendar days from d to o (negative when o is earlier).
func (d Date) DaysUntil(o Date) int { return int(o.t.Sub(d.t).Hours() / 24) }

// MarshalJSON encodes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value stores the date as TEXT "YYYY-MM-DD" (NULL for the zero date).
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a TEXT date (or a time the driver already parsed).
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		if x == "" {
			*d = Date{}
			return nil
		}
		p, err := ParseDate(x[:min(len(x), 10)])
		*d = p
		return err
	case []byte:
		return d.Scan(string(x))
	case time.Time:
		*d = NewDate(x.Date())
		return nil
	}
	return fmt.Errorf("cannot scan %T into a Date", v)
}
