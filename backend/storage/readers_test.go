package storage

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

// While a write holds the database's one writer connection (a long import, say), the
// request list, the dashboard, its charts and an export still answer: they read through
// the read-only pool, and see what was committed before the write began.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	s := newTestStore(t)
	mustCreateRequest(t, s, reqInput("Ana Reader", "ana@example.com", backend.RegimeCCPA, "2026-02-20", backend.RightAccess))

	// Hold the writer: an open write transaction with an uncommitted request in it.
	tx := s.db.Begin()
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	defer tx.Rollback()
	if err := tx.Exec("UPDATE requests SET notes = 'uncommitted'").Error; err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		page, err := s.ListRequests(backend.RequestFilter{Limit: 10, Today: "2026-03-02"})
		if err == nil && (page.Total != 1 || page.Items[0].Notes == "uncommitted") {
			err = fmt.Errorf("list read %d requests, notes %q: want 1 committed request", page.Total, page.Items[0].Notes)
		}
		if err == nil {
			_, err = s.DashboardOn(backend.NewDate(2026, time.March, 2))
		}
		if err == nil {
			_, err = s.DashboardCharts()
		}
		n := 0
		if err == nil {
			err = s.EachRequest(backend.RequestFilter{Today: "2026-03-02"}, func(backend.Request) error { n++; return nil })
		}
		if err == nil && n != 1 {
			err = fmt.Errorf("EachRequest saw %d requests, want 1", n)
		}
		done <- err
	}()
	// Generous: the reads take milliseconds; through the writer they would wait for the
	// transaction above, which this test holds open until they are done.
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the reads waited for the open write transaction")
	}
}

// The read pool cannot write, even by mistake.
func TestReadPoolRefusesWrites(t *testing.T) {
	s := newTestStore(t)
	err := s.ro.Exec("UPDATE practice SET name = 'x'").Error
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "readonly") && !strings.Contains(strings.ToLower(err.Error()), "read-only") && !strings.Contains(strings.ToLower(err.Error()), "read only") {
		t.Fatalf("a write through the read pool: %v, want a read-only error", err)
	}
}
