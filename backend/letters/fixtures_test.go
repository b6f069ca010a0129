package letters

import (
	"time"

	"privacydesk/backend"
)

// Fixtures: one request per case, with names in several scripts that must print exactly.

func date(s string) backend.Date {
	d, err := backend.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func testPractice() backend.Practice {
	p := backend.DefaultPractice()
	p.Name = "Sessions, Inc."
	p.LegalEntity = "Sessions, Inc."
	p.Address = "3948 Market St #24702\nMinneapolis, MN 55424"
	p.Email = "contact@sessionshealth.com"
	p.Phone = "(612) 555-0142"
	p.PrivacyContact = "Privacy Officer"
	p.SignatoryName = "Jordan Ellis"
	p.SignatoryTitle = "Privacy Officer"
	return p
}

var testDataMap = []DataMapRow{
	{Category: "Identifiers", Examples: "Name, postal address, email address, telephone number, date of birth, client number, IP address",
		Sources: "You; your referring clinician; our website", Purposes: "Scheduling and providing therapy sessions; billing; appointment reminders; security of our systems",
		Retention: "7 years after the last session", DisclosedTo: []string{"Healthcare Blocks", "Google Cloud", "Twilio", "Mailgun", "HelpScout"}},
	{Category: "Customer records (Cal. Civ. Code § 1798.80(e))", Examples: "Insurance policy number, payment card details (held by our payment processor), signature",
		Sources: "You; your health plan", Purposes: "Billing and claims; payment processing", Retention: "7 years after the last payment",
		DisclosedTo: []string{"Claim.MD", "Stripe", "Payabli"}},
	{Category: "Sensitive personal information: health", Examples: "Session notes, diagnoses, treatment plans, assessments, medications you report",
		Sources: "You; your clinician", Purposes: "Providing care; coordinating care with other providers you name; meeting legal obligations",
		Retention: "As state medical-records law requires (at least 7 years; for minors, until 25 years of age)", DisclosedTo: []string{"Healthcare Blocks", "Google Cloud", "OpenAI"}},
	{Category: "Internet or network activity", Examples: "Log-in times, pages of our patient portal visited, device and browser type",
		Sources: "Your use of our portal and website", Purposes: "Security, fraud prevention and debugging", Retention: "13 months",
		DisclosedTo: []string{"Datadog"}},
	{Category: "Commercial information", Examples: "Sessions booked, packages purchased, payment history",
		Sources: "You", Purposes: "Billing; answering your questions", Retention: "7 years", DisclosedTo: nil},
}

type fixture struct {
	name string // golden file name
	kind Kind
	data func() Data
}

func baseData(regime backend.Regime, rights ...backend.Right) Data {
	return Data{
		Practice: testPractice(),
		Today:    date("2026-03-09"),
		Requester: Party{Name: "Łukasz Nguyễn-Müller", Email: "lukasz@example.com", Phone: "+1 612 555 0199",
			Address: []string{"1200 Lakeview Ave, Apt 4B", "Minneapolis, MN 55408"}},
		Request: Request{Reference: "PR-2026-0001", Regime: regime, Rights: rights, Received: date("2026-03-02"),
			Channel: "email", Description: "Please tell me what you hold about me and delete what you no longer need."},
		Deadline: Deadline{RespondBy: date("2026-04-16")},
	}
}

var fixtures = []fixture{
	{"acknowledgment", KindAcknowledgment, func() Data {
		return baseData(backend.RegimeCCPA, backend.RightAccess, backend.RightDeletion)
	}},
	{"verify-identity", KindVerifyIdentity, func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) }},
	{"agent-proof", KindAgentProof, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightDeletion)
		d.Agent = Party{Name: "Zoë O'Brien-Núñez", Organization: "O'Brien Privacy Services LLC", Email: "zoe@obrien.example",
			Address: []string{"55 Calle Núñez, Suite 300", "San Diego, CA 92101"}}
		return d
	}},
	{"deletion-confirm", KindDeletionConfirm, func() Data { return baseData(backend.RegimeVA, backend.RightDeletion) }},
	{"extension", KindExtension, func() Data {
		d := baseData(backend.RegimeGDPR, backend.RightAccess)
		d.Deadline = Deadline{RespondBy: date("2026-04-02"), ExtendedRespondBy: date("2026-06-02"),
			ExtensionReason: "Your request covers records held in three systems, including archived session notes from 2019 to 2022 that our records vendor must restore before we can review them, and we have received an unusually high number of requests this month."}
		return d
	}},
	{"access-response", KindAccessResponse, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightAccess)
		d.DataMap = testDataMap
		d.Enclosures = []string{"client-record-PR-2026-0001.pdf (your client record, 14 pages)", "billing-history.csv (your invoices and payments)"}
		return d
	}},
	{"access-response-gdpr", KindAccessResponse, func() Data {
		d := baseData(backend.RegimeGDPR, backend.RightAccess)
		d.Requester.Name = "Ζωή Παπαδοπούλου"
		d.DataMap = testDataMap
		d.Enclosures = []string{"personal-data-PR-2026-0001.json"}
		return d
	}},
	{"portability-cover", KindPortabilityCover, func() Data {
		d := baseData(backend.RegimeCO, backend.RightPortability)
		d.Enclosures = []string{"your-data.json (machine-readable, all categories)", "your-data.csv (the same data as a spreadsheet)"}
		return d
	}},
	{"correction-done", KindCorrectionDone, func() Data {
		d := baseData(backend.RegimeUKGDPR, backend.RightCorrection)
		d.Requester.Name = "Zoë O'Brien-Núñez"
		d.Requester.Address = []string{"Flat 2, 14 Albion Road", "London N16 9PG", "United Kingdom"}
		d.Request.Granted = []backend.Right{backend.RightCorrection}
		d.Request.Response = "Your date of birth now reads 14 July 1988 (it read 17 July 1988), and your postal address is updated to Flat 2, 14 Albion Road, London N16 9PG."
		d.VendorsTold = []string{"Healthcare Blocks", "Claim.MD"}
		return d
	}},
	{"deletion-done", KindDeletionDone, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightDeletion)
		d.VendorsTold = []string{"Healthcare Blocks", "Google Cloud", "HelpScout", "Twilio", "Mailgun"}
		d.Request.Granted, d.Request.DeletionConfirmed = []backend.Right{backend.RightDeletion}, true
		d.Request.Response = "We kept your clinical record and billing history, which California law requires us to keep for seven years after your last session (Cal. Health & Safety Code § 123145), and a record of this request."
		return d
	}},
	{"opt-out-done", KindOptOutDone, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightOptOut, backend.RightLimitSensitive)
		d.Request.Granted = []backend.Right{backend.RightOptOut, backend.RightLimitSensitive}
		d.VendorsTold = []string{"Mailgun"}
		return d
	}},
	{"denial", KindDenial, func() Data {
		d := baseData(backend.RegimeVA, backend.RightDeletion)
		d.Request.DenialBasis = "An exemption applies"
		d.Request.DenialReason = "The information you asked us to delete is protected health information that we hold as a covered entity under HIPAA. The Virginia Consumer Data Protection Act does not apply to it (Va. Code § 59.1-576(C)), and we must keep your clinical record for the period state law requires."
		d.Deadline.AppealBy = date("2026-05-08")
		return d
	}},
	{"denial-gdpr", KindDenial, func() Data {
		d := baseData(backend.RegimeUKGDPR, backend.RightDeletion)
		d.Request.DenialBasis = "Manifestly unfounded or excessive"
		d.Request.DenialReason = "This is the seventh request for erasure of the same records in four months; each earlier request was answered in full."
		return d
	}},
	{"denial-hipaa", KindDenial, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess)
		d.Request.DenialBasis = backend.DenialHIPAAHarmToOther.Label()
		d.Request.Denials = map[backend.Right]backend.DenialReason{backend.RightAccess: backend.DenialHIPAAHarmToOther}
		d.Request.DenialReason = "Your treating clinician, a licensed psychologist, has determined that access to the psychotherapy assessment of 12 January 2026 is reasonably likely to endanger the physical safety of another person named in it."
		d.Request.Response = "We enclose the rest of your designated record set: intake forms, appointment history and billing records."
		return d
	}},
	// A ground the rule does not let be reviewed: no review paragraph.
	{"denial-hipaa-unreviewable", KindDenial, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess)
		d.Request.DenialBasis = backend.DenialHIPAAPsychotherapyNotes.Label()
		d.Request.Denials = map[backend.Right]backend.DenialReason{backend.RightAccess: backend.DenialHIPAAPsychotherapyNotes}
		d.Request.DenialReason = "The notes you asked for are your therapist's psychotherapy notes, kept apart from your medical record."
		return d
	}},
	{"denial-ccpa-correction", KindDenial, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightCorrection)
		d.Request.DenialBasis = "Other"
		d.Request.DenialReason = "The diagnosis you asked us to change was made by your clinician; our records show it accurately."
		return d
	}},
	{"denial-fl", KindDenial, func() Data {
		d := baseData(backend.RegimeFL, backend.RightDeletion)
		d.Request.DenialBasis = "Identity could not be verified"
		d.Request.DenialReason = "The details you sent did not match our records."
		return d
	}},
	{"appeal-decision-va-denied", KindAppealDecision, func() Data {
		d := baseData(backend.RegimeVA, backend.RightAppeal)
		d.Request.DenialBasis = "An exemption applies"
		d.Request.DenialReason = "The records are protected health information that Va. Code § 59.1-576(C) places outside the Act."
		return d
	}},
	{"appeal-decision-co-denied", KindAppealDecision, func() Data {
		d := baseData(backend.RegimeCO, backend.RightAppeal)
		d.Request.DenialReason = "We hold no personal data about you other than the record of your requests."
		return d
	}},
	{"appeal-decision-tx-granted", KindAppealDecision, func() Data {
		d := baseData(backend.RegimeTX, backend.RightAppeal)
		d.Request.Granted = []backend.Right{backend.RightAppeal}
		d.Request.Response = "We will delete the information you asked about by April 1, 2026 and write to confirm."
		return d
	}},
	{"acknowledgment-withdraw-consent", KindAcknowledgment, func() Data {
		d := baseData(backend.RegimeGDPR, backend.RightWithdrawConsent)
		d.Request.Description = "I no longer consent to appointment reminders by text."
		return d
	}},
	{"acknowledgment-gdpr-deletion", KindAcknowledgment, func() Data { return baseData(backend.RegimeGDPR, backend.RightDeletion) }},
	{"deletion-confirm-ccpa-online", KindDeletionConfirm, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightDeletion)
		d.Request.Channel = "web form"
		return d
	}},
	{"verify-identity-hipaa", KindVerifyIdentity, func() Data { return baseData(backend.RegimeHIPAA, backend.RightAccess) }},
	{"extension-agent", KindExtension, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightAccess)
		d.Agent = Party{Name: "Pat Agent", Organization: "Agent Privacy LLC", Email: "pat@agent.example", Address: []string{"1 Agent Way", "Sacramento, CA 95814"}}
		d.WritesToAgent = true
		d.Deadline = Deadline{RespondBy: date("2026-04-16"), ExtendedRespondBy: date("2026-05-31"), ExtensionReason: "Records are archived off site."}
		return d
	}},
	{"deletion-confirm-agent", KindDeletionConfirm, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightDeletion)
		d.Agent = Party{Name: "Pat Agent", Email: "pat@agent.example", Address: []string{"1 Agent Way", "Sacramento, CA 95814"}}
		d.WritesToAgent = true
		d.Copies = []Party{d.Requester}
		return d
	}},
	{"hipaa-access", KindHIPAAAccess, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess)
		d.Enclosures = []string{"Intake and consent forms (6 pages)", "Treatment plan, 2025 (3 pages)", "Appointment and billing history (2 pages)"}
		d.Request.Response = "You asked for paper copies by mail. There is no charge for these copies."
		return d
	}},
	{"hipaa-amendment", KindHIPAAAmendment, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightCorrection)
		d.Request.Granted = []backend.Right{backend.RightCorrection}
		d.Request.Response = "The medication list in your record of 3 February 2026 now shows sertraline 50 mg daily (it showed 100 mg)."
		return d
	}},
	{"hipaa-amendment-denied", KindHIPAAAmendment, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightCorrection)
		d.Request.DenialBasis = backend.DenialHIPAAAccurateComplete.Label()
		d.Request.Denials = map[backend.Right]backend.DenialReason{backend.RightCorrection: backend.DenialHIPAAAccurateComplete}
		d.Request.DenialReason = "Your clinician reviewed the session note of 20 January 2026 and found that it accurately records what was discussed."
		return d
	}},
	{"hipaa-accounting", KindHIPAAAccounting, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccounting)
		d.Disclosures = []Disclosure{
			{date("2025-04-14"), "Minnesota Department of Health, 625 Robert St N, St. Paul, MN 55155", "Immunization status", "Public health reporting required by law (45 CFR § 164.512(b))"},
			{date("2025-09-02"), "Hennepin County District Court", "Dates of attendance, June to August 2025", "Response to a court order (45 CFR § 164.512(e))"},
			{date("2026-01-20"), "Acme Life Insurance Co., 100 Main St, Hartford, CT 06103", "Diagnosis and treatment dates", "Sent in error to the wrong insurer; reported to you on 22 January 2026"},
			// Repeated disclosures to one recipient for one purpose: the summary form.
			{date("2025-10-01"), "Minnesota Department of Health, 625 Robert St N, St. Paul, MN 55155", "Immunization status", "Public health reporting required by law (45 CFR § 164.512(b))"},
			{date("2025-12-01"), "Minnesota Department of Health, 625 Robert St N, St. Paul, MN 55155", "Immunization status", "Public health reporting required by law (45 CFR § 164.512(b))"},
		}
		return d
	}},
	{"vendor-direction", KindVendorDirection, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightDeletion)
		d.Vendor = Vendor{Name: "Healthcare Blocks", Contact: "Compliance Team", Email: "compliance@healthcareblocks.example",
			Address: []string{"PO Box 12345", "Portland, OR 97201"}, ConfirmBy: date("2026-03-23")}
		return d
	}},
	{"acknowledgment-a4-chinese", KindAcknowledgment, func() Data {
		d := baseData(backend.RegimeGDPR, backend.RightAccess, backend.RightPortability)
		d.Practice.PaperSize = backend.PaperA4
		d.Requester.Name = "王小明"
		d.Requester.Address = []string{"Friedrichstraße 123", "10117 Berlin", "Germany"}
		d.Request.Description = "请告诉我你们持有我的哪些数据。Please send me a copy of my data."
		return d
	}},
	{"acknowledgment-late", KindAcknowledgment, func() Data {
		// Acknowledged after the respond-by date: the letter must not promise a past date.
		d := baseData(backend.RegimeHIPAA, backend.RightAccess)
		d.Today = date("2026-04-20")
		d.Request.Regime = backend.RegimeHIPAA
		return d
	}},
	{"acknowledgment-guardian", KindAcknowledgment, func() Data {
		// A parent made the request for a minor: the letter goes to the parent.
		d := baseData(backend.RegimeCCPA, backend.RightDeletion)
		d.Requester.Name = "Mia Chen"
		d.Agent = Party{Name: "王小明", Email: "xiaoming@example.com", Address: []string{"88 Grand Ave", "Oakland, CA 94612"}}
		d.WritesToAgent = true
		return d
	}},
	// An acknowledgment sent after an extension does not say "if we need more time".
	{"acknowledgment-extended", KindAcknowledgment, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightAccess)
		d.Request.Status = string(backend.StatusExtended)
		d.Deadline = Deadline{RespondBy: date("2026-05-31"), ExtendedRespondBy: date("2026-05-31"), ExtensionReason: "Records are archived off site."}
		return d
	}},
	// Rights with different clocks: each its own date and rule; a stricter state
	// patient-access date cited to the state's law; a right the rule sets no period for.
	{"acknowledgment-by-right", KindAcknowledgment, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess, backend.RightCorrection, backend.RightAccounting, backend.RightRestrict)
		d.Practice.State = "CA"
		d.Deadline = Deadline{RespondBy: date("2026-03-17"), StateCitation: "Cal. Health & Safety Code 123110(b)", Right: backend.RightAccess,
			Rights: []RightDue{
				{Right: backend.RightAccess, Due: date("2026-03-17"), Citation: "45 CFR 164.524(b)(2)", StateCitation: "Cal. Health & Safety Code 123110(b)"},
				{Right: backend.RightCorrection, Due: date("2026-05-01"), Citation: "45 CFR 164.526(b)(2)"},
				{Right: backend.RightAccounting, Due: date("2026-05-01"), Citation: "45 CFR 164.528(c)(1)"},
				{Right: backend.RightRestrict, Citation: "45 CFR 164.522(a)", NoLawPeriod: true},
			}}
		return d
	}},
	// One right's period extended, the other's not: each shows its own date, and the
	// letter offers no further extension.
	{"acknowledgment-by-right-extended", KindAcknowledgment, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess, backend.RightCorrection)
		d.Today = date("2026-03-30")
		d.Request.Status = string(backend.StatusExtended)
		d.Deadline = Deadline{RespondBy: date("2026-04-20"), ExtendedRespondBy: date("2026-04-20"), ExtensionReason: "Records are archived off site.",
			Rights: []RightDue{
				{Right: backend.RightAccess, Due: date("2026-04-20"), Citation: "45 CFR 164.524(b)(2)", Extended: true},
				{Right: backend.RightCorrection, Due: date("2026-05-01"), Citation: "45 CFR 164.526(b)(2)"},
			}}
		return d
	}},
	// Access answered, amendment still open: the amendment's own date in one sentence, not
	// a list of one, and not access's earlier date.
	{"acknowledgment-one-right-open", KindAcknowledgment, func() Data {
		d := baseData(backend.RegimeHIPAA, backend.RightAccess, backend.RightCorrection)
		d.Deadline = Deadline{RespondBy: date("2026-04-01"), Right: backend.RightAccess,
			Rights: []RightDue{{Right: backend.RightCorrection, Due: date("2026-05-01"), Citation: "45 CFR 164.526(b)(2)"}}}
		return d
	}},
	// Acknowledged after one right's date (the opt-out's 15 business days) but before the
	// other's: the past date is not promised, the other still is.
	{"acknowledgment-by-right-late", KindAcknowledgment, func() Data {
		d := baseData(backend.RegimeCCPA, backend.RightAccess, backend.RightOptOut)
		d.Today = date("2026-03-25")
		d.Deadline = Deadline{RespondBy: date("2026-03-23"), Right: backend.RightOptOut,
			Rights: []RightDue{
				{Right: backend.RightAccess, Due: date("2026-04-16"), Citation: "Cal. Civ. Code 1798.110, 1798.130(a)(2); 11 CCR 7021"},
				{Right: backend.RightOptOut, Due: date("2026-03-23"), Citation: "Cal. Civ. Code 1798.120, 1798.135(c); 11 CCR 7026(f)"},
			}}
		return d
	}},
}

var fixedTime = time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
