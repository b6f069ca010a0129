package command

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"privacydesk/backend"
	intakesvc "privacydesk/backend/intake"
	"privacydesk/backend/mailimport"
)

func init() {
	register(command{name: "import", summary: "import requests or vendors from CSV/XLSX, or a request from an .eml", run: runImport,
		kinds: []string{"requests", "vendors", "email"}})
}

func runImport(c *cli, args []string) error {
	const usage = "import requests|vendors FILE [--dry-run]\n       privacydesk import email FILE.eml --regime R [--right T ...] [--dry-run]"
	fs := c.flags("import", usage)
	dry := fs.Bool("dry-run", false, "check the file and show what would be imported, importing nothing")
	regime := fs.String("regime", "", "email: the law the request is made under")
	var rights multiFlag
	fs.Var(&rights, "right", "email: a right asked for (repeat; default: what the email proposes)")
	if len(args) < 2 || strings.HasPrefix(args[0], "-") || strings.HasPrefix(args[1], "-") {
		if err := c.parse(fs, args); err != nil {
			return err
		}
		return usagef("usage: privacydesk %s", usage)
	}
	kind, file := args[0], args[1]
	if err := c.parse(fs, args[2:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if kind != "email" && (*regime != "" || len(rights) > 0) {
		return usagef("--regime and --right are for import email")
	}
	if !slices.Contains(commands["import"].kinds, kind) {
		return usagef("import requests, vendors or email, not %q", kind)
	}
	c.sub(kind)
	s, err := c.openStore()
	if err != nil {
		return err
	}
	svc, ctx := intakesvc.New(s, nil), context.Background()
	switch kind {
	case "requests", "vendors":
		if *dry && kind == "vendors" {
			return usagef("--dry-run is for requests and email")
		}
		if *dry {
			pv, err := svc.Preview(ctx, kind, file, nil)
			if err != nil {
				return err
			}
			if err := pv.Err(); err != nil {
				return err
			}
			for _, n := range pv.Notes {
				fmt.Fprintln(c.stdout, n)
			}
			fmt.Fprintf(c.stdout, "%d rows ready to import as requests (header on row %d). Nothing was imported.\n", pv.Ready, pv.HeaderRow)
			return nil
		}
		out, err := svc.Commit(ctx, kind, file, nil)
		if err != nil {
			return err
		}
		if err := out.Err(); err != nil {
			return err
		}
		for _, n := range out.Preview.Notes {
			fmt.Fprintln(c.stdout, n)
		}
		if kind == "vendors" {
			fmt.Fprintf(c.stdout, "Imported %d vendors.\n", out.Count)
		} else {
			fmt.Fprintf(c.stdout, "Imported %d requests (%s to %s).\n", out.Count, out.First, out.Last)
		}
	case "email":
		m, err := mailimport.ParseFile(file)
		if err != nil {
			return err
		}
		if *regime == "" {
			return usagef("--regime is required: the email does not say which law applies (ccpa, va, co, ct, tx, ut, or, fl, gdpr, uk-gdpr, hipaa)")
		}
		var rs []backend.Right
		for _, r := range rights {
			rs = append(rs, backend.Right(r))
		}
		in, err := svc.EmailRequestInput(ctx, m, backend.Regime(*regime), rs)
		if err != nil {
			return err
		}
		if len(in.Rights) == 0 {
			return usagef("name the rights asked for with --right (the email proposes none)")
		}
		if *dry {
			fmt.Fprintf(c.stdout, "From %s <%s>, received %s %s, rights %v: nothing imported.\n", in.Requester.Name, in.Requester.Email, in.ReceivedDate, in.ReceivedTime, in.Rights)
			return nil
		}
		r, err := svc.ImportEmail(ctx, file, in)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, r.Reference)
	}
	return nil
}
