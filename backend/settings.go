package backend

import (
	"bytes"
	"image"
	_ "image/jpeg" // logo formats accepted
	_ "image/png"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// PaperSize of printed letters.
type PaperSize string

const (
	PaperLetter PaperSize = "letter"
	PaperA4     PaperSize = "a4"
)

// MaxLogoBytes limits the practice logo kept in the database and drawn on every letter.
const MaxLogoBytes = 1 << 20

// Practice is the practice profile (Settings): who the practice is, how its letters look,
// and the promises of its own privacy policy.
type Practice struct {
	Name           string    `json:"name"`
	LegalEntity    string    `json:"legalEntity"`
	Address        string    `json:"address"` // postal address, one line per line
	Email          string    `json:"email"`
	Phone          string    `json:"phone"`
	PrivacyContact string    `json:"privacyContact"` // who handles privacy requests
	TimeZone       string    `json:"timeZone"`       // IANA name, e.g. America/Chicago
	Logo           []byte    `json:"logo"`           // PNG or JPEG
	SignatoryName  string    `json:"signatoryName"`
	SignatoryTitle string    `json:"signatoryTitle"`
	PaperSize      PaperSize `json:"paperSize"`
	// PromisedDays is the response time the practice's own policy promises, in calendar
	// days, per regime identifier; 0 or absent means the law's period applies.
	PromisedDays map[string]int `json:"promisedDays"`
	// HolidayCountry is the ISO 3166 code of the EU country most of the practice's GDPR
	// requesters live in: intake offers it (never fills it in) as a request's country, whose
	// public holidays then roll that request's dates (docs/legal.md#holidays).
	HolidayCountry string `json:"holidayCountry"`
	// ClosedDays are extra days the practice is closed (YYYY-MM-DD). They never move a
	// statutory date; they only make the practice's own "send by" date earlier.
	ClosedDays []string `json:"closedDays"`
	// AttachmentMaxMB limits each attached file.
	AttachmentMaxMB int `json:"attachmentMaxMB"`
	// BackupFolder, when set, receives an automatic backup on the first start of each day.
	BackupFolder string `json:"backupFolder"`
	BackupKeep   int    `json:"backupKeep"`
	// What decides which privacy laws reach the practice (docs/legal.md#applicability).
	// Every field may be left empty: unknown, and a verdict that depends on it says
	// "cannot tell".
	//
	// State is the USPS code of the practice's US state ("CA"); its own patient-access
	// clocks may be stricter than HIPAA's (45 CFR 160.203(b)).
	State string `json:"state"`
	// HIPAARole: covered-entity, business-associate or neither.
	HIPAARole HIPAARole `json:"hipaaRole"`
	// RevenueBand is the annual gross revenue: under-25m, 25m-1b or over-1b (US dollars).
	RevenueBand RevenueBand `json:"revenueBand"`
	// Consumers is how many consumers or patients the practice holds personal data of in a
	// year; nil when not recorded.
	Consumers *int `json:"consumers"`
	// SellsData: whether the practice sells or shares personal data ("yes", "no", "").
	SellsData YesNo `json:"sellsData"`
	// OffersEU, OffersUK: whether it offers services to, or monitors, people in the EU or
	// the UK ("yes", "no", "").
	OffersEU  YesNo     `json:"offersEU"`
	OffersUK  YesNo     `json:"offersUK"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// HIPAARole is the practice's role under HIPAA; "" is not recorded.
type HIPAARole string

const (
	HIPAACoveredEntity     HIPAARole = "covered-entity"
	HIPAABusinessAssociate HIPAARole = "business-associate"
	HIPAANeither           HIPAARole = "neither"
	HIPAARoleUnknown       HIPAARole = ""
)

// Covered reports whether the role brings the practice under HIPAA.
func (r HIPAARole) Covered() bool { return r == HIPAACoveredEntity || r == HIPAABusinessAssociate }

// RevenueBand is a band of annual gross revenue whose edges are the state laws'
// thresholds; "" is not recorded.
type RevenueBand string

const (
	RevenueUnder25M RevenueBand = "under-25m"
	Revenue25MTo1B  RevenueBand = "25m-1b"
	RevenueOver1B   RevenueBand = "over-1b"
)

// YesNo is an answer that may be left empty ("" is not recorded).
type YesNo string

const (
	Yes YesNo = "yes"
	No  YesNo = "no"
)

// usStates are the USPS codes a practice's state may take.
var usStates = strings.Fields("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY " +
	"NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY")

// ValidState reports whether s is a USPS state code (upper case).
func ValidState(s string) bool {
	for _, c := range usStates {
		if c == s {
			return true
		}
	}
	return false
}

// MaxConsumers bounds the number of consumers a practice can record.
const MaxConsumers = 1_000_000_000

// validateProfile checks the applicability fields, each naming its field.
func (p *Practice) validateProfile() error {
	p.State = strings.ToUpper(strings.TrimSpace(p.State))
	if p.State != "" && !ValidState(p.State) {
		return Invalid("state", "%q is not a US state (expected a two-letter postal code such as CA, TX or NY).", p.State)
	}
	switch p.HIPAARole {
	case HIPAARoleUnknown, HIPAACoveredEntity, HIPAABusinessAssociate, HIPAANeither:
	default:
		return Invalid("hipaaRole", "The HIPAA role must be covered entity, business associate or neither.")
	}
	switch p.RevenueBand {
	case "", RevenueUnder25M, Revenue25MTo1B, RevenueOver1B:
	default:
		return Invalid("revenueBand", "Choose a revenue band: under $25 million, $25 million to $1 billion, or over $1 billion.")
	}
	if p.Consumers != nil && (*p.Consumers < 0 || *p.Consumers > MaxConsumers) {
		return Invalid("consumers", "Enter a number of consumers between 0 and 1,000,000,000, or leave empty.")
	}
	for _, f := range []struct {
		field string
		v     YesNo
	}{{"sellsData", p.SellsData}, {"offersEU", p.OffersEU}, {"offersUK", p.OffersUK}} {
		if f.v != "" && f.v != Yes && f.v != No {
			return Invalid(f.field, "Answer yes or no, or leave empty.")
		}
	}
	return nil
}

// DefaultPractice is the profile of a new database.
func DefaultPractice() Practice {
	return Practice{TimeZone: "America/Chicago", PaperSize: PaperLetter, PromisedDays: map[string]int{},
		HolidayCountry: "DE", AttachmentMaxMB: 50, BackupKeep: 14}
}

var phoneRE = LazyRegexp(`^\+?[0-9 ().\-]{7,25}(\s*(x|ext\.?)\s*[0-9]{1,6})?$`)
var dateRE = LazyRegexp(`^\d{4}-\d{2}-\d{2}$`)

// ValidateEmail checks an email address's syntax for field.
func ValidateEmail(field, s string, required bool) error {
	if s == "" {
		if required {
			return Invalid(field, "Enter an email address.")
		}
		return nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return Invalid(field, "%q is not a valid email address (expected name@example.com).", s)
	}
	return nil
}

// ValidatePhone checks a phone number for field: digits with the usual separators.
func ValidatePhone(field, s string) error {
	if s == "" {
		return nil
	}
	if !phoneRE().MatchString(s) {
		return Invalid(field, "%q is not a phone number (digits, spaces, + ( ) . - allowed).", s)
	}
	return nil
}

// ValidateText checks a text field's length in characters and refuses invalid UTF-8 and
// control characters other than newlines and tabs.
func ValidateText(field, s string, max int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return Invalid(field, "This field is required.")
	}
	if !utf8.ValidString(s) {
		return Invalid(field, "The text is not valid UTF-8.")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Invalid(field, "Too long: %d characters, at most %d.", n, max)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' {
			return Invalid(field, "The text contains a control character.")
		}
	}
	return nil
}

// ValidateDate checks a YYYY-MM-DD calendar date for field.
func ValidateDate(field, s string, required bool) error {
	if s == "" {
		if required {
			return Invalid(field, "Enter a date.")
		}
		return nil
	}
	if !dateRE().MatchString(s) {
		return Invalid(field, "%q is not a date (expected YYYY-MM-DD).", s)
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return Invalid(field, "%s is not a date that exists.", s)
	}
	return nil
}

// Validate checks the profile field by field and returns the first problem.
func (p *Practice) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Email = strings.TrimSpace(p.Email)
	p.Phone = strings.TrimSpace(p.Phone)
	checks := []error{
		ValidateText("name", p.Name, 200, true),
		ValidateText("legalEntity", p.LegalEntity, 200, false),
		ValidateText("address", p.Address, 1000, false),
		ValidateEmail("email", p.Email, false),
		ValidatePhone("phone", p.Phone),
		ValidateText("privacyContact", p.PrivacyContact, 200, false),
		ValidateText("signatoryName", p.SignatoryName, 200, false),
		ValidateText("signatoryTitle", p.SignatoryTitle, 200, false),
		ValidateText("backupFolder", p.BackupFolder, 4096, false),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	if p.TimeZone == "" {
		return Invalid("timeZone", "Choose the practice's time zone.")
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "Local" {
		return Invalid("timeZone", "%q is not a known time zone (for example America/Chicago).", p.TimeZone)
	}
	if p.PaperSize != PaperLetter && p.PaperSize != PaperA4 {
		return Invalid("paperSize", "Paper size must be US Letter or A4.")
	}
	if len(p.Logo) > 0 {
		if len(p.Logo) > MaxLogoBytes {
			return Invalid("logo", "The logo is %d KB; the limit is %d KB.", len(p.Logo)/1024, MaxLogoBytes/1024)
		}
		_, format, err := image.DecodeConfig(bytes.NewReader(p.Logo))
		if err != nil || (format != "png" && format != "jpeg") {
			return Invalid("logo", "The logo must be a PNG or JPEG image.")
		}
	}
	for k, v := range p.PromisedDays {
		if !Regime(k).Valid() {
			return Invalid("promisedDays", "Unknown regime %q.", k)
		}
		if v < 0 || v > 365 {
			return Invalid("promisedDays."+k, "Enter a number of days between 1 and 365, or leave empty.")
		}
		if v == 0 {
			delete(p.PromisedDays, k)
		}
	}
	if len(p.HolidayCountry) != 2 {
		return Invalid("holidayCountry", "Choose the usual country of the practice's EU requesters (offered at intake for GDPR requests).")
	}
	for _, d := range p.ClosedDays {
		if err := ValidateDate("closedDays", d, true); err != nil {
			return err
		}
	}
	if p.AttachmentMaxMB < 1 || p.AttachmentMaxMB > 2048 {
		return Invalid("attachmentMaxMB", "The attachment limit must be between 1 and 2048 MB.")
	}
	if p.BackupKeep < 1 || p.BackupKeep > 365 {
		return Invalid("backupKeep", "Keep between 1 and 365 automatic backups.")
	}
	return p.validateProfile()
}
