package storage

import (
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

// changedCCPAAccess pretends a release changed the CCPA access rule: version 2 with a
// 30-day period and a 15-day extension (not the law: a change big enough to see).
func changedCCPAAccess(t *testing.T) rules.Rule {
	t.Helper()
	r, err := rules.Lookup(backend.RegimeCCPA, backend.RightAccess)
	if err != nil {
		t.Fatal(err)
	}
	r.Version++
	r.Respond = rules.Period{N: 30, Unit: rules.UnitCalendarDays}
	r.Extension = rules.Period{N: 15, Unit: rules.UnitCalendarDays}
	t.Cleanup(rules.Override(r))
	return r
}

func TestRulesAffected(t *testing.T) {
	s := newTestStore(t)
	ccpa, access := backend.RegimeCCPA, backend.RightAccess
	// Computed with version 1, all due 45 days after receipt.
	open1 := dashRequest(t, s, "Open One", ccpa, access, "2026-03-02")       // due 16 April
	open2 := dashRequest(t, s, "Open Two", ccpa, access, "2026-03-09")       // due 23 April
	extended := dashRequest(t, s, "Extended Xu", ccpa, access, "2026-02-10", // due 27 March, extended to 30 April
		dashStep{in: backend.TransitionInput{Action: backend.ActionExtend, Reason: "Large archive.", NewDate: "2026-04-30"}})
	closed := dashRequest(t, s, "Closed Cleo", ccpa, access, "2026-03-02",
		dashStep{in: backend.TransitionInput{Action: backend.ActionWithdraw}})
	other := dashRequest(t, s, "Hipaa Hana", backend.RegimeHIPAA, access, "2026-03-02")

	none, err := s.RulesAffected()
	if err != nil {
		t.Fatal(err)
	}
	if len(none) != 0 {
		t.Fatalf("no rule changed, yet %+v", none)
	}

	rule := changedCCPAAccess(t)
	before, _ := s.GetRequest(open1)

	changes, err := s.RulesAffected()
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 {
		t.Fatalf("changes = %+v", changes)
	}
	c := changes[0]
	if c.Regime != ccpa || c.Right != access || c.CurrentVersion != rule.Version || c.Total != 3 ||
		len(c.StoredVersions) != 1 || c.StoredVersions[0] != rule.Version-1 {
		t.Errorf("change = %+v", c)
	}
	got := map[string]backend.AffectedRight{}
	var order []string
	for _, a := range c.Affected {
		got[a.Reference] = a
		order = append(order, a.Reference)
	}
	if strings.Join(order, " ") != strings.Join([]string{open1, open2, extended}, " ") {
		t.Errorf("affected, soonest first: %v", order)
	}
	if _, ok := got[closed]; ok {
		t.Errorf("a closed request is listed")
	}
	if _, ok := got[other]; ok {
		t.Errorf("a request under another rule is listed")
	}
	if a := got[open1]; a.DueOn.String() != "2026-04-16" || a.NewDueOn.String() != "2026-04-01" || a.Problem != "" {
		t.Errorf("open1 preview: %+v", a)
	}
	// 30 April is beyond the changed rule's 30+15 days from 10 February (27 March):
	// recomputing cannot keep that extension, so a person must decide.
	if a := got[extended]; a.Problem == "" || !a.NewDueOn.IsZero() {
		t.Errorf("extended preview: %+v", a)
	}

	// Showing the change moved nothing.
	after, _ := s.GetRequest(open1)
	if after.Rights[0].RespondBy != before.Rights[0].RespondBy || after.Rights[0].RuleVersion != rule.Version-1 {
		t.Errorf("listing moved the stored deadline: %+v", after.Rights[0])
	}

	// Recompute one request only, then the rest.
	res, err := s.RecomputeRule(ccpa, access, []string{strings.ToLower(open1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Recomputed) != 1 || res.Recomputed[0].Reference != open1 || res.Recomputed[0].To.String() != "2026-04-01" {
		t.Errorf("recompute one: %+v", res)
	}
	r1, _ := s.GetRequest(open1)
	if rr := r1.Rights[0]; rr.RespondBy.String() != "2026-04-01" || rr.RuleVersion != rule.Version || r1.NextDue.String() != "2026-04-01" {
		t.Errorf("recomputed right: %+v next due %s", rr, r1.NextDue)
	}
	r2, _ := s.GetRequest(open2)
	if r2.Rights[0].RuleVersion != rule.Version-1 {
		t.Errorf("open2 recomputed without being asked")
	}

	res, err = s.RecomputeRule(ccpa, access, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Recomputed) != 1 || res.Recomputed[0].Reference != open2 || len(res.Skipped) != 1 || res.Skipped[0].Reference != extended {
		t.Errorf("recompute the rest: %+v", res)
	}

	// What remains is the extended request a person must look at.
	changes, _ = s.RulesAffected()
	if len(changes) != 1 || changes[0].Total != 1 || changes[0].Affected[0].Reference != extended {
		t.Errorf("after recompute: %+v", changes)
	}
	if _, err := s.RecomputeRule(ccpa, access, []string{open1}); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("recomputing an up-to-date request: %v", err)
	}

	// Every change is on the request's timeline and in the audit trail, and the chain holds.
	events, err := s.RequestEvents(open1)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range events {
		if e.Kind == backend.EventDeadlineRecomputed && strings.Contains(e.Summary, "16 April 2026 → 1 April 2026") {
			found = true
		}
	}
	if !found {
		t.Errorf("no timeline entry: %+v", events)
	}
	audit, _, err := s.ListAuditEvents(backend.AuditFilter{Action: "recompute-deadline"})
	if err != nil || len(audit) != 2 {
		t.Errorf("request audit events: %d %v", len(audit), err)
	}
	ruleAudit, _, _ := s.ListAuditEvents(backend.AuditFilter{Entity: "rule", EntityID: "ccpa/access"})
	if len(ruleAudit) != 2 || !strings.Contains(ruleAudit[0].After, open2) {
		t.Errorf("rule audit events: %+v", ruleAudit)
	}
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}

func TestRecomputeRuleRefusals(t *testing.T) {
	s := newTestStore(t)
	if _, err := s.RecomputeRule(backend.RegimeUT, backend.RightAppeal, nil); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("a right the regime does not grant: %v", err)
	}
	if _, err := s.RecomputeRule(backend.RegimeCCPA, backend.RightAccess, nil); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("nothing to recompute: %v", err)
	}
}
