package backend

import (
	"strings"
	"time"
)

// VerificationMethod is how the requester's identity was checked.
type VerificationMethod string

const (
	VerifyDataOnFile         VerificationMethod = "data-on-file"
	VerifyIDDocument         VerificationMethod = "id-document"
	VerifyKnowledgeQuestions VerificationMethod = "knowledge-questions"
	VerifyPhoneCallback      VerificationMethod = "phone-callback"
	VerifyInPerson           VerificationMethod = "in-person"
)

// VerificationMethods lists the methods in display order.
var VerificationMethods = []VerificationMethod{VerifyDataOnFile, VerifyIDDocument, VerifyKnowledgeQuestions, VerifyPhoneCallback, VerifyInPerson}

var methodLabels = map[VerificationMethod]string{
	VerifyDataOnFile:         "Matched to data on file",
	VerifyIDDocument:         "ID document seen",
	VerifyKnowledgeQuestions: "Knowledge questions",
	VerifyPhoneCallback:      "Phone call-back",
	VerifyInPerson:           "In person",
}

// Label is the method's name for people.
func (m VerificationMethod) Label() string { return methodLabels[m] }

// VerificationDegree is the degree of certainty reached (11 CCR 7062: "reasonable
// degree" matching two data points, "reasonably high degree" three plus a signed
// declaration, for specific pieces of information).
type VerificationDegree string

const (
	DegreeReasonable     VerificationDegree = "reasonable"
	DegreeReasonablyHigh VerificationDegree = "reasonably-high"
)

// VerificationDegrees lists the degrees in display order.
var VerificationDegrees = []VerificationDegree{DegreeReasonable, DegreeReasonablyHigh}

var degreeLabels = map[VerificationDegree]string{DegreeReasonable: "Reasonable", DegreeReasonablyHigh: "Reasonably high"}

// Label is the degree's name for people.
func (d VerificationDegree) Label() string { return degreeLabels[d] }

// Verification records how the requester's identity (and an agent's authority) was checked.
type Verification struct {
	ID         int64              `json:"id"`
	Method     VerificationMethod `json:"method"`
	VerifiedBy string             `json:"verifiedBy"`
	VerifiedOn Date               `json:"verifiedOn"`
	Degree     VerificationDegree `json:"degree"`
	Notes      string             `json:"notes"`
	// For a request made by someone else: the signed permission or proof of authority
	// (an attachment of the request) and whether the requester confirmed directly.
	PermissionAttachmentID int64     `json:"permissionAttachmentId"`
	RequesterConfirmed     bool      `json:"requesterConfirmed"`
	RecordedAt             time.Time `json:"recordedAt"`
	RecordedBy             string    `json:"recordedBy"`
}

// VerificationInput records an identity verification.
type VerificationInput struct {
	Method                 VerificationMethod `json:"method"`
	VerifiedBy             string             `json:"verifiedBy"`
	VerifiedOn             string             `json:"verifiedOn"` // YYYY-MM-DD; "" means today
	Degree                 VerificationDegree `json:"degree"`
	Notes                  string             `json:"notes"`
	PermissionAttachmentID int64              `json:"permissionAttachmentId"`
	RequesterConfirmed     bool               `json:"requesterConfirmed"`
}

// Validate checks a verification for request r. An authorized agent must have shown the
// requester's signed permission (11 CCR 7063(a)), attached to the request.
func (in *VerificationInput) Validate(r *Request, today Date, attachmentIDs []int64) error {
	in.VerifiedBy, in.Notes, in.VerifiedOn = strings.TrimSpace(in.VerifiedBy), strings.TrimSpace(in.Notes), strings.TrimSpace(in.VerifiedOn)
	if _, ok := methodLabels[in.Method]; !ok {
		return Invalid("method", "Choose how the identity was verified.")
	}
	if err := ValidateText("verifiedBy", in.VerifiedBy, MaxNameLen, true); err != nil {
		return err
	}
	if in.VerifiedOn != "" {
		if err := ValidateDate("verifiedOn", in.VerifiedOn, true); err != nil {
			return err
		}
		d, _ := ParseDate(in.VerifiedOn)
		if d.After(today) {
			return Invalid("verifiedOn", "%s is in the future.", in.VerifiedOn)
		}
		if d.Before(r.ReceivedDate) {
			return Invalid("verifiedOn", "%s is before the request was received (%s).", in.VerifiedOn, r.ReceivedDate)
		}
	}
	if _, ok := degreeLabels[in.Degree]; !ok {
		return Invalid("degree", "Choose the degree of certainty reached.")
	}
	if err := ValidateText("notes", in.Notes, MaxNotesLen, false); err != nil {
		return err
	}
	if r.SubmittedBy == SubmittedBySelf {
		in.PermissionAttachmentID, in.RequesterConfirmed = 0, false
		return nil
	}
	if in.PermissionAttachmentID != 0 {
		found := false
		for _, id := range attachmentIDs {
			found = found || id == in.PermissionAttachmentID
		}
		if !found {
			return Invalid("permissionAttachmentId", "The signed permission must be a file attached to this request.")
		}
	} else if r.SubmittedBy == SubmittedByAgent {
		return Invalid("permissionAttachmentId", "Attach the requester's signed permission for the agent and choose it here (11 CCR 7063(a)).")
	}
	return nil
}

// DeletionConfirmation is the requester's separate confirmation that they want their
// data deleted, recorded before a deletion is carried out.
type DeletionConfirmation struct {
	ConfirmedOn Date      `json:"confirmedOn"`
	Channel     Channel   `json:"channel"`
	Note        string    `json:"note"`
	RecordedAt  time.Time `json:"recordedAt"`
	RecordedBy  string    `json:"recordedBy"`
}

// DeletionConfirmationInput records the confirmation.
type DeletionConfirmationInput struct {
	ConfirmedOn string  `json:"confirmedOn"` // YYYY-MM-DD; "" means today
	Channel     Channel `json:"channel"`
	Note        string  `json:"note"`
}

// Validate checks a deletion confirmation for request r.
func (in *DeletionConfirmationInput) Validate(r *Request, today Date) error {
	in.ConfirmedOn, in.Note = strings.TrimSpace(in.ConfirmedOn), strings.TrimSpace(in.Note)
	if !r.HasRight(RightDeletion) {
		return Invalid("confirmedOn", "The request does not ask for deletion.")
	}
	if in.ConfirmedOn != "" {
		if err := ValidateDate("confirmedOn", in.ConfirmedOn, true); err != nil {
			return err
		}
		d, _ := ParseDate(in.ConfirmedOn)
		if d.After(today) {
			return Invalid("confirmedOn", "%s is in the future.", in.ConfirmedOn)
		}
		if d.Before(r.ReceivedDate) {
			return Invalid("confirmedOn", "%s is before the request was received (%s).", in.ConfirmedOn, r.ReceivedDate)
		}
	}
	if in.Channel == "" {
		in.Channel = r.Channel
	}
	if _, ok := channelLabels[in.Channel]; !ok {
		return Invalid("channel", "Unknown channel %q.", in.Channel)
	}
	return ValidateText("note", in.Note, MaxNotesLen, false)
}

// Extension is the latest extension taken on a request: its reason and new date are what
// the extension notice tells the requester. Each right's period may be extended once
// (RequestRight.ExtendedTo, ExtendedOn), so a request whose rights run on different
// clocks (a HIPAA access and an amendment, say) may take a second extension for a right
// the first left alone; this then describes the second.
type Extension struct {
	Reason     string    `json:"reason"`
	NewDate    Date      `json:"newDate"`
	ExtendedOn Date      `json:"extendedOn"`
	RecordedBy string    `json:"recordedBy"`
	RecordedAt time.Time `json:"recordedAt"`
}

// PauseKind is why a clock stopped. UK GDPR Art. 12A: the month runs from the latest of
// receipt, receipt of identity information and payment of a fee, and the days spent
// waiting for a clarification do not count (backend/rules applies it).
type PauseKind string

const (
	PauseIdentity      PauseKind = "identity"
	PauseFee           PauseKind = "fee"
	PauseClarification PauseKind = "clarification"
)

// PauseKinds lists the kinds in display order.
var PauseKinds = []PauseKind{PauseIdentity, PauseFee, PauseClarification}

var pauseLabels = map[PauseKind]string{
	PauseIdentity:      "Waiting for proof of identity",
	PauseFee:           "Waiting for the fee",
	PauseClarification: "Waiting for a clarification",
}

// Label is the kind's name for people.
func (k PauseKind) Label() string { return pauseLabels[k] }

// Pause is an interval during which the clock stood still.
type Pause struct {
	ID        int64     `json:"id"`
	Kind      PauseKind `json:"kind"`
	StartedOn Date      `json:"startedOn"`
	EndedOn   Date      `json:"endedOn"` // zero while the pause lasts
	Reason    string    `json:"reason"`  // free text: what was asked for
}

// Days is the number of calendar days the pause stopped the clock, counted to until
// while it lasts.
func (p Pause) Days(until Date) int {
	end := p.EndedOn
	if end.IsZero() {
		end = until
	}
	if end.Before(p.StartedOn) {
		return 0
	}
	return p.StartedOn.DaysUntil(end)
}

// Attachment is a file kept under its content hash in the data folder.
type Attachment struct {
	ID           int64     `json:"id"`
	OwnerType    string    `json:"ownerType"` // "request", "vendor", ...
	OwnerID      int64     `json:"ownerId"`
	Kind         string    `json:"kind"` // what the file is: "request email", "ID copy", "signed permission", ...
	OriginalName string    `json:"originalName"`
	MIMEType     string    `json:"mimeType"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	AddedAt      time.Time `json:"addedAt"`
	AddedBy      string    `json:"addedBy"`
	OSUser       string    `json:"osUser"`
}

// EventKind classifies a request's timeline entry.
type EventKind string

const (
	EventCreated              EventKind = "created"
	EventUpdated              EventKind = "updated"
	EventTransition           EventKind = "transition"
	EventNote                 EventKind = "note"
	EventOutcome              EventKind = "outcome"
	EventVerification         EventKind = "verification"
	EventDeletionConfirmation EventKind = "deletion-confirmation"
	EventExtension            EventKind = "extension"
	EventPause                EventKind = "pause"
	EventResume               EventKind = "resume"
	EventAttachment           EventKind = "attachment"
	EventAttachmentRemoved    EventKind = "attachment-removed"
	EventAppeal               EventKind = "appeal" // an appeal naming this request was logged
)

// RequestEvent is one entry of a request's timeline: who did what, when, with a note.
// Other areas (letters, vendor tasks) add their own kinds.
type RequestEvent struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	OSUser     string    `json:"osUser"`
	Staff      string    `json:"staff"`
	Kind       EventKind `json:"kind"`
	Action     Action    `json:"action"` // for transitions
	FromStatus Status    `json:"fromStatus"`
	ToStatus   Status    `json:"toStatus"`
	Summary    string    `json:"summary"` // one line for the timeline
	Note       string    `json:"note"`
}

// RequestDetail is everything the request screen shows: the request with its rights and
// deadlines, the timeline, the files, every verification, and the actions open now.
type RequestDetail struct {
	Request       Request        `json:"request"`
	Events        []RequestEvent `json:"events"` // oldest first
	Attachments   []Attachment   `json:"attachments"`
	Verifications []Verification `json:"verifications"` // oldest first; the request carries the latest
	Actions       []ActionInfo   `json:"actions"`       // every action the status permits, allowed or blocked with the reason
	Allowed       []Action       `json:"allowed"`       // the actions allowed now
	Today         Date           `json:"today"`         // the practice's date the actions were judged on
	Retention     Retention      `json:"retention"`
	// Appeals are the appeals that name this request as the one whose denial they appeal,
	// oldest first (the other way, Request.AppealOf).
	Appeals []RequestLink `json:"appeals"`
	// ExtensionNotices are the notices the request's extensions needed, oldest first, each
	// with the day its extension letter was made, if one was in time (ExtensionNotices).
	ExtensionNotices []ExtensionNotice `json:"extensionNotices"`
}

// RequestLink names another request from a request's screen.
type RequestLink struct {
	Reference    string `json:"reference"`
	ReceivedDate Date   `json:"receivedDate"`
	Status       Status `json:"status"`
}
