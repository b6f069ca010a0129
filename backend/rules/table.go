package rules

import "privacydesk/backend"

// The rules as data: one row per (regime, right) that backend.Regime.Grants allows.
// Bump a row's Version whenever any of its fields changes.

func days(n int) Period         { return Period{N: n, Unit: UnitCalendarDays} }
func businessDays(n int) Period { return Period{N: n, Unit: UnitBusinessDays} }
func months(n int) Period       { return Period{N: n, Unit: UnitMonths} }

var table = buildTable()

func buildTable() []Rule {
	var t []Rule
	t = append(t, ccpaRules()...)
	t = append(t, stateRules()...)
	t = append(t, gdprRules(backend.RegimeGDPR)...)
	t = append(t, gdprRules(backend.RegimeUKGDPR)...)
	t = append(t, hipaaRules()...)
	return t
}

// --- California -------------------------------------------------------------------

const ccpaVerified = "Read 11 CCR 7021 (CPPA text): (a) confirm receipt no later than 10 business days " +
	"after receiving a request to delete, correct or know; (b) respond no later than 45 calendar days " +
	"after receipt, the period beginning on the day of receipt regardless of time needed to verify; " +
	"up to 45 more days (90 in total) with notice and an explanation. Portability is part of the right to " +
	"know (Civ. Code 1798.130(a)(2)(B)). \"Business day\" is not defined in the CCPA: Civ. Code 7 and 9 " +
	"make every day other than a Gov. Code 6700 holiday a business day."

func ccpaRules() []Rule {
	know := func(right backend.Right, art, what string) Rule {
		return Rule{
			Regime: backend.RegimeCCPA, Right: right, Version: 1,
			Acknowledge:     businessDays(10),
			Respond:         days(45),
			Extension:       days(45),
			ExtensionNotice: "Tell the consumer within the first 45 days, with the reason; the total may not exceed 90 days.",
			Calendar:        CalendarCalifornia,
			Citation:        "Cal. Civ. Code " + art + ", 1798.130(a)(2); 11 CCR 7021",
			Verified:        ccpaVerified,
			Note: "Confirm receipt within 10 business days and say how the request will be handled; " + what +
				" within 45 days of receipt. Time spent verifying identity counts. One extension of 45 days is allowed if the consumer is told why within the first 45 days.",
		}
	}
	return []Rule{
		know(backend.RightAccess, "1798.110", "answer a request to know"),
		know(backend.RightCorrection, "1798.106", "answer a request to correct"),
		know(backend.RightDeletion, "1798.105", "answer a request to delete"),
		know(backend.RightPortability, "1798.110", "provide the portable copy"),
		{
			Regime: backend.RegimeCCPA, Right: backend.RightOptOut, Version: 1,
			Respond:  businessDays(15),
			Calendar: CalendarCalifornia,
			Citation: "Cal. Civ. Code 1798.120, 1798.135(c); 11 CCR 7026(f)",
			Verified: "Read 11 CCR 7026 (Cornell LII and CPPA text) and Civ. Code 1798.135(c)(2): comply " +
				"\"as soon as feasibly possible, but no later than 15 business days from the date the business receives the request\".",
			Note: "Stop selling or sharing within 15 business days and tell service providers and third parties to do the same. No verification may be required; no extension.",
		},
		{
			Regime: backend.RegimeCCPA, Right: backend.RightLimitSensitive, Version: 1,
			Respond:  businessDays(15),
			Calendar: CalendarCalifornia,
			Citation: "Cal. Civ. Code 1798.121; 11 CCR 7027(g)",
			Verified: "Read 11 CCR 7027(a)-(g) (Cornell LII, CPPA deskbook): (e) no verifiable consumer request " +
				"may be required; (g)(1) comply by ceasing the use and disclosure of sensitive personal information, " +
				"the same 15-business-day limit as opt-outs under 7026(f)(1).",
			Note: "Limit the use of sensitive personal information within 15 business days of receipt. No verification may be required; no extension.",
		},
	}
}

// --- Other US states ---------------------------------------------------------------

type stateLaw struct {
	regime          backend.Regime
	citation        string // the response clock
	extension       int    // days
	extensionNotice string
	appealDays      int
	appealExtension int
	appealCitation  string
	verified        string
}

var stateLaws = []stateLaw{
	{
		regime: backend.RegimeVA, citation: "Va. Code 59.1-577", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      60, appealCitation: "Va. Code 59.1-577 (appeal)",
		verified: "Per regimes.md (45 days, once +45, notice within the first 45; appeal answered within 60 days); " +
			"the statute text was not in the reference library searched.",
	},
	{
		regime: backend.RegimeCO, citation: "C.R.S. 6-1-1306(2)", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      45, appealExtension: 60, appealCitation: "C.R.S. 6-1-1306(3)",
		verified: "4 CCR 904-3 (Colorado Privacy Act Rules, deskbook text) refers to the timing of C.R.S. 6-1-1306(2)(a); " +
			"appeal: 45 days, extendable by 60 with notice within the 45 days (6-1-1306(3)), confirmed by secondary summaries; " +
			"the statute text itself was not in the reference library.",
	},
	{
		regime: backend.RegimeCT, citation: "Conn. Gen. Stat. 42-518", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      60, appealCitation: "Conn. Gen. Stat. 42-518 (appeal)",
		verified: "Per regimes.md (45 days, once +45; appeal 60 days); the statute text was not in the reference library searched.",
	},
	{
		regime: backend.RegimeTX, citation: "Tex. Bus. & Com. Code 541.052(b)", extension: 45,
		extensionNotice: "Tell the consumer within the initial 45 days, with the reason.",
		appealDays:      60, appealCitation: "Tex. Bus. & Com. Code 541.053",
		verified: "Read 541.052(b) (FindLaw): respond not later than the 45th day after receipt; extend once by 45 days, " +
			"the consumer told within the initial 45 days with the reason. Appeal: 60 days per 541.053 (regimes.md; section text not found).",
	},
	{
		regime: backend.RegimeUT, citation: "Utah Code 13-61-203(2)", extension: 45,
		extensionNotice: "Before the first 45 days end, tell the consumer of the extension, its length and why it is reasonably necessary.",
		verified: "Read 13-61-203 (FindLaw, Lexace): within 45 days after the day of receipt; extend once by 45 days; " +
			"no appeal process in the Utah act (13-61-201 to 203 grant no correction or appeal right).",
	},
	{
		regime: backend.RegimeOR, citation: "ORS 646A.576", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      45, appealCitation: "ORS 646A.576(6)(d)",
		verified: "Read ORS 646A.576(6)(d) (deskbook text): approve or deny an appeal within 45 days after receiving it and " +
			"notify the consumer in writing with reasons; no appeal extension appears in that text, so none is allowed here " +
			"(some secondary summaries claim +45). Response 45 days, once +45: secondary summaries and regimes.md.",
	},
	{
		regime: backend.RegimeFL, citation: "Fla. Stat. 501.706(2)", extension: 15,
		extensionNotice: "Tell the consumer within the initial 45 days, with the reason.",
		appealDays:      60, appealCitation: "Fla. Stat. 501.707",
		verified: "Read 501.706(2) (enacted bill text): respond not later than 45 days after receipt; extend once by an additional " +
			"15 days, the consumer informed within the initial 45 days with the reason. Appeal decided within 60 days (501.707, secondary summary citing the statute).",
	},
}

func stateRules() []Rule {
	var out []Rule
	for _, s := range stateLaws {
		for _, right := range s.regime.GrantedRights() {
			if right == backend.RightAppeal {
				r := Rule{
					Regime: s.regime, Right: right, Version: 1,
					Respond:  days(s.appealDays),
					Calendar: CalendarUSFederal,
					Citation: s.appealCitation,
					Verified: s.verified,
					Note:     "An appeal of a refused request is decided within " + days(s.appealDays).String() + " of receiving it, in writing, with the reasons and how to complain to the Attorney General.",
				}
				if s.appealExtension > 0 {
					r.Extension = days(s.appealExtension)
					r.ExtensionNotice = "Tell the consumer within the first " + days(s.appealDays).String() + " of the appeal, with the reasons for the delay."
					r.Note += " One extension of " + days(s.appealExtension).String() + " is allowed."
				}
				out = append(out, r)
				continue
			}
			out = append(out, Rule{
				Regime: s.regime, Right: right, Version: 1,
				Respond:         days(45),
				Extension:       days(s.extension),
				ExtensionNotice: s.extensionNotice,
				Calendar:        CalendarUSFederal,
				Citation:        s.citation,
				Verified:        s.verified,
				Note: "Act on the request and tell the consumer within 45 days of receipt; one extension of " +
					days(s.extension).String() + " is allowed when reasonably necessary. The clock does not stop while identity is checked.",
			})
		}
	}
	return out
}

// --- GDPR and UK GDPR --------------------------------------------------------------

var gdprArticles = map[backend.Right]string{
	backend.RightAccess:            "Art. 15",
	backend.RightCorrection:        "Art. 16",
	backend.RightDeletion:          "Art. 17",
	backend.RightRestrict:          "Art. 18",
	backend.RightPortability:       "Art. 20",
	backend.RightObject:            "Art. 21",
	backend.RightAutomatedDecision: "Art. 22",
	backend.RightWithdrawConsent:   "Art. 7(3)",
}

func gdprRules(regime backend.Regime) []Rule {
	uk := regime == backend.RegimeUKGDPR
	var out []Rule
	for _, right := range regime.GrantedRights() {
		art := gdprArticles[right]
		r := Rule{
			Regime: regime, Right: right, Version: 1,
			Respond:         months(1),
			Extension:       months(2),
			ExtensionNotice: "Tell the data subject within one month of receipt, with the reasons for the delay.",
			Calendar:        CalendarEU,
			Citation:        "GDPR " + art + ", Art. 12(3); Reg. 1182/71 Art. 3",
			Verified: "GDPR Art. 12(3): within one month of receipt, extendable by two further months, the data subject informed " +
				"within one month with reasons. Counting per Reg. 1182/71 Art. 3(2)(c) (same date in the last month, else its last day) " +
				"and 3(4) (a last day on a Saturday, Sunday or public holiday moves to the next working day). The Regulation has no clock-stop.",
			Note: "Respond within one month of receipt (the same date next month, or that month's last day), moved to the next working day " +
				"if it falls on a weekend or public holiday. Two further months are allowed for complex or numerous requests if the person is told why within the first month.",
		}
		if uk {
			r.Calendar = CalendarEnglandWales
			r.Pause = PauseUKRelevantTime
			r.Citation = "UK GDPR " + art + ", Arts. 12(3), 12A"
			r.Verified = "ICO, \"How long do we have to comply?\": calculate from the day of receipt (or of receipt of ID or fee) to the " +
				"corresponding date next month, else the last day of that month; a weekend or bank holiday moves it to the next working day; " +
				"an extension is three months from the start. Clock-stop: Data (Use and Access) Act 2025 inserted Art. 12A (in force, " +
				"deemed from 1 January 2024 per practitioner notes); its wording mirrors DPA 2018 s.54(3)-(3C) as amended, which was read: " +
				"the period begins with the latest of receipt, receipt of identity information and payment of a fee, and the days from " +
				"asking for clarification to receiving it do not count."
			r.Note = "Respond within one month (same date next month, or its last day; next working day after a weekend or bank holiday in England and Wales). " +
				"The month starts when identity is confirmed or a fee is paid, if later than receipt; days spent waiting for a clarification of the request do not count. " +
				"Two further months are allowed for complex or numerous requests, the person told why within the first month."
		}
		if right == backend.RightWithdrawConsent {
			// One month applies to every GDPR right (docs/legal.md#gdpr); the withdrawal
			// itself takes effect on receipt, which the note says plainly.
			r.Note = "Stop the processing that relied on consent as soon as the withdrawal arrives (Art. 7(3)); it does not affect " +
				"processing before it. Confirm in writing within one month of receipt (Art. 12(3)), as for the other rights."
		}
		out = append(out, r)
	}
	return out
}

// --- HIPAA -------------------------------------------------------------------------

func hipaaRules() []Rule {
	const cal = CalendarUSFederal
	return []Rule{
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightAccess, Version: 1,
			Respond: days(30), Extension: days(30),
			ExtensionNotice: "Within the first 30 days, give the individual a written statement of the reasons for the delay and the date by which access will be provided.",
			Calendar:        cal,
			Citation:        "45 CFR 164.524(b)(2)",
			Verified: "Read 45 CFR 164.524 (GPO, eCFR copy) and HHS OCR access guidance: act no later than 30 calendar days after receipt; " +
				"extend once by no more than 30 days with a written statement of reasons and the expected date within the initial 30 days.",
			Note: "Give access (or a written denial) within 30 days of receipt. One extension of up to 30 days, with a written reason and the date access will be given.",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightCorrection, Version: 1,
			Respond: days(60), Extension: days(30),
			ExtensionNotice: "Within the first 60 days, give the individual a written statement of the reasons for the delay and the date the action will be completed.",
			Calendar:        cal,
			Citation:        "45 CFR 164.526(b)(2)",
			Verified:        "Per regimes.md and the structure of 164.524(b)(2), which 164.526(b)(2) mirrors (60 days, once +30 with a written statement).",
			Note:            "Act on a request to amend within 60 days of receipt. One extension of up to 30 days, with a written reason and the expected date.",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightAccounting, Version: 1,
			Respond: days(60), Extension: days(30),
			ExtensionNotice: "Within the first 60 days, give the individual a written statement of the reasons for the delay and the date the accounting will be provided.",
			Calendar:        cal,
			Citation:        "45 CFR 164.528(c)(1)",
			Verified:        "Per regimes.md (60 days, once +30; 6-year look-back; first accounting in 12 months free).",
			Note:            "Provide the accounting of disclosures in the 6 years before the request within 60 days; the first in any 12 months is free. One extension of up to 30 days, with a written reason and the expected date.",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightRestrict, Version: 1,
			Calendar: cal,
			Citation: "45 CFR 164.522(a)",
			Verified: "Per regimes.md: the rule sets no response period.",
			Note:     "No deadline in the rule. A request not to disclose to a health plan items paid for in full out of pocket must be granted; other restrictions may be refused.",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightConfidentialCommunications, Version: 1,
			Calendar: cal,
			Citation: "45 CFR 164.522(b)",
			Verified: "Per regimes.md: the rule sets no response period.",
			Note:     "No deadline in the rule. Reasonable requests to be contacted another way or at another place must be accommodated; a provider may not ask why.",
		},
	}
}
