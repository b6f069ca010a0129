package correspondence

// The example request the template editor previews with.

import (
	"context"
	"sort"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/letters"
	"privacydesk/backend/rules"
)

// ExampleLetterData is a made-up request that a letter of kind fits, printed on the
// practice's own letterhead with its data map and vendors: what the template editor
// previews when no real request is chosen. Missing practice details are replaced by
// placeholders (named in the returned notes) so a new practice can preview too.
func (s *Service) ExampleLetterData(_ context.Context, kind letters.Kind) (letters.Data, []string, error) {
	if _, err := letters.ParseKind("kind", string(kind)); err != nil {
		return letters.Data{}, nil, err
	}
	practice, err := s.st.GetPractice()
	if err != nil {
		return letters.Data{}, nil, err
	}
	today, err := s.st.Today()
	if err != nil {
		return letters.Data{}, nil, err
	}
	var notes []string
	for _, p := range []struct {
		v           *string
		placeholder string
		what        string
	}{
		{&practice.Name, "Your Practice Name", "name"},
		{&practice.Address, "100 Example Street\nYour Town, ST 00000", "address"},
		{&practice.Email, "privacy@example.com", "email"},
		{&practice.SignatoryName, "Signatory Name", "signatory"},
		{&practice.SignatoryTitle, "Privacy Officer", "signatory's title"},
	} {
		if strings.TrimSpace(*p.v) == "" {
			*p.v = p.placeholder
			notes = append(notes, p.what)
		}
	}
	now := s.st.Now()
	d := letters.Data{
		Practice: practice,
		Today:    today,
		Now:      now.UTC().Truncate(time.Second),
		Requester: letters.Party{Name: "Alex Example", Email: "alex@example.com", Phone: "(555) 010-0000",
			Address: []string{"12 Sample Road, Apt 3", "Springfield, IL 62701"}},
		Request: letters.Request{Reference: "PR-" + today.String()[:4] + "-0000", Regime: backend.RegimeCCPA,
			Received: today.AddDays(-7), Channel: "email", Status: string(backend.StatusInProgress),
			Description: "Please tell me what personal information you hold about me."},
		Deadline: letters.Deadline{RespondBy: today.AddDays(38)},
	}
	cats, err := s.st.ListDataMap()
	if err != nil {
		return letters.Data{}, nil, err
	}
	told := map[string]bool{}
	for _, c := range cats {
		if !c.Collected {
			continue
		}
		row := letters.DataMapRow{Category: c.Label, Examples: c.Examples, Sources: c.Sources, Purposes: c.Purposes, Retention: c.Retention}
		if c.Disclosed {
			for _, v := range c.Vendors {
				row.DisclosedTo = append(row.DisclosedTo, v.Name)
				told[v.Name] = true
			}
		}
		d.DataMap = append(d.DataMap, row)
	}
	for name := range told {
		d.VendorsTold = append(d.VendorsTold, name)
	}
	sort.Strings(d.VendorsTold)
	if len(d.DataMap) == 0 {
		d.DataMap = []letters.DataMapRow{{Category: "Identifiers", Examples: "Name, email address, telephone number",
			Sources: "You", Purposes: "Scheduling and billing", Retention: "7 years", DisclosedTo: []string{"Example Hosting Co."}}}
		notes = append(notes, "data map")
	}

	rights := func(rs ...backend.Right) { d.Request.Rights = rs }
	switch kind {
	case letters.KindAcknowledgment:
		// Rights on two clocks (45 days; an opt-out's 15 business days), so the preview
		// shows the list of dates by right that a real request like it gets.
		rights(backend.RightAccess, backend.RightDeletion, backend.RightOptOut)
		if d.Deadline, err = exampleDatesByRight(d.Request); err != nil {
			return letters.Data{}, nil, err
		}
	case letters.KindAgentProof:
		rights(backend.RightDeletion)
		d.Agent = letters.Party{Name: "Jamie Agent", Organization: "Example Privacy Agents LLC", Email: "jamie@agents.example",
			Address: []string{"500 Agent Plaza, Suite 10", "Sacramento, CA 95814"}}
	case letters.KindDeletionConfirm, letters.KindDeletionDone:
		rights(backend.RightDeletion)
	case letters.KindExtension:
		d.Request.Regime = backend.RegimeGDPR
		rights(backend.RightAccess)
		d.Deadline.ExtendedRespondBy = d.Deadline.RespondBy.AddDays(60)
		d.Deadline.ExtensionReason = "Your request covers records kept in several systems, and gathering them takes longer."
	case letters.KindPortabilityCover:
		rights(backend.RightPortability)
		d.Enclosures = []string{"Your records in CSV format"}
	case letters.KindCorrectionDone:
		rights(backend.RightCorrection)
		d.Request.Response = "We corrected your postal address in our scheduling and billing records."
	case letters.KindOptOutDone:
		rights(backend.RightOptOut)
	case letters.KindDenial:
		d.Request.Regime = backend.RegimeVA
		rights(backend.RightAccess)
		d.Request.DenialBasis = backend.DenialIdentityUnverified.Label()
		d.Request.DenialReason = "We could not match the details you gave us with our records."
		d.Deadline.AppealBy = today.AddDays(45)
	case letters.KindAppealDecision:
		d.Request.Regime = backend.RegimeVA
		rights(backend.RightAppeal)
		d.Request.DenialBasis = backend.DenialExemption.Label() + ": protected health information"
		d.Request.DenialReason = "The records you asked about are protected health information, which the Act does not cover."
	case letters.KindHIPAAAccess:
		d.Request.Regime = backend.RegimeHIPAA
		rights(backend.RightAccess)
		d.Enclosures = []string{"Copy of your treatment records"}
	case letters.KindHIPAAAmendment:
		d.Request.Regime = backend.RegimeHIPAA
		rights(backend.RightCorrection)
		d.Request.Response = "We added your correction of your medication list to your record."
	case letters.KindHIPAAAccounting:
		d.Request.Regime = backend.RegimeHIPAA
		rights(backend.RightAccounting)
		d.Disclosures = []letters.Disclosure{
			{Date: today.AddDays(-200), Recipient: "State Department of Health, 123 Capitol Ave", Description: "Immunization record", Purpose: "Public health reporting required by law"},
			{Date: today.AddDays(-90), Recipient: "County Court Clerk", Description: "Appointment dates", Purpose: "Response to a court order"},
		}
	case letters.KindVendorDirection:
		rights(backend.RightDeletion)
		d.Vendor = letters.Vendor{Name: "Example Hosting Co.", Contact: "Privacy Team", Email: "privacy@hosting.example",
			Services: "Hosting of the practice's records", ConfirmBy: confirmBy(today, d.Deadline.RespondBy)}
		if vs, err := s.st.ListVendors(backend.VendorFilter{}); err == nil && len(vs) > 0 {
			v := vs[0]
			d.Vendor = letters.Vendor{Name: v.Name, Contact: v.ContactName, Email: v.ContactEmail, Phone: v.ContactPhone,
				Address: addressLines(v.Address), Services: v.Services, ConfirmBy: confirmBy(today, d.Deadline.RespondBy)}
		}
	default:
		rights(backend.RightAccess)
	}
	// The example shows each letter as it reads once its outcome is recorded.
	if kind != letters.KindAppealDecision {
		d.Request.Granted = d.Request.Rights
	}
	d.Request.DeletionConfirmed = true
	return d, notes, nil
}

// exampleDatesByRight dates each of the example request's rights with the rules engine, as
// a real request's rights are dated (the law's period, no promise or extension), and
// gives the earliest as the request's respond-by date.
func exampleDatesByRight(req letters.Request) (letters.Deadline, error) {
	var dl letters.Deadline
	for _, right := range req.Rights {
		due, err := rules.Compute(rules.Input{Regime: req.Regime, Right: right, Received: req.Received})
		if err != nil {
			return letters.Deadline{}, err
		}
		rd := letters.RightDue{Right: right, Due: due.RespondBy, Citation: due.Citation, NoLawPeriod: due.RespondBy.IsZero()}
		dl.Rights = append(dl.Rights, rd)
		if !rd.Due.IsZero() && (dl.RespondBy.IsZero() || rd.Due.Before(dl.RespondBy)) {
			dl.RespondBy, dl.Right = rd.Due, right
		}
	}
	return dl, nil
}
