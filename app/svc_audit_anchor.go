package main

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend/casework"
)

// AnchorSaved is what AuditAnchor did: Saved is false when the person cancelled.
type AnchorSaved struct {
	Saved  bool                   `json:"saved"`
	Anchor *casework.AnchorResult `json:"anchor"`
}

// AuditAnchor asks where to save the audit anchor, a one-page PDF pinning the trail as
// it is now, and writes it.
func (s *RequestService) AuditAnchor() (AnchorSaved, error) {
	if err := s.d.guard(); err != nil {
		return AnchorSaved{}, err
	}
	if s.d.ctx == nil {
		return AnchorSaved{}, toUI(errNoWindow)
	}
	path, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: "Save the audit anchor",
		DefaultFilename: "privacydesk-audit-anchor.pdf", DefaultDirectory: defaultFolder(), Filters: []runtime.FileFilter{fileFilters["pdf"]},
		CanCreateDirectories: true})
	if err != nil || path == "" {
		return AnchorSaved{}, toUI(err)
	}
	a, err := s.AuditAnchorTo(path)
	if err != nil {
		return AnchorSaved{}, err
	}
	return AnchorSaved{Saved: true, Anchor: &a}, nil
}

// AuditAnchorTo writes the audit anchor PDF at path, as `privacydesk audit anchor` does.
func (s *RequestService) AuditAnchorTo(path string) (casework.AnchorResult, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (casework.AnchorResult, error) {
		return cw.WriteAuditAnchor(ctx, path)
	})
}
