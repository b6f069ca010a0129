package command

import (
	"fmt"

	"privacydesk/backend"
	"privacydesk/backend/casework"
)

func init() {
	register(command{name: "audit", summary: "verify the audit trail's hash chain, or list its events", usage: auditUsage,
		subs: map[string]func(*cli, []string) error{
			"verify": runAuditVerify,
			"anchor": runAuditAnchor,
			"list":   runAuditList,
		}})
}

const auditUsage = "audit verify [--anchor FILE | --anchor-head N:HEX] | audit anchor --out FILE.pdf | audit list [--entity E] [--id ID] [--action A] [--search Q] [--limit N] [--json]"

// runAuditVerify walks the chain and compares every request, vendor and letter with
// its last event: exit 0 with the counts when all hold, exit 1 naming the first event
// or record changed outside the app. With an anchor it also checks the trail still holds
// the head the anchor pinned.
func runAuditVerify(c *cli, args []string) error {
	fs := c.flags("audit verify", "audit verify [--anchor FILE | --anchor-head N:HEX]")
	anchorFile := fs.String("anchor", "", "an audit anchor (the PDF `audit anchor` wrote, or a text with its line) the trail must still hold")
	anchorHead := fs.String("anchor-head", "", "the anchor typed as N:HEX (events, colon, head hash)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *anchorFile != "" && *anchorHead != "" {
		return usagef("give --anchor or --anchor-head, not both")
	}
	var anchor *backend.ChainHead
	switch {
	case *anchorFile != "":
		h, err := casework.ReadAnchorFile("anchor", *anchorFile)
		if err != nil {
			return err
		}
		anchor = &h
	case *anchorHead != "":
		h, err := casework.ParseAnchorHead("anchor-head", *anchorHead)
		if err != nil {
			return err
		}
		anchor = &h
	}
	cw, ctx, err := c.casework()
	if err != nil {
		return err
	}
	var rep backend.ChainReport
	if anchor != nil {
		rep, err = cw.VerifyAuditAnchored(ctx, *anchor)
	} else {
		rep, err = cw.VerifyAudit(ctx)
	}
	if err != nil {
		return err
	}
	if !rep.OK {
		if rep.BadSeq > 0 {
			return backend.Errorf(backend.ECONFLICT, "Audit trail broken at event %d: %s.", rep.BadSeq, rep.Problem)
		}
		return backend.Errorf(backend.ECONFLICT, "Audit trail broken: %s.", rep.Problem)
	}
	fmt.Fprintf(c.stdout, "Audit trail intact: %d events. %d requests, vendors and letters match their last event.\n", rep.Count, rep.Records)
	if rep.Unrecorded > 0 {
		fmt.Fprintf(c.stdout, "%d were not checked: their events are from before Privacy Desk recorded each change's result.\n", rep.Unrecorded)
	}
	if anchor != nil && anchor.Events > 0 {
		fmt.Fprintf(c.stdout, "The trail still holds the anchor (event %d).\n", anchor.Events)
	}
	fmt.Fprintln(c.stdout, rep.Head.String())
	return nil
}

// runAuditAnchor writes the one-page audit anchor PDF.
func runAuditAnchor(c *cli, args []string) error {
	fs := c.flags("audit anchor", "audit anchor --out FILE.pdf")
	out := fs.String("out", "", "the PDF to write")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		return usagef("--out FILE.pdf is required")
	}
	cw, ctx, err := c.casework()
	if err != nil {
		return err
	}
	a, err := cw.WriteAuditAnchor(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Audit anchor written to %s.\n%s\n", a.File, a.Line)
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
