// Package reporting holds what leaves Privacy Desk as a file: the exports (the request
// log, the vendor register, the data map, the audit trail, the yearly metrics as a table
// or a PDF, the due dates as a calendar) and a requester's response package. The window
// and the command line call the same Service, so both write the same bytes.
//
// Each export table is defined once, here, with the database columns each of its
// columns is read from; a test checks those against the schema. Storage only reads the
// rows (EachRequestExportRow, ListVendors, ...); this package maps them into cells. Every
// instant is written by backend/export as RFC 3339 in UTC ("2026-03-02T15:04:05Z"), and
// in XLSX as a date-time cell holding UTC's wall clock under a header ending "(UTC)".
package reporting

import (
	"context"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"slices"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

// Service runs the exports and response packages of one database.
type Service struct {
	st *storage.Store
}

// New returns the reporting service of st.
func New(st *storage.Store) *Service { return &Service{st: st} }

// Export kinds and the formats each takes.
var exportFormats = map[string][]string{
	"requests":  {"csv", "xlsx", "json"},
	"vendors":   {"csv", "xlsx", "json"},
	"datamap":   {"csv", "xlsx", "json"},
	"audit":     {"csv", "xlsx", "json"},
	"metrics":   {"csv", "xlsx", "json", "pdf"},
	"calendar":  {"ics"},
	"baa":       {"pdf"},
	"readiness": {"pdf"},
}

// ExportKinds lists the kinds in the order the UI offers them.
var ExportKinds = []string{"requests", "vendors", "datamap", "audit", "metrics", "calendar", "baa", "readiness"}

// ReportKinds are the exports that are one-off PDF reports for the compliance file
// (privacydesk report KIND).
var ReportKinds = []string{"baa", "readiness"}

// ExportFormats returns the formats kind can be written in (nil for an unknown kind).
func ExportFormats(kind string) []string { return exportFormats[kind] }

// ExportKind is one card of the Exports screen.
type ExportKind struct {
	Kind        string   `json:"kind"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Formats     []string `json:"formats"`
	Year        bool     `json:"year"` // takes a calendar year
}

var kindText = map[string][2]string{
	"requests":  {"Request log", "Every request with every field, including the record 11 CCR 7101 asks a business to keep: date and nature of the request, how it was made, date and nature of the response, basis for any denial."},
	"vendors":   {"Vendor register", "Every vendor with its BAA status, dates, checklist and today's alerts."},
	"datamap":   {"Data map", "What the practice collects, why, for how long, and which vendors receive it."},
	"audit":     {"Audit trail", "Every recorded change in order, with the result of verifying the tamper-evident chain."},
	"metrics":   {"Yearly metrics", "Per right, for one calendar year: requests received, complied with in whole or in part, denied, and the median and mean days to respond (11 CCR 7102)."},
	"baa":       {"BAA status report", "For an auditor: every vendor with its PHI access, BAA status and dates, the 164.504(e)(2) clauses checked (n of 12) and today's alerts, on the practice's letterhead."},
	"readiness": {"Readiness for an audit", "One page for the compliance file: the profile, the confirmed time zone, the data map, the BAAs, backups, the recovery key, the letters' contact details and overdue requests, each in place or missing."},
	"calendar":  {"Due dates calendar", "The due date of every open right, and each vendor's BAA expiry and next review, as all-day events for Outlook or Google Calendar. A date that no longer applies (a right answered, a request closed or an agreement ended in the last year) is in the file as a cancelled event, so importing the new file removes it from the calendar. Events name the reference and the right, never the requester."},
}

// Kinds describes every export kind, in the order the UI offers them.
func Kinds() []ExportKind {
	out := make([]ExportKind, 0, len(ExportKinds))
	for _, k := range ExportKinds {
		out = append(out, ExportKind{Kind: k, Label: KindLabel(k), Description: kindText[k][1], Formats: ExportFormats(k), Year: k == "metrics"})
	}
	return out
}

// KindLabel is the name people read for an export kind ("Request log"); the kind itself
// when it has none.
func KindLabel(kind string) string {
	if l := kindText[kind][0]; l != "" {
		return l
	}
	return kind
}

// ExportRequest says what to export where.
type ExportRequest struct {
	Kind   string `json:"kind"`
	Format string `json:"format"`
	Out    string `json:"out"`
	Year   int    `json:"year"` // metrics: the calendar year; 0 for the current one
	BOM    bool   `json:"bom"`  // CSV: a byte order mark for Excel
}

// ExportResult tells what was written.
type ExportResult struct {
	Kind      string `json:"kind"`
	Format    string `json:"format"`
	Out       string `json:"out"`
	Rows      int64  `json:"rows"`
	Year      int    `json:"year,omitempty"`
	Truncated int    `json:"truncated,omitempty"` // XLSX cells cut to Excel's limit
	// Chain is the audit chain's verification (audit exports).
	Chain *backend.ChainReport `json:"chain,omitempty"`
}

// Check normalises the kind and format (lower case; the kind's first format when none
// is given) and refuses, on its field, an unknown kind, a format the kind does not come
// in, or a year out of range. It does not look at Out.
func (req *ExportRequest) Check() error {
	req.Kind, req.Format = strings.ToLower(strings.TrimSpace(req.Kind)), strings.ToLower(strings.TrimSpace(req.Format))
	formats, ok := exportFormats[req.Kind]
	if !ok {
		return backend.Invalid("kind", "Unknown export %q (choose requests, vendors, datamap, audit, metrics, calendar, baa or readiness).", req.Kind)
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

func (req *ExportRequest) validate() error {
	if err := req.Check(); err != nil {
		return err
	}
	if strings.TrimSpace(req.Out) == "" {
		return backend.Invalid("out", "Choose the file to write.")
	}
	return nil
}

// Export writes one export to req.Out atomically (a failed or cancelled export leaves
// no file, and an existing file is replaced only when the new one is complete) and
// appends an audit event naming what left the app.
func (s *Service) Export(ctx context.Context, req ExportRequest, progress export.Progress) (ExportResult, error) {
	if err := req.validate(); err != nil {
		return ExportResult{}, err
	}
	if err := s.st.CheckOutsideDataFolder("out", req.Out); err != nil {
		return ExportResult{}, err
	}
	res, err := s.export(ctx, req, progress)
	if err != nil && ctx.Err() != nil {
		return res, export.ErrCanceled
	}
	return res, err
}

func (s *Service) export(ctx context.Context, req ExportRequest, progress export.Progress) (ExportResult, error) {
	if ctx.Err() != nil {
		return ExportResult{}, export.ErrCanceled
	}
	res := ExportResult{Kind: req.Kind, Format: req.Format, Out: req.Out}
	p, loc, err := s.st.PracticeZone()
	if err != nil {
		return res, err
	}
	var write func(w io.Writer) error
	switch req.Kind {
	case "calendar":
		write = func(w io.Writer) error {
			n, err := s.writeCalendar(ctx, w, p, loc)
			res.Rows = n
			return err
		}
	case "baa":
		write = func(w io.Writer) error {
			n, err := s.writeBAAReport(ctx, w, p)
			res.Rows = n
			return err
		}
	case "readiness":
		r, err := s.Readiness(ctx)
		if err != nil {
			return res, err
		}
		res.Rows = int64(len(r.Items))
		write = func(w io.Writer) error { return writeReadinessPDF(w, p, r, s.st.Now()) }
	case "metrics":
		if req.Year == 0 {
			req.Year = s.st.Now().In(loc).Year()
		}
		res.Year = req.Year
		m, err := s.st.Metrics(req.Year)
		if err != nil {
			return res, err
		}
		res.Rows = int64(len(m.Rows))
		if req.Format == "pdf" {
			head, err := s.st.AuditHead()
			if err != nil {
				return res, err
			}
			write = func(w io.Writer) error { return writeMetricsPDF(w, p, m, &head, s.st.Now()) }
			break
		}
		write = tableWriter(ctx, req, &res, MetricsTable.Shape(), int64(len(m.Rows)), metricsRows(m), progress)
	default:
		table, total, rows, err := s.source(ctx, req.Kind, &res)
		if err != nil {
			return res, err
		}
		write = tableWriter(ctx, req, &res, table.Shape(), total, rows, progress)
	}
	if err := export.WriteFile(ctx, req.Out, 0o600, write); err != nil {
		return res, err
	}
	details := map[string]any{"kind": req.Kind, "format": req.Format, "file": filepath.Base(req.Out), "rows": res.Rows}
	if req.Year != 0 {
		details["year"] = req.Year
	}
	if res.Chain != nil {
		details["chainOK"] = res.Chain.OK
	}
	if err := s.st.RecordEvent("export", req.Kind, "export", details); err != nil {
		return res, err
	}
	return res, nil
}

// tableWriter writes a table; every instant is in UTC in every format (the XLSX cells
// hold UTC's wall clock under headers that say "(UTC)"), so the CSV, JSON and XLSX of
// one export agree cell by cell.
func tableWriter(ctx context.Context, req ExportRequest, res *ExportResult, t export.Table, total int64, rows iter.Seq2[export.Row, error], progress export.Progress) func(io.Writer) error {
	return func(w io.Writer) error {
		enc, err := export.NewEncoder(export.Format(req.Format), w, t, export.Options{BOM: req.BOM})
		if err != nil {
			return err
		}
		n, err := export.Copy(ctx, enc, rows, total, progress)
		if res.Kind != "metrics" {
			res.Rows = n
		}
		if x, ok := enc.(*export.XLSXEncoder); ok {
			res.Truncated = x.Truncated()
		}
		return err
	}
}

// source returns the table, the row count and the rows of a tabular kind.
func (s *Service) source(ctx context.Context, kind string, res *ExportResult) (Table, int64, iter.Seq2[export.Row, error], error) {
	switch kind {
	case "requests":
		total, err := s.st.CountRows(ctx, "requests")
		if err != nil {
			return RequestsTable, 0, nil, err
		}
		rows, err := s.requestRows(ctx)
		return RequestsTable, total, rows, err
	case "vendors":
		rows, err := s.VendorRows(ctx, backend.VendorFilter{})
		return VendorsTable, int64(len(rows)), export.Slice(rows), err
	case "datamap":
		rows, err := s.dataMapRows()
		return DataMapTable, int64(len(rows)), export.Slice(rows), err
	case "audit":
		rep, err := s.st.VerifyAudit()
		if err != nil {
			return AuditTable, 0, nil, err
		}
		res.Chain = &rep
		total, err := s.st.CountRows(ctx, "audit_events")
		if err != nil {
			return AuditTable, 0, nil, err
		}
		return AuditTable, total, s.auditRows(rep), nil
	}
	return Table{}, 0, nil, backend.Invalid("kind", "Unknown export %q.", kind)
}

// WriteVendors writes the vendor register (the vendors filter selects) to w in format,
// with no audit event: the command line prints it to its own output. It returns the
// number of vendors written.
func (s *Service) WriteVendors(ctx context.Context, w io.Writer, format string, filter backend.VendorFilter, opt export.Options) (int64, error) {
	if !slices.Contains(exportFormats["vendors"], format) {
		return 0, backend.Invalid("format", "The vendors export comes as %s, not %q.", strings.Join(exportFormats["vendors"], ", "), format)
	}
	rows, err := s.VendorRows(ctx, filter)
	if err != nil {
		return 0, err
	}
	enc, err := export.NewEncoder(export.Format(format), w, VendorsTable.Shape(), opt)
	if err != nil {
		return 0, err
	}
	return export.Copy(ctx, enc, export.Slice(rows), int64(len(rows)), nil)
}

// errStop ends an iteration early.
var errStop = fmt.Errorf("stop")

// FileName is the name a save dialog proposes for req: what it is and the practice's
// today (or the metrics' year: the current one when req.Year is 0).
func (s *Service) FileName(req ExportRequest) (string, error) {
	_, loc, err := s.st.PracticeZone()
	if err != nil {
		return "", err
	}
	now := s.st.Now().In(loc)
	today := backend.DateOf(now, loc)
	base := map[string]string{"requests": "privacy-requests", "vendors": "vendors", "datamap": "data-map", "audit": "audit-trail",
		"metrics": "privacy-metrics", "calendar": "privacy-due-dates", "baa": "baa-status-report", "readiness": "audit-readiness"}[req.Kind]
	if base == "" {
		return "", backend.Invalid("kind", "Unknown export %q.", req.Kind)
	}
	if req.Kind == "metrics" {
		y := req.Year
		if y == 0 {
			y = now.Year()
		}
		return fmt.Sprintf("%s-%d.%s", base, y, req.Format), nil
	}
	return fmt.Sprintf("%s-%s.%s", base, today, req.Format), nil
}

// WriteRequests writes the requests export's table to w in format, with no audit event
// (the command line prints it to its own output), keeping only the requests keep says
// yes to (nil keeps all). Rows come in the export's order. It returns the number written.
func (s *Service) WriteRequests(ctx context.Context, w io.Writer, format string, keep func(ref string) bool, opt export.Options) (int64, error) {
	if !slices.Contains(exportFormats["requests"], format) {
		return 0, backend.Invalid("format", "The requests export comes as %s, not %q.", strings.Join(exportFormats["requests"], ", "), format)
	}
	rows, err := s.requestRows(ctx)
	if err != nil {
		return 0, err
	}
	enc, err := export.NewEncoder(export.Format(format), w, RequestsTable.Shape(), opt)
	if err != nil {
		return 0, err
	}
	kept := func(yield func(export.Row, error) bool) {
		for row, err := range rows {
			if err == nil && keep != nil {
				if ref, _ := row[0].(string); !keep(ref) {
					continue
				}
			}
			if !yield(row, err) {
				return
			}
		}
	}
	return export.Copy(ctx, enc, kept, 0, nil)
}
