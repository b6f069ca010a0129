package rules

import (
	"sort"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/us"

	"privacydesk/backend"
)

// CalendarOptions are the practice's calendar settings.
type CalendarOptions struct {
	// HolidayCountry is the ISO 3166-1 alpha-2 code of the EU country whose public
	// holidays roll GDPR month ends ("DE", "FR", "IE"...). Empty: weekends only.
	HolidayCountry string `json:"holidayCountry"`
	// ClosedDays are days the practice is closed. They never move a statutory date: a
	// private closure is not a legal holiday (Cal. Civ. Code 7, 9), so every clock,
	// business-day ones included, counts them. They only make SendBy, the practice's own
	// "send by" date, earlier: the last open day on or before the due date.
	ClosedDays []backend.Date `json:"closedDays"`
}

// --- California state holidays (Cal. Gov. Code 6700, 6701) -------------------------
//
// Gov. Code 6700(a) as amended by AB 1801 and AB 2596 (Stats. 2022; Genocide Remembrance
// Day and Lunar New Year from 2023) and AB 1655 (Juneteenth). 6701: when January 1,
// February 12, March 31, July 4, September 9, November 11 or December 25 falls on a
// Sunday the Monday after is a holiday; when November 11 falls on a Saturday the Friday
// before is. No other Saturday holiday moves. Not whole-day holidays, so not here:
// Good Friday (noon to 3 p.m. only). Not 6700 holidays at all: the day after
// Thanksgiving (a paid day off for state employees under Gov. Code 19853 only).

var (
	caSundayToMonday = []cal.AltDay{{Day: time.Sunday, Offset: 1}}

	caNewYear      = aa.NewYear.Clone(&cal.Holiday{Name: "New Year's Day", Type: cal.ObservancePublic, Observed: caSundayToMonday})
	caMLK          = us.MlkDay.Clone(&cal.Holiday{Name: "Dr. Martin Luther King, Jr. Day"})
	caLunarNewYear = &cal.Holiday{
		Name:      "Lunar New Year",
		Type:      cal.ObservancePublic,
		StartYear: 2023,
		Func:      calcLunarNewYear,
	}
	caLincoln = &cal.Holiday{
		Name: "Lincoln Day", Type: cal.ObservancePublic,
		Month: time.February, Day: 12, Func: cal.CalcDayOfMonth, Observed: caSundayToMonday,
	}
	caWashington  = us.PresidentsDay.Clone(&cal.Holiday{Name: "Washington's Birthday (third Monday in February)"})
	caCesarChavez = &cal.Holiday{
		Name: "Cesar Chavez Day", Type: cal.ObservancePublic,
		Month: time.March, Day: 31, Func: cal.CalcDayOfMonth, Observed: caSundayToMonday,
	}
	caGenocideRemembrance = &cal.Holiday{
		Name: "Genocide Remembrance Day", Type: cal.ObservancePublic, StartYear: 2023,
		Month: time.April, Day: 24, Func: cal.CalcDayOfMonth,
	}
	caMemorial   = us.MemorialDay.Clone(nil)
	caJuneteenth = &cal.Holiday{
		Name: "Juneteenth", Type: cal.ObservancePublic, StartYear: 2023,
		Month: time.June, Day: 19, Func: cal.CalcDayOfMonth,
	}
	caIndependence = &cal.Holiday{
		Name: "Independence Day", Type: cal.ObservancePublic,
		Month: time.July, Day: 4, Func: cal.CalcDayOfMonth, Observed: caSundayToMonday,
	}
	caLabor     = us.LaborDay.Clone(nil)
	caAdmission = &cal.Holiday{
		Name: "Admission Day", Type: cal.ObservancePublic,
		Month: time.September, Day: 9, Func: cal.CalcDayOfMonth, Observed: caSundayToMonday,
	}
	// Native American Day: fourth Friday in September (6700(a), added in 2014).
	caNativeAmerican = &cal.Holiday{
		Name: "Native American Day", Type: cal.ObservancePublic, StartYear: 2015,
		Month: time.September, Weekday: time.Friday, Offset: 4, Func: cal.CalcWeekdayOffset,
	}
	caColumbus = us.ColumbusDay.Clone(&cal.Holiday{Name: "Columbus Day"})
	caVeterans = &cal.Holiday{
		Name: "Veterans Day", Type: cal.ObservancePublic,
		Month: time.November, Day: 11, Func: cal.CalcDayOfMonth,
		Observed: []cal.AltDay{{Day: time.Saturday, Offset: -1}, {Day: time.Sunday, Offset: 1}},
	}
	// Diwali: added to 6700(a) by AB 268 (Stats. 2025, ch. 358), in force 1 January 2026,
	// as "the 15th day of the month of Kartik in the Hindu lunar calendar". 6701 gives it
	// no substitute day (AB 268 did not amend 6701), so a weekend Diwali moves nothing.
	caDiwali = &cal.Holiday{
		Name:      "Diwali",
		Type:      cal.ObservancePublic,
		StartYear: 2026,
		Func:      calcDiwali,
	}
	// Thanksgiving is a 6700(a) holiday as the Thursday "appointed by the President".
	caThanksgiving = us.ThanksgivingDay.Clone(nil)
	caChristmas    = aa.ChristmasDay.Clone(&cal.Holiday{Name: "Christmas Day", Type: cal.ObservancePublic, Observed: caSundayToMonday})

	// CaliforniaHolidays are the whole-day holidays of Cal. Gov. Code 6700 with the
	// substitute days of 6701; CCPA business days skip them (Cal. Civ. Code 7, 9).
	CaliforniaHolidays = []*cal.Holiday{
		caNewYear, caMLK, caLunarNewYear, caLincoln, caWashington, caCesarChavez,
		caGenocideRemembrance, caMemorial, caJuneteenth, caIndependence, caLabor,
		caAdmission, caNativeAmerican, caColumbus, caDiwali, caVeterans, caThanksgiving, caChristmas,
	}
)

// lunarNewYear holds the dates of "the second new moon following the winter solstice,
// or the third ... should an intercalary month intervene" (Gov. Code 6700). The new moon
// is astronomical; these are published dates, checked to fall on the same calendar day
// in California as in East Asia. Extend the table (and bump no rule: the calendar is not
// a rule row) before 2031; a year without an entry has no Lunar New Year holiday, which
// errs toward an earlier deadline.
var lunarNewYear = map[int]time.Time{
	2023: time.Date(2023, time.January, 22, 0, 0, 0, 0, time.UTC),
	2024: time.Date(2024, time.February, 10, 0, 0, 0, 0, time.UTC),
	2025: time.Date(2025, time.January, 29, 0, 0, 0, 0, time.UTC),
	2026: time.Date(2026, time.February, 17, 0, 0, 0, 0, time.UTC),
	2027: time.Date(2027, time.February, 6, 0, 0, 0, 0, time.UTC),
	2028: time.Date(2028, time.January, 26, 0, 0, 0, 0, time.UTC),
	2029: time.Date(2029, time.February, 13, 0, 0, 0, 0, time.UTC),
	2030: time.Date(2030, time.February, 3, 0, 0, 0, 0, time.UTC),
}

// lastTabulatedYear is the last year both lunisolar tables (Lunar New Year, Diwali) cover.
const lastTabulatedYear = 2030

// diwali holds the day of Diwali (Lakshmi Puja, the new-moon day of Kartik) for the years
// AB 268 has been in force. Source: the published table "Diwali Festival Date calendar
// from year 2016 till year 2040" (festivalforu, 2016): 8 November 2026 (Sunday),
// 29 October 2027 (Friday), 17 October 2028 (Tuesday), 5 November 2029 (Monday),
// 26 October 2030 (Saturday); the same dates as the Drik Panchang almanac for India.
// The new moon can fall a day earlier in California than in India (in 2025 the table says
// 21 October, the state observed 20 October), so check a year's date against the
// California Department of Human Resources holiday list before relying on it. Extend the
// table before 2031; a year without an entry has no Diwali holiday, which errs toward an
// earlier deadline.
var diwali = map[int]time.Time{
	2026: time.Date(2026, time.November, 8, 0, 0, 0, 0, time.UTC),
	2027: time.Date(2027, time.October, 29, 0, 0, 0, 0, time.UTC),
	2028: time.Date(2028, time.October, 17, 0, 0, 0, 0, time.UTC),
	2029: time.Date(2029, time.November, 5, 0, 0, 0, 0, time.UTC),
	2030: time.Date(2030, time.October, 26, 0, 0, 0, 0, time.UTC),
}

func calcDiwali(_ *cal.Holiday, year int) time.Time {
	d, ok := diwali[year]
	if !ok {
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, cal.DefaultLoc)
}

func calcLunarNewYear(_ *cal.Holiday, year int) time.Time {
	d, ok := lunarNewYear[year]
	if !ok {
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, cal.DefaultLoc)
}

// --- EU countries -------------------------------------------------------------------

// euHolidays maps an ISO 3166-1 code to the national public holidays: rickar/cal's
// packages, and for the seven member states it has none for, the cal.Holiday lists of
// calendar_eu.go. Every EU member state is here. Regional holidays (German Länder,
// Spanish communities) are not included.
var euHolidays = map[string]struct {
	name     string
	holidays []*cal.Holiday
}{
	"AT": {"Austria", at.Holidays},
	"BE": {"Belgium", be.Holidays},
	"BG": {"Bulgaria", bg.Holidays},
	"HR": {"Croatia", hr.Holidays},
	"CY": {"Cyprus", cyHolidays},
	"CZ": {"Czechia", cz.Holidays},
	"DK": {"Denmark", dk.Holidays},
	"EE": {"Estonia", eeHolidays},
	"FI": {"Finland", fiHolidays},
	"FR": {"France", fr.Holidays},
	"DE": {"Germany", de.Holidays},
	"GR": {"Greece", gr.Holidays},
	"HU": {"Hungary", huHolidays},
	"IE": {"Ireland", ie.Holidays},
	"IT": {"Italy", it.Holidays},
	"LV": {"Latvia", lv.Holidays},
	"LT": {"Lithuania", lt.Holidays},
	"LU": {"Luxembourg", luHolidays},
	"MT": {"Malta", mtHolidays},
	"NL": {"Netherlands", nl.Holidays},
	"PL": {"Poland", pl.Holidays},
	"PT": {"Portugal", ptHolidays},
	"RO": {"Romania", ro.Holidays},
	"SK": {"Slovakia", sk.Holidays},
	"SI": {"Slovenia", si.Holidays},
	"ES": {"Spain", es.Holidays},
	"SE": {"Sweden", se.Holidays},
}

// Country is an EU country whose public holidays the engine knows.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// HolidayCountries lists the EU countries whose public holidays the engine knows, by name:
// the choices of a GDPR requester's country.
func HolidayCountries() []Country {
	out := make([]Country, 0, len(euHolidays))
	for code, c := range euHolidays {
		out = append(out, Country{Code: code, Name: c.name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ValidateHolidayCountry accepts "" (weekends only) or a code HolidayCountries lists;
// "EL", the EU's own code for Greece, is accepted as GR.
func ValidateHolidayCountry(code string) error {
	if code == "" {
		return nil
	}
	if _, ok := euHolidays[normCountry(code)]; !ok {
		codes := make([]string, 0, len(euHolidays))
		for c := range euHolidays {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		return backend.Invalid("holidayCountry", "no public-holiday calendar for %q; choose one of %v", code, codes)
	}
	return nil
}

func normCountry(code string) string {
	b := []byte(code)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	if string(b) == "EL" {
		return "GR"
	}
	return string(b)
}

// publicOnly drops the days a country list marks ObservanceOther: customary days off
// that are not public holidays (Sweden's Midsummer Eve, Christmas Eve, New Year's Eve),
// which Regulation 1182/71 Art. 3(4) does not count. Untyped entries (most of Ireland's
// list) are public holidays.
func publicOnly(hs []*cal.Holiday) []*cal.Holiday {
	out := make([]*cal.Holiday, 0, len(hs))
	for _, h := range hs {
		if h.Type != cal.ObservanceOther {
			out = append(out, h)
		}
	}
	return out
}

// --- The calendar a computation uses ------------------------------------------------

// calendar answers "is this a working day" for one rule's holidays, and separately
// whether the practice's office is open. A new one is built per computation: rickar/cal
// calendars cache lookups in a map and are not safe for concurrent use.
type calendar struct {
	id      CalendarID
	country string // EU only
	bc      *cal.BusinessCalendar
	closed  map[string]bool // YYYY-MM-DD
}

func newCalendar(id CalendarID, opts CalendarOptions) (*calendar, error) {
	bc := cal.NewBusinessCalendar()
	c := &calendar{id: id, bc: bc, closed: make(map[string]bool, len(opts.ClosedDays))}
	switch id {
	case CalendarUSFederal:
		bc.AddHoliday(us.Holidays...)
	case CalendarCalifornia:
		bc.AddHoliday(CaliforniaHolidays...)
	case CalendarEnglandWales:
		bc.AddHoliday(gb.Holidays...)
	case CalendarEU:
		if opts.HolidayCountry != "" {
			if err := ValidateHolidayCountry(opts.HolidayCountry); err != nil {
				return nil, err
			}
			c.country = normCountry(opts.HolidayCountry)
			bc.AddHoliday(publicOnly(euHolidays[c.country].holidays)...)
		}
	default:
		return nil, backend.Errorf(backend.EINTERNAL, "unknown holiday calendar %q", id)
	}
	for _, d := range opts.ClosedDays {
		if !d.IsZero() {
			c.closed[d.String()] = true
		}
	}
	return c, nil
}

// describe names the calendar for explanations ("bank holidays in England and Wales").
func (c *calendar) describe() string {
	if c.id == CalendarEU {
		if c.country == "" {
			return "weekends (no EU country chosen for public holidays)"
		}
		return "public holidays in " + euHolidays[c.country].name
	}
	return c.id.Label()
}

// holiday returns the name of the holiday observed on d, or "".
func (c *calendar) holiday(d backend.Date) string {
	_, obs, h := c.bc.IsHoliday(d.Time())
	if obs && h != nil {
		return h.Name
	}
	return ""
}

// working reports whether d is a working day of the law's calendar: Monday to Friday
// and not an observed holiday. Practice closed days do not count here.
func (c *calendar) working(d backend.Date) bool { return c.bc.IsWorkday(d.Time()) }

// officeOpen reports whether the practice is open on d.
func (c *calendar) officeOpen(d backend.Date) bool { return c.working(d) && !c.closed[d.String()] }

// HolidayCountryFromAddress reads the EU country from the last line of a postal address
// that names one in English ("Germany", "75001 Paris, France"), and returns its code; ""
// for any other address (a US practice has no EU holidays to count).
func HolidayCountryFromAddress(address string) string {
	lines := strings.Split(strings.TrimSpace(address), "\n")
	last := strings.ToLower(strings.Trim(strings.TrimSpace(lines[len(lines)-1]), ".,"))
	if last == "" {
		return ""
	}
	for code, c := range euHolidays {
		name := strings.ToLower(c.name)
		if last == name || strings.HasSuffix(last, " "+name) || strings.HasSuffix(last, ","+name) {
			return code
		}
	}
	return ""
}
