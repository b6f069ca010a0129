package main

import (
	"context"
	"path/filepath"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/reporting"
)

// Response packages, for ExportService (svc_exports.go); backend/reporting makes them.

// PackagePlan is what a response package will hold, shown before it is made.
type PackagePlan = reporting.PackagePlan

// PackageResult is what a finished package job reports.
type PackageResult = reporting.PackageResult

// PlanResponsePackage tells what the response package of request ref will hold.
func (s *ExportService) PlanResponsePackage(ref string) (PackagePlan, error) {
	st, err := s.d.open()
	if err != nil {
		return PackagePlan{}, toUI(err)
	}
	return wrap(reporting.New(st).PlanPackage(context.Background(), ref))
}

// ResponsePackage asks where to save, then starts making the package of request ref
// (AES-256 encrypted with passphrase when it is not "").
func (s *ExportService) ResponsePackage(ref, passphrase string) (ExportStart, error) {
	st, err := s.d.open()
	if err != nil {
		return ExportStart{}, toUI(err)
	}
	if passphrase != "" {
		if err := export.CheckPassphrase(passphrase); err != nil {
			return ExportStart{}, toUI(err)
		}
	}
	plan, err := reporting.New(st).CheckPackage(context.Background(), ref)
	if err != nil {
		return ExportStart{}, toUI(err)
	}
	path, err := s.saveDialog("Save the response package for "+plan.Reference, plan.FileName, fileFilters["zip"])
	if err != nil || path == "" {
		return ExportStart{}, toUI(err)
	}
	j, err := s.ResponsePackageTo(ref, passphrase, path)
	if err != nil {
		return ExportStart{}, err
	}
	return ExportStart{Started: true, Job: &j}, nil
}

// ResponsePackageTo starts making the package of request ref at out.
func (s *ExportService) ResponsePackageTo(ref, passphrase, out string) (Job, error) {
	if err := s.d.guard(); err != nil {
		return Job{}, err
	}
	out = strings.TrimSpace(out)
	if out == "" {
		return Job{}, toUI(backend.Invalid("out", "Choose the file to write."))
	}
	if !filepath.IsAbs(out) {
		return Job{}, toUI(backend.Invalid("out", "Give the full path of the file (for example %s).", filepath.Join(defaultFolder(), strings.TrimSpace(ref)+"-response.zip")))
	}
	if err := checkFolder(out); err != nil {
		return Job{}, toUI(err)
	}
	if passphrase != "" {
		if err := export.CheckPassphrase(passphrase); err != nil {
			return Job{}, toUI(err)
		}
	}
	st, err := s.d.open()
	if err != nil {
		return Job{}, toUI(err)
	}
	// A missing request or cover letter is told at once, on its field.
	rep := reporting.New(st)
	plan, err := rep.CheckPackage(context.Background(), ref)
	if err != nil {
		return Job{}, toUI(err)
	}
	return s.start("package", "Response package "+plan.Reference, out, func(ctx context.Context, _ export.Progress) (any, error) {
		return rep.PackageTo(ctx, plan.Reference, passphrase, out)
	}), nil
}
