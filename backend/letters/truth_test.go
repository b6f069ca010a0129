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
