package command

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/reporting"
	"privacydesk/backend/rules"
)

func init() {
	register(command{name: "request", summary: "log a request, list requests, show one", usage: requestUsage,
		subs: map[string]func(*cli, []string) error{
			"add":  runRequestAdd,
			"list": runRequestList,
			"show": runRequestShow,
		}})
}

const requestUsage = "request add (--from-file FILE|- | --name N (--email E | --phone P)) --regime R --right T [--right T ...] --received YYYY-MM-DD [flags] | " +
	"request list [--format json|csv] [filters] | request show REF [--json]"

// listFlag collects a flag given several times or as a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// addFlags maps the input's JSON field names to the flags that set them, so a
// validation error names the flag the person typed.
var addFlags = map[string]string{
	"requester.name": "--name", "requester.email": "--email", "requester.phone": "--phone", "requester.address": "--address",
	"requester.dateOfBirth": "--dob", "requester.clientNumber": "--client-number", "requester.country": "--country", "requester.nameOnLetters": "--name-on-letters", "agent.name": "--agent",
	"agent.email": "--agent-email", "agent.phone": "--agent-phone", "agent.relationship": "--agent-relationship", "agent.address": "--agent-address",
	"requesterWords": "--words", "proofOfAuthority": "--proof-of-authority",
	"channel": "--channel", "receivedDate": "--received", "receivedTime": "--time", "regime": "--regime", "rights": "--right",
	"description": "--description", "assignee": "--assignee", "tags": "--tag", "notes": "--notes", "submittedBy": "--submitted-by",
	"minor": "--minor", "guardianConsent": "--guardian-consent", "appealOf": "--appeal-of",
}

func flagError(err error, flags map[string]string) error {
	var e *backend.Error
	if errors.As(err, &e) && e.Field != "" {
		if f, ok := flags[e.Field]; ok {
			c := *e
			c.Field = f + " (" + e.Field + ")"
			return &c
		}
	}
	return err
}

// detailFlags are request add's flags that carry a person's details (and the request's
// own words, which may tell of their health): on the command line other users of the
// computer see them (ps) and the shell history keeps them, so each gets a warning, and
// --from-file takes them instead.
var detailFlags = []string{"name", "name-on-letters", "email", "phone", "address", "dob", "client-number",
	"agent", "agent-email", "agent-phone", "agent-address", "description", "words", "notes"}

// stdin is what --from-file - reads (a seam for the tests).
var stdin io.Reader = os.Stdin

// maxInputFile bounds what --from-file reads: a request's fields, not a document.
const maxInputFile = 1 << 20

// readRequestFile reads the JSON object at path ("-": standard input) over in: the fields
// of the window's request form by their JSON names (requester.name, requester.email,
// requester.dateOfBirth, agent.name, regime, rights, receivedDate, ...), the names a
// validation error gives. Only the fields it holds are set. It returns their names, the
// nested ones dotted.
func readRequestFile(path string, in *backend.RequestInput) (map[string]bool, error) {
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, backend.Invalid("from-file", "Cannot read the request file: %v", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInputFile+1))
	if err != nil {
		return nil, backend.Invalid("from-file", "Cannot read the request file: %v", err)
	}
	if len(b) > maxInputFile {
		return nil, backend.Invalid("from-file", "The request file is over %d bytes: it holds a request's fields only.", maxInputFile)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, backend.Invalid("from-file", "The request file is not a JSON object: %v", err)
	}
	keys := map[string]bool{}
	for k, v := range top {
		if k != "requester" && k != "agent" {
			keys[k] = true
			continue
		}
		var inner map[string]json.RawMessage
		if err := json.Unmarshal(v, &inner); err != nil {
			return nil, backend.Invalid("from-file", "In the request file, %s is not a JSON object: %v", k, err)
		}
		for ik := range inner {
			keys[k+"."+ik] = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(in); err != nil {
		return nil, backend.Invalid("from-file", "The request file: %v", err)
	}
	return keys, nil
}

func runRequestAdd(c *cli, args []string) error {
	fs := c.flags("request add", "request add (--from-file FILE|- | --name N --email E) --regime R --right T [--right T ...] --received YYYY-MM-DD [flags]")
	fromFile := fs.String("from-file", "", "read the request's fields from this JSON file (- for standard input) instead of flags, so the requester's details are not on the command line: {\"requester\": {\"name\": ..., \"email\": ..., \"dateOfBirth\": ...}, ...}, by the field names errors give")
	var in backend.RequestInput
	var rights, tags listFlag
	fs.StringVar(&in.Requester.Name, "name", "", "the requester's full name (required)")
	fs.StringVar(&in.Requester.NameOnLetters, "name-on-letters", "", "the name letters print, when the requester prefers another spelling (e.g. in Latin letters)")
	fs.StringVar(&in.Requester.Email, "email", "", "the requester's email address")
	fs.StringVar(&in.Requester.Phone, "phone", "", "the requester's phone number")
	fs.StringVar(&in.Requester.Address, "address", "", "the requester's postal address")
	fs.StringVar(&in.Requester.DateOfBirth, "dob", "", "date of birth, YYYY-MM-DD")
	fs.StringVar(&in.Requester.ClientNumber, "client-number", "", "the practice's client or patient number")
	fs.StringVar(&in.Requester.Country, "country", "", "GDPR only: the requester's EU country (DE, FR, IE, ...), whose public holidays move the due date; none: weekends only")
	regime := fs.String("regime", "", "the law: ccpa, va, co, ct, tx, ut, or, fl, gdpr, uk-gdpr, hipaa (required)")
	fs.Var(&rights, "right", "a right asked for (repeat, or comma-separate): access, deletion, correction, ... (required)")
	fs.StringVar(&in.ReceivedDate, "received", "", "the day the request arrived, YYYY-MM-DD, in the practice's time zone (required)")
	fs.StringVar(&in.ReceivedTime, "time", "", "the time it arrived, HH:MM (default: start of the day)")
	channel := fs.String("channel", "email", "how it arrived: email, phone, mail, web-form, in-person, other")
	fs.StringVar(&in.Agent.Name, "agent", "", "the authorized agent who submitted it, if any")
	fs.StringVar(&in.Agent.Email, "agent-email", "", "the agent's email address")
	fs.StringVar(&in.Agent.Phone, "agent-phone", "", "the agent's phone number")
	fs.StringVar(&in.Agent.Relationship, "agent-relationship", "", "the agent's relationship to the requester")
	fs.StringVar(&in.Agent.Address, "agent-address", "", "the agent's postal address (letters go to the agent)")
	submittedBy := fs.String("submitted-by", "", "self, agent, guardian or personal-representative (default: agent with --agent, else self)")
	fs.BoolVar(&in.ProofOfAuthority, "proof-of-authority", false, "the agent's signed permission was received")
	fs.BoolVar(&in.Minor, "minor", false, "the requester is under 18")
	consent := fs.String("guardian-consent", "", "for a minor: pending, given or refused")
	fs.StringVar(&in.Description, "description", "", "what they asked for, in the staff's words (internal, never quoted in letters)")
	fs.StringVar(&in.RequesterWords, "words", "", "the request in the requester's own words (quoted in letters)")
	fs.StringVar(&in.Assignee, "assignee", "", "the staff member handling it")
	fs.Var(&tags, "tag", "a tag (repeat, or comma-separate)")
	fs.StringVar(&in.Notes, "notes", "", "notes")
	fs.StringVar(&in.AppealOf, "appeal-of", "", "with --right appeal: the reference of the request whose denial it appeals (PR-YYYY-NNNN)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	in.Regime, in.Channel, in.GuardianConsent, in.Tags = backend.Regime(*regime), backend.Channel(*channel), backend.ConsentStatus(*consent), tags
	for _, r := range rights {
		in.Rights = append(in.Rights, backend.Right(r))
	}
	in.SubmittedBy = backend.SubmittedBy(*submittedBy)
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var onCommandLine []string
	for _, name := range detailFlags {
		if given[name] {
			onCommandLine = append(onCommandLine, "--"+name)
		}
	}
	if len(onCommandLine) > 0 {
		fmt.Fprintf(c.stderr, "privacydesk request add: warning: %s on the command line can be seen by other users of this computer and end up in the shell history: give them with --from-file FILE (or - for standard input)\n",
			strings.Join(onCommandLine, ", "))
	}
	var inFile map[string]bool
	if *fromFile != "" {
		var err error
		if inFile, err = readRequestFile(*fromFile, &in); err != nil {
			return err
		}
		for field, fl := range addFlags {
			if inFile[field] && given[strings.TrimPrefix(fl, "--")] {
				return usagef("%s is given twice, as %s and in the request file: give it once", field, fl)
			}
		}
	}
	if in.SubmittedBy == "" && in.Agent.Name != "" {
		in.SubmittedBy = backend.SubmittedByAgent
	}
	cw, ctx, err := c.casework()
	if err != nil {
		return err
	}
	r, err := cw.Create(ctx, in)
	if err != nil {
		var e *backend.Error
		if errors.As(err, &e) && inFile[e.Field] {
			// The field came from the file: named as the file names it.
			c := *e
			c.Field = e.Field + " (in the request file)"
			return &c
		}
		return flagError(err, addFlags)
	}
	// Possible duplicates are shown, not refused: the same person may ask twice.
	if dups, err := cw.Duplicates(ctx, in, r.Reference); err == nil {
		for _, d := range dups {
			fmt.Fprintf(c.stderr, "privacydesk request add: note: possible duplicate of %s (%s, same %s, %s)\n", d.Reference, d.Name, d.Match, strings.ToLower(d.Status.Label()))
		}
	}
	if verdicts, err := cw.Applicability(ctx); err == nil {
		if w := applicabilityWarning(verdicts, r.Regime); w != "" {
			fmt.Fprintln(c.stderr, "privacydesk request add: warning: "+w)
		}
	}
	fmt.Fprintln(c.stdout, r.Reference)
	return nil
}

// applicabilityWarning is one line when the practice's profile says the regime does not
// reach it, or reaches only its non-health data; "" otherwise. It warns, never refuses:
// whether a law applies is the practice's decision.
func applicabilityWarning(verdicts []rules.RegimeVerdict, g backend.Regime) string {
	for _, v := range verdicts {
		if v.Regime != g {
			continue
		}
		why := strings.Join(v.Reasons, "; ") + " (" + strings.Join(v.Citations, "; ") + ")"
		switch v.Verdict {
		case rules.VerdictDoesNotApply:
			return fmt.Sprintf("by the practice's profile, %s does not apply: %s", v.Label, why)
		case rules.VerdictAppliesExceptPHI:
			return fmt.Sprintf("by the practice's profile, %s covers non-health data only; a patient's request about their health record is a HIPAA request: %s", v.Label, why)
		}
	}
	return ""
}

var listFlags = map[string]string{"status": "--status", "regime": "--regime", "right": "--right", "from": "--from", "to": "--to",
	"due": "--due", "sort": "--sort", "search": "--search", "today": "--today"}

func runRequestList(c *cli, args []string) error {
	fs := c.flags("request list", "request list [--format json|csv] [--status S] [--regime R] [--right T] [--search Q] [--assignee A] [--due W] [--from D] [--to D] [--sort COL] [--desc]")
	format := fs.String("format", "json", "output format: json (an array of requests) or csv (one row per request)")
	var f backend.RequestFilter
	var statuses, regimes, rights listFlag
	fs.Var(&statuses, "status", "only these statuses (repeat or comma-separate): received, acknowledged, awaiting-identity, ...")
	fs.Var(&regimes, "regime", "only these regimes (repeat or comma-separate)")
	fs.Var(&rights, "right", "only requests asking for one of these rights")
	fs.StringVar(&f.Search, "search", "", "match reference, name, email, phone, notes (case and accents ignored)")
	fs.StringVar(&f.Assignee, "assignee", "", "only this staff member's requests (- for unassigned)")
	due := fs.String("due", "", "overdue, today, week, awaiting-ack, awaiting-identity or extended")
	fs.StringVar(&f.From, "from", "", "received on or after YYYY-MM-DD")
	fs.StringVar(&f.To, "to", "", "received on or before YYYY-MM-DD")
	sortBy := fs.String("sort", "", "reference, name, email, regime, status, received, due, assignee or updated (default: received, newest first)")
	fs.BoolVar(&f.Desc, "desc", false, "sort descending")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *format != "json" && *format != "csv" {
		return usagef("--format must be json or csv, not %q", *format)
	}
	for _, v := range statuses {
		f.Status = append(f.Status, backend.Status(v))
	}
	for _, v := range regimes {
		f.Regime = append(f.Regime, backend.Regime(v))
	}
	for _, v := range rights {
		f.Right = append(f.Right, backend.Right(v))
	}
	f.Due, f.Sort = backend.DueWindow(*due), backend.RequestSort(*sortBy)
	cw, ctx, err := c.casework()
	if err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return flagError(err, listFlags)
	}
	if *format == "csv" {
		// The same table as the Exports screen's requests export, for the requests the
		// filters select.
		match := map[string]bool{}
		if err := cw.Each(ctx, f, func(r backend.Request) error { match[r.Reference] = true; return nil }); err != nil {
			return flagError(err, listFlags)
		}
		_, err := reporting.New(c.store).WriteRequests(ctx, c.stdout, "csv", func(ref string) bool { return match[ref] }, export.Options{})
		return err
	}
	return writeJSONArray(c.stdout, func(emit func(any) error) error {
		return cw.Each(ctx, f, func(r backend.Request) error { return emit(r) })
	})
}

// writeJSONArray streams an array, one indented element at a time, so a list of
// 100,000 requests never sits in memory as one value.
func writeJSONArray(w io.Writer, each func(emit func(any) error) error) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	n := 0
	err := each(func(v any) error {
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if n == 0 {
			sep = "\n  "
		}
		n++
		_, err = io.WriteString(w, sep+string(b))
		return err
	})
	if err != nil {
		return flagError(err, listFlags)
	}
	end := "]\n"
	if n > 0 {
		end = "\n]\n"
	}
	_, err = io.WriteString(w, end)
	return err
}

// requestShowJSON is a request as `request show --json` prints it: every field of the
// request (the same object `request list` prints) plus its timeline, files,
// verifications and the actions allowed today.
type requestShowJSON struct {
	backend.Request
	Events         []backend.RequestEvent `json:"events"`
	Attachments    []backend.Attachment   `json:"attachments"`
	Verifications  []backend.Verification `json:"verifications"`
	AllowedActions []backend.Action       `json:"allowedActions"`
	// Appeals are the appeals naming this request (the appeal names it in appealOf).
	Appeals []backend.RequestLink `json:"appeals"`
}

func runRequestShow(c *cli, args []string) error {
	fs := c.flags("request show", "request show REF [--json]")
	asJSON := fs.Bool("json", false, "print the request as one JSON object")
	var ref string
	for len(args) > 0 {
		if err := c.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		if ref != "" {
			return usagef("unexpected argument %q", fs.Arg(0))
		}
		ref, args = fs.Arg(0), fs.Args()[1:]
	}
	if ref == "" {
		return usagef("missing the request's reference (usage: privacydesk request show REF [--json])")
	}
	cw, ctx, err := c.casework()
	if err != nil {
		return err
	}
	d, err := cw.Detail(ctx, ref)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.printJSON(requestShowJSON{Request: d.Request, Events: d.Events, Attachments: d.Attachments,
			Verifications: d.Verifications, AllowedActions: d.Allowed, Appeals: d.Appeals})
	}
	printRequest(c.stdout, d)
	return nil
}

func printRequest(w io.Writer, d backend.RequestDetail) {
	r := d.Request
	fmt.Fprintf(w, "%s  %s  (%s)\n", r.Reference, r.Requester.Name, r.Status.Label())
	fmt.Fprintf(w, "Regime:    %s\n", r.Regime.Label())
	fmt.Fprintf(w, "Received:  %s by %s\n", r.ReceivedDate.Long(), strings.ToLower(r.Channel.Label()))
	for _, line := range [][2]string{{"On letters", r.Requester.NameOnLetters}, {"Email", r.Requester.Email}, {"Phone", r.Requester.Phone}, {"Client no.", r.Requester.ClientNumber}, {"Country", r.Requester.Country}, {"Assignee", r.Assignee}} {
		if line[1] != "" {
			fmt.Fprintf(w, "%-10s %s\n", line[0]+":", line[1])
		}
	}
	if r.SubmittedBy != backend.SubmittedBySelf {
		fmt.Fprintf(w, "Submitted: %s, %s\n", r.SubmittedBy.Label(), r.Agent.Name)
	}
	if r.AppealOf != "" {
		fmt.Fprintf(w, "Appeal of: %s (its denial)\n", r.AppealOf)
	}
	for _, a := range d.Appeals {
		fmt.Fprintf(w, "Appealed:  by %s, received %s (%s)\n", a.Reference, a.ReceivedDate.Long(), strings.ToLower(a.Status.Label()))
	}
	fmt.Fprintln(w, "Rights:")
	for _, rr := range r.Rights {
		due := "no deadline in the law"
		if d := rr.DueDate(); !d.IsZero() {
			due = "due " + d.Long()
		}
		fmt.Fprintf(w, "  %-28s %-18s %s\n", rr.Right.Label(), rr.Outcome.Label(), due)
		if rr.Basis != "" {
			fmt.Fprintf(w, "  %-28s %s\n", "", rr.Basis)
		}
		if sc := rr.StateClock; sc != nil {
			var parts []string
			for _, c := range sc.Clocks {
				if c.Due.IsZero() {
					parts = append(parts, c.What+": no fixed time")
				} else {
					parts = append(parts, c.What+" by "+c.Due.Long())
				}
			}
			fmt.Fprintf(w, "  %-28s %s law: %s; HIPAA: by %s\n", "", sc.StateName, strings.Join(parts, ", "), sc.HIPAADue.Long())
			fmt.Fprintf(w, "  %-28s the earlier date governs: %s (%s)\n", "", sc.Governs.Long(), sc.Citation)
		}
	}
	fmt.Fprintln(w, "Timeline:")
	for _, e := range d.Events {
		who := e.Staff
		if who == "" {
			who = e.OSUser
		}
		fmt.Fprintf(w, "  %s  %-12s %s\n", e.At.Format("2006-01-02 15:04Z"), who, e.Summary)
		if e.Note != "" {
			fmt.Fprintf(w, "  %s  %-12s   %s\n", strings.Repeat(" ", 17), "", oneLine(e.Note))
		}
	}
	if len(d.Attachments) > 0 {
		fmt.Fprintln(w, "Files:")
		for _, a := range d.Attachments {
			fmt.Fprintf(w, "  %s  %s  %d bytes  sha256 %s\n", a.OriginalName, a.MIMEType, a.Size, a.SHA256)
		}
	}
	if len(d.Allowed) > 0 {
		names := make([]string, len(d.Allowed))
		for i, a := range d.Allowed {
			names[i] = string(a)
		}
		fmt.Fprintf(w, "Next:      %s\n", strings.Join(names, ", "))
	}
}
