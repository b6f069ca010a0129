package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

// RequestService is the request screens' backend: intake, the list, the detail screen
// with its timeline and actions, evidence (verification, deletion confirmation, files),
// the audit trail and retention.
//
// Error contract: every method returns (T, error); the error's text is the JSON
// {code, message, field} of uierror.go. For validation errors, field is the JSON key
// path of the input struct the method takes, exactly as the UI sends it:
// "requester.name", "requester.email", "requester.phone", "requester.address",
// "requester.dateOfBirth", "requester.clientNumber", "submittedBy", "agent.name",
// "agent.email", "agent.phone", "agent.relationship", "channel", "receivedDate",
// "receivedTime", "regime", "rights", "description", "minor", "guardianConsent",
// "assignee", "tags", "notes" (RequestInput); "right", "outcome", "denialReason",
// "exemption", "denialText" (OutcomeInput); "method", "verifiedBy", "verifiedOn",
// "degree", "notes", "permissionAttachmentId" (VerificationInput); "confirmedOn",
// "channel", "note" (DeletionConfirmationInput); "action", "note", "denialReason",
// "exemption", "denialText", "reason", "newDate", "pauseKind", "on" (TransitionInput);
// "search", "status", "regime", "right", "from", "to", "due", "sort", "offset"
// (RequestFilter); "file" for an attachment; "asOf" for retention.
// Conflicts (an action the workflow refuses now) come with code "conflict" and no field.
type RequestService struct{ d *desk }

func (s *RequestService) startup(_ context.Context, d *desk) { s.d = d }

// Option is one choice of a select: its identifier and its label.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// RegimeOption is a regime with the rights it grants.
type RegimeOption struct {
	Value  string   `json:"value"`
	Label  string   `json:"label"`
	Rights []Option `json:"rights"`
	// Note is shown, never enforced, when a request is logged under the regime
	// (docs/legal.md#applicability).
	Note string `json:"note"`
}

// StatusOption is a status, and whether it closes the request.
type StatusOption struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Closed bool   `json:"closed"`
}

// RequestLimits are the lengths the backend enforces, for the forms' counters.
type RequestLimits struct {
	Name        int `json:"name"`
	Notes       int `json:"notes"`
	Description int `json:"description"`
	Address     int `json:"address"`
	Tag         int `json:"tag"`
	Tags        int `json:"tags"`
	PageSize    int `json:"pageSize"`
}

// RequestOptions is every list of choices the request screens show, so the UI never
// hard-codes an identifier or a label.
type RequestOptions struct {
	Regimes             []RegimeOption `json:"regimes"`
	Rights              []Option       `json:"rights"`
	Statuses            []StatusOption `json:"statuses"`
	Channels            []Option       `json:"channels"`
	SubmittedBy         []Option       `json:"submittedBy"`
	ConsentStatuses     []Option       `json:"consentStatuses"`
	Outcomes            []Option       `json:"outcomes"`
	DenialReasons       []Option       `json:"denialReasons"`
	VerificationMethods []Option       `json:"verificationMethods"`
	VerificationDegrees []Option       `json:"verificationDegrees"`
	PauseKinds          []Option       `json:"pauseKinds"`
	Actions             []Option       `json:"actions"`
	DueWindows          []Option       `json:"dueWindows"`
	SortColumns         []Option       `json:"sortColumns"`
	Limits              RequestLimits  `json:"limits"`
}

func choiceList[T ~string](values []T, label func(T) string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: string(v), Label: label(v)}
	}
	return out
}

const stateLawNote = "Several state privacy laws exempt HIPAA covered entities or protected health information " +
	"(for example Va. Code 59.1-576). Check whether this law applies to the data asked about before answering under it."

var dueLabels = map[backend.DueWindow]string{
	backend.DueOverdue: "Overdue", backend.DueToday: "Due today", backend.DueWeek: "Due within 7 days",
	backend.DueAwaitingAck: "Awaiting acknowledgment", backend.DueAwaitingIdentity: "Awaiting identity", backend.DueExtended: "Extended",
}

var sortLabels = map[backend.RequestSort]string{
	backend.SortReference: "Reference", backend.SortName: "Name", backend.SortEmail: "Email", backend.SortRegime: "Regime",
	backend.SortStatus: "Status", backend.SortReceived: "Received", backend.SortDue: "Due", backend.SortAssignee: "Assignee",
	backend.SortUpdated: "Last change",
}

// Options returns the choices and limits of the request screens.
func (s *RequestService) Options() (RequestOptions, error) {
	o := RequestOptions{
		Rights:              choiceList(backend.Rights, backend.Right.Label),
		Channels:            choiceList(backend.Channels, backend.Channel.Label),
		SubmittedBy:         choiceList(backend.SubmittedByValues, backend.SubmittedBy.Label),
		ConsentStatuses:     choiceList(backend.ConsentStatuses, backend.ConsentStatus.Label),
		Outcomes:            choiceList(backend.Outcomes, backend.Outcome.Label),
		DenialReasons:       choiceList(backend.DenialReasons, backend.DenialReason.Label),
		VerificationMethods: choiceList(backend.VerificationMethods, backend.VerificationMethod.Label),
		VerificationDegrees: choiceList(backend.VerificationDegrees, backend.VerificationDegree.Label),
		PauseKinds:          choiceList(backend.PauseKinds, backend.PauseKind.Label),
		Actions:             choiceList(backend.Actions, backend.Action.Label),
		DueWindows:          choiceList(backend.DueWindows, func(w backend.DueWindow) string { return dueLabels[w] }),
		SortColumns:         choiceList(backend.RequestSorts, func(c backend.RequestSort) string { return sortLabels[c] }),
		Limits: RequestLimits{Name: backend.MaxNameLen, Notes: backend.MaxNotesLen, Description: backend.MaxDescriptionLen,
			Address: backend.MaxAddressLen, Tag: backend.MaxTagLen, Tags: backend.MaxTags, PageSize: backend.MaxPageSize},
	}
	for _, r := range backend.Regimes {
		ro := RegimeOption{Value: string(r), Label: r.Label(), Rights: choiceList(r.GrantedRights(), backend.Right.Label)}
		if r.IsUSState() {
			ro.Note = stateLawNote
		}
		o.Regimes = append(o.Regimes, ro)
	}
	for _, st := range backend.Statuses {
		o.Statuses = append(o.Statuses, StatusOption{Value: string(st), Label: st.Label(), Closed: st.Closed()})
	}
	return o, nil
}

// Create logs a new request and returns its detail.
func (s *RequestService) Create(in backend.RequestInput) (backend.RequestDetail, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestDetail{}, toUI(err)
	}
	r, err := st.CreateRequest(in)
	if err != nil {
		return backend.RequestDetail{}, toUI(err)
	}
	return wrap(st.RequestDetail(r.Reference))
}

// EditInput returns a request's intake fields as the edit form takes them.
func (s *RequestService) EditInput(ref string) (backend.RequestInput, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestInput{}, toUI(err)
	}
	r, err := st.GetRequest(ref)
	if err != nil {
		return backend.RequestInput{}, toUI(err)
	}
	p, err := st.GetPractice()
	if err != nil {
		return backend.RequestInput{}, toUI(err)
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return backend.RequestInput{}, toUI(err)
	}
	in := r.Input(loc)
	if in.Tags == nil {
		in.Tags = []string{}
	}
	return in, nil
}

// Update changes a request's intake fields.
func (s *RequestService) Update(ref string, in backend.RequestInput) (backend.RequestDetail, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestDetail{}, toUI(err)
	}
	if _, err := st.UpdateRequest(ref, in); err != nil {
		return backend.RequestDetail{}, toUI(err)
	}
	return wrap(st.RequestDetail(ref))
}

// Get returns everything the request screen shows.
func (s *RequestService) Get(ref string) (backend.RequestDetail, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestDetail{}, toUI(err)
	}
	return wrap(st.RequestDetail(ref))
}

// List returns one page of the request list and the total matching.
func (s *RequestService) List(f backend.RequestFilter) (backend.RequestPage, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestPage{}, toUI(err)
	}
	return wrap(st.ListRequests(f))
}

// Duplicates lists open requests that may be the one being logged (same email, or same
// name and date of birth); exclude is the reference of the request being edited, or "".
func (s *RequestService) Duplicates(in backend.RequestInput, exclude string) ([]backend.Duplicate, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	return wrap(st.FindDuplicates(in, exclude))
}

// mutate runs a change and returns the request's fresh detail.
func (s *RequestService) mutate(ref string, fn func(st *storage.Store) error) (backend.RequestDetail, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestDetail{}, toUI(err)
	}
	if err := fn(st); err != nil {
		return backend.RequestDetail{}, toUI(err)
	}
	return wrap(st.RequestDetail(ref))
}

// Transition takes one workflow action (see Options().actions and the detail's
// "actions"/"allowed"): acknowledge, request-identity, verify, unable-to-verify, start,
// extend, pause, resume, complete, partially-complete, deny, withdraw.
func (s *RequestService) Transition(ref string, in backend.TransitionInput) (backend.RequestDetail, error) {
	return s.mutate(ref, func(st *storage.Store) error {
		_, err := st.Transition(ref, in)
		return err
	})
}

// Extend takes the one extension allowed: a reason told to the requester and the new
// due date (YYYY-MM-DD), no later than the legal maximum shown as the rights'
// extendedRespondBy.
func (s *RequestService) Extend(ref, reason, newDate, note string) (backend.RequestDetail, error) {
	return s.Transition(ref, backend.TransitionInput{Action: backend.ActionExtend, Reason: reason, NewDate: newDate, Note: note})
}

// Pause stops the clock (UK GDPR) from day on (YYYY-MM-DD, "" = today) for kind
// identity, fee or clarification.
func (s *RequestService) Pause(ref string, kind backend.PauseKind, reason, on, note string) (backend.RequestDetail, error) {
	return s.Transition(ref, backend.TransitionInput{Action: backend.ActionPause, PauseKind: kind, Reason: reason, On: on, Note: note})
}

// Resume restarts a paused clock on day on ("" = today).
func (s *RequestService) Resume(ref, on, note string) (backend.RequestDetail, error) {
	return s.Transition(ref, backend.TransitionInput{Action: backend.ActionResume, On: on, Note: note})
}

// SetOutcome records one right's outcome.
func (s *RequestService) SetOutcome(ref string, in backend.OutcomeInput) (backend.RequestDetail, error) {
	return s.mutate(ref, func(st *storage.Store) error {
		_, err := st.SetOutcome(ref, in)
		return err
	})
}

// RecordVerification records how the identity was verified; a request waiting for it
// moves to "verified".
func (s *RequestService) RecordVerification(ref string, in backend.VerificationInput) (backend.RequestDetail, error) {
	return s.mutate(ref, func(st *storage.Store) error {
		_, err := st.RecordVerification(ref, in)
		return err
	})
}

// RecordDeletionConfirmation records the requester's separate confirmation that they
// want their data deleted.
func (s *RequestService) RecordDeletionConfirmation(ref string, in backend.DeletionConfirmationInput) (backend.RequestDetail, error) {
	return s.mutate(ref, func(st *storage.Store) error {
		_, err := st.RecordDeletionConfirmation(ref, in)
		return err
	})
}

// AddNote adds a note to the timeline.
func (s *RequestService) AddNote(ref, note string) (backend.RequestDetail, error) {
	return s.mutate(ref, func(st *storage.Store) error {
		_, err := st.AddNote(ref, note)
		return err
	})
}

// AddAttachment copies the file at path into the data folder and attaches it; kind
// says what it is ("ID copy", "signed permission", ...).
func (s *RequestService) AddAttachment(ref, path, kind string) (backend.RequestDetail, error) {
	return s.mutate(ref, func(st *storage.Store) error {
		_, err := st.AddRequestAttachment(ref, path, kind)
		return err
	})
}

// AttachResult is what ChooseAndAttach did: nothing when the person cancelled.
type AttachResult struct {
	Attached   bool                  `json:"attached"`
	Attachment *backend.Attachment   `json:"attachment"`
	Detail     backend.RequestDetail `json:"detail"`
}

var errNoWindow = backend.Errorf(backend.EINTERNAL, "This needs the app's window.")

// ChooseAndAttach lets the person pick a file in the native dialog and attaches it.
func (s *RequestService) ChooseAndAttach(ref, kind string) (AttachResult, error) {
	st, err := s.d.open()
	if err != nil {
		return AttachResult{}, toUI(err)
	}
	if s.d.ctx == nil {
		return AttachResult{}, toUI(errNoWindow)
	}
	path, err := runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{Title: "Attach a file to " + ref})
	if err != nil {
		return AttachResult{}, toUI(err)
	}
	if path == "" {
		d, err := st.RequestDetail(ref)
		return wrap(AttachResult{Detail: d}, err)
	}
	a, err := st.AddRequestAttachment(ref, path, kind)
	if err != nil {
		return AttachResult{}, toUI(err)
	}
	d, err := st.RequestDetail(ref)
	return wrap(AttachResult{Attached: true, Attachment: &a, Detail: d}, err)
}

// OpenAttachment opens a copy of an attached file with the system's default application.
func (s *RequestService) OpenAttachment(id int64) (bool, error) {
	st, err := s.d.open()
	if err != nil {
		return false, toUI(err)
	}
	if s.d.ctx == nil {
		return false, toUI(errNoWindow)
	}
	dir := filepath.Join(os.TempDir(), "privacydesk-open")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, toUI(err)
	}
	path, err := st.OpenableCopy(id, dir)
	if err != nil {
		return false, toUI(err)
	}
	runtime.BrowserOpenURL(s.d.ctx, "file://"+filepath.ToSlash(path))
	return true, nil
}

// SaveAttachmentAs saves a copy of an attached file where the person chooses in the
// native dialog; false when they cancelled.
func (s *RequestService) SaveAttachmentAs(id int64) (bool, error) {
	st, err := s.d.open()
	if err != nil {
		return false, toUI(err)
	}
	if s.d.ctx == nil {
		return false, toUI(errNoWindow)
	}
	a, err := st.GetAttachment(id)
	if err != nil {
		return false, toUI(err)
	}
	dest, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: "Save a copy", DefaultFilename: a.OriginalName})
	if err != nil || dest == "" {
		return false, toUI(err)
	}
	return true, toUI(st.SaveAttachmentAs(id, dest))
}

// AuditPage is one page of audit events and the total matching.
type AuditPage struct {
	Items []backend.AuditEvent `json:"items"`
	Total int64                `json:"total"`
}

// Audit returns the audit trail of one request, oldest first.
func (s *RequestService) Audit(ref string) ([]backend.AuditEvent, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	r, err := st.GetRequest(ref)
	if err != nil {
		return nil, toUI(err)
	}
	events, _, err := st.ListAuditEvents(backend.AuditFilter{Entity: "request", EntityID: r.Reference, Limit: 1000})
	if err != nil {
		return nil, toUI(err)
	}
	out := make([]backend.AuditEvent, 0, len(events))
	for i := len(events) - 1; i >= 0; i-- {
		out = append(out, events[i])
	}
	return out, nil
}

// AuditTrail returns the practice's whole trail, filtered, newest first.
func (s *RequestService) AuditTrail(f backend.AuditFilter) (AuditPage, error) {
	st, err := s.d.open()
	if err != nil {
		return AuditPage{}, toUI(err)
	}
	items, total, err := st.ListAuditEvents(f)
	if items == nil {
		items = []backend.AuditEvent{}
	}
	return wrap(AuditPage{Items: items, Total: total}, err)
}

// VerifyAudit checks the trail's hash chain, as `privacydesk audit verify` does.
func (s *RequestService) VerifyAudit() (backend.ChainReport, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.ChainReport{}, toUI(err)
	}
	return wrap(st.VerifyAudit())
}

func parseAsOf(asOf string) (backend.Date, error) {
	if err := backend.ValidateDate("asOf", asOf, true); err != nil {
		return backend.Date{}, err
	}
	return backend.ParseDate(asOf)
}

// PurgePreview lists the closed requests whose retention ended before asOf (YYYY-MM-DD).
func (s *RequestService) PurgePreview(asOf string) (backend.PurgePreview, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.PurgePreview{}, toUI(err)
	}
	d, err := parseAsOf(asOf)
	if err != nil {
		return backend.PurgePreview{}, toUI(err)
	}
	return wrap(st.PurgePreview(d))
}

// Purge removes what PurgePreview(asOf) lists; the purge itself is audited.
func (s *RequestService) Purge(asOf string) (backend.PurgePreview, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.PurgePreview{}, toUI(err)
	}
	d, err := parseAsOf(asOf)
	if err != nil {
		return backend.PurgePreview{}, toUI(err)
	}
	return wrap(st.Purge(d))
}

func (s *RequestService) filterPath() string {
	return filepath.Join(s.d.dataDir, "request-filter.json")
}

// RememberFilter keeps the list's filters for the next start, so the list opens as the
// person left it; paging is not kept.
func (s *RequestService) RememberFilter(f backend.RequestFilter) (bool, error) {
	if err := f.Validate(); err != nil {
		return false, toUI(err)
	}
	f.Offset, f.Today = 0, ""
	b, err := json.Marshal(f)
	if err != nil {
		return false, toUI(err)
	}
	return true, toUI(os.WriteFile(s.filterPath(), b, 0o600))
}

// LastFilter returns the filters last remembered, or the default (everything, newest first).
func (s *RequestService) LastFilter() (backend.RequestFilter, error) {
	var f backend.RequestFilter
	b, err := os.ReadFile(s.filterPath())
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, toUI(err)
	}
	if json.Unmarshal(b, &f) != nil || f.Validate() != nil {
		return backend.RequestFilter{}, nil // a damaged file is forgotten, not an error
	}
	return f, nil
}
