// Package casework owns what a person does with requests and vendors once they are
// logged: reading a request and its timeline, taking workflow actions, recording
// evidence and outcomes, the vendor register with today's alerts, the data map, the
// vendor tasks a request passes on, disclosures, the audit trail and retention.
//
// The window (app/svc_requests.go, app/svc_vendors.go) and the command line
// (app/cmd_request.go, app/cmd_vendor.go) both call this package, so a click and a
// command do the same thing. Every call takes a context first. The practice's today
// comes from storage (the practice's time zone), never from the computer's clock.
// Persistence, transactions and the audit append stay in backend/storage.
package casework

import (
	"context"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

// Service is the casework of one practice database.
type Service struct {
	st *storage.Store
	// filterFile is where the requests list's last filters are remembered ("" = not kept).
	filterFile string
}

// New returns the casework of the database st. filterFile is the file in the data
// folder that keeps the request list's last filters; "" keeps none.
func New(st *storage.Store, filterFile string) *Service {
	return &Service{st: st, filterFile: filterFile}
}

// alive refuses a call whose context is already done, before any work.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return backend.Errorf(backend.EINTERNAL, "The operation was cancelled: %v", err)
	}
	return nil
}

// Today is the practice's date now, in its time zone.
func (s *Service) Today(ctx context.Context) (backend.Date, error) {
	if err := alive(ctx); err != nil {
		return backend.Date{}, err
	}
	return s.st.Today()
}
