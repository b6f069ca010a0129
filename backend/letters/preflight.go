package letters

import (
	"fmt"
	"strings"

	"privacydesk/backend"
)

// Severity says whether a preflight problem refuses the letter or only needs to be
// acknowledged.
type Severity string

const (
	// SeverityBlocking refuses the letter until the problem is fixed.
	SeverityBlocking Severity = "blocking"
	// SeverityWarning lets the letter be made once the person has acknowledged it.
	SeverityWarning Severity = "warning"
)

// Where a problem is fixed: the window's screen for it.
const (
	FixRequest  = "request"  // the request's edit form
	FixSettings = "settings" // the practice profile
	FixDataMap  = "datamap"  // the data map
	FixVendor   = "vendor"   // the vendor register
	FixOutcome  = "outcome"  // the request's rights and outcomes
	FixNothing  = "none"     // nothing to fix: a fact to know before sending (a warning)
	FixTasks    = "tasks"    // the request's vendor tasks
)

// Problem is something wrong with a letter before it is made: what, in words a busy
// office manager acts on, and where to fix it.
type Problem struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Field is the field to fix, as its form names it ("requester.address",
	// "requesterWords", "privacyContact", "phone").
	Field string `json:"field"`
	// Fix is the screen where it is fixed: request, settings, datamap, vendor, outcome or
	// tasks; none for a warning that only says something to know.
	Fix string `json:"fix"`
}

// Blocking reports whether any problem refuses the letter.
func Blocking(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == SeverityBlocking {
			return true
		}
	}
	return false
}

// Preflight checks a letter of tpl's kind for the request in d before it is made, and
// returns every problem found (none: the letter can be made). It catches what a reader
// would find wrong in a letter that renders: a statement the facts contradict, a letter
// no one can deliver, an addressee the law does not intend, text the fonts cannot print,
// and staff notes quoted as the requester's words.
func Preflight(tpl Template, d *Data) []Problem {
	var out []Problem
	block := func(code, field, fix, format string, args ...any) {
		out = append(out, Problem{code, SeverityBlocking, fmt.Sprintf(format, args...), field, fix})
	}
	warn := func(code, field, fix, format string, args ...any) {
		out = append(out, Problem{code, SeverityWarning, fmt.Sprintf(format, args...), field, fix})
	}
	k := tpl.Kind
	if err := CheckFit(k, d); err != nil {
		fix := FixOutcome
		if backend.ErrorField(err) == "request.regime" || backend.ErrorField(err) == "request.rights" {
			fix = FixRequest
		}
		block("does-not-fit", backend.ErrorField(err), fix, "%s", backend.ErrorMessage(err))
		return out // the other checks assume a letter that fits
	}
	if strings.TrimSpace(d.Practice.Name) == "" {
		block("practice-name", "name", FixSettings, "Enter the practice's name in Settings: it heads every letter.")
	}

	to := d.recipient(k)
	toVendor := k.Info().ToVendor
	switch {
	case strings.TrimSpace(to.Name) == "":
		block("no-addressee", "requester.name", FixRequest, "The letter has no addressee: record the requester's name first.")
	case len(to.Address) == 0 && strings.TrimSpace(to.Email) == "":
		field, fix, who := "requester.address", FixRequest, "the requester"
		switch {
		case toVendor:
			field, fix, who = "address", FixVendor, "the vendor"
		case to.Name == d.Agent.Name && d.Agent.Name != "":
			field, who = "agent.address", "the agent or representative"
		}
		block("no-address", field, fix, "There is nowhere to send this letter: %s (%s) has no postal address and no email address. Record one of them.", who, to.Name)
	}

	// A request someone else made for the requester is answered to them (the agent's
	// authority is checked separately, with the proof-of-authority letter).
	if !toVendor && d.Agent.Name != "" && to.Name != d.Agent.Name {
		copied := false
		for _, c := range d.Copies {
			copied = copied || c.Name == d.Agent.Name
		}
		msg := "This letter is addressed to %s, not to %s, who made the request for them."
		if copied {
			msg += " %[2]s gets a copy."
		}
		warn("agent-not-addressed", "agent.name", FixRequest, msg, to.Name, d.Agent.Name)
	}

	// Information goes to someone acting for the requester only once their authority is
	// shown (11 CCR 7063; 45 CFR 164.502(g)).
	switch k {
	case KindAccessResponse, KindPortabilityCover, KindHIPAAAccess, KindHIPAAAccounting:
		if d.WritesToAgent && d.Agent.Name != "" && to.Name == d.Agent.Name && !d.AgentProven {
			block("agent-unproven", "proofOfAuthority", FixRequest, "This letter discloses %s's information to %s, whose authority to act for them is not recorded. Record the signed permission or proof of authority on the request first.", d.Requester.Name, d.Agent.Name)
		}
	}

	for _, c := range []struct{ field, v string }{
		{d.requesterNameField(), d.Requester.Name}, {"agent.name", d.Agent.Name}, {"requester.address", strings.Join(d.Requester.Address, "\n")},
		{"agent.address", strings.Join(d.Agent.Address, "\n")}, {"practice.name", d.Practice.Name},
		{"practice.address", d.Practice.Address}, {"practice.signatory_name", d.Practice.SignatoryName},
	} {
		if err := checkPrintable(c.field, clean(c.v)); err != nil {
			fix := FixRequest
			if strings.HasPrefix(c.field, "practice.") {
				fix = FixSettings
			}
			block("unprintable", c.field, fix, "%s", backend.ErrorMessage(err))
		}
	}

	quotes := false
	if doc, err := ParseTemplate(tpl.Body); err == nil {
		for _, f := range doc.Fields() {
			quotes = quotes || f == "request.description"
		}
	}
	if quotes {
		switch {
		case strings.TrimSpace(d.Request.Description) == "" && strings.TrimSpace(d.Request.InternalSummary) != "":
			// The summary is never printed, so nothing false goes out; the letter just
			// quotes nothing, which the person may prefer to fix.
			warn("words-missing", "requesterWords", FixRequest, "The letter will not quote the request: only the staff's internal summary is recorded, and that is never quoted to the requester. To quote them, enter the requester's own words on the request (\"The requester's words\").")
		case strings.TrimSpace(d.Request.Description) != "":
			if err := checkPrintable("requesterWords", clean(d.Request.Description)); err != nil {
				block("unprintable", "requesterWords", FixRequest, "%s", backend.ErrorMessage(err))
			}
		}
	}

	// The letters that report a request done say the service providers were directed to
	// act (Cal. Civ. Code 1798.105(c)(1); 11 CCR 7026(f); GDPR Art. 19): not while one is
	// still to be told.
	switch k {
	case KindDeletionDone, KindCorrectionDone, KindOptOutDone:
		if len(d.VendorsToTell) > 0 {
			block("vendors-not-told", "vendorTasks", FixTasks, "The letter would say the service providers were directed to act, but %s %s not been told yet. Direct them first, or waive the tasks that do not apply.", joinAnd(d.VendorsToTell), map[bool]string{true: "has", false: "have"}[len(d.VendorsToTell) == 1])
		}
	}

	if k == KindAccessResponse && len(d.DataMap) == 0 {
		block("datamap-empty", "datamap", FixDataMap, "The data map lists no category of personal information the practice collects, so the letter would tell the requester that nothing was collected while enclosing their information. Fill in the data map (Vendors, Data map) first.")
	}

	// A HIPAA denial must give the name or title and the telephone number of the
	// person or office that takes complaints (45 CFR 164.524(d)(2)(iii), 164.526(d)(1)(iv)).
	if d.Request.Regime == backend.RegimeHIPAA && (k == KindDenial || (k == KindHIPAAAmendment && strings.TrimSpace(d.Request.DenialReason) != "")) {
		if strings.TrimSpace(d.Practice.PrivacyContact) == "" {
			block("hipaa-contact-title", "privacyContact", FixSettings, "A HIPAA denial must name the person or office that takes complaints (45 CFR 164.524(d)(2)(iii)). Enter the privacy contact's title in Settings.")
		}
		if strings.TrimSpace(d.Practice.Phone) == "" {
			block("hipaa-contact-phone", "phone", FixSettings, "A HIPAA denial must give the telephone number of the person or office that takes complaints (45 CFR 164.524(d)(2)(iii)). Enter the practice's telephone number in Settings.")
		}
	}
	return out
}

// PreflightError is the error a letter with problems is refused with: the first blocking
// problem, or, when only warnings remain unacknowledged, the first of them. It names the
// problem's field, in one line.
func PreflightError(ps []Problem, acceptWarnings bool) error {
	for _, p := range ps {
		if p.Severity == SeverityBlocking {
			return backend.Invalid(p.Field, "%s", p.Message)
		}
	}
	if acceptWarnings {
		return nil
	}
	var warns []string
	for _, p := range ps {
		warns = append(warns, p.Message)
	}
	if len(warns) == 0 {
		return nil
	}
	return backend.Errorf(backend.ECONFLICT, "Acknowledge before making the letter (command line: --accept-warnings): %s", strings.Join(warns, " "))
}
