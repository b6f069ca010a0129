package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/rules"
	"privacydesk/backend/storage"
)

// loadRequests adds the hand-written example requests (always, once) and, when asked,
// Options.Requests synthetic ones.
func loadRequests(s *storage.Store, o Options, _ *rand.Rand, sum *Summary) error {
	n, err := loadExampleRequests(s)
	if err != nil {
		return fmt.Errorf("example requests: %w", err)
	}
	sum.Requests += n
	if o.Requests > 0 {
		// A generator of its own, so the synthetic requests depend on the seed alone and
		// not on how much randomness earlier steps used.
		rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed5eed5eed5eed))
		next, err := SyntheticRequestMaker(s, rng)
		if err != nil {
			return err
		}
		if _, err := s.BulkCreateRequestsFunc(o.Requests, next, fmt.Sprintf("demo seed %d", o.Seed)); err != nil {
			return fmt.Errorf("synthetic requests: %w", err)
		}
		sum.Requests += o.Requests
	}
	return nil
}

// exampleTag marks the hand-written examples, so loading the example twice adds them once.
const exampleTag = "example"

// exampleStep is one thing staff did on an example request, days after it was received.
type exampleStep struct {
	day int
	do  func(s *storage.Store, ref string) error
}

type exampleRequest struct {
	daysAgo int // received this many days before today
	in      backend.RequestInput
	steps   []exampleStep
}

func transition(in backend.TransitionInput) func(s *storage.Store, ref string) error {
	return func(s *storage.Store, ref string) error { _, err := s.Transition(ref, in); return err }
}

func outcome(in backend.OutcomeInput) func(s *storage.Store, ref string) error {
	return func(s *storage.Store, ref string) error { _, err := s.SetOutcome(ref, in); return err }
}

func verify(in backend.VerificationInput) func(s *storage.Store, ref string) error {
	return func(s *storage.Store, ref string) error { _, err := s.RecordVerification(ref, in); return err }
}

func act(a backend.Action, note string) func(s *storage.Store, ref string) error {
	in := backend.TransitionInput{Action: a, Note: note}
	if a == backend.ActionComplete || a == backend.ActionPartiallyComplete {
		// The example practice keeps no letters: its answers went out before it used the app.
		in.NoLetterReason = "Example practice: the answer was sent before the practice used Privacy Desk."
	}
	return transition(in)
}

func granted(t backend.Right) func(s *storage.Store, ref string) error {
	return outcome(backend.OutcomeInput{Right: t, Outcome: backend.OutcomeGranted})
}

// exampleRequests are the requests the dashboard shows after "Load example practice":
// two overdue, some due soon, one awaiting identity, one extended, one with a paused UK
// clock, a minor's request made by a parent, and closed ones for the charts.
func exampleRequests(today backend.Date) []exampleRequest {
	person := func(name, email, phone string) backend.Person {
		return backend.Person{Name: name, Email: email, Phone: phone}
	}
	in := func(p backend.Person, ch backend.Channel, regime backend.Regime, desc string, rights ...backend.Right) backend.RequestInput {
		return backend.RequestInput{Requester: p, Channel: ch, Regime: regime, Rights: rights, Description: desc,
			ReceivedTime: "10:15", Assignee: "Jordan Ellis", Tags: []string{exampleTag}}
	}
	verified := backend.VerificationInput{Method: backend.VerifyDataOnFile, VerifiedBy: "Jordan Ellis", Degree: backend.DegreeReasonable,
		Notes: "Name, date of birth and address match the client record."}
	minor := in(person("Mia Schäfer", "k.schaefer@example.net", "+1 (555) 010-4477"), backend.ChannelEmail, backend.RegimeHIPAA,
		"Mother asks for a copy of her daughter's therapy records.", backend.RightAccess)
	minor.SubmittedBy, minor.Agent = backend.SubmittedByGuardian, backend.Agent{Name: "Katrin Schäfer", Email: "k.schaefer@example.net", Relationship: "Mother"}
	minor.Minor, minor.GuardianConsent, minor.ProofOfAuthority = true, backend.ConsentGiven, true
	minor.Requester.DateOfBirth = today.AddDays(-365*14 - 40).String()
	agent := in(person("Amara Okafor", "amara.okafor@example.net", ""), backend.ChannelWebForm, backend.RegimeCCPA,
		"Authorized agent asks what personal information we hold and for a copy.", backend.RightAccess, backend.RightPortability)
	agent.SubmittedBy, agent.Agent = backend.SubmittedByAgent, backend.Agent{Name: "ClearPath Privacy Agents", Email: "requests@clearpath.example", Relationship: "Authorized agent"}
	return []exampleRequest{
		{daysAgo: 52, in: in(person("Łukasz Wiśniewski", "lukasz.w@example.net", "+1 (555) 010-2231"), backend.ChannelEmail, backend.RegimeCCPA,
			"Asks what we hold about him and that we delete it.", backend.RightAccess, backend.RightDeletion),
			steps: []exampleStep{{1, act(backend.ActionAcknowledge, "Acknowledgment sent by email.")}, {6, verify(verified)},
				{7, act(backend.ActionStart, "Export requested from the EHR.")}, {20, granted(backend.RightAccess)}}},
		{daysAgo: 34, in: in(person("Nguyễn Thị Lan", "lan.nguyen@example.net", "+1 (555) 010-3380"), backend.ChannelMail, backend.RegimeHIPAA,
			"Requests a copy of her records from 2023 onwards, on paper.", backend.RightAccess),
			steps: []exampleStep{{2, verify(backend.VerificationInput{Method: backend.VerifyInPerson, VerifiedBy: "Jordan Ellis", Degree: backend.DegreeReasonablyHigh, Notes: "Driver's licence seen at the front desk."})},
				{3, act(backend.ActionStart, "")}}},
		{daysAgo: 28, in: in(person("Zoë O'Brien-Núñez", "zoe.obn@example.net", ""), backend.ChannelWebForm, backend.RegimeGDPR,
			"Asks us to erase her account and session notes.", backend.RightDeletion),
			steps: []exampleStep{{1, verify(verified)}, {2, act(backend.ActionStart, "")}}},
		{daysAgo: 19, in: in(person("José García", "jose.garcia@example.net", "+1 (555) 010-9012"), backend.ChannelEmail, backend.RegimeCCPA,
			"Opt out of any sale or sharing; also wants to know what we hold.", backend.RightOptOut, backend.RightAccess),
			steps: []exampleStep{{1, act(backend.ActionAcknowledge, "")}}},
		{daysAgo: 9, in: agent, steps: []exampleStep{{1, act(backend.ActionRequestIdentity, "Asked the agent for the signed permission and the client to confirm directly.")}}},
		{daysAgo: 48, in: in(person("王小明", "xiaoming.wang@example.net", "+1 (555) 010-7788"), backend.ChannelMail, backend.RegimeHIPAA,
			"Asks to amend the diagnosis date in his record.", backend.RightCorrection),
			steps: []exampleStep{{2, verify(verified)}, {3, act(backend.ActionStart, "")},
				{40, transition(backend.TransitionInput{Action: backend.ActionExtend, Reason: "The clinician who wrote the entry is on leave until next month.",
					NewDate: today.AddDays(-48 + 90).String(), Note: "Extension letter sent."})}}},
		{daysAgo: 12, in: in(person("Siobhán Ní Bhriain", "siobhan.nb@example.net", ""), backend.ChannelEmail, backend.RegimeUKGDPR,
			"Subject access request for all records.", backend.RightAccess),
			steps: []exampleStep{{4, transition(backend.TransitionInput{Action: backend.ActionPause, PauseKind: backend.PauseClarification,
				Reason: "Asked which of the two clinics she attended.", Note: "Clarification requested by email."})}}},
		{daysAgo: 3, in: minor},
		{daysAgo: 40, in: in(person("Αλέξανδρος Παπαδόπουλος", "alex.papa@example.net", ""), backend.ChannelWebForm, backend.RegimeCCPA,
			"Delete my account.", backend.RightDeletion),
			steps: []exampleStep{{1, act(backend.ActionAcknowledge, "")}, {3, verify(verified)},
				{5, func(s *storage.Store, ref string) error {
					_, err := s.RecordDeletionConfirmation(ref, backend.DeletionConfirmationInput{Note: "Replied YES to our confirmation email."})
					return err
				}},
				{6, act(backend.ActionStart, "")}, {9, confirmVendorTasks}, {12, granted(backend.RightDeletion)},
				{13, act(backend.ActionComplete, "Deletion confirmed to the requester.")}}},
		{daysAgo: 70, in: in(person("Анна Смирнова", "anna.smirnova@example.net", ""), backend.ChannelEmail, backend.RegimeVA,
			"Sixth identical request this quarter.", backend.RightAccess),
			steps: []exampleStep{{2, transition(backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialManifestlyUnfounded,
				DenialText: "We answered the same request on five occasions this quarter; nothing has changed since.", Note: "Denial letter sent."})}}},
	}
}

// confirmVendorTasks records that every vendor holding the data was directed to delete
// it and confirmed (the tasks proposed when work started).
func confirmVendorTasks(s *storage.Store, ref string) error {
	tasks, err := s.ListVendorTasks(ref)
	if err != nil {
		return err
	}
	today, err := s.Today()
	if err != nil {
		return err
	}
	for _, t := range tasks.Tasks {
		if _, err := s.UpdateVendorTask(t.ID, backend.VendorTaskUpdate{NotifiedOn: today, NotifiedVia: backend.NotifyEmail,
			NotifiedNote: "Deletion direction sent to the vendor's privacy contact.", ConfirmedOn: today,
			ConfirmationNote: "The vendor confirmed the deletion by email."}); err != nil {
			return err
		}
	}
	return nil
}

// loadExampleRequests logs the examples through the same calls the app makes, with the
// store's clock set to the day of each step, so their timelines read as they happened.
func loadExampleRequests(s *storage.Store) (int, error) {
	page, err := s.ListRequests(backend.RequestFilter{Search: "lukasz.w@example.net", Limit: 1})
	if err != nil {
		return 0, err
	}
	if page.Total > 0 {
		return 0, nil // already loaded
	}
	p, err := s.GetPractice()
	if err != nil {
		return 0, err
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return 0, err
	}
	realNow := s.Now
	defer func() { s.Now = realNow }()
	now := realNow()
	today := backend.DateOf(now, loc)
	at := func(d backend.Date, minutes int) func() time.Time {
		t := time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 10, 15+minutes, 0, 0, loc)
		if t.After(now) {
			t = now
		}
		return func() time.Time { return t }
	}
	n := 0
	for _, ex := range exampleRequests(today) {
		received := today.AddDays(-ex.daysAgo)
		ex.in.ReceivedDate = received.String()
		s.Now = at(received, 5)
		if received.Equal(today) {
			ex.in.ReceivedTime = ""
		}
		r, err := s.CreateRequest(ex.in)
		if err != nil {
			return n, fmt.Errorf("%s: %w", ex.in.Requester.Name, err)
		}
		for i, st := range ex.steps {
			s.Now = at(received.AddDays(st.day), 10+i)
			if err := st.do(s, r.Reference); err != nil {
				return n, fmt.Errorf("%s step %d: %w", r.Reference, i+1, err)
			}
		}
		n++
	}
	return n, nil
}

// Name pools in several scripts; each entry carries an ASCII stem for the email address.
var givenNames = [][2]string{{"Emma", "emma"}, {"Liam", "liam"}, {"Olivia", "olivia"}, {"Noah", "noah"}, {"Sofía", "sofia"},
	{"Mateo", "mateo"}, {"Ava", "ava"}, {"Lucas", "lucas"}, {"Chidi", "chidi"}, {"Aaliyah", "aaliyah"}, {"Diego", "diego"},
	{"Camila", "camila"}, {"Jonas", "jonas"}, {"Ingrid", "ingrid"}, {"Siobhán", "siobhan"}, {"Zoë", "zoe"}, {"Łukasz", "lukasz"},
	{"José", "jose"}, {"François", "francois"}, {"Björn", "bjorn"}, {"Núria", "nuria"}, {"Jürgen", "jurgen"}, {"Priya", "priya"},
	{"Hannah", "hannah"}, {"Kwame", "kwame"}, {"Mei", "mei"}, {"Oluwaseun", "oluwaseun"}, {"Dagný", "dagny"}}
var familyNames = [][2]string{{"Smith", "smith"}, {"Johnson", "johnson"}, {"García", "garcia"}, {"Martínez", "martinez"},
	{"O'Brien", "obrien"}, {"Okafor", "okafor"}, {"Nowak", "nowak"}, {"Wiśniewski", "wisniewski"}, {"Müller", "muller"},
	{"Dubois", "dubois"}, {"Rossi", "rossi"}, {"Nguyễn", "nguyen"}, {"Kowalski", "kowalski"}, {"Andersson", "andersson"},
	{"Ní Bhriain", "nibhriain"}, {"Hernández", "hernandez"}, {"Brown", "brown"}, {"Kim", "kim"}, {"Patel", "patel"},
	{"Mensah", "mensah"}, {"Núñez", "nunez"}, {"Søndergaard", "sondergaard"}}
var wholeNames = [][2]string{{"王小明", "wang"}, {"李娜", "li"}, {"张伟", "zhang"}, {"陈静", "chen"}, {"佐藤健", "sato"},
	{"鈴木花子", "suzuki"}, {"김민준", "kim"}, {"이서연", "lee"}, {"Αλέξανδρος Παπαδόπουλος", "papadopoulos"},
	{"Ελένη Γεωργίου", "georgiou"}, {"Анна Смирнова", "smirnova"}, {"Дмитрий Иванов", "ivanov"}, {"محمد الأحمد", "alahmad"},
	{"فاطمة حسن", "hassan"}, {"प्रिया शर्मा", "sharma"}, {"Trần Văn Hùng", "tran"}, {"נועה כהן", "cohen"}}

var staff = []string{"Jordan Ellis", "Dana Whitfield", "Sam Okoro", ""}

var descriptions = map[backend.Right]string{
	backend.RightAccess:                     "Asks for a copy of the personal information we hold.",
	backend.RightCorrection:                 "Asks us to correct details in the record.",
	backend.RightDeletion:                   "Asks us to delete their data.",
	backend.RightPortability:                "Wants their data in a machine-readable file.",
	backend.RightOptOut:                     "Opts out of sale, sharing and targeted advertising.",
	backend.RightLimitSensitive:             "Limit the use of sensitive personal information.",
	backend.RightRestrict:                   "Asks us to restrict processing while a complaint is open.",
	backend.RightObject:                     "Objects to processing for analytics.",
	backend.RightAutomatedDecision:          "Asks about automated decisions made about them.",
	backend.RightWithdrawConsent:            "Email with subject WITHDRAW CONSENT.",
	backend.RightAccounting:                 "Asks for an accounting of disclosures of their records.",
	backend.RightConfidentialCommunications: "Asks us to contact them only by email.",
	backend.RightAppeal:                     "Appeals our earlier decision.",
}

// keepRightsInForce drops the rights a law did not yet grant on the day r was received
// (a state act not yet in force, Utah's correction before July 2026); a request left with
// none is logged under the CCPA instead, in force throughout the demo's three years.
func keepRightsInForce(r *backend.Request) {
	kept := r.Rights[:0]
	for _, rr := range r.Rights {
		if _, err := rules.LookupOn(r.Regime, rr.Right, r.ReceivedDate); err == nil {
			kept = append(kept, rr)
		}
	}
	r.Rights = kept
	if len(kept) == 0 {
		r.Regime = backend.RegimeCCPA
		r.Rights = []backend.RequestRight{{Right: backend.RightAccess, Outcome: backend.OutcomePending}}
		r.Description = descriptions[backend.RightAccess]
	}
}

// regimeWeights: mostly California and HIPAA, as for a US therapy practice.
var regimeWeights = []struct {
	r backend.Regime
	w int
}{{backend.RegimeCCPA, 34}, {backend.RegimeHIPAA, 26}, {backend.RegimeGDPR, 8}, {backend.RegimeUKGDPR, 5}, {backend.RegimeVA, 5},
	{backend.RegimeCO, 5}, {backend.RegimeCT, 4}, {backend.RegimeTX, 5}, {backend.RegimeUT, 3}, {backend.RegimeOR, 3}, {backend.RegimeFL, 2}}

func pickRegime(rng *rand.Rand) backend.Regime {
	n := rng.IntN(100)
	for _, rw := range regimeWeights {
		if n < rw.w {
			return rw.r
		}
		n -= rw.w
	}
	return backend.RegimeCCPA
}

// SyntheticRequests builds n realistic requests received over the last three years,
// across every regime, right and status, reproducible from rng's seed (relative to the
// store's today). Older requests are closed; recent ones are spread over the open
// statuses. Outcomes, verifications, deletion confirmations and extensions agree with
// each status, so every request could have been worked through the app.
func SyntheticRequests(s *storage.Store, n int, rng *rand.Rand) ([]storage.BulkRequest, error) {
	next, err := SyntheticRequestMaker(s, rng)
	if err != nil {
		return nil, err
	}
	out := make([]storage.BulkRequest, 0, n)
	for i := 0; i < n; i++ {
		r, err := next(i)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// SyntheticRequestMaker returns a function making the i-th synthetic request, to be
// called with i = 0, 1, 2 ... in order (storage.BulkCreateRequestsFunc), so 100,000
// requests never sit in memory at once.
func SyntheticRequestMaker(s *storage.Store, rng *rand.Rand) (func(i int) (storage.BulkRequest, error), error) {
	p, err := s.GetPractice()
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	today := backend.DateOf(now, loc)
	channels := backend.Channels
	return func(i int) (storage.BulkRequest, error) {
		r := backend.Request{SubmittedBy: backend.SubmittedBySelf, GuardianConsent: backend.ConsentNotApplicable, Tags: []string{}, Status: backend.StatusReceived}
		var stem string
		if rng.IntN(100) < 22 {
			w := wholeNames[rng.IntN(len(wholeNames))]
			r.Requester.Name, stem = w[0], w[1]
		} else {
			g, f := givenNames[rng.IntN(len(givenNames))], familyNames[rng.IntN(len(familyNames))]
			r.Requester.Name, stem = g[0]+" "+f[0], g[1]+"."+f[1]
		}
		r.Requester.Email = fmt.Sprintf("%s.%d@example.net", stem, i+1)
		if rng.IntN(100) < 60 {
			r.Requester.Phone = fmt.Sprintf("+1 (555) 01%d-%04d", rng.IntN(10), rng.IntN(10000))
		}
		if rng.IntN(100) < 40 {
			r.Requester.ClientNumber = fmt.Sprintf("C-%06d", rng.IntN(1000000))
		}
		r.Channel = channels[rng.IntN(len(channels))]
		r.Regime = pickRegime(rng)
		granted := r.Regime.GrantedRights()
		// Access and deletion are asked for most; one to three rights per request.
		first := backend.RightAccess
		if rng.IntN(100) < 45 {
			first = granted[rng.IntN(len(granted))]
		} else if rng.IntN(2) == 0 && r.Regime.Grants(backend.RightDeletion) {
			first = backend.RightDeletion
		}
		rights := []backend.Right{first}
		for k := rng.IntN(3); k > 0; k-- {
			t := granted[rng.IntN(len(granted))]
			if !containsRight(rights, t) {
				rights = append(rights, t)
			}
		}
		for _, t := range rights {
			r.Rights = append(r.Rights, backend.RequestRight{Right: t, Outcome: backend.OutcomePending})
		}
		r.Description = descriptions[rights[0]]
		r.Assignee = staff[rng.IntN(len(staff))]
		if rng.IntN(100) < 8 {
			r.SubmittedBy = backend.SubmittedByAgent
			r.Agent = backend.Agent{Name: "ClearPath Privacy Agents", Email: "requests@clearpath.example", Relationship: "Authorized agent"}
		}
		if rng.IntN(100) < 5 {
			r.Tags = []string{[]string{"urgent", "complaint", "press", "former client"}[rng.IntN(4)]}
		}
		ageDays := rng.IntN(1095)
		received := today.AddDays(-ageDays)
		at := time.Date(received.Time().Year(), received.Time().Month(), received.Time().Day(), 8+rng.IntN(9), rng.IntN(60), 0, 0, loc)
		if at.After(now) {
			at = now.Add(-time.Minute)
			received = backend.DateOf(at, loc)
		}
		r.ReceivedAt, r.ReceivedDate, r.CreatedAt = at.UTC(), received, at.UTC()
		keepRightsInForce(&r)
		events := []backend.RequestEvent{{Kind: backend.EventCreated, ToStatus: backend.StatusReceived, At: at, Staff: r.Assignee,
			Summary: "Request logged (synthetic demo data)"}}
		if err := settle(&r, &events, rng, ageDays, today, loc, p); err != nil {
			return storage.BulkRequest{}, err
		}
		r.UpdatedAt = events[len(events)-1].At.UTC()
		return storage.BulkRequest{Request: r, Events: events}, nil
	}, nil
}

func containsRight(list []backend.Right, t backend.Right) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

// settle chooses a status fitting the request's age and makes its outcomes, evidence
// and timeline agree with it.
func settle(r *backend.Request, events *[]backend.RequestEvent, rng *rand.Rand, ageDays int, today backend.Date, loc *time.Location, p backend.Practice) error {
	step := func(days int, st backend.Status, a backend.Action, summary string) time.Time {
		if days > ageDays {
			days = ageDays
		}
		t := r.ReceivedAt.Add(time.Duration(days)*24*time.Hour + time.Duration(rng.IntN(300))*time.Minute)
		if now := today.Time().Add(24 * time.Hour); !t.Before(now) {
			t = r.ReceivedAt
		}
		prev := (*events)[len(*events)-1].ToStatus
		*events = append(*events, backend.RequestEvent{Kind: backend.EventTransition, Action: a, FromStatus: prev, ToStatus: st,
			At: t, Staff: r.Assignee, Summary: summary})
		r.Status = st
		return t
	}
	verifyAt := func(days int) {
		t := step(days, backend.StatusVerified, backend.ActionVerify, "Identity verified against the client record")
		r.Verification = &backend.Verification{Method: backend.VerificationMethods[rng.IntN(len(backend.VerificationMethods))],
			VerifiedBy: "Jordan Ellis", VerifiedOn: backend.DateOf(t, loc), Degree: backend.DegreeReasonable, RecordedAt: t, RecordedBy: "Jordan Ellis"}
		if r.SubmittedBy == backend.SubmittedByAgent {
			r.ProofOfAuthority, r.RequesterConfirmed = true, true
		}
	}
	decide := func(t time.Time, o backend.Outcome, reason backend.DenialReason, text string) {
		for i := range r.Rights {
			rr := &r.Rights[i]
			rr.Outcome, rr.OutcomeAt, rr.OutcomeBy = o, &t, "Jordan Ellis"
			if o == backend.OutcomeDenied {
				rr.DenialReason, rr.DenialText = reason, text
				if reason == backend.DenialIdentityUnverified && (rr.Right == backend.RightOptOut || rr.Right == backend.RightLimitSensitive) {
					rr.Outcome, rr.DenialReason, rr.DenialText = backend.OutcomeGranted, "", ""
				}
			}
		}
	}
	closeAt := func(t time.Time) { r.ClosedAt = &t }
	optOutOnly := true
	for _, rr := range r.Rights {
		optOutOnly = optOutOnly && (rr.Right == backend.RightOptOut || rr.Right == backend.RightLimitSensitive)
	}
	roll := rng.IntN(100)
	switch {
	case ageDays > 75: // closed
		step(1, backend.StatusAcknowledged, backend.ActionAcknowledge, "Acknowledgment sent")
		switch {
		case roll < 8 && !optOutOnly:
			step(3, backend.StatusAwaitingIdentity, backend.ActionRequestIdentity, "Asked for proof of identity")
			t := step(35, backend.StatusUnableToVerify, backend.ActionUnableToVerify, "No reply to the identity request")
			decide(t, backend.OutcomeDenied, backend.DenialIdentityUnverified, "We could not verify your identity.")
			closeAt(t)
		case roll < 13:
			t := step(6, backend.StatusWithdrawn, backend.ActionWithdraw, "The requester withdrew the request")
			closeAt(t)
		case roll < 23:
			verifyAt(4)
			t := step(20, backend.StatusDenied, backend.ActionDeny, "Request denied")
			reason := []backend.DenialReason{backend.DenialExemption, backend.DenialNoData, backend.DenialManifestlyUnfounded, backend.DenialOther}[rng.IntN(4)]
			decide(t, backend.OutcomeDenied, reason, "Explained in the response letter.")
			for i := range r.Rights {
				if reason == backend.DenialExemption {
					r.Rights[i].Exemption = "Records the practice must keep by law (45 CFR 164.530(j))"
				}
			}
			closeAt(t)
		case roll < 31 && len(r.Rights) > 1:
			verifyAt(4)
			step(5, backend.StatusInProgress, backend.ActionStart, "Work started")
			t := step(25, backend.StatusPartiallyCompleted, backend.ActionPartiallyComplete, "Completed in part")
			decide(t, backend.OutcomeGranted, "", "")
			last := &r.Rights[len(r.Rights)-1]
			last.Outcome, last.DenialReason, last.DenialText = backend.OutcomeDenied, backend.DenialNoData, "We hold no such data."
			confirmDeletion(r, t, loc)
			closeAt(t)
		default:
			if !optOutOnly {
				verifyAt(3)
			}
			r.ProofOfAuthority = r.SubmittedBy == backend.SubmittedByAgent
			step(4, backend.StatusInProgress, backend.ActionStart, "Work started")
			t := step(10+rng.IntN(40), backend.StatusCompleted, backend.ActionComplete, "Response sent")
			decide(t, backend.OutcomeGranted, "", "")
			confirmDeletion(r, t, loc)
			closeAt(t)
		}
	case roll < 15:
		// Stays as received.
	case roll < 30:
		step(1, backend.StatusAcknowledged, backend.ActionAcknowledge, "Acknowledgment sent")
	case roll < 42 && !optOutOnly && !hasOptOut(r):
		step(2, backend.StatusAwaitingIdentity, backend.ActionRequestIdentity, "Asked for proof of identity")
	case roll < 55 && !optOutOnly:
		verifyAt(3)
	case roll < 62 && ageDays > 20:
		verifyAt(3)
		step(4, backend.StatusInProgress, backend.ActionStart, "Work started")
		return extend(r, events, rng, loc, p)
	default:
		if !optOutOnly {
			verifyAt(2)
		}
		step(3, backend.StatusInProgress, backend.ActionStart, "Work started")
	}
	return nil
}

func hasOptOut(r *backend.Request) bool {
	for _, rr := range r.Rights {
		if rr.Right == backend.RightOptOut || rr.Right == backend.RightLimitSensitive {
			return true
		}
	}
	return false
}

// confirmDeletion records the requester's confirmation for a granted deletion, as
// completion requires.
func confirmDeletion(r *backend.Request, t time.Time, loc *time.Location) {
	if del := r.Right(backend.RightDeletion); del != nil && del.Outcome != backend.OutcomeDenied {
		r.DeletionConfirmation = &backend.DeletionConfirmation{ConfirmedOn: backend.DateOf(r.ReceivedAt.Add(48*time.Hour), loc),
			Channel: backend.ChannelEmail, Note: "Confirmed by reply email.", RecordedAt: t, RecordedBy: "Jordan Ellis"}
		if r.DeletionConfirmation.ConfirmedOn.After(backend.DateOf(t, loc)) {
			r.DeletionConfirmation.ConfirmedOn = backend.DateOf(t, loc)
		}
	}
}

// extend takes the one extension, to the latest date the law allows, on the
// twentieth day, when every clock of the request allows it then.
func extend(r *backend.Request, events *[]backend.RequestEvent, rng *rand.Rand, loc *time.Location, p backend.Practice) error {
	on := r.ReceivedDate.AddDays(20)
	var newest backend.Date
	// The calendar the stored dates were counted with: a GDPR requester's country.
	cal := rules.CalendarOptions{}
	if r.Regime == backend.RegimeGDPR {
		cal.HolidayCountry = r.Requester.Country
	}
	for i := range r.Rights {
		rr := &r.Rights[i]
		d, err := rules.Compute(rules.Input{Regime: r.Regime, Right: rr.Right, Received: r.ReceivedDate,
			PromisedDays: p.PromisedDays[string(r.Regime)], Calendar: cal})
		if err != nil {
			return err
		}
		if d.ExtendedRespondBy.IsZero() {
			continue
		}
		if on.After(d.StatutoryRespondBy) {
			return nil // too late to extend: stays in progress
		}
		rr.ExtendedTo, rr.ExtendedOn = d.ExtendedRespondBy, on
		if rr.ExtendedTo.After(newest) {
			newest = rr.ExtendedTo
		}
	}
	if newest.IsZero() {
		return nil
	}
	t := time.Date(on.Time().Year(), on.Time().Month(), on.Time().Day(), 11, rng.IntN(60), 0, 0, loc)
	reason := "Records are held off site and must be retrieved."
	r.Extension = &backend.Extension{Reason: reason, NewDate: newest, ExtendedOn: on, RecordedBy: "Jordan Ellis", RecordedAt: t}
	r.Status = backend.StatusExtended
	*events = append(*events, backend.RequestEvent{Kind: backend.EventExtension, Action: backend.ActionExtend,
		FromStatus: backend.StatusInProgress, ToStatus: backend.StatusExtended, At: t, Staff: r.Assignee,
		Summary: fmt.Sprintf("Deadline extended to %s: %s", newest.Long(), strings.ToLower(reason[:1])+reason[1:])})
	return nil
}
