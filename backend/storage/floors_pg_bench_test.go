package storage

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
	"privacydesk/internal/testpg"
)

// BenchmarkPostgresFloors is BenchmarkListFloors and the dashboard's aggregate floors on
// PostgreSQL (the test cluster: `make bench` runs it under .ci/pg-cluster.sh when
// PostgreSQL is there or installable): the list's deep page against a keyset page, the
// search against the bare full-text (tsvector) query, the dashboard's counts and
// rules-affected against the same aggregate in SQL, and the dashboard's growth per
// request, each a ratio line ending in ", PostgreSQL" against the same goals. Sizes from
// BENCH_PG_SIZES (default 2000,10000: building on a server costs more than in a file).
//
//	bash .ci/pg-cluster.sh go test -run '^$' -bench PostgresFloors -benchtime 1x ./backend/storage/
func BenchmarkPostgresFloors(b *testing.B) {
	if !testpg.Enabled() {
		b.Skip("needs a PostgreSQL server: make bench runs it under .ci/pg-cluster.sh")
	}
	sizes := sizesFrom("BENCH_PG_SIZES", "2000,10000")
	dash := map[int]map[string]time.Duration{}
	for _, n := range sizes {
		location := testpg.URL(b)
		s := buildBenchStore(b, location, n, 0, false)
		cfg, err := pgx.ParseConfig(location)
		if err != nil {
			b.Fatal(err)
		}
		raw := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
		raw.SetMaxOpenConns(1)
		if err := s.db.Exec("ANALYZE").Error; err != nil { // the plans of a freshly loaded database
			b.Fatal(err)
		}
		dash[n] = floorsOn(b, s, raw, n)
		pgDashboardFloors(b, s, raw, n)
		raw.Close()
		s.Close()
	}
	printGrowth(sizes, dash, ", PostgreSQL")
}

// pgDashboardFloors prints the dashboard's counts and rules-affected against the same
// aggregates asked in SQL through raw.
func pgDashboardFloors(b *testing.B, s *Store, raw *sql.DB, n int) {
	today, err := s.Today()
	if err != nil {
		b.Fatal(err)
	}
	week := today.AddDays(backend.DueSoonDays).String()
	day := today.String()
	for _, tc := range []struct {
		name         string
		ours, direct func() error
	}{
		{"counts", func() error { _, err := s.DashboardCounts(today); return err }, func() error {
			return dashDrain(raw, `SELECT count(*),
				count(*) FILTER (WHERE next_due < ?), count(*) FILTER (WHERE next_due = ?), count(*) FILTER (WHERE next_due >= ? AND next_due <= ?),
				count(*) FILTER (WHERE status = 'received' AND EXISTS (SELECT 1 FROM request_rights a WHERE a.request_id = requests.id AND a.acknowledge_by IS NOT NULL)),
				count(*) FILTER (WHERE status = 'awaiting-identity'), count(*) FILTER (WHERE status = 'extended')
				FROM requests WHERE status IN `+dashOpenStatuses, day, day, day, week)
		}},
		{"rules-affected", func() error { _, err := s.RulesAffected(); return err }, func() error {
			return dashDrain(raw, `SELECT r.regime, rr.right_code, rr.rule_version, count(*)
				FROM requests r JOIN request_rights rr ON rr.request_id = r.id
				WHERE r.status IN `+dashOpenStatuses+` AND rr.outcome = 'pending'
				GROUP BY rr.right_code, r.regime, rr.rule_version`)
		}},
	} {
		var ours, direct time.Duration
		b.Run(tc.name, func(b *testing.B) { ours, direct = dashCompare(b, tc.ours, tc.direct) })
		benchratio.Print(fmt.Sprintf("dashboard %s / aggregate SQL (%dk, PostgreSQL)", tc.name, n/1000), ours, direct, 1.5)
	}
}
