package casework

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/rules"
	"privacydesk/backend/workdir"
)

func choiceList[T ~string](values []T, label func(T) string) []backend.Option {
	out := make([]backend.Option, len(values))
	for i, v := range values {
		out[i] = backend.Option{Value: string(v), Label: label(v)}
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

// RequestOptions returns the choices and limits of the request screens, all from the
// backend's own lists.
func RequestOptions() backend.RequestOptions {
	o := backend.RequestOptions{
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
		Limits: backend.RequestLimits{Name: backend.MaxNameLen, Notes: backend.MaxNotesLen, Description: backend.MaxDescriptionLen,
			Address: backend.MaxAddressLen, Tag: backend.MaxTagLen, Tags: backend.MaxTags, PageSize: backend.MaxPageSize},
	}
	for _, r := range backend.Regimes {
		ro := backend.RegimeOption{Value: string(r), Label: r.Label(), Rights: choiceList(r.GrantedRights(), backend.Right.Label)}
		if r.IsUSState() {
			ro.Note = stateLawNote
		}
		o.Regimes = append(o.Regimes, ro)
	}
	for _, c := range rules.HolidayCountries() {
		o.Countries = append(o.Countries, backend.Option{Value: c.Code, Label: c.Name})
	}
	for _, st := range backend.Statuses {
		o.Statuses = append(o.Statuses, backend.StatusOption{Value: string(st), Label: st.Label(), Closed: st.Closed()})
	}
	return o
}

// Create logs a new request and returns it.
func (s *Service) Create(ctx context.Context, in backend.RequestInput) (backend.Request, error) {
	if err := alive(ctx); err != nil {
		return backend.Request{}, err
	}
	return s.st.CreateRequest(in)
}

// CreateDetail logs a new request and returns everything its screen shows.
func (s *Service) CreateDetail(ctx context.Context, in backend.RequestInput) (backend.RequestDetail, error) {
	r, err := s.Create(ctx, in)
	if err != nil {
		return backend.RequestDetail{}, err
	}
	return s.st.RequestDetail(r.Reference)
}

// EditInput returns a request's intake fields as the edit form takes them, times in the
// practice's zone.
func (s *Service) EditInput(ctx context.Context, ref string) (backend.RequestInput, error) {
	if err := alive(ctx); err != nil {
		return backend.RequestInput{}, err
	}
	// The version is read before the fields: a change landing between the two reads makes
	// the save refused, never the change overwritten.
	version, err := s.st.RequestVersion(ref)
	if err != nil {
		return backend.RequestInput{}, err
	}
	r, err := s.st.GetRequest(ref)
	if err != nil {
		return backend.RequestInput{}, err
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return backend.RequestInput{}, err
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return backend.RequestInput{}, backend.Errorf(backend.EINVALID, "The practice's time zone %q is not known: %v", p.TimeZone, err)
	}
	in := r.Input(loc)
	if in.Tags == nil {
		in.Tags = []string{}
	}
	in.Version = version
	return in, nil
}

// Update changes a request's intake fields and returns its detail. With in.Version (the
// edit form's, from EditInput) a save after someone else changed the request is refused
// with ECONFLICT naming their change, and nothing is written.
func (s *Service) Update(ctx context.Context, ref string, in backend.RequestInput) (backend.RequestDetail, error) {
	if err := alive(ctx); err != nil {
		return backend.RequestDetail{}, err
	}
	var err error
	if in.Version > 0 {
		_, err = s.st.UpdateRequestFrom(ref, in.Version, in)
	} else {
		_, err = s.st.UpdateRequest(ref, in)
	}
	if err != nil {
		return backend.RequestDetail{}, err
	}
	return s.st.RequestDetail(ref)
}

// Detail returns everything the request screen shows.
func (s *Service) Detail(ctx context.Context, ref string) (backend.RequestDetail, error) {
	if err := alive(ctx); err != nil {
		return backend.RequestDetail{}, err
	}
	return s.st.RequestDetail(ref)
}

// List returns one page of the request list and the total matching.
func (s *Service) List(ctx context.Context, f backend.RequestFilter) (backend.RequestPage, error) {
	if err := alive(ctx); err != nil {
		return backend.RequestPage{}, err
	}
	return s.st.ListRequests(f)
}

// Each calls fn for every request matching f, in the filter's order, stopping at the
// first error (the command line's list streams through it).
func (s *Service) Each(ctx context.Context, f backend.RequestFilter, fn func(backend.Request) error) error {
	if err := alive(ctx); err != nil {
		return err
	}
	return s.st.EachRequest(f, func(r backend.Request) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(r)
	})
}

// Duplicates lists open requests that may be the one being logged (same email, or same
// name and date of birth); exclude is the reference of the request being edited, or "".
func (s *Service) Duplicates(ctx context.Context, in backend.RequestInput, exclude string) ([]backend.Duplicate, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	return s.st.FindDuplicates(in, exclude)
}

// mutate runs a change and returns the request's fresh detail.
func (s *Service) mutate(ctx context.Context, ref string, fn func() error) (backend.RequestDetail, error) {
	if err := alive(ctx); err != nil {
		return backend.RequestDetail{}, err
	}
	if err := fn(); err != nil {
		return backend.RequestDetail{}, err
	}
	return s.st.RequestDetail(ref)
}

// Transition takes one workflow action (backend/workflow.go): acknowledge,
// request-identity, verify, unable-to-verify, start, extend, pause, resume, complete,
// partially-complete, deny, withdraw.
func (s *Service) Transition(ctx context.Context, ref string, in backend.TransitionInput) (backend.RequestDetail, error) {
	return s.mutate(ctx, ref, func() error { _, err := s.st.Transition(ref, in); return err })
}

// SetOutcome records one right's outcome.
func (s *Service) SetOutcome(ctx context.Context, ref string, in backend.OutcomeInput) (backend.RequestDetail, error) {
	return s.mutate(ctx, ref, func() error { _, err := s.st.SetOutcome(ref, in); return err })
}

// RecordVerification records how the identity was verified.
func (s *Service) RecordVerification(ctx context.Context, ref string, in backend.VerificationInput) (backend.RequestDetail, error) {
	return s.mutate(ctx, ref, func() error { _, err := s.st.RecordVerification(ref, in); return err })
}

// RecordDeletionConfirmation records the requester's separate confirmation of a deletion.
func (s *Service) RecordDeletionConfirmation(ctx context.Context, ref string, in backend.DeletionConfirmationInput) (backend.RequestDetail, error) {
	return s.mutate(ctx, ref, func() error { _, err := s.st.RecordDeletionConfirmation(ref, in); return err })
}

// AddNote adds a note to the timeline.
func (s *Service) AddNote(ctx context.Context, ref, note string) (backend.RequestDetail, error) {
	return s.mutate(ctx, ref, func() error { _, err := s.st.AddNote(ref, note); return err })
}

// Attach copies the file at path into the data folder and attaches it to the request;
// kind says what it is ("ID copy", "signed permission", ...).
func (s *Service) Attach(ctx context.Context, ref, path, kind string) (backend.Attachment, backend.RequestDetail, error) {
	if err := alive(ctx); err != nil {
		return backend.Attachment{}, backend.RequestDetail{}, err
	}
	a, err := s.st.AddRequestAttachment(ref, path, kind)
	if err != nil {
		return backend.Attachment{}, backend.RequestDetail{}, err
	}
	d, err := s.st.RequestDetail(ref)
	return a, d, err
}

// Attachment returns one attached file's record.
func (s *Service) Attachment(ctx context.Context, id int64) (backend.Attachment, error) {
	if err := alive(ctx); err != nil {
		return backend.Attachment{}, err
	}
	return s.st.GetAttachment(id)
}

// OpenableCopy writes a copy of an attached file into dir, for the system viewer, and
// returns its path. Only a file whose content is a PDF, an image or plain text is
// handed to the viewer, whatever its name says: a requester's file named "id.pdf" that
// is really a program (on Windows a click runs an .exe or .hta) is refused, and the
// copy removed; it can still be saved.
func (s *Service) OpenableCopy(ctx context.Context, id int64, dir string) (string, error) {
	if err := alive(ctx); err != nil {
		return "", err
	}
	if err := workdir.Private(dir); err != nil {
		return "", err
	}
	path, err := s.st.OpenableCopy(id, dir)
	if err != nil {
		return "", err
	}
	kind, err := sniff(path)
	if err != nil || !viewable(kind) {
		os.RemoveAll(filepath.Dir(path))
		if err != nil {
			return "", err
		}
		return "", backend.Errorf(backend.ECONFLICT, "This file is not a PDF, an image or plain text (it looks like %s), so Privacy Desk does not open it: a file from outside could be a program. Use Save a copy, and check it before opening.", kind)
	}
	return path, nil
}

// sniff reads the content type of the file at path from its first bytes.
func sniff(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	return http.DetectContentType(head[:n]), nil
}

// viewable is what the system viewer may open: PDFs, pictures and plain text.
func viewable(contentType string) bool {
	switch mt, _, _ := strings.Cut(contentType, ";"); mt {
	case "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "text/plain":
		return true
	}
	return false
}

// SaveAttachmentAs saves a copy of an attached file at dest.
func (s *Service) SaveAttachmentAs(ctx context.Context, id int64, dest string) error {
	if err := alive(ctx); err != nil {
		return err
	}
	return s.st.SaveAttachmentAs(id, dest)
}

// RequestAudit returns the audit trail of one request, oldest first.
func (s *Service) RequestAudit(ctx context.Context, ref string) ([]backend.AuditEvent, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	r, err := s.st.GetRequest(ref)
	if err != nil {
		return nil, err
	}
	events, _, err := s.st.ListAuditEvents(backend.AuditFilter{Entity: "request", EntityID: r.Reference, Limit: 1000})
	if err != nil {
		return nil, err
	}
	out := make([]backend.AuditEvent, 0, len(events))
	for i := len(events) - 1; i >= 0; i-- {
		out = append(out, events[i])
	}
	return out, nil
}

// AuditTrail returns the practice's whole trail, filtered, newest first.
func (s *Service) AuditTrail(ctx context.Context, f backend.AuditFilter) (backend.AuditPage, error) {
	if err := alive(ctx); err != nil {
		return backend.AuditPage{}, err
	}
	items, total, err := s.st.ListAuditEvents(f)
	if err != nil {
		return backend.AuditPage{}, err
	}
	if items == nil {
		items = []backend.AuditEvent{}
	}
	return backend.AuditPage{Items: items, Total: total}, nil
}

// VerifyAudit checks the trail's hash chain.
func (s *Service) VerifyAudit(ctx context.Context) (backend.ChainReport, error) {
	if err := alive(ctx); err != nil {
		return backend.ChainReport{}, err
	}
	return s.st.VerifyAudit()
}

// EachAuditEvent calls fn for every audit event, oldest first.
func (s *Service) EachAuditEvent(ctx context.Context, fn func(backend.AuditEvent) error) error {
	if err := alive(ctx); err != nil {
		return err
	}
	return s.st.EachAuditEvent(fn)
}

// retentionDate reads the "as of" date of a purge; "" is the practice's today.
func (s *Service) retentionDate(asOf string) (backend.Date, error) {
	if asOf == "" {
		return s.st.Today()
	}
	if err := backend.ValidateDate("asOf", asOf, true); err != nil {
		return backend.Date{}, err
	}
	return backend.ParseDate(asOf)
}

// PurgePreview lists the closed requests whose retention ended before asOf
// (YYYY-MM-DD; "" is the practice's today).
func (s *Service) PurgePreview(ctx context.Context, asOf string) (backend.PurgePreview, error) {
	if err := alive(ctx); err != nil {
		return backend.PurgePreview{}, err
	}
	d, err := s.retentionDate(asOf)
	if err != nil {
		return backend.PurgePreview{}, err
	}
	return s.st.PurgePreview(d)
}

// Purge removes what PurgePreview(asOf) lists; the purge itself is audited.
func (s *Service) Purge(ctx context.Context, asOf string) (backend.PurgePreview, error) {
	if err := alive(ctx); err != nil {
		return backend.PurgePreview{}, err
	}
	d, err := s.retentionDate(asOf)
	if err != nil {
		return backend.PurgePreview{}, err
	}
	return s.st.Purge(d)
}

// RememberFilter keeps the list's filters for the next start; paging is not kept, nor
// is the search text (see keepableFilter).
func (s *Service) RememberFilter(ctx context.Context, f backend.RequestFilter) error {
	if err := alive(ctx); err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return err
	}
	if s.filterFile == "" {
		return nil
	}
	return s.writeFilter(ctx, keepableFilter(f))
}

// keepableFilter is what of f the filter file may hold. The file is plain text in the
// data folder, outside the encrypted database, and whoever signs in next reads it: the
// search text (a patient's name, email or phone) and the list's position (the sort key of
// a row, a name when sorted by name) are health data and stay out, as do the paging and
// the date of the due window.
func keepableFilter(f backend.RequestFilter) backend.RequestFilter {
	f.Search, f.After, f.Offset, f.Today = "", "", 0, ""
	return f
}

func (s *Service) writeFilter(ctx context.Context, f backend.RequestFilter) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return export.WriteBytes(ctx, s.filterFile, 0o600, b) // whole or not at all
}

// LastFilter returns the filters last remembered, or the default (everything, newest
// first). A damaged file is forgotten, not an error.
func (s *Service) LastFilter(ctx context.Context) (backend.RequestFilter, error) {
	var f backend.RequestFilter
	if err := alive(ctx); err != nil {
		return f, err
	}
	if s.filterFile == "" {
		return f, nil
	}
	b, err := os.ReadFile(s.filterFile)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	if json.Unmarshal(b, &f) != nil || f.Validate() != nil {
		return backend.RequestFilter{}, nil
	}
	// A file an older version wrote kept the search text: it is written again without.
	if kept := keepableFilter(f); f.Search != "" || f.After != "" {
		if err := s.writeFilter(ctx, kept); err != nil {
			return backend.RequestFilter{}, err
		}
		f = kept
	}
	return f, nil
}

// Disclosures returns the disclosures recorded on an accounting request, oldest first.
func (s *Service) Disclosures(ctx context.Context, ref string) ([]backend.Disclosure, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	return s.st.ListDisclosures(ref)
}

// AddDisclosure records a disclosure on an accounting request.
func (s *Service) AddDisclosure(ctx context.Context, ref string, d backend.Disclosure) (backend.Disclosure, error) {
	if err := alive(ctx); err != nil {
		return backend.Disclosure{}, err
	}
	return s.st.AddDisclosure(ref, d)
}

// RemoveDisclosure removes a disclosure from an accounting request.
func (s *Service) RemoveDisclosure(ctx context.Context, ref string, id int64) error {
	if err := alive(ctx); err != nil {
		return err
	}
	return s.st.RemoveDisclosure(ref, id)
}
