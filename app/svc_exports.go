package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

// ExportService is the Exports screen's backend: exports to a file, imports from an old
// spreadsheet or an email, backups and restore. It calls the same storage functions as
// the headless commands (cmd_export.go, cmd_import.go, cmd_backup.go).
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

	mu      sync.Mutex
	jobs    map[string]*job
	seq     int
	lastDir string
	emails  map[string]pendingEmail
	auto    AutoBackupStatus
	// restoring is set while a restore has the database closed.
	restoring bool
}

func (s *ExportService) startup(ctx context.Context, d *desk) {
	s.d = d
	s.emit = func(event string, data ...any) { runtime.EventsEmit(ctx, event, data...) }
	s.init()
	go s.runAutoBackup(context.Background())
}

// init prepares the service's maps and clock (startup, or a test).
func (s *ExportService) init() {
	if s.now == nil {
		s.now = time.Now
	}
	if s.emit == nil {
		s.emit = func(string, ...any) {}
	}
	s.jobs = map[string]*job{}
	s.emails = map[string]pendingEmail{}
}

// ---- jobs ----

// Job is a piece of long work as the window sees it.
type Job struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"` // export, backup, restore, package, autobackup
	Label string `json:"label"`
	Out   string `json:"out"` // the file written (or read, for a restore)
	Done  int64  `json:"done"`
	Total int64  `json:"total"` // 0 when unknown
	// State is running, done, error or cancelled.
	State     string       `json:"state"`
	Result    any          `json:"result,omitempty"`
	Error     *uiErrorBody `json:"error,omitempty"`
	StartedAt time.Time    `json:"startedAt"`
}

type job struct {
	Job
	cancel   context.CancelFunc
	finished chan struct{}
	lastEmit time.Time
}

// jobProgress is the job:progress event.
type jobProgress struct {
	ID    string `json:"id"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
	Label string `json:"label"`
}

// jobEnd is the job:done and job:error event.
type jobEnd struct {
	ID        string `json:"id"`
	Label     string `json:"label"`
	Kind      string `json:"kind"`
	Out       string `json:"out"`
	Result    any    `json:"result,omitempty"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	Field     string `json:"field,omitempty"`
	Cancelled bool   `json:"cancelled,omitempty"`
}

// progressEvery keeps the window from being flooded: one progress event per interval,
// plus the last one.
const progressEvery = 100 * time.Millisecond

// start runs work as a job and returns it at once.
func (s *ExportService) start(kind, label, out string, work func(ctx context.Context, progress export.Progress) (any, error)) Job {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.seq++
	j := &job{Job: Job{ID: kind + "-" + strconv.Itoa(s.seq), Kind: kind, Label: label, Out: out, State: "running",
		StartedAt: s.now().UTC()}, cancel: cancel, finished: make(chan struct{})}
	s.jobs[j.ID] = j
	s.forgetOldJobs()
	snapshot := j.Job
	s.mu.Unlock()

	progress := func(done, total int64) {
		s.mu.Lock()
		j.Done, j.Total = done, total
		now := time.Now()
		send := now.Sub(j.lastEmit) >= progressEvery || (total > 0 && done >= total)
		if send {
			j.lastEmit = now
		}
		s.mu.Unlock()
		if send {
			s.emit("job:progress", jobProgress{ID: j.ID, Done: done, Total: total, Label: label})
		}
	}
	go func() {
		defer close(j.finished)
		defer cancel()
		res, err := s.runSafely(ctx, work, progress)
		end := jobEnd{ID: j.ID, Label: label, Kind: kind, Out: out}
		s.mu.Lock()
		switch {
		case err == nil:
			j.State, j.Result, end.Result = "done", res, res
			if j.Total > 0 {
				j.Done = j.Total
			}
		default:
			ui := toUI(err).(uiError)
			j.State, j.Error = "error", &ui.body
			end.Code, end.Message, end.Field = ui.body.Code, ui.body.Message, ui.body.Field
			if errors.Is(err, export.ErrCanceled) || ctx.Err() != nil {
				j.State, end.Cancelled = "cancelled", true
				end.Code, end.Message = backend.ECONFLICT, "Cancelled. Nothing was written."
				j.Error = &uiErrorBody{Code: end.Code, Message: end.Message}
			}
		}
		s.mu.Unlock()
		if err == nil {
			s.emit("job:done", end)
		} else {
			if !end.Cancelled {
				slog.Warn("job failed", "job", j.ID, "label", label, "err", err)
			}
			s.emit("job:error", end)
		}
	}()
	return snapshot
}

// runSafely turns a panic in a job into an internal error: the app keeps running.
func (s *ExportService) runSafely(ctx context.Context, work func(context.Context, export.Progress) (any, error), progress export.Progress) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job panicked: %v", r)
		}
	}()
	return work(ctx, progress)
}

// forgetOldJobs keeps the finished jobs of the last hour (the window may be reloaded
// while a job runs and asks for them). Called with s.mu held.
func (s *ExportService) forgetOldJobs() {
	for id, j := range s.jobs {
		if j.State != "running" && s.now().Sub(j.StartedAt) > time.Hour {
			delete(s.jobs, id)
		}
	}
}

// Jobs lists the running jobs and those finished in the last hour, newest first.
func (s *ExportService) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, 0, len(s.jobs))
	for _, j := range s.jobs {
		out = append(out, j.Job)
	}
	sort.Slice(out, func(a, b int) bool {
		na, _ := strconv.Atoi(out[a].ID[strings.LastIndexByte(out[a].ID, '-')+1:])
		nb, _ := strconv.Atoi(out[b].ID[strings.LastIndexByte(out[b].ID, '-')+1:])
		return na > nb
	})
	return out
}

// Cancel stops a running job; false when it had already ended.
func (s *ExportService) Cancel(id string) bool {
	s.mu.Lock()
	j, ok := s.jobs[id]
	s.mu.Unlock()
	if !ok || j.State != "running" {
		return false
	}
	j.cancel()
	return true
}

// wait blocks until the job ends and returns it (tests; restore waits for nothing).
func (s *ExportService) wait(id string) Job {
	s.mu.Lock()
	j := s.jobs[id]
	s.mu.Unlock()
	if j == nil {
		return Job{}
	}
	<-j.finished
	s.mu.Lock()
	defer s.mu.Unlock()
	return j.Job
}

// running reports whether a job of one of kinds is running (all kinds when none given).
func (s *ExportService) running(kinds ...string) *Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.jobs {
		if j.State == "running" && (len(kinds) == 0 || slices.Contains(kinds, j.Kind)) {
			jj := j.Job
			return &jj
		}
	}
	return nil
}

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
type ExportKind struct {
	Kind        string   `json:"kind"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Formats     []string `json:"formats"`
	Year        bool     `json:"year"` // takes a calendar year
}

var exportKindText = map[string][2]string{
	"requests": {"Request log", "Every request with every field, including the record 11 CCR 7101 asks a business to keep: date and nature of the request, how it was made, date and nature of the response, basis for any denial."},
	"vendors":  {"Vendor register", "Every vendor with its BAA status, dates, checklist and today's alerts."},
	"datamap":  {"Data map", "What the practice collects, why, for how long, and which vendors receive it."},
	"audit":    {"Audit trail", "Every recorded change in order, with the result of verifying the tamper-evident chain."},
	"metrics":  {"Yearly metrics", "Per right, for one calendar year: requests received, complied with in whole or in part, denied, and the median and mean days to respond (11 CCR 7102)."},
	"calendar": {"Due dates calendar", "The due date of every open right as an all-day event, for Outlook or Google Calendar. Events name the reference and the right, never the requester."},
}

// ExportKinds lists what can be exported, in the order the screen shows it.
func (s *ExportService) ExportKinds() []ExportKind {
	out := make([]ExportKind, 0, len(storage.ExportKinds))
	for _, k := range storage.ExportKinds {
		t := exportKindText[k]
		label := t[0]
		if label == "" {
			label = k
		}
		out = append(out, ExportKind{Kind: k, Label: label, Description: t[1], Formats: storage.ExportFormats(k), Year: k == "metrics"})
	}
	return out
}

// checkExport validates the kind and format before a dialog opens, so a mistake lands
// on its field.
func checkExport(req *storage.ExportRequest) error {
	req.Kind, req.Format = strings.ToLower(strings.TrimSpace(req.Kind)), strings.ToLower(strings.TrimSpace(req.Format))
	formats := storage.ExportFormats(req.Kind)
	if formats == nil {
		return backend.Invalid("kind", "Unknown export %q.", req.Kind)
	}
	if req.Format == "" {
		req.Format = formats[0]
	}
	if !slices.Contains(formats, req.Format) {
		return backend.Invalid("format", "The %s export comes as %s, not %q.", req.Kind, strings.Join(formats, ", "), req.Format)
	}
	if req.Year != 0 && (req.Year < 2000 || req.Year > 9999) {
		return backend.Invalid("year", "%d is not a year Privacy Desk holds requests for.", req.Year)
	}
	return nil
}

// defaultExportName is the name the save dialog proposes: what it is and when.
func (s *ExportService) defaultExportName(req storage.ExportRequest) string {
	today := s.practiceToday()
	base := map[string]string{"requests": "privacy-requests", "vendors": "vendors", "datamap": "data-map", "audit": "audit-trail",
		"metrics": "privacy-metrics", "calendar": "privacy-due-dates"}[req.Kind]
	if req.Kind == "metrics" {
		y := req.Year
		if y == 0 {
			y = today.Time().Year()
		}
		return fmt.Sprintf("%s-%d.%s", base, y, req.Format)
	}
	return fmt.Sprintf("%s-%s.%s", base, today, req.Format)
}

// practiceToday is the practice's date, which file names carry like the automatic
// backups do; in UTC only when the practice's zone cannot be read.
func (s *ExportService) practiceToday() backend.Date {
	if st, err := s.d.open(); err == nil {
		if today, err := st.Today(); err == nil {
			return today
		}
	}
	return backend.DateOf(s.now(), time.UTC)
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
func (s *ExportService) Export(req storage.ExportRequest) (ExportStart, error) {
	if err := checkExport(&req); err != nil {
		return ExportStart{}, toUI(err)
	}
	if _, err := s.d.open(); err != nil {
		return ExportStart{}, toUI(err)
	}
	label := exportKindText[req.Kind][0]
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
func (s *ExportService) ExportTo(req storage.ExportRequest) (Job, error) {
	if err := checkExport(&req); err != nil {
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
	label := fmt.Sprintf("%s (%s)", exportKindText[req.Kind][0], strings.ToUpper(req.Format))
	if req.Kind == "metrics" && req.Year != 0 {
		label = fmt.Sprintf("%s %d (%s)", exportKindText[req.Kind][0], req.Year, strings.ToUpper(req.Format))
	}
	return s.start("export", label, req.Out, func(ctx context.Context, progress export.Progress) (any, error) {
		return st.Export(ctx, req, progress)
	}), nil
}
