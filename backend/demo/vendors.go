package demo

import (
	"math/rand/v2"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

// exampleVendor is one service provider of the privacy policy, with its dates given in
// days from today so the example always shows the same alerts, whenever it is loaded.
type exampleVendor struct {
	v backend.Vendor
	// days from today; 0 means no date
	signed, expires, review int
}

var (
	idHealth  = []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataHealth}
	idRecords = []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataCustomerRecords}
	allHeld   = []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataCustomerRecords, backend.DataHealth}
)

// exampleVendors are the ten service providers the privacy policy names, as the policy
// describes them: each of the first eight, OpenAI included, under a signed, current BAA;
// Stripe and Payabli receive no PHI (they process payments only, so no BAA is required).
// Then three extra vendors, labelled as examples in their names, that are not in the
// policy: they show the register's alerts (a PHI vendor without a signed BAA, a BAA
// expiring within 30 days, a review overdue).
func exampleVendors() []exampleVendor {
	return []exampleVendor{
		{v: backend.Vendor{Name: "Healthcare Blocks", Category: backend.VendorHosting, Website: "https://www.healthcareblocks.com",
			Services: "HIPAA-compliant hosting of the practice's application and database", Hosting: "Hosted on AWS (Amazon Web Services), US regions",
			Subcontractors: "Amazon Web Services", PHIAccess: backend.PHIFull, DataCategories: allHeld, BAAStatus: backend.BAASigned},
			signed: -710, review: 150},
		{v: backend.Vendor{Name: "Google Cloud", Category: backend.VendorTelehealth, Website: "https://cloud.google.com",
			Services: "Video sessions for telehealth (Google Workspace, Meet)", Hosting: "Google data centers, US",
			PHIAccess: backend.PHIFull, DataCategories: idHealth, BAAStatus: backend.BAASigned},
			signed: -420, review: 300},
		{v: backend.Vendor{Name: "Datadog", Category: backend.VendorMonitoring, Website: "https://www.datadoghq.com",
			Services: "Application monitoring and logs; configured so that logs carry no PHI", Hosting: "Datadog US1 (AWS)",
			Subcontractors: "Amazon Web Services", PHIAccess: backend.PHINone, DataCategories: []backend.DataCategoryKey{backend.DataIdentifiers},
			BAAStatus: backend.BAASigned, Notes: "Signed a BAA although logs are scrubbed of PHI, in case some slips through."},
			signed: -500, review: 215},
		{v: backend.Vendor{Name: "HelpScout", Category: backend.VendorSupport, Website: "https://www.helpscout.com",
			Services: "Shared inbox and help desk for client questions", PHIAccess: backend.PHILimited, DataCategories: allHeld,
			BAAStatus: backend.BAASigned},
			signed: -290, review: 60},
		{v: backend.Vendor{Name: "Claim.MD", Category: backend.VendorClearinghouse, Website: "https://www.claim.md",
			Services: "Insurance claims clearinghouse: claims, eligibility and remittance", PHIAccess: backend.PHIFull, DataCategories: allHeld,
			BAAStatus: backend.BAASigned},
			signed: -380, review: 200},
		{v: backend.Vendor{Name: "Twilio", Category: backend.VendorMessaging, Website: "https://www.twilio.com",
			Services: "SMS and voice appointment reminders", PHIAccess: backend.PHILimited, DataCategories: idHealth,
			BAAStatus: backend.BAASigned},
			signed: -330, review: 120},
		{v: backend.Vendor{Name: "Mailgun", Category: backend.VendorEmail, Website: "https://www.mailgun.com",
			Services: "Transactional email: appointment confirmations, receipts, account messages", PHIAccess: backend.PHILimited,
			DataCategories: idHealth, BAAStatus: backend.BAASigned},
			signed: -260, review: 100},
		{v: backend.Vendor{Name: "OpenAI", Category: backend.VendorAI, Website: "https://openai.com",
			Services: "AI services: drafting and summarising session notes for clinicians", PHIAccess: backend.PHILimited,
			DataCategories: idHealth, BAAStatus: backend.BAASigned},
			signed: -120, review: 245},
		{v: backend.Vendor{Name: "Stripe", Category: backend.VendorPayments, Website: "https://stripe.com",
			Services: "Card payments for sessions", PHIAccess: backend.PHINone, DataCategories: idRecords,
			BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptPaymentProcessing,
			BAAReasonNote: "Processes payment transactions only and receives no PHI (HIPAA section 1179)."},
			review: 180},
		{v: backend.Vendor{Name: "Payabli", Category: backend.VendorPayments, Website: "https://www.payabli.com",
			Services: "Payment processing: cards and ACH", PHIAccess: backend.PHINone, DataCategories: idRecords,
			BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptPaymentProcessing,
			BAAReasonNote: "Processes payment transactions only and receives no PHI (HIPAA section 1179)."},
			review: 180},
		// Not in the policy: examples of what the register warns about.
		{v: backend.Vendor{Name: "Fax service (example: PHI without BAA)", Category: backend.VendorOther,
			Services: "Online fax for referrals and records requests", PHIAccess: backend.PHILimited, DataCategories: idHealth,
			BAAStatus: backend.BAAPending, Notes: "An example vendor, not in the privacy policy: BAA requested, PHI use waits for the signed agreement."},
			review: 30},
		{v: backend.Vendor{Name: "Transcription service (example: BAA expiring)", Category: backend.VendorOther,
			Services: "Transcribes dictated session summaries", PHIAccess: backend.PHIFull, DataCategories: idHealth,
			BAAStatus: backend.BAASigned, Notes: "An example vendor, not in the privacy policy: its BAA expires within 30 days."},
			signed: -710, expires: 20, review: 10},
		{v: backend.Vendor{Name: "Scheduling app (example: review overdue)", Category: backend.VendorOther,
			Services: "Online booking of sessions", PHIAccess: backend.PHILimited, DataCategories: idHealth,
			BAAStatus: backend.BAASigned, Notes: "An example vendor, not in the privacy policy: the practice's yearly review is overdue."},
			signed: -500, review: -15},
	}
}

// exampleDataMap follows the category table of the policy: identifiers and customer
// records collected and disclosed to the service providers and the payment processors;
// the California categories otherwise not collected. Health information is collected
// too, because a therapy practice keeps clinical records: that is PHI under HIPAA, which
// the policy's consumer-privacy table leaves to the Notice of Privacy Practices
// (Cal. Civ. Code 1798.146), but the map must show it so deletions reach its vendors.
func exampleDataMap() []backend.DataCategory {
	return []backend.DataCategory{
		{Key: backend.DataIdentifiers, Collected: true, Disclosed: true,
			Examples:  "Name, postal address, email address, phone number, date of birth, client number, IP address, account name.",
			Sources:   "From clients and their authorized representatives; from the website and apps (IP address, account).",
			Purposes:  "Providing and scheduling care; communicating with clients; billing and payment; security and troubleshooting; legal compliance.",
			Retention: "With the client record: 7 years after the last session (practice policy); account data until the account is closed plus 1 year."},
		{Key: backend.DataCustomerRecords, Collected: true, Disclosed: true,
			Examples:  "Name, signature, address, telephone number, insurance policy number, credit or debit card number (held by the payment processors).",
			Sources:   "From clients and their authorized representatives; from insurers.",
			Purposes:  "Billing, insurance claims and payment.",
			Retention: "7 years after the last session (practice policy)."},
		{Key: backend.DataHealth, Collected: true, Disclosed: true,
			Examples:  "Intake forms, diagnoses, session notes, treatment plans, appointment history, insurance claims.",
			Sources:   "From clients, their clinicians, referring providers and insurers.",
			Purposes:  "Treatment, payment and health care operations (HIPAA Notice of Privacy Practices).",
			Retention: "7 years after the last session; for minors, until 7 years after they turn 18 (practice policy)."},
	}
}

// loadVendors adds the example vendors (skipping any already in the register, so the
// example can be loaded twice) and the data map.
func loadVendors(s *storage.Store, _ Options, _ *rand.Rand, sum *Summary) error {
	today, err := s.Today()
	if err != nil {
		return err
	}
	at := func(days int) backend.Date {
		if days == 0 {
			return backend.Date{}
		}
		return today.AddDays(days)
	}
	held := map[backend.DataCategoryKey][]backend.VendorRef{}
	for _, ex := range exampleVendors() {
		v := ex.v
		if existing, err := s.GetVendorByName(v.Name); err == nil {
			v = existing
		} else {
			if backend.ErrorCode(err) != backend.ENOTFOUND {
				return err
			}
			v.BAASignedOn, v.BAAEffective, v.BAAExpiresOn, v.NextReviewOn = at(ex.signed), at(ex.signed), at(ex.expires), at(ex.review)
			if v.BAAStatus == backend.BAASigned {
				v.Checklist = signedChecklist()
			}
			if v, err = s.CreateVendor(v); err != nil {
				return err
			}
			sum.Vendors++
		}
		for _, k := range v.DataCategories {
			held[k] = append(held[k], backend.VendorRef{ID: v.ID, Name: v.Name})
		}
	}
	m := exampleDataMap()
	for i := range m {
		m[i].Vendors = held[m[i].Key]
	}
	_, err = s.SaveDataMap(m)
	return err
}

// signedChecklist is a reviewed BAA: every clause found, except (ii)(H), which does not
// apply to a vendor that carries out none of the practice's Privacy Rule obligations.
func signedChecklist() []backend.ChecklistItem {
	out := make([]backend.ChecklistItem, len(backend.BAAClauses))
	for i, c := range backend.BAAClauses {
		out[i] = backend.ChecklistItem{Clause: c.ID, Answer: backend.AnswerYes}
		if c.ID == "ii-H" {
			out[i].Answer, out[i].Note = backend.AnswerNA, "The vendor carries out none of the practice's Privacy Rule obligations."
		}
	}
	return out
}
