package letters

import (
	"os"
	"strings"
	"testing"

	"privacydesk/backend"
)

// flat is a letter's text on one line, no-break spaces as spaces.
func flat(t *testing.T, tpl Template, d Data) string {
	t.Helper()
	pdf, err := RenderBytes(tpl, d)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(pdfText(t, pdf), "\u00a0", " ")), " ")
}

// Rights that share one date and one rule need no list: the acknowledgment says the date
// once, as before.
func TestAcknowledgmentOneDateForOneRule(t *testing.T) {
	d := baseData(backend.RegimeGDPR, backend.RightAccess, backend.RightPortability)
	d.Deadline.Rights = []RightDue{
		{Right: backend.RightAccess, Due: date("2026-04-16"), Citation: "GDPR Art. 12(3)"},
		{Right: backend.RightPortability, Due: date("2026-04-16"), Citation: "GDPR Art. 12(3)"},
	}
	text := flat(t, Builtin(KindAcknowledgment), d)
	if !strings.Contains(text, "We will respond in full by 16 April 2026") && !strings.Contains(text, "We will respond in full by April 16, 2026") {
		t.Errorf("one date and rule for every right is not given in one sentence:\n%s", text)
	}
	if strings.Contains(text, "its own time limit") {
		t.Errorf("rights with one date and rule are listed:\n%s", text)
	}
	// A different date for one right lists them.
	d.Deadline.Rights[1].Due = date("2026-04-17")
	text = flat(t, Builtin(KindAcknowledgment), d)
	if !strings.Contains(text, "its own time limit") || strings.Contains(text, "We will respond in full by") {
		t.Errorf("rights with different dates are not listed:\n%s", text)
	}
}

// A practice's edited copy of the version 3 acknowledgment (one date, the earliest) keeps
// rendering once the rights carry their own dates, and still gives the earliest date.
func TestAcknowledgmentVersion3StillRenders(t *testing.T) {
	body, err := os.ReadFile("testdata/acknowledgment-v3.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	tpl := Template{Kind: KindAcknowledgment, Name: "Our acknowledgment", Version: 7, Body: string(body)}
	if err := ValidateTemplate(tpl); err != nil {
		t.Fatalf("the version 3 text no longer validates: %v", err)
	}
	d := baseData(backend.RegimeHIPAA, backend.RightAccess, backend.RightCorrection)
	d.Deadline = Deadline{RespondBy: date("2026-04-01"), Right: backend.RightAccess, Rights: []RightDue{
		{Right: backend.RightAccess, Due: date("2026-04-01"), Citation: "45 CFR 164.524(b)(2)"},
		{Right: backend.RightCorrection, Due: date("2026-05-01"), Citation: "45 CFR 164.526(b)(2)"},
	}}
	text := flat(t, tpl, d)
	if !strings.Contains(text, "We will respond in full by April 1, 2026 (45 CFR § 164.524(b)(2))") {
		t.Errorf("the version 3 text does not give the earliest date:\n%s", text)
	}
}

// The list of due dates is a template source like the others: the editor lists it and
// a misspelling is refused naming it.
func TestDeadlineRightsSource(t *testing.T) {
	found := false
	for _, f := range Fields() {
		found = found || f.Name == "#list deadline.rights"
	}
	if !found {
		t.Errorf("Fields does not list #list deadline.rights")
	}
	_, err := ParseTemplate("Dear you,\n\n{{#list deadline.right}}\n")
	if backend.ErrorField(err) != "body" || !strings.Contains(backend.ErrorMessage(err), "deadline.rights") {
		t.Errorf("a misspelt list: %v", err)
	}
}

// With only one right still open and its date not the earliest of the request (the
// others decided), the acknowledgment says that right's date in one sentence, not as a
// list of one; a passed date is apologised for, a right with no period says so.
func TestAcknowledgmentOneRightOpen(t *testing.T) {
	hipaa := func(open RightDue) Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess, open.Right)
		d.Deadline = Deadline{RespondBy: date("2026-04-01"), Right: backend.RightAccess, Rights: []RightDue{open}}
		return d
	}
	amend := RightDue{Right: backend.RightCorrection, Due: date("2026-05-01"), Citation: "45 CFR 164.526(b)(2)"}
	for _, tc := range []struct {
		name    string
		d       func() Data
		want    []string
		notWant []string
	}{
		{"open", func() Data { return hipaa(amend) }, []string{
			"We will respond to your request for amendment of your health information by May 1, 2026 (45 CFR § 164.526(b)(2)). " +
				"If we need more time, as the law allows in some cases, we will write to you before that date to explain why and to give you the new date.",
		}, []string{"We are sorry"}},
		{"passed", func() Data {
			d := hipaa(amend)
			d.Today = date("2026-05-04")
			return d
		}, []string{
			"We are sorry that we have not yet answered your request for amendment of your health information within the time allowed, " +
				"which ended on May 1, 2026 (45 CFR § 164.526(b)(2)). We are treating it as a priority and will respond as soon as we can.",
		}, []string{"We will respond to your request", "If we need more time"}},
		{"extended", func() Data {
			d := hipaa(RightDue{Right: backend.RightCorrection, Due: date("2026-05-31"), Citation: "45 CFR 164.526(b)(2)", Extended: true})
			d.Deadline.ExtendedRespondBy, d.Deadline.ExtensionReason = date("2026-05-31"), "Records are archived off site."
			return d
		}, []string{
			"We will respond to your request for amendment of your health information by May 31, 2026 (extended under 45 CFR § 164.526(b)(2)).",
		}, []string{"If we need more time", "We are sorry"}},
		{"no period", func() Data {
			return hipaa(RightDue{Right: backend.RightRestrict, Citation: "45 CFR 164.522(a)", NoLawPeriod: true})
		}, []string{
			"The law sets no time limit for your request for restriction of uses and disclosures of your health information (45 CFR § 164.522(a)). " +
				"We will respond as soon as we can.",
		}, []string{"If we need more time", "We are sorry", "We will respond to your request for"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := flat(t, Builtin(KindAcknowledgment), tc.d())
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the letter does not say %q:\n%s", w, text)
				}
			}
			for _, w := range append(tc.notWant, "its own time limit", "We will respond in full by", "April 1, 2026") {
				if strings.Contains(text, w) {
					t.Errorf("the letter says %q:\n%s", w, text)
				}
			}
		})
	}
	// An edited copy of version 3 renders as it did: one date, the earliest of the request.
	body, err := os.ReadFile("testdata/acknowledgment-v3.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	v3 := Template{Kind: KindAcknowledgment, Name: "Our acknowledgment", Version: 7, Body: string(body)}
	if text := flat(t, v3, hipaa(amend)); !strings.Contains(text, "We will respond in full by April 1, 2026 (45 CFR § 164.524(b)(2))") {
		t.Errorf("the version 3 text does not give the earliest date:\n%s", text)
	}
	// And an edited copy of version 4 too: its list, of one right.
	body, err = os.ReadFile("testdata/acknowledgment-v4.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	v4 := Template{Kind: KindAcknowledgment, Name: "Our acknowledgment", Version: 8, Body: string(body)}
	if err := ValidateTemplate(v4); err != nil {
		t.Fatalf("the version 4 text no longer validates: %v", err)
	}
	if text := flat(t, v4, hipaa(amend)); !strings.Contains(text, "We will respond to each part by its date: • Amendment of your health information: by May 1, 2026 (45 CFR § 164.526(b)(2))") {
		t.Errorf("the version 4 text does not list the open right:\n%s", text)
	}
}
