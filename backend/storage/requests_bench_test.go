package storage

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
	"privacydesk/backend/rules"
)

// BenchmarkRequestList measures, on a database of 100,000 requests and 1,000,000 audit
// events built once per run, the first page of a filtered, sorted list and a search by
// name through ListRequests, each next to the same queries written directly in SQL
// (count, page, the page's rights) against the same file, and prints the ratios
// (the target: each at most 2x).
func BenchmarkRequestList(b *testing.B) {
	s := buildBenchDB(b, 100_000, 1_000_000)
	raw, err := sql.Open("sqlite3", "file:"+s.Path()+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)

	openStatuses := backend.OpenStatuses()
	listFilter := backend.RequestFilter{Status: openStatuses, Regime: []backend.Regime{backend.RegimeCCPA}, Sort: backend.SortDue, Limit: 100, Today: "2026-03-02"}
	searchFilter := backend.RequestFilter{Search: "nguyễn", Limit: 100, Today: "2026-03-02"}

	statusArgs := anyList(openStatuses)
	listWhere := "status IN (" + placeholders(len(openStatuses)) + ") AND regime = ?"
	listArgs := append(statusArgs, "ccpa")
	listSQL := func() (int64, int) {
		return rawPage(b, raw, listWhere, listArgs, "ORDER BY next_due IS NULL, next_due ASC, id ASC")
	}
	searchWhere := "id IN (SELECT docid FROM request_text WHERE request_text MATCH ?)"
	searchArgs := []any{`"nguyen*"`}
	searchSQL := func() (int64, int) {
		return rawPage(b, raw, searchWhere, searchArgs, "ORDER BY received_at DESC, id DESC")
	}

	// The two ways must find the same thing, or the comparison means nothing.
	for _, c := range []struct {
		name string
		f    backend.RequestFilter
		raw  func() (int64, int)
	}{{"list", listFilter, listSQL}, {"search", searchFilter, searchSQL}} {
		page, err := s.ListRequests(c.f)
		if err != nil {
			b.Fatal(err)
		}
		total, n := c.raw()
		if page.Total != total || len(page.Items) != n || n == 0 {
			b.Fatalf("%s: store found %d (page %d), SQL %d (page %d)", c.name, page.Total, len(page.Items), total, n)
		}
	}

	run := func(name string, fn func()) {
		b.Run(name, func(b *testing.B) {
			fn() // warm the cache
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fn()
			}
		})
	}
	storeList := func() {
		if _, err := s.ListRequests(listFilter); err != nil {
			b.Fatal(err)
		}
	}
	storeSearch := func() {
		if _, err := s.ListRequests(searchFilter); err != nil {
			b.Fatal(err)
		}
	}
	run("list/store", storeList)
	run("list/sql", func() { listSQL() })
	run("search/store", storeSearch)
	run("search/sql", func() { searchSQL() })

	// The ratios come from rounds that alternate the two ways, median of each, so a
	// machine busy with something else slows both alike.
	const rounds = 15
	times := map[string][]time.Duration{}
	for i := 0; i < rounds; i++ {
		for _, m := range []struct {
			name string
			fn   func()
		}{{"list/store", storeList}, {"list/sql", func() { listSQL() }}, {"search/store", storeSearch}, {"search/sql", func() { searchSQL() }}} {
			t0 := time.Now()
			m.fn()
			times[m.name] = append(times[m.name], time.Since(t0))
		}
	}
	med := func(name string) time.Duration {
		d := append([]time.Duration(nil), times[name]...)
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	benchratio.Print("list page / same SQL by hand (100k)", med("list/store"), med("list/sql"), 1.5)
	benchratio.Print("search / same SQL by hand (100k)", med("search/store"), med("search/sql"), 2)
}

// rawPage runs the queries ListRequests runs, by hand: the count, the page's ids in
// order, those rows, and their rights, scanning every column.
func rawPage(b *testing.B, db *sql.DB, where string, args []any, order string) (int64, int) {
	var total int64
	if err := db.QueryRow("SELECT count(*) FROM requests WHERE "+where, args...).Scan(&total); err != nil {
		b.Fatal(err)
	}
	idRows, err := db.Query("SELECT id FROM requests WHERE "+where+" "+order+" LIMIT 100 OFFSET 0", args...)
	if err != nil {
		b.Fatal(err)
	}
	var ids []any
	for idRows.Next() {
		var id int64
		if err := idRows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	idRows.Close()
	if len(ids) == 0 {
		return total, 0
	}
	rows, err := db.Query("SELECT * FROM requests WHERE id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		b.Fatal(err)
	}
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
	}
	rows.Close()
	rr, err := db.Query("SELECT * FROM request_rights WHERE request_id IN ("+placeholders(len(ids))+") ORDER BY request_id, position, id", ids...)
	if err != nil {
		b.Fatal(err)
	}
	rcols, _ := rr.Columns()
	rvals := make([]any, len(rcols))
	rptrs := make([]any, len(rcols))
	for i := range rvals {
		rptrs[i] = &rvals[i]
	}
	for rr.Next() {
		if err := rr.Scan(rptrs...); err != nil {
			b.Fatal(err)
		}
	}
	rr.Close()
	return total, len(ids)
}

// buildBenchDB writes a fresh database of n synthetic requests (with their rights,
// timelines and one audit event each) and tops the audit trail up to events.
func buildBenchDB(b *testing.B, n, events int) *Store {
	b.Helper()
	// PRIVACYDESK_BENCH_DB keeps the database between runs (for looking at query plans).
	path, keep := os.LookupEnv("PRIVACYDESK_BENCH_DB")
	if !keep {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	_, statErr := os.Stat(path)
	return buildBenchStore(b, path, n, events, keep && statErr == nil)
}

// buildBenchStore is buildBenchDB at location, a file or a postgres:// URL; built says
// the database there is the benchmark's already.
func buildBenchStore(b *testing.B, location string, n, events int, built bool) *Store {
	b.Helper()
	start := time.Now()
	s, err := Open(location)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC) }
	if built {
		return s
	}
	s.Actor = backend.Actor{OSUser: "bench", Staff: "Bench"}
	loc, _ := time.LoadLocation("America/Chicago")
	rng := rand.New(rand.NewPCG(1, 2))
	given := []string{"Emma", "Liam", "Sofía", "Łukasz", "Zoë", "José", "Chidi", "Priya", "Mei", "Jonas", "Ingrid", "Amara"}
	family := []string{"Smith", "García", "Nowak", "Nguyễn", "Okafor", "Müller", "Kim", "Patel", "O'Brien", "Rossi", "Andersson", "Núñez",
		"Brown", "Dubois", "Kowalski", "Hernández", "Mensah", "Chen", "Ivanova", "Cohen"}
	statuses := backend.Statuses
	const batch = 20_000
	for done := 0; done < n; done += batch {
		items := make([]BulkRequest, 0, batch)
		for i := done; i < min(done+batch, n); i++ {
			at := time.Date(2023, 3, 1, 9, 0, 0, 0, loc).Add(time.Duration(rng.IntN(1095*24*60)) * time.Minute)
			regime, right := inForce(rng, backend.DateOf(at, loc))
			st := statuses[rng.IntN(len(statuses))]
			r := backend.Request{Requester: backend.Person{Name: given[rng.IntN(len(given))] + " " + family[rng.IntN(len(family))],
				Email: fmt.Sprintf("person%d@example.net", i), Phone: fmt.Sprintf("+1 555 01%d %04d", rng.IntN(10), rng.IntN(10000))},
				SubmittedBy: backend.SubmittedBySelf, Channel: backend.Channels[rng.IntN(len(backend.Channels))],
				ReceivedAt: at, ReceivedDate: backend.DateOf(at, loc), Regime: regime, GuardianConsent: backend.ConsentNotApplicable,
				Assignee: []string{"Dana", "Jordan", ""}[rng.IntN(3)], Status: st, Notes: "Synthetic request for the benchmark.",
				Rights: []backend.RequestRight{{Right: right, Outcome: backend.OutcomePending}}}
			if st.Closed() {
				t := at.Add(30 * 24 * time.Hour)
				r.ClosedAt = &t
			}
			items = append(items, BulkRequest{Request: r, Events: []backend.RequestEvent{{Kind: backend.EventCreated, At: at, Summary: "Logged"}}})
		}
		if _, err := s.BulkCreateRequests(items, "benchmark"); err != nil {
			b.Fatal(err)
		}
	}
	for have := n; have < events; {
		k := min(100_000, events-have)
		rows := make([]auditRow, k)
		for i := range rows {
			rows[i] = auditRow{OSUser: "bench", Staff: "Bench", Entity: "request", EntityID: fmt.Sprintf("PR-2025-%04d", rng.IntN(9999)+1),
				Action: "transition", Before: `{"status":"received"}`, After: `{"status":"acknowledged","note":"Acknowledgment sent."}`}
		}
		if err := s.db.Transaction(func(tx *gorm.DB) error { return s.appendAuditBatch(tx, rows, s.Now()) }); err != nil {
			b.Fatal(err)
		}
		have += k
	}
	var reqs, audits int64
	s.db.Raw("SELECT count(*) FROM requests").Scan(&reqs)
	s.db.Raw("SELECT count(*) FROM audit_events").Scan(&audits)
	fmt.Printf("built %d requests and %d audit events in %v\n", reqs, audits, time.Since(start).Round(time.Millisecond))
	return s
}

// inForce picks a regime and a right it granted on day: a law or a right that took
// effect later (Florida's correction from 1 July 2024, the states' laws of 2025 and 2026)
// is not offered to an older request.
func inForce(rng *rand.Rand, day backend.Date) (backend.Regime, backend.Right) {
	for {
		regime := backend.Regimes[rng.IntN(len(backend.Regimes))]
		granted := regime.GrantedRights()
		r := granted[rng.IntN(len(granted))]
		if _, err := rules.LookupOn(regime, r, day); err == nil {
			return regime, r
		}
	}
}
