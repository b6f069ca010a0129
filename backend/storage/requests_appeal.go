package storage

import (
	"fmt"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// An appeal names the request whose denial it appeals (requests.appeal_of, a reference);
// the denied request's screen lists the appeals that name it, and its timeline says when
// one was logged.

// checkAppealOf reads the request in.AppealOf names and checks it (backend.CheckAppealOf);
// self is the reference of the appeal being edited, "" for a new one.
func (s *Store) checkAppealOf(tx *gorm.DB, in *backend.RequestInput, self string) error {
	if in.AppealOf == "" {
		return nil
	}
	denied, err := s.loadRequest(tx, in.AppealOf)
	switch {
	case backend.ErrorCode(err) == backend.ENOTFOUND:
		return backend.CheckAppealOf(in, nil, self)
	case err != nil:
		return err
	}
	return backend.CheckAppealOf(in, &denied, self)
}

// noteAppeal puts the appeal r on the timeline of the request it appeals.
func (s *Store) noteAppeal(tx *gorm.DB, r *backend.Request) error {
	if r.AppealOf == "" {
		return nil
	}
	var id int64
	if err := tx.Raw(`SELECT id FROM requests WHERE reference = ?`, r.AppealOf).Scan(&id).Error; err != nil {
		return err
	}
	ev := backend.RequestEvent{Kind: backend.EventAppeal,
		Summary: fmt.Sprintf("Appeal %s of this request's denial logged, received %s", r.Reference, r.ReceivedDate.Long())}
	return s.addRequestEvent(tx, id, ev)
}

// appealsOf lists the appeals that name the request ref, oldest first.
func appealsOf(tx *gorm.DB, ref string) ([]backend.RequestLink, error) {
	var rows []struct {
		Reference    string
		ReceivedDate backend.Date
		Status       string
	}
	if err := tx.Raw(`SELECT reference, received_date, status FROM requests WHERE appeal_of = ? ORDER BY id`, ref).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]backend.RequestLink, len(rows))
	for i, w := range rows {
		out[i] = backend.RequestLink{Reference: w.Reference, ReceivedDate: w.ReceivedDate, Status: backend.Status(w.Status)}
	}
	return out, nil
}
