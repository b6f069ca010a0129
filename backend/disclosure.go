package backend

import "strings"

// Disclosure is one disclosure of a patient's protected health information that a
// HIPAA accounting must list (45 CFR 164.528(b)(2)): the date, the recipient and its
// address when known, a brief description of the information and a brief statement of
// the purpose. Staff record them on the accounting request from the practice's records;
// the hipaa-accounting letter lists them.
type Disclosure struct {
	ID               int64  `json:"id"`
	RequestRef       string `json:"requestRef"`
	DisclosedOn      Date   `json:"disclosedOn"`
	Recipient        string `json:"recipient"`
	RecipientAddress string `json:"recipientAddress"`
	Description      string `json:"description"`
	Purpose          string `json:"purpose"`
}

// AccountingYears is how far back an accounting reaches (45 CFR 164.528(a)(1)).
const AccountingYears = 6

// Validate checks a disclosure for an accounting request received on received.
func (d *Disclosure) Validate(received Date) error {
	d.Recipient = strings.TrimSpace(d.Recipient)
	d.Description = strings.TrimSpace(d.Description)
	d.Purpose = strings.TrimSpace(d.Purpose)
	if d.DisclosedOn.IsZero() {
		return Invalid("disclosedOn", "Enter the date of the disclosure.")
	}
	if !received.IsZero() {
		if d.DisclosedOn.After(received) {
			return Invalid("disclosedOn", "The disclosure is dated after the request was received (%s); an accounting covers disclosures before it.", received)
		}
		earliest := accountingFrom(received)
		if d.DisclosedOn.Before(earliest) {
			return Invalid("disclosedOn", "An accounting covers the %d years before the request (from %s); this disclosure is older (45 CFR 164.528(a)(1)).", AccountingYears, earliest)
		}
	}
	for _, err := range []error{
		ValidateText("recipient", d.Recipient, 200, true),
		ValidateText("recipientAddress", d.RecipientAddress, 1000, false),
		ValidateText("description", d.Description, 2000, true),
		ValidateText("purpose", d.Purpose, 2000, true),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// accountingFrom is the first day an accounting of a request received on received covers:
// the same day AccountingYears earlier, or where that month has no such day (29 February)
// its last day, as the app counts months; not the 1 March time.Date would make of it.
func accountingFrom(received Date) Date {
	y, m, d := received.Time().Date()
	first := NewDate(y-AccountingYears, m, 1)
	if last := first.Time().AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	return NewDate(y-AccountingYears, m, d)
}
