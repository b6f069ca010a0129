package letters

import (
	"strings"

	"privacydesk/backend"
)

// Kind identifies a letter; the kinds are declared with the domain (backend.LetterKind)
// so stored letters and templates can name them without this package.
type Kind = backend.LetterKind

const (
	KindAcknowledgment   = backend.LetterAcknowledgment
	KindVerifyIdentity   = backend.LetterVerifyIdentity
	KindAgentProof       = backend.LetterAgentProof
	KindDeletionConfirm  = backend.LetterDeletionConfirm
	KindExtension        = backend.LetterExtension
	KindAccessResponse   = backend.LetterAccessResponse
	KindPortabilityCover = backend.LetterPortabilityCover
	KindCorrectionDone   = backend.LetterCorrectionDone
	KindDeletionDone     = backend.LetterDeletionDone
	KindOptOutDone       = backend.LetterOptOutDone
	KindDenial           = backend.LetterDenial
	KindAppealDecision   = backend.LetterAppealDecision
	KindHIPAAAccess      = backend.LetterHIPAAAccess
	KindHIPAAAmendment   = backend.LetterHIPAAAmendment
	KindHIPAAAccounting  = backend.LetterHIPAAAccounting
	KindVendorDirection  = backend.LetterVendorDirection
)

// KindInfo describes a kind for lists and the CLI.
type KindInfo = backend.LetterKindInfo

// KindsList lists every kind in the order people work a request.
func KindsList() []KindInfo { return backend.LetterKinds() }

// ParseKind returns the kind for an identifier, or an EINVALID error naming field.
func ParseKind(field, s string) (Kind, error) { return backend.ParseLetterKind(field, s) }

// CheckFit reports whether a letter of kind k fits the request in d. A misfit is an
// EINVALID error on the field "kind" that says why, in a sentence a person can act on.
func CheckFit(k Kind, d *Data) error {
	if !k.Valid() {
		_, err := ParseKind("kind", string(k))
		return err
	}
	r := &d.Request
	misfit := func(format string, args ...any) error {
		return backend.Invalid("kind", "A %s letter does not fit request %s: "+format, append([]any{k, r.Reference}, args...)...)
	}
	if !r.Regime.Valid() {
		return backend.Invalid("request.regime", "The request has no known regime (got %q).", r.Regime)
	}
	if len(r.Rights) == 0 {
		return backend.Invalid("request.rights", "The request names no right.")
	}
	// Letters that ask the requester for something, or promise a later answer, make no
	// sense once the request is closed (completed, denied, withdrawn, unable to verify).
	switch k {
	case KindAcknowledgment, KindVerifyIdentity, KindAgentProof, KindDeletionConfirm, KindExtension:
		if st := backend.Status(r.Status); st.Closed() {
			return misfit("the request is closed (%s).", strings.ToLower(st.Label()))
		}
	}
	hipaa := r.Regime == backend.RegimeHIPAA
	// The letters that give what was asked for do not fit a right refused in full: the
	// denial letter answers it.
	gives := map[Kind]backend.Right{KindAccessResponse: backend.RightAccess, KindPortabilityCover: backend.RightPortability,
		KindHIPAAAccess: backend.RightAccess, KindHIPAAAccounting: backend.RightAccounting}
	if right, ok := gives[k]; ok && r.deniedInFull(right) {
		return misfit("the %s right is recorded as denied: the denial letter answers it.", strings.ToLower(right.Label()))
	}
	switch k {
	case KindAcknowledgment:
		// Every request can be acknowledged.
	case KindVerifyIdentity:
		// A request to opt out or to limit sensitive data must not be held back for
		// identity verification (11 CCR 7026, 7027).
		if r.onlyRights(backend.RightOptOut, backend.RightLimitSensitive) {
			return misfit("opt-out and limit-sensitive requests cannot be held back for identity verification (11 CCR 7026, 7027).")
		}
	case KindAgentProof:
		if d.Agent.Name == "" {
			return misfit("it was not submitted by an authorized agent or representative (record the agent on the request first).")
		}
	case KindDeletionConfirm:
		if !r.hasRight(backend.RightDeletion) {
			return misfit("it does not ask for deletion.")
		}
		// The GDPR lets a controller ask for more only where it has reasonable doubts
		// about the requester's identity (Art. 12(6)); erasure is not held back for a
		// second confirmation. Use the identity letter when there are such doubts.
		if r.Regime == backend.RegimeGDPR || r.Regime == backend.RegimeUKGDPR {
			return misfit("under the %s erasure is not made to wait for a second confirmation; if there are reasonable doubts about the requester's identity, use the identity verification letter (Art. 12(6)).", lawShort[r.Regime])
		}
	case KindDeletionDone:
		if !r.hasRight(backend.RightDeletion) {
			return misfit("it does not ask for deletion.")
		}
		if !r.granted(backend.RightDeletion) {
			return misfit("the deletion is not recorded as granted (record the right's outcome first).")
		}
		if !r.DeletionConfirmed && r.Regime != backend.RegimeGDPR && r.Regime != backend.RegimeUKGDPR {
			return misfit("the requester's confirmation of the deletion is not recorded (the policy promises to ask before deleting).")
		}
	case KindExtension:
		if r.onlyRights(backend.RightOptOut, backend.RightLimitSensitive) && r.Regime == backend.RegimeCCPA {
			return misfit("CCPA opt-out and limit-sensitive requests cannot be extended (11 CCR 7026(f), 7027(g)).")
		}
		if hipaa && r.onlyRights(backend.RightRestrict, backend.RightConfidentialCommunications) {
			return misfit("HIPAA restriction and confidential-communication requests have no response period to extend.")
		}
		if d.Deadline.ExtendedRespondBy.IsZero() || strings.TrimSpace(d.Deadline.ExtensionReason) == "" {
			return misfit("the extension is not recorded (an extension letter needs the new respond-by date and the reason).")
		}
		if st := d.Deadline.OpenStateDue; !st.IsZero() && d.Deadline.ExtendedRespondBy.After(st) {
			return misfit("%s requires the answer by %s, which an extension under %s does not move (45 CFR 160.203(b)); the letter would promise a later date. Answer the access request by then first.", d.Deadline.OpenStateCitation, strings.ReplaceAll(d.long(st), "\u00a0", " "), lawShort[r.Regime])
		}
		// The notice must reach the requester within the original period; after it the
		// letter would announce an extension the law no longer allows.
		if by := d.Deadline.ExtensionNoticeBy; !by.IsZero() && !d.Today.IsZero() && d.Today.After(by) {
			return misfit("the original period ended on %s, and the law requires the extension notice within it (%s). Respond as soon as possible instead.", strings.ReplaceAll(d.long(by), "\u00a0", " "), responseCitation(r, true))
		}
	case KindAccessResponse:
		if hipaa {
			return misfit("HIPAA access to health records uses the hipaa-access letter.")
		}
		if !r.hasRight(backend.RightAccess) {
			return misfit("it does not ask for access.")
		}
	case KindPortabilityCover:
		if !r.hasRight(backend.RightPortability) {
			return misfit("it does not ask for portability.")
		}
	case KindCorrectionDone:
		if hipaa {
			return misfit("HIPAA amendments use the hipaa-amendment letter.")
		}
		if !r.hasRight(backend.RightCorrection) {
			return misfit("it does not ask for correction.")
		}
		if !r.granted(backend.RightCorrection) {
			return misfit("the correction is not recorded as granted (record the right's outcome first).")
		}
	case KindOptOutDone:
		if !r.hasRight(backend.RightOptOut, backend.RightLimitSensitive, backend.RightWithdrawConsent) {
			return misfit("it asks for none of opt-out, limit-sensitive or withdraw-consent.")
		}
		if !r.granted(backend.RightOptOut, backend.RightLimitSensitive, backend.RightWithdrawConsent) {
			return misfit("none of its opt-out, limit-sensitive or withdraw-consent rights is recorded as granted.")
		}
	case KindDenial:
		if strings.TrimSpace(r.DenialReason) == "" {
			return misfit("no denial reason is recorded (record the denial with its reason first).")
		}
		// A denied appeal ends the state law's process: its letter must not offer
		// another appeal.
		if r.hasRight(backend.RightAppeal) {
			return misfit("it is an appeal: the decision on an appeal uses the appeal-decision letter, which offers no further appeal.")
		}
	case KindAppealDecision:
		if _, ok := appeals[r.Regime]; !ok {
			return misfit("%s gives no appeal of a refused request.", r.Regime.Label())
		}
		if !r.hasRight(backend.RightAppeal) {
			return misfit("it is not an appeal (log the appeal as a request for the appeal right).")
		}
		if !r.granted(backend.RightAppeal) && strings.TrimSpace(r.DenialReason) == "" {
			return misfit("no decision on the appeal is recorded (record the appeal's outcome first).")
		}
	case KindHIPAAAccess, KindHIPAAAmendment, KindHIPAAAccounting:
		if !hipaa {
			return misfit("it is a %s request, not a HIPAA request.", r.Regime.Label())
		}
		want := map[Kind]backend.Right{KindHIPAAAccess: backend.RightAccess, KindHIPAAAmendment: backend.RightCorrection, KindHIPAAAccounting: backend.RightAccounting}[k]
		if !r.hasRight(want) {
			return misfit("it does not ask for %s.", strings.ToLower(want.Label()))
		}
		// The amendment letter reports the decision: accepted and made (45 CFR
		// 164.526(c)) or denied with its basis (164.526(d)); it needs one recorded.
		if k == KindHIPAAAmendment && !r.granted(want) && strings.TrimSpace(r.DenialReason) == "" {
			return misfit("no decision on the amendment is recorded (record the right's outcome first).")
		}
	case KindVendorDirection:
		if strings.TrimSpace(d.Vendor.Name) == "" {
			return misfit("no vendor was named (a direction letter goes to one vendor).")
		}
		if !r.hasRight(backend.PassedOnRights...) {
			return misfit("it asks for nothing a vendor must carry out (deletion, correction, opt-out, limit-sensitive, restriction, objection or withdrawal of consent).")
		}
	}
	return nil
}
