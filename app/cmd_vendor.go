package main

import (
	"fmt"
	"io"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

func init() {
	register(command{name: "vendor", summary: "list vendors and their BAAs, show one, or print the vendor alerts", run: runVendor})
}

const vendorUsage = "vendor list [--format json|csv] | vendor show NAME [--json] | vendor alerts [--json]"

func runVendor(c *cli, args []string) error {
	return runSubcommand(c, args, vendorUsage, map[string]func(*cli, []string) error{
		"list":   runVendorList,
		"show":   runVendorShow,
		"alerts": runVendorAlerts,
	})
}

// vendorJSON is a vendor as the headless commands print it: every field of the
// register plus the alerts it raises today.
type vendorJSON struct {
	backend.Vendor
	Alerts []backend.VendorAlert `json:"alerts"`
}

func vendorsWithAlerts(s *storage.Store, vendors []backend.Vendor) ([]vendorJSON, error) {
	today, err := s.Today()
	if err != nil {
		return nil, err
	}
	out := make([]vendorJSON, len(vendors))
	for i, v := range vendors {
		a := backend.VendorAlerts(v, today)
		if a == nil {
			a = []backend.VendorAlert{}
		}
		out[i] = vendorJSON{Vendor: v, Alerts: a}
	}
	return out, nil
}

func runVendorList(c *cli, args []string) error {
	fs := c.flags("vendor list", "vendor list [--format json|csv] [--search Q]")
	format := fs.String("format", "json", "output format: json (an array of vendors with every field) or csv")
	search := fs.String("search", "", "only vendors whose name, services or contact contain Q")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *format != "json" && *format != "csv" {
		return usagef("--format must be json or csv, not %q", *format)
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	vendors, err := s.ListVendors(backend.VendorFilter{Search: *search})
	if err != nil {
		return err
	}
	rows, err := vendorsWithAlerts(s, vendors)
	if err != nil {
		return err
	}
	if *format == "csv" {
		return writeVendorCSV(c.stdout, rows)
	}
	return c.printJSON(rows)
}

// vendorTable is the CSV shape of the register: one row per vendor.
var vendorTable = export.Table{Name: "Vendors", Columns: []export.Column{
	{Key: "name", Label: "Name"}, {Key: "services", Label: "Services"}, {Key: "category", Label: "Category"},
	{Key: "contactName", Label: "Contact name"}, {Key: "contactEmail", Label: "Contact email"}, {Key: "contactPhone", Label: "Contact phone"},
	{Key: "website", Label: "Website"}, {Key: "phiAccess", Label: "PHI access"},
	{Key: "dataCategories", Label: "Data categories", Type: export.List},
	{Key: "hosting", Label: "Hosting"}, {Key: "subcontractors", Label: "Subcontractors"},
	{Key: "baaStatus", Label: "BAA status"}, {Key: "baaReason", Label: "No BAA: reason"}, {Key: "baaReasonNote", Label: "No BAA: note"},
	{Key: "baaSignedOn", Label: "BAA signed", Type: export.Date}, {Key: "baaEffectiveOn", Label: "BAA effective", Type: export.Date},
	{Key: "baaExpiresOn", Label: "BAA expires", Type: export.Date}, {Key: "nextReviewOn", Label: "Next review (practice policy)", Type: export.Date},
	{Key: "baaDocument", Label: "Signed BAA file"}, {Key: "baaDocumentSha256", Label: "Signed BAA SHA-256"},
	{Key: "baaDocumentNotPdf", Label: "Signed BAA not a PDF", Type: export.Bool},
	{Key: "checklist", Label: "BAA checklist, 45 CFR 164.504(e)(2)", Type: export.List},
	{Key: "terminatedOn", Label: "Terminated", Type: export.Date}, {Key: "phiDisposition", Label: "PHI returned or destroyed"},
	{Key: "phiConfirmedOn", Label: "PHI disposition confirmed", Type: export.Date}, {Key: "notes", Label: "Notes"},
	{Key: "alerts", Label: "Alerts", Type: export.List},
	{Key: "createdAt", Label: "Created", Type: export.DateTime}, {Key: "updatedAt", Label: "Updated", Type: export.DateTime},
}}

func writeVendorCSV(w io.Writer, rows []vendorJSON) error {
	enc := export.NewCSVEncoder(w, vendorTable, export.CSVOptions{})
	for _, r := range rows {
		v := r.Vendor
		cats := make([]string, len(v.DataCategories))
		for i, k := range v.DataCategories {
			cats[i] = string(k)
		}
		checklist := backend.AnsweredChecklist(v.Checklist)
		alerts := make([]string, len(r.Alerts))
		for i, a := range r.Alerts {
			alerts[i] = a.Message
		}
		var docName, docHash any
		if v.BAADocument != nil {
			docName, docHash = v.BAADocument.Name, v.BAADocument.SHA256
		}
		row := export.Row{v.Name, v.Services, string(v.Category), v.ContactName, v.ContactEmail, v.ContactPhone, v.Website,
			string(v.PHIAccess), cats, v.Hosting, v.Subcontractors, string(v.BAAStatus), string(v.BAAReason), v.BAAReasonNote,
			dateCell(v.BAASignedOn), dateCell(v.BAAEffective), dateCell(v.BAAExpiresOn), dateCell(v.NextReviewOn),
			docName, docHash, v.BAADocumentNotPDF, checklist, dateCell(v.TerminatedOn), string(v.PHIDisposition),
			dateCell(v.PHIConfirmedOn), v.Notes, alerts, v.CreatedAt, v.UpdatedAt}
		if err := enc.Encode(row); err != nil {
			return err
		}
	}
	return enc.Close()
}

// dateCell leaves a missing date as an empty cell.
func dateCell(d backend.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

func runVendorShow(c *cli, args []string) error {
	fs := c.flags("vendor show", "vendor show NAME [--json]")
	asJSON := fs.Bool("json", false, "print the vendor as one JSON object")
	// Accept the name before or after the flags: "vendor show Stripe --json".
	var name []string
	for len(args) > 0 {
		if err := c.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		name = append(name, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(name) == 0 {
		return usagef("missing the vendor's name (usage: privacydesk vendor show NAME [--json])")
	}
	cw, ctx, err := c.casework()
	if err != nil {
		return err
	}
	e, err := cw.VendorEntryByName(ctx, strings.Join(name, " "))
	if err != nil {
		return err
	}
	row := vendorJSON{Vendor: e.Vendor, Alerts: e.Alerts}
	if *asJSON {
		return c.printJSON(row)
	}
	printVendor(c.stdout, row)
	return nil
}

func printVendor(w io.Writer, r vendorJSON) {
	v := r.Vendor
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-24s %s\n", label+":", value)
		}
	}
	line("Name", v.Name)
	line("Services", v.Services)
	line("Category", string(v.Category))
	line("Contact", strings.TrimSpace(strings.Join([]string{v.ContactName, v.ContactEmail, v.ContactPhone}, "  ")))
	line("Website", v.Website)
	line("PHI access", string(v.PHIAccess))
	cats := make([]string, len(v.DataCategories))
	for i, k := range v.DataCategories {
		info, _ := backend.DataCategoryInfoOf(k)
		cats[i] = info.Label
	}
	line("Data categories", strings.Join(cats, "; "))
	line("Hosting", v.Hosting)
	line("Subcontractors", v.Subcontractors)
	status := string(v.BAAStatus)
	if v.BAAReason != "" {
		status += " (" + string(v.BAAReason) + ")"
	}
	line("BAA status", status)
	line("No BAA: note", v.BAAReasonNote)
	line("BAA signed", v.BAASignedOn.String())
	line("BAA effective", v.BAAEffective.String())
	line("BAA expires", v.BAAExpiresOn.String())
	line("Next review (policy)", v.NextReviewOn.String())
	if d := v.BAADocument; d != nil {
		flag := ""
		if v.BAADocumentNotPDF {
			flag = " — NOT A PDF (" + d.Type + ")"
		}
		line("Signed BAA", fmt.Sprintf("%s, %d bytes, SHA-256 %s%s", d.Name, d.Size, d.SHA256, flag))
	}
	line("Terminated", v.TerminatedOn.String())
	line("PHI disposition", strings.TrimSpace(string(v.PHIDisposition)+" "+v.PHIConfirmedOn.String()))
	line("Notes", v.Notes)
	fmt.Fprintln(w, "BAA checklist (45 CFR 164.504(e)(2)):")
	for _, item := range v.Checklist {
		clause, _ := backend.BAAClauseByID(item.Clause)
		answer := string(item.Answer)
		if answer == "" {
			answer = "-"
		}
		fmt.Fprintf(w, "  %-4s %-28s %s", answer, clause.Citation, clause.Text)
		if item.Note != "" {
			fmt.Fprintf(w, " [%s]", item.Note)
		}
		fmt.Fprintln(w)
	}
	for _, a := range r.Alerts {
		fmt.Fprintf(w, "ALERT (%s): %s\n", a.Severity, a.Message)
	}
}

func runVendorAlerts(c *cli, args []string) error {
	fs := c.flags("vendor alerts", "vendor alerts [--json]")
	asJSON := fs.Bool("json", false, "print a JSON array of alerts")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	cw, ctx, err := c.casework()
	if err != nil {
		return err
	}
	alerts, err := cw.VendorAlerts(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.printJSON(alerts)
	}
	if len(alerts) == 0 {
		fmt.Fprintln(c.stdout, "No vendor alerts.")
	}
	for _, a := range alerts {
		fmt.Fprintf(c.stdout, "%-8s %s\n", a.Severity, a.Message)
	}
	return nil
}
