package command

import (
	"fmt"
	"slices"
	"strings"

	"privacydesk/backend/reporting"
)

func init() {
	register(command{name: "report", summary: "write a PDF report for the compliance file: " + strings.Join(reporting.ReportKinds, ", "), run: runReport})
}

// runReport writes one of the PDF reports; the same as `export KIND --format pdf`.
func runReport(c *cli, args []string) error {
	fs := c.flags("report", "report KIND --out FILE.pdf\n  KIND: "+strings.Join(reporting.ReportKinds, ", "))
	out := fs.String("out", "", "the PDF to write (replaced only when the report is complete)")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := c.parse(fs, args); err != nil {
			return err
		}
		return usagef("name the report: %s", strings.Join(reporting.ReportKinds, ", "))
	}
	kind := args[0]
	if err := c.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if !slices.Contains(reporting.ReportKinds, kind) {
		return usagef("unknown report %q (choose %s)", kind, strings.Join(reporting.ReportKinds, ", "))
	}
	if *out == "" {
		return usagef("--out FILE.pdf is required")
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	res, err := reporting.New(s).Export(ctx, reporting.ExportRequest{Kind: kind, Format: "pdf", Out: *out}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Wrote the %s to %s.\n", strings.ToLower(reporting.KindLabel(kind)), res.Out)
	return nil
}
