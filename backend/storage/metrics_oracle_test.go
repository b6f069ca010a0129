package storage

import (
	"fmt"
	"math"
	"privacydesk/backend"
	"sort"
	"strings"
	"testing"
	"time"
)

// Metrics as computed in Go before SQLite did it: kept as the oracle the SQL is tested against.

// metricsGo is Metrics as computed in Go before SQLite did it: the test oracle.
func (s *Store) metricsGo(year int) (backend.Metrics, error) {
	_, loc, err := practiceZone(s.ro)
	if err != nil {
		return backend.Metrics{}, err
	}
	var rows []struct {
		Regime, RightCode, ReceivedDate, Outcome string
		OutcomeAt                                *string
	}
	err = s.ro.Raw(`SELECT r.regime, rr.right_code, r.received_date, rr.outcome, rr.outcome_at
		FROM request_rights rr JOIN requests r ON r.id = rr.request_id
		WHERE r.received_date >= ? AND r.received_date <= ?`,
		fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)).Scan(&rows).Error
	if err != nil {
		return backend.Metrics{}, err
	}
	type key struct{ regime, right string }
	acc := map[key]*backend.MetricRow{}
	days := map[key][]int{}
	for _, r := range rows {
		k := key{r.Regime, r.RightCode}
		m := acc[k]
		if m == nil {
			m = &backend.MetricRow{Regime: backend.Regime(r.Regime), Right: backend.Right(r.RightCode)}
			acc[k] = m
		}
		m.Received++
		switch backend.Outcome(r.Outcome) {
		case backend.OutcomeGranted, backend.OutcomePartiallyGranted:
			m.Complied++
		case backend.OutcomeDenied:
			m.Denied++
		default:
			m.Pending++
			continue
		}
		received, err1 := backend.ParseDate(r.ReceivedDate)
		if r.OutcomeAt == nil || err1 != nil {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, *r.OutcomeAt)
		if err != nil {
			continue
		}
		days[k] = append(days[k], received.DaysUntil(backend.DateOf(at, loc)))
	}
	out := backend.Metrics{Year: year, Rows: []backend.MetricRow{}}
	var all []int
	for k, m := range acc {
		d := days[k]
		m.Responded = len(d)
		m.MedianDays, m.MeanDays = dayStats(d)
		out.Rows = append(out.Rows, *m)
		all = append(all, d...)
		out.All.Received += m.Received
		out.All.Complied += m.Complied
		out.All.Denied += m.Denied
		out.All.Pending += m.Pending
	}
	out.All.Responded = len(all)
	out.All.MedianDays, out.All.MeanDays = dayStats(all)
	sortMetricRows(out.Rows)
	return out, nil
}

// dayStats is the median and the mean (to one decimal) of d, which it sorts; nil when
// d is empty.
func dayStats(d []int) (median, mean *float64) {
	if len(d) == 0 {
		return nil, nil
	}
	sort.Ints(d)
	med := float64(d[len(d)/2])
	if len(d)%2 == 0 {
		med = float64(d[len(d)/2-1]+d[len(d)/2]) / 2
	}
	sum := 0
	for _, x := range d {
		sum += x
	}
	avg := math.Round(float64(sum)/float64(len(d))*10) / 10
	return &med, &avg
}

// The yearly metrics from SQL equal the Go computation, row by row, medians and means
// included.
func TestMetricsSQLMatchesGo(t *testing.T) {
	s, _ := oracleStore(t)
	for _, year := range []int{2025, 2026, 2024} {
		want, err := s.metricsGo(year)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Metrics(year)
		if err != nil {
			t.Fatal(err)
		}
		if year != 2024 && (len(want.Rows) < 5 || want.All.Denied == 0 || want.All.Responded < 50) {
			t.Fatalf("%d: the data tests little: %+v", year, want.All)
		}
		if g, w := metricsText(got), metricsText(want); g != w {
			t.Errorf("%d:\n SQL %s\n Go  %s", year, g, w)
		}
	}
}

func metricsText(m backend.Metrics) string {
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	row := func(r backend.MetricRow) string {
		return fmt.Sprintf("%s/%s %d %d %d %d %d %s %s", r.Regime, r.Right, r.Received, r.Complied, r.Denied, r.Pending, r.Responded, f(r.MedianDays), f(r.MeanDays))
	}
	var b strings.Builder
	for _, r := range m.Rows {
		b.WriteString(row(r) + "; ")
	}
	return b.String() + "all " + row(m.All)
}
