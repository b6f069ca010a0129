package reporting

import (
	"context"
	"iter"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// Column is one column of an export table and where its values come from.
type Column struct {
	export.Column
	// From are the database columns ("table.column") the value is read from; none
	// for a value computed from other columns (today's alerts, a list of outcomes).
	From []string
}

// Table is an export table: its name (the XLSX sheet) and its columns, each with its
// source. It is the one definition of that export's shape.
type Table struct {
	Name    string
	Columns []Column
}

// Shape is the table as the encoders take it.
func (t Table) Shape() export.Table {
	cols := make([]export.Column, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Column
	}
	return export.Table{Name: t.Name, Columns: cols}
}

// col is a column read from the database columns from.
func col(key, label string, typ export.Type, from ...string) Column {
	return Column{Column: export.Column{Key: key, Label: label, Type: typ}, From: from}
}

// Tables are the tabular exports by kind (the calendar is not a table).
func Tables() map[string]Table {
	return map[string]Table{"requests": RequestsTable, "vendors": VendorsTable, "datamap": DataMapTable,
		"audit": AuditTable, "metrics": MetricsTable}
}

// VendorsTable is the vendor register, one row per vendor: the Exports screen's vendor
// export and `privacydesk vendor list --format csv` both write it.
var VendorsTable = Table{Name: "Vendors", Columns: []Column{
	col("name", "Name", export.Text, "vendors.name"),
	col("services", "Services", export.Text, "vendors.services"),
	col("category", "Category", export.Text, "vendors.category"),
	col("contactName", "Contact name", export.Text, "vendors.contact_name"),
	col("contactEmail", "Contact email", export.Text, "vendors.contact_email"),
	col("contactPhone", "Contact phone", export.Text, "vendors.contact_phone"),
	col("website", "Website", export.Text, "vendors.website"),
	col("phiAccess", "PHI access", export.Text, "vendors.phi_access"),
	col("dataCategories", "Data categories", export.List, "vendor_data_categories.category"),
	col("hosting", "Hosting", export.Text, "vendors.hosting"),
	col("subcontractors", "Subcontractors", export.Text, "vendors.subcontractors"),
	col("baaStatus", "BAA status", export.Text, "vendors.baa_status"),
	col("baaReason", "No BAA: reason", export.Text, "vendors.baa_reason"),
	col("baaReasonNote", "No BAA: note", export.Text, "vendors.baa_reason_note"),
	col("baaSignedOn", "BAA signed", export.Date, "vendors.baa_signed_on"),
	col("baaEffectiveOn", "BAA effective", export.Date, "vendors.baa_effective_on"),
	col("baaExpiresOn", "BAA expires", export.Date, "vendors.baa_expires_on"),
	col("priorBaaEndsOn", "Previous BAA in force until", export.Date, "vendors.prior_baa_ends_on"),
	col("nextReviewOn", "Next review (practice policy)", export.Date, "vendors.next_review_on"),
	col("baaDocument", "Signed BAA file", export.Text, "vendors.baa_attachment_id", "attachments.original_name"),
	col("baaDocumentSha256", "Signed BAA SHA-256", export.Text, "attachments.sha256"),
	col("baaDocumentNotPdf", "Signed BAA not a PDF", export.Bool, "attachments.mime_type"),
	col("checklist", "BAA checklist, 45 CFR 164.504(e)(2)", export.List, "vendors.checklist"),
	col("terminatedOn", "Terminated", export.Date, "vendors.terminated_on"),
	col("phiDisposition", "PHI returned or destroyed", export.Text, "vendors.phi_disposition"),
	col("phiConfirmedOn", "PHI disposition confirmed", export.Date, "vendors.phi_confirmed_on"),
	col("notes", "Notes", export.Text, "vendors.notes"),
	col("postalAddress", "Postal address", export.Text, "vendors.postal_address"),
	col("alerts", "Alerts today", export.List),
	col("createdAt", "Created (UTC)", export.DateTime, "vendors.created_at"),
	col("updatedAt", "Updated (UTC)", export.DateTime, "vendors.updated_at"),
}}

func dateCell(d backend.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

func listOrNil(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return append([]string(nil), l...)
}

// VendorRows are the VendorsTable rows of the vendors filter selects, with the alerts
// each raises today.
func (s *Service) VendorRows(ctx context.Context, filter backend.VendorFilter) ([]export.Row, error) {
	vendors, err := s.st.ListVendors(filter)
	if err != nil {
		return nil, err
	}
	alerts, err := s.st.VendorAlertsToday()
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
		var docName, docHash, notPDF any
		if v.BAADocument != nil {
			docName, docHash, notPDF = v.BAADocument.Name, v.BAADocument.SHA256, v.BAADocumentNotPDF
		}
		rows = append(rows, export.Row{v.Name, v.Services, string(v.Category), v.ContactName, v.ContactEmail, v.ContactPhone,
			v.Website, string(v.PHIAccess), listOrNil(cats), v.Hosting, v.Subcontractors, string(v.BAAStatus), string(v.BAAReason),
			v.BAAReasonNote, dateCell(v.BAASignedOn), dateCell(v.BAAEffective), dateCell(v.BAAExpiresOn), dateCell(v.PriorBAAEndsOn), dateCell(v.NextReviewOn),
			docName, docHash, notPDF, listOrNil(checklist), dateCell(v.TerminatedOn), string(v.PHIDisposition),
			dateCell(v.PHIConfirmedOn), v.Notes, v.Address, listOrNil(byVendor[v.ID]), v.CreatedAt, v.UpdatedAt})
	}
	return rows, nil
}

// DataMapTable is the data map: what the practice collects, why, for how long, and who
// receives it.
var DataMapTable = Table{Name: "Data map", Columns: []Column{
	col("key", "Key", export.Text, "data_map.category"),
	col("category", "Category", export.Text),
	col("citation", "Citation", export.Text),
	col("collected", "Collected", export.Bool, "data_map.collected"),
	col("examples", "Examples", export.Text, "data_map.examples"),
	col("sources", "Sources", export.Text, "data_map.sources"),
	col("purposes", "Purposes", export.Text, "data_map.purposes"),
	col("retention", "Retention", export.Text, "data_map.retention"),
	col("disclosed", "Disclosed", export.Bool, "data_map.disclosed"),
	col("vendors", "Vendors receiving it", export.List, "vendor_data_categories.category", "vendors.name"),
	col("warning", "Warning", export.Text),
	col("updatedAt", "Updated (UTC)", export.DateTime, "data_map.updated_at"),
}}

func (s *Service) dataMapRows() ([]export.Row, error) {
	cats, err := s.st.ListDataMap()
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
var AuditTable = Table{Name: "Audit trail", Columns: []Column{
	col("seq", "Event", export.Int, "audit_events.seq"),
	col("at", "When (UTC)", export.DateTime, "audit_events.at"),
	col("osUser", "Computer user", export.Text, "audit_events.os_user"),
	col("staff", "Staff", export.Text, "audit_events.staff"),
	col("entity", "Entity", export.Text, "audit_events.entity"),
	col("entityId", "Entity id", export.Text, "audit_events.entity_id"),
	col("action", "Action", export.Text, "audit_events.action"),
	col("before", "Before (JSON)", export.Text, "audit_events.before"),
	col("after", "After (JSON)", export.Text, "audit_events.after"),
	col("record", "Record after (JSON)", export.Text, "audit_events.record"),
	col("prevHash", "Previous hash", export.Text, "audit_events.prev_hash"),
	col("hash", "Hash", export.Text, "audit_events.hash"),
	col("chainVerified", "Chain verified", export.Bool),
}}

func (s *Service) auditRows(rep backend.ChainReport) iter.Seq2[export.Row, error] {
	return func(yield func(export.Row, error) bool) {
		err := s.st.EachAuditEvent(func(e backend.AuditEvent) error {
			// A record changed outside the app leaves the chain itself whole: Count
			// then still counts the events that verified. An event recorded after the
			// verification (another user, while the export is written) was not checked.
			ok := e.Seq < rep.BadSeq || e.Seq <= rep.Count
			if !yield(export.Row{e.Seq, e.At, e.OSUser, e.Staff, e.Entity, e.EntityID, e.Action, e.Before, e.After, e.Record, e.PrevHash, e.Hash, ok}, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && err != errStop {
			yield(nil, err)
		}
	}
}
