package storage

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// The dashboard reads the clocks stored with each request (requests.next_due and the
// request_rights dates) and never recomputes a deadline: what it shows is what the
// request screen shows. Every query is a single indexed statement so the dashboard
// stays instant at 100,000 requests (dashboard_bench_test.go measures it).

// openStatusesSQL is the SQL list of statuses of requests still being worked.
var openStatusesSQL = func() string {
	var q []string
	for _, s := range backend.OpenStatuses() {
		q = append(q, "'"+string(s)+"'")
	}
	return "(" + strings.Join(q, ",") + ")"
}()

// DueWindowSQL is the WHERE condition selecting the requests of one dashboard card, over
// the requests table by its own name, and its arguments. The request list's due filter
// uses the same condition so that a card's count and the list it opens agree.
func DueWindowSQL(w backend.DueWindow, today backend.Date) (string, []any) {
	t := today.String()
	switch w {
	case backend.DueOverdue:
		return "requests.next_due < ?", []any{t}
	case backend.DueToday:
		return "requests.next_due = ?", []any{t}
	case backend.DueWeek:
		return "requests.next_due >= ? AND requests.next_due <= ?", []any{t, today.AddDays(backend.DueSoonDays).String()}
	case backend.DueAwaitingAck:
		// Receipt is acknowledged by the "acknowledge" action, which moves the request out
		// of "received". Every open request still in "received" is owed its acknowledgment,
		// whatever the regime and whether or not its rule sets a period for it (CCPA: 10
		// business days, 11 CCR 7021(a); elsewhere the practice's own step).
		return "requests.status = 'received'", nil
	case backend.DueAwaitingIdentity:
		return "requests.status = 'awaiting-identity'", nil
	case backend.DueExtended:
		return "requests.status = 'extended'", nil
	}
	return "1 = 0", nil
}

// dashCountsSQL counts every card in one pass over the open requests, with each card's
// condition from DueWindowSQL, so the cards and the lists they open cannot disagree.
func dashCountsSQL(today backend.Date) (string, []any) {
	cols := []string{"count(*) AS open"}
	names := []string{"overdue", "due_today", "due_week", "awaiting_ack", "awaiting_identity", "extended"}
	var args []any
	for i, w := range backend.DueWindows {
		cond, a := DueWindowSQL(w, today)
		cols = append(cols, fmt.Sprintf("count(CASE WHEN %s THEN 1 END) AS %s", cond, names[i]))
		args = append(args, a...)
	}
	return "SELECT " + strings.Join(cols, ",\n\t") + "\nFROM requests WHERE requests.status IN " + openStatusesSQL, args
}

// dashUrgentSQL lists open requests with a deadline, most overdue first, then soonest due.
const dashUrgentSQL = `SELECT id, reference, requester_name, regime, status, received_date, next_due
FROM requests WHERE next_due IS NOT NULL ORDER BY next_due, id LIMIT ?`

// dashAnnounceSQL lists the open requests due on or before a date, most urgent first.
const dashAnnounceSQL = `SELECT id, reference, requester_name, regime, status, received_date, next_due
FROM requests WHERE next_due IS NOT NULL AND next_due <= ? ORDER BY next_due, id LIMIT ?`

// dashToday is the practice's date now and its zone name.
func (s *Store) dashToday(db *gorm.DB) (backend.Date, string, error) {
	p, loc, err := practiceZone(db)
	if err != nil {
		return backend.Date{}, "", err
	}
	return backend.DateOf(s.Now(), loc), p.TimeZone, nil
}

// dashCounts is one row of dashCountsSQL.
type dashCounts struct {
	Overdue          int
	DueToday         int
	DueWeek          int
	AwaitingAck      int
	AwaitingIdentity int
	Extended         int
	Open             int
}

func dashCountsOn(db *gorm.DB, today backend.Date) (backend.DashboardCounts, error) {
	var c dashCounts
	q, args := dashCountsSQL(today)
	err := db.Raw(q, args...).Scan(&c).Error
	return backend.DashboardCounts(c), err
}

// DashboardCounts counts the open requests of each card on today.
func (s *Store) DashboardCounts(today backend.Date) (backend.DashboardCounts, error) {
	return dashCountsOn(s.ro, today)
}

// Dashboard returns the cards, the urgency list and the vendor alerts for the practice's
// date now.
func (s *Store) Dashboard() (backend.Dashboard, error) {
	today, zone, err := s.dashToday(s.ro)
	if err != nil {
		return backend.Dashboard{}, err
	}
	d, err := s.DashboardOn(today)
	d.TimeZone = zone
	return d, err
}

// DashboardOn is Dashboard for a given date (tests, and the day a clock says it is).
func (s *Store) DashboardOn(today backend.Date) (backend.Dashboard, error) {
	d := backend.Dashboard{Today: today, Urgent: []backend.UrgentRequest{}, VendorAlerts: []backend.VendorAlert{}}
	var err error
	if d.Counts, err = dashCountsOn(s.ro, today); err != nil {
		return d, err
	}
	if d.Urgent, err = s.UrgentRequests(today, backend.DashboardUrgentLimit); err != nil {
		return d, err
	}
	if err := s.ro.Raw(`SELECT count(*) FROM requests WHERE next_due IS NOT NULL`).Scan(&d.UrgentTotal).Error; err != nil {
		return d, err
	}
	if d.VendorAlerts, err = s.VendorAlerts(today); err != nil {
		return d, err
	}
	var held struct {
		Requests            bool
		Vendors, PHIVendors int
	}
	if err := s.ro.Raw(`SELECT EXISTS (SELECT 1 FROM requests) AS requests, count(*) AS vendors,
		count(CASE WHEN phi_access <> ? THEN 1 END) AS phi_vendors FROM vendors`, string(backend.PHINone)).Scan(&held).Error; err != nil {
		return d, err
	}
	d.Vendors, d.PHIVendors = held.Vendors, held.PHIVendors
	d.Empty = !held.Requests && held.Vendors == 0
	return d, nil
}

type urgentRow struct {
	ID            int64
	Reference     string
	RequesterName string
	Regime        string
	Status        string
	ReceivedDate  backend.Date
	NextDue       backend.Date
}

// urgentRows runs a query of dashUrgentSQL's columns. The dashboard's hot paths use
// plain SQL and explicit scans, as the request list does: GORM's statement building and
// reflection would cost more than these small queries themselves.
func urgentRows(db *sql.DB, q string, args ...any) ([]urgentRow, error) {
	rows, err := db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []urgentRow
	for rows.Next() {
		var r urgentRow
		if err := rows.Scan(&r.ID, &r.Reference, &r.RequesterName, &r.Regime, &r.Status, &r.ReceivedDate, &r.NextDue); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UrgentRequests returns up to limit open requests with a deadline, most urgent first,
// each with the right whose deadline is its next one.
func (s *Store) UrgentRequests(today backend.Date, limit int) ([]backend.UrgentRequest, error) {
	db, err := s.reader()
	if err != nil {
		return nil, err
	}
	rows, err := urgentRows(db, dashUrgentSQL, limit)
	if err != nil {
		return nil, err
	}
	out := make([]backend.UrgentRequest, 0, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	rights, err := pendingRights(db, rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		u := backend.UrgentRequest{RequestID: r.ID, Reference: r.Reference, Requester: r.RequesterName,
			Regime: backend.Regime(r.Regime), Status: backend.Status(r.Status), Received: r.ReceivedDate,
			DueOn: r.NextDue, DaysLeft: today.DaysUntil(r.NextDue)}
		var chosen *backend.RequestRight
		for i := range rights[r.ID] {
			rr := &rights[r.ID][i]
			if rr.DueDate().Equal(r.NextDue) && chosen == nil {
				chosen = rr
			} else if !rr.DueDate().IsZero() {
				u.OtherRights++
			}
		}
		if chosen != nil {
			u.Right, u.Citation, u.Basis, u.RuleVersion = chosen.Right, chosen.DueCitation(), chosen.Basis, chosen.RuleVersion
			u.Extended = !chosen.ExtendedTo.IsZero()
			u.StatutoryDue = chosen.RespondBy
			if r.Status == string(backend.StatusReceived) {
				u.AcknowledgeBy = chosen.AcknowledgeBy
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// dashRightsSQL reads the clocks of the pending rights of some requests (the IN list is
// filled in with one placeholder per request).
const dashRightsSQL = `SELECT request_id, right_code, acknowledge_by, respond_by, promised_by, extended_to, state_due, state_citation, rule_version, citation, basis
FROM request_rights WHERE request_id IN (%s) AND outcome = 'pending' ORDER BY request_id, position, id`

// pendingRights reads the clocks of the pending rights of the given requests, by request id.
func pendingRights(db *sql.DB, reqs []urgentRow) (map[int64][]backend.RequestRight, error) {
	ids := make([]any, len(reqs))
	for i, r := range reqs {
		ids[i] = r.ID
	}
	rows, err := db.Query(fmt.Sprintf(dashRightsSQL, placeholders(len(ids))), ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]backend.RequestRight{}
	for rows.Next() {
		var id int64
		rr := backend.RequestRight{Outcome: backend.OutcomePending}
		if err := rows.Scan(&id, &rr.Right, &rr.AcknowledgeBy, &rr.RespondBy, &rr.PromisedBy, &rr.ExtendedTo, &rr.StateDue, &rr.StateCitation, &rr.RuleVersion, &rr.Citation, &rr.Basis); err != nil {
			return nil, err
		}
		out[id] = append(out[id], rr)
	}
	return out, rows.Err()
}

// Announcements returns what the app announces on the practice's date now: open
// requests that are overdue, due today, or due within backend.AnnounceSoonDays.
func (s *Store) Announcements() (backend.Announcements, error) {
	today, _, err := s.dashToday(s.ro)
	if err != nil {
		return backend.Announcements{}, err
	}
	return s.AnnouncementsOn(today)
}

// maxAnnouncements bounds one answer; the UI summarises beyond a few anyway.
const maxAnnouncements = 500

// AnnouncementsOn is Announcements for a given date.
func (s *Store) AnnouncementsOn(today backend.Date) (backend.Announcements, error) {
	out := backend.Announcements{Today: today, Items: []backend.Announcement{}}
	db, err := s.reader()
	if err != nil {
		return out, err
	}
	rows, err := urgentRows(db, dashAnnounceSQL, today.AddDays(backend.AnnounceSoonDays).String(), maxAnnouncements)
	if err != nil || len(rows) == 0 {
		return out, err
	}
	rights, err := pendingRights(db, rows)
	if err != nil {
		return out, err
	}
	for _, r := range rows {
		a := backend.Announcement{Reference: r.Reference, Requester: r.RequesterName, DueOn: r.NextDue,
			DaysLeft: today.DaysUntil(r.NextDue)}
		for _, rr := range rights[r.ID] {
			if rr.DueDate().Equal(r.NextDue) {
				a.Right = rr.Right
				break
			}
		}
		what := strings.ToLower(a.Right.Label())
		if what == "" {
			what = "request"
		} else {
			what += " request"
		}
		switch {
		case a.DaysLeft < 0:
			a.Kind = backend.AnnounceOverdue
			a.Message = fmt.Sprintf("%s (%s, %s) is overdue: it was due on %s, %s ago.", r.Reference, r.RequesterName, what, r.NextDue.Medium(), dashDays(-a.DaysLeft))
		case a.DaysLeft == 0:
			a.Kind = backend.AnnounceDueToday
			a.Message = fmt.Sprintf("%s (%s, %s) is due today.", r.Reference, r.RequesterName, what)
		default:
			a.Kind = backend.AnnounceDueSoon
			a.Message = fmt.Sprintf("%s (%s, %s) is due on %s, in %s.", r.Reference, r.RequesterName, what, r.NextDue.Medium(), dashDays(a.DaysLeft))
		}
		// The key changes when the kind or the date does, and only then: the UI says each
		// thing once.
		a.Key = r.Reference + "|" + string(a.Kind) + "|" + r.NextDue.String()
		out.Items = append(out.Items, a)
	}
	return out, nil
}

func dashDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// DashboardCharts returns the charts' data for the twelve months ending with the
// practice's current month.
func (s *Store) DashboardCharts() (backend.DashboardCharts, error) {
	today, _, err := s.dashToday(s.ro)
	if err != nil {
		return backend.DashboardCharts{}, err
	}
	_, loc, err := practiceZone(s.ro)
	if err != nil {
		return backend.DashboardCharts{}, err
	}
	return s.DashboardChartsOn(today, loc)
}

// chartStart is the first day of the month eleven months before today's.
func chartStart(today backend.Date) backend.Date {
	y, m, _ := today.Time().Date()
	return backend.NewDate(y, m-11, 1)
}

// dashMonthsSQL counts the rights asked for per received month (the practice's calendar
// date) and right.
func dashMonthsSQL(d dialect) string {
	return `SELECT substr(r.received_date, 1, 7) AS month, rr.right_code AS right_code, count(*) AS n
FROM requests r ` + d.crossJoin() + ` request_rights rr ON rr.request_id = r.id
WHERE r.received_date >= ?
GROUP BY month, rr.right_code`
}

type dashMonthRow struct {
	Month     string
	RightCode string
	N         int
}

// DashboardChartsOn is DashboardCharts for a given date; loc turns the instants rights
// were decided into the practice's calendar dates.
func (s *Store) DashboardChartsOn(today backend.Date, loc *time.Location) (backend.DashboardCharts, error) {
	start := chartStart(today)
	c := backend.DashboardCharts{Today: today, Months: []backend.MonthRights{}, Quarters: []backend.QuarterStats{}}
	var months []dashMonthRow
	err := s.ro.Raw(dashMonthsSQL(s.dialect), start.String()).Scan(&months).Error
	if err != nil {
		return c, err
	}
	c.Months = monthSeries(start, months)

	c.Quarters, c.MedianDaysToClose, c.ClosedCount, err = s.closedStatsSQL(start, today, loc)
	if err != nil {
		return c, err
	}
	return c, nil
}

// monthSeries lays the counts out as twelve months from start, empty months included.
func monthSeries(start backend.Date, rows []dashMonthRow) []backend.MonthRights {
	out := make([]backend.MonthRights, 12)
	at := map[string]int{}
	y, m, _ := start.Time().Date()
	for i := range out {
		key := backend.NewDate(y, m+time.Month(i), 1).String()[:7]
		out[i] = backend.MonthRights{Month: key, Counts: map[backend.Right]int{}}
		at[key] = i
	}
	for _, r := range rows {
		if i, ok := at[r.Month]; ok {
			out[i].Counts[backend.Right(r.RightCode)] += r.N
			out[i].Total += r.N
		}
	}
	return out
}

func quarterOf(d backend.Date) string {
	y, m, _ := d.Time().Date()
	return fmt.Sprintf("%d-Q%d", y, (int(m)-1)/3+1)
}

func endOfMonth(d backend.Date) backend.Date {
	y, m, _ := d.Time().Date()
	return backend.NewDate(y, m+1, 0)
}

// median of whole days; 0 for none.
func median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int(nil), xs...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// closedStatsSQL is closedStats computed by SQLite over the indexes: per quarter of the
// closing date, how many requests closed, how many answered every right with a deadline
// on or before it, and the median days from receipt to closing (window functions); and
// the median over all. A right is answered on the practice's calendar date of its
// outcome: the UTC instant shifted by the zone's offset at that instant, read from a small
// table of the zone's offsets (zoneOffsets), so daylight saving time is exact.
func (s *Store) closedStatsSQL(start, today backend.Date, loc *time.Location) ([]backend.QuarterStats, float64, int, error) {
	db, err := s.reader()
	if err != nil {
		return nil, 0, 0, err
	}
	q, args := closedStatsQuery(s.dialect, start, today, loc)
	rows, err := db.Query(q, args...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	// The quarters the twelve months touch, oldest first, empty ones included.
	var quarters []backend.QuarterStats
	qi := map[string]int{}
	for d := start; !d.After(today); d = endOfMonth(d).AddDays(1) {
		if q := quarterOf(d); len(quarters) == 0 || quarters[len(quarters)-1].Quarter != q {
			qi[q] = len(quarters)
			quarters = append(quarters, backend.QuarterStats{Quarter: q})
		}
	}
	var allMedian float64
	var closed int
	for rows.Next() {
		var x backend.QuarterStats
		if err := rows.Scan(&x.Quarter, &x.Closed, &x.OnTime, &x.MedianDays, &allMedian, &closed); err != nil {
			return nil, 0, 0, err
		}
		if i, ok := qi[x.Quarter]; ok {
			if x.Closed > 0 {
				x.Rate = float64(x.OnTime) / float64(x.Closed)
			}
			quarters[i] = x
		}
	}
	return quarters, allMedian, closed, rows.Err()
}

// closedStatsQuery is closedStatsSQL's statement and arguments.
func closedStatsQuery(d dialect, start, today backend.Date, loc *time.Location) (string, []any) {
	tz, tzArgs := d.zoneOffsets(loc, start.Time().AddDate(-5, 0, 0), today.Time().AddDate(0, 0, 2))
	return `WITH tz(s, e, off) AS (VALUES ` + tz + `),
c AS (
  SELECT id, closed_on, ` + quarterSQL + ` AS quarter,
    ` + d.daysBetween("closed_on", "received_date") + ` AS days,
    max(CASE WHEN due IS NOT NULL AND answered > due THEN 1 ELSE 0 END) AS late
  FROM (SELECT r.id, r.closed_on, r.received_date,
      coalesce(` + d.practiceDate("rr.outcome_at") + `, r.closed_on) AS answered,
      nullif(CASE WHEN nullif(rr.extended_to, '') IS NOT NULL
             THEN ` + d.least("rr.extended_to", "coalesce(nullif(rr.state_due, ''), '9999-12-31')") + `
           ELSE ` + d.least("coalesce(nullif(rr.respond_by, ''), '9999-12-31')", "coalesce(nullif(rr.promised_by, ''), '9999-12-31')",
		"coalesce(nullif(rr.state_due, ''), '9999-12-31')") + ` END, '9999-12-31') AS due
    FROM ` + d.indexedBy("requests r", "requests_closed_stats") + ` ` + d.crossJoin() + ` request_rights rr ON rr.request_id = r.id
    WHERE r.closed_on IS NOT NULL AND r.closed_on >= ? AND r.closed_on < ? AND r.status <> '` + string(backend.StatusWithdrawn) + `') AS rights_due
  GROUP BY ` + d.groupByKey("id", "closed_on", "received_date") + `),
ranked AS (
  SELECT quarter, days, late,
    row_number() OVER (PARTITION BY quarter ORDER BY days) AS qi, count(*) OVER (PARTITION BY quarter) AS qn,
    row_number() OVER (ORDER BY days) AS ai, count(*) OVER () AS an
  FROM c)
SELECT quarter, count(*), coalesce(sum(1 - late), 0),
  coalesce(avg(CASE WHEN qi IN ((qn + 1) / 2, (qn + 2) / 2) THEN days END), 0),
  (SELECT coalesce(avg(days), 0) FROM ranked WHERE ai IN ((an + 1) / 2, (an + 2) / 2)),
  (SELECT count(*) FROM c)
FROM ranked GROUP BY quarter`, append(tzArgs, start.String(), quarterAfter(today).String())
}

// quarterAfter is the first day of the quarter after d's: the charts' quarters end with today's.
func quarterAfter(d backend.Date) backend.Date {
	y, m, _ := d.Time().Date()
	return backend.NewDate(y, (m-1)/3*3+4, 1)
}

// quarterSQL is quarterOf in SQL, over a closed_on column.
const quarterSQL = `substr(closed_on, 1, 4) || '-Q' || ((cast(substr(closed_on, 6, 2) AS integer) + 2) / 3)`

// zoneOffsets is loc's offsets from UTC between from and to as SQL VALUES rows (start,
// end, offset in seconds; instants as "2006-01-02T15:04:05" in UTC) and their arguments.
// The first row starts at the beginning of time and the last ends at its end, so every
// instant has an offset (the nearest known one).
func zoneOffsets(loc *time.Location, from, to time.Time) (string, []any) {
	return sqliteDialect.zoneOffsets(loc, from, to)
}

// zoneOffsets is zoneOffsets in the dialect (PostgreSQL needs the rows' types).
func (d dialect) zoneOffsets(loc *time.Location, from, to time.Time) (string, []any) {
	const layout = "2006-01-02T15:04:05"
	var rows []string
	var args []any
	t := from.In(loc)
	begin := "0000-01-01T00:00:00"
	for {
		_, off := t.Zone()
		_, end := t.ZoneBounds()
		last := end.IsZero() || !end.Before(to)
		stop := "9999-12-31T23:59:59"
		if !last {
			stop = end.UTC().Format(layout)
		}
		rows = append(rows, d.zoneRow())
		args = append(args, begin, stop, off)
		if last {
			return strings.Join(rows, ", "), args
		}
		begin, t = stop, end.In(loc)
	}
}
