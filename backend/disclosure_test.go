package backend

import "testing"

// TestDisclosureLookback: an accounting covers the six years before the request (45 CFR
// 164.528(a)(1)); six years before 29 February is the 28th, that month's last day, as
// the app counts months, not 1 March.
func TestDisclosureLookback(t *testing.T) {
	cases := []struct {
		received, disclosed Date
		ok                  bool
	}{
		{NewDate(2026, 2, 20), NewDate(2020, 2, 20), true},
		{NewDate(2026, 2, 20), NewDate(2020, 2, 19), false},
		{NewDate(2028, 2, 29), NewDate(2022, 2, 28), true},
		{NewDate(2028, 2, 29), NewDate(2022, 2, 27), false},
		{NewDate(2030, 2, 28), NewDate(2024, 2, 28), true},
		{NewDate(2030, 2, 28), NewDate(2024, 2, 27), false},
	}
	for _, c := range cases {
		d := Disclosure{DisclosedOn: c.disclosed, Recipient: "County health department", Description: "Immunisation record", Purpose: "Public health reporting"}
		err := d.Validate(c.received)
		if (err == nil) != c.ok {
			t.Errorf("received %s, disclosed %s: err = %v, want ok %v", c.received, c.disclosed, err, c.ok)
		} else if err != nil && ErrorField(err) != "disclosedOn" {
			t.Errorf("received %s, disclosed %s: field %q", c.received, c.disclosed, ErrorField(err))
		}
	}
}
