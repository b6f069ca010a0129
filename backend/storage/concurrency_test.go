package storage

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"privacydesk/backend"
)

// Several desks logging requests at the same moment: on PostgreSQL the writers really run
// at once (a pool of connections), on SQLite they take turns. Either way every request
// gets its own reference, the year's numbers have no gap, and the audit trail is one
// intact chain with one event per request.
func TestConcurrentIntakeKeepsReferencesAndOneChain(t *testing.T) {
	s := newTestStore(t)
	const desks, each = 6, 5
	var mu sync.Mutex
	var refs []string
	var wg sync.WaitGroup
	errs := make(chan error, desks*each)
	for d := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r, err := s.CreateRequest(reqInput(fmt.Sprintf("Desk%d Person%d", d, i), fmt.Sprintf("desk%d.person%d@example.com", d, i), backend.RegimeCCPA, "2026-02-20", backend.RightAccess))
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				refs = append(refs, r.Reference)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent intake: %v", err)
	}
	sort.Strings(refs)
	for i, ref := range refs {
		if want := formatReference(2026, i+1); ref != want {
			t.Fatalf("references %v: number %d is %s, want %s (a duplicate or a gap)", refs, i+1, ref, want)
		}
	}
	if len(refs) != desks*each {
		t.Fatalf("%d requests logged, want %d", len(refs), desks*each)
	}
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK {
		t.Fatalf("audit chain after concurrent intake: %+v %v", rep, err)
	}
	var events int64
	if err := s.db.Raw(`SELECT count(*) FROM audit_events WHERE entity = 'request' AND action = 'create'`).Scan(&events).Error; err != nil || events != desks*each {
		t.Errorf("%d request events, want %d (%v)", events, desks*each, err)
	}
}

// Changes that share nothing but the audit trail (here events of their own) append to it
// at once: every one is kept, one after the other in one chain, none refused.
func TestConcurrentWritersAppendOneChain(t *testing.T) {
	s := newTestStore(t)
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := s.RecordEvent("export", fmt.Sprintf("desk-%d-%d", w, i), "export", map[string]int{"desk": w}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent append: %v", err)
	}
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK || rep.Count != writers*each {
		t.Fatalf("audit chain after concurrent appends: %+v %v (want %d events)", rep, err, writers*each)
	}
}
