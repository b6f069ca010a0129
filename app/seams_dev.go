//go:build dev

package main

import (
	"context"

	"privacydesk/backend"
	"privacydesk/backend/casework"
)

// Seams for the end-to-end tests, which drive the UI in a browser and cannot answer a
// native file dialog. They exist only in the dev build (-tags dev): the window that
// office managers run has no method that takes a path from the page.

// AttachBAAFile attaches the file at path as the signed BAA of vendor id.
func (s *VendorService) AttachBAAFile(id int64, path string) (backend.Vendor, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Vendor, error) {
		return cw.AttachBAA(ctx, id, path)
	})
}

// AttachFile attaches the file at path to request ref (as ChooseAndAttach does with the
// file chosen in the dialog).
func (s *RequestService) AttachFile(ref, path, kind string) (backend.RequestDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestDetail, error) {
		_, d, err := cw.Attach(ctx, ref, path, kind)
		return d, err
	})
}

// SaveCopyTo saves a copy of a stored letter at path.
func (s *LetterService) SaveCopyTo(id int64, path string) error {
	c, ctx, err := s.service()
	if err != nil {
		return err
	}
	return toUI(c.SaveCopy(ctx, id, path))
}

// PrintBatchTo puts the stored letters ids into one PDF at path.
func (s *LetterService) PrintBatchTo(ids []int64, path string) (BatchResult, error) {
	c, ctx, err := s.service()
	if err != nil {
		return BatchResult{}, err
	}
	return wrap(c.PrintBatchTo(ctx, ids, path))
}

// DirectVendorsTo is DirectVendors writing to path (the PDF, or the drafts' folder).
func (s *LetterService) DirectVendorsTo(in DirectInput, path string) (DirectResult, error) {
	c, ctx, err := s.service()
	if err != nil {
		return DirectResult{}, err
	}
	return wrap(c.DirectVendors(ctx, in, path))
}

// SetIdleLockSeconds makes the window lock after seconds without input (0: the
// practice's setting again), so a test sees the idle lock in seconds, not minutes.
func (s *SessionService) SetIdleLockSeconds(seconds int) error {
	if err := s.d.guard(); err != nil {
		return err
	}
	s.d.mu.Lock()
	s.d.idleLockSeconds = seconds
	s.d.mu.Unlock()
	limit := s.d.idleLimit(s.d.callCtx())
	s.d.mu.Lock()
	s.d.idle.limit = limit
	s.d.idle.restart() // the backend's idle time counts from the new limit's setting
	s.d.mu.Unlock()
	return nil
}

// HoldJobsAt makes the jobs started from now on stop once they report n items done
// until they are cancelled (0 lifts it), so a test cancels a long export from the screen
// however fast this machine writes it.
func (s *ExportService) HoldJobsAt(n int64) error {
	if err := s.d.guard(); err != nil {
		return err
	}
	s.jobs.HoldAt(n)
	return nil
}
