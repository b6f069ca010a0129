package backend

import (
	"fmt"
	"sort"
	"strings"
)

// AlertKind names the condition a vendor alert reports.
type AlertKind string

const (
	// AlertPHIWithoutBAA: the vendor can see PHI but has no signed, current BAA and is not
	// recorded as exempt. A covered entity may disclose PHI to a business associate only
	// with one (45 CFR 164.502(e)).
	AlertPHIWithoutBAA AlertKind = "phi-without-baa"
	// AlertBAAExpired: the BAA has expired (a vendor without PHI access; with PHI access
	// the red alert above says so instead).
	AlertBAAExpired AlertKind = "baa-expired"
	// AlertBAAExpiring: the BAA expires within 90, 60 or 30 days.
	AlertBAAExpiring AlertKind = "baa-expiring"
	// AlertReviewOverdue: the practice's own review date has passed (practice policy).
	AlertReviewOverdue AlertKind = "review-overdue"
	// AlertPHINotReturned: the agreement ended but nobody recorded the return or
	// destruction of the PHI (45 CFR 164.504(e)(2)(ii)(J)).
	AlertPHINotReturned AlertKind = "phi-not-returned"
	// AlertChecklistIncomplete: the BAA is recorded as signed, but the checklist of the
	// clauses 45 CFR 164.504(e)(2) requires has clauses unanswered or answered "no".
	// A warning, not a refusal: the office may record the signature before the review.
	AlertChecklistIncomplete AlertKind = "baa-checklist-incomplete"
)

// AlertSeverity orders alerts; the UI colours them red, orange and yellow.
type AlertSeverity string

const (
	SeverityCritical AlertSeverity = "critical"
	SeverityWarning  AlertSeverity = "warning"
	SeverityNotice   AlertSeverity = "notice"
)

// Rank is the sort order of s: critical first.
func (s AlertSeverity) Rank() int {
	switch s {
	case SeverityCritical:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// ExpiryWindows are the alert thresholds before a BAA expires, nearest first.
var ExpiryWindows = []int{30, 60, 90}

// VendorAlert is one condition of one vendor that needs the office manager's attention.
type VendorAlert struct {
	VendorID   int64         `json:"vendorId"`
	VendorName string        `json:"vendorName"`
	Kind       AlertKind     `json:"kind"`
	Severity   AlertSeverity `json:"severity"`
	Message    string        `json:"message"`
	Date       Date          `json:"date"`   // the date the alert is about (expiry, review)
	Days       int           `json:"days"`   // days from today to Date (negative when past)
	Window     int           `json:"window"` // for baa-expiring: 30, 60 or 90
}

// HasCurrentBAA reports whether v has a signed BAA in force on today: the recorded
// one, or, while a renewal signed early has not taken effect, the agreement it renews
// (PriorBAAEndsOn).
func (v *Vendor) HasCurrentBAA(today Date) bool {
	if v.BAAStatus != BAASigned {
		return false
	}
	if !v.BAAExpiresOn.IsZero() && v.BAAExpiresOn.Before(today) {
		return false
	}
	if !v.BAAEffective.IsZero() && v.BAAEffective.After(today) {
		return v.coveredByPriorBAA(today)
	}
	return true
}

// coveredByPriorBAA reports whether, on today, before its renewal takes effect, v is
// still covered by the agreement the renewal replaces.
func (v *Vendor) coveredByPriorBAA(today Date) bool {
	return !v.PriorBAAEndsOn.IsZero() && !v.PriorBAAEndsOn.Before(today) && v.BAAEffective.After(today)
}

// BAACoverageEnds is the last day of v's unbroken BAA coverage from today, for a vendor
// with a current BAA: the recorded expiry, or, when a renewal signed early leaves a gap
// after the agreement it renews, that agreement's end. Zero when coverage is open-ended.
func (v *Vendor) BAACoverageEnds(today Date) Date {
	if v.coveredByPriorBAA(today) && v.PriorBAAEndsOn.AddDays(1).Before(v.BAAEffective) {
		return v.PriorBAAEndsOn
	}
	return v.BAAExpiresOn
}

// KeepPriorBAA records, on a vendor saved with a signed BAA that takes effect after
// today (a renewal signed before the old agreement ends), the last day of the agreement
// in force before (the stored version, before), so the renewal does not leave the vendor
// without a BAA on paper until it starts. An agreement without an end date, or one
// running past the renewal's start, ends the day before the renewal takes effect. It
// changes nothing when the end is given (PriorBAAEndsOn) or nothing was in force. The
// end of an earlier renewal's old agreement, sent back unchanged by the form after that
// renewal took effect, is not given: it is replaced.
func (v *Vendor) KeepPriorBAA(before Vendor, today Date) {
	if v.BAAStatus != BAASigned || v.BAAEffective.IsZero() || !v.BAAEffective.After(today) {
		return
	}
	stale := v.PriorBAAEndsOn.Equal(before.PriorBAAEndsOn) && !before.coveredByPriorBAA(today)
	if !v.PriorBAAEndsOn.IsZero() && !stale {
		return
	}
	v.PriorBAAEndsOn = Date{}
	if !before.HasCurrentBAA(today) {
		return
	}
	end := before.BAAExpiresOn
	if before.coveredByPriorBAA(today) {
		end = before.PriorBAAEndsOn
	}
	if end.IsZero() || !end.Before(v.BAAEffective) {
		end = v.BAAEffective.AddDays(-1)
	}
	v.PriorBAAEndsOn = end
}

// Ended reports whether the relationship with v has ended by today: its termination
// date has come, or its agreement is recorded as terminated.
func (v *Vendor) Ended(today Date) bool {
	return v.BAAStatus == BAATerminated || (!v.TerminatedOn.IsZero() && !v.TerminatedOn.After(today))
}

// MayHoldData reports whether v may still hold the practice's data on today: it still
// works for the practice, or the agreement ended without the PHI's return or destruction
// (it was infeasible, so the vendor keeps it, or it was never recorded: the alert
// AlertPHINotReturned) (45 CFR 164.504(e)(2)(ii)(J)).
func (v *Vendor) MayHoldData(today Date) bool {
	if !v.Ended(today) {
		return true
	}
	return v.PHIDisposition == PHIInfeasible || (v.PHIAccess != PHINone && v.PHIDisposition == "")
}

// VendorAlerts returns the alerts for v on today, most severe first. It is a pure
// function of the vendor and the date, so the list, the dashboard and the tests agree.
func VendorAlerts(v Vendor, today Date) []VendorAlert {
	var out []VendorAlert
	add := func(kind AlertKind, sev AlertSeverity, d Date, window int, format string, args ...any) {
		a := VendorAlert{VendorID: v.ID, VendorName: v.Name, Kind: kind, Severity: sev, Date: d, Window: window,
			Message: fmt.Sprintf(format, args...)}
		if !d.IsZero() {
			a.Days = today.DaysUntil(d)
		}
		out = append(out, a)
	}
	if v.Ended(today) {
		if v.PHIAccess != PHINone && v.PHIDisposition == "" {
			add(AlertPHINotReturned, SeverityWarning, v.TerminatedOn, 0,
				"%s: the agreement ended on %s; record whether the PHI was returned or destroyed (45 CFR 164.504(e)(2)(ii)(J)).", v.Name, v.TerminatedOn.Medium())
		}
		return out
	}
	expired := v.BAAStatus == BAAExpired || (v.BAAStatus == BAASigned && !v.BAAExpiresOn.IsZero() && v.BAAExpiresOn.Before(today))
	// "Not required" with a recorded reason is the practice's documented judgement (a
	// payment processor under section 1179, a conduit): no red alert for it.
	if v.PHIAccess != PHINone && !v.HasCurrentBAA(today) && v.BAAStatus != BAANotRequired {
		add(AlertPHIWithoutBAA, SeverityCritical, v.BAAExpiresOn, 0, "%s has %s PHI access without a signed, current BAA: %s (45 CFR 164.502(e)).",
			v.Name, v.PHIAccess, whyNoCurrentBAA(v, today))
	} else if expired {
		add(AlertBAAExpired, SeverityWarning, v.BAAExpiresOn, 0, "%s: the BAA expired%s.", v.Name, alertOnDate(v.BAAExpiresOn))
	}
	// The coverage's real end: a renewal that takes effect only after a gap leaves the
	// vendor without a BAA from the day after the old agreement ends.
	if ends := v.BAACoverageEnds(today); v.BAAStatus == BAASigned && !ends.IsZero() && !expired {
		days := today.DaysUntil(ends)
		gap := ""
		if !ends.Equal(v.BAAExpiresOn) {
			gap = fmt.Sprintf("; the renewal takes effect only on %s", v.BAAEffective.Medium())
		}
		for _, w := range ExpiryWindows {
			if days <= w {
				sev := SeverityNotice
				if w == ExpiryWindows[0] {
					sev = SeverityWarning
				}
				if days == 0 {
					add(AlertBAAExpiring, sev, ends, w, "%s: the BAA expires today (%s)%s.", v.Name, ends.Medium(), gap)
				} else {
					add(AlertBAAExpiring, sev, ends, w, "%s: the BAA expires on %s, in %d day%s%s.", v.Name, ends.Medium(), days, alertPlural(days), gap)
				}
				break
			}
		}
	}
	if v.BAAStatus == BAASigned && !expired {
		if open, missing := checklistGaps(v.Checklist); open+missing > 0 {
			add(AlertChecklistIncomplete, SeverityWarning, Date{}, 0, "%s: the signed BAA's checklist %s (45 CFR 164.504(e)(2)).",
				v.Name, checklistGapText(open, missing))
		}
	}
	if !v.NextReviewOn.IsZero() && v.NextReviewOn.Before(today) {
		days := v.NextReviewOn.DaysUntil(today)
		add(AlertReviewOverdue, SeverityWarning, v.NextReviewOn, 0, "%s: the review due on %s is %d day%s overdue (practice policy).", v.Name, v.NextReviewOn.Medium(), days, alertPlural(days))
	}
	return out
}

// checklistGaps counts the clauses of 45 CFR 164.504(e)(2) not yet answered and those
// answered "no" (a row missing from the checklist is unanswered).
func checklistGaps(list []ChecklistItem) (open, missing int) {
	answers := make(map[string]ChecklistAnswer, len(list))
	for _, r := range list {
		answers[r.Clause] = r.Answer
	}
	for _, c := range BAAClauses {
		switch answers[c.ID] {
		case AnswerUnchecked:
			open++
		case AnswerNo:
			missing++
		}
	}
	return open, missing
}

func checklistGapText(open, missing int) string {
	var parts []string
	if open > 0 {
		parts = append(parts, fmt.Sprintf("has %d of %d clauses unanswered", open, len(BAAClauses)))
	}
	if missing > 0 {
		verb := "lacks"
		if open > 0 {
			verb = "and lacks"
		}
		parts = append(parts, fmt.Sprintf("%s %d required clause%s (answered no)", verb, missing, alertPlural(missing)))
	}
	return strings.Join(parts, " ")
}

func whyNoCurrentBAA(v Vendor, today Date) string {
	switch {
	case v.BAAStatus == BAAPending:
		return "the BAA is pending"
	case v.BAAStatus == BAAExpired || (!v.BAAExpiresOn.IsZero() && v.BAAExpiresOn.Before(today)):
		return "the BAA expired" + alertOnDate(v.BAAExpiresOn)
	case !v.BAAEffective.IsZero() && v.BAAEffective.After(today) && !v.PriorBAAEndsOn.IsZero():
		return "the previous BAA ended on " + v.PriorBAAEndsOn.String() + " and its renewal takes effect only on " + v.BAAEffective.String()
	case !v.BAAEffective.IsZero() && v.BAAEffective.After(today):
		return "the BAA takes effect only on " + v.BAAEffective.String()
	}
	return "no BAA is recorded"
}

func alertOnDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return " on " + d.Medium()
}

func alertPlural(n int) string {
	if n == 1 || n == -1 {
		return ""
	}
	return "s"
}

// SortVendorAlerts orders alerts most severe first, then nearest date, then vendor name.
func SortVendorAlerts(a []VendorAlert) {
	sort.SliceStable(a, func(i, j int) bool {
		if r1, r2 := a[i].Severity.Rank(), a[j].Severity.Rank(); r1 != r2 {
			return r1 < r2
		}
		if a[i].Days != a[j].Days {
			return a[i].Days < a[j].Days
		}
		return a[i].VendorName < a[j].VendorName
	})
}
