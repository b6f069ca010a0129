package storage

import (
	"sort"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// listFixture logs requests with known attributes. With today 2 March 2026 and CCPA's
// 45 days: received 10 Jan is due 24 Feb (overdue), 16 Jan due 2 Mar (today), 20 Jan
// due 6 Mar (this week), 27 Feb due 13 Apr (later).
func listFixture(t *testing.T, s *Store) map[string]backend.Request {
	t.Helper()
	type spec struct {
		key, name, email, phone, received, assignee, notes string
		regime                                             backend.Regime
		rights                                             []backend.Right
		then                                               func(ref string)
	}
	out := map[string]backend.Request{}
	specs := []spec{
		{key: "overdue", name: "Olga Overdue", email: "olga@example.com", phone: "(555) 010-1111", received: "2026-01-10", assignee: "Dana", regime: backend.RegimeCCPA, rights: []backend.Right{backend.RightAccess}},
		{key: "today", name: "Tomás Today", email: "tomas@example.com", received: "2026-01-16", assignee: "Dana", regime: backend.RegimeCCPA, rights: []backend.Right{backend.RightDeletion}, notes: "Prefers letters to the clinic address"},
		{key: "week", name: "Wanda Week", email: "wanda@example.com", received: "2026-01-20", assignee: "Jordan", regime: backend.RegimeCCPA, rights: []backend.Right{backend.RightAccess, backend.RightPortability}},
		{key: "later", name: "Lars Later", email: "lars@example.com", received: "2026-02-27", regime: backend.RegimeCCPA, rights: []backend.Right{backend.RightCorrection}},
		{key: "gdpr", name: "Greta Gdpr", email: "greta@example.de", received: "2026-02-20", assignee: "Jordan", regime: backend.RegimeGDPR, rights: []backend.Right{backend.RightObject}},
		{key: "hipaa", name: "Hank Hipaa", email: "hank@example.com", received: "2026-02-01", regime: backend.RegimeHIPAA, rights: []backend.Right{backend.RightAccounting},
			then: func(ref string) {
				mustTransition(t, s, ref, backend.TransitionInput{Action: backend.ActionRequestIdentity})
			}},
		{key: "closed", name: "Clara Closed", email: "clara@example.com", received: "2026-01-05", regime: backend.RegimeCCPA, rights: []backend.Right{backend.RightAccess},
			then: func(ref string) {
				mustTransition(t, s, ref, backend.TransitionInput{Action: backend.ActionWithdraw})
			}},
		{key: "extended", name: "Emil Extended", email: "emil@example.com", received: "2026-02-10", regime: backend.RegimeCCPA, rights: []backend.Right{backend.RightAccess},
			then: func(ref string) {
				mustTransition(t, s, ref, backend.TransitionInput{Action: backend.ActionAcknowledge})
				mustTransition(t, s, ref, backend.TransitionInput{Action: backend.ActionExtend, Reason: "Archive", NewDate: "2026-05-01"})
			}},
	}
	for _, sp := range specs {
		in := reqInput(sp.name, sp.email, sp.regime, sp.received, sp.rights...)
		in.Requester.Phone, in.Assignee, in.Notes = sp.phone, sp.assignee, sp.notes
		r := mustCreateRequest(t, s, in)
		if sp.then != nil {
			sp.then(r.Reference)
		}
		out[sp.key], _ = s.GetRequest(r.Reference)
	}
	return out
}

func names(items []backend.Request) []string {
	out := make([]string, len(items))
	for i, r := range items {
		out[i] = strings.Fields(r.Requester.Name)[0]
	}
	return out
}

func TestListRequestsFilters(t *testing.T) {
	s := newTestStore(t)
	fx := listFixture(t, s)
	yes, no := true, false
	cases := []struct {
		name string
		f    backend.RequestFilter
		want []string // first names, in the default order (received, newest first) unless sorted
	}{
		{"everything", backend.RequestFilter{}, []string{"Lars", "Greta", "Emil", "Hank", "Wanda", "Tomás", "Olga", "Clara"}},
		{"status", backend.RequestFilter{Status: []backend.Status{backend.StatusAwaitingIdentity, backend.StatusWithdrawn}}, []string{"Hank", "Clara"}},
		{"open", backend.RequestFilter{Open: &yes}, []string{"Lars", "Greta", "Emil", "Hank", "Wanda", "Tomás", "Olga"}},
		{"closed", backend.RequestFilter{Open: &no}, []string{"Clara"}},
		{"regime", backend.RequestFilter{Regime: []backend.Regime{backend.RegimeGDPR, backend.RegimeHIPAA}}, []string{"Greta", "Hank"}},
		{"right", backend.RequestFilter{Right: []backend.Right{backend.RightPortability, backend.RightCorrection}}, []string{"Lars", "Wanda"}},
		{"assignee", backend.RequestFilter{Assignee: "Dana"}, []string{"Tomás", "Olga"}},
		{"unassigned", backend.RequestFilter{Assignee: "-", Open: &yes}, []string{"Lars", "Emil", "Hank"}},
		{"received range", backend.RequestFilter{From: "2026-01-16", To: "2026-02-10"}, []string{"Emil", "Hank", "Wanda", "Tomás"}},
		{"overdue", backend.RequestFilter{Due: backend.DueOverdue}, []string{"Olga"}},
		{"due today", backend.RequestFilter{Due: backend.DueToday}, []string{"Tomás"}},
		{"due within 7 days", backend.RequestFilter{Due: backend.DueWeek}, []string{"Wanda", "Tomás"}},
		{"due window on another day", backend.RequestFilter{Due: backend.DueOverdue, Today: "2026-03-07"}, []string{"Wanda", "Tomás", "Olga"}},
		{"awaiting acknowledgment", backend.RequestFilter{Due: backend.DueAwaitingAck}, []string{"Lars", "Greta", "Wanda", "Tomás", "Olga"}},
		{"awaiting identity", backend.RequestFilter{Due: backend.DueAwaitingIdentity}, []string{"Hank"}},
		{"extended", backend.RequestFilter{Due: backend.DueExtended}, []string{"Emil"}},
		{"search name ignoring case and accents", backend.RequestFilter{Search: "TOMAS"}, []string{"Tomás"}},
		{"search email", backend.RequestFilter{Search: "example.de"}, []string{"Greta"}},
		{"search phone digits", backend.RequestFilter{Search: "5550101111"}, []string{"Olga"}},
		{"search phone as typed", backend.RequestFilter{Search: "010-1111"}, []string{"Olga"}},
		{"search reference", backend.RequestFilter{Search: strings.ToLower(fx["gdpr"].Reference)}, []string{"Greta"}},
		{"search notes", backend.RequestFilter{Search: "clinic address"}, []string{"Tomás"}},
		{"notes match words by their beginning", backend.RequestFilter{Search: "PREFER lett"}, []string{"Tomás"}},
		{"not by a word's middle", backend.RequestFilter{Search: "efers"}, []string{}},
		{"a name word and a notes word together", backend.RequestFilter{Search: "tomas clinic"}, []string{"Tomás"}},
		{"a quote in the search is plain data", backend.RequestFilter{Search: `clinic"`}, []string{"Tomás"}},
		{"search words in any order", backend.RequestFilter{Search: "week wanda"}, []string{"Wanda"}},
		{"search LIKE wildcards are literal", backend.RequestFilter{Search: "%"}, []string{}},
		{"search and filters together", backend.RequestFilter{Search: "example.com", Regime: []backend.Regime{backend.RegimeHIPAA}}, []string{"Hank"}},
		{"sort by name", backend.RequestFilter{Sort: backend.SortName}, []string{"Clara", "Emil", "Greta", "Hank", "Lars", "Olga", "Tomás", "Wanda"}},
		{"sort by due, undated last", backend.RequestFilter{Sort: backend.SortDue, Open: &yes}, []string{"Olga", "Tomás", "Wanda", "Greta", "Hank", "Lars", "Emil"}},
		{"sort by due descending, undated still last", backend.RequestFilter{Sort: backend.SortDue, Desc: true, Regime: []backend.Regime{backend.RegimeCCPA}}, []string{"Emil", "Lars", "Wanda", "Tomás", "Olga", "Clara"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.ListRequests(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(page.Items); strings.Join(got, ",") != strings.Join(tc.want, ",") || page.Total != int64(len(tc.want)) {
				t.Errorf("got %v (total %d), want %v", got, page.Total, tc.want)
			}
		})
	}
	// HIPAA accounting's 60 days put Hank's due date at 2 April; awaiting identity does
	// not stop a HIPAA clock.
	if h := fx["hipaa"]; h.NextDue.String() != "2026-04-02" {
		t.Errorf("hipaa next due %s", h.NextDue)
	}
}

func TestListRequestsSortAndPage(t *testing.T) {
	s := newTestStore(t)
	listFixture(t, s)
	key := map[backend.RequestSort]func(r backend.Request) string{
		backend.SortReference: func(r backend.Request) string { return r.Reference },
		backend.SortName:      func(r backend.Request) string { return fold(r.Requester.Name) },
		backend.SortEmail:     func(r backend.Request) string { return r.Requester.Email },
		backend.SortRegime:    func(r backend.Request) string { return string(r.Regime) },
		backend.SortStatus:    func(r backend.Request) string { return string(r.Status) },
		backend.SortReceived:  func(r backend.Request) string { return timeText(r.ReceivedAt) },
		backend.SortAssignee:  func(r backend.Request) string { return r.Assignee },
		backend.SortUpdated:   func(r backend.Request) string { return timeText(r.UpdatedAt) },
	}
	for col, k := range key {
		for _, desc := range []bool{false, true} {
			page, err := s.ListRequests(backend.RequestFilter{Sort: col, Desc: desc})
			if err != nil {
				t.Fatal(err)
			}
			keys := make([]string, len(page.Items))
			for i, r := range page.Items {
				keys[i] = k(r)
			}
			ok := sort.SliceIsSorted(keys, func(i, j int) bool {
				if desc {
					return keys[i] > keys[j]
				}
				return keys[i] < keys[j]
			})
			if !ok || len(keys) != 8 {
				t.Errorf("sort %s desc=%v: %v", col, desc, keys)
			}
		}
	}
	// Pages of 3 cover everything once, in order, each with the full total.
	var seen []string
	for off := 0; off < 10; off += 3 {
		page, err := s.ListRequests(backend.RequestFilter{Sort: backend.SortReference, Offset: off, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 8 {
			t.Errorf("total %d", page.Total)
		}
		for _, r := range page.Items {
			seen = append(seen, r.Reference)
			if len(r.Rights) == 0 {
				t.Errorf("%s listed without its rights", r.Reference)
			}
		}
	}
	if len(seen) != 8 || !sort.StringsAreSorted(seen) {
		t.Errorf("paged references %v", seen)
	}
	var all []string
	if err := s.EachRequest(backend.RequestFilter{Sort: backend.SortReference}, func(r backend.Request) error {
		all = append(all, r.Reference)
		return nil
	}); err != nil || strings.Join(all, ",") != strings.Join(seen, ",") {
		t.Errorf("EachRequest %v, %v", all, err)
	}
	for _, c := range []struct {
		f     backend.RequestFilter
		field string
	}{
		{backend.RequestFilter{Status: []backend.Status{"lost"}}, "status"},
		{backend.RequestFilter{Regime: []backend.Regime{"nz"}}, "regime"},
		{backend.RequestFilter{Right: []backend.Right{"x"}}, "right"},
		{backend.RequestFilter{From: "2026-13-01"}, "from"},
		{backend.RequestFilter{From: "2026-03-01", To: "2026-02-01"}, "to"},
		{backend.RequestFilter{Due: "someday"}, "due"},
		{backend.RequestFilter{Sort: "colour"}, "sort"},
		{backend.RequestFilter{Offset: -1}, "offset"},
	} {
		if _, err := s.ListRequests(c.f); backend.ErrorField(err) != c.field {
			t.Errorf("filter %+v: %v, want field %s", c.f, err, c.field)
		}
	}
}

func TestFindDuplicates(t *testing.T) {
	s := newTestStore(t)
	in := reqInput("Nguyễn Văn An", "An.Nguyen@Example.com", backend.RegimeCCPA, "2026-02-20", backend.RightAccess)
	in.Requester.DateOfBirth = "1980-04-01"
	open := mustCreateRequest(t, s, in)
	closedIn := reqInput("Closed Twin", "twin@example.com", backend.RegimeCCPA, "2026-02-20", backend.RightAccess)
	closed := mustCreateRequest(t, s, closedIn)
	mustTransition(t, s, closed.Reference, backend.TransitionInput{Action: backend.ActionWithdraw})
	cases := []struct {
		name  string
		p     backend.Person
		want  string
		match string
	}{
		{"same email, other case", backend.Person{Name: "Someone Else", Email: "an.nguyen@example.COM"}, open.Reference, "email"},
		{"same name without accents and date of birth", backend.Person{Name: "nguyen van an", Email: "new@example.com", DateOfBirth: "1980-04-01"}, open.Reference, "name and date of birth"},
		{"same name, other date of birth", backend.Person{Name: "Nguyễn Văn An", Email: "new@example.com", DateOfBirth: "1981-04-01"}, "", ""},
		{"same name, no date of birth", backend.Person{Name: "Nguyễn Văn An", Email: "new@example.com"}, "", ""},
		{"closed requests are not duplicates", backend.Person{Name: "Closed Twin", Email: "twin@example.com"}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := s.FindDuplicates(backend.RequestInput{Requester: tc.p}, "")
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if len(d) != 0 {
					t.Errorf("duplicates %+v", d)
				}
				return
			}
			if len(d) != 1 || d[0].Reference != tc.want || d[0].Match != tc.match || len(d[0].Rights) != 1 {
				t.Errorf("duplicates %+v", d)
			}
		})
	}
	// Editing a request does not find itself.
	if d, _ := s.FindDuplicates(in, open.Reference); len(d) != 0 {
		t.Errorf("found itself: %+v", d)
	}
}

// Paging with the cursor (After/Next) walks the list in exactly the order and with exactly
// the rows of offset paging, for every sort both ways (ties, and requests with no due
// date, included), and a page after a cursor is not counted again.
func TestKeysetPagingMatchesOffsets(t *testing.T) {
	s := newTestStore(t)
	listFixture(t, s)
	listFixture(t, s) // the same attributes twice: ties on every sort key but id
	for _, sort := range append([]backend.RequestSort{""}, backend.RequestSorts...) {
		for _, desc := range []bool{false, true} {
			f := backend.RequestFilter{Sort: sort, Desc: desc, Today: "2026-03-02", Limit: 3}
			all := f
			all.Limit = 1000
			want, err := s.ListRequests(all)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			pages := 0
			for {
				page, err := s.ListRequests(f)
				if err != nil {
					t.Fatalf("sort %q desc %v after %q: %v", sort, desc, f.After, err)
				}
				if pages > 0 && page.Total != -1 {
					t.Errorf("sort %q: page %d counted again (%d)", sort, pages, page.Total)
				}
				for _, r := range page.Items {
					got = append(got, r.Reference)
				}
				pages++
				if page.Next == "" || pages > 20 {
					break
				}
				f.After = page.Next
			}
			var refs []string
			for _, r := range want.Items {
				refs = append(refs, r.Reference)
			}
			if strings.Join(got, " ") != strings.Join(refs, " ") {
				t.Errorf("sort %q desc %v:\n keyset %v\n offset %v", sort, desc, got, refs)
			}
		}
	}
	for _, bad := range []string{"x", "bm90IGpzb24", "WzFd", "W3RydWUsMV0"} {
		if _, err := s.ListRequests(backend.RequestFilter{Sort: backend.SortDue, After: bad}); err == nil || !strings.Contains(err.Error(), "after") {
			t.Errorf("cursor %q: %v, want an error naming after", bad, err)
		}
	}
}

// The due-date order is read from its index, both ways: no sort of every row per page.
func TestDueOrderUsesItsIndex(t *testing.T) {
	testpg.SQLiteOnly(t, "SQLite's query plans")
	s := newTestStore(t)
	for _, desc := range []bool{false, true} {
		q := buildRequestQuery(sqliteDialect, &backend.RequestFilter{Sort: backend.SortDue, Desc: desc}, backend.NewDate(2026, 3, 2))
		var plan []string
		rows, err := s.ro.Raw("EXPLAIN QUERY PLAN SELECT id FROM requests" + q.whereSQL() + q.order + " LIMIT 100").Rows()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "requests_due_order") {
			t.Errorf("desc %v: plan %q, want the due-order index and no sort", desc, p)
		}
	}
}
