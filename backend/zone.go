package backend

import (
	"strings"
	"time"
)

// ComputerTimeZone names the computer's time zone as an IANA name ("Europe/Berlin"), or
// returns "" when it cannot tell: then the first start asks. It looks, in order, at the
// TZ variable, the zone Go loaded (on most systems only "Local", which names nothing),
// /etc/timezone (Debian, Ubuntu) and the /etc/localtime link (most Unix systems, macOS).
// Windows names its zones differently; there time.Local says "Local" and the practice
// is asked. The lookups are passed in so that tests can play any computer.
func ComputerTimeZone(local *time.Location, getenv func(string) string, readFile func(string) ([]byte, error),
	readlink func(string) (string, error)) string {
	valid := func(name string) string {
		name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		if name == "" || name == "Local" || strings.HasPrefix(name, "/") {
			return ""
		}
		if _, err := time.LoadLocation(name); err != nil {
			return ""
		}
		return name
	}
	if z := valid(getenv("TZ")); z != "" {
		return z
	}
	if local != nil {
		if z := valid(local.String()); z != "" && z != "UTC" {
			return z
		}
	}
	if b, err := readFile("/etc/timezone"); err == nil {
		if z := valid(string(b)); z != "" {
			return z
		}
	}
	if target, err := readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			if z := valid(target[i+len("zoneinfo/"):]); z != "" {
				return z
			}
		}
	}
	return ""
}

// ZoneProposal is what the first start proposes for the practice to confirm: the time
// zone its "today" is counted in and the EU country whose public holidays roll GDPR
// deadlines.
type ZoneProposal struct {
	// PracticeName is the profile's name: "" in a new install, where the first start asks
	// for it too (a profile is not saved without one).
	PracticeName string `json:"practiceName"`
	TimeZone     string `json:"timeZone"`
	// FromComputer: TimeZone is the computer's; false when the computer did not say and
	// the practice's current setting is proposed instead.
	FromComputer   bool   `json:"fromComputer"`
	HolidayCountry string `json:"holidayCountry"`
	// FromAddress: HolidayCountry was read from the practice's address (one that names an
	// EU country); otherwise the current setting is proposed.
	FromAddress bool `json:"fromAddress"`
	Confirmed   bool `json:"confirmed"` // the practice confirmed both already
}
