package command

import (
	"fmt"

	"privacydesk/backend"
)

func init() {
	register(command{name: "audit", summary: "verify the audit trail's hash chain, or list its events", run: runAudit})
}

const auditUsage = "audit verify | audit list [--entity E] [--id ID] [--action A] [--search Q] [--limit N] [--json]"

func runAudit(c *cli, args []string) error {
	return runSubcommand(c, args, auditUsage, map[string]func(*cli, []string) error{
		"verify": runAuditVerify,
		"list":   runAuditList,
	})
}

// runAuditVerify walks the chain: exit 0 with the count when it holds, exit 1 naming
// the first event that was edited, deleted, inserted or reordered outside the app.
func runAuditVerify(c *cli, args []string) error {
	fs := c.flags("audit verify", "audit verify")
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
	rep, err := cw.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if !rep.OK {
		return backend.Errorf(backend.ECONFLICT, "Audit trail broken at event %d: %s.", rep.BadSeq, rep.Problem)
	}
	fmt.Fprintf(c.stdout, "Audit trail intact: %d events.\n", rep.Count)
	return nil
}

func runAuditList(c *cli, args []string) error {
	fs := c.flags("audit list", "audit list [--entity E] [--id ID] [--action A] [--search Q] [--limit N] [--json]")
	var f backend.AuditFilter
	fs.StringVar(&f.Entity, "entity", "", "only events about this kind of thing: request, vendor, practice, ...")
	fs.StringVar(&f.EntityID, "id", "", "only events about this one (a request's reference, a vendor's name)")
	fs.StringVar(&f.Action, "action", "", "only this action: create, update, transition, ...")
	fs.StringVar(&f.Search, "search", "", "only events mentioning Q")
	fs.IntVar(&f.Limit, "limit", 200, "at most N events, newest first (up to 1000)")
	asJSON := fs.Bool("json", false, "print a JSON array of events")
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
	page, err := cw.AuditTrail(ctx, f)
	if err != nil {
		return err
	}
	events, total := page.Items, page.Total
	if *asJSON {
		return c.printJSON(events)
	}
	for _, e := range events {
		who := e.Staff
		if who == "" {
			who = e.OSUser
		}
		fmt.Fprintf(c.stdout, "%6d  %s  %-14s %-9s %-14s %s\n", e.Seq, e.At.Format("2006-01-02 15:04:05Z"), who, e.Entity, e.EntityID, e.Action)
	}
	fmt.Fprintf(c.stdout, "%d of %d events.\n", len(events), total)
	return nil
}
