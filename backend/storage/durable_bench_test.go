package storage

import (
	"fmt"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
)

// BenchmarkDurableWrites measures what synchronous=FULL costs, the setting that makes a
// write the app acknowledged survive a power cut (WAL with NORMAL may lose the last
// transactions): logging a request, each in its own transaction with its audit event, on
// a store as the app opens it, against the same store with synchronous=NORMAL.
//
//	go test -run '^$' -bench DurableWrites -benchtime 1x ./backend/storage/
func BenchmarkDurableWrites(b *testing.B) {
	const n = 200
	add := func(s *Store, from int) time.Duration {
		t0 := time.Now()
		for i := from; i < from+n; i++ {
			in := reqInput(fmt.Sprintf("Durable %d", i), fmt.Sprintf("d%d@example.com", i), backend.RegimeCCPA, "2026-02-27", backend.RightAccess)
			if _, err := s.CreateRequest(in); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(t0) / n
	}
	full, normal := newTestStore(b), newTestStore(b)
	if err := normal.db.Exec("PRAGMA synchronous=NORMAL").Error; err != nil {
		b.Fatal(err)
	}
	var mode int
	full.db.Raw("PRAGMA synchronous").Scan(&mode)
	if mode != 2 {
		b.Fatalf("the app's store runs with synchronous=%d, want 2 (FULL)", mode)
	}
	var tf, tn time.Duration
	for round := 0; round < 3; round++ { // alternating, so a busy moment slows both
		tf += add(full, round*n)
		tn += add(normal, round*n)
	}
	b.ReportMetric(float64(tf.Microseconds())/3, "us-full/op")
	b.ReportMetric(float64(tn.Microseconds())/3, "us-normal/op")
	benchratio.Print("request add, synchronous=FULL / NORMAL (durability's cost)", tf, tn, 2)
	// A sub-benchmark makes this one a parent, which runs once whatever -benchtime says.
	b.Run("full", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			add(full, 10_000+i*n)
		}
	})
}
