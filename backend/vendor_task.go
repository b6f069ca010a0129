package backend

import (
	"strings"
	"time"
)

// PassedOnRights are the rights a practice must pass on to the vendors holding the data
// (docs/legal.md#passing-requests-to-vendors): it deletes "and directs its service
// providers to delete" (Cal. Civ. Code 1798.105(c)), opt-outs and limits on sensitive
// data go to the third parties the data was shared with (11 CCR 7026(f), 7027(g)), and
// GDPR Art. 19 requires rectification, erasure and restriction to be communicated to
// each recipient. An objection and withdrawn consent stop the vendors' processing too.
// The direction letter fits a request exactly when it asks for one of these.
var PassedOnRights = []Right{RightDeletion, RightCorrection, RightOptOut, RightLimitSensitive, RightRestrict, RightObject, RightWithdrawConsent}

// RightsToPassOn returns those of rights that must be passed on to vendors.
func RightsToPassOn(rights []Right) []Right {
	var out []Right
	for _, r := range rights {
		if vendorEnumHas(PassedOnRights, r) && !vendorEnumHas(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// NotifyMethod is how a vendor was told about a request.
type NotifyMethod string

const (
	NotifyEmail  NotifyMethod = "email"
	NotifyPortal NotifyMethod = "portal" // the vendor's web portal or support ticket
	NotifyLetter NotifyMethod = "letter"
	NotifyPhone  NotifyMethod = "phone"
	NotifyAPI    NotifyMethod = "api"
	NotifyOther  NotifyMethod = "other"
)

// NotifyMethods lists the methods in display order.
var NotifyMethods = []NotifyMethod{NotifyEmail, NotifyPortal, NotifyLetter, NotifyPhone, NotifyAPI, NotifyOther}

// Valid reports whether m is a known method.
func (m NotifyMethod) Valid() bool { return vendorEnumHas(NotifyMethods, m) }

// VendorTaskStatus is where passing one request on to one vendor stands.
type VendorTaskStatus string

const (
	TaskToNotify  VendorTaskStatus = "to-notify"
	TaskNotified  VendorTaskStatus = "notified"
	TaskConfirmed VendorTaskStatus = "confirmed"
	TaskWaived    VendorTaskStatus = "waived"
)

// VendorTask is one request passed on to one vendor, with the proof that it was.
type VendorTask struct {
	ID         int64             `json:"id"`
	RequestRef string            `json:"requestRef"`
	VendorID   int64             `json:"vendorId"`
	VendorName string            `json:"vendorName"`
	Rights     []Right           `json:"rights"`     // what the vendor is directed to do
	Categories []DataCategoryKey `json:"categories"` // the categories the vendor holds
	Status     VendorTaskStatus  `json:"status"`     // derived from the fields below

	NotifiedOn   Date         `json:"notifiedOn"`
	NotifiedVia  NotifyMethod `json:"notifiedVia"`
	NotifiedNote string       `json:"notifiedNote"` // to whom, ticket number
	// LetterID is the direction letter sent to the vendor (the letters area sets it).
	LetterID int64 `json:"letterId"`

	ConfirmedOn      Date        `json:"confirmedOn"`
	ConfirmationNote string      `json:"confirmationNote"`
	Confirmation     *StoredFile `json:"confirmation"`

	WaivedOn     Date   `json:"waivedOn"`
	WaivedReason string `json:"waivedReason"`

	// Earlier are the task's earlier rounds, oldest first: what the vendor was told, and
	// confirmed, before a right added to the request started the round above.
	Earlier []VendorTaskRound `json:"earlier"`

	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// VendorTaskRound is one earlier round of a vendor task, kept as it was when the next
// round began: the rights the vendor was directed to act on, when and how it was told,
// and its confirmation or waiver.
type VendorTaskRound struct {
	Rights           []Right      `json:"rights"`
	NotifiedOn       Date         `json:"notifiedOn"`
	NotifiedVia      NotifyMethod `json:"notifiedVia"`
	NotifiedNote     string       `json:"notifiedNote"`
	LetterID         int64        `json:"letterId"`
	ConfirmedOn      Date         `json:"confirmedOn"`
	ConfirmationNote string       `json:"confirmationNote"`
	Confirmation     *StoredFile  `json:"confirmation"`
	WaivedOn         Date         `json:"waivedOn"`
	WaivedReason     string       `json:"waivedReason"`
	// CarriedOn: the vendor was told but had not confirmed when a right was added, so
	// this round's rights went on into the next one, whose confirmation covers them.
	CarriedOn bool      `json:"carriedOn"`
	EndedAt   time.Time `json:"endedAt"`
}

// closed reports whether the round ended confirmed or waived.
func (r *VendorTaskRound) closed() bool { return !r.ConfirmedOn.IsZero() || r.WaivedReason != "" }

// Acted reports whether anyone acted on the task's current round: the vendor was told,
// a direction letter made, a confirmation attached, or the round confirmed or waived.
// A round nobody acted on can still change what it directs.
func (t *VendorTask) Acted() bool {
	return !t.NotifiedOn.IsZero() || t.LetterID != 0 || t.Confirmation != nil || !t.Open()
}

// TaskRightsChange is what FollowRights did to a task.
type TaskRightsChange string

const (
	// RightsUnchanged: the task already directs what the request passes on.
	RightsUnchanged TaskRightsChange = ""
	// RightsRetargeted: a round nobody acted on now directs the rights still to pass on.
	RightsRetargeted TaskRightsChange = "retargeted"
	// RightsNewRound: the vendor was already told, and a right added to the request
	// since starts a new round, to be told and confirmed on its own.
	RightsNewRound TaskRightsChange = "new-round"
	// RightsRoundRestored: the right that started the current round (nobody acted on it
	// yet) is no longer passed on, so the round before it is current again.
	RightsRoundRestored TaskRightsChange = "restored"
)

// FollowRights brings task t up to rights, what its request now passes on (a right
// added, or denied), as of now, and says what it did. A vendor already told keeps what it
// was told: a right added later starts a new round (the current one kept in Earlier,
// with its confirmation). When the vendor was told but had not confirmed yet, the new
// round directs the earlier rights again with the added one (CarriedOn), so one
// confirmation covers what it was never confirmed to have done; a confirmed or waived
// round is never repeated.
func (t *VendorTask) FollowRights(rights []Right, now time.Time) TaskRightsChange {
	var done []Right // the rights of closed earlier rounds
	for _, r := range t.Earlier {
		if r.closed() {
			done = append(done, r.Rights...)
		}
	}
	if !t.Acted() {
		want := rightsWithout(rights, done)
		if n := len(t.Earlier); n > 0 {
			last := t.Earlier[n-1]
			if len(want) == 0 || (last.CarriedOn && rightsWithout(want, last.Rights) == nil) {
				t.NotifiedOn, t.NotifiedVia, t.NotifiedNote, t.LetterID = last.NotifiedOn, last.NotifiedVia, last.NotifiedNote, last.LetterID
				t.ConfirmedOn, t.ConfirmationNote, t.Confirmation = last.ConfirmedOn, last.ConfirmationNote, last.Confirmation
				t.WaivedOn, t.WaivedReason, t.Rights = last.WaivedOn, last.WaivedReason, last.Rights
				t.Earlier = t.Earlier[:n-1]
				t.DeriveStatus()
				return RightsRoundRestored
			}
		}
		if len(want) == 0 || sameRights(want, t.Rights) {
			return RightsUnchanged
		}
		t.Rights = want
		return RightsRetargeted
	}
	if rightsWithout(rights, append(done, t.Rights...)) == nil {
		return RightsUnchanged
	}
	round := VendorTaskRound{Rights: t.Rights, NotifiedOn: t.NotifiedOn, NotifiedVia: t.NotifiedVia, NotifiedNote: t.NotifiedNote,
		LetterID: t.LetterID, ConfirmedOn: t.ConfirmedOn, ConfirmationNote: t.ConfirmationNote, Confirmation: t.Confirmation,
		WaivedOn: t.WaivedOn, WaivedReason: t.WaivedReason, CarriedOn: t.Open(), EndedAt: now.UTC()}
	if round.closed() {
		done = append(done, t.Rights...)
	}
	t.Earlier = append(t.Earlier, round)
	t.Rights = rightsWithout(rights, done)
	t.NotifiedOn, t.NotifiedVia, t.NotifiedNote, t.LetterID = Date{}, "", "", 0
	t.ConfirmedOn, t.ConfirmationNote, t.Confirmation = Date{}, "", nil
	t.WaivedOn, t.WaivedReason = Date{}, ""
	t.DeriveStatus()
	return RightsNewRound
}

// rightsWithout returns the rights of a not in b, in a's order (nil when none).
func rightsWithout(a, b []Right) []Right {
	var out []Right
	for _, r := range a {
		if !vendorEnumHas(b, r) && !vendorEnumHas(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func sameRights(a, b []Right) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Open reports whether the task still blocks completing its request.
func (t *VendorTask) Open() bool { return t.ConfirmedOn.IsZero() && t.WaivedReason == "" }

// DeriveStatus sets Status from the recorded facts.
func (t *VendorTask) DeriveStatus() {
	switch {
	case t.WaivedReason != "":
		t.Status = TaskWaived
	case !t.ConfirmedOn.IsZero():
		t.Status = TaskConfirmed
	case !t.NotifiedOn.IsZero():
		t.Status = TaskNotified
	default:
		t.Status = TaskToNotify
	}
}

// VendorTaskUpdate is what staff record on a task. The confirmation file is attached
// separately; LetterID is set by the letters area.
type VendorTaskUpdate struct {
	NotifiedOn       Date         `json:"notifiedOn"`
	NotifiedVia      NotifyMethod `json:"notifiedVia"`
	NotifiedNote     string       `json:"notifiedNote"`
	ConfirmedOn      Date         `json:"confirmedOn"`
	ConfirmationNote string       `json:"confirmationNote"`
	WaivedOn         Date         `json:"waivedOn"`
	WaivedReason     string       `json:"waivedReason"`
}

// Apply validates u against t (today bounds the dates) and copies it onto t.
func (u VendorTaskUpdate) Apply(t *VendorTask, today Date) error {
	u.WaivedReason = strings.TrimSpace(u.WaivedReason)
	for _, f := range []struct{ field, value string }{{"notifiedNote", u.NotifiedNote}, {"confirmationNote", u.ConfirmationNote}, {"waivedReason", u.WaivedReason}} {
		if err := ValidateText(f.field, f.value, 4000, false); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		field string
		date  Date
	}{{"notifiedOn", u.NotifiedOn}, {"confirmedOn", u.ConfirmedOn}, {"waivedOn", u.WaivedOn}} {
		if d.date.IsZero() {
			continue
		}
		if d.date.After(today) {
			return Invalid(d.field, "%s is in the future.", d.date)
		}
		if d.date.Before(earliestDate) {
			return Invalid(d.field, "%s is before 1990; check the year.", d.date)
		}
	}
	if !u.NotifiedOn.IsZero() {
		if u.NotifiedVia == "" {
			return Invalid("notifiedVia", "Say how the vendor was told.")
		}
		if !u.NotifiedVia.Valid() {
			return Invalid("notifiedVia", "Unknown method %q.", u.NotifiedVia)
		}
	} else if u.NotifiedVia != "" && !u.NotifiedVia.Valid() {
		return Invalid("notifiedVia", "Unknown method %q.", u.NotifiedVia)
	}
	if !u.ConfirmedOn.IsZero() {
		if u.WaivedReason != "" {
			return Invalid("waivedReason", "A confirmed task cannot also be waived.")
		}
		if u.NotifiedOn.IsZero() {
			return Invalid("notifiedOn", "Record when the vendor was told before its confirmation.")
		}
		if u.ConfirmedOn.Before(u.NotifiedOn) {
			return Invalid("confirmedOn", "The confirmation (%s) is before the vendor was told (%s).", u.ConfirmedOn, u.NotifiedOn)
		}
		// Proof kept: an attached confirmation or a note of how it was given.
		if t.Confirmation == nil && strings.TrimSpace(u.ConfirmationNote) == "" {
			return Invalid("confirmationNote", "Attach the vendor's confirmation, or note how it was given.")
		}
	}
	if u.WaivedReason != "" && u.WaivedOn.IsZero() {
		u.WaivedOn = today
	}
	if u.WaivedReason == "" && !u.WaivedOn.IsZero() {
		return Invalid("waivedReason", "Give the reason the task is waived.")
	}
	t.NotifiedOn, t.NotifiedVia, t.NotifiedNote = u.NotifiedOn, u.NotifiedVia, u.NotifiedNote
	t.ConfirmedOn, t.ConfirmationNote = u.ConfirmedOn, u.ConfirmationNote
	t.WaivedOn, t.WaivedReason = u.WaivedOn, u.WaivedReason
	t.DeriveStatus()
	return nil
}

// VendorTaskProposal is a vendor that should be told about a request, and why.
type VendorTaskProposal struct {
	Vendor     VendorRef         `json:"vendor"`
	Categories []DataCategoryKey `json:"categories"`
}

// ProposeVendorTasks returns, for a request asking for rights, every vendor that may
// still hold the practice's data (Vendor.MayHoldData on today) in a category of the
// register, with the categories it holds. A request whose rights need not be passed on
// proposes nothing. The request does not name categories: whatever the practice holds
// about the person is affected.
//
// The task lists the vendor's categories the data map says are collected. A vendor
// whose categories the map all marks "not collected" is still proposed, with the
// register's categories: the register records that the practice gives the vendor that
// data, the map disagrees (DataCategory.VendorMismatch warns of it), and a deletion must
// reach every service provider holding the data (Cal. Civ. Code 1798.105(c)). Telling a
// vendor that turns out to hold nothing costs a waiver with its reason; not telling one
// that does breaks the law, so the doubt goes to telling.
func ProposeVendorTasks(rights []Right, dataMap []DataCategory, vendors []Vendor, today Date) []VendorTaskProposal {
	if len(RightsToPassOn(rights)) == 0 {
		return nil
	}
	collected := map[DataCategoryKey]bool{}
	for _, c := range dataMap {
		if c.Collected {
			collected[c.Key] = true
		}
	}
	var out []VendorTaskProposal
	for _, v := range vendors {
		if !v.MayHoldData(today) {
			continue
		}
		var held []DataCategoryKey
		for _, k := range v.DataCategories {
			if collected[k] {
				held = append(held, k)
			}
		}
		if len(held) == 0 {
			held = append(held, v.DataCategories...)
		}
		if len(held) > 0 {
			out = append(out, VendorTaskProposal{Vendor: VendorRef{ID: v.ID, Name: v.Name}, Categories: held})
		}
	}
	return out
}

// VendorTasksBlocking returns an ECONFLICT error naming the open tasks, or nil when none
// is open. The request workflow calls it before completing a request.
func VendorTasksBlocking(tasks []VendorTask) error {
	var open []string
	for _, t := range tasks {
		if t.Open() {
			open = append(open, t.VendorName)
		}
	}
	if len(open) == 0 {
		return nil
	}
	return &Error{Code: ECONFLICT, Field: "vendorTasks", Message: "The request cannot be completed while vendor tasks are open: " +
		strings.Join(open, ", ") + ". Record each vendor's confirmation, or waive the task with a reason."}
}

// EventVendorTask marks a request's timeline entry about passing it on to a vendor.
const EventVendorTask EventKind = "vendor-task"

// RequestVendorTasks is the vendor-task panel of one request.
type RequestVendorTasks struct {
	RequestID  int64   `json:"requestId"`
	RequestRef string  `json:"requestRef"`
	Status     Status  `json:"status"`
	Rights     []Right `json:"rights"` // the rights of the request that are passed on
	// Proposed is set once the tasks were proposed (when work started); until then a
	// request with rights to pass on cannot be closed.
	Proposed   bool         `json:"proposed"`
	ProposedAt *time.Time   `json:"proposedAt"`
	Tasks      []VendorTask `json:"tasks"`
	Open       int          `json:"open"`
	// Missing are the vendors holding the data the request affects that have no task
	// and were not removed from it by staff (a vendor registered, or given a category,
	// after the proposal): each holds the request open like an open task.
	Missing []VendorRef `json:"missing"`
	// Addable are the vendors in the register without a task for this request.
	Addable []VendorRef `json:"addable"`
}

// EventVendorDirections marks the one timeline entry of a batch of direction letters
// ("Direct all vendors"): the batch's letters and their sendings write no entry of
// their own, so ten vendors make one line, not twenty.
const EventVendorDirections EventKind = "vendor-directions"

// NotifyMethodFor is how a vendor was told when its direction letter went out by m.
func NotifyMethodFor(m SendMethod) NotifyMethod {
	switch m {
	case SendEmail:
		return NotifyEmail
	case SendPost:
		return NotifyLetter
	case SendPortal:
		return NotifyPortal
	}
	return NotifyOther
}
