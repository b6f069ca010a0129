package reporting_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
	"privacydesk/backend/reporting"
	"privacydesk/backend/rules"
	"privacydesk/backend/storage"
)

// BenchmarkRequestsExport measures, on a database of 100,000 requests built once per
// run, the CSV export of every request against the sqlite3 tool's own CSV output of the
// same query from the same file (the floor; goal 1.5x), the JSON export against the
// sqlite3 tool's -json output of that query (goal 1.5x), and the XLSX export against the
// CSV floor (goal 2.5x). It prints the ratios.
func BenchmarkRequestsExport(b *testing.B) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("the sqlite3 tool is not installed (apt-get install sqlite3): no floor to compare with")
	}
	s := buildRequests(b, 100_000)
	svc := reporting.New(s)
	dir := b.TempDir()
	ctx := context.Background()
	perOp := map[string]time.Duration{}
	run := func(name string, fn func()) {
		b.Run(name, func(b *testing.B) {
			fn() // warm the page cache
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fn()
			}
			perOp[name] = b.Elapsed() / time.Duration(b.N)
		})
	}
	for _, mode := range []string{"csv", "json"} {
		floorOut := filepath.Join(dir, "floor."+mode)
		args := []string{"-readonly", "-" + mode}
		if mode == "csv" {
			args = append(args, "-header")
		}
		run(mode+"/sqlite3", func() {
			out, err := os.Create(floorOut)
			if err != nil {
				b.Fatal(err)
			}
			cmd := exec.Command(sqlite3, append(args, s.Path(), storage.RequestsExportSQL)...)
			cmd.Stdout = out
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
			out.Close()
		})
	}
	for _, format := range []string{"csv", "json", "xlsx"} {
		out := filepath.Join(dir, "requests."+format)
		run(format+"/export", func() {
			res, err := svc.Export(ctx, reporting.ExportRequest{Kind: "requests", Format: format, Out: out}, nil)
			if err != nil || res.Rows != 100_000 {
				b.Fatalf("%s: %d rows, %v", format, res.Rows, err)
			}
		})
	}
	ratio := func(name, num, den string, goal float64) {
		benchratio.Print(name, perOp[num], perOp[den], goal)
	}
	ratio("export csv / sqlite3 -csv", "csv/export", "csv/sqlite3", 1.5)
	ratio("export json / sqlite3 -json", "json/export", "json/sqlite3", 1.5)
	ratio("export xlsx / sqlite3 -csv", "xlsx/export", "csv/sqlite3", 2.5)
}

// buildRequests writes a fresh database of n synthetic requests, each with one right
// and one timeline event, and checkpoints it so the floor reads everything from the file.
func buildRequests(b *testing.B, n int) *storage.Store {
	b.Helper()
	return buildRequestsAt(b, filepath.Join(b.TempDir(), "bench.db"), n)
}

// buildRequestsAt is buildRequests at location, a file or a postgres:// URL.
func buildRequestsAt(b *testing.B, location string, n int) *storage.Store {
	b.Helper()
	s, err := storage.Open(location)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "bench", Staff: "Bench"}
	loc, _ := time.LoadLocation("America/Chicago")
	rng := rand.New(rand.NewPCG(1, 2))
	given := []string{"Emma", "Liam", "Sofía", "Łukasz", "Zoë", "José", "Chidi", "Priya"}
	family := []string{"Smith", "García", "Nowak", "Nguyễn", "Okafor", "Müller", "O'Brien", "Núñez"}
	_, err = s.BulkCreateRequestsFunc(n, func(i int) (storage.BulkRequest, error) {
		at := time.Date(2023, 3, 1, 9, 0, 0, 0, loc).Add(time.Duration(rng.IntN(1095*24*60)) * time.Minute)
		regime, right := inForce(rng, backend.DateOf(at, loc))
		st := backend.Statuses[rng.IntN(len(backend.Statuses))]
		r := backend.Request{Requester: backend.Person{Name: given[rng.IntN(len(given))] + " " + family[rng.IntN(len(family))],
			Email: fmt.Sprintf("person%d@example.net", i)},
			SubmittedBy: backend.SubmittedBySelf, Channel: backend.Channels[rng.IntN(len(backend.Channels))],
			ReceivedAt: at, ReceivedDate: backend.DateOf(at, loc), Regime: regime, GuardianConsent: backend.ConsentNotApplicable,
			Status: st, Notes: "Synthetic request for the benchmark.",
			Rights: []backend.RequestRight{{Right: right, Outcome: backend.OutcomePending}}}
		if st.Closed() {
			t := at.Add(30 * 24 * time.Hour)
			r.ClosedAt = &t
		}
		return storage.BulkRequest{Request: r, Events: []backend.RequestEvent{{Kind: backend.EventCreated, At: at, Summary: "Logged"}}}, nil
	}, "benchmark")
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Checkpoint(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

// inForce picks a regime and a right it grants on day (a right a law added later is not
// granted before its date).
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
