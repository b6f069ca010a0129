package rules

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"privacydesk/backend"
)

// weekdayHolidays lists the Monday-to-Friday days of year that calendar id does not
// count as working days.
func weekdayHolidays(t *testing.T, id CalendarID, opts CalendarOptions, year int) []string {
	t.Helper()
	c, err := newCalendar(id, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for d := backend.NewDate(year, 1, 1); d.Time().Year() == year; d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !c.working(d) {
			out = append(out, d.String()+" "+c.holiday(d))
		}
	}
	return out
}

func TestHolidayCalendars2026(t *testing.T) {
	cases := []struct {
		id   CalendarID
		opts CalendarOptions
		want []string
	}{
		// Cal. Gov. Code 6700/6701. July 4 2026 is a Saturday: no California substitute.
		{CalendarCalifornia, CalendarOptions{}, []string{
			"2026-01-01 New Year's Day", "2026-01-19 Dr. Martin Luther King, Jr. Day", "2026-02-12 Lincoln Day",
			"2026-02-16 Washington's Birthday (third Monday in February)", "2026-02-17 Lunar New Year", "2026-03-31 Cesar Chavez Day",
			"2026-04-24 Genocide Remembrance Day", "2026-05-25 Memorial Day", "2026-06-19 Juneteenth", "2026-09-07 Labor Day",
			"2026-09-09 Admission Day", "2026-09-25 Native American Day", "2026-10-12 Columbus Day", "2026-11-11 Veterans Day",
			"2026-11-26 Thanksgiving Day", "2026-12-25 Christmas Day",
		}},
		// 5 U.S.C. 6103: Independence Day on a Saturday is observed on Friday 3 July.
		{CalendarUSFederal, CalendarOptions{}, []string{
			"2026-01-01 New Year's Day", "2026-01-19 Martin Luther King Jr. Day", "2026-02-16 Presidents' Day", "2026-05-25 Memorial Day",
			"2026-06-19 Juneteenth", "2026-07-03 Independence Day", "2026-09-07 Labor Day", "2026-10-12 Columbus Day",
			"2026-11-11 Veterans Day", "2026-11-26 Thanksgiving Day", "2026-12-25 Christmas Day",
		}},
		// England and Wales: Boxing Day on a Saturday is substituted on Monday 28 December.
		{CalendarEnglandWales, CalendarOptions{}, []string{
			"2026-01-01 New Year's Day", "2026-04-03 Good Friday", "2026-04-06 Easter Monday", "2026-05-04 Early May",
			"2026-05-25 Spring Bank Holiday", "2026-08-31 Summer Bank Holiday", "2026-12-25 Christmas Day", "2026-12-28 Boxing Day",
		}},
		{CalendarEU, CalendarOptions{}, nil}, // no country: weekends only
	}
	for _, tc := range cases {
		t.Run(string(tc.id), func(t *testing.T) {
			got := weekdayHolidays(t, tc.id, tc.opts, 2026)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestCaliforniaSubstituteDays(t *testing.T) {
	c, err := newCalendar(CalendarCalifornia, CalendarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fed, _ := newCalendar(CalendarUSFederal, CalendarOptions{})
	for _, tc := range []struct {
		day         string
		ca, federal bool // working day?
	}{
		{"2027-07-05", false, false}, // July 4 on a Sunday: both move to Monday (6701)
		{"2027-12-24", true, false},  // Christmas on a Saturday: federal Friday only
		{"2027-12-31", true, false},  // New Year 2028 on a Saturday: federal Friday only
		{"2028-11-10", false, false}, // Veterans Day on a Saturday: California moves it to Friday too
		{"2026-11-27", true, true},   // the day after Thanksgiving is not a Gov. Code 6700 holiday
		{"2026-04-03", true, true},   // Good Friday is a holiday from noon to 3 p.m. only
		{"2022-02-01", true, true},   // Lunar New Year became a holiday in 2023
		{"2025-01-29", false, true},
		{"2027-10-29", false, true}, // Diwali (AB 268, from 2026), not a federal holiday
		{"2028-10-17", false, true},
		{"2029-11-05", false, true},
		{"2025-10-20", true, true}, // Diwali 2025: before AB 268 was in force
	} {
		d := date(t, tc.day)
		if c.working(d) != tc.ca || fed.working(d) != tc.federal {
			t.Errorf("%s: California working %v federal working %v; want %v %v", tc.day, c.working(d), fed.working(d), tc.ca, tc.federal)
		}
	}
}

// The tabulated Lunar New Year dates match the Gov. Code 6700 description's range and
// never fall outside late January to February.
func TestLunarNewYearTable(t *testing.T) {
	for y := 2023; y <= 2030; y++ {
		d, ok := lunarNewYear[y]
		if !ok {
			t.Fatalf("no Lunar New Year for %d", y)
		}
		if d.Year() != y || d.Before(time.Date(y, 1, 21, 0, 0, 0, 0, time.UTC)) || d.After(time.Date(y, 2, 20, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%d: %s is outside 21 January to 20 February", y, d.Format("2006-01-02"))
		}
	}
	if !calcLunarNewYear(nil, 2031).IsZero() {
		t.Error("a year outside the table must have no date")
	}
}

// The Diwali table covers AB 268's years to the last tabulated year, each in the
// festival's season (mid-October to mid-November), and nothing before 2026.
func TestDiwaliTable(t *testing.T) {
	for y := 2026; y <= lastTabulatedYear; y++ {
		d := calcDiwali(nil, y)
		if d.IsZero() || d.Year() != y || d.Before(time.Date(y, 10, 12, 0, 0, 0, 0, cal.DefaultLoc)) || d.After(time.Date(y, 11, 15, 0, 0, 0, 0, cal.DefaultLoc)) {
			t.Errorf("%d: Diwali %s", y, d.Format("2006-01-02"))
		}
	}
	c, err := newCalendar(CalendarCalifornia, CalendarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.holiday(backend.NewDate(2026, 11, 8)); got != "Diwali" {
		t.Errorf("8 November 2026 = %q, want Diwali", got)
	}
	if !calcDiwali(nil, lastTabulatedYear+1).IsZero() {
		t.Error("a year outside the table must have no date")
	}
}

func TestEUCountries(t *testing.T) {
	cases := []struct {
		code    string
		day     string
		working bool
	}{
		{"DE", "2026-10-03", false}, // Tag der Deutschen Einheit (Saturday: weekend anyway)
		{"DE", "2026-05-14", false}, // Ascension
		{"FR", "2026-07-14", false}, // Fête nationale
		{"IE", "2026-03-17", false}, // St Patrick's Day
		{"ie", "2026-03-17", false}, // lower case accepted
		{"EL", "2026-03-25", false}, // Greece by its EU code
		{"SE", "2026-06-19", true},  // Midsummer Eve is customary, not a public holiday
		{"SE", "2026-06-20", false}, // Midsummer Day (Saturday)
		{"DE", "2026-03-17", true},
	}
	for _, tc := range cases {
		c, err := newCalendar(CalendarEU, CalendarOptions{HolidayCountry: tc.code})
		if err != nil {
			t.Fatal(err)
		}
		if c.working(date(t, tc.day)) != tc.working {
			t.Errorf("%s %s: working %v, want %v", tc.code, tc.day, !tc.working, tc.working)
		}
	}
	if err := ValidateHolidayCountry("NO"); backend.ErrorField(err) != "holidayCountry" || !strings.Contains(err.Error(), "DE") {
		t.Errorf("NO (not in the EU): %v", err)
	}
	if len(euHolidays) != 27 {
		t.Errorf("%d EU countries, want all 27 member states", len(euHolidays))
	}
	if err := ValidateHolidayCountry(""); err != nil {
		t.Errorf("empty: %v", err)
	}
	list := HolidayCountries()
	if len(list) != len(euHolidays) || list[0].Name != "Austria" {
		t.Errorf("HolidayCountries = %v", list)
	}
	for _, c := range list {
		if err := ValidateHolidayCountry(c.Code); err != nil {
			t.Errorf("%s: %v", c.Code, err)
		}
	}
}

func TestClosedDaysOnlyCloseTheOffice(t *testing.T) {
	c, err := newCalendar(CalendarCalifornia, CalendarOptions{ClosedDays: []backend.Date{backend.NewDate(2026, 3, 5), {}}})
	if err != nil {
		t.Fatal(err)
	}
	d := backend.NewDate(2026, 3, 5)
	if !c.working(d) || c.officeOpen(d) {
		t.Errorf("a closed day must stay a working day of the law and close the office")
	}
}

// publicHolidays lists the public holidays of an EU country in year (weekends included),
// as "MM-DD".
func publicHolidays(t *testing.T, code string, year int) []string {
	t.Helper()
	c, err := newCalendar(CalendarEU, CalendarOptions{HolidayCountry: code})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for d := backend.NewDate(year, 1, 1); d.Time().Year() == year; d = d.AddDays(1) {
		if c.holiday(d) != "" {
			out = append(out, d.String()[5:])
		}
	}
	return out
}

// The seven calendars defined here, against the governments' published lists for 2026.
func TestNewEUCalendars2026(t *testing.T) {
	want := map[string][]string{
		// Orthodox Easter 12 April 2026: Green Monday 23 February, Good Friday 10 April,
		// Easter Monday 13 April, Kataklysmos 1 June (Easter Tuesday: banks only).
		"CY": {"01-01", "01-06", "02-23", "03-25", "04-01", "04-10", "04-12", "04-13", "05-01", "06-01", "08-15", "10-01", "10-28", "12-25", "12-26"},
		"EE": {"01-01", "02-24", "04-03", "04-05", "05-01", "05-24", "06-23", "06-24", "08-20", "12-24", "12-25", "12-26"},
		// Midsummer Day Saturday 20 June, All Saints' Day Saturday 31 October.
		"FI": {"01-01", "01-06", "04-03", "04-05", "04-06", "05-01", "05-14", "05-24", "06-20", "10-31", "12-06", "12-25", "12-26"},
		"HU": {"01-01", "03-15", "04-03", "04-05", "04-06", "05-01", "05-24", "05-25", "08-20", "10-23", "11-01", "12-25", "12-26"},
		"LU": {"01-01", "04-06", "05-01", "05-09", "05-14", "05-25", "06-23", "08-15", "11-01", "12-25", "12-26"},
		"MT": {"01-01", "02-10", "03-19", "03-31", "04-03", "05-01", "06-07", "06-29", "08-15", "09-08", "09-21", "12-08", "12-13", "12-25"},
		"PT": {"01-01", "04-03", "04-05", "04-25", "05-01", "06-04", "06-10", "08-15", "10-05", "11-01", "12-01", "12-08", "12-25"},
	}
	for code, w := range want {
		if got := publicHolidays(t, code, 2026); !reflect.DeepEqual(got, w) {
			t.Errorf("%s 2026\n got %q\nwant %q", code, got, w)
		}
	}
}

// The moveable feasts of 2027 to 2030, from the published Easter tables (Western Easter
// 28 March 2027, 16 April 2028, 1 April 2029, 21 April 2030; Orthodox 2 May 2027,
// 16 April 2028, 8 April 2029, 28 April 2030), and Finland's Saturday holidays.
func TestNewEUCalendarsMoveableFeasts(t *testing.T) {
	want := map[string]map[int][]string{
		"CY": { // Green Monday, Good Friday, Easter Monday, Kataklysmos (Orthodox)
			2027: {"03-15", "04-30", "05-03", "06-21"}, 2028: {"02-28", "04-14", "04-17", "06-05"},
			2029: {"02-19", "04-06", "04-09", "05-28"}, 2030: {"03-11", "04-26", "04-29", "06-17"},
		},
		"EE": { // Good Friday
			2027: {"03-26"}, 2028: {"04-14"}, 2029: {"03-30"}, 2030: {"04-19"},
		},
		"FI": { // Good Friday, Easter Monday, Ascension, Midsummer Day, All Saints' Day
			2027: {"03-26", "03-29", "05-06", "06-26", "11-06"}, 2028: {"04-14", "04-17", "05-25", "06-24", "11-04"},
			2029: {"03-30", "04-02", "05-10", "06-23", "11-03"}, 2030: {"04-19", "04-22", "05-30", "06-22", "11-02"},
		},
		"HU": { // Good Friday, Easter Monday, Whit Monday
			2027: {"03-26", "03-29", "05-17"}, 2028: {"04-14", "04-17", "06-05"},
			2029: {"03-30", "04-02", "05-21"}, 2030: {"04-19", "04-22", "06-10"},
		},
		"LU": { // Easter Monday, Ascension, Whit Monday
			2027: {"03-29", "05-06", "05-17"}, 2028: {"04-17", "05-25", "06-05"},
			2029: {"04-02", "05-10", "05-21"}, 2030: {"04-22", "05-30", "06-10"},
		},
		"MT": { // Good Friday
			2027: {"03-26"}, 2028: {"04-14"}, 2029: {"03-30"}, 2030: {"04-19"},
		},
		"PT": { // Good Friday, Corpus Christi
			2027: {"03-26", "05-27"}, 2028: {"04-14", "06-15"}, 2029: {"03-30", "05-31"}, 2030: {"04-19", "06-20"},
		},
	}
	for code, years := range want {
		for year, days := range years {
			got := map[string]bool{}
			for _, d := range publicHolidays(t, code, year) {
				got[d] = true
			}
			for _, d := range days {
				if !got[d] {
					t.Errorf("%s %d: %s is not a public holiday", code, year, d)
				}
			}
		}
	}
	// Customary and bank-only days are not public holidays.
	for _, tc := range []struct{ code, day string }{{"FI", "2026-06-19"}, {"FI", "2026-12-24"}, {"CY", "2026-04-14"}, {"CY", "2026-12-24"}, {"LU", "2018-05-09"}} {
		c, _ := newCalendar(CalendarEU, CalendarOptions{HolidayCountry: tc.code})
		if !c.working(date(t, tc.day)) {
			t.Errorf("%s %s: counted as a public holiday", tc.code, tc.day)
		}
	}
}

func TestGDPRMonthEndWithANewCalendar(t *testing.T) {
	// Received 25 March 2026 in Portugal: one month is Saturday 25 April (Dia da
	// Liberdade, a weekend anyway), so Monday 27 April.
	d := mustCompute(t, Input{Regime: "gdpr", Right: "access", Received: date(t, "2026-03-25"), Calendar: CalendarOptions{HolidayCountry: "PT"}})
	if d.StatutoryRespondBy.String() != "2026-04-27" {
		t.Errorf("PT: %s (%s)", d.StatutoryRespondBy, d.StatutoryHow)
	}
	// Received 23 January 2026 in Cyprus: one month is Monday 23 February, Green Monday,
	// so Tuesday 24 February.
	d = mustCompute(t, Input{Regime: "gdpr", Right: "access", Received: date(t, "2026-01-23"), Calendar: CalendarOptions{HolidayCountry: "CY"}})
	if d.StatutoryRespondBy.String() != "2026-02-24" || !strings.Contains(d.StatutoryHow, "Καθαρά Δευτέρα") {
		t.Errorf("CY: %s (%s)", d.StatutoryRespondBy, d.StatutoryHow)
	}
}
