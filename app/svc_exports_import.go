package main

import (
	"context"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	intakesvc "privacydesk/backend/intake"
)

// Imports, for ExportService (svc_exports.go): an old spreadsheet of requests or vendors
// (column mapping, preview with every problem named by row and column, all-or-nothing
// commit), and a request from an email file. The work is backend/intake's; these are
// its bindings.

// intake is the intake service on the open database, with the window's pending emails.
func (s *ExportService) intake() (*intakesvc.Service, context.Context, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, nil, err
	}
	return intakesvc.New(st, &s.emails), context.Background(), nil
}

// ChooseImportFile asks for the spreadsheet to import; "" when the person cancelled.
func (s *ExportService) ChooseImportFile() (string, error) {
	if err := s.d.guard(); err != nil {
		return "", err
	}
	return wrap(s.openDialog("Choose the spreadsheet to import", fileFilters["sheet"],
		fileFiltersAll))
}

var fileFiltersAll = fileFilter("All files", "*")

// PreviewImport reads the file at path, maps its columns (mapping, or a proposal when
// it is null) and checks every row, importing nothing.
func (s *ExportService) PreviewImport(kind, path string, mapping export.Mapping) (intakesvc.ImportPreview, error) {
	svc, ctx, err := s.intake()
	if err != nil {
		return intakesvc.ImportPreview{}, toUI(err)
	}
	return wrap(svc.Preview(ctx, kind, path, mapping))
}

// CommitImport imports every row of the file, or none: when any row has a problem the
// outcome lists the problems and nothing was stored. The window commits the mapping the
// person confirmed.
func (s *ExportService) CommitImport(kind, path string, mapping export.Mapping) (intakesvc.ImportOutcome, error) {
	if err := s.d.guard(); err != nil {
		return intakesvc.ImportOutcome{}, err
	}
	if _, err := intakesvc.Fields(kind); err != nil {
		return intakesvc.ImportOutcome{}, toUI(err)
	}
	svc, ctx, err := s.intake()
	if err == nil && mapping == nil && strings.TrimSpace(path) != "" {
		err = backend.Invalid("mapping", "Confirm which column feeds which field first.")
	}
	if err != nil {
		return intakesvc.ImportOutcome{}, toUI(err)
	}
	return wrap(svc.Commit(ctx, kind, path, mapping))
}

// ChooseEmailFile asks for an .eml file; "" when the person cancelled.
func (s *ExportService) ChooseEmailFile() (string, error) {
	if err := s.d.guard(); err != nil {
		return "", err
	}
	return wrap(s.openDialog("Choose an email file", fileFilters["eml"], fileFiltersAll))
}

// ImportEmail reads the .eml at path (a dropped or chosen file) and proposes a request.
func (s *ExportService) ImportEmail(path string) (intakesvc.EmailProposal, error) {
	svc, ctx, err := s.intake()
	if err != nil {
		return intakesvc.EmailProposal{}, toUI(err)
	}
	return wrap(svc.ProposeEmailFile(ctx, path))
}

// ImportEmailData proposes a request from an email's bytes (a file dropped on the page
// where the window does not give its path).
func (s *ExportService) ImportEmailData(name string, data []byte) (intakesvc.EmailProposal, error) {
	svc, ctx, err := s.intake()
	if err != nil {
		return intakesvc.EmailProposal{}, toUI(err)
	}
	return wrap(svc.ProposeEmailData(ctx, name, data))
}

// AttachEmail attaches the email of a proposal to the request saved from it.
func (s *ExportService) AttachEmail(ref, token string) (backend.Attachment, error) {
	svc, ctx, err := s.intake()
	if err != nil {
		return backend.Attachment{}, toUI(err)
	}
	return wrap(svc.AttachEmail(ctx, ref, token))
}

// DiscardEmail forgets a proposal that will not be saved (its temporary copy goes).
func (s *ExportService) DiscardEmail(token string) (bool, error) {
	if err := s.d.guard(); err != nil {
		return false, err
	}
	return s.emails.Discard(token), nil
}
