package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/casework"
)

// RequestService is the request screens' binding: intake, the list, the detail screen
// with its timeline and actions, evidence (verification, deletion confirmation, files),
// the audit trail and retention. Each method adapts one call of backend/casework.
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

// call runs fn with the open database's casework, turning every error into the contract.
func call[T any](d *desk, fn func(cw *casework.Service, ctx context.Context) (T, error)) (T, error) {
	cw, ctx, err := d.casework()
	if err != nil {
		var zero T
		return zero, toUI(err)
	}
	return wrap(fn(cw, ctx))
}

// Options returns the choices and limits of the request screens.
func (s *RequestService) Options() (backend.RequestOptions, error) {
	if err := s.d.guard(); err != nil {
		return backend.RequestOptions{}, err
	}
	return casework.RequestOptions(), nil
}

// Create logs a new request and returns its detail.
func (s *RequestService) Create(in backend.RequestInput) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.CreateDetail(ctx, in)
	})
}

// EditInput returns a request's intake fields as the edit form takes them.
func (s *RequestService) EditInput(ref string) (backend.RequestInput, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestInput, error) {
		return cw.EditInput(ctx, ref)
	})
}

// Update changes a request's intake fields.
func (s *RequestService) Update(ref string, in backend.RequestInput) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.Update(ctx, ref, in)
	})
}

// Get returns everything the request screen shows.
func (s *RequestService) Get(ref string) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.Detail(ctx, ref)
	})
}

// List returns one page of the request list and the total matching.
func (s *RequestService) List(f backend.RequestFilter) (backend.RequestPage, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestPage, error) { return cw.List(ctx, f) })
}

// Duplicates lists open requests that may be the one being logged (same email, or same
// name and date of birth); exclude is the reference of the request being edited, or "".
func (s *RequestService) Duplicates(in backend.RequestInput, exclude string) ([]backend.Duplicate, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.Duplicate, error) {
		return cw.Duplicates(ctx, in, exclude)
	})
}

// Transition takes one workflow action (see Options().actions and the detail's
// "actions"/"allowed").
func (s *RequestService) Transition(ref string, in backend.TransitionInput) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.Transition(ctx, ref, in)
	})
}

// SetOutcome records one right's outcome.
func (s *RequestService) SetOutcome(ref string, in backend.OutcomeInput) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.SetOutcome(ctx, ref, in)
	})
}

// RecordVerification records how the identity was verified; a request waiting for it
// moves to "verified".
func (s *RequestService) RecordVerification(ref string, in backend.VerificationInput) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.RecordVerification(ctx, ref, in)
	})
}

// RecordDeletionConfirmation records the requester's separate confirmation that they
// want their data deleted.
func (s *RequestService) RecordDeletionConfirmation(ref string, in backend.DeletionConfirmationInput) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.RecordDeletionConfirmation(ctx, ref, in)
	})
}

// AddNote adds a note to the timeline.
func (s *RequestService) AddNote(ref, note string) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		return cw.AddNote(ctx, ref, note)
	})
}

var errNoWindow = backend.Errorf(backend.EINTERNAL, "This needs the app's window.")

// ChooseAndAttach lets the person pick a file in the native dialog and attaches it.
func (s *RequestService) ChooseAndAttach(ref, kind string) (backend.AttachResult, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.AttachResult, error) {
		if s.d.ctx == nil {
			return backend.AttachResult{}, errNoWindow
		}
		path, err := runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{Title: "Attach a file to " + ref})
		if err != nil {
			return backend.AttachResult{}, err
		}
		if path == "" {
			d, err := cw.Detail(ctx, ref)
			return backend.AttachResult{Detail: d}, err
		}
		a, d, err := cw.Attach(ctx, ref, path, kind)
		return backend.AttachResult{Attached: true, Attachment: &a, Detail: d}, err
	})
}

// openDir is where copies of attached files are written for the system viewer.
func openDir() string { return filepath.Join(os.TempDir(), "privacydesk-open") }

// openAttachment opens a copy of an attached file with the system's default application.
func openAttachment(d *desk, id int64) (bool, error) {
	return call(d, func(cw *casework.Service, ctx context.Context) (bool, error) {
		if d.ctx == nil {
			return false, errNoWindow
		}
		path, err := cw.OpenableCopy(ctx, id, openDir())
		if err != nil {
			return false, err
		}
		runtime.BrowserOpenURL(d.ctx, "file://"+filepath.ToSlash(path))
		return true, nil
	})
}

// saveAttachmentAs saves a copy of an attached file where the person chooses in the
// native dialog; false when they cancelled.
func saveAttachmentAs(d *desk, id int64) (bool, error) {
	return call(d, func(cw *casework.Service, ctx context.Context) (bool, error) {
		if d.ctx == nil {
			return false, errNoWindow
		}
		a, err := cw.Attachment(ctx, id)
		if err != nil {
			return false, err
		}
		dest, err := runtime.SaveFileDialog(d.ctx, runtime.SaveDialogOptions{Title: "Save a copy", DefaultFilename: a.OriginalName})
		if err != nil || dest == "" {
			return false, err
		}
		return true, cw.SaveAttachmentAs(ctx, id, dest)
	})
}

// OpenAttachment opens a copy of an attached file with the system's default application.
func (s *RequestService) OpenAttachment(id int64) (bool, error) { return openAttachment(s.d, id) }

// SaveAttachmentAs saves a copy of an attached file where the person chooses.
func (s *RequestService) SaveAttachmentAs(id int64) (bool, error) { return saveAttachmentAs(s.d, id) }

// Audit returns the audit trail of one request, oldest first.
func (s *RequestService) Audit(ref string) ([]backend.AuditEvent, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.AuditEvent, error) {
		return cw.RequestAudit(ctx, ref)
	})
}

// AuditTrail returns the practice's whole trail, filtered, newest first.
func (s *RequestService) AuditTrail(f backend.AuditFilter) (backend.AuditPage, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.AuditPage, error) {
		return cw.AuditTrail(ctx, f)
	})
}

// VerifyAudit checks the trail's hash chain, as `privacydesk audit verify` does.
func (s *RequestService) VerifyAudit() (backend.ChainReport, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.ChainReport, error) {
		return cw.VerifyAudit(ctx)
	})
}

// PurgePreview lists the closed requests whose retention ended before asOf (YYYY-MM-DD,
// "" = the practice's today).
func (s *RequestService) PurgePreview(asOf string) (backend.PurgePreview, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.PurgePreview, error) {
		return cw.PurgePreview(ctx, asOf)
	})
}

// Purge removes what PurgePreview(asOf) lists; the purge itself is audited.
func (s *RequestService) Purge(asOf string) (backend.PurgePreview, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.PurgePreview, error) {
		return cw.Purge(ctx, asOf)
	})
}

// RememberFilter keeps the list's filters for the next start; paging is not kept.
func (s *RequestService) RememberFilter(f backend.RequestFilter) (bool, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (bool, error) { return true, cw.RememberFilter(ctx, f) })
}

// LastFilter returns the filters last remembered, or the default (everything, newest first).
func (s *RequestService) LastFilter() (backend.RequestFilter, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestFilter, error) {
		return cw.LastFilter(ctx)
	})
}
