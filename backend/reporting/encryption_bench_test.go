package reporting_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/demo"
	"privacydesk/backend/internal/benchratio"
	"privacydesk/backend/letters"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
)

// BenchmarkEncryptionCost measures what encryption at rest (SQLCipher) costs: the request
// list's first page, the CSV export of every request and a letter made and kept, each on
// the encrypted store against the same database unencrypted (the same file before
// storage.EncryptCopy), in rounds that alternate the two, and prints the ratios of the
// medians (goal: each at most 1.3x). BENCH_ENCRYPTION_N sets the number of requests
// (default 100,000).
//
//	go test -run '^$' -bench EncryptionCost -benchtime 1x ./backend/reporting/
func BenchmarkEncryptionCost(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_ENCRYPTION_N")); err == nil && v > 0 {
		n = v
	}
	plain := buildRequests(b, n)
	ctx := context.Background()
	page, err := plain.ListRequests(backend.RequestFilter{Status: []backend.Status{backend.StatusReceived}, Limit: 1, Today: "2026-03-02"})
	if err != nil || len(page.Items) == 0 {
		b.Fatalf("no request to write letters for: %v", err)
	}
	ref := page.Items[0].Reference
	if _, err := plain.SavePractice(demo.ExamplePractice()); err != nil {
		b.Fatal(err)
	}
	// The encrypted store: a copy of the same database under a key (the store is closed
	// for the copy, as the upgrade does, and opened again).
	path := plain.Path()
	plain.Close()
	encPath := filepath.Join(b.TempDir(), "encrypted.db")
	key := bytes.Repeat([]byte{0x5a}, storage.KeySize)
	if err := storage.EncryptCopy(path, encPath, key); err != nil {
		b.Fatal(err)
	}
	open := func(p string, k []byte) *storage.Store {
		s, err := storage.OpenKeyed(p, k)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC) }
		s.Actor = backend.Actor{OSUser: "bench", Staff: "Bench"}
		return s
	}
	if st, err := os.Stat(encPath); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "MiB-db")
	}
	stores := map[string]*storage.Store{"plain": open(path, nil), "encrypted": open(encPath, key)}
	if !stores["encrypted"].Encrypted() || stores["plain"].Encrypted() {
		b.Fatal("the stores are not what they are named")
	}
	out := b.TempDir()
	list := backend.RequestFilter{Status: backend.OpenStatuses(), Sort: backend.SortDue, Limit: 100, Today: "2026-03-02"}
	work := map[string]func(s *storage.Store){
		"list": func(s *storage.Store) {
			if _, err := s.ListRequests(list); err != nil {
				b.Fatal(err)
			}
		},
		"export": func(s *storage.Store) {
			res, err := reporting.New(s).Export(ctx, reporting.ExportRequest{Kind: "requests", Format: "csv", Out: filepath.Join(out, "requests.csv")}, nil)
			if err != nil || res.Rows != int64(n) {
				b.Fatalf("export: %d rows, %v", res.Rows, err)
			}
		},
		"letter": func(s *storage.Store) {
			_, err := correspondence.New(s).CreateLetter(ctx, correspondence.LetterInput{RequestRef: ref, Kind: letters.KindAcknowledgment, AcceptWarnings: true})
			if err != nil {
				b.Fatal(err)
			}
		},
	}
	names := []string{"list", "export", "letter"}
	rounds := map[string]int{"list": 31, "export": 5, "letter": 21}
	times := map[string][]time.Duration{}
	for _, w := range names {
		for _, which := range []string{"plain", "encrypted"} {
			work[w](stores[which]) // warm the cache
		}
		for i := 0; i < rounds[w]; i++ {
			for _, which := range []string{"plain", "encrypted"} {
				t0 := time.Now()
				work[w](stores[which])
				times[w+"/"+which] = append(times[w+"/"+which], time.Since(t0))
			}
		}
	}
	med := func(name string) time.Duration {
		d := append([]time.Duration(nil), times[name]...)
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	label := map[string]string{"list": "request list page", "export": "export csv", "letter": "letter made and kept"}
	for _, w := range names {
		benchratio.Print(label[w]+", encrypted / unencrypted store ("+strconv.Itoa(n/1000)+"k)", med(w+"/encrypted"), med(w+"/plain"), 1.3)
	}
	// A sub-benchmark makes this one a parent, which runs once whatever -benchtime says.
	b.Run("list/encrypted", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			work["list"](stores["encrypted"])
		}
	})
}
