package rules

import (
	"fmt"
	"sync"
)

var overrideMu sync.Mutex

// Override replaces the rule of r.Regime and r.Right until restore is called. It exists
// for tests of code that must react to a changed rule (a request keeps the version its
// dates were computed with; storage's rule-change tests need a version that moved): the
// app never changes its rules while running. Tests using it must not run in parallel.
func Override(r Rule) (restore func()) {
	overrideMu.Lock()
	defer overrideMu.Unlock()
	i, ok := index[key{r.Regime, r.Right}]
	if !ok {
		panic(fmt.Sprintf("rules.Override: no rule for %s %s", r.Regime, r.Right))
	}
	old := table[i]
	table[i] = r
	return func() {
		overrideMu.Lock()
		defer overrideMu.Unlock()
		table[i] = old
	}
}
