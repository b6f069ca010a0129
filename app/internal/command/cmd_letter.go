package command

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/letters"
)

func init() {
	register(command{name: "letter", summary: "make a letter for a request (kept as evidence), list kinds or a request's letters", run: runLetter,
		kinds: []string{"kinds", "list", "sent", "direct-vendors"}})
}

const letterUsage = "letter kinds | letter --request REF --kind KIND [--vendor NAME] [--template NAME] [--accept-warnings] --out FILE.pdf|FILE.eml | letter list --request REF | letter sent ID --method post|email|in-person|portal [--on YYYY-MM-DD] | letter direct-vendors --request REF --method post|email [--accept-warnings] --out FILE.pdf|DIR"

func runLetter(c *cli, args []string) error {
	if len(args) > 0 {
		if slices.Contains(commands["letter"].kinds, args[0]) {
			c.sub(args[0])
		}
		switch args[0] {
		case "kinds":
			return runLetterKinds(c, args[1:])
		case "list":
			return runLetterList(c, args[1:])
		case "sent":
			return runLetterSent(c, args[1:])
		case "direct-vendors":
			return runLetterDirect(c, args[1:])
		case "help":
			fmt.Fprintf(c.stderr, "usage: privacydesk [--db FILE] %s\n", letterUsage)
			return errHelp
		}
	}
	fs := c.flags("letter", letterUsage)
	ref := fs.String("request", "", "the request's reference (PR-YYYY-NNNN)")
	kind := fs.String("kind", "", "the letter's kind (privacydesk letter kinds lists them)")
	vendor := fs.String("vendor", "", "for vendor-direction: the vendor the letter goes to")
	template := fs.String("template", "", "the practice's edited template to use (default: the built-in one)")
	out := fs.String("out", "", "write the PDF to this file; a name ending in .eml writes an email draft (X-Unsent) with the PDF attached")
	response := fs.String("response", "", "what was done, for the letters that report it")
	accept := fs.Bool("accept-warnings", false, "make the letter despite the preflight's warnings (blocking problems still refuse it)")
	var enclosures multiFlag
	fs.Var(&enclosures, "enclosure", "a document sent with the letter (repeat for several)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q (usage: privacydesk %s)", fs.Arg(0), letterUsage)
	case *ref == "":
		return usagef("--request is required (usage: privacydesk %s)", letterUsage)
	case *kind == "":
		return usagef("--kind is required (privacydesk letter kinds lists them)")
	case *out == "":
		return usagef("--out FILE.pdf (or FILE.eml for an email draft) is required")
	}
	if _, err := letters.ParseKind("kind", *kind); err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	// The letter is kept in the database whatever happens to the copy; the copy holds
	// personal information, so only the user may read it.
	l, err := correspondence.New(s).CreateLetterTo(context.Background(), correspondence.LetterInput{RequestRef: *ref,
		Kind: letters.Kind(*kind), VendorName: *vendor, TemplateName: *template, Response: *response, Enclosures: enclosures, AcceptWarnings: *accept}, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Letter %d (%s) for %s to %s: %s, SHA-256 %s, written to %s\n",
		l.ID, l.Kind, l.RequestRef, l.Recipient, pageCount(l.Pages), l.SHA256, *out)
	return nil
}

// pageCount says "1 page" or "N pages", never "page(s)".
func pageCount(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}

// runLetterSent records that a kept letter went out.
func runLetterSent(c *cli, args []string) error {
	const usage = "letter sent ID --method post|email|in-person|portal [--on YYYY-MM-DD]"
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("the letter's number is required (usage: privacydesk %s)", usage)
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("%q is not a letter number (privacydesk letter list --request REF lists them)", args[0])
	}
	fs := c.flags("letter sent", usage)
	method := fs.String("method", "", "how it was sent: post, email, in-person or portal")
	on := fs.String("on", "", "the day it was sent, YYYY-MM-DD (default: today in the practice's time zone)")
	if err := c.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *method == "" {
		return usagef("--method is required (post, email, in-person or portal)")
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	l, err := correspondence.New(s).MarkSent(context.Background(), id, backend.LetterSentInput{Method: backend.SendMethod(*method), On: *on})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Letter %d (%s) for %s to %s: sent by %s on %s\n", l.ID, l.Kind, l.RequestRef, l.Recipient,
		strings.ToLower(l.Sent.Method.Label()), l.Sent.On)
	return nil
}

// runLetterDirect is "Direct all vendors": a direction letter to every vendor of the
// request not told yet, kept and recorded as sent today, written as one PDF to print
// (post) or one email draft per vendor in a folder (email). A vendor whose letter cannot
// be made is left out, one "not directed" line each on stderr; the others go ahead.
func runLetterDirect(c *cli, args []string) error {
	const usage = "letter direct-vendors --request REF --method post|email [--accept-warnings] --out FILE.pdf|DIR"
	fs := c.flags("letter direct-vendors", usage)
	ref := fs.String("request", "", "the request's reference (PR-YYYY-NNNN)")
	method := fs.String("method", "", "post (one PDF to print) or email (one .eml draft per vendor)")
	out := fs.String("out", "", "post: the PDF to write; email: the folder for the drafts (made if missing)")
	accept := fs.Bool("accept-warnings", false, "make the letters despite the preflight's warnings (blocking problems still leave a vendor out)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q (usage: privacydesk %s)", fs.Arg(0), usage)
	case *ref == "":
		return usagef("--request is required (usage: privacydesk %s)", usage)
	case *method == "":
		return usagef("--method is required: post or email")
	case *out == "":
		return usagef("--out is required: a FILE.pdf for post, a folder for email")
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	if backend.SendMethod(strings.ToLower(*method)) == backend.SendEmail {
		if err := os.MkdirAll(*out, 0o700); err != nil {
			return err
		}
	}
	res, err := correspondence.New(s).DirectVendors(context.Background(), correspondence.DirectInput{Reference: *ref,
		Method: backend.SendMethod(*method), AcceptWarnings: *accept}, *out)
	if err != nil {
		return err
	}
	for _, l := range res.Letters {
		fmt.Fprintf(c.stdout, "Letter %d (vendor-direction) for %s to %s: %s, sent by %s on %s\n", l.ID, l.RequestRef, l.VendorName,
			pageCount(l.Pages), res.Method, res.On)
	}
	for _, sk := range res.Skipped {
		fmt.Fprintf(c.stderr, "not directed: %s: %s: %s\n", sk.VendorName, sk.Field, sk.Message)
	}
	fmt.Fprintf(c.stdout, "Directed %d of %d vendors by %s; written to %s\n", len(res.Letters), len(res.Letters)+len(res.Skipped), res.Method, *out)
	return nil
}

func runLetterKinds(c *cli, args []string) error {
	fs := c.flags("letter kinds", "letter kinds")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	for _, k := range letters.KindsList() {
		fmt.Fprintf(c.stdout, "%-18s %s\n", k.Kind, k.Description)
	}
	return nil
}

func runLetterList(c *cli, args []string) error {
	fs := c.flags("letter list", "letter list --request REF")
	ref := fs.String("request", "", "the request's reference (PR-YYYY-NNNN)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *ref == "" {
		return usagef("--request is required")
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	list, err := correspondence.New(s).ListLetters(context.Background(), *ref)
	if err != nil {
		return err
	}
	return c.printJSON(list)
}
