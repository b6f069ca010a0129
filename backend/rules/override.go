package rules

import (
	"fmt"
	"sync"
)

var overrideMu sync.Mutex

// Override replaces the rule row of r.Regime and r.Right with r's EffectiveFrom (or, when
// r.EffectiveFrom is zero, the current row) until restore is called, and gives every row
// of the pair r.Version (a pair's rows share one version). It exists for tests of code
// that must react to a changed rule: the app never changes its rules while running.
// Tests using it must not run in parallel.
func Override(r Rule) (restore func()) {
	overrideMu.Lock()
	defer overrideMu.Unlock()
	t, rows := table(), index()[key{r.Regime, r.Right}]
	if len(rows) == 0 {
		panic(fmt.Sprintf("rules.Override: no rule for %s %s", r.Regime, r.Right))
	}
	at := rows[len(rows)-1]
	if !r.EffectiveFrom.IsZero() {
		at = -1
		for _, i := range rows {
			if t[i].EffectiveFrom.Equal(r.EffectiveFrom) {
				at = i
			}
		}
		if at < 0 {
			panic(fmt.Sprintf("rules.Override: no rule for %s %s from %s", r.Regime, r.Right, r.EffectiveFrom))
		}
	} else {
		r.EffectiveFrom = t[at].EffectiveFrom
	}
	old := make(map[int]Rule, len(rows))
	for _, i := range rows {
		old[i] = t[i]
		t[i].Version = r.Version
	}
	t[at] = r
	return func() {
		overrideMu.Lock()
		defer overrideMu.Unlock()
		for i, o := range old {
			t[i] = o
		}
	}
}
