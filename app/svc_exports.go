package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/export"
	intakesvc "privacydesk/backend/intake"
	"privacydesk/backend/jobs"
	"privacydesk/backend/reporting"
)

// ExportService is the Exports screen's backend: exports to a file, imports from an old
// spreadsheet or an email, backups and restore. It calls the same backend services as
// the headless commands (cmd_export.go, cmd_import.go, cmd_backup.go): exports and
// response packages are backend/reporting's, the jobs backend/jobs'.
//
// Long work (exports, backups, restores) runs as a job on its own goroutine: the method
// returns the job at once and the window is told how it goes by events:
//
//	job:progress {id, done, total, label}
//	job:done     {id, label, kind, result}
//	job:error    {id, label, kind, code, message, field, cancelled}
//
// Cancel(id) stops a job; the atomic writer leaves no partial file.
//
// Each dialog-based method (Export, Backup, ...) has a twin taking an explicit path
// (ExportTo, BackupTo, ...): the UI offers both (a person may type or paste a path), and
// the tests call them.
type ExportService struct {
	d    *desk
	emit func(event string, data ...any)
	now  func() time.Time

	jobs *jobs.Runner

	mu      sync.Mutex
	lastDir string
	emails  intakesvc.Mailbox // emails proposed as requests, until attached
	auto    backup.AutoBackupStatus
}

func (s *ExportService) startup(ctx context.Context, d *desk) {
	s.d = d
	s.emit = func(event string, data ...any) { runtime.EventsEmit(ctx, event, data...) }
	s.init()
	// Due backups run once someone signs in: the database is closed until then.
	d.afterSignIn = append(d.afterSignIn, func() { s.runAutoBackup(context.Background()) })
}

// init prepares the service's job runner, maps and clock (startup, or a test).
func (s *ExportService) init() {
	if s.now == nil {
		s.now = time.Now
	}
	if s.emit == nil {
		s.emit = func(string, ...any) {}
	}
	if s.d != nil { // signing out waits for the jobs, which use the database
		s.d.busy = func() string {
			if j := s.running(); j != nil {
				return j.Label
			}
			return ""
		}
	}
	s.jobs = jobs.NewRunner(s.now,
		func(p jobs.ProgressEvent) { s.emit("job:progress", p) },
		func(e jobs.EndEvent) {
			if e.Failed() {
				s.emit("job:error", e)
				return
			}
			s.emit("job:done", e)
		})
}

// ---- jobs ----

// Job is a piece of long work as the window sees it; jobProgress and jobEnd are the
// job:progress and job:done/job:error events.
type (
	Job         = jobs.Job
	jobProgress = jobs.ProgressEvent
	jobEnd      = jobs.EndEvent
)

// start runs work as a job and returns it at once.
func (s *ExportService) start(kind, label, out string, work jobs.Work) Job {
	return s.jobs.Start(context.Background(), kind, label, out, work)
}

// Jobs lists the running jobs and those finished in the last hour, newest first.
func (s *ExportService) Jobs() ([]Job, error) {
	if err := s.d.guard(); err != nil {
		return nil, err
	}
	return s.jobs.Jobs(), nil
}

// Cancel stops a running job; false when it had already ended.
func (s *ExportService) Cancel(id string) (bool, error) {
	if err := s.d.guard(); err != nil {
		return false, err
	}
	return s.jobs.Cancel(id), nil
}

// wait blocks until the job ends and returns it (tests, the automatic backup).
func (s *ExportService) wait(id string) Job {
	j, _ := s.jobs.Wait(context.Background(), id)
	return j
}

// running reports whether a job of one of kinds is running (all kinds when none given).
func (s *ExportService) running(kinds ...string) *Job { return s.jobs.Running(kinds...) }

// ---- dialogs ----

// saveDialog asks where to save; "" when the person cancelled.
func (s *ExportService) saveDialog(title, name string, filters ...runtime.FileFilter) (string, error) {
	if s.d.ctx == nil {
		return "", errNoWindow
	}
	s.mu.Lock()
	dir := s.lastDir
	s.mu.Unlock()
	if dir == "" {
		dir = defaultFolder()
	}
	path, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: name,
		DefaultDirectory: dir, Filters: filters, CanCreateDirectories: true})
	if err != nil || path == "" {
		return "", err
	}
	// The GTK dialog does not add the extension a filter implies.
	if filepath.Ext(path) == "" {
		path += filepath.Ext(name)
	}
	s.rememberDir(path)
	return path, nil
}

// openDialog asks for a file to read; "" when the person cancelled.
func (s *ExportService) openDialog(title string, filters ...runtime.FileFilter) (string, error) {
	if s.d.ctx == nil {
		return "", errNoWindow
	}
	s.mu.Lock()
	dir := s.lastDir
	s.mu.Unlock()
	if dir == "" {
		dir = defaultFolder()
	}
	path, err := runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{Title: title, DefaultDirectory: dir, Filters: filters})
	if err != nil || path == "" {
		return "", err
	}
	s.rememberDir(path)
	return path, nil
}

func (s *ExportService) rememberDir(path string) {
	s.mu.Lock()
	s.lastDir = filepath.Dir(path)
	s.mu.Unlock()
}

// defaultFolder is where dialogs open the first time: Documents when there is one.
func defaultFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if st, err := os.Stat(filepath.Join(home, "Documents")); err == nil && st.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}

func fileFilter(name, pattern string) runtime.FileFilter {
	return runtime.FileFilter{DisplayName: name, Pattern: pattern}
}

var fileFilters = map[string]runtime.FileFilter{
	"csv":      {DisplayName: "CSV (*.csv)", Pattern: "*.csv"},
	"xlsx":     {DisplayName: "Excel workbook (*.xlsx)", Pattern: "*.xlsx"},
	"json":     {DisplayName: "JSON (*.json)", Pattern: "*.json"},
	"pdf":      {DisplayName: "PDF (*.pdf)", Pattern: "*.pdf"},
	"ics":      {DisplayName: "Calendar (*.ics)", Pattern: "*.ics"},
	"zip":      {DisplayName: "ZIP archive (*.zip)", Pattern: "*.zip"},
	"pdbackup": {DisplayName: "Privacy Desk backup (*" + backup.Extension + ")", Pattern: "*" + backup.Extension},
	"sheet":    {DisplayName: "Spreadsheets (*.csv, *.xlsx, *.txt, *.tsv)", Pattern: "*.csv;*.xlsx;*.txt;*.tsv;*.CSV;*.XLSX"},
	"eml":      {DisplayName: "Email files (*.eml)", Pattern: "*.eml;*.EML"},
}

// ---- exports ----

// ExportKind is one card of the Exports screen.
type ExportKind = reporting.ExportKind

// ExportKinds lists what can be exported, in the order the screen shows it.
func (s *ExportService) ExportKinds() ([]ExportKind, error) {
	if err := s.d.guard(); err != nil {
		return nil, err
	}
	return reporting.Kinds(), nil
}

// defaultExportName is the name the save dialog proposes: what it is and when.
func (s *ExportService) defaultExportName(req reporting.ExportRequest) string {
	st, err := s.d.open()
	if err == nil {
		var name string
		if name, err = reporting.New(st).FileName(req); err == nil {
			return name
		}
	}
	return req.Kind + "." + req.Format
}

// checkFolder refuses, on the out field, a file whose folder does not exist or that is
// itself a folder: told at once rather than when the job fails.
func checkFolder(out string) error {
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return backend.Invalid("out", "%s is a folder; add a file name.", out)
	}
	dir := filepath.Dir(out)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return backend.Invalid("out", "The folder %s does not exist; choose another or create it first.", dir)
	}
	return nil
}

// ExportStart is what a dialog-based method did: nothing when the person cancelled the
// dialog, or the job it started.
type ExportStart struct {
	Started bool `json:"started"`
	Job     *Job `json:"job"`
}

// Export asks where to save, then starts the export (req.Out is ignored).
func (s *ExportService) Export(req reporting.ExportRequest) (ExportStart, error) {
	if err := s.d.guard(); err != nil {
		return ExportStart{}, err
	}
	if err := req.Check(); err != nil {
		return ExportStart{}, toUI(err)
	}
	if _, err := s.d.open(); err != nil {
		return ExportStart{}, toUI(err)
	}
	label := reporting.KindLabel(req.Kind)
	path, err := s.saveDialog("Export the "+strings.ToLower(label), s.defaultExportName(req), fileFilters[req.Format])
	if err != nil || path == "" {
		return ExportStart{}, toUI(err)
	}
	req.Out = path
	j, err := s.ExportTo(req)
	if err != nil {
		return ExportStart{}, err
	}
	return ExportStart{Started: true, Job: &j}, nil
}

// ExportTo starts the export into req.Out.
func (s *ExportService) ExportTo(req reporting.ExportRequest) (Job, error) {
	if err := s.d.guard(); err != nil {
		return Job{}, err
	}
	if err := req.Check(); err != nil {
		return Job{}, toUI(err)
	}
	req.Out = strings.TrimSpace(req.Out)
	if req.Out == "" {
		return Job{}, toUI(backend.Invalid("out", "Choose the file to write."))
	}
	if !filepath.IsAbs(req.Out) {
		return Job{}, toUI(backend.Invalid("out", "Give the full path of the file (for example %s).", filepath.Join(defaultFolder(), s.defaultExportName(req))))
	}
	if err := checkFolder(req.Out); err != nil {
		return Job{}, toUI(err)
	}
	st, err := s.d.open()
	if err != nil {
		return Job{}, toUI(err)
	}
	label := fmt.Sprintf("%s (%s)", reporting.KindLabel(req.Kind), strings.ToUpper(req.Format))
	if req.Kind == "metrics" && req.Year != 0 {
		label = fmt.Sprintf("%s %d (%s)", reporting.KindLabel(req.Kind), req.Year, strings.ToUpper(req.Format))
	}
	return s.start("export", label, req.Out, func(ctx context.Context, progress export.Progress) (any, error) {
		return reporting.New(st).Export(ctx, req, progress)
	}), nil
}
