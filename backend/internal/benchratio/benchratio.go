// Package benchratio prints a benchmark's ratio against its floor in the one line format
// that `make bench` gathers into its closing table (.ci/bench-table.sh). A benchmark
// reports its ratio; it never fails on time: a ratio over its goal prints OVER.
package benchratio

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Out is where the lines go; benchmarks print rather than log, because a parent
// benchmark's log is hidden without -v.
var Out io.Writer = os.Stdout

// Line is the ratio line for name: ours against floor, and whether it is within goal.
func Line(name string, ours, floor time.Duration, goal float64) string {
	if ours <= 0 { // a -bench pattern left our side out: no ratio, rather than 0.00x "ok"
		return fmt.Sprintf("ratio %s: n/a (goal <= %gx) NOT-RUN (floor %v)", name, goal, round(floor))
	}
	if floor <= 0 {
		return fmt.Sprintf("ratio %s: n/a (goal <= %gx) NO-FLOOR (ours %v)", name, goal, round(ours))
	}
	r := float64(ours) / float64(floor)
	verdict := "ok"
	if r > goal {
		verdict = "OVER"
	}
	return fmt.Sprintf("ratio %s: %.2fx (goal <= %gx) %s (ours %v, floor %v)", name, r, goal, verdict, round(ours), round(floor))
}

// Print writes Line to Out.
func Print(name string, ours, floor time.Duration, goal float64) {
	fmt.Fprintln(Out, Line(name, ours, floor, goal))
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= 10*time.Microsecond:
		return d.Round(time.Microsecond)
	}
	return d
}
