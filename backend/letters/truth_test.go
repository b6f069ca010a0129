package letters

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

// TestDeletionDoneSaysConfirmedOnlyWhenItWas: under the GDPR and UK GDPR erasure is not
// made to wait for a second confirmation (Art. 12(2), 12(6)), so the letter reporting it
// must not say the requester confirmed it; where the confirmation is recorded it does.
func TestDeletionDoneSaysConfirmedOnlyWhenItWas(t *testing.T) {
	for _, c := range []struct {
		regime    backend.Regime
		confirmed bool
	}{{backend.RegimeGDPR, false}, {backend.RegimeUKGDPR, false}, {backend.RegimeGDPR, true}, {backend.RegimeCCPA, true}} {
		d := baseData(c.regime, backend.RightDeletion)
		d.Request.Granted, d.Request.DeletionConfirmed = []backend.Right{backend.RightDeletion}, c.confirmed
		pdf, err := RenderBytes(Builtin(KindDeletionDone), d)
		if err != nil {
			t.Fatalf("%s: %v", c.regime, err)
		}
		text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
		if got := strings.Contains(text, "which you confirmed"); got != c.confirmed {
			t.Errorf("%s, confirmation recorded %v: the letter says \"which you confirmed\": %v\n%s", c.regime, c.confirmed, got, text)
		}
		if !strings.Contains(text, "to delete the personal information that we hold about you. We have deleted it") {
			t.Errorf("%s: the letter no longer says what was deleted:\n%s", c.regime, text)
		}
	}
}

// TestHIPAAAmendmentDenialSaysHowToDisagree: a denial of a HIPAA amendment tells the
// individual how to file a statement of disagreement (45 CFR 164.526(d)(1)(ii)), in the
// denial letter as in the amendment letter.
func TestHIPAAAmendmentDenialSaysHowToDisagree(t *testing.T) {
	d := baseData(backend.RegimeHIPAA, backend.RightCorrection)
	d.Request.DenialReason = "The record is accurate and complete."
	d.Request.Denials = map[backend.Right]backend.DenialReason{backend.RightCorrection: backend.DenialOther}
	for _, k := range []Kind{KindDenial, KindHIPAAAmendment} {
		pdf, err := RenderBytes(Builtin(k), d)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
		if !strings.Contains(text, "send it to us quoting PR-2026-0001") {
			t.Errorf("%s does not say how to file a statement of disagreement:\n%s", k, text)
		}
	}
}

// TestAppealDatesCiteTheAppealProvision: an appeal is answered under the state law's
// appeal provision (Va. Code 59.1-577(C): 60 days; C.R.S. 6-1-1306(3): 45 days, +60),
// not the one for the request it appeals.
func TestAppealDatesCiteTheAppealProvision(t *testing.T) {
	for _, c := range []struct {
		regime backend.Regime
		kind   Kind
		want   string
	}{
		{backend.RegimeVA, KindAcknowledgment, "(Va. Code § 59.1-577(C))"},
		{backend.RegimeTX, KindAcknowledgment, "(Tex. Bus. & Com. Code § 541.053)"},
		{backend.RegimeCO, KindExtension, "(C.R.S. § 6-1-1306(3))"},
	} {
		d := baseData(c.regime, backend.RightAppeal)
		d.Deadline = Deadline{RespondBy: date("2026-04-16"), ExtendedRespondBy: date("2026-06-15"), ExtensionReason: "Many appeals this month."}
		if c.kind == KindAcknowledgment {
			d.Deadline.ExtendedRespondBy, d.Deadline.ExtensionReason = backend.Date{}, ""
		}
		pdf, err := RenderBytes(Builtin(c.kind), d)
		if err != nil {
			t.Fatalf("%s %s: %v", c.regime, c.kind, err)
		}
		text := strings.Join(strings.Fields(strings.ReplaceAll(pdfText(t, pdf), "\u00a0", " ")), " ")
		if !strings.Contains(text, c.want) {
			t.Errorf("%s appeal, %s letter: does not cite %s:\n%s", c.regime, c.kind, c.want, text)
		}
	}
}

// TestAccessGrantedInPart: HIPAA access granted in part and refused in part (45 CFR
// 164.524(d)(1)): the denial letter does not say the request is refused, and the access
// letter does not say it is granted, each without the other part.
func TestAccessGrantedInPart(t *testing.T) {
	d := baseData(backend.RegimeHIPAA, backend.RightAccess)
	d.Request.Granted, d.Request.Denied = []backend.Right{backend.RightAccess}, []backend.Right{backend.RightAccess}
	d.Request.DenialReason = "The notes of your sessions are psychotherapy notes."
	d.Request.Denials = map[backend.Right]backend.DenialReason{backend.RightAccess: backend.DenialHIPAAPsychotherapyNotes}
	for _, c := range []struct {
		kind      Kind
		want, not string
	}{
		{KindDenial, "we cannot grant all of it: we are refusing, in whole or in part, access to your health information", "unable to grant it,"},
		{KindHIPAAAccess, "We are granting your request in part", "We are granting your request."},
	} {
		pdf, err := RenderBytes(Builtin(c.kind), d)
		if err != nil {
			t.Fatalf("%s: %v", c.kind, err)
		}
		text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
		if !strings.Contains(text, c.want) || strings.Contains(text, c.not) {
			t.Errorf("%s letter of access granted in part, want %q and not %q:\n%s", c.kind, c.want, c.not, text)
		}
	}
}
