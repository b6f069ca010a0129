package storage

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// change runs fn on a request inside one transaction: fn sees the request as stored,
// with the practice's date, and changes it; the request is then written back with the
// timeline event fn returns and an audit event holding the before and after states fn
// chose. A refused change writes nothing.
func (s *Store) change(ref string, action string, fn func(tx *gorm.DB, r *backend.Request, p backend.Practice, today backend.Date, now time.Time) (ev backend.RequestEvent, before, after any, err error)) (backend.Request, error) {
	now := s.Now().UTC()
	var out backend.Request
	err := s.db.Transaction(func(tx *gorm.DB) error {
		p, loc, err := practiceZone(tx)
		if err != nil {
			return err
		}
		r, err := s.loadRequest(tx, ref)
		if err != nil {
			return err
		}
		wasOpen := r.Open()
		ev, before, after, err := fn(tx, &r, p, backend.DateOf(now, loc), now)
		if err != nil {
			return err
		}
		r.UpdatedAt = now
		if err := saveRequest(tx, &r); err != nil {
			return err
		}
		if wasOpen && !r.Open() {
			// The closing date in the practice's zone starts the retention period.
			if err := tx.Exec(`UPDATE requests SET closed_on = ? WHERE id = ?`, backend.DateOf(now, loc), r.ID).Error; err != nil {
				return err
			}
		}
		if err := s.addRequestEvent(tx, r.ID, ev); err != nil {
			return err
		}
		if err := s.appendAudit(tx, "request", r.Reference, action, before, after); err != nil {
			return err
		}
		// Work starting on a request to pass on proposes its vendor tasks, after the
		// transition in the timeline (vendor_tasks.go).
		if err := s.passOnToVendors(tx, r.ID, r.Status); err != nil {
			return err
		}
		if err := s.refreshTaskRights(tx, r.ID); err != nil {
			return err
		}
		out, err = s.loadRequest(tx, r.Reference)
		return err
	})
	return out, err
}

func requireOpen(r *backend.Request) error {
	if !r.Open() {
		return backend.Errorf(backend.ECONFLICT, "Request %s is %s: it can no longer change.", r.Reference, strings.ToLower(r.Status.Label()))
	}
	return nil
}

// auditState is what a transition's audit event keeps of the request.
type auditState struct {
	Status     backend.Status           `json:"status"`
	Rights     []backend.RequestRight   `json:"rights"`
	Extension  *backend.Extension       `json:"extension,omitempty"`
	Pauses     []backend.Pause          `json:"pauses,omitempty"`
	Action     backend.Action           `json:"action,omitempty"`
	Note       string                   `json:"note,omitempty"`
	Reason     string                   `json:"reason,omitempty"`
	Transition *backend.TransitionInput `json:"input,omitempty"`
}

func stateOf(r *backend.Request) auditState {
	return auditState{Status: r.Status, Rights: append([]backend.RequestRight(nil), r.Rights...), Extension: r.Extension,
		Pauses: append([]backend.Pause(nil), r.Pauses...)}
}

// Transition takes one workflow action (backend/workflow.go) on a request: it refuses an
// action the table or a guard does not allow, records who, when and the note on the
// timeline, recomputes the clock when an extension or a pause changes it, and audits
// the status before and after.
func (s *Store) Transition(ref string, in backend.TransitionInput) (backend.Request, error) {
	return s.change(ref, "transition", func(tx *gorm.DB, r *backend.Request, p backend.Practice, today backend.Date, now time.Time) (backend.RequestEvent, any, any, error) {
		before := stateOf(r)
		if err := backend.CheckTransition(r, &in, today); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		ev := r.Apply(in, today, now, s.Actor.Staff)
		switch in.Action {
		case backend.ActionExtend, backend.ActionPause, backend.ActionResume, backend.ActionRequestIdentity:
			// The rules check the extension (CheckExtension) and move dates by pauses.
			if err := computeDeadlinesAsOf(p, r, true, today); err != nil {
				return ev, nil, nil, err
			}
			r.NextDue = r.ComputeNextDue()
		}
		after := stateOf(r)
		after.Action, after.Note = in.Action, in.Note
		after.Transition = &in
		return ev, before, after, nil
	})
}

// SetOutcome records one right's outcome while the request is open.
func (s *Store) SetOutcome(ref string, in backend.OutcomeInput) (backend.Request, error) {
	return s.change(ref, "outcome", func(tx *gorm.DB, r *backend.Request, p backend.Practice, today backend.Date, now time.Time) (backend.RequestEvent, any, any, error) {
		if err := requireOpen(r); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		if err := in.Validate(r); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		rr := r.Right(in.Right)
		before := *rr
		rr.Outcome, rr.DenialReason, rr.Exemption, rr.DenialText = in.Outcome, in.DenialReason, in.Exemption, in.DenialText
		if in.Outcome == backend.OutcomePending {
			rr.OutcomeAt, rr.OutcomeBy = nil, ""
		} else {
			rr.OutcomeAt, rr.OutcomeBy = &now, s.Actor.Staff
		}
		r.NextDue = r.ComputeNextDue()
		summary := fmt.Sprintf("%s: %s", rr.Right.Label(), strings.ToLower(rr.Outcome.Label()))
		if rr.DenialReason != "" {
			summary += " (" + strings.ToLower(rr.DenialReason.Label())
			if rr.Exemption != "" {
				summary += ": " + rr.Exemption
			}
			summary += ")"
		}
		ev := backend.RequestEvent{Kind: backend.EventOutcome, Summary: summary, Note: rr.DenialText}
		return ev, before, *rr, nil
	})
}

// RecordVerification records how the requester's identity was verified. While the
// request still waits for identity it moves to "verified" in the same step, and a UK
// GDPR clock stopped for proof of identity restarts on the day identity was confirmed.
func (s *Store) RecordVerification(ref string, in backend.VerificationInput) (backend.Request, error) {
	return s.change(ref, "verification", func(tx *gorm.DB, r *backend.Request, p backend.Practice, today backend.Date, now time.Time) (backend.RequestEvent, any, any, error) {
		if err := requireOpen(r); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		var ids []int64
		if err := tx.Raw(`SELECT id FROM attachments WHERE owner_type = 'request' AND owner_id = ?`, r.ID).Scan(&ids).Error; err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		if err := in.Validate(r, today, ids); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		on := today
		if in.VerifiedOn != "" {
			on, _ = backend.ParseDate(in.VerifiedOn)
		}
		row := verificationRow{RequestID: r.ID, Method: string(in.Method), VerifiedBy: in.VerifiedBy, VerifiedOn: on,
			Degree: string(in.Degree), Notes: in.Notes, RequesterConfirmed: in.RequesterConfirmed,
			RecordedAt: timeText(now), RecordedBy: s.Actor.Staff}
		if in.PermissionAttachmentID != 0 {
			row.PermissionAttachmentID = &in.PermissionAttachmentID
		}
		if err := tx.Create(&row).Error; err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		before := stateOf(r)
		r.Verification = row.verification()
		if r.SubmittedBy != backend.SubmittedBySelf && in.RequesterConfirmed {
			r.RequesterConfirmed = true
		}
		if r.SubmittedBy != backend.SubmittedBySelf && in.PermissionAttachmentID != 0 {
			r.ProofOfAuthority = true
		}
		summary := fmt.Sprintf("Identity verified (%s, %s degree) by %s on %s", strings.ToLower(in.Method.Label()),
			strings.ToLower(in.Degree.Label()), in.VerifiedBy, on.Long())
		ended := false
		for i := range r.Pauses {
			if p := &r.Pauses[i]; p.EndedOn.IsZero() && p.Kind == backend.PauseIdentity {
				p.EndedOn, ended = on, true
				if p.EndedOn.Before(p.StartedOn) {
					p.EndedOn = p.StartedOn
				}
			}
		}
		if ended {
			if err := computeDeadlinesAsOf(p, r, true, today); err != nil {
				return backend.RequestEvent{}, nil, nil, err
			}
			summary += "; the paused clock restarts"
		}
		ev := backend.RequestEvent{Kind: backend.EventVerification, Summary: summary, Note: in.Notes}
		if act := (backend.TransitionInput{Action: backend.ActionVerify}); backend.CheckTransition(r, &act, today) == nil {
			tr := r.Apply(act, today, now, s.Actor.Staff)
			ev.Action, ev.FromStatus, ev.ToStatus = tr.Action, tr.FromStatus, tr.ToStatus
		}
		r.NextDue = r.ComputeNextDue()
		after := stateOf(r)
		return ev, before, struct {
			Verification *backend.Verification `json:"verification"`
			State        auditState            `json:"state"`
		}{r.Verification, after}, nil
	})
}

// RecordDeletionConfirmation records the requester's separate confirmation that they
// want their data deleted; a deletion cannot be completed without it.
func (s *Store) RecordDeletionConfirmation(ref string, in backend.DeletionConfirmationInput) (backend.Request, error) {
	return s.change(ref, "deletion-confirmation", func(tx *gorm.DB, r *backend.Request, p backend.Practice, today backend.Date, now time.Time) (backend.RequestEvent, any, any, error) {
		if err := requireOpen(r); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		if err := in.Validate(r, today); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		on := today
		if in.ConfirmedOn != "" {
			on, _ = backend.ParseDate(in.ConfirmedOn)
		}
		before := r.DeletionConfirmation
		r.DeletionConfirmation = &backend.DeletionConfirmation{ConfirmedOn: on, Channel: in.Channel, Note: in.Note,
			RecordedAt: now, RecordedBy: s.Actor.Staff}
		ev := backend.RequestEvent{Kind: backend.EventDeletionConfirmation, Note: in.Note,
			Summary: fmt.Sprintf("The requester confirmed by %s on %s that they want their data deleted", strings.ToLower(in.Channel.Label()), on.Long())}
		return ev, before, r.DeletionConfirmation, nil
	})
}

// AddNote adds a note to a request's timeline.
func (s *Store) AddNote(ref, note string) (backend.Request, error) {
	note = strings.TrimSpace(note)
	return s.change(ref, "note", func(tx *gorm.DB, r *backend.Request, p backend.Practice, today backend.Date, now time.Time) (backend.RequestEvent, any, any, error) {
		if err := backend.ValidateText("note", note, backend.MaxNotesLen, true); err != nil {
			return backend.RequestEvent{}, nil, nil, err
		}
		return backend.RequestEvent{Kind: backend.EventNote, Summary: "Note added", Note: note}, nil, map[string]string{"note": note}, nil
	})
}

// RequestDetail returns everything the request screen shows.
func (s *Store) RequestDetail(ref string) (backend.RequestDetail, error) {
	var d backend.RequestDetail
	err := s.db.Transaction(func(tx *gorm.DB) error {
		p, loc, err := practiceZone(tx)
		if err != nil {
			return err
		}
		r, err := s.loadRequest(tx, ref)
		if err != nil {
			return err
		}
		for i := range r.Rights {
			if r.Rights[i].StateClock, err = stateClock(p, &r, &r.Rights[i]); err != nil {
				return err
			}
		}
		d.Request, d.Today = r, backend.DateOf(s.Now(), loc)
		var events []eventRow
		if err := tx.Where("request_id = ?", r.ID).Order("id").Find(&events).Error; err != nil {
			return err
		}
		d.Events = make([]backend.RequestEvent, len(events))
		for i := range events {
			d.Events[i] = events[i].event()
		}
		if d.Attachments, err = listAttachments(tx, "request", r.ID); err != nil {
			return err
		}
		var vs []verificationRow
		if err := tx.Where("request_id = ?", r.ID).Order("id").Find(&vs).Error; err != nil {
			return err
		}
		d.Verifications = make([]backend.Verification, len(vs))
		for i := range vs {
			d.Verifications[i] = *vs[i].verification()
		}
		d.Actions = backend.ActionChecks(&r, d.Today)
		d.Allowed = backend.AllowedActions(&r, d.Today)
		d.Retention = backend.RetentionFor(r.Regime)
		if d.Appeals, err = appealsOf(tx, r.Reference); err != nil {
			return err
		}
		var letters map[int64][]backend.Letter
		if r.Extension != nil {
			if letters, err = extensionLetters(tx, []int64{r.ID}); err != nil {
				return err
			}
		}
		d.ExtensionNotices = backend.ExtensionNotices(&r, letters[r.ID], loc)
		return nil
	})
	return d, err
}
