package rules

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

func mustCompute(t *testing.T, in Input) Deadlines {
	t.Helper()
	d, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCheckExtension(t *testing.T) {
	ccpa := mustCompute(t, Input{Regime: "ccpa", Right: "access", Received: backend.NewDate(2026, 3, 2)}) // due 16 April, max 31 May
	promised := mustCompute(t, Input{Regime: "ccpa", Right: "access", Received: backend.NewDate(2026, 3, 2), PromisedDays: 30})
	optOut := mustCompute(t, Input{Regime: "ccpa", Right: "opt-out", Received: backend.NewDate(2026, 3, 2)})
	extended := mustCompute(t, Input{Regime: "ccpa", Right: "access", Received: backend.NewDate(2026, 3, 2),
		Extension: &Extension{On: backend.NewDate(2026, 4, 1), NewDate: backend.NewDate(2026, 5, 15), Reason: "records in archive"}})
	gdpr := mustCompute(t, Input{Regime: "gdpr", Right: "access", Received: backend.NewDate(2026, 1, 31), Calendar: CalendarOptions{HolidayCountry: "DE"}})

	cases := []struct {
		name    string
		d       Deadlines
		today   string
		newDate string
		reason  string
		code    string
		field   string
		msg     string
	}{
		{"allowed", ccpa, "2026-04-01", "2026-05-15", "records in archive", "", "", ""},
		{"allowed on the last day of the period", ccpa, "2026-04-16", "2026-05-31", "volume", "", "", ""},
		{"allowed past the promise but within the law", promised, "2026-04-10", "2026-04-20", "volume", "", "", ""},
		{"gdpr up to three months, adjusted", gdpr, "2026-03-02", "2026-04-30", "complex", "", "", ""},
		{"no reason", ccpa, "2026-04-01", "2026-05-15", "  ", backend.EINVALID, "extensionReason", "reason"},
		{"after the period", ccpa, "2026-04-17", "2026-05-15", "late", backend.ECONFLICT, "extensionDate", "original period ended on 16 April 2026 for access / right to know (the extension is dated 17 April 2026)"},
		{"beyond the legal maximum", ccpa, "2026-04-01", "2026-06-01", "x", backend.EINVALID, "extensionDate", "no later than 31 May 2026"},
		{"gdpr beyond three months", gdpr, "2026-02-10", "2026-05-01", "x", backend.EINVALID, "extensionDate", "no later than 30 April 2026"},
		{"not later than the due date", ccpa, "2026-04-01", "2026-04-16", "x", backend.EINVALID, "extensionDate", "later than the current due date"},
		{"missing new date", ccpa, "2026-04-01", "", "x", backend.EINVALID, "extensionDate", "new date"},
		{"missing today", ccpa, "", "2026-05-01", "x", backend.EINVALID, "extensionDate", "required"},
		{"before receipt", ccpa, "2026-03-01", "2026-05-01", "x", backend.EINVALID, "extensionDate", "before the request was received"},
		{"no extension in the law", optOut, "2026-03-05", "2026-04-01", "x", backend.EINVALID, "extensionDate", "allows no extension"},
		{"only once", extended, "2026-04-10", "2026-05-20", "again", backend.ECONFLICT, "extensionDate", "one extension"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckExtension(tc.d, date(t, tc.today), date(t, tc.newDate), tc.reason)
			if backend.ErrorCode(err) != tc.code || backend.ErrorField(err) != tc.field || (err != nil && !strings.Contains(err.Error(), tc.msg)) {
				t.Errorf("err = %v (code %q field %q); want code %q field %q with %q", err, backend.ErrorCode(err), backend.ErrorField(err), tc.code, tc.field, tc.msg)
			}
		})
	}
}

func TestComputeWithExtension(t *testing.T) {
	d := mustCompute(t, Input{Regime: "hipaa", Right: "access", Received: backend.NewDate(2026, 3, 2),
		Extension: &Extension{On: backend.NewDate(2026, 3, 30), NewDate: backend.NewDate(2026, 4, 20), Reason: " records off site "}})
	if d.RespondBy.String() != "2026-04-20" || d.StatutoryRespondBy.String() != "2026-04-01" || d.ExtendedRespondBy.String() != "2026-05-01" {
		t.Errorf("respond %s statutory %s extended %s", d.RespondBy, d.StatutoryRespondBy, d.ExtendedRespondBy)
	}
	if d.Extension == nil || d.Extension.Reason != "records off site" {
		t.Errorf("extension = %+v", d.Extension)
	}
	want := "extended on 30 March 2026 to 20 April 2026 (records off site); the law allows up to 1 May 2026 — 45 CFR 164.524(b)(2)"
	if d.RespondHow != want {
		t.Errorf("RespondHow = %q\nwant %q", d.RespondHow, want)
	}
	_, err := Compute(Input{Regime: "hipaa", Right: "access", Received: backend.NewDate(2026, 3, 2),
		Extension: &Extension{On: backend.NewDate(2026, 4, 2), NewDate: backend.NewDate(2026, 4, 20), Reason: "late"}})
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("an extension after the period: %v", err)
	}
}
