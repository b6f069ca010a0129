package storage

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// behindCounter puts the year's reference counter back to last, as a database whose
// counter lost track of the references in use would have it.
func behindCounter(t *testing.T, s *Store, year, last int) {
	t.Helper()
	if err := s.db.Exec(`UPDATE request_sequences SET last = ? WHERE year = ?`, last, year).Error; err != nil {
		t.Fatal(err)
	}
}

// A generated reference that another request already holds is not an error: intake at
// several desks at once (really at once on PostgreSQL) takes the next free numbers, past
// the highest one in use, and the counter follows, so the next request goes on from there.
func TestCreateRequestSkipsATakenReference(t *testing.T) {
	s := newTestStore(t)
	for i := range 3 {
		mustCreateRequest(t, s, reqInput(fmt.Sprintf("Held %d", i), fmt.Sprintf("held%d@example.com", i), backend.RegimeCCPA, "2026-02-20", backend.RightAccess))
	}
	behindCounter(t, s, 2026, 1)
	const desks = 4
	var mu sync.Mutex
	var refs []string
	var wg sync.WaitGroup
	for d := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.CreateRequest(reqInput(fmt.Sprintf("Desk %d", d), fmt.Sprintf("desk%d@example.com", d), backend.RegimeCCPA, "2026-02-21", backend.RightAccess))
			if err != nil {
				t.Errorf("desk %d: %v (%s)", d, err, backend.ErrorCode(err))
				return
			}
			mu.Lock()
			refs = append(refs, r.Reference)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Strings(refs)
	if want := []string{"PR-2026-0004", "PR-2026-0005", "PR-2026-0006", "PR-2026-0007"}; strings.Join(refs, " ") != strings.Join(want, " ") {
		t.Errorf("references %v, want %v", refs, want)
	}
	if r := mustCreateRequest(t, s, reqInput("Later", "later@example.com", backend.RegimeCCPA, "2026-03-01", backend.RightAccess)); r.Reference != "PR-2026-0008" {
		t.Errorf("the next request got %s, want PR-2026-0008", r.Reference)
	}
}

// An import numbers its requests itself: with the counter behind, it too takes the
// numbers after the highest one in use, instead of failing as "Internal error".
func TestImportSkipsTakenReferences(t *testing.T) {
	s := newTestStore(t)
	for i := range 2 {
		mustCreateRequest(t, s, reqInput(fmt.Sprintf("Held %d", i), fmt.Sprintf("held%d@example.com", i), backend.RegimeCCPA, "2026-02-20", backend.RightAccess))
	}
	behindCounter(t, s, 2026, 0)
	var items []BulkRequest
	for i := range 3 {
		in := reqInput(fmt.Sprintf("Imported %d", i), fmt.Sprintf("imported%d@example.com", i), backend.RegimeCCPA, "2026-01-1"+fmt.Sprint(i), backend.RightAccess)
		items = append(items, BulkRequest{Request: backend.Request{Requester: in.Requester, Channel: in.Channel, Regime: in.Regime,
			ReceivedDate: backend.NewDate(2026, 1, 10+i), Status: backend.StatusReceived,
			Rights: []backend.RequestRight{{Right: backend.RightAccess, Outcome: backend.OutcomePending}}}})
	}
	sum, err := s.ImportRequests(items, "log.csv")
	if err != nil {
		t.Fatalf("import: %v (%s)", err, backend.ErrorCode(err))
	}
	if sum.First != "PR-2026-0003" || sum.Last != "PR-2026-0005" {
		t.Errorf("imported %s to %s, want PR-2026-0003 to PR-2026-0005", sum.First, sum.Last)
	}
	if r := mustCreateRequest(t, s, reqInput("Later", "later@example.com", backend.RegimeCCPA, "2026-03-01", backend.RightAccess)); r.Reference != "PR-2026-0006" {
		t.Errorf("the next request got %s, want PR-2026-0006", r.Reference)
	}
}

// A clash the numbering cannot prevent (rows written under the app) is a conflict on the
// field "reference" naming the reference, not "Internal error": the bulk insert's own
// statements are translated as GORM's are, on either engine.
func TestReferenceClashNamesTheReference(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Held", "held@example.com", backend.RegimeCCPA, "2026-02-20", backend.RightAccess))
	err := s.db.Transaction(func(tx *gorm.DB) error {
		return insertRows(tx, "request_sequences", []string{"year", "last"}, [][]any{{2026, 9}})
	})
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		t.Fatalf("a second counter row for 2026: %v, want gorm.ErrDuplicatedKey", err)
	}
	err = translateUnique(err, r.Reference)
	if backend.ErrorCode(err) != backend.ECONFLICT || backend.ErrorField(err) != "reference" || !strings.Contains(backend.ErrorMessage(err), r.Reference) {
		t.Errorf("clash reads %q (%s, field %q), want a conflict on reference naming %s", backend.ErrorMessage(err), backend.ErrorCode(err), backend.ErrorField(err), r.Reference)
	}
}
