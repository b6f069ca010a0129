package storage

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"privacydesk/backend"
)

// The charts' closing statistics as the app computed them in Go before SQLite did
// (closedStatsSQL): kept as the oracle the SQL is tested against.

// dashClosedSQL lists the rights of the requests closed since a date, with what decides
// whether each was answered in time. Withdrawn requests are left out: nothing was owed.
var dashClosedSQL = `SELECT r.id AS request_id, r.received_date, r.closed_on, rr.outcome_at,
	rr.respond_by, rr.promised_by, rr.extended_to, rr.state_due
FROM requests r JOIN request_rights rr ON rr.request_id = r.id
WHERE r.closed_on IS NOT NULL AND r.closed_on >= ? AND r.status <> '` + string(backend.StatusWithdrawn) + `'`

type dashClosedRow struct {
	RequestID    int64
	ReceivedDate backend.Date
	ClosedOn     backend.Date
	OutcomeAt    *string
	RespondBy    backend.Date
	PromisedBy   backend.Date
	ExtendedTo   backend.Date
	StateDue     backend.Date
}

// closedStats computes per quarter (of the closing date) how many requests closed, how
// many answered every right with a deadline on or before it, and the median days from
// receipt to closing; and the median over all of them. A right is answered on the day
// its outcome was recorded (in the practice's zone), or on the closing day when no
// outcome was recorded separately. Its deadline is the one the request screen shows:
// the extended date, else the earlier of the law's and the practice's promise.
func closedStats(start, today backend.Date, rows []dashClosedRow, loc *time.Location) ([]backend.QuarterStats, float64, int) {
	type req struct {
		quarter string
		days    int
		late    bool
	}
	var reqs []req
	byID := map[int64]int{}
	for _, r := range rows {
		i, ok := byID[r.RequestID]
		if !ok {
			i = len(reqs)
			byID[r.RequestID] = i
			reqs = append(reqs, req{quarter: quarterOf(r.ClosedOn), days: r.ReceivedDate.DaysUntil(r.ClosedOn)})
		}
		due := backend.RequestRight{RespondBy: r.RespondBy, PromisedBy: r.PromisedBy, ExtendedTo: r.ExtendedTo, StateDue: r.StateDue}.DueDate()
		if due.IsZero() {
			continue
		}
		answered := r.ClosedOn
		if t := parseTimePtr(r.OutcomeAt); t != nil {
			answered = backend.DateOf(*t, loc)
		}
		if answered.After(due) {
			reqs[i].late = true
		}
	}
	// The quarters the twelve months touch, oldest first, empty ones included.
	var quarters []backend.QuarterStats
	qi := map[string]int{}
	for d := start; !d.After(today); d = d.AddDays(1) {
		q := quarterOf(d)
		if _, ok := qi[q]; !ok {
			qi[q] = len(quarters)
			quarters = append(quarters, backend.QuarterStats{Quarter: q})
		}
		d = endOfMonth(d)
	}
	perQuarter := make([][]int, len(quarters))
	var all []int
	for _, r := range reqs {
		i, ok := qi[r.quarter]
		if !ok {
			continue
		}
		quarters[i].Closed++
		if !r.late {
			quarters[i].OnTime++
		}
		perQuarter[i] = append(perQuarter[i], r.days)
		all = append(all, r.days)
	}
	for i := range quarters {
		if quarters[i].Closed > 0 {
			quarters[i].Rate = float64(quarters[i].OnTime) / float64(quarters[i].Closed)
		}
		quarters[i].MedianDays = median(perQuarter[i])
	}
	return quarters, median(all), len(all)
}

// The charts' closing statistics from SQL equal the Go computation on a few hundred
// requests closed at every hour of the day, across both daylight-saving changes, with
// promised, extended and missing deadlines: the practice's calendar date of an outcome is
// the one SQL uses too.
// oracleStore is a store of 400 requests received from March 2025, closed at every hour
// of the day, across both daylight-saving changes, with promised, extended and missing
// deadlines, under every regime, with every outcome.
func oracleStore(t *testing.T) (*Store, *time.Location) {
	t.Helper()
	s := newTestStore(t)
	s.Now = func() time.Time { return time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC) }
	loc, _ := time.LoadLocation("America/Chicago")
	rng := rand.New(rand.NewPCG(7, 11))
	var items []BulkRequest
	for i := 0; i < 400; i++ {
		received := time.Date(2025, 3, 1, 0, 0, 0, 0, loc).Add(time.Duration(rng.IntN(380*24)) * time.Hour)
		closed := received.Add(time.Duration(rng.IntN(70*24*60)) * time.Minute)
		outcome := closed.Add(-time.Duration(rng.IntN(5*24*60)) * time.Minute)
		recvDate := backend.DateOf(received, loc)
		regime, right := inForce(rng, recvDate)
		rr := backend.RequestRight{Right: right, Outcome: []backend.Outcome{backend.OutcomeGranted, backend.OutcomePartiallyGranted, backend.OutcomeDenied, backend.OutcomeGranted}[rng.IntN(4)], OutcomeAt: &outcome,
			RespondBy: recvDate.AddDays(20 + rng.IntN(30))}
		switch rng.IntN(6) {
		case 0:
			rr.PromisedBy = recvDate.AddDays(10 + rng.IntN(30))
		case 1:
			rr.ExtendedTo = rr.RespondBy.AddDays(rng.IntN(45))
		case 2:
			rr.RespondBy = backend.Date{} // no deadline
		case 3:
			rr.OutcomeAt = nil // answered on the closing day
		case 4:
			// Answered in the practice's evening, on its due day: on time in Chicago,
			// a day late by the UTC date.
			day := backend.DateOf(outcome, loc).Time()
			evening := time.Date(day.Year(), day.Month(), day.Day(), 19+rng.IntN(5), rng.IntN(60), 0, 0, loc)
			rr.OutcomeAt, rr.RespondBy = &evening, backend.DateOf(evening, loc)
		case 5:
			// A state's earlier patient-access date, with or without an extension.
			rr.StateDue = recvDate.AddDays(5 + rng.IntN(20))
			if rng.IntN(2) == 0 {
				rr.ExtendedTo = rr.RespondBy.AddDays(30)
			}
		}
		status := backend.StatusCompleted
		if rng.IntN(10) == 0 {
			status = backend.StatusWithdrawn
		}
		items = append(items, BulkRequest{Request: backend.Request{
			Requester: backend.Person{Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@example.com", i)}, SubmittedBy: backend.SubmittedBySelf,
			Channel: backend.ChannelEmail, ReceivedAt: received, ReceivedDate: recvDate, Regime: regime,
			GuardianConsent: backend.ConsentNotApplicable, Status: status, ClosedAt: &closed,
			Rights: []backend.RequestRight{rr}}})
	}
	if _, err := s.BulkCreateRequests(items, "test"); err != nil {
		t.Fatal(err)
	}
	return s, loc
}

func TestClosedStatsSQLMatchesGo(t *testing.T) {
	s, loc := oracleStore(t)
	for _, day := range []string{"2026-03-20", "2025-11-02", "2026-01-01", "2026-06-30"} {
		today := dashDate(t, day)
		start := chartStart(today)
		var rows []dashClosedRow
		if err := s.db.Raw(dashClosedSQL, start.String()).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		wantQ, wantMed, wantN := closedStats(start, today, rows, loc)
		gotQ, gotMed, gotN, err := s.closedStatsSQL(start, today, loc)
		if err != nil {
			t.Fatal(err)
		}
		if wantN < 50 {
			t.Fatalf("%s: only %d closed requests in the window; the data tests little", day, wantN)
		}
		if fmt.Sprint(gotQ) != fmt.Sprint(wantQ) || gotMed != wantMed || gotN != wantN {
			t.Errorf("%s:\n SQL %v median %v n %d\n Go  %v median %v n %d", day, gotQ, gotMed, gotN, wantQ, wantMed, wantN)
		}
	}
}

// Every instant gets the zone's offset at that instant, across the changes.
func TestZoneOffsets(t *testing.T) {
	loc, _ := time.LoadLocation("America/Chicago")
	_, args := zoneOffsets(loc, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(args) != 3*3 {
		t.Fatalf("2025 in Chicago has three offset periods, got %d rows: %v", len(args)/3, args)
	}
	want := []any{"0000-01-01T00:00:00", "2025-03-09T08:00:00", -21600, "2025-03-09T08:00:00", "2025-11-02T07:00:00", -18000,
		"2025-11-02T07:00:00", "9999-12-31T23:59:59", -21600}
	if fmt.Sprint(args) != fmt.Sprint(want) {
		t.Errorf("offsets %v, want %v", args, want)
	}
}
