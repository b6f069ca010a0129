package storage

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// dashClock is 20 March 2026, midday in the practice's zone (America/Chicago, the default).
var dashClock = time.Date(2026, 3, 20, 17, 0, 0, 0, time.UTC)

func dashDate(t testing.TB, s string) backend.Date {
	t.Helper()
	d, err := backend.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// dashRequest logs a request through the real intake and applies actions in order, each
// on the given day (the store's clock moves to it), and returns the reference.
type dashStep struct {
	on  string // YYYY-MM-DD the action is taken; "" is dashClock's day
	in  backend.TransitionInput
	out *backend.OutcomeInput // recorded before the action, when set
}

func dashRequest(t *testing.T, s *Store, name string, regime backend.Regime, right backend.Right, received string, steps ...dashStep) string {
	t.Helper()
	s.Now = func() time.Time { return dashClock }
	r, err := s.CreateRequest(backend.RequestInput{
		Requester: backend.Person{Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"},
		Channel:   backend.ChannelEmail, ReceivedDate: received, Regime: regime, Rights: []backend.Right{right},
		SubmittedBy: backend.SubmittedBySelf, GuardianConsent: backend.ConsentNotApplicable,
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	for _, st := range steps {
		s.Now = func() time.Time { return dashClock }
		if st.on != "" {
			d := dashDate(t, st.on)
			s.Now = func() time.Time { return d.Time().Add(17 * time.Hour) }
		}
		if st.out != nil {
			if st.out.Outcome == backend.OutcomeGranted {
				addVerificationRow(t, s, r.Reference) // granted access waits for identity (45 CFR 164.514(h))
			}
			if _, err := s.SetOutcome(r.Reference, *st.out); err != nil {
				t.Fatalf("%s outcome: %v", name, err)
			}
		}
		if st.in.Action != "" {
			if _, err := s.Transition(r.Reference, st.in); err != nil {
				t.Fatalf("%s %s: %v", name, st.in.Action, err)
			}
		}
	}
	s.Now = func() time.Time { return dashClock }
	return r.Reference
}

var dashGranted = &backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}

// dashFixture is a practice whose requests fall in known windows on 20 March 2026.
// HIPAA access is 30 calendar days (45 CFR 164.524(b)(2)); CCPA access 45 days with
// acknowledgment within 10 business days (11 CCR 7021).
func dashFixture(t *testing.T) (*Store, map[string]string) {
	s := newTestStore(t)
	refs := map[string]string{}
	add := func(key string, regime backend.Regime, right backend.Right, received string, steps ...dashStep) {
		refs[key] = dashRequest(t, s, key, regime, right, received, steps...)
	}
	hipaa, access := backend.RegimeHIPAA, backend.RightAccess
	add("Overdue Olga", hipaa, access, "2026-02-01")                    // due 3 March: 17 days overdue
	add("Today Tomás", hipaa, access, "2026-02-18")                     // due 20 March
	add("Week Wanjiru", hipaa, access, "2026-02-22")                    // due 24 March
	add("Later Łukasz", hipaa, access, "2026-03-10")                    // due 9 April
	add("Unacknowledged Ute", backend.RegimeCCPA, access, "2026-03-16") // ack by 30 March, due 30 April
	add("Acknowledged Ann", backend.RegimeCCPA, access, "2026-03-16",
		dashStep{in: backend.TransitionInput{Action: backend.ActionAcknowledge}})
	add("Identity Ivan", hipaa, access, "2026-03-05", // due 4 April
		dashStep{in: backend.TransitionInput{Action: backend.ActionRequestIdentity}})
	add("Extended Eun", hipaa, access, "2026-02-25", // due 27 March, extended to 20 April
		dashStep{in: backend.TransitionInput{Action: backend.ActionExtend, Reason: "Records are archived off site.", NewDate: "2026-04-20"}})
	add("Withdrawn Wim", hipaa, access, "2026-01-02",
		dashStep{in: backend.TransitionInput{Action: backend.ActionWithdraw}})
	add("Late Lena", hipaa, access, "2026-02-01", // due 3 March, closed 20 March: late
		dashStep{out: dashGranted, in: backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."}})
	add("Prompt Priya", hipaa, access, "2026-03-10", // closed 20 March, due 9 April: on time
		dashStep{out: dashGranted, in: backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."}})
	add("December Dov", hipaa, access, "2025-12-01", // due 31 December, closed 30 December
		dashStep{on: "2025-12-30", out: dashGranted, in: backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."}})
	return s, refs
}

func TestDashboardCounts(t *testing.T) {
	s, refs := dashFixture(t)
	tests := []struct {
		today string
		want  backend.DashboardCounts
	}{
		// 20 March: Olga overdue; Tomás due today; Tomás and Wanjiru within 7 days;
		// Olga, Tomás, Wanjiru, Łukasz (HIPAA) and Ute (CCPA) still in "received", so
		// awaiting acknowledgment; Ivan awaiting identity; Eun extended.
		{"2026-03-20", backend.DashboardCounts{Overdue: 1, DueToday: 1, DueWeek: 2, AwaitingAck: 5, AwaitingIdentity: 1, Extended: 1, Open: 8}},
		// 24 March: Olga and Tomás overdue; Wanjiru due today; within 7 days (to 31 March):
		// Wanjiru only (Ivan's 4 April, Łukasz's 9 April are later).
		{"2026-03-24", backend.DashboardCounts{Overdue: 2, DueToday: 1, DueWeek: 1, AwaitingAck: 5, AwaitingIdentity: 1, Extended: 1, Open: 8}},
		// 1 March: nothing overdue yet; Olga due 3 March within the week.
		{"2026-03-01", backend.DashboardCounts{Overdue: 0, DueToday: 0, DueWeek: 1, AwaitingAck: 5, AwaitingIdentity: 1, Extended: 1, Open: 8}},
		// 1 June: every open request with a deadline is overdue.
		{"2026-06-01", backend.DashboardCounts{Overdue: 8, AwaitingAck: 5, AwaitingIdentity: 1, Extended: 1, Open: 8}},
	}
	for _, tc := range tests {
		t.Run(tc.today, func(t *testing.T) {
			today := dashDate(t, tc.today)
			got, err := s.DashboardCounts(today)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("counts\n got %+v\nwant %+v", got, tc.want)
			}
			// Each card opens the request list filtered by the same window: same number.
			per := map[backend.DueWindow]int{backend.DueOverdue: got.Overdue, backend.DueToday: got.DueToday,
				backend.DueWeek: got.DueWeek, backend.DueAwaitingAck: got.AwaitingAck,
				backend.DueAwaitingIdentity: got.AwaitingIdentity, backend.DueExtended: got.Extended}
			for w, n := range per {
				page, err := s.ListRequests(backend.RequestFilter{Due: w, Today: tc.today, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				if int(page.Total) != n {
					t.Errorf("%s: card says %d, list finds %d", w, n, page.Total)
				}
			}
		})
	}
	// The cards on the store's own clock use the practice's date.
	d, err := s.Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	if d.Today.String() != "2026-03-20" || d.TimeZone != "America/Chicago" || d.Empty {
		t.Errorf("today %s zone %s empty %v", d.Today, d.TimeZone, d.Empty)
	}
	if d.Counts.Overdue != 1 {
		t.Errorf("overdue on the clock's date = %d", d.Counts.Overdue)
	}
	_ = refs
}

// TestDashboardTodayFollowsTheZone: at 03:00 UTC on 21 March it is still the 20th in
// Chicago, so a request due on the 20th is due today, not overdue.
func TestDashboardTodayFollowsTheZone(t *testing.T) {
	s, _ := dashFixture(t)
	for _, tc := range []struct {
		at      time.Time
		today   string
		overdue int
	}{
		{time.Date(2026, 3, 21, 3, 0, 0, 0, time.UTC), "2026-03-20", 1},
		{time.Date(2026, 3, 21, 6, 0, 0, 0, time.UTC), "2026-03-21", 2},
	} {
		s.Now = func() time.Time { return tc.at }
		d, err := s.Dashboard()
		if err != nil {
			t.Fatal(err)
		}
		if d.Today.String() != tc.today || d.Counts.Overdue != tc.overdue {
			t.Errorf("at %s: today %s overdue %d, want %s and %d", tc.at, d.Today, d.Counts.Overdue, tc.today, tc.overdue)
		}
	}
}

// TestAwaitingAckEveryRegime: a request still in "received" is owed its acknowledgment
// whatever its regime, even where the rule sets no acknowledgment period (GDPR, HIPAA);
// acknowledging it, or closing it, takes it off the card and out of the list it opens.
func TestAwaitingAckEveryRegime(t *testing.T) {
	s := newTestStore(t)
	today := dashDate(t, "2026-03-20")
	wilma := dashRequest(t, s, "Withdrawing Wilma", backend.RegimeGDPR, backend.RightWithdrawConsent, "2026-03-18")
	dashRequest(t, s, "Hipaa Hal", backend.RegimeHIPAA, backend.RightAccess, "2026-03-17")
	dashRequest(t, s, "Ccpa Cleo", backend.RegimeCCPA, backend.RightDeletion, "2026-03-16")
	dashRequest(t, s, "Acked Abe", backend.RegimeGDPR, backend.RightAccess, "2026-03-16",
		dashStep{in: backend.TransitionInput{Action: backend.ActionAcknowledge}})
	dashRequest(t, s, "Withdrawn Wes", backend.RegimeGDPR, backend.RightAccess, "2026-03-16",
		dashStep{in: backend.TransitionInput{Action: backend.ActionWithdraw}})
	check := func(want int) {
		t.Helper()
		got, err := s.DashboardCounts(today)
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.ListRequests(backend.RequestFilter{Due: backend.DueAwaitingAck, Today: today.String(), Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if got.AwaitingAck != want || int(page.Total) != want {
			t.Errorf("awaiting acknowledgment: card %d, list %d, want %d", got.AwaitingAck, page.Total, want)
		}
	}
	check(3)
	if _, err := s.Transition(wilma, backend.TransitionInput{Action: backend.ActionAcknowledge}); err != nil {
		t.Fatal(err)
	}
	check(2)
}

func TestDashboardUrgencyList(t *testing.T) {
	s, refs := dashFixture(t)
	d, err := s.DashboardOn(dashDate(t, "2026-03-20"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range d.Urgent {
		got = append(got, u.Requester)
	}
	want := []string{"Overdue Olga", "Today Tomás", "Week Wanjiru", "Identity Ivan", "Later Łukasz", "Extended Eun",
		"Unacknowledged Ute", "Acknowledged Ann"}
	// Ute and Ann share a due date (30 April); the one logged first comes first.
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("urgency order\n got %v\nwant %v", got, want)
	}
	if d.UrgentTotal != 8 {
		t.Errorf("UrgentTotal = %d", d.UrgentTotal)
	}
	first := d.Urgent[0]
	if first.Reference != refs["Overdue Olga"] || first.DaysLeft != -17 || first.DueOn.String() != "2026-03-03" ||
		first.Right != backend.RightAccess || !strings.Contains(first.Citation, "164.524") || first.RuleVersion == 0 {
		t.Errorf("first = %+v", first)
	}
	for _, u := range d.Urgent {
		switch u.Requester {
		case "Extended Eun":
			if !u.Extended || u.DueOn.String() != "2026-04-20" || u.StatutoryDue.String() != "2026-03-27" {
				t.Errorf("extended: %+v", u)
			}
		case "Unacknowledged Ute":
			if u.AcknowledgeBy.String() != "2026-03-30" {
				t.Errorf("ack by = %s", u.AcknowledgeBy)
			}
		case "Acknowledged Ann":
			if !u.AcknowledgeBy.IsZero() {
				t.Errorf("acknowledged request still shows ack-by %s", u.AcknowledgeBy)
			}
		}
	}
}

func TestDashboardEmpty(t *testing.T) {
	s := newTestStore(t)
	d, err := s.Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	if !d.Empty || d.Counts != (backend.DashboardCounts{}) || len(d.Urgent) != 0 || d.Urgent == nil || d.VendorAlerts == nil {
		t.Errorf("empty dashboard = %+v", d)
	}
}

// TestDashboardVendorCounts: the dashboard says how many vendors are registered and how
// many see PHI, so "no alert" is told apart from "no vendor to have a BAA".
func TestDashboardVendorCounts(t *testing.T) {
	s := newTestStore(t)
	check := func(vendors, phi int) {
		t.Helper()
		d, err := s.Dashboard()
		if err != nil {
			t.Fatal(err)
		}
		if d.Vendors != vendors || d.PHIVendors != phi {
			t.Errorf("vendors %d, with PHI %d; want %d, %d", d.Vendors, d.PHIVendors, vendors, phi)
		}
		if d.Empty != (vendors == 0) {
			t.Errorf("empty %v with %d vendors and no request", d.Empty, vendors)
		}
	}
	check(0, 0)
	for _, v := range []backend.Vendor{
		{Name: "Shredding", PHIAccess: backend.PHINone, BAAStatus: backend.BAAPending},
		{Name: "Billing", PHIAccess: backend.PHIFull, BAAStatus: backend.BAAPending},
		{Name: "Scheduling", PHIAccess: backend.PHILimited, BAAStatus: backend.BAAPending},
	} {
		if _, err := s.CreateVendor(v); err != nil {
			t.Fatal(err)
		}
		if v.Name == "Shredding" {
			check(1, 0)
		}
	}
	check(3, 2)
}

func TestAnnouncements(t *testing.T) {
	s, refs := dashFixture(t)
	a, err := s.AnnouncementsOn(dashDate(t, "2026-03-21"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]backend.Announcement{}
	for _, it := range a.Items {
		got[it.Reference] = it
	}
	want := map[string]backend.AnnouncementKind{
		refs["Overdue Olga"]: backend.AnnounceOverdue,
		refs["Today Tomás"]:  backend.AnnounceOverdue, // due the 20th: a day late on the 21st
		refs["Week Wanjiru"]: backend.AnnounceDueSoon, // due the 24th: in 3 days
	}
	if len(got) != len(want) {
		t.Errorf("announced %d, want %d: %+v", len(got), len(want), a.Items)
	}
	for ref, kind := range want {
		if got[ref].Kind != kind {
			t.Errorf("%s: kind %q, want %q", ref, got[ref].Kind, kind)
		}
	}
	if a.Items[0].Reference != refs["Overdue Olga"] || !strings.Contains(a.Items[0].Message, "18 days ago") {
		t.Errorf("first announcement: %+v", a.Items[0])
	}
	// Dates as the window writes them beside the notice (Date.Medium), not as letters do.
	if m := got[refs["Overdue Olga"]].Message; !strings.Contains(m, "it was due on Mar 3, 2026, 18 days ago.") {
		t.Errorf("overdue notice: %q", m)
	}
	if m := got[refs["Week Wanjiru"]].Message; !strings.Contains(m, "is due on Mar 24, 2026, in 3 days.") {
		t.Errorf("due-soon notice: %q", m)
	}
	// The key is stable while nothing changes and changes with the kind.
	b, _ := s.AnnouncementsOn(dashDate(t, "2026-03-22"))
	keys := func(x backend.Announcements) []string {
		var k []string
		for _, it := range x.Items {
			k = append(k, it.Key)
		}
		sort.Strings(k)
		return k
	}
	if strings.Join(keys(a), " ") != strings.Join(keys(b), " ") {
		t.Errorf("keys moved without a change:\n%v\n%v", keys(a), keys(b))
	}
	c, _ := s.AnnouncementsOn(dashDate(t, "2026-03-24"))
	for _, it := range c.Items {
		if it.Reference == refs["Week Wanjiru"] && (it.Kind != backend.AnnounceDueToday || it.Key == got[refs["Week Wanjiru"]].Key) {
			t.Errorf("on its due day: %+v", it)
		}
	}
}

func TestDashboardCharts(t *testing.T) {
	s, _ := dashFixture(t)
	loc, _ := time.LoadLocation("America/Chicago")
	c, err := s.DashboardChartsOn(dashDate(t, "2026-03-20"), loc)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Months) != 12 || c.Months[0].Month != "2025-04" || c.Months[11].Month != "2026-03" {
		t.Fatalf("months %v .. %v (%d)", c.Months[0].Month, c.Months[len(c.Months)-1].Month, len(c.Months))
	}
	byMonth := map[string]int{}
	for _, m := range c.Months {
		byMonth[m.Month] = m.Total
		if m.Total != m.Counts[backend.RightAccess] {
			t.Errorf("%s: total %d but access %d", m.Month, m.Total, m.Counts[backend.RightAccess])
		}
	}
	// Received: December Dov; January Wim; February Olga, Tomás, Wanjiru, Eun, Lena;
	// March Łukasz, Ute, Ann, Ivan, Priya.
	for m, n := range map[string]int{"2025-12": 1, "2026-01": 1, "2026-02": 5, "2026-03": 5, "2025-11": 0} {
		if byMonth[m] != n {
			t.Errorf("%s: %d requests, want %d", m, byMonth[m], n)
		}
	}
	// Closed (withdrawn left out): Dov on time in 2025-Q4 (29 days); Lena late (47 days)
	// and Priya on time (10 days) in 2026-Q1.
	q := map[string]backend.QuarterStats{}
	var order []string
	for _, x := range c.Quarters {
		q[x.Quarter] = x
		order = append(order, x.Quarter)
	}
	if strings.Join(order, " ") != "2025-Q2 2025-Q3 2025-Q4 2026-Q1" {
		t.Errorf("quarters %v", order)
	}
	if x := q["2025-Q4"]; x.Closed != 1 || x.OnTime != 1 || x.Rate != 1 || x.MedianDays != 29 {
		t.Errorf("2025-Q4 %+v", x)
	}
	if x := q["2026-Q1"]; x.Closed != 2 || x.OnTime != 1 || x.Rate != 0.5 || x.MedianDays != 28.5 {
		t.Errorf("2026-Q1 %+v", x)
	}
	if c.ClosedCount != 3 || c.MedianDaysToClose != 29 {
		t.Errorf("closed %d median %v", c.ClosedCount, c.MedianDaysToClose)
	}
}

// TestDashboardQueryPlans keeps the dashboard's queries on their indexes (migration
// 0006) on a database SQLite has no statistics for, as the app's own: a full scan of the
// requests or of every right would make the dashboard slow at 100,000 requests.
var (
	oldPlanWords = regexp.MustCompile(`(SCAN|SEARCH) TABLE (?:\w+ AS )?`)
	fullScan     = regexp.MustCompile(`SCAN (requests|r)($|;| [^U])`)
)

func TestDashboardQueryPlans(t *testing.T) {
	testpg.SQLiteOnly(t, "SQLite's query plans")
	s, _ := dashFixture(t)
	today := dashDate(t, "2026-03-20")
	counts, countArgs := dashCountsSQL(today)
	loc, _ := time.LoadLocation("America/Chicago")
	closedQ, closedArgs := closedStatsQuery(sqliteDialect, chartStart(today), today, loc)
	for _, tc := range []struct {
		name string
		sql  string
		args []any
		want []string // each must appear in the plan
	}{
		{"counts", counts, countArgs, []string{"COVERING INDEX requests_open_due"}},
		{"urgent", dashUrgentSQL, []any{50}, []string{"INDEX requests_next_due"}},
		{"announcements", dashAnnounceSQL, []any{"2026-03-23", 500}, []string{"INDEX requests_next_due"}},
		{"rights", fmt.Sprintf(dashRightsSQL, "?,?,?"), []any{1, 2, 3}, []string{"SEARCH request_rights"}},
		{"months", dashMonthsSQL(sqliteDialect), []any{"2025-04-01"}, []string{"COVERING INDEX requests_received_date", "SEARCH rr USING COVERING INDEX"}},
		{"closed", closedQ, closedArgs, []string{"COVERING INDEX requests_closed_stats"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rows []struct {
				ID, Parent, Notused int
				Detail              string
			}
			if err := s.db.Raw("EXPLAIN QUERY PLAN "+tc.sql, tc.args...).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			var plan []string
			for _, r := range rows {
				plan = append(plan, r.Detail)
			}
			// SQLCipher's SQLite (3.33) says "SCAN TABLE requests AS r" where newer ones say "SCAN r".
			text := oldPlanWords.ReplaceAllString(strings.Join(plan, "; "), "$1 ")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("plan lacks %q: %s", w, text)
				}
			}
			// A scan of a partial index (SQLite 3.33 says "SCAN requests USING INDEX") is not
			// a scan of every request.
			if fullScan.MatchString(text) {
				t.Errorf("full scan of the requests: %s", text)
			}
		})
	}
}

// TestClosingDateSurvivesLaterChanges: a note added after closing must not erase the
// closing date the charts (and retention) read.
func TestClosingDateSurvivesLaterChanges(t *testing.T) {
	s := newTestStore(t)
	ref := dashRequest(t, s, "Prompt Priya", backend.RegimeHIPAA, backend.RightAccess, "2026-03-10",
		dashStep{out: dashGranted, in: backend.TransitionInput{Action: backend.ActionComplete, NoLetterReason: "Answered by phone."}})
	if _, err := s.AddNote(ref, "Sent the records by post as well."); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("America/Chicago")
	c, err := s.DashboardChartsOn(dashDate(t, "2026-03-20"), loc)
	if err != nil {
		t.Fatal(err)
	}
	if c.ClosedCount != 1 || c.MedianDaysToClose != 10 {
		t.Errorf("closed %d, median %v: the closing date was lost", c.ClosedCount, c.MedianDaysToClose)
	}
}
