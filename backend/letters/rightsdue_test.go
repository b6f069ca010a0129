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
