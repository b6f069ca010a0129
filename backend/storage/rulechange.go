package storage

import (
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

// A changed rule never moves an existing deadline by itself
// (docs/legal.md#laws-change-on-dates): each
// right keeps the rule version its dates were computed with. RulesAffected shows which
// open requests a change would affect and what their dates would become; RecomputeRule
// applies the current rule to them only when a person asks, in one audited transaction.

// The CROSS JOIN keeps SQLite reading the open requests first (an index on status) and
// then each one's rights, rather than every right of every request ever logged.

// versionGroup is one (regime, right, stored version) among pending rights of open requests.
type versionGroup struct {
	Regime      string
	RightCode   string
	RuleVersion int
	N           int
}

// RulesAffected lists every rule whose current version differs from the version stored
// on pending rights of open requests, with the affected requests and their recomputed
// dates. It reads through the read pool, as the dashboard does. On the writer, whose
// page cache is SQLite's default 2 MB (a reading connection has 128 MiB), its time per
// request grew 3.4 times from 10,000 to 100,000 requests; through the pool, 1.5 times
// (the growth line of `make bench`).
func (s *Store) RulesAffected() ([]backend.RuleChange, error) {
	out := []backend.RuleChange{}
	var groups []versionGroup
	err := s.ro.Raw(`SELECT r.regime, rr.right_code, rr.rule_version, count(*) AS n
		FROM requests r `+s.dialect.crossJoin()+` request_rights rr ON rr.request_id = r.id
		WHERE r.status IN `+openStatusesSQL+` AND rr.outcome = ?
		GROUP BY rr.right_code, r.regime, rr.rule_version`, string(backend.OutcomePending)).Scan(&groups).Error
	if err != nil {
		return nil, err
	}
	today, _, err := s.dashToday(s.ro)
	if err != nil {
		return nil, err
	}
	p, err := getPractice(s.ro)
	if err != nil {
		return nil, err
	}
	byRule := map[[2]string]*backend.RuleChange{}
	for _, g := range groups {
		rule, err := rules.Lookup(backend.Regime(g.Regime), backend.Right(g.RightCode))
		if err != nil || rule.Version == g.RuleVersion {
			continue // a pair the rules no longer grant cannot be recomputed; nothing to offer
		}
		k := [2]string{g.Regime, g.RightCode}
		c := byRule[k]
		if c == nil {
			c = &backend.RuleChange{Regime: rule.Regime, Right: rule.Right, CurrentVersion: rule.Version,
				Citation: rule.Citation, StoredVersions: []int{}, Affected: []backend.AffectedRight{}}
			byRule[k] = c
		}
		c.StoredVersions = append(c.StoredVersions, g.RuleVersion)
		c.Total += g.N
	}
	for _, c := range byRule {
		sort.Ints(c.StoredVersions)
		affected, err := s.affectedRights(s.ro, p, today, c.Regime, c.Right, c.CurrentVersion, nil, backend.MaxAffectedListed)
		if err != nil {
			return nil, err
		}
		for _, a := range affected {
			c.Affected = append(c.Affected, a.AffectedRight)
		}
		out = append(out, *c)
	}
	order := map[backend.Regime]int{}
	for i, g := range backend.Regimes {
		order[g] = i
	}
	rightOrder := map[backend.Right]int{}
	for i, t := range backend.Rights {
		rightOrder[t] = i
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Regime != out[j].Regime {
			return order[out[i].Regime] < order[out[j].Regime]
		}
		return rightOrder[out[i].Right] < rightOrder[out[j].Right]
	})
	return out, nil
}

// affected is one affected right with the request it belongs to, recomputed in memory.
type affected struct {
	backend.AffectedRight
	request backend.Request // with the right recomputed when Problem is empty
	before  backend.Request
}

// affectedRights loads the pending rights of open requests under regime whose stored
// version of right's rule differs from version, soonest stored due date first, and
// recomputes each in memory. refs, when given, limits them to those references;
// limit <= 0 means all.
func (s *Store) affectedRights(db *gorm.DB, p backend.Practice, today backend.Date, regime backend.Regime, right backend.Right, version int, refs []string, limit int) ([]affected, error) {
	q := db.Table("request_rights rr").Select("r.reference").
		Joins("JOIN requests r ON r.id = rr.request_id").
		Where("r.status IN "+openStatusesSQL+" AND rr.outcome = ? AND r.regime = ? AND rr.right_code = ? AND rr.rule_version <> ?",
			string(backend.OutcomePending), string(regime), string(right), version).
		Order("coalesce(rr.extended_to, " + s.dialect.least("coalesce(rr.promised_by, rr.respond_by)", "coalesce(rr.respond_by, rr.promised_by)") + "), r.id")
	if len(refs) > 0 {
		q = q.Where("r.reference IN ?", refs)
	}
	if limit > 0 {
		q = q.Limit(limit)
	}
	var found []string
	if err := q.Scan(&found).Error; err != nil {
		return nil, err
	}
	out := make([]affected, 0, len(found))
	for _, ref := range found {
		r, err := s.loadRequest(db, ref)
		if err != nil {
			return nil, err
		}
		rr := r.Right(right)
		if rr == nil {
			continue
		}
		a := affected{AffectedRight: backend.AffectedRight{Reference: r.Reference, Requester: r.Requester.Name,
			Status: r.Status, StoredVersion: rr.RuleVersion, DueOn: rr.DueDate()}, before: r}
		next := copyRequest(r)
		nr := next.Right(right)
		nr.RuleVersion = 0 // computeDeadlines recomputes exactly the rights without a version
		if err := computeDeadlinesAsOf(p, &next, false, today); err != nil {
			a.Problem = backend.ErrorMessage(err)
		} else {
			a.NewDueOn, a.NewBasis = nr.DueDate(), nr.Basis
			next.NextDue = next.ComputeNextDue()
			a.request = next
		}
		out = append(out, a)
	}
	return out, nil
}

// copyRequest copies the parts of r that recomputing changes.
func copyRequest(r backend.Request) backend.Request {
	c := r
	c.Rights = append([]backend.RequestRight(nil), r.Rights...)
	c.Pauses = append([]backend.Pause(nil), r.Pauses...)
	return c
}

// RecomputeRule applies the current version of the rule of regime and right to the
// pending rights of open requests that were computed with another version: those of
// refs, or all of them when refs is empty. Each request changed gets a timeline entry
// and an audit event with its dates before and after; the rule gets one audit event
// listing them. A right the current rule cannot be applied to as it stands (an extension
// taken beyond what it allows) is skipped with the reason. Everything is one transaction.
func (s *Store) RecomputeRule(regime backend.Regime, right backend.Right, refs []string) (backend.RecomputeResult, error) {
	rule, err := rules.Lookup(regime, right)
	if err != nil {
		return backend.RecomputeResult{}, err
	}
	for i := range refs {
		refs[i] = strings.ToUpper(strings.TrimSpace(refs[i]))
	}
	res := backend.RecomputeResult{Regime: regime, Right: right, Version: rule.Version,
		Recomputed: []backend.RecomputedRight{}, Skipped: []backend.AffectedRight{}}
	now := s.Now().UTC()
	err = s.db.Transaction(func(tx *gorm.DB) error {
		p, loc, err := practiceZone(tx)
		if err != nil {
			return err
		}
		today := backend.DateOf(now, loc)
		list, err := s.affectedRights(tx, p, today, regime, right, rule.Version, refs, 0)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return backend.Errorf(backend.ECONFLICT, "No open request uses another version of the %s %s rule.", regime.Label(), strings.ToLower(right.Label()))
		}
		for _, a := range list {
			if a.Problem != "" {
				res.Skipped = append(res.Skipped, a.AffectedRight)
				continue
			}
			r := a.request
			r.UpdatedAt = now
			if err := saveRequest(tx, &r); err != nil {
				return err
			}
			ev := backend.RequestEvent{Kind: backend.EventDeadlineRecomputed, FromStatus: r.Status, ToStatus: r.Status,
				Summary: fmt.Sprintf("%s deadline recomputed with rule version %d (was %d): %s → %s — %s",
					right.Label(), rule.Version, a.StoredVersion, dateOrNone(a.DueOn), dateOrNone(a.NewDueOn), rule.Citation)}
			if err := s.addRequestEvent(tx, r.ID, ev); err != nil {
				return err
			}
			if err := s.appendAudit(tx, "request", r.Reference, "recompute-deadline", stateOf(&a.before), stateOf(&r)); err != nil {
				return err
			}
			res.Recomputed = append(res.Recomputed, backend.RecomputedRight{Reference: r.Reference, From: a.DueOn, To: a.NewDueOn})
		}
		if len(res.Recomputed) == 0 {
			return nil // nothing changed, so nothing to audit
		}
		return s.appendAudit(tx, "rule", string(regime)+"/"+string(right), "recompute", nil, res)
	})
	if err != nil {
		return backend.RecomputeResult{}, err
	}
	return res, nil
}

func dateOrNone(d backend.Date) string {
	if d.IsZero() {
		return "no deadline"
	}
	return d.Long()
}
