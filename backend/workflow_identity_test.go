package backend

import (
	"strings"
	"testing"
)

// TestIdentityBeforeFulfilment: granted access, deletion, correction, portability or
// accounting under CCPA, the state laws or HIPAA waits for a recorded verification;
// opt-out and limit-sensitive never do, nor GDPR and UK GDPR (Art. 12(6)).
func TestIdentityBeforeFulfilment(t *testing.T) {
	today := NewDate(2026, 3, 10)
	verified := &Verification{Method: VerifyDataOnFile, VerifiedBy: "Ann", VerifiedOn: NewDate(2026, 3, 5)}
	cases := []struct {
		name     string
		regime   Regime
		rights   map[Right]Outcome
		verified bool
		action   Action
		blocked  string // part of the reason, "" when allowed
	}{
		{"ccpa access unverified", RegimeCCPA, map[Right]Outcome{RightAccess: OutcomeGranted}, false, ActionComplete, "Identity is not verified yet (11 CCR 7060)"},
		{"ccpa access verified", RegimeCCPA, map[Right]Outcome{RightAccess: OutcomeGranted}, true, ActionComplete, ""},
		{"ccpa deletion part granted", RegimeCCPA, map[Right]Outcome{RightDeletion: OutcomePartiallyGranted}, false, ActionPartiallyComplete, "11 CCR 7060"},
		{"ccpa opt-out needs none", RegimeCCPA, map[Right]Outcome{RightOptOut: OutcomeGranted}, false, ActionComplete, ""},
		{"ccpa limit-sensitive needs none", RegimeCCPA, map[Right]Outcome{RightLimitSensitive: OutcomeGranted}, false, ActionComplete, ""},
		{"ccpa access denied, opt-out granted", RegimeCCPA, map[Right]Outcome{RightAccess: OutcomeDenied, RightOptOut: OutcomeGranted}, false, ActionPartiallyComplete, ""},
		{"va portability", RegimeVA, map[Right]Outcome{RightPortability: OutcomeGranted}, false, ActionComplete, "Va. Code 59.1-577"},
		{"co correction", RegimeCO, map[Right]Outcome{RightCorrection: OutcomeGranted}, false, ActionComplete, "Identity is not verified yet"},
		{"fl deletion", RegimeFL, map[Right]Outcome{RightDeletion: OutcomeGranted}, false, ActionComplete, "Identity is not verified yet"},
		{"hipaa accounting", RegimeHIPAA, map[Right]Outcome{RightAccounting: OutcomeGranted}, false, ActionComplete, "45 CFR 164.514(h)"},
		{"hipaa access verified", RegimeHIPAA, map[Right]Outcome{RightAccess: OutcomeGranted}, true, ActionComplete, ""},
		{"gdpr not enforced", RegimeGDPR, map[Right]Outcome{RightAccess: OutcomeGranted}, false, ActionComplete, ""},
		{"uk-gdpr not enforced", RegimeUKGDPR, map[Right]Outcome{RightDeletion: OutcomeGranted}, false, ActionComplete, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &Request{Regime: c.regime, Status: StatusInProgress}
			for right, o := range c.rights {
				r.Rights = append(r.Rights, RequestRight{Right: right, Outcome: o})
			}
			if r.HasRight(RightDeletion) {
				r.DeletionConfirmation = &DeletionConfirmation{}
			}
			if c.verified {
				r.Verification = verified
			}
			var info *ActionInfo
			for _, a := range ActionChecks(r, today) {
				if a.Action == c.action {
					a := a
					info = &a
				}
			}
			if info == nil {
				t.Fatalf("%s not offered", c.action)
			}
			if c.blocked == "" {
				if !info.Allowed {
					t.Fatalf("%s blocked: %s", c.action, info.Reason)
				}
				return
			}
			if info.Allowed || !strings.Contains(info.Reason, c.blocked) {
				t.Fatalf("%s: allowed=%v reason %q, want blocked with %q", c.action, info.Allowed, info.Reason, c.blocked)
			}
			in := TransitionInput{Action: c.action}
			if err := CheckTransition(r, &in, today); err == nil || !strings.Contains(ErrorMessage(err), c.blocked) {
				t.Fatalf("CheckTransition = %v, want %q", err, c.blocked)
			}
		})
	}
}
