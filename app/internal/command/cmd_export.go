package command

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"privacydesk/backend/reporting"
)

func init() {
	register(command{name: "export", summary: "write requests, vendors, datamap, audit, metrics, calendar, baa or readiness to a file", run: runExport})
}

// interruptible is a context that Ctrl-C cancels: the export or backup then stops and
// leaves no partial file.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func runExport(c *cli, args []string) error {
	fs := c.flags("export", "export KIND --format F --out FILE [--year Y] [--bom]\n  KIND: "+strings.Join(reporting.ExportKinds, ", "))
	format := fs.String("format", "", "csv, xlsx, json; pdf for metrics; ics for calendar (default: the kind's first)")
	out := fs.String("out", "", "the file to write (replaced only when the export is complete)")
	year := fs.Int("year", 0, "metrics: the calendar year (default: this year)")
	bom := fs.Bool("bom", false, "csv: start with a byte order mark, for Excel")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := c.parse(fs, args); err != nil {
			return err
		}
		return usagef("name what to export: %s", strings.Join(reporting.ExportKinds, ", "))
	}
	kind := args[0]
	if err := c.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if reporting.ExportFormats(kind) == nil {
		return usagef("unknown export %q (choose %s)", kind, strings.Join(reporting.ExportKinds, ", "))
	}
	if *out == "" {
		return usagef("--out FILE is required")
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	res, err := reporting.New(s).Export(ctx, reporting.ExportRequest{Kind: kind, Format: *format, Out: *out, Year: *year, BOM: *bom}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Wrote %d %s to %s (%s).\n", res.Rows, rowsNoun(res.Kind, res.Rows), res.Out, res.Format)
	if res.Truncated > 0 {
		fmt.Fprintf(c.stdout, "%d cells longer than Excel's 32,767 characters were cut; the CSV and JSON exports keep them whole.\n", res.Truncated)
	}
	if res.Chain != nil {
		if res.Chain.OK {
			fmt.Fprintf(c.stdout, "Audit chain verified: %d events intact.\n", res.Chain.Count)
		} else {
			fmt.Fprintf(c.stdout, "Audit chain BROKEN at event %d: %s\n", res.Chain.BadSeq, res.Chain.Problem)
		}
	}
	return nil
}

func rowsNoun(kind string, n int64) string {
	noun := map[string]string{"requests": "request", "vendors": "vendor", "datamap": "data category", "audit": "audit event",
		"metrics": "metric row", "calendar": "date", "baa": "vendor", "readiness": "item"}[kind]
	if n != 1 {
		noun = strings.TrimSuffix(noun, "y") + map[bool]string{true: "ies", false: "s"}[strings.HasSuffix(noun, "y")]
	}
	return noun
}
