package storage

import (
	"context"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// Export kinds and the formats each takes.
var exportFormats = map[string][]string{
	"requests": {"csv", "xlsx", "json"},
	"vendors":  {"csv", "xlsx", "json"},
	"datamap":  {"csv", "xlsx", "json"},
	"audit":    {"csv", "xlsx", "json"},
	"metrics":  {"csv", "xlsx", "json", "pdf"},
	"calendar": {"ics"},
}

// ExportKinds lists the kinds in the order the UI offers them.
var ExportKinds = []string{"requests", "vendors", "datamap", "audit", "metrics", "calendar"}

// ExportFormats returns the formats kind can be written in.
func ExportFormats(kind string) []string { return exportFormats[kind] }

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

func (req *ExportRequest) validate() error {
	req.Kind, req.Format = strings.ToLower(strings.TrimSpace(req.Kind)), strings.ToLower(strings.TrimSpace(req.Format))
	formats, ok := exportFormats[req.Kind]
	if !ok {
		return backend.Invalid("kind", "Unknown export %q (choose requests, vendors, datamap, audit, metrics or calendar).", req.Kind)
	}
	if req.Format == "" {
		req.Format = formats[0]
	}
	found := false
	for _, f := range formats {
		found = found || f == req.Format
	}
	if !found {
		return backend.Invalid("format", "The %s export comes as %s, not %q.", req.Kind, strings.Join(formats, ", "), req.Format)
	}
	if strings.TrimSpace(req.Out) == "" {
		return backend.Invalid("out", "Choose the file to write.")
	}
	if req.Year != 0 && (req.Year < 2000 || req.Year > 9999) {
		return backend.Invalid("year", "%d is not a year Privacy Desk holds requests for.", req.Year)
	}
	return nil
}

// Export writes one export to req.Out atomically (a failed or cancelled export leaves
// no file, and an existing file is replaced only when the new one is complete) and
// appends an audit event naming what left the app.
func (s *Store) Export(ctx context.Context, req ExportRequest, progress export.Progress) (ExportResult, error) {
	if err := req.validate(); err != nil {
		return ExportResult{}, err
	}
	res, err := s.export(ctx, req, progress)
	if err != nil && ctx.Err() != nil {
		return res, export.ErrCanceled
	}
	return res, err
}

func (s *Store) export(ctx context.Context, req ExportRequest, progress export.Progress) (ExportResult, error) {
	if ctx.Err() != nil {
		return ExportResult{}, export.ErrCanceled
	}
	res := ExportResult{Kind: req.Kind, Format: req.Format, Out: req.Out}
	p, loc, err := practiceZone(s.db)
	if err != nil {
		return res, err
	}
	var write func(w io.Writer) error // set by every case below
	switch req.Kind {
	case "calendar":
		write = func(w io.Writer) error {
			n, err := s.writeCalendar(ctx, w, p)
			res.Rows = n
			return err
		}
	case "metrics":
		if req.Year == 0 {
			req.Year = s.Now().In(loc).Year()
		}
		res.Year = req.Year
		m, err := s.Metrics(req.Year)
		if err != nil {
			return res, err
		}
		res.Rows = int64(len(m.Rows))
		if req.Format == "pdf" {
			write = func(w io.Writer) error { return writeMetricsPDF(w, p, m, s.Now()) }
			break
		}
		write = s.tableWriter(ctx, req, loc, &res, metricsTable, int64(len(m.Rows)), metricsRows(m), progress)
	default:
		table, total, rows, err := s.exportSource(ctx, req.Kind, &res)
		if err != nil {
			return res, err
		}
		write = s.tableWriter(ctx, req, loc, &res, table, total, rows, progress)
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
	if err := s.RecordEvent("export", req.Kind, "export", details); err != nil {
		return res, err
	}
	return res, nil
}

func (s *Store) tableWriter(ctx context.Context, req ExportRequest, loc *time.Location, res *ExportResult, t export.Table, total int64, rows iter.Seq2[export.Row, error], progress export.Progress) func(io.Writer) error {
	return func(w io.Writer) error {
		enc, err := export.NewEncoder(export.Format(req.Format), w, t, export.Options{BOM: req.BOM, Location: loc})
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

// exportSource returns the table and rows of a tabular kind.
func (s *Store) exportSource(ctx context.Context, kind string, res *ExportResult) (export.Table, int64, iter.Seq2[export.Row, error], error) {
	switch kind {
	case "requests":
		total, rows, err := s.exportRequests(ctx)
		return RequestsTable, total, rows, err
	case "vendors":
		rows, err := s.vendorRows()
		return VendorsTable, int64(len(rows)), export.Slice(rows), err
	case "datamap":
		rows, err := s.dataMapRows()
		return DataMapTable, int64(len(rows)), export.Slice(rows), err
	case "audit":
		rep, err := s.VerifyAudit()
		if err != nil {
			return AuditTable, 0, nil, err
		}
		res.Chain = &rep
		var total int64
		if err := s.db.Raw(`SELECT count(*) FROM audit_events`).Scan(&total).Error; err != nil {
			return AuditTable, 0, nil, err
		}
		return AuditTable, total, s.auditRows(rep), nil
	}
	return export.Table{}, 0, nil, backend.Invalid("kind", "Unknown export %q.", kind)
}

// VendorsTable is the vendor register, one row per vendor.
var VendorsTable = export.Table{Name: "Vendors", Columns: []export.Column{
	{Key: "name", Label: "Name"}, {Key: "services", Label: "Services"}, {Key: "category", Label: "Category"},
	{Key: "contactName", Label: "Contact name"}, {Key: "contactEmail", Label: "Contact email"}, {Key: "contactPhone", Label: "Contact phone"},
	{Key: "website", Label: "Website"}, {Key: "phiAccess", Label: "PHI access"},
	{Key: "dataCategories", Label: "Data categories", Type: export.List},
	{Key: "hosting", Label: "Hosting"}, {Key: "subcontractors", Label: "Subcontractors"},
	{Key: "baaStatus", Label: "BAA status"}, {Key: "baaReason", Label: "No BAA: reason"}, {Key: "baaReasonNote", Label: "No BAA: note"},
	{Key: "baaSignedOn", Label: "BAA signed", Type: export.Date}, {Key: "baaEffectiveOn", Label: "BAA effective", Type: export.Date},
	{Key: "baaExpiresOn", Label: "BAA expires", Type: export.Date}, {Key: "nextReviewOn", Label: "Next review (practice policy)", Type: export.Date},
	{Key: "baaDocument", Label: "Signed BAA file"}, {Key: "baaDocumentSha256", Label: "Signed BAA SHA-256"},
	{Key: "checklist", Label: "BAA checklist, 45 CFR 164.504(e)(2)", Type: export.List},
	{Key: "terminatedOn", Label: "Terminated", Type: export.Date}, {Key: "phiDisposition", Label: "PHI returned or destroyed"},
	{Key: "phiConfirmedOn", Label: "PHI disposition confirmed", Type: export.Date}, {Key: "notes", Label: "Notes"},
	{Key: "alerts", Label: "Alerts today", Type: export.List},
	{Key: "createdAt", Label: "Created (UTC)", Type: export.DateTime}, {Key: "updatedAt", Label: "Updated (UTC)", Type: export.DateTime},
}}

func dateCell(d backend.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

func (s *Store) vendorRows() ([]export.Row, error) {
	vendors, err := s.ListVendors(backend.VendorFilter{})
	if err != nil {
		return nil, err
	}
	alerts, err := s.VendorAlertsToday()
	if err != nil {
		return nil, err
	}
	byVendor := map[int64][]string{}
	for _, a := range alerts {
		byVendor[a.VendorID] = append(byVendor[a.VendorID], a.Message)
	}
	rows := make([]export.Row, 0, len(vendors))
	for _, v := range vendors {
		cats := make([]string, len(v.DataCategories))
		for i, k := range v.DataCategories {
			cats[i] = string(k)
		}
		checklist := backend.AnsweredChecklist(v.Checklist)
		var docName, docHash any
		if v.BAADocument != nil {
			docName, docHash = v.BAADocument.Name, v.BAADocument.SHA256
		}
		rows = append(rows, export.Row{v.Name, v.Services, string(v.Category), v.ContactName, v.ContactEmail, v.ContactPhone,
			v.Website, string(v.PHIAccess), listOrNil(cats), v.Hosting, v.Subcontractors, string(v.BAAStatus), string(v.BAAReason),
			v.BAAReasonNote, dateCell(v.BAASignedOn), dateCell(v.BAAEffective), dateCell(v.BAAExpiresOn), dateCell(v.NextReviewOn),
			docName, docHash, listOrNil(checklist), dateCell(v.TerminatedOn), string(v.PHIDisposition), dateCell(v.PHIConfirmedOn),
			v.Notes, listOrNil(byVendor[v.ID]), v.CreatedAt, v.UpdatedAt})
	}
	return rows, nil
}

// DataMapTable is the data map: what the practice collects, why, for how long, and who
// receives it.
var DataMapTable = export.Table{Name: "Data map", Columns: []export.Column{
	{Key: "key", Label: "Key"}, {Key: "category", Label: "Category"}, {Key: "citation", Label: "Citation"},
	{Key: "collected", Label: "Collected", Type: export.Bool}, {Key: "examples", Label: "Examples"},
	{Key: "sources", Label: "Sources"}, {Key: "purposes", Label: "Purposes"}, {Key: "retention", Label: "Retention"},
	{Key: "disclosed", Label: "Disclosed", Type: export.Bool}, {Key: "vendors", Label: "Vendors receiving it", Type: export.List},
	{Key: "warning", Label: "Warning"}, {Key: "updatedAt", Label: "Updated (UTC)", Type: export.DateTime},
}}

func (s *Store) dataMapRows() ([]export.Row, error) {
	cats, err := s.ListDataMap()
	if err != nil {
		return nil, err
	}
	rows := make([]export.Row, 0, len(cats))
	for _, c := range cats {
		names := make([]string, len(c.Vendors))
		for i, v := range c.Vendors {
			names[i] = v.Name
		}
		var updated any
		if !c.UpdatedAt.IsZero() {
			updated = c.UpdatedAt
		}
		rows = append(rows, export.Row{string(c.Key), c.Label, c.Citation, c.Collected, c.Examples, c.Sources, c.Purposes,
			c.Retention, c.Disclosed, listOrNil(names), c.Warning, updated})
	}
	return rows, nil
}

// AuditTable is the audit trail in chain order. "Chain verified" is true for each event
// the verification walked past intact and false from the first event that does not
// verify: the chain's verdict travels with the export.
var AuditTable = export.Table{Name: "Audit trail", Columns: []export.Column{
	{Key: "seq", Label: "Event", Type: export.Int}, {Key: "at", Label: "When (UTC)", Type: export.DateTime},
	{Key: "osUser", Label: "Computer user"}, {Key: "staff", Label: "Staff"}, {Key: "entity", Label: "Entity"},
	{Key: "entityId", Label: "Entity id"}, {Key: "action", Label: "Action"}, {Key: "before", Label: "Before (JSON)"},
	{Key: "after", Label: "After (JSON)"}, {Key: "prevHash", Label: "Previous hash"}, {Key: "hash", Label: "Hash"},
	{Key: "chainVerified", Label: "Chain verified", Type: export.Bool},
}}

func (s *Store) auditRows(rep backend.ChainReport) iter.Seq2[export.Row, error] {
	return func(yield func(export.Row, error) bool) {
		stop := fmt.Errorf("stop")
		err := s.EachAuditEvent(func(e backend.AuditEvent) error {
			ok := rep.OK || e.Seq < rep.BadSeq
			if !yield(export.Row{e.Seq, e.At, e.OSUser, e.Staff, e.Entity, e.EntityID, e.Action, e.Before, e.After, e.PrevHash, e.Hash, ok}, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != stop {
			yield(nil, err)
		}
	}
}

// writeCalendar writes the due date of every pending right of every open request as an
// all-day event. Events carry the reference, the right and the regime, never the
// requester's name: calendars sync to phones and cloud services.
func (s *Store) writeCalendar(ctx context.Context, w io.Writer, p backend.Practice) (int64, error) {
	type due struct {
		Reference, Regime, RightCode, Status       string
		RespondBy, PromisedBy, ExtendedTo          *string
		ExtendedRespondBy, Citation, AcknowledgeBy *string
	}
	var rows []due
	err := s.db.WithContext(ctx).Raw(`SELECT r.reference, r.regime, rr.right_code, r.status, rr.respond_by, rr.promised_by,
		rr.extended_to, rr.extended_respond_by, rr.citation, rr.acknowledge_by
		FROM request_rights rr JOIN requests r ON r.id = rr.request_id
		WHERE rr.outcome = 'pending' AND r.closed_at IS NULL
		ORDER BY r.ref_year, r.ref_seq, rr.position`).Scan(&rows).Error
	if err != nil {
		return 0, err
	}
	name := "Privacy Desk due dates"
	if p.Name != "" {
		name = p.Name + " — privacy request due dates"
	}
	enc := export.NewICSEncoder(w, export.ICSOptions{Name: name, Now: s.Now()})
	var n int64
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, r := range rows {
		rr := backend.RequestRight{}
		rr.RespondBy, _ = backend.ParseDate(str(r.RespondBy))
		rr.PromisedBy, _ = backend.ParseDate(str(r.PromisedBy))
		rr.ExtendedTo, _ = backend.ParseDate(str(r.ExtendedTo))
		d := rr.DueDate()
		if d.IsZero() {
			continue
		}
		right := backend.Right(r.RightCode)
		regime := backend.Regime(r.Regime)
		desc := fmt.Sprintf("Request %s: %s under %s.\nStatus: %s.", r.Reference, right.Label(), regime.Label(), r.Status)
		if c := str(r.Citation); c != "" {
			desc += "\nRule: " + c
		}
		if !rr.ExtendedTo.IsZero() {
			desc += "\nExtended."
		}
		ev := export.Event{UID: r.Reference + "/" + r.RightCode + "/due", Date: d,
			Summary:     fmt.Sprintf("Due: %s %s (%s)", r.Reference, right.Label(), regime.Label()),
			Description: desc, Categories: []string{"Privacy Desk"}, RemindDaysBefore: 3}
		// An extension moves the date: a higher sequence makes calendars replace the event.
		if !rr.ExtendedTo.IsZero() {
			ev.Sequence = 1
		}
		if err := enc.Encode(ev); err != nil {
			return n, err
		}
		n++
	}
	return n, enc.Close()
}
