package backend

// A request right stores the version of the deadline rule its dates were computed with
// (RequestRight.RuleVersion). When a rule changes in a later release, existing deadlines
// stay as they were: the practice sees which open requests the change would affect and
// recomputes them only by an explicit, audited action (docs/legal.md#laws-change-on-dates).

// EventDeadlineRecomputed is the timeline entry of a right recomputed with a new rule.
const EventDeadlineRecomputed EventKind = "deadline-recomputed"

// RuleChange is one deadline rule whose current version differs from the version stored
// on pending rights of open requests.
type RuleChange struct {
	Regime         Regime `json:"regime"`
	Right          Right  `json:"right"`
	CurrentVersion int    `json:"currentVersion"`
	Citation       string `json:"citation"` // the current rule's
	// StoredVersions are the other versions found, oldest first.
	StoredVersions []int `json:"storedVersions"`
	// Affected lists up to MaxAffectedListed rights, soonest stored due date first.
	Affected []AffectedRight `json:"affected"`
	Total    int             `json:"total"` // every affected right
}

// MaxAffectedListed bounds the rights listed (and previewed) per rule.
const MaxAffectedListed = 200

// AffectedRight is one right whose dates came from another version of its rule, with
// what recomputing it would give.
type AffectedRight struct {
	Reference     string `json:"reference"`
	Requester     string `json:"requester"`
	Status        Status `json:"status"`
	StoredVersion int    `json:"storedVersion"`
	DueOn         Date   `json:"dueOn"`    // as stored now
	NewDueOn      Date   `json:"newDueOn"` // with the current rule
	NewBasis      string `json:"newBasis"`
	// Problem says why the current rule cannot simply be applied (an extension taken
	// beyond what it allows, say); such a right is left for a person to decide.
	Problem string `json:"problem"`
}

// RecomputeResult says what "recompute with the new rule" did.
type RecomputeResult struct {
	Regime     Regime            `json:"regime"`
	Right      Right             `json:"right"`
	Version    int               `json:"version"`
	Recomputed []RecomputedRight `json:"recomputed"`
	Skipped    []AffectedRight   `json:"skipped"` // with their Problem
}

// RecomputedRight is one right moved to the current rule.
type RecomputedRight struct {
	Reference string `json:"reference"`
	From      Date   `json:"from"`
	To        Date   `json:"to"`
}
