package storage

// BenchmarkDashboard measures the dashboard's queries at 100,000 requests (the database
// the requests benchmark builds, buildBenchDB), each next to the same question asked in
// SQL directly on the same file through a connection of its own (database/sql, no GORM,
// no mapping). Both run alternately in one loop so both see the same cache; each
// sub-benchmark reports ms-ours, ms-sql and their ratio, and prints it against its goal
// (at most 1.5x) for the table `make bench` ends with.
//
//	go test -run '^$' -bench Dashboard -benchtime 3x ./backend/storage/

import (
	"database/sql"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
)

const dashOpenStatuses = `('received','acknowledged','awaiting-identity','verified','in-progress','extended')`

func BenchmarkDashboard(b *testing.B) {
	s := buildBenchDB(b, 100_000, 100_000)
	raw, err := sql.Open("sqlite3", "file:"+s.Path()+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	today, err := s.Today()
	if err != nil {
		b.Fatal(err)
	}
	loc, _ := time.LoadLocation("America/Chicago")
	week := today.AddDays(backend.DueSoonDays).String()
	soon := today.AddDays(backend.AnnounceSoonDays).String()
	start := chartStart(today)

	// The data must exercise every card, or the comparison means little.
	c, err := s.DashboardCounts(today)
	if err != nil {
		b.Fatal(err)
	}
	if c.Overdue == 0 || c.DueWeek == 0 || c.AwaitingAck == 0 || c.AwaitingIdentity == 0 || c.Extended == 0 {
		b.Fatalf("the benchmark data leaves a card empty: %+v", c)
	}
	b.Logf("on %s: %+v", today, c)

	countsSQL := func() error {
		return dashDrain(raw, `SELECT count(*),
			sum(next_due < ?1), sum(next_due = ?1), sum(next_due >= ?1 AND next_due <= ?2),
			sum(status = 'received' AND EXISTS (SELECT 1 FROM request_rights a WHERE a.request_id = requests.id AND a.acknowledge_by IS NOT NULL)),
			sum(status = 'awaiting-identity'), sum(status = 'extended')
			FROM requests WHERE status IN `+dashOpenStatuses, today.String(), week)
	}
	cases := []struct {
		name         string
		ours, direct func() error
	}{
		{"counts", func() error { _, err := s.DashboardCounts(today); return err }, countsSQL},
		{"urgent", func() error { _, err := s.UrgentRequests(today, backend.DashboardUrgentLimit); return err },
			func() error { return dashUrgentDirect(raw, "", backend.DashboardUrgentLimit) }},
		{"announcements", func() error { _, err := s.AnnouncementsOn(today); return err },
			func() error { return dashUrgentDirect(raw, "AND next_due <= ?", maxAnnouncements, soon) }},
		{"screen", func() error { _, err := s.DashboardOn(today); return err }, func() error {
			// The whole screen: cards, urgency list, vendor alerts, the empty check.
			if err := countsSQL(); err != nil {
				return err
			}
			if err := dashUrgentDirect(raw, "", backend.DashboardUrgentLimit); err != nil {
				return err
			}
			for _, q := range []string{`SELECT count(*) FROM requests WHERE next_due IS NOT NULL`,
				`SELECT * FROM vendors ORDER BY name_key`, `SELECT * FROM vendor_data_categories`,
				`SELECT EXISTS (SELECT 1 FROM requests), EXISTS (SELECT 1 FROM vendors)`} {
				if err := dashDrain(raw, q); err != nil {
					return err
				}
			}
			return nil
		}},
		{"charts", func() error { _, err := s.DashboardChartsOn(today, loc); return err }, func() error {
			if err := dashDrain(raw, `SELECT substr(r.received_date, 1, 7) AS month, rr.right_code, count(*)
				FROM requests r CROSS JOIN request_rights rr ON rr.request_id = r.id
				WHERE r.received_date >= ? GROUP BY month, rr.right_code`, start.String()); err != nil {
				return err
			}
			// Per quarter of closing: closed, answered on time, and each quarter's days in
			// order for its median.
			closed := `WITH c AS (
				SELECT r.id, r.closed_on, julianday(r.closed_on) - julianday(r.received_date) AS days,
					max(coalesce(date(rr.outcome_at), r.closed_on) >
						coalesce(rr.extended_to, min(coalesce(rr.promised_by, rr.respond_by), coalesce(rr.respond_by, rr.promised_by)), '9999-12-31')) AS late
				FROM requests r CROSS JOIN request_rights rr ON rr.request_id = r.id
				WHERE r.closed_on IS NOT NULL AND r.closed_on >= ? AND r.status <> 'withdrawn' GROUP BY r.id)`
			quarter := `substr(closed_on, 1, 4) || '-Q' || ((cast(substr(closed_on, 6, 2) AS integer) + 2) / 3)`
			if err := dashDrain(raw, closed+` SELECT `+quarter+` AS quarter, count(*), sum(1 - late) FROM c GROUP BY quarter`, start.String()); err != nil {
				return err
			}
			return dashDrain(raw, closed+` SELECT `+quarter+` AS quarter, days FROM c ORDER BY quarter, days`, start.String())
		}},
		{"rules-affected", func() error { _, err := s.RulesAffected(); return err }, func() error {
			return dashDrain(raw, `SELECT r.regime, rr.right_code, rr.rule_version, count(*)
				FROM requests r CROSS JOIN request_rights rr ON rr.request_id = r.id
				WHERE r.status IN `+dashOpenStatuses+` AND rr.outcome = 'pending'
				GROUP BY rr.right_code, r.regime, rr.rule_version`)
		}},
	}
	for _, tc := range cases {
		var ours, direct time.Duration
		b.Run(tc.name, func(b *testing.B) { ours, direct = dashCompare(b, tc.ours, tc.direct) })
		benchratio.Print("dashboard "+tc.name+" / aggregate SQL (100k)", ours, direct, 1.5)
	}
}

// dashCompare runs ours and direct alternately, reports the time of each and their
// ratio, and returns the time of each per call. A query of a millisecond is noise at -benchtime 3x, so
// each of the b.N iterations runs enough alternating rounds to take about 200 ms.
func dashCompare(b *testing.B, ours, direct func() error) (time.Duration, time.Duration) {
	b.Helper()
	// Warm the cache, check both answer, and time one round.
	t0 := time.Now()
	if err := ours(); err != nil {
		b.Fatal(err)
	}
	if err := direct(); err != nil {
		b.Fatal(err)
	}
	rounds := max(1, min(200, int(200*time.Millisecond/max(time.Since(t0), time.Microsecond))))
	var tOurs, tDirect time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for r := 0; r < rounds; r++ {
			t0 := time.Now()
			if err := ours(); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if err := direct(); err != nil {
				b.Fatal(err)
			}
			tOurs += t1.Sub(t0)
			tDirect += time.Since(t1)
		}
	}
	b.StopTimer()
	n := float64(b.N * rounds)
	b.ReportMetric(float64(tOurs.Microseconds())/n/1000, "ms-ours")
	b.ReportMetric(float64(tDirect.Microseconds())/n/1000, "ms-sql")
	b.ReportMetric(float64(tOurs)/float64(tDirect), "ratio")
	return time.Duration(float64(tOurs) / n), time.Duration(float64(tDirect) / n)
}

// dashDrain reads every row of a query into plain values, as the direct side.
func dashDrain(db *sql.DB, q string, args ...any) error {
	rows, err := db.Query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// dashUrgentDirect is the urgency list in SQL: the soonest deadlines and the clocks of
// their pending rights.
func dashUrgentDirect(db *sql.DB, extra string, limit int, args ...any) error {
	rows, err := db.Query(`SELECT id, reference, requester_name, regime, status, received_date, next_due
		FROM requests WHERE next_due IS NOT NULL `+extra+` ORDER BY next_due, id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return err
	}
	var ids []any
	for rows.Next() {
		var id int64
		var ref, name, regime, status, received, due string
		if err := rows.Scan(&id, &ref, &name, &regime, &status, &received, &due); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil
	}
	return dashDrain(db, `SELECT request_id, right_code, acknowledge_by, respond_by, promised_by, extended_to, rule_version, citation, basis
		FROM request_rights WHERE request_id IN (`+placeholders(len(ids))+`) AND outcome = 'pending' ORDER BY request_id, position, id`, ids...)
}
