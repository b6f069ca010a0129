package backend

import (
	"fmt"
	"strings"
	"time"
)

// Status is where a request stands.
type Status string

const (
	StatusReceived           Status = "received"
	StatusAcknowledged       Status = "acknowledged"
	StatusAwaitingIdentity   Status = "awaiting-identity"
	StatusVerified           Status = "verified"
	StatusUnableToVerify     Status = "unable-to-verify" // closes the request
	StatusInProgress         Status = "in-progress"
	StatusExtended           Status = "extended"
	StatusCompleted          Status = "completed"
	StatusPartiallyCompleted Status = "partially-completed"
	StatusDenied             Status = "denied"
	StatusWithdrawn          Status = "withdrawn"
)

// Statuses lists the statuses in workflow order.
var Statuses = []Status{StatusReceived, StatusAcknowledged, StatusAwaitingIdentity, StatusVerified, StatusUnableToVerify,
	StatusInProgress, StatusExtended, StatusCompleted, StatusPartiallyCompleted, StatusDenied, StatusWithdrawn}

var statusLabels = map[Status]string{
	StatusReceived:           "Received",
	StatusAcknowledged:       "Acknowledged",
	StatusAwaitingIdentity:   "Awaiting identity verification",
	StatusVerified:           "Identity verified",
	StatusUnableToVerify:     "Unable to verify",
	StatusInProgress:         "In progress",
	StatusExtended:           "Extended",
	StatusCompleted:          "Completed",
	StatusPartiallyCompleted: "Partially completed",
	StatusDenied:             "Denied",
	StatusWithdrawn:          "Withdrawn",
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Label is the status's name for people.
func (s Status) Label() string { return statusLabels[s] }

// Closed reports whether the status ends the request.
func (s Status) Closed() bool {
	switch s {
	case StatusUnableToVerify, StatusCompleted, StatusPartiallyCompleted, StatusDenied, StatusWithdrawn:
		return true
	}
	return false
}

// OpenStatuses lists the statuses of requests still being worked.
func OpenStatuses() []Status {
	var out []Status
	for _, s := range Statuses {
		if !s.Closed() {
			out = append(out, s)
		}
	}
	return out
}

// Action is something staff do to a request.
type Action string

const (
	ActionAcknowledge       Action = "acknowledge"
	ActionRequestIdentity   Action = "request-identity"
	ActionVerify            Action = "verify"
	ActionUnableToVerify    Action = "unable-to-verify"
	ActionStart             Action = "start"
	ActionExtend            Action = "extend"
	ActionPause             Action = "pause"
	ActionResume            Action = "resume"
	ActionComplete          Action = "complete"
	ActionPartiallyComplete Action = "partially-complete"
	ActionDeny              Action = "deny"
	ActionWithdraw          Action = "withdraw"
)

// Actions lists every action in the order the detail screen shows them.
var Actions = []Action{ActionAcknowledge, ActionRequestIdentity, ActionVerify, ActionUnableToVerify, ActionStart,
	ActionExtend, ActionPause, ActionResume, ActionComplete, ActionPartiallyComplete, ActionDeny, ActionWithdraw}

// transition is one row of the workflow table: the statuses an action may start from,
// the status it leads to ("" leaves the status as it is), the inputs it needs, and the
// guard on the request's state (nil: none).
type transition struct {
	label string
	from  []Status
	to    Status
	// keep lists the statuses the action may start from but leaves as they are.
	keep  []Status
	needs []string // TransitionInput JSON fields the action uses
	guard func(r *Request, today Date) error
}

var preVerification = []Status{StatusReceived, StatusAcknowledged}
var anyOpen = []Status{StatusReceived, StatusAcknowledged, StatusAwaitingIdentity, StatusVerified, StatusInProgress, StatusExtended}

// workflow is the transition table. The backend refuses anything not in it.
var workflow = map[Action]transition{
	ActionAcknowledge: {label: "Acknowledge receipt", from: []Status{StatusReceived}, to: StatusAcknowledged, needs: []string{"note"}},
	ActionRequestIdentity: {label: "Ask for identity verification", from: preVerification, to: StatusAwaitingIdentity,
		needs: []string{"note"}, guard: guardNoPendingOptOut},
	ActionVerify: {label: "Mark identity verified", from: []Status{StatusReceived, StatusAcknowledged, StatusAwaitingIdentity},
		to: StatusVerified, needs: []string{"note"}, guard: guardVerificationRecorded},
	ActionUnableToVerify: {label: "Close: identity could not be verified", from: []Status{StatusAwaitingIdentity},
		to: StatusUnableToVerify, needs: []string{"note"}, guard: guardNoPendingOptOut},
	ActionStart: {label: "Start work", from: []Status{StatusReceived, StatusAcknowledged, StatusVerified}, to: StatusInProgress, needs: []string{"note"}},
	// A request waiting for proof of identity may need the extension most (the CCPA's 45
	// days run while identity is checked, 11 CCR 7021(b)); it goes on waiting for it.
	// An extended request may be extended again only for a right the first extension left
	// alone (guardExtendable: one extension per right's period).
	ActionExtend: {label: "Extend the deadline", from: []Status{StatusReceived, StatusAcknowledged, StatusAwaitingIdentity, StatusVerified, StatusInProgress, StatusExtended},
		to: StatusExtended, keep: []Status{StatusAwaitingIdentity}, needs: []string{"reason", "newDate", "note"}, guard: guardExtendable},
	ActionPause: {label: "Pause the clock", from: anyOpen, needs: []string{"pauseKind", "reason", "on", "note"}, guard: guardPausable},
	ActionResume: {label: "Resume the clock", from: anyOpen, needs: []string{"on", "note"}, guard: func(r *Request, _ Date) error {
		if !r.Paused() {
			return Errorf(ECONFLICT, "The clock is not paused.")
		}
		return nil
	}},
	ActionComplete: {label: "Complete", from: []Status{StatusReceived, StatusAcknowledged, StatusVerified, StatusInProgress, StatusExtended},
		to: StatusCompleted, needs: []string{"note"}, guard: guardComplete},
	ActionPartiallyComplete: {label: "Complete in part", from: []Status{StatusReceived, StatusAcknowledged, StatusVerified, StatusInProgress, StatusExtended},
		to: StatusPartiallyCompleted, needs: []string{"note"}, guard: guardPartiallyComplete},
	ActionDeny:     {label: "Deny", from: anyOpen, to: StatusDenied, needs: []string{"denialReason", "exemption", "denialText", "note"}, guard: guardDeny},
	ActionWithdraw: {label: "Withdrawn by the requester", from: anyOpen, to: StatusWithdrawn, needs: []string{"note"}},
}

// Label is the action's name for people.
func (a Action) Label() string { return workflow[a].label }

// Valid reports whether a is a known action.
func (a Action) Valid() bool { _, ok := workflow[a]; return ok }

// Target is the status the action leads to ("" when it leaves the status unchanged).
func (a Action) Target() Status { return workflow[a].to }

// TransitionInput asks for one action with what it needs.
type TransitionInput struct {
	Action Action `json:"action"`
	Note   string `json:"note"`
	// deny: applied to every right still pending.
	DenialReason DenialReason `json:"denialReason"`
	Exemption    string       `json:"exemption"`
	DenialText   string       `json:"denialText"`
	// extend and pause: the reason (told to the requester for an extension; for a pause,
	// what was asked for).
	Reason string `json:"reason"`
	// pause: why the clock stops (identity, fee, clarification).
	PauseKind PauseKind `json:"pauseKind"`
	// extend: the new due date, YYYY-MM-DD.
	NewDate string `json:"newDate"`
	// pause and resume: the day the clock stops or restarts, YYYY-MM-DD; "" means today.
	On string `json:"on"`
	// complete and partially-complete: why the request is closed without a response
	// letter recorded as sent (answered by phone, say); needed only then.
	NoLetterReason string `json:"noLetterReason"`
}

// ActionInfo describes one action for the detail screen: allowed now or, when its
// status permits it but the request's state does not, why not.
type ActionInfo struct {
	Action  Action   `json:"action"`
	Label   string   `json:"label"`
	Target  Status   `json:"target"`
	Needs   []string `json:"needs"`
	Allowed bool     `json:"allowed"`
	Reason  string   `json:"reason"` // why it is blocked, when not allowed
}

// ActionChecks lists the actions the request's status permits, each marked allowed or
// blocked with the reason. today is the practice's current date.
func ActionChecks(r *Request, today Date) []ActionInfo {
	out := []ActionInfo{}
	for _, a := range Actions {
		t := workflow[a]
		if !statusIn(r.Status, t.from) {
			continue
		}
		info := ActionInfo{Action: a, Label: t.label, Target: t.to, Needs: t.needs, Allowed: true}
		if statusIn(r.Status, t.keep) {
			info.Target = ""
		}
		if t.guard != nil {
			if err := t.guard(r, today); err != nil {
				info.Allowed, info.Reason = false, ErrorMessage(err)
			}
		}
		out = append(out, info)
	}
	return out
}

// AllowedActions lists the actions that may be taken on the request now.
func AllowedActions(r *Request, today Date) []Action {
	out := []Action{}
	for _, info := range ActionChecks(r, today) {
		if info.Allowed {
			out = append(out, info.Action)
		}
	}
	return out
}

func statusIn(s Status, list []Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CheckTransition refuses an action the table does not allow from the request's status,
// one whose guard fails, or one whose inputs are missing or wrong.
func CheckTransition(r *Request, in *TransitionInput, today Date) error {
	in.Note, in.Reason, in.Exemption, in.DenialText = strings.TrimSpace(in.Note), strings.TrimSpace(in.Reason), strings.TrimSpace(in.Exemption), strings.TrimSpace(in.DenialText)
	in.NewDate, in.On = strings.TrimSpace(in.NewDate), strings.TrimSpace(in.On)
	t, ok := workflow[in.Action]
	if !ok {
		return Invalid("action", "Unknown action %q.", in.Action)
	}
	if !statusIn(r.Status, t.from) {
		return Errorf(ECONFLICT, "%s: not possible while the request is %s.", t.label, strings.ToLower(r.Status.Label()))
	}
	if t.guard != nil {
		if err := t.guard(r, today); err != nil {
			return err
		}
	}
	if err := ValidateText("note", in.Note, MaxNotesLen, false); err != nil {
		return err
	}
	in.NoLetterReason = strings.TrimSpace(in.NoLetterReason)
	switch in.Action {
	case ActionComplete, ActionPartiallyComplete:
		// The answer must be proven sent, or the reason it was not recorded.
		if !r.ResponseSent && in.NoLetterReason == "" {
			return Invalid("noLetterReason", "No response letter of this request is recorded as sent: mark the letter as sent, or say why the request is completed without one.")
		}
		if err := ValidateText("noLetterReason", in.NoLetterReason, 1000, false); err != nil {
			return err
		}
	case ActionDeny:
		for _, rr := range r.Rights {
			if rr.Outcome == OutcomePending {
				if err := ValidateDenial(r.Regime, rr.Right, in.DenialReason, in.Exemption, in.DenialText); err != nil {
					return err
				}
			}
		}
	case ActionExtend:
		return checkExtension(r, in, today)
	case ActionPause:
		if _, ok := pauseLabels[in.PauseKind]; !ok {
			return Invalid("pauseKind", "Choose why the clock stops: waiting for proof of identity, the fee or a clarification.")
		}
		if err := ValidateText("reason", in.Reason, 1000, false); err != nil {
			return err
		}
		return checkPauseDay(r, in, today)
	case ActionResume:
		return checkPauseDay(r, in, today)
	}
	return nil
}

// Apply performs an action already checked by CheckTransition: it changes r and returns
// the timeline event to record. now is the instant, by the staff name.
func (r *Request) Apply(in TransitionInput, today Date, now time.Time, by string) RequestEvent {
	from := r.Status
	t := workflow[in.Action]
	ev := RequestEvent{At: now, Staff: by, Kind: EventTransition, Action: in.Action, FromStatus: from, Note: in.Note}
	switch in.Action {
	case ActionComplete, ActionPartiallyComplete:
		// Kept on the request (shown, exported) and in the transition's audit event.
		if !r.ResponseSent && in.NoLetterReason != "" {
			r.NoLetterReason = in.NoLetterReason
		}
	case ActionDeny:
		for i := range r.Rights {
			rr := &r.Rights[i]
			if rr.Outcome == OutcomePending {
				rr.Outcome, rr.DenialReason, rr.Exemption, rr.DenialText = OutcomeDenied, in.DenialReason, in.Exemption, in.DenialText
				rr.OutcomeAt, rr.OutcomeBy = &now, by
			}
		}
	case ActionUnableToVerify:
		text := in.Note
		if text == "" {
			text = "The requester's identity could not be verified."
		}
		for i := range r.Rights {
			rr := &r.Rights[i]
			if rr.Outcome == OutcomePending {
				rr.Outcome, rr.DenialReason, rr.DenialText = OutcomeDenied, DenialIdentityUnverified, text
				rr.OutcomeAt, rr.OutcomeBy = &now, by
			}
		}
	case ActionExtend:
		newDate, _ := ParseDate(in.NewDate)
		// A right extended before the day was kept per right took the request's day; it
		// keeps it once the request's extension describes this one.
		for i := range r.Rights {
			r.Rights[i].ExtendedOn = r.Rights[i].ExtendedOnDay(r)
		}
		r.Extension = &Extension{Reason: in.Reason, NewDate: newDate, ExtendedOn: today, RecordedBy: by, RecordedAt: now}
		var names []string
		for _, rr := range extendableOn(r, today) {
			d := newDate
			if rr.ExtendedRespondBy.Before(d) {
				d = rr.ExtendedRespondBy
			}
			// A right whose period ends after the new date is not extended: its own one
			// extension stays available.
			if d.After(rr.RespondBy) {
				rr.ExtendedTo, rr.ExtendedOn = d, today
				names = append(names, strings.ToLower(rr.Right.Label()))
			}
		}
		ev.Kind = EventExtension
		ev.Summary = fmt.Sprintf("Deadline extended to %s (%s): %s", newDate.Long(), joinWords(names), in.Reason)
	case ActionRequestIdentity:
		// Where the clock can stop (UK GDPR Art. 12A: the month runs from the day identity
		// is confirmed), asking for proof of identity stops it; recording the verification
		// restarts it. A pause already running is left alone.
		if !r.Paused() && r.pausable() {
			r.Pauses = append(r.Pauses, Pause{Kind: PauseIdentity, StartedOn: today, Reason: "Proof of identity asked for"})
			ev.Summary = fmt.Sprintf("%s: %s → %s; clock stopped on %s until identity is confirmed", t.label, from.Label(), t.to.Label(), today.Long())
		}
	case ActionPause:
		on := dayOr(in.On, today)
		r.Pauses = append(r.Pauses, Pause{Kind: in.PauseKind, StartedOn: on, Reason: in.Reason})
		ev.Kind = EventPause
		ev.Summary = fmt.Sprintf("Clock paused on %s: %s", on.Long(), strings.ToLower(in.PauseKind.Label()))
	case ActionResume:
		on := dayOr(in.On, today)
		for i := range r.Pauses {
			if r.Pauses[i].EndedOn.IsZero() {
				r.Pauses[i].EndedOn = on
			}
		}
		ev.Kind = EventResume
		ev.Summary = fmt.Sprintf("Clock resumed on %s", on.Long())
	}
	if t.to != "" && !statusIn(from, t.keep) {
		r.Status = t.to
	}
	ev.ToStatus = r.Status
	if r.Status.Closed() {
		// A closing action ends a pause still running, and stamps the closing instant.
		for i := range r.Pauses {
			if r.Pauses[i].EndedOn.IsZero() {
				r.Pauses[i].EndedOn = today
			}
		}
		r.ClosedAt = &now
	}
	if ev.Summary == "" {
		ev.Summary = fmt.Sprintf("%s: %s → %s", t.label, from.Label(), r.Status.Label())
	}
	r.NextDue = r.ComputeNextDue()
	return ev
}

func dayOr(s string, today Date) Date {
	if s == "" {
		return today
	}
	d, _ := ParseDate(s)
	return d
}

// guardNoPendingOptOut keeps opt-out and limit-sensitive requests from being held back
// for identity verification: the business may not require a verifiable consumer request
// for them (11 CCR 7026, 7027). Their outcome must be recorded first.
func guardNoPendingOptOut(r *Request, _ Date) error {
	for _, rr := range r.Rights {
		if (rr.Right == RightOptOut || rr.Right == RightLimitSensitive) && rr.Outcome == OutcomePending {
			return Errorf(ECONFLICT, "The %s right cannot wait for identity verification (11 CCR 7026, 7027): record its outcome first.", strings.ToLower(rr.Right.Label()))
		}
	}
	return nil
}

func guardVerificationRecorded(r *Request, _ Date) error {
	if r.Verification == nil {
		return Errorf(ECONFLICT, "Record how the identity was verified first.")
	}
	return nil
}

// guardClose is shared by complete and partially-complete: every right has an outcome,
// a granted deletion has the requester's separate confirmation where the law lets the
// practice ask for it (DeletionWaitsForConfirmation), an agent, guardian or personal
// representative showed proof of authority (11 CCR 7063; 45 CFR 164.514(h)), and no
// vendor task is still open (service providers are directed to delete too).
func guardClose(r *Request) error {
	for _, rr := range r.Rights {
		if rr.Outcome == OutcomePending {
			return Errorf(ECONFLICT, "Record the outcome of every right first (%s is pending).", strings.ToLower(rr.Right.Label()))
		}
	}
	if del := r.Right(RightDeletion); del != nil && del.Outcome != OutcomeDenied && r.DeletionConfirmation == nil && DeletionWaitsForConfirmation(r.Regime) {
		return Errorf(ECONFLICT, "Record the requester's separate confirmation that they want their data deleted first.")
	}
	switch {
	case r.SubmittedBy == SubmittedByAgent && !r.ProofOfAuthority:
		return Errorf(ECONFLICT, "Record that the agent's signed permission was received first (11 CCR 7063), or deny the request.")
	case (r.SubmittedBy == SubmittedByGuardian || r.SubmittedBy == SubmittedByPersonalRepresentative) && !r.ProofOfAuthority:
		// A parent, guardian or personal representative acts for the requester only with
		// authority the practice has checked (45 CFR 164.502(g), 164.514(h)(1)(i)).
		who := map[SubmittedBy]string{SubmittedByGuardian: "the parent's or guardian's"}[r.SubmittedBy]
		if who == "" {
			who = "the personal representative's"
		}
		return Errorf(ECONFLICT, "Record that proof of %s authority to act for the requester was received first (45 CFR 164.514(h)), or deny the request.", who)
	}
	if r.OpenVendorTasks > 0 {
		if r.OpenVendorTasks == 1 {
			return Errorf(ECONFLICT, "1 vendor task is still open: it must be confirmed or waived first.")
		}
		return Errorf(ECONFLICT, "%d vendor tasks are still open: each must be confirmed or waived first.", r.OpenVendorTasks)
	}
	return nil
}

// DeletionWaitsForConfirmation reports whether a granted deletion waits for the
// requester's separate confirmation (the privacy policy's promise). Under the GDPR and
// UK GDPR erasure is not made to wait for it: only reasonable doubts about identity
// justify asking for more (Art. 12(2), 12(6)), and the confirmation letter is refused.
func DeletionWaitsForConfirmation(reg Regime) bool {
	return reg != RegimeGDPR && reg != RegimeUKGDPR
}

// identityCitation is, per regime that requires it, where the law says the requester's
// identity must be verified before access, deletion, correction, portability or an
// accounting is given. GDPR and UK GDPR ask for it only where there are reasonable
// doubts (Art. 12(6)), so they are not listed: the practice decides case by case.
var identityCitation = map[Regime]string{
	RegimeCCPA:  "11 CCR 7060",
	RegimeVA:    "Va. Code 59.1-577",
	RegimeCO:    "C.R.S. 6-1-1306",
	RegimeCT:    "Conn. Gen. Stat. 42-518",
	RegimeTX:    "Tex. Bus. & Com. Code 541.052",
	RegimeUT:    "Utah Code 13-61-203",
	RegimeOR:    "ORS 646A.576",
	RegimeFL:    "Fla. Stat. 501.706",
	RegimeHIPAA: "45 CFR 164.514(h)",
}

// needsVerifiedIdentity lists the rights fulfilled only for a verified requester; opt-out
// and limit-sensitive never need verification (11 CCR 7026, 7027).
func needsVerifiedIdentity(t Right) bool {
	switch t {
	case RightAccess, RightDeletion, RightCorrection, RightPortability, RightAccounting:
		return true
	}
	return false
}

// guardIdentityBeforeFulfilment: a right that needs a verified requester is not granted
// (in whole or in part) while no identity verification is recorded (11 CCR 7060-7062;
// the state laws' authentication of the consumer; 45 CFR 164.514(h)).
func guardIdentityBeforeFulfilment(r *Request) error {
	cite, ok := identityCitation[r.Regime]
	if !ok || r.Verification != nil {
		return nil
	}
	for _, rr := range r.Rights {
		if needsVerifiedIdentity(rr.Right) && (rr.Outcome == OutcomeGranted || rr.Outcome == OutcomePartiallyGranted) {
			return Errorf(ECONFLICT, "Identity is not verified yet (%s): record the verification before granting the %s right.", cite, strings.ToLower(rr.Right.Label()))
		}
	}
	return nil
}

func guardComplete(r *Request, _ Date) error {
	if err := guardClose(r); err != nil {
		return err
	}
	for _, rr := range r.Rights {
		if rr.Outcome != OutcomeGranted {
			return Errorf(ECONFLICT, "The %s right was not fully granted: complete the request in part instead.", strings.ToLower(rr.Right.Label()))
		}
	}
	return guardIdentityBeforeFulfilment(r)
}

func guardPartiallyComplete(r *Request, _ Date) error {
	if err := guardClose(r); err != nil {
		return err
	}
	granted, refused := false, false
	for _, rr := range r.Rights {
		granted = granted || rr.Outcome == OutcomeGranted || rr.Outcome == OutcomePartiallyGranted
		refused = refused || rr.Outcome == OutcomeDenied || rr.Outcome == OutcomePartiallyGranted
	}
	switch {
	case !granted:
		return Errorf(ECONFLICT, "No right was granted: deny the request instead.")
	case !refused:
		return Errorf(ECONFLICT, "Every right was granted: complete the request instead.")
	}
	return guardIdentityBeforeFulfilment(r)
}

func guardDeny(r *Request, _ Date) error {
	for _, rr := range r.Rights {
		if rr.Outcome == OutcomeGranted || rr.Outcome == OutcomePartiallyGranted {
			return Errorf(ECONFLICT, "The %s right was granted: complete the request in part instead.", strings.ToLower(rr.Right.Label()))
		}
	}
	return nil
}

// extendable returns the pending rights whose rule allows an extension and whose period
// was not extended yet: the law allows one extension of each right's period (regimes
// table), so a right the first extension left alone may still be extended once.
func extendable(r *Request) []*RequestRight {
	var out []*RequestRight
	for _, rr := range extensionRights(r) {
		if rr.ExtendedTo.IsZero() {
			out = append(out, rr)
		}
	}
	return out
}

// extensionRights returns the pending rights whose rule allows an extension, extended
// or not.
func extensionRights(r *Request) []*RequestRight {
	var out []*RequestRight
	for i := range r.Rights {
		rr := &r.Rights[i]
		if rr.Outcome == OutcomePending && !rr.ExtendedRespondBy.IsZero() && !rr.RespondBy.IsZero() {
			out = append(out, rr)
		}
	}
	return out
}

// extendableOn returns the extendable rights whose original period is still running
// today: each right has its own clock, so one already overdue does not take away the
// extension of another.
func extendableOn(r *Request, today Date) []*RequestRight {
	var out []*RequestRight
	for _, rr := range extendable(r) {
		if !today.After(rr.RespondBy) {
			out = append(out, rr)
		}
	}
	return out
}

// ExtendedOnDay is the day the right's period was extended: its own, or for a right
// extended before the day was kept per right, the request's extension's.
func (rr RequestRight) ExtendedOnDay(r *Request) Date {
	if rr.ExtendedOn.IsZero() && !rr.ExtendedTo.IsZero() && r.Extension != nil {
		return r.Extension.ExtendedOn
	}
	return rr.ExtendedOn
}

// guardExtendable: each right's period is extended at most once, only while it is still
// running, the requester told with the reasons before it ends (Cal. Civ. Code
// 1798.130(a)(2); the state laws' "within the initial 45 days"; GDPR and UK GDPR Art.
// 12(3) "within one month"; 45 CFR 164.524(b)(2)(iii) "no later than" the 30 days).
// today is the practice's date.
func guardExtendable(r *Request, today Date) error {
	all := extensionRights(r)
	if len(all) == 0 {
		return Errorf(ECONFLICT, "No pending right of this request can be extended under %s.", r.Regime.Label())
	}
	rights := extendable(r)
	if len(rights) == 0 {
		var done []string
		for _, rr := range all {
			done = append(done, fmt.Sprintf("%s on %s to %s", strings.ToLower(rr.Right.Label()), rr.ExtendedOnDay(r).Long(), rr.ExtendedTo.Long()))
		}
		return Errorf(ECONFLICT, "Each right's period may be extended only once, and every pending right was: %s.", joinWords(done))
	}
	// While the clock is stopped (UK GDPR Art. 12A) the period is not running: its end
	// moves later every day, past any date an extension would set. Extend once it runs.
	if r.Paused() {
		return Errorf(ECONFLICT, "The clock is stopped: there is no running period to extend. Resume the clock (or record the identity verification) first.")
	}
	if len(extendableOn(r, today)) == 0 {
		var ended []string
		for _, rr := range rights {
			ended = append(ended, fmt.Sprintf("on %s for %s", rr.RespondBy.Long(), strings.ToLower(rr.Right.Label())))
		}
		return Errorf(ECONFLICT, "Too late to extend: the original period ended %s (today is %s). An extension must be taken, and the requester told of it with the reason, before the original period ends.",
			joinWords(ended), today.Long())
	}
	return nil
}

// joinWords joins "a", "b" and "c" as "a, b and c".
func joinWords(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func checkExtension(r *Request, in *TransitionInput, today Date) error {
	if err := ValidateText("reason", in.Reason, 2000, true); err != nil {
		return Invalid("reason", "Give the reason for the extension; the requester is told it.")
	}
	if err := ValidateDate("newDate", in.NewDate, true); err != nil {
		return err
	}
	d, _ := ParseDate(in.NewDate)
	var latest, earliest Date
	for _, rr := range extendableOn(r, today) {
		if latest.IsZero() || rr.ExtendedRespondBy.After(latest) {
			latest = rr.ExtendedRespondBy
		}
		if earliest.IsZero() || rr.RespondBy.Before(earliest) {
			earliest = rr.RespondBy
		}
	}
	if !d.After(earliest) {
		return Invalid("newDate", "The new date must be after the original deadline (%s).", earliest.Long())
	}
	if d.After(latest) {
		return Invalid("newDate", "%s is later than the law allows; the latest is %s.", d.Long(), latest.Long())
	}
	return nil
}

// guardPausable: only a regime whose rule lets the clock stop (UK GDPR: from the latest
// of receipt, identity confirmed, fee paid; DPA 2018) may pause, and not twice at once.
func guardPausable(r *Request, _ Date) error {
	if r.Paused() {
		return Errorf(ECONFLICT, "The clock is already paused.")
	}
	if !r.pausable() {
		return Errorf(ECONFLICT, "The clock of a %s request cannot be paused.", r.Regime.Label())
	}
	// The extension set a date; a stop after it would move the period's end past that
	// date and the clock could not be resumed. The extended date stands (the safer one).
	if r.Extension != nil {
		return Errorf(ECONFLICT, "The request was extended on %s to a fixed date: the clock can no longer be paused.", r.Extension.ExtendedOn.Long())
	}
	return nil
}

// pausable reports whether a pending right's rule lets its clock stop.
func (r *Request) pausable() bool {
	for _, rr := range r.Rights {
		if rr.Outcome == OutcomePending && rr.CanPause {
			return true
		}
	}
	return false
}

func checkPauseDay(r *Request, in *TransitionInput, today Date) error {
	if in.On == "" {
		return nil
	}
	if err := ValidateDate("on", in.On, true); err != nil {
		return err
	}
	d, _ := ParseDate(in.On)
	if d.After(today) {
		return Invalid("on", "%s is in the future.", in.On)
	}
	if d.Before(r.ReceivedDate) {
		return Invalid("on", "%s is before the request was received.", in.On)
	}
	if in.Action == ActionResume {
		for _, p := range r.Pauses {
			if p.EndedOn.IsZero() && d.Before(p.StartedOn) {
				return Invalid("on", "The clock cannot restart before it stopped (%s).", p.StartedOn.Long())
			}
		}
	} else {
		for _, p := range r.Pauses {
			if !p.EndedOn.IsZero() && d.Before(p.EndedOn) {
				return Invalid("on", "A pause cannot start before the previous one ended (%s).", p.EndedOn.Long())
			}
		}
	}
	return nil
}
