package storage

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

// A deleted vendor leaves, in its deletion's transaction, a tombstone with what its
// calendar events were made of and nothing typed about it; a refused deletion leaves
// none; a vendor added afterwards never takes a deleted vendor's id (and with it the
// UIDs of its cancelled events), on SQLite, which numbers from the largest id left, as
// on PostgreSQL.
func TestDeleteVendorLeavesATombstone(t *testing.T) {
	f := newTaskFixture(t)
	s := f.s
	ctx := context.Background()
	v := sampleVendor("Payabli")
	v.PriorBAAEndsOn, v.TerminatedOn, v.PHIDisposition = vdate("2026-02-27"), vdate("2026-12-31"), backend.PHIDestroyed
	v.BAAEffective, v.BAASignedOn, v.NextReviewOn = vdate("2026-04-01"), vdate("2026-01-20"), vdate("2026-09-01")
	v, err := s.CreateVendor(v)
	if err != nil {
		t.Fatal(err)
	}
	deletedAt := time.Date(2026, 3, 3, 5, 30, 0, 0, time.UTC) // 2 March, 23:30 in Chicago
	s.Now = func() time.Time { return deletedAt }
	if err := s.DeleteVendor(v.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.DeletedVendors(ctx, vdate("2026-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	want := []DeletedVendor{{Vendor: backend.Vendor{ID: v.ID, BAAStatus: v.BAAStatus, BAAEffective: v.BAAEffective,
		BAAExpiresOn: v.BAAExpiresOn, PriorBAAEndsOn: v.PriorBAAEndsOn, NextReviewOn: v.NextReviewOn, TerminatedOn: v.TerminatedOn,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}, DeletedAt: deletedAt, DeletedOn: vdate("2026-03-02")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("deleted vendors\n%+v\nwant\n%+v", got, want)
	}
	if got, err := s.DeletedVendors(ctx, vdate("2026-03-03")); err != nil || len(got) != 0 {
		t.Errorf("deleted since the day after the deletion: %+v %v", got, err)
	}

	// Nothing typed about the vendor is kept: every value of the row is an id, a code, a
	// date or a time.
	rows, err := s.db.Raw(`SELECT * FROM vendor_tombstones`).Rows()
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, val := range vals {
			text := fmt.Sprintf("%s", val)
			for _, typed := range []string{v.Name, v.ContactName, v.ContactEmail, v.ContactPhone, v.Services, v.Hosting, v.Subcontractors, v.Notes, "example.com"} {
				if strings.Contains(text, typed) {
					t.Errorf("the tombstone's %s holds %q", cols[i], typed)
				}
			}
		}
	}
	rows.Close()

	// A vendor a request was passed on to is not deleted: no tombstone either.
	if _, err := s.AddVendorTask(f.ref, f.dd.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVendor(f.dd.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("deleting a vendor with tasks: %v", err)
	}
	var n int64
	if err := s.db.Raw(`SELECT count(*) FROM vendor_tombstones WHERE vendor_id = ?`, f.dd.ID).Scan(&n).Error; err != nil || n != 0 {
		t.Errorf("a refused deletion left %d tombstones (%v)", n, err)
	}

	// Payabli had the largest id.
	next, err := s.CreateVendor(sampleVendor("Next Hosting"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateVendors([]backend.Vendor{sampleVendor("Imported One"), sampleVendor("Imported Two")}, "vendors.csv"); err != nil {
		t.Fatal(err)
	}
	vendors, err := s.ListVendors(backend.VendorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range vendors {
		if o.ID == v.ID {
			t.Errorf("%s took the deleted vendor's id %d", o.Name, o.ID)
		}
	}
	if next.ID <= v.ID {
		t.Errorf("new vendor id %d, the deleted one's %d", next.ID, v.ID)
	}
}

// A pending right taken off an open request leaves a tombstone with the dates its due
// date was made of; putting the right back removes it; a purge of the request takes it
// along.
func TestRemovedRightLeavesATombstone(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	day := time.Date(2020, 1, 15, 15, 0, 0, 0, time.UTC)
	at := func(d time.Duration) { s.Now = func() time.Time { return day.Add(d) } }
	at(0)
	in := reqInput("Ana Paz", "ana@example.com", backend.RegimeCCPA, "2020-01-10", backend.RightAccess, backend.RightDeletion)
	r := mustCreateRequest(t, s, in)
	deletion := *r.Right(backend.RightDeletion)
	removed := func() []CalendarDue {
		t.Helper()
		got, err := s.RemovedRights(ctx, vdate("2020-01-15"))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	update := func(rights ...backend.Right) {
		t.Helper()
		in.Rights = rights
		if _, err := s.UpdateRequest(r.Reference, in); err != nil {
			t.Fatal(err)
		}
	}

	at(time.Hour)
	update(backend.RightAccess)
	want := []CalendarDue{{Reference: r.Reference, Regime: string(backend.RegimeCCPA), RightCode: string(backend.RightDeletion),
		Status: string(r.Status), RespondBy: deletion.RespondBy.String(), Citation: deletion.Citation,
		UpdatedAt: day.Add(time.Hour), Answered: true, Removed: true}}
	if got := removed(); !reflect.DeepEqual(got, want) || deletion.RespondBy.IsZero() {
		t.Errorf("removed rights\n%+v\nwant\n%+v", got, want)
	}
	if got, err := s.RemovedRights(ctx, vdate("2020-01-16")); err != nil || len(got) != 0 {
		t.Errorf("removed since the day after: %+v %v", got, err)
	}

	at(2 * time.Hour)
	update(backend.RightAccess, backend.RightDeletion)
	if got := removed(); len(got) != 0 {
		t.Errorf("a right put back is still listed as removed: %+v", got)
	}

	at(3 * time.Hour)
	update(backend.RightAccess)
	mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionWithdraw})
	at(3 * 365 * 24 * time.Hour)
	if res, err := s.Purge(vdate("2022-02-01")); err != nil || len(res.Items) != 1 {
		t.Fatalf("purge: %+v %v", res, err)
	}
	var n int64
	if err := s.db.Raw(`SELECT count(*) FROM right_tombstones`).Scan(&n).Error; err != nil || n != 0 {
		t.Errorf("%d tombstones of the purged request's rights are left (%v)", n, err)
	}
}
