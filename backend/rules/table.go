package rules

import (
	"sync"
	"time"

	"privacydesk/backend"
)

// The rules as data: one row per (regime, right) that backend.Regime.Grants allows.
// Bump a row's Version whenever any of its fields changes; all rows of one (regime,
// right) share one Version. A law that changes on a date gets a new row from that date
// and the old row an EffectiveUntil of the day before (the row applied is the one in
// force on the day the request was received).

// CheckedOn is the day every row below was last checked against the law.
var CheckedOn = backend.NewDate(2026, 12, 7)

func checked(read string) Checked { return checkedFrom(SourceText, read) }

// checkedGuidance is a row checked against the regulator's guidance, not the law's text.
func checkedGuidance(read string) Checked { return checkedFrom(SourceGuidance, read) }

// checkedSummary is a row that rests on secondary summaries: the text was not found.
func checkedSummary(read string) Checked { return checkedFrom(SourceSummary, read) }

func checkedFrom(src CheckSource, read string) Checked {
	return Checked{On: CheckedOn, Read: read, Source: src, How: checkSourceHow[src]}
}

func day(y, m, d int) backend.Date { return backend.NewDate(y, time.Month(m), d) }

func days(n int) Period         { return Period{N: n, Unit: UnitCalendarDays} }
func businessDays(n int) Period { return Period{N: n, Unit: UnitBusinessDays} }
func months(n int) Period       { return Period{N: n, Unit: UnitMonths} }

// table is built on first use (sync.OnceValue), not when the program starts: a
// command that looks up no rule, such as privacydesk-cli version, does not pay for it.
var table = sync.OnceValue(buildTable)

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
	"make every day other than a Gov. Code 6700 holiday a business day; Gov. Code 6700 as amended by AB 268 " +
	"(Stats. 2025, ch. 358, in force 1 January 2026) adds Diwali. Effective dates: the CCPA from 1 January 2020; " +
	"the rights to correct and to limit sensitive personal information from 1 January 2023 (CPRA, Prop. 24)."

// Not encoded: the CPPA's automated-decisionmaking-technology rights (11 CCR 7220-7222,
// adopted 2025, compliance from 1 January 2027 for significant decisions). Secondary
// sources agree on the dates and scope (pre-use notice, opt-out of and access to ADMT),
// but the regulation text with its response periods was not found in the reference
// library, so no clock is guessed.
func ccpaRules() []Rule {
	know := func(right backend.Right, art, what string, from backend.Date) Rule {
		return Rule{
			Regime: backend.RegimeCCPA, Right: right, Version: 2, EffectiveFrom: from,
			Acknowledge:     businessDays(10),
			Respond:         days(45),
			Extension:       days(45),
			ExtensionNotice: "Tell the consumer within the first 45 days, with the reason; the total may not exceed 90 days.",
			Calendar:        CalendarCalifornia,
			Citation:        "Cal. Civ. Code " + art + ", 1798.130(a)(2); 11 CCR 7021",
			Checked:         checked(ccpaVerified),
			Note: "Confirm receipt within 10 business days and say how the request will be handled; " + what +
				" within 45 days of receipt. Time spent verifying identity counts. One extension of 45 days is allowed if the consumer is told why within the first 45 days.",
		}
	}
	return []Rule{
		know(backend.RightAccess, "1798.110", "answer a request to know", day(2020, 1, 1)),
		know(backend.RightCorrection, "1798.106", "answer a request to correct", day(2023, 1, 1)),
		know(backend.RightDeletion, "1798.105", "answer a request to delete", day(2020, 1, 1)),
		know(backend.RightPortability, "1798.110", "provide the portable copy", day(2020, 1, 1)),
		{
			Regime: backend.RegimeCCPA, Right: backend.RightOptOut, Version: 2, EffectiveFrom: day(2020, 1, 1),
			Respond:  businessDays(15),
			Calendar: CalendarCalifornia,
			Citation: "Cal. Civ. Code 1798.120, 1798.135(c); 11 CCR 7026(f)",
			Checked: checked("Read 11 CCR 7026 (Cornell LII and CPPA text) and Civ. Code 1798.135(c)(2): comply " +
				"\"as soon as feasibly possible, but no later than 15 business days from the date the business receives the request\". " +
				"Business days skip Gov. Code 6700 holidays, Diwali among them from 2026 (AB 268, Stats. 2025, ch. 358)."),
			Note: "Stop selling or sharing within 15 business days and tell service providers and third parties to do the same. No verification may be required; no extension.",
		},
		{
			Regime: backend.RegimeCCPA, Right: backend.RightLimitSensitive, Version: 2, EffectiveFrom: day(2023, 1, 1),
			Respond:  businessDays(15),
			Calendar: CalendarCalifornia,
			Citation: "Cal. Civ. Code 1798.121; 11 CCR 7027(g)",
			Checked: checked("Read 11 CCR 7027(a)-(g) (Cornell LII, CPPA deskbook): (e) no verifiable consumer request " +
				"may be required; (g)(1) comply by ceasing the use and disclosure of sensitive personal information, " +
				"the same 15-business-day limit as opt-outs under 7026(f)(1). Right added by the CPRA, operative 1 January 2023."),
			Note: "Limit the use of sensitive personal information within 15 business days of receipt. No verification may be required; no extension.",
		},
	}
}

// --- Other US states ---------------------------------------------------------------

type stateLaw struct {
	regime          backend.Regime
	from            backend.Date // the act's effective date
	citation        string       // the response clock
	extension       int          // days
	extensionNotice string
	appealDays      int
	appealExtension int
	appealCitation  string
	verified        string
	// source and appealSource are what the response and appeal rows were checked against.
	source, appealSource CheckSource
	// authentication, when set, replaces the sentence about identity checks in the note.
	authentication string
}

const sameClockOnAuthentication = "The statute gives no rule that stops the 45 days while identity is checked, so the app counts from receipt."

var stateLaws = []stateLaw{
	{
		regime: backend.RegimeVA, from: day(2023, 1, 1), citation: "Va. Code 59.1-577", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      60, appealCitation: "Va. Code 59.1-577 (appeal)",
		source: SourceSummary, appealSource: SourceSummary,
		verified: "Per regimes.md (45 days, once +45, notice within the first 45; appeal answered within 60 days); " +
			"the statute text was not in the reference library searched. In force 1 January 2023 (the act's effective date, not re-read).",
	},
	{
		regime: backend.RegimeCO, from: day(2023, 7, 1), citation: "C.R.S. 6-1-1306(2)", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      45, appealExtension: 60, appealCitation: "C.R.S. 6-1-1306(3)",
		source: SourceSummary, appealSource: SourceSummary,
		verified: "4 CCR 904-3 (Colorado Privacy Act Rules, deskbook text) refers to the timing of C.R.S. 6-1-1306(2)(a); " +
			"appeal: 45 days, extendable by 60 with notice within the 45 days (6-1-1306(3)), confirmed by secondary summaries; " +
			"the statute text itself was not in the reference library. In force 1 July 2023 (not re-read).",
	},
	{
		regime: backend.RegimeCT, from: day(2023, 7, 1), citation: "Conn. Gen. Stat. 42-518", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      60, appealCitation: "Conn. Gen. Stat. 42-518 (appeal)",
		source: SourceSummary, appealSource: SourceSummary,
		verified: "Per regimes.md (45 days, once +45; appeal 60 days); the statute text was not in the reference library searched. " +
			"In force 1 July 2023 (not re-read).",
	},
	{
		regime: backend.RegimeTX, from: day(2024, 7, 1), citation: "Tex. Bus. & Com. Code 541.052(b)", extension: 45,
		extensionNotice: "Tell the consumer within the initial 45 days, with the reason.",
		appealDays:      60, appealCitation: "Tex. Bus. & Com. Code 541.053",
		source: SourceText, appealSource: SourceSummary,
		verified: "Read 541.052(b) (FindLaw): respond not later than the 45th day after receipt; extend once by 45 days, " +
			"the consumer told within the initial 45 days with the reason. Appeal: 60 days per 541.053 (regimes.md; section text not found). " +
			"In force 1 July 2024 (not re-read).",
	},
	{
		regime: backend.RegimeUT, from: day(2023, 12, 31), citation: "Utah Code 13-61-203(2)", extension: 45,
		extensionNotice: "Before the first 45 days end, tell the consumer of the extension, its length and why it is reasonably necessary.",
		source:          SourceText,
		verified: "Read 13-61-203 (FindLaw, Lexace): within 45 days after the day of receipt; extend once by 45 days; " +
			"no appeal process in the Utah act. In force 31 December 2023 (Utah Division of Consumer Protection notice). " +
			"The right to correct is a separate row from 1 July 2026.",
	},
	{
		regime: backend.RegimeOR, from: day(2024, 7, 1), citation: "ORS 646A.576", extension: 45,
		extensionNotice: "Tell the consumer within the first 45 days, with the reason.",
		appealDays:      45, appealCitation: "ORS 646A.576(6)(d)",
		source: SourceSummary, appealSource: SourceText,
		verified: "Read ORS 646A.576(5)(d) and (6)(d) (deskbook text): a controller that cannot authenticate a request with " +
			"commercially reasonable methods notifies the consumer and \"does not have to comply with the request until the consumer " +
			"provides the information necessary to authenticate the request\"; an appeal is approved or denied within 45 days after " +
			"receipt, in writing with reasons, and no appeal extension appears in that text (some secondary summaries claim +45). " +
			"Response 45 days, once +45: secondary summaries and regimes.md. In force 1 July 2024 (not re-read).",
		authentication: "If the practice tells the consumer it cannot authenticate the request without more information, it need not " +
			"comply until that information arrives (ORS 646A.576(5)(d)); the statute does not say whether the 45 days start again, " +
			"so the app keeps counting from receipt, the earlier and safer date.",
	},
	{
		regime: backend.RegimeFL, from: day(2024, 7, 1), citation: "Fla. Stat. 501.706(2)", extension: 15,
		extensionNotice: "Tell the consumer within the initial 45 days, with the reason.",
		appealDays:      60, appealCitation: "Fla. Stat. 501.707",
		source: SourceText, appealSource: SourceSummary,
		verified: "Read 501.706(2) and (3) (enacted bill text, LawServer 2024 text): respond not later than 45 days after receipt; " +
			"extend once by an additional 15 days, the consumer informed within the initial 45 days with the reason; a refusal gives " +
			"\"instructions on how to appeal the decision in accordance with s. 501.707\". 501.709 is \"Submitting consumer requests\" " +
			"(bill section 12), not the appeal. Appeal decided within 60 days: secondary summaries; the text of 501.707 itself was not found. " +
			"In force 1 July 2024.",
	},
}

// utahCorrection: Utah Code 13-61-201(4), the right to correct, added by the 2025
// amendment (H.B. 418, Data Sharing Amendments) in force 1 July 2026.
var utahCorrection = Rule{
	Regime: backend.RegimeUT, Right: backend.RightCorrection, Version: 2,
	EffectiveFrom:   day(2026, 7, 1),
	Respond:         days(45),
	Extension:       days(45),
	ExtensionNotice: "Before the first 45 days end, tell the consumer of the extension, its length and why it is reasonably necessary.",
	Calendar:        CalendarUSFederal,
	Citation:        "Utah Code 13-61-201(4), 13-61-203(2)",
	Checked: checked("Read 13-61-201 as amended (Lexace text): (4) \"A consumer has the right to request that a controller correct " +
		"inaccuracies in the consumer's personal data\"; secondary sources (Utah practitioners, Clym) date the amendment, H.B. 418 " +
		"(2025 General Session), to 1 July 2026. The chapter number given in the project's brief (2025 ch. 468) was not found in the " +
		"text read. The response clock is 13-61-203's 45 days, once +45."),
	Note: "Requests received from 1 July 2026 only: before that day Utah granted no right to correct. Correct the personal data or " +
		"explain the refusal within 45 days of receipt; one extension of 45 days when reasonably necessary. " + sameClockOnAuthentication,
}

func stateRules() []Rule {
	var out []Rule
	for _, s := range stateLaws {
		for _, right := range s.regime.GrantedRights() {
			if s.regime == backend.RegimeUT && right == backend.RightCorrection {
				out = append(out, utahCorrection)
				continue
			}
			if right == backend.RightAppeal {
				r := Rule{
					Regime: s.regime, Right: right, Version: 2, EffectiveFrom: s.from,
					Respond:  days(s.appealDays),
					Calendar: CalendarUSFederal,
					Citation: s.appealCitation,
					Checked:  checkedFrom(s.appealSource, s.verified),
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
			auth := sameClockOnAuthentication
			if s.authentication != "" {
				auth = s.authentication
			}
			out = append(out, Rule{
				Regime: s.regime, Right: right, Version: 2, EffectiveFrom: s.from,
				Respond:         days(45),
				Extension:       days(s.extension),
				ExtensionNotice: s.extensionNotice,
				Calendar:        CalendarUSFederal,
				Citation:        s.citation,
				Checked:         checkedFrom(s.source, s.verified),
				Note: "Act on the request and tell the consumer within 45 days of receipt; one extension of " +
					days(s.extension).String() + " is allowed when reasonably necessary. " + auth,
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

// ukDUAA is the day the Data (Use and Access) Act 2025 (Commencement No. 6 and
// Transitional and Saving Provisions) Regulations 2026 (SI 2026/82) reg. 2 brought into
// force s. 76 (UK GDPR Art. 12A, time limits and the clock stop) and s. 80 (Arts.
// 22A-22D, automated decision-making, replacing Art. 22).
var ukDUAA = day(2026, 2, 5)

const ukCommencementRead = "SI 2026/82 reg. 2 (legislation text) brings into force on 5 February 2026 s. 76 (time limits for " +
	"responding to data subjects' requests: new UK GDPR Art. 12A) and s. 80 (automated decision-making: Arts. 22A-22D replace Art. 22)."

func gdprRules(regime backend.Regime) []Rule {
	var out []Rule
	for _, right := range regime.GrantedRights() {
		art := gdprArticles[right]
		r := Rule{
			Regime: regime, Right: right, Version: 2, EffectiveFrom: day(2018, 5, 25),
			Respond:         months(1),
			Extension:       months(2),
			ExtensionNotice: "Tell the data subject within one month of receipt, with the reasons for the delay.",
			Calendar:        CalendarEU,
			Citation:        "GDPR " + art + ", Art. 12(3); Reg. 1182/71 Art. 3",
			Checked: checked("GDPR Art. 12(3): within one month of receipt, extendable by two further months, the data subject informed " +
				"within one month with reasons. Counting per Reg. 1182/71 Art. 3(2)(c) (same date in the last month, else its last day) " +
				"and 3(4) (a last day on a Saturday, Sunday or public holiday moves to the next working day). The Regulation has no clock-stop. " +
				"Applies from 25 May 2018 (Art. 99(2))."),
			Note: "Respond within one month of receipt (the same date next month, or that month's last day), moved to the next working day " +
				"if it falls on a weekend or public holiday. Two further months are allowed for complex or numerous requests if the person is told why within the first month.",
		}
		if right == backend.RightWithdrawConsent {
			// One month applies to every GDPR right (docs/legal.md#gdpr); the withdrawal
			// itself takes effect on receipt, which the note says plainly.
			r.Note = "Stop the processing that relied on consent as soon as the withdrawal arrives (Art. 7(3)); it does not affect " +
				"processing before it. Confirm in writing within one month of receipt (Art. 12(3)), as for the other rights."
		}
		if regime == backend.RegimeUKGDPR {
			out = append(out, ukRules(r, art)...)
			continue
		}
		out = append(out, r)
	}
	return out
}

// ukRules splits a UK GDPR right at 5 February 2026: before, one month from receipt and
// no clock stop (and Art. 22 for automated decisions); from then, Art. 12A.
func ukRules(r Rule, art string) []Rule {
	const ico = "ICO, \"How long do we have to comply?\": calculate from the day of receipt to the corresponding date next month, " +
		"else the last day of that month; a weekend or bank holiday moves it to the next working day; an extension is three months from the start. "
	before, after := r, r
	before.Calendar, after.Calendar = CalendarEnglandWales, CalendarEnglandWales
	before.EffectiveFrom, before.EffectiveUntil = day(2021, 1, 1), ukDUAA.AddDays(-1)
	after.EffectiveFrom = ukDUAA
	after.Pause = PauseUKRelevantTime
	beforeArt, afterArt := art, art
	if r.Right == backend.RightAutomatedDecision {
		beforeArt, afterArt = "Art. 22", "Arts. 22A-22D"
	}
	before.Citation = "UK GDPR " + beforeArt + ", Art. 12(3)"
	after.Citation = "UK GDPR " + afterArt + ", Arts. 12(3), 12A"
	before.Checked = checked(ico + ukCommencementRead + " A request received before that day is counted under Art. 12(3) alone: " +
		"the app records no clock stop for it (the earlier, safer date).")
	after.Checked = checked(ico + ukCommencementRead + " Art. 12A mirrors DPA 2018 s. 54(3)-(3C) as amended, which was read: the " +
		"period begins with the latest of receipt, receipt of identity information and payment of a fee, and the days from asking " +
		"for clarification to receiving it do not count.")
	before.Note = "Requests received before 5 February 2026: respond within one month of receipt (same date next month, or its last day; " +
		"next working day after a weekend or bank holiday in England and Wales); Art. 12A's clock stop does not apply. " +
		"Two further months are allowed for complex or numerous requests, the person told why within the first month."
	after.Note = "Respond within one month (same date next month, or its last day; next working day after a weekend or bank holiday in England and Wales). " +
		"The month starts when identity is confirmed or a fee is paid, if later than receipt; days spent waiting for a clarification of the request do not count. " +
		"Two further months are allowed for complex or numerous requests, the person told why within the first month."
	if r.Right == backend.RightWithdrawConsent {
		before.Note, after.Note = r.Note+" (Received before 5 February 2026: no clock stop.)", r.Note
	}
	if r.Right == backend.RightAutomatedDecision {
		before.Note += " Automated decisions: Art. 22 (not to be subject to a decision based solely on automated processing)."
		after.Note += " Automated decisions: Arts. 22A-22D (safeguards: information, representations, human intervention, contest)."
	}
	return []Rule{before, after}
}

// --- HIPAA -------------------------------------------------------------------------

// hipaaFrom is the Privacy Rule's compliance date for most covered entities (45 CFR 164.534).
var hipaaFrom = day(2003, 4, 14)

func hipaaRules() []Rule {
	const cal = CalendarUSFederal
	return []Rule{
		{
			// Version 3: a stricter state patient-access date is stored with the right and
			// governs its due date (and New York's inspection clock was added), so requests
			// computed with version 2 are listed on the Rules page for an explicit recompute.
			Regime: backend.RegimeHIPAA, Right: backend.RightAccess, Version: 3, EffectiveFrom: hipaaFrom,
			Respond: days(30), Extension: days(30),
			ExtensionNotice: "Within the first 30 days, give the individual a written statement of the reasons for the delay and the date by which access will be provided.",
			Calendar:        cal,
			Citation:        "45 CFR 164.524(b)(2)",
			Checked: checked("Read 45 CFR 164.524 (GPO, eCFR copy) and HHS OCR access guidance: act no later than 30 calendar days after receipt; " +
				"extend once by no more than 30 days with a written statement of reasons and the expected date within the initial 30 days. " +
				"A more stringent state law prevails (45 CFR 160.203(b)): see the state clocks."),
			Note: "Give access (or a written denial) within 30 days of receipt. One extension of up to 30 days, with a written reason and the date access will be given. " +
				"Where the practice's state gives patients a shorter clock, the state's date governs.",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightCorrection, Version: 2, EffectiveFrom: hipaaFrom,
			Respond: days(60), Extension: days(30),
			ExtensionNotice: "Within the first 60 days, give the individual a written statement of the reasons for the delay and the date the action will be completed.",
			Calendar:        cal,
			Citation:        "45 CFR 164.526(b)(2)",
			Checked:         checkedSummary("Per regimes.md and the structure of 164.524(b)(2), which 164.526(b)(2) mirrors (60 days, once +30 with a written statement)."),
			Note:            "Act on a request to amend within 60 days of receipt. One extension of up to 30 days, with a written reason and the expected date.",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightAccounting, Version: 2, EffectiveFrom: hipaaFrom,
			Respond: days(60), Extension: days(30),
			ExtensionNotice: "Within the first 60 days, give the individual a written statement of the reasons for the delay and the date the accounting will be provided.",
			Calendar:        cal,
			Citation:        "45 CFR 164.528(c)(1)",
			Checked:         checkedSummary("Per regimes.md (60 days, once +30; 6-year look-back; first accounting in 12 months free)."),
			Note:            "Provide the accounting of disclosures in the 6 years before the request within 60 days; the first in any 12 months is free. One extension of up to 30 days, with a written reason and the expected date.",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightRestrict, Version: 2, EffectiveFrom: hipaaFrom,
			Calendar: cal,
			Citation: "45 CFR 164.522(a)",
			Checked: checked("45 CFR 164.522(a)(1)(vi) (as amended 2013): a covered entity must agree to a requested restriction of " +
				"disclosure to a health plan if the disclosure is for payment or health care operations and is not otherwise required by " +
				"law, and the PHI pertains solely to an item or service paid for in full out of pocket by the individual or someone on " +
				"their behalf other than the plan. The rule sets no response period."),
			Note: "No deadline in the rule. A restriction must be granted only when all of these hold: the disclosure would be to a health plan, " +
				"for payment or health care operations, not required by law, and about an item or service paid for in full out of pocket " +
				"(by the patient or someone other than the plan). Other restrictions may be refused (45 CFR 164.522(a)(1)(vi)).",
		},
		{
			Regime: backend.RegimeHIPAA, Right: backend.RightConfidentialCommunications, Version: 2, EffectiveFrom: hipaaFrom,
			Calendar: cal,
			Citation: "45 CFR 164.522(b)",
			Checked:  checkedSummary("Per regimes.md: the rule sets no response period."),
			Note:     "No deadline in the rule. Reasonable requests to be contacted another way or at another place must be accommodated; a provider may not ask why.",
		},
	}
}
