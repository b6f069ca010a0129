package backend

import "sort"

// Regime identifies a privacy or patient-rights law. The identifiers are stable: the
// CLI, exports, imports and tests use them (docs/legal.md#identifiers).
type Regime string

const (
	RegimeCCPA   Regime = "ccpa"
	RegimeVA     Regime = "va"
	RegimeCO     Regime = "co"
	RegimeCT     Regime = "ct"
	RegimeTX     Regime = "tx"
	RegimeUT     Regime = "ut"
	RegimeOR     Regime = "or"
	RegimeFL     Regime = "fl"
	RegimeGDPR   Regime = "gdpr"
	RegimeUKGDPR Regime = "uk-gdpr"
	RegimeHIPAA  Regime = "hipaa"
)

// Right identifies one right a requester exercises.
type Right string

const (
	RightAccess                     Right = "access"
	RightCorrection                 Right = "correction"
	RightDeletion                   Right = "deletion"
	RightPortability                Right = "portability"
	RightOptOut                     Right = "opt-out"
	RightLimitSensitive             Right = "limit-sensitive"
	RightRestrict                   Right = "restrict"
	RightObject                     Right = "object"
	RightAutomatedDecision          Right = "automated-decision"
	RightWithdrawConsent            Right = "withdraw-consent"
	RightAccounting                 Right = "accounting"
	RightConfidentialCommunications Right = "confidential-communications"
	RightAppeal                     Right = "appeal"
)

// Regimes lists every regime in display order.
var Regimes = []Regime{RegimeCCPA, RegimeVA, RegimeCO, RegimeCT, RegimeTX, RegimeUT, RegimeOR, RegimeFL, RegimeGDPR, RegimeUKGDPR, RegimeHIPAA}

// Rights lists every right in display order.
var Rights = []Right{RightAccess, RightCorrection, RightDeletion, RightPortability, RightOptOut, RightLimitSensitive, RightRestrict, RightObject, RightAutomatedDecision, RightWithdrawConsent, RightAccounting, RightConfidentialCommunications, RightAppeal}

var regimeLabels = map[Regime]string{
	RegimeCCPA:   "California (CCPA/CPRA)",
	RegimeVA:     "Virginia (VCDPA)",
	RegimeCO:     "Colorado (CPA)",
	RegimeCT:     "Connecticut (CTDPA)",
	RegimeTX:     "Texas (TDPSA)",
	RegimeUT:     "Utah (UCPA)",
	RegimeOR:     "Oregon (OCPA)",
	RegimeFL:     "Florida (FDBR)",
	RegimeGDPR:   "EU GDPR",
	RegimeUKGDPR: "UK GDPR",
	RegimeHIPAA:  "HIPAA",
}

var rightLabels = map[Right]string{
	RightAccess:                     "Access / right to know",
	RightCorrection:                 "Correction",
	RightDeletion:                   "Deletion",
	RightPortability:                "Portability",
	RightOptOut:                     "Opt out of sale, sharing, targeted ads, profiling",
	RightLimitSensitive:             "Limit use of sensitive data",
	RightRestrict:                   "Restrict processing",
	RightObject:                     "Object to processing",
	RightAutomatedDecision:          "Automated decision-making",
	RightWithdrawConsent:            "Withdraw consent",
	RightAccounting:                 "Accounting of disclosures",
	RightConfidentialCommunications: "Confidential communications",
	RightAppeal:                     "Appeal of a denied request",
}

// stateRights are the rights the US state consumer privacy laws other than California grant.
var stateRights = []Right{RightAccess, RightCorrection, RightDeletion, RightPortability, RightOptOut, RightAppeal}

// grants says which rights each regime grants on some date. The deadline rules
// (backend/rules) hold the clock of each pair listed here, by effective date, and refuse
// a request received before the right was in force; a pair not listed is refused, never
// guessed.
var grants = map[Regime][]Right{
	RegimeCCPA: {RightAccess, RightCorrection, RightDeletion, RightPortability, RightOptOut, RightLimitSensitive},
	RegimeVA:   stateRights,
	RegimeCO:   stateRights,
	RegimeCT:   stateRights,
	RegimeTX:   stateRights,
	// Utah Code 13-61-203 grants no appeal; the right to correct (13-61-201(4)) applies
	// to requests received from 1 July 2026 only, which the deadline rules enforce.
	RegimeUT:     {RightAccess, RightCorrection, RightDeletion, RightPortability, RightOptOut},
	RegimeOR:     stateRights,
	RegimeFL:     stateRights,
	RegimeGDPR:   {RightAccess, RightCorrection, RightDeletion, RightPortability, RightRestrict, RightObject, RightAutomatedDecision, RightWithdrawConsent},
	RegimeUKGDPR: {RightAccess, RightCorrection, RightDeletion, RightPortability, RightRestrict, RightObject, RightAutomatedDecision, RightWithdrawConsent},
	RegimeHIPAA:  {RightAccess, RightCorrection, RightAccounting, RightRestrict, RightConfidentialCommunications},
}

// Valid reports whether r is a known regime.
func (r Regime) Valid() bool { _, ok := regimeLabels[r]; return ok }

// Label is the regime's name for people.
func (r Regime) Label() string { return regimeLabels[r] }

// IsUSState reports whether r is one of the US state consumer privacy laws other than CCPA.
func (r Regime) IsUSState() bool {
	switch r {
	case RegimeVA, RegimeCO, RegimeCT, RegimeTX, RegimeUT, RegimeOR, RegimeFL:
		return true
	}
	return false
}

// Valid reports whether t is a known right.
func (t Right) Valid() bool { _, ok := rightLabels[t]; return ok }

// Label is the right's name for people.
func (t Right) Label() string { return rightLabels[t] }

// Grants reports whether the regime grants the right.
func (r Regime) Grants(t Right) bool {
	for _, g := range grants[r] {
		if g == t {
			return true
		}
	}
	return false
}

// GrantedRights lists the rights a regime grants, in display order.
func (r Regime) GrantedRights() []Right {
	out := append([]Right(nil), grants[r]...)
	order := map[Right]int{}
	for i, t := range Rights {
		order[t] = i
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i]] < order[out[j]] })
	return out
}

// ParseRegime returns the regime for an identifier, or an EINVALID error naming field.
func ParseRegime(field, s string) (Regime, error) {
	r := Regime(s)
	if !r.Valid() {
		return "", Invalid(field, "unknown regime %q (expected one of ccpa, va, co, ct, tx, ut, or, fl, gdpr, uk-gdpr, hipaa)", s)
	}
	return r, nil
}

// ParseRight returns the right for an identifier granted by regime, or an EINVALID error
// naming field.
func ParseRight(field string, regime Regime, s string) (Right, error) {
	t := Right(s)
	if !t.Valid() {
		return "", Invalid(field, "unknown right %q", s)
	}
	if regime != "" && !regime.Grants(t) {
		return "", Invalid(field, "%s does not grant the right %q", regime.Label(), s)
	}
	return t, nil
}
