package reporting_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"privacydesk/backend/internal/benchratio"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// BenchmarkPostgresExport is BenchmarkRequestsExport on PostgreSQL (the test cluster:
// `make bench` runs it under .ci/pg-cluster.sh): the CSV export of every request against
// the server's own CSV output of the same query (COPY ... TO STDOUT, the floor, as the
// sqlite3 tool's -csv is for the file; goal 1.5x), and the XLSX export against that floor
// (goal 2.5x). BENCH_PG_EXPORT requests (default 20000).
func BenchmarkPostgresExport(b *testing.B) {
	if !testpg.Enabled() {
		b.Skip("needs a PostgreSQL server: make bench runs it under .ci/pg-cluster.sh")
	}
	n := 20_000
	if v := os.Getenv("BENCH_PG_EXPORT"); v != "" {
		fmt.Sscan(v, &n)
	}
	location := testpg.URL(b)
	s := buildRequestsAt(b, location, n)
	svc := reporting.New(s)
	dir := b.TempDir()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, location)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	perOp := map[string]time.Duration{}
	run := func(name string, fn func()) {
		b.Run(name, func(b *testing.B) {
			fn() // warm the cache
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fn()
			}
			perOp[name] = b.Elapsed() / time.Duration(b.N)
		})
	}
	run("csv/copy", func() {
		out, err := os.Create(filepath.Join(dir, "floor.csv"))
		if err != nil {
			b.Fatal(err)
		}
		defer out.Close()
		if _, err := conn.PgConn().CopyTo(ctx, out, "COPY ("+storage.RequestsExportSQL+") TO STDOUT WITH (FORMAT csv, HEADER)"); err != nil {
			b.Fatal(err)
		}
	})
	for _, format := range []string{"csv", "xlsx"} {
		out := filepath.Join(dir, "requests."+format)
		run(format+"/export", func() {
			res, err := svc.Export(ctx, reporting.ExportRequest{Kind: "requests", Format: format, Out: out}, nil)
			if err != nil || res.Rows != int64(n) {
				b.Fatalf("%s: %d rows, %v", format, res.Rows, err)
			}
		})
	}
	k := fmt.Sprintf("%dk, PostgreSQL", n/1000)
	benchratio.Print("export csv / COPY TO csv ("+k+")", perOp["csv/export"], perOp["csv/copy"], 1.5)
	benchratio.Print("export xlsx / COPY TO csv ("+k+")", perOp["xlsx/export"], perOp["csv/copy"], 2.5)
}
