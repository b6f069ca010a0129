package backend

import "time"

// Retention is how long a closed request and its timeline must be kept.
type Retention struct {
	Months   int    `json:"months"`
	Citation string `json:"citation"`
}

// RetentionFor returns the minimum retention of a closed request under regime. HIPAA
// documentation is kept six years (45 CFR 164.530(j)(2)); CCPA request records 24 months
// (11 CCR 7101(a)). The other regimes set no minimum, so the practice keeps them as long
// as CCPA records, which also keeps every record long enough for a state-law appeal.
func RetentionFor(regime Regime) Retention {
	switch regime {
	case RegimeHIPAA:
		return Retention{Months: 72, Citation: "45 CFR 164.530(j)(2): six years"}
	case RegimeCCPA:
		return Retention{Months: 24, Citation: "11 CCR 7101(a): at least 24 months"}
	}
	return Retention{Months: 24, Citation: "Practice policy: 24 months, as for CCPA records (11 CCR 7101(a))"}
}

// KeepUntil is the last day a request closed on closedOn must still be kept; it may be
// purged from the day after.
func KeepUntil(regime Regime, closedOn Date) Date {
	ret := RetentionFor(regime)
	t := closedOn.Time()
	// Clamp like a month period: 29 February + 24 months is 28 February.
	y, m, _ := t.Date()
	target := time.Date(y, m+time.Month(ret.Months), 1, 0, 0, 0, 0, time.UTC)
	last := target.AddDate(0, 1, -1).Day()
	d := t.Day()
	if d > last {
		d = last
	}
	return NewDate(target.Year(), target.Month(), d)
}

// PurgeCandidate is a closed request old enough to be purged.
type PurgeCandidate struct {
	Reference   string `json:"reference"`
	Regime      Regime `json:"regime"`
	Status      Status `json:"status"`
	Name        string `json:"name"`
	ClosedOn    Date   `json:"closedOn"`
	KeepUntil   Date   `json:"keepUntil"`
	Citation    string `json:"citation"`
	Attachments int    `json:"attachments"`
}

// PurgePreview lists what a purge as of a date would remove.
type PurgePreview struct {
	AsOf  Date             `json:"asOf"`
	Items []PurgeCandidate `json:"items"`
}
