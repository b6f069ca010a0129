package benchratio

import (
	"strings"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	for _, c := range []struct {
		ours, floor time.Duration
		goal        float64
		want        string
	}{
		{30 * time.Millisecond, 20 * time.Millisecond, 2, "ratio x: 1.50x (goal <= 2x) ok (ours 30ms, floor 20ms)"},
		{50 * time.Millisecond, 20 * time.Millisecond, 2, "ratio x: 2.50x (goal <= 2x) OVER (ours 50ms, floor 20ms)"},
		{40 * time.Millisecond, 20 * time.Millisecond, 2, "ratio x: 2.00x (goal <= 2x) ok"},
		{time.Millisecond, 0, 1.5, "ratio x: n/a (goal <= 1.5x) NO-FLOOR"},
		{0, time.Second, 2.5, "ratio x: n/a (goal <= 2.5x) NOT-RUN"},
	} {
		if got := Line("x", c.ours, c.floor, c.goal); !strings.HasPrefix(got, c.want) {
			t.Errorf("Line(%v, %v, %g) = %q, want prefix %q", c.ours, c.floor, c.goal, got, c.want)
		}
	}
}
