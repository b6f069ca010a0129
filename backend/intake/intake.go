// Package intake brings requests and vendors into Privacy Desk from outside: an old
// spreadsheet of requests or vendors (column mapping, a preview naming every problem by
// row and column, an all-or-nothing commit) and a request from an email file. The
// window (app/svc_exports_import.go) and the command line (app/cmd_import.go) both call
// it; storage only stores what it hands over.
package intake

import (
	"context"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

// Service is the intake use cases on one database.
type Service struct {
	st   *storage.Store
	mail *Mailbox
}

// New returns the service on st. mail keeps the emails proposed as requests until they
// are attached or discarded; it outlives a store (the window keeps one for its life),
// and nil gives the service a mailbox of its own.
func New(st *storage.Store, mail *Mailbox) *Service {
	if mail == nil {
		mail = &Mailbox{}
	}
	return &Service{st: st, mail: mail}
}

// zone is the practice's time zone, in which dates without a zone are read.
func (s *Service) zone(ctx context.Context) (*time.Location, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "The practice's time zone %q is unknown; choose one in Settings.", p.TimeZone)
	}
	return loc, nil
}
