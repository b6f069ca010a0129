package command

import (
	"context"
	"fmt"
	"io"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
)

func init() {
	register(command{name: "vendor", summary: "list vendors and their BAAs, show one, or print the vendor alerts", usage: vendorUsage,
		subs: map[string]func(*cli, []string) error{
			"list":   runVendorList,
			"show":   runVendorShow,
			"alerts": runVendorAlerts,
		}})
}

const vendorUsage = "vendor list [--format json|csv] | vendor show NAME [--json] | vendor alerts [--json]"

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
	filter := backend.VendorFilter{Search: *search}
	if *format == "csv" {
		// The same table, row for row and byte for byte, as the Exports screen's CSV.
		_, err := reporting.New(s).WriteVendors(context.Background(), c.stdout, "csv", filter, export.Options{})
		return err
	}
	vendors, err := s.ListVendors(filter)
	if err != nil {
		return err
	}
	rows, err := vendorsWithAlerts(s, vendors)
	if err != nil {
		return err
	}
	return c.printJSON(rows)
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
	line("Previous BAA until", v.PriorBAAEndsOn.String())
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
