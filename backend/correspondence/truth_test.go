package correspondence

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/internal/extool"
	"privacydesk/backend/letters"
	"privacydesk/backend/storage"
)

// Letters state only what happened, on the basis it happened on: each case makes a
// letter through the service, from a stored request, and reads it back with pdftotext.

// letterText makes the letter and returns its text as pdftotext reads it, on one line.
func letterText(t *testing.T, c *Service, in LetterInput) string {
	t.Helper()
	l, err := c.CreateLetter(ctx, in)
	if err != nil {
		t.Fatalf("%s letter: %v", in.Kind, err)
	}
	return pdfPlainText(t, l.PDF)
}

// pdfPlainText is a PDF's text as pdftotext reads it, on one line.
func pdfPlainText(t *testing.T, pdf []byte) string {
	t.Helper()
	pdftotext := extool.Need(t, "pdftotext", "poppler-utils")
	cmd := exec.Command(pdftotext, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(string(pdf))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\u00a0", " ")), " ")
}

func setClock(s *storage.Store, day string) {
	t := vdate(day).Time()
	s.Now = func() time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 15, 4, 5, 0, time.UTC) }
}

// The extension notice must reach the requester within the original period (Cal. Civ.
// Code 1798.130(a)(2)(A); GDPR Art. 12(3); 45 CFR 164.524(b)(2)(ii)): once that period
// has ended, the letter would tell them of an extension the law no longer allows, and it
// says itself that it is sent within the original period.
func TestExtensionLetterOnlyWithinTheOriginalPeriod(t *testing.T) {
	f := newTaskFixture(t) // CCPA, received 2026-02-20: due 2026-04-06
	letterPractice(t, f.s)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Transition(f.ref, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records must be restored from the archive.", NewDate: "2026-05-20", Note: "x"}); err != nil {
		t.Fatal(err)
	}
	setClock(f.s, "2026-04-06")
	text := letterText(t, f.c, LetterInput{RequestRef: f.ref, Kind: letters.KindExtension})
	if !strings.Contains(text, "May 20, 2026") {
		t.Errorf("the extension letter on the last day of the period does not give the new date:\n%s", text)
	}
	setClock(f.s, "2026-04-07")
	_, err := f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindExtension})
	if backend.ErrorField(err) != "kind" || !strings.Contains(backend.ErrorMessage(err), "April 6, 2026") {
		t.Fatalf("an extension letter the day after the original period: %v, want a refusal on kind naming April 6, 2026", err)
	}
	kinds, err := f.c.KindsFor(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		if k.Kind == letters.KindExtension {
			t.Errorf("the extension letter is offered after the original period")
		}
	}
}

// A completion letter says the service providers were directed to act: a vendor task not
// yet notified refuses it (naming the vendor), and a waived one is not listed.
func TestCompletionLetterNamesOnlyVendorsDirected(t *testing.T) {
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.RecordDeletionConfirmation(f.ref, backend.DeletionConfirmationInput{Channel: backend.ChannelEmail}); err != nil {
		t.Fatal(err)
	}
	tasks, err := f.s.ListVendorTasks(f.ref)
	if err != nil || len(tasks.Tasks) != 2 {
		t.Fatalf("tasks %+v %v", tasks.Tasks, err)
	}
	_, err = f.c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindDeletionDone, AcceptWarnings: true})
	if err == nil || !strings.Contains(backend.ErrorMessage(err), "Healthcare Blocks") || !strings.Contains(backend.ErrorMessage(err), "Stripe") {
		t.Fatalf("a deletion-done letter before any vendor was told: %v, want a refusal naming Healthcare Blocks and Stripe", err)
	}
	for _, task := range tasks.Tasks {
		u := backend.VendorTaskUpdate{NotifiedOn: vdate("2026-03-01"), NotifiedVia: backend.NotifyEmail}
		if task.VendorName == "Stripe" {
			u = backend.VendorTaskUpdate{WaivedReason: "Holds payment records only"}
		}
		if _, err := f.s.UpdateVendorTask(task.ID, u); err != nil {
			t.Fatal(err)
		}
	}
	text := letterText(t, f.c, LetterInput{RequestRef: f.ref, Kind: letters.KindDeletionDone})
	if !strings.Contains(text, "to delete it: • Healthcare Blocks") || strings.Contains(text, "Stripe") {
		t.Errorf("deletion-done letter lists the wrong vendors:\n%s", text)
	}
}

// The acknowledgment's date is stated on its real basis: a practice's own shorter promise
// is not the statute's period (nor is missing it a breach of the law), and a stricter
// state patient-access law is cited for the state's date (45 CFR 160.203(b)).
func TestAcknowledgmentStatesTheBasisOfItsDate(t *testing.T) {
	t.Run("practice's promise", func(t *testing.T) {
		s := newTestStore(t)
		letterPractice(t, s)
		p, err := s.GetPractice()
		if err != nil {
			t.Fatal(err)
		}
		p.PromisedDays = map[string]int{"ccpa": 30}
		if _, err := s.SavePractice(p); err != nil {
			t.Fatal(err)
		}
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ana Silva", Email: "ana@example.com"},
			Channel: backend.ChannelEmail, ReceivedDate: "2026-02-20", Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightAccess}})
		if err != nil {
			t.Fatal(err)
		}
		c := New(s)
		text := letterText(t, c, LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
		if !strings.Contains(text, "March 22, 2026 (our privacy policy") {
			t.Errorf("the promised date is not given as the privacy policy's:\n%s", text)
		}
		setClock(s, "2026-03-25")
		text = letterText(t, c, LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
		if strings.Contains(text, "the law allows") || !strings.Contains(text, "the time our privacy policy promises, which ended on March 22, 2026") {
			t.Errorf("a missed promise is told as a missed legal period:\n%s", text)
		}
	})
	t.Run("state patient-access law", func(t *testing.T) {
		s := newTestStore(t)
		letterPractice(t, s)
		p, err := s.GetPractice()
		if err != nil {
			t.Fatal(err)
		}
		p.State = "CA"
		if _, err := s.SavePractice(p); err != nil {
			t.Fatal(err)
		}
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ana Silva", Email: "ana@example.com"},
			Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: backend.RegimeHIPAA, Rights: []backend.Right{backend.RightAccess}})
		if err != nil {
			t.Fatal(err)
		}
		text := letterText(t, New(s), LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
		if !strings.Contains(text, "March 9, 2026 (Cal. Health & Safety Code § 123110(b)") {
			t.Errorf("the state's date is not cited to the state's law:\n%s", text)
		}
	})
}

// A denial letter for a request granted in part says which rights it refuses, not that
// the whole request is refused.
func TestDenialLetterNamesTheRightsRefused(t *testing.T) {
	f := newTaskFixture(t, backend.RightAccess, backend.RightDeletion)
	letterPractice(t, f.s)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeDenied,
		DenialReason: backend.DenialExemption, Exemption: "Cal. Civ. Code 1798.105(d)(8)", DenialText: "We must keep your clinical record."}); err != nil {
		t.Fatal(err)
	}
	text := letterText(t, f.c, LetterInput{RequestRef: f.ref, Kind: letters.KindDenial, AcceptWarnings: true})
	if strings.Contains(text, "unable to grant it,") || !strings.Contains(text, "we are refusing, in whole or in part, deletion of your personal information") {
		t.Errorf("the denial letter of a request granted in part:\n%s", text)
	}
	// Every right refused: the letter refuses the request.
	if _, err := f.s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeDenied,
		DenialReason: backend.DenialExemption, Exemption: "Cal. Civ. Code 1798.145", DenialText: "No."}); err != nil {
		t.Fatal(err)
	}
	text = letterText(t, f.c, LetterInput{RequestRef: f.ref, Kind: letters.KindDenial, AcceptWarnings: true})
	if !strings.Contains(text, "unable to grant it,") {
		t.Errorf("the denial letter of a request refused in full:\n%s", text)
	}
}

// A parent or guardian acts for a minor by their own authority, not the child's signed
// permission: the proof-of-authority letter asks for evidence of it and does not ask
// the child to confirm a permission; the acknowledgment says whose information "your
// information" is.
func TestGuardianLetters(t *testing.T) {
	s := newTestStore(t)
	letterPractice(t, s)
	r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Mia Chen", Email: "mia@example.com"},
		SubmittedBy: backend.SubmittedByGuardian, Agent: backend.Agent{Name: "Wei Chen", Email: "wei@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightDeletion}})
	if err != nil {
		t.Fatal(err)
	}
	c := New(s)
	text := letterText(t, c, LetterInput{RequestRef: r.Reference, Kind: letters.KindAgentProof})
	if strings.Contains(text, "signed by Mia Chen") || strings.Contains(text, "gave you permission") ||
		!strings.Contains(text, "that you are Mia Chen's parent or legal guardian") {
		t.Errorf("proof-of-authority letter to a parent:\n%s", text)
	}
	text = letterText(t, c, LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
	if !strings.Contains(text, `"your information" means Mia Chen's information`) {
		t.Errorf("acknowledgment to a parent does not say whose information it is:\n%s", text)
	}
}

// A HIPAA extension does not move a stricter state patient-access date (45 CFR
// 160.203(b)): an extension letter that would promise the patient a date after the
// state's, while the access right is unanswered, is refused; once access is answered,
// the extension of the other rights can be announced.
func TestExtensionLetterNotPastTheStateDate(t *testing.T) {
	s := newTestStore(t)
	letterPractice(t, s)
	p, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	p.State = "CA"
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ana Silva", Email: "ana@example.com"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: backend.RegimeHIPAA,
		Rights: []backend.Right{backend.RightAccess, backend.RightCorrection}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records are archived off site.", NewDate: "2026-04-20", Note: "x"}); err != nil {
		t.Fatal(err)
	}
	c := New(s)
	_, err = c.CreateLetter(ctx, LetterInput{RequestRef: r.Reference, Kind: letters.KindExtension})
	if backend.ErrorField(err) != "kind" || !strings.Contains(backend.ErrorMessage(err), "Cal. Health & Safety Code 123110(b)") {
		t.Fatalf("an extension letter past California's date: %v, want a refusal naming the state law", err)
	}
	if _, err := s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	text := letterText(t, c, LetterInput{RequestRef: r.Reference, Kind: letters.KindExtension})
	if !strings.Contains(text, "no later than April 20, 2026") {
		t.Errorf("extension letter once access is answered:\n%s", text)
	}
}

// A vendor task waived (the vendor keeps records the law requires, say) is a vendor
// that holds the information and was not directed: the completion letter does not say
// that no service provider held it, nor that the providers were directed as the law
// requires.
func TestCompletionLetterWithWaivedVendors(t *testing.T) {
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	if _, err := f.transition(t, backend.ActionStart); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SetOutcome(f.ref, backend.OutcomeInput{Right: backend.RightDeletion, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.RecordDeletionConfirmation(f.ref, backend.DeletionConfirmationInput{Channel: backend.ChannelEmail}); err != nil {
		t.Fatal(err)
	}
	tasks, err := f.s.ListVendorTasks(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks.Tasks {
		if _, err := f.s.UpdateVendorTask(task.ID, backend.VendorTaskUpdate{WaivedReason: "Records the law requires us to keep"}); err != nil {
			t.Fatal(err)
		}
	}
	text := letterText(t, f.c, LetterInput{RequestRef: f.ref, Kind: letters.KindDeletionDone})
	if strings.Contains(text, "None of our service providers held") || strings.Contains(text, "We did so as") {
		t.Errorf("deletion-done letter with every vendor task waived:\n%s", text)
	}
}

// A request's rights each carry their own clock: the acknowledgment gives every right its
// own date and the rule that sets it, not the earliest date for all of them; a right whose
// period was extended shows its extended date beside the others' own.
func TestAcknowledgmentGivesEachRightItsDate(t *testing.T) {
	newRequest := func(t *testing.T, regime backend.Regime, rights ...backend.Right) (*storage.Store, backend.Request) {
		s := newTestStore(t)
		letterPractice(t, s)
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ana Silva", Email: "ana@example.com"},
			Channel: backend.ChannelEmail, ReceivedDate: "2026-03-02", Regime: regime, Rights: rights})
		if err != nil {
			t.Fatal(err)
		}
		return s, r
	}
	// item is the list entry the letter gives a right: its phrase, date and rule, cited
	// in the letters' style (the rules engine writes "45 CFR 164.524(b)(2)").
	item := func(phrase string, due backend.Date, basis string) string {
		return phrase + ": by " + due.LongUS() + " (" + basis + ")"
	}
	t.Run("HIPAA access and amendment", func(t *testing.T) {
		s, r := newRequest(t, backend.RegimeHIPAA, backend.RightAccess, backend.RightCorrection)
		access, amend := r.Right(backend.RightAccess), r.Right(backend.RightCorrection)
		// 30 and 60 calendar days from March 2 (45 CFR 164.524(b)(2), 164.526(b)(2)).
		if access.DueDate().String() != "2026-04-01" || amend.DueDate().String() != "2026-05-01" {
			t.Fatalf("due dates %s and %s, want 2026-04-01 and 2026-05-01", access.DueDate(), amend.DueDate())
		}
		text := letterText(t, New(s), LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
		for _, want := range []string{
			item("Access to your health information", access.DueDate(), "45 CFR § 164.524(b)(2)"),
			item("Amendment of your health information", amend.DueDate(), "45 CFR § 164.526(b)(2)"),
		} {
			if !strings.Contains(text, want) {
				t.Errorf("acknowledgment does not say %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "We will respond in full by") {
			t.Errorf("acknowledgment gives one date for rights with different dates:\n%s", text)
		}
	})
	t.Run("CCPA access and opt-out", func(t *testing.T) {
		s, r := newRequest(t, backend.RegimeCCPA, backend.RightAccess, backend.RightOptOut)
		access, optOut := r.Right(backend.RightAccess), r.Right(backend.RightOptOut)
		if !optOut.DueDate().Before(access.DueDate()) {
			t.Fatalf("opt-out due %s is not before access's %s", optOut.DueDate(), access.DueDate())
		}
		text := letterText(t, New(s), LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
		for _, want := range []string{
			item("Access to your personal information", access.DueDate(), "Cal. Civ. Code §§ 1798.110, 1798.130(a)(2); 11 CCR § 7021"),
			item("Opting out of the sale or sharing of your personal information, targeted advertising and profiling", optOut.DueDate(), "Cal. Civ. Code §§ 1798.120, 1798.135(c); 11 CCR § 7026(f)"),
		} {
			if !strings.Contains(text, want) {
				t.Errorf("acknowledgment does not say %q:\n%s", want, text)
			}
		}
	})
	t.Run("one right extended", func(t *testing.T) {
		s, r := newRequest(t, backend.RegimeHIPAA, backend.RightAccess, backend.RightCorrection)
		// April 20 is past access's April 1 and before amendment's May 1: only access moves.
		r, err := s.Transition(r.Reference, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records are archived off site.", NewDate: "2026-04-20", Note: "x"})
		if err != nil {
			t.Fatal(err)
		}
		access, amend := r.Right(backend.RightAccess), r.Right(backend.RightCorrection)
		if access.ExtendedTo.String() != "2026-04-20" || !amend.ExtendedTo.IsZero() {
			t.Fatalf("extended to %s and %s, want access only, to 2026-04-20", access.ExtendedTo, amend.ExtendedTo)
		}
		text := letterText(t, New(s), LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
		for _, want := range []string{
			item("Access to your health information", access.ExtendedTo, "extended under 45 CFR § 164.524(b)(2)"),
			item("Amendment of your health information", amend.DueDate(), "45 CFR § 164.526(b)(2)"),
		} {
			if !strings.Contains(text, want) {
				t.Errorf("acknowledgment does not say %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "If we need more time") {
			t.Errorf("an extended request's acknowledgment offers another extension:\n%s", text)
		}
	})
	t.Run("one right decided", func(t *testing.T) {
		// Access is answered: the letter does not promise to answer it by its date, and
		// gives the amendment's own date, not the earlier one of access.
		s, r := newRequest(t, backend.RegimeHIPAA, backend.RightAccess, backend.RightCorrection)
		if _, err := s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}); err != nil {
			t.Fatal(err)
		}
		amend := r.Right(backend.RightCorrection)
		text := letterText(t, New(s), LetterInput{RequestRef: r.Reference, Kind: letters.KindAcknowledgment})
		// With one right left, one sentence says its date, not a list of one.
		want := "We will respond to your request for amendment of your health information by " + amend.DueDate().LongUS() + " (45 CFR § 164.526(b)(2))."
		if !strings.Contains(text, want) || strings.Contains(text, "its own time limit") {
			t.Errorf("acknowledgment does not say %q in one sentence:\n%s", want, text)
		}
		if access := r.Right(backend.RightAccess).DueDate().LongUS(); strings.Contains(text, access) {
			t.Errorf("acknowledgment promises the decided access right's date %s:\n%s", access, text)
		}
	})
}

// UK GDPR Art. 12A (the period runs from the identity information) is in force from 5
// February 2026; a request received before is counted from receipt, so its identity
// letter does not say the period begins with the identity information.
func TestUKIdentityLetterClockBeforeArt12A(t *testing.T) {
	for _, c := range []struct {
		received string
		says     bool
	}{{"2026-02-04", false}, {"2026-02-05", true}} {
		s := newTestStore(t)
		letterPractice(t, s)
		r, err := s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Ana Silva", Email: "ana@example.com"},
			Channel: backend.ChannelEmail, ReceivedDate: c.received, Regime: backend.RegimeUKGDPR, Rights: []backend.Right{backend.RightAccess}})
		if err != nil {
			t.Fatal(err)
		}
		text := letterText(t, New(s), LetterInput{RequestRef: r.Reference, Kind: letters.KindVerifyIdentity})
		if got := strings.Contains(text, "begins when we receive the information we need to confirm your identity"); got != c.says {
			t.Errorf("received %s: the letter says the period begins with the identity information: %v, want %v", c.received, got, c.says)
		}
	}
}
