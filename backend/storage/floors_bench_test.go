package storage

import (
	"database/sql"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
)

// BenchmarkListFloors measures the request list against the fastest way to get the same
// page, written independently of the store: a deep page in due-date order against a
// keyset (seek) page read through database/sql from the due-date index, and a name
// search against the bare full-text query on the same index. Sizes from BENCH_SIZES
// (requests, comma separated; default 10000,100000; `make bench BENCH_SIZES=...,300000`).
// It prints one ratio line per size for `make bench`'s table, and the growth of each.
//
//	go test -run '^$' -bench ListFloors -benchtime 1x ./backend/storage/
func BenchmarkListFloors(b *testing.B) {
	// The sub-benchmark times the store's deep page; the ratios come from alternating
	// rounds, measured here once per size (a parent benchmark runs once).
	sizes := benchSizes()
	dash := map[int]map[string]time.Duration{}
	for _, n := range sizes {
		dash[n] = listFloors(b, n)
	}
	printGrowth(sizes, dash, "")
}

// printGrowth prints each dashboard query's time per request from the smallest size to
// each larger one; 1x is linear, more grows faster than the data.
func printGrowth(sizes []int, dash map[int]map[string]time.Duration, engine string) {
	for _, n := range sizes[1:] {
		for _, q := range []string{"screen", "charts", "rules-affected"} {
			base, at := dash[sizes[0]][q], dash[n][q]
			benchratio.Print(fmt.Sprintf("dashboard %s growth per request, %dk over %dk%s", q, n/1000, sizes[0]/1000, engine),
				at*time.Duration(sizes[0])/time.Duration(n), base, 1.5)
		}
	}
}

func benchSizes() []int { return sizesFrom("BENCH_SIZES", "10000,100000") }

// sizesFrom are the sizes the variable lists (else def), comma separated.
func sizesFrom(variable, def string) []int {
	spec := os.Getenv(variable)
	if spec == "" {
		spec = def
	}
	var out []int
	for _, f := range strings.Split(spec, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func listFloors(b *testing.B, n int) map[string]time.Duration {
	s := buildBenchDB(b, n, 0)
	raw, err := sql.Open("sqlite3", "file:"+s.Path()+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	return floorsOn(b, s, raw, n)
}

// floorsOn prints the list and search ratios of s, a store of n benchmark requests,
// against the floors read through raw, a connection of its own to the same database,
// and returns the dashboard's times. On PostgreSQL the lines say so and the search floor
// is its full-text query.
func floorsOn(b *testing.B, s *Store, raw *sql.DB, n int) map[string]time.Duration {
	engine, ftsQuery := "", `SELECT r.id FROM requests r WHERE r.id IN (SELECT docid FROM request_text WHERE request_text MATCH 'nguyen*')
			ORDER BY r.received_at DESC, r.id DESC LIMIT 100`
	if s.dialect == postgresDialect {
		engine, ftsQuery = ", PostgreSQL", `SELECT r.id FROM requests r WHERE r.id IN (SELECT docid FROM request_text WHERE words @@ to_tsquery('simple', 'nguyen:*'))
			ORDER BY r.received_at DESC, r.id DESC LIMIT 100`
	}
	depth := n * 6 / 10 // a page well down the list
	// The page before it, read once: ours continues after its cursor, the floor after its
	// last row's key.
	before, err := s.ListRequests(backend.RequestFilter{Sort: backend.SortDue, Offset: depth - 100, Limit: 100, Today: "2026-03-02"})
	if err != nil || before.Next == "" {
		b.Fatalf("the page before row %d: %v", depth, err)
	}
	deep := backend.RequestFilter{Sort: backend.SortDue, After: before.Next, Limit: 100, Today: "2026-03-02"}
	var afterDue string
	var afterID int64
	if err := raw.QueryRow(`SELECT coalesce(next_due, '9999-12-31'), id FROM requests ORDER BY coalesce(next_due, '9999-12-31'), id LIMIT 1 OFFSET ?`, depth-1).
		Scan(&afterDue, &afterID); err != nil {
		b.Fatal(err)
	}
	keyset := func() []int64 {
		return floorPage(b, raw, `SELECT id FROM requests WHERE (coalesce(next_due, '9999-12-31'), id) > (?, ?)
			ORDER BY coalesce(next_due, '9999-12-31'), id LIMIT 100`, afterDue, afterID)
	}
	search := backend.RequestFilter{Search: "nguyễn", Limit: 100, Today: "2026-03-02"}
	fts := func() []int64 { return floorPage(b, raw, ftsQuery) }
	ours := func(f backend.RequestFilter) func() []int64 {
		return func() []int64 {
			page, err := s.ListRequests(f)
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]int64, len(page.Items))
			for i, r := range page.Items {
				ids[i] = r.ID
			}
			return ids
		}
	}
	for _, c := range []struct {
		name        string
		ours, floor func() []int64
		goal        float64
	}{
		{fmt.Sprintf("list page at row %d by due date / keyset page (%dk%s)", depth, n/1000, engine), ours(deep), keyset, 1.5},
		{fmt.Sprintf("search / full-text query (%dk%s)", n/1000, engine), ours(search), fts, 2},
	} {
		// The same rows, or the comparison means nothing.
		if a, f := c.ours(), c.floor(); fmt.Sprint(a) != fmt.Sprint(f) || len(a) == 0 {
			b.Fatalf("%s: ours %d rows %v…, floor %d rows %v…", c.name, len(a), head(a), len(f), head(f))
		}
		b.Run(fmt.Sprintf("%dk/%s", n/1000, strings.Fields(c.name)[0]), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				c.ours()
			}
		})
		o, fl := alternate(c.ours, c.floor, 9)
		benchratio.Print(c.name, o, fl, c.goal)
	}
	// The dashboard's own time at this size, for the growth lines.
	today := backend.NewDate(2026, time.March, 2)
	loc, _ := time.LoadLocation("America/Chicago")
	out := map[string]time.Duration{}
	for name, fn := range map[string]func(){
		"screen": func() {
			if _, err := s.DashboardOn(today); err != nil {
				b.Fatal(err)
			}
		},
		"charts": func() {
			if _, err := s.DashboardChartsOn(today, loc); err != nil {
				b.Fatal(err)
			}
		},
		"rules-affected": func() {
			if _, err := s.RulesAffected(); err != nil {
				b.Fatal(err)
			}
		},
	} {
		out[name], _ = alternate(func() int { fn(); return 0 }, func() int { return 0 }, 5)
	}
	return out
}

func head(ids []int64) []int64 { return ids[:min(3, len(ids))] }

// floorPage reads a page of ids by query, then those rows and their rights, as the list does.
func floorPage(b *testing.B, db *sql.DB, q string, args ...any) []int64 {
	rows, err := db.Query(q, args...)
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	var anyIDs []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
		anyIDs = append(anyIDs, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil
	}
	for _, q := range []string{"SELECT * FROM requests WHERE id IN (%s)", "SELECT * FROM request_rights WHERE request_id IN (%s)"} {
		if err := dashDrain(db, fmt.Sprintf(q, placeholders(len(anyIDs))), anyIDs...); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// alternate runs a and b in turn rounds times and returns the median time of each: a
// machine busy with something else slows both alike.
func alternate[T any](a, f func() T, rounds int) (time.Duration, time.Duration) {
	var ta, tf []time.Duration
	a()
	f()
	for i := 0; i < rounds; i++ {
		t0 := time.Now()
		a()
		t1 := time.Now()
		f()
		ta, tf = append(ta, t1.Sub(t0)), append(tf, time.Since(t1))
	}
	med := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	return med(ta), med(tf)
}
