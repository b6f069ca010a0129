package rules

import "privacydesk/backend"

// Applicability is a note to show, not to enforce, when a request is logged under a
// regime: several state laws exempt HIPAA covered entities or protected health
// information, so a health practice may not owe the state-law clock at all.
type Applicability struct {
	Regime   backend.Regime `json:"regime"`
	Note     string         `json:"note"`
	Citation string         `json:"citation"`
}

var applicability = []Applicability{
	{backend.RegimeCCPA, "The CCPA does not cover medical information governed by the CMIA or protected health information collected by a HIPAA covered entity or business associate, nor a provider or covered entity to the extent it keeps patient information the same way. Other personal information (website visitors, marketing lists) is covered.", "Cal. Civ. Code 1798.146"},
	{backend.RegimeVA, "The Virginia act does not apply to HIPAA covered entities or business associates, and exempts protected health information.", "Va. Code 59.1-576"},
	{backend.RegimeCO, "The Colorado act exempts protected health information collected, processed or stored by a HIPAA covered entity or business associate; other personal data of the practice may still be covered.", "C.R.S. 6-1-1304(2)"},
	{backend.RegimeCT, "The Connecticut act does not apply to a HIPAA covered entity or business associate at all (an entity-level exemption, not only its protected health information).", "Conn. Gen. Stat. 42-517(a)(6)"},
	{backend.RegimeTX, "The Texas act does not apply to a HIPAA covered entity or business associate.", "Tex. Bus. & Com. Code 541.002"},
	{backend.RegimeUT, "The Utah act does not apply to HIPAA covered entities or business associates, and exempts protected health information.", "Utah Code 13-61-102"},
	{backend.RegimeOR, "The Oregon act exempts protected health information that a covered entity or business associate processes in accordance with HIPAA; other personal data may still be covered.", "ORS 646A.572"},
	{backend.RegimeFL, "The Florida act exempts protected health information under HIPAA (501.704), and it reaches only controllers with over $1 billion in global gross annual revenue (501.702): almost never a medical practice.", "Fla. Stat. 501.702-501.704"},
}

// ApplicabilityNotes returns the notes to show for a regime (none for most).
func ApplicabilityNotes(regime backend.Regime) []Applicability {
	var out []Applicability
	for _, a := range applicability {
		if a.Regime == regime {
			out = append(out, a)
		}
	}
	return out
}

// AllApplicability returns every applicability note, for the rules table.
func AllApplicability() []Applicability { return append([]Applicability(nil), applicability...) }
