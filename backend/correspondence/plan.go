package correspondence

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// LetterInput says which letter to make for a request.
type LetterInput struct {
	RequestRef string       `json:"requestRef"`
	Kind       letters.Kind `json:"kind"`
	// VendorName names the vendor a vendor-direction letter goes to.
	VendorName string `json:"vendorName"`
	// TemplateName picks the template: "" (or the built-in's name) for the built-in one,
	// else the latest version of the practice's copy with that name.
	TemplateName string `json:"templateName"`
	// Response says what was done, for the letters that report it (the correction made,
	// what was kept and why, the format of the copy).
	Response string `json:"response"`
	// Enclosures name the documents sent with the letter.
	Enclosures []string `json:"enclosures"`
	// Disclosures are listed by a hipaa-accounting letter (45 CFR 164.528(b)).
	Disclosures []letters.Disclosure `json:"disclosures"`
	// AcceptWarnings says the person acknowledged the preflight warnings; blocking
	// problems refuse the letter whatever it says.
	AcceptWarnings bool `json:"acceptWarnings"`
}

// letterPlan is everything needed to make and store a letter.
type letterPlan struct {
	data letters.Data
	tpl  letters.Template
	task *backend.VendorTask
}

// LetterData builds the data a letter of in.Kind prints, from the stored request, the
// practice profile, the data map and the vendor register.
func (s *Service) LetterData(ctx context.Context, in LetterInput) (letters.Data, error) {
	p, err := s.planLetter(ctx, in)
	if err != nil {
		return letters.Data{}, err
	}
	return p.data, nil
}

func (s *Service) planLetter(ctx context.Context, in LetterInput) (*letterPlan, error) {
	kind, err := letters.ParseKind("kind", string(in.Kind))
	if err != nil {
		return nil, err
	}
	in.RequestRef = strings.TrimSpace(in.RequestRef)
	r, err := s.st.GetRequest(in.RequestRef)
	if err != nil {
		return nil, err
	}
	practice, err := s.st.GetPractice()
	if err != nil {
		return nil, err
	}
	today, err := s.st.Today()
	if err != nil {
		return nil, err
	}
	now := s.st.Now()
	plan := &letterPlan{}
	if plan.tpl, err = s.templateFor(ctx, kind, in.TemplateName); err != nil {
		return nil, err
	}
	d := letters.Data{
		Practice: practice,
		Today:    today,
		Now:      now.UTC().Truncate(time.Second),
		Requester: letters.Party{Name: r.Requester.Name, Email: r.Requester.Email, Phone: r.Requester.Phone,
			Address: addressLines(r.Requester.Address)},
		NameOnLetters: r.Requester.NameOnLetters != "",
		Request: letters.Request{Reference: r.Reference, Regime: r.Regime, Received: r.ReceivedDate,
			Channel: strings.ToLower(r.Channel.Label()), Description: r.RequesterWords, Status: string(r.Status),
			Response: strings.TrimSpace(in.Response)},
		Enclosures:  in.Enclosures,
		Disclosures: in.Disclosures,
	}
	if d.NameOnLetters {
		d.Requester.Name = r.Requester.NameOnLetters
	}
	if r.SubmittedBy != backend.SubmittedBySelf && r.Agent.Name != "" {
		d.Agent = letters.Party{Name: r.Agent.Name, Email: r.Agent.Email, Phone: r.Agent.Phone, Address: addressLines(r.Agent.Address)}
	}
	d.Request.InternalSummary = r.Description
	for _, rr := range r.Rights {
		d.Request.Rights = append(d.Request.Rights, rr.Right)
		d.Request.ClockStops = d.Request.ClockStops || rr.CanPause
		if rr.Outcome == backend.OutcomeGranted || rr.Outcome == backend.OutcomePartiallyGranted {
			d.Request.Granted = append(d.Request.Granted, rr.Right)
		}
		if rr.Outcome == backend.OutcomeDenied || rr.Outcome == backend.OutcomePartiallyGranted {
			d.Request.Denied = append(d.Request.Denied, rr.Right)
		}
		if (rr.Outcome == backend.OutcomeDenied || rr.Outcome == backend.OutcomePartiallyGranted) && rr.DenialReason != "" {
			if d.Request.Denials == nil {
				d.Request.Denials = map[backend.Right]backend.DenialReason{}
			}
			d.Request.Denials[rr.Right] = rr.DenialReason
		}
	}
	d.Request.DeletionConfirmed = r.DeletionConfirmation != nil
	addressAgent(&d, kind, r.SubmittedBy)
	d.AgentProven = r.ProofOfAuthority
	d.AgentIsGuardian = r.SubmittedBy == backend.SubmittedByGuardian
	if kind == letters.KindHIPAAAccounting && len(d.Disclosures) == 0 && r.Regime == backend.RegimeHIPAA && r.HasRight(backend.RightAccounting) {
		// The accounting lists the disclosures staff recorded on the request (only a
		// HIPAA accounting request has any).
		recorded, err := s.st.ListDisclosures(r.Reference)
		if err != nil {
			return nil, err
		}
		for _, x := range recorded {
			recipient := x.Recipient
			if x.RecipientAddress != "" {
				recipient += ", " + x.RecipientAddress
			}
			d.Disclosures = append(d.Disclosures, letters.Disclosure{Date: x.DisclosedOn, Recipient: recipient,
				Description: x.Description, Purpose: x.Purpose})
		}
	}
	d.Request.DenialBasis, d.Request.DenialReason = denialOf(&r)
	d.Deadline = deadlineOf(&r, kind)

	tasks, err := s.st.ListVendorTasks(r.Reference)
	if err != nil {
		return nil, err
	}
	// Letters name as told only the vendors that were: a task still to be notified
	// is one the practice has not yet directed (a waived one never is).
	for _, t := range tasks.Tasks {
		switch {
		case t.WaivedReason != "":
			d.VendorsWaived = append(d.VendorsWaived, t.VendorName)
		case t.NotifiedOn.IsZero() && t.ConfirmedOn.IsZero():
			d.VendorsToTell = append(d.VendorsToTell, t.VendorName)
		default:
			d.VendorsTold = append(d.VendorsTold, t.VendorName)
		}
	}
	sort.Strings(d.VendorsTold)
	sort.Strings(d.VendorsToTell)
	sort.Strings(d.VendorsWaived)

	if kind == letters.KindAccessResponse {
		cats, err := s.st.ListDataMap()
		if err != nil {
			return nil, err
		}
		for _, c := range cats {
			if !c.Collected {
				continue
			}
			row := letters.DataMapRow{Category: c.Label, Examples: c.Examples, Sources: c.Sources,
				Purposes: c.Purposes, Retention: c.Retention}
			if c.Disclosed {
				for _, v := range c.Vendors {
					row.DisclosedTo = append(row.DisclosedTo, v.Name)
				}
			}
			d.DataMap = append(d.DataMap, row)
		}
	}

	if name := strings.TrimSpace(in.VendorName); name != "" {
		v, err := s.st.GetVendorByName(name)
		if err != nil {
			return nil, err
		}
		d.Vendor = letters.Vendor{Name: v.Name, Contact: v.ContactName, Email: v.ContactEmail, Phone: v.ContactPhone,
			Address: addressLines(v.Address), Services: v.Services, ConfirmBy: confirmBy(d.Today, d.Deadline.RespondBy)}
		for i := range tasks.Tasks {
			if t := tasks.Tasks[i]; t.VendorID == v.ID && (plan.task == nil || t.ID > plan.task.ID) {
				plan.task = &tasks.Tasks[i]
			}
		}
		// The direction names what this vendor is told to do, when its task says.
		if plan.task != nil && len(plan.task.Rights) > 0 && kind == letters.KindVendorDirection {
			d.Request.Rights = append([]backend.Right(nil), plan.task.Rights...)
		}
	} else if kind == letters.KindVendorDirection {
		return nil, backend.Invalid("vendor", "Name the vendor the direction letter goes to.")
	}
	plan.data = d
	return plan, nil
}

// addressAgent sends the letters of a request someone made for the requester to that
// person: a parent, guardian or HIPAA personal representative acts for the requester
// (45 CFR 164.502(g)), and an authorized agent submitted the request, so the
// acknowledgment, extension, outcome and deletion-confirmation letters go to them. Two
// letters also reach the requester under the CCPA's agent rule (11 CCR 7063(a)), which
// lets the business have the consumer verify their own identity and confirm directly:
// identity verification is addressed to the requester with the agent copied, and the
// deletion confirmation to the agent with the requester copied.
func addressAgent(d *letters.Data, kind letters.Kind, by backend.SubmittedBy) {
	if by == backend.SubmittedBySelf || d.Agent.Name == "" {
		return
	}
	d.WritesToAgent = true
	if by != backend.SubmittedByAgent {
		return
	}
	switch kind {
	case letters.KindVerifyIdentity:
		d.Recipient = d.Requester
		d.Copies = []letters.Party{d.Agent}
	case letters.KindDeletionConfirm:
		d.Copies = []letters.Party{d.Requester}
	}
}

// confirmBy is the date a vendor is asked to confirm by: ten days from today, or the
// request's due date when that comes first (the practice must answer by then).
func confirmBy(today, due backend.Date) backend.Date {
	by := today.AddDays(10)
	if !due.IsZero() && due.After(today) && due.Before(by) {
		by = due
	}
	return by
}

func addressLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// denialOf returns the reason code and explanation of the request's denied rights.
func denialOf(r *backend.Request) (basis, reason string) {
	var bases, texts []string
	var denied []backend.RequestRight
	for _, rr := range r.Rights {
		if (rr.Outcome == backend.OutcomeDenied || rr.Outcome == backend.OutcomePartiallyGranted) && rr.DenialText != "" {
			denied = append(denied, rr)
		}
	}
	for _, rr := range denied {
		b := rr.DenialReason.Label()
		if rr.DenialReason == backend.DenialExemption && rr.Exemption != "" {
			b += ": " + rr.Exemption
		}
		if !containsString(bases, b) {
			bases = append(bases, b)
		}
		t := rr.DenialText
		if len(denied) > 1 {
			t = rr.Right.Label() + ": " + t
		}
		texts = append(texts, t)
	}
	if len(bases) == 1 {
		basis = bases[0]
	}
	return basis, strings.Join(texts, "\n")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// deadlineOf returns the dates a letter states: the due date (the earliest, across the
// rights, of the law's date, the practice's promise and a stricter state patient-access
// date), and the extension when recorded. Once a request is extended, every letter but
// the extension notice gives the earliest extended date, unless a state's date is
// earlier: a HIPAA extension does not move the state's. The extension notice gives the
// original date of the rights the latest extension moved (each right's period is
// extended once, possibly on different days), and the day its notice was due: the end
// of the earliest original statutory period among them.
//
// The date's basis goes with it: the state law's citation when a state's date is the one
// given, Promised when the practice's own promise is (a policy, not the law).
func deadlineOf(r *backend.Request, kind letters.Kind) letters.Deadline {
	var d letters.Deadline
	var state, extended backend.Date
	var stateCitation string
	var by, moved *backend.RequestRight // the right whose date RespondBy is; the earliest the latest extension moved
	for i, rr := range r.Rights {
		due := rr.UnextendedDue()
		if !due.IsZero() && (d.RespondBy.IsZero() || due.Before(d.RespondBy)) {
			d.RespondBy, by = due, &r.Rights[i]
		}
		if !rr.StateDue.IsZero() && (state.IsZero() || rr.StateDue.Before(state)) {
			state, stateCitation = rr.StateDue, rr.StateCitation
		}
		if open := rr.Outcome == backend.OutcomePending || rr.Outcome == ""; open && !rr.StateDue.IsZero() &&
			(d.OpenStateDue.IsZero() || rr.StateDue.Before(d.OpenStateDue)) {
			d.OpenStateDue, d.OpenStateCitation = rr.StateDue, rr.StateCitation
		}
		if rr.ExtendedTo.IsZero() || r.Extension == nil {
			continue
		}
		extended = earlier(extended, rr.ExtendedTo)
		if rr.ExtendedOnDay(r).Equal(r.Extension.ExtendedOn) {
			if !due.IsZero() && (moved == nil || due.Before(moved.UnextendedDue())) {
				moved = &r.Rights[i]
			}
		}
	}
	if r.Extension != nil {
		d.ExtensionNoticeBy = backend.ExtensionNoticeBy(r, r.Extension.ExtendedOn)
	}
	d.Rights = rightsDue(r)
	if kind == letters.KindExtension && moved != nil {
		d.RespondBy, by = moved.UnextendedDue(), moved
	}
	if by != nil {
		d.Right = by.Right
		switch {
		case !by.StateDue.IsZero() && d.RespondBy.Equal(by.StateDue):
			d.StateCitation = by.StateCitation
		case !by.PromisedBy.IsZero() && d.RespondBy.Equal(by.PromisedBy) && by.PromisedBy.Before(by.RespondBy):
			d.Promised = true
		}
	}
	if r.Extension != nil {
		d.ExtendedRespondBy, d.ExtensionReason = r.Extension.NewDate, r.Extension.Reason
		if extended.IsZero() {
			extended = r.Extension.NewDate
		}
		if kind != letters.KindExtension {
			d.RespondBy, d.StateCitation, d.Promised, d.Right = extended, "", false, ""
			if !state.IsZero() && state.Before(d.RespondBy) {
				d.RespondBy, d.StateCitation = state, stateCitation
			}
		}
	}
	return d
}

// rightsDue gives each right not yet decided its own due date and the basis of that
// date: the date its period was extended to (no later than a stricter state
// patient-access date, which a HIPAA extension does not move), else the earliest of the
// law's date, the practice's promise and the state's date. A decided right is left out:
// a letter must not promise to answer it.
func rightsDue(r *backend.Request) []letters.RightDue {
	out := make([]letters.RightDue, 0, len(r.Rights))
	for _, rr := range r.Rights {
		if rr.Outcome != backend.OutcomePending && rr.Outcome != "" {
			continue
		}
		rd := letters.RightDue{Right: rr.Right, Citation: rr.Citation}
		extended := r.Extension != nil && !rr.ExtendedTo.IsZero()
		if extended {
			rd.Due = earlier(rr.ExtendedTo, rr.StateDue)
		} else {
			rd.Due = rr.UnextendedDue()
		}
		switch {
		case rd.Due.IsZero():
		case !rr.StateDue.IsZero() && rd.Due.Equal(rr.StateDue):
			rd.StateCitation = rr.StateCitation
		case extended:
			rd.Extended = true
		case !rr.PromisedBy.IsZero() && rd.Due.Equal(rr.PromisedBy) && (rr.RespondBy.IsZero() || rr.PromisedBy.Before(rr.RespondBy)):
			rd.Promised, rd.NoLawPeriod = true, rr.RespondBy.IsZero()
		}
		if rd.Due.IsZero() {
			rd.NoLawPeriod = true
		}
		out = append(out, rd)
	}
	return out
}

// earlier is the earlier of two dates, a zero date meaning none.
func earlier(a, b backend.Date) backend.Date {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// templateFor returns the built-in template of kind, or the latest saved version of the
// practice's copy named name.
func (s *Service) templateFor(_ context.Context, kind letters.Kind, name string) (letters.Template, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.EqualFold(name, letters.BuiltinName) {
		return letters.Builtin(kind), nil
	}
	t, err := s.st.GetSavedTemplate(kind, name, 0)
	return t.LetterTemplate, err
}

// PreviewLetter makes the PDF of a letter without keeping it: the template editor's live
// preview. draft, when not nil, is the unsaved template being edited.
func (s *Service) PreviewLetter(ctx context.Context, in LetterInput, draft *letters.Template) ([]byte, error) {
	p, err := s.planLetter(ctx, in)
	if err != nil {
		return nil, err
	}
	tpl := p.tpl
	if draft != nil {
		tpl = *draft
		tpl.Kind = p.tpl.Kind
	}
	return letters.RenderBytes(tpl, p.data)
}

// Preflight checks the letter in describes before it is made and returns every problem,
// blocking or warning, with where to fix it (none: the letter can be made as it is).
// CreateLetter runs the same checks.
func (s *Service) Preflight(ctx context.Context, in LetterInput) ([]letters.Problem, error) {
	p, err := s.planLetter(ctx, in)
	if err != nil {
		return nil, err
	}
	out := letters.Preflight(p.tpl, &p.data)
	if out == nil {
		out = []letters.Problem{}
	}
	return out, nil
}

// CreateLetter makes a letter for a stored request and keeps it as evidence, once
// preflight finds no blocking problem and any warnings were acknowledged: the PDF, its
// SHA-256, the template name and version, who and when, with a timeline entry and an
// audit event in the same transaction. It never changes a letter already kept: issuing
// again makes a new one. A vendor-direction letter is linked to the vendor's task on
// the request, when there is one. The answer carries the PDF.
func (s *Service) CreateLetter(ctx context.Context, in LetterInput) (letters.Letter, error) {
	l, _, err := s.createLetter(ctx, in)
	return l, err
}

func (s *Service) createLetter(ctx context.Context, in LetterInput) (letters.Letter, *letterPlan, error) {
	p, err := s.planLetter(ctx, in)
	if err != nil {
		return letters.Letter{}, nil, err
	}
	if err := letters.PreflightError(letters.Preflight(p.tpl, &p.data), in.AcceptWarnings); err != nil {
		return letters.Letter{}, nil, err
	}
	pdf, err := letters.RenderBytes(p.tpl, p.data)
	if err != nil {
		return letters.Letter{}, nil, err
	}
	rec := letters.Letter{RequestRef: p.data.Request.Reference, Kind: p.tpl.Kind, TemplateName: p.tpl.Name,
		TemplateVersion: p.tpl.Version, Recipient: p.data.RecipientName(p.tpl.Kind), Pages: letters.PageCount(pdf), PDF: pdf}
	if p.tpl.Kind == letters.KindVendorDirection {
		rec.VendorName = p.data.Vendor.Name
		if p.task != nil {
			rec.VendorTaskID = p.task.ID
		}
	}
	out, err := s.st.CreateLetter(rec)
	if err != nil {
		return letters.Letter{}, nil, err
	}
	if out.VendorTaskID != 0 {
		if _, err := s.st.SetVendorTaskLetter(out.VendorTaskID, out.ID); err != nil {
			return out, p, fmt.Errorf("letter %d was kept, but linking it to the vendor task failed: %w", out.ID, err)
		}
	}
	return out, p, nil
}
