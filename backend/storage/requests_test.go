package storage

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

// The test clock (newTestStore) is 2026-03-02 15:04:05 UTC: 09:04 in the default
// practice zone, America/Chicago. Today there is 2026-03-02.

func reqInput(name, email string, regime backend.Regime, received string, rights ...backend.Right) backend.RequestInput {
	return backend.RequestInput{Requester: backend.Person{Name: name, Email: email}, Channel: backend.ChannelEmail,
		ReceivedDate: received, ReceivedTime: "08:30", Regime: regime, Rights: rights}
}

func mustCreateRequest(t testing.TB, s *Store, in backend.RequestInput) backend.Request {
	t.Helper()
	r, err := s.CreateRequest(in)
	if err != nil {
		t.Fatalf("CreateRequest(%s): %v", in.Requester.Name, err)
	}
	return r
}

func tableRows(t testing.TB, s *Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.db.Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateRequest(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Łukasz Nowak", "lukasz@example.com", backend.RegimeCCPA, "2026-03-02", backend.RightAccess, backend.RightDeletion))
	if r.Reference != "PR-2026-0001" {
		t.Errorf("reference = %s, want PR-2026-0001", r.Reference)
	}
	if r.Status != backend.StatusReceived {
		t.Errorf("status = %s", r.Status)
	}
	// 08:30 in Chicago on 2 March (CST, UTC-6) is 14:30 UTC.
	if want := time.Date(2026, 3, 2, 14, 30, 0, 0, time.UTC); !r.ReceivedAt.Equal(want) || r.ReceivedDate.String() != "2026-03-02" {
		t.Errorf("received = %s / %s, want %s / 2026-03-02", r.ReceivedAt, r.ReceivedDate, want)
	}
	if len(r.Rights) != 2 {
		t.Fatalf("rights = %+v", r.Rights)
	}
	acc := r.Right(backend.RightAccess)
	// CCPA: 45 calendar days from 2 March is 16 April (the worked example in docs/legal.md#calendar-days);
	// acknowledge within 10 business days; extension to 90 days.
	if acc.RespondBy.String() != "2026-04-16" || acc.ExtendedRespondBy.String() != "2026-05-31" || acc.AcknowledgeBy.IsZero() {
		t.Errorf("access clock = ack %s respond %s extended %s", acc.AcknowledgeBy, acc.RespondBy, acc.ExtendedRespondBy)
	}
	if acc.RuleVersion < 1 || !strings.Contains(acc.Citation, "1798.130") || acc.Basis == "" {
		t.Errorf("rule version %d citation %q basis %q", acc.RuleVersion, acc.Citation, acc.Basis)
	}
	if r.NextDue.String() != "2026-04-16" {
		t.Errorf("next due = %s", r.NextDue)
	}
	r2 := mustCreateRequest(t, s, reqInput("Zoë O'Brien-Núñez", "zoe@example.com", backend.RegimeHIPAA, "2025-12-30", backend.RightAccess))
	r3 := mustCreateRequest(t, s, reqInput("王小明", "wang@example.com", backend.RegimeGDPR, "2026-01-05", backend.RightAccess))
	// The sequence runs per received year.
	if r2.Reference != "PR-2025-0001" || r3.Reference != "PR-2026-0002" {
		t.Errorf("references %s %s", r2.Reference, r3.Reference)
	}
	ev, err := s.RequestEvents(r.Reference)
	if err != nil || len(ev) != 1 || ev[0].Kind != backend.EventCreated || ev[0].Staff != "Dana" {
		t.Errorf("events = %+v, %v", ev, err)
	}
	events, _, err := s.ListAuditEvents(backend.AuditFilter{Entity: "request", EntityID: r.Reference})
	if err != nil || len(events) != 1 || events[0].Action != "create" || !strings.Contains(events[0].After, "Łukasz Nowak") {
		t.Errorf("audit = %+v, %v", events, err)
	}
}

// TestNamesAndMarkupStoredExactly: names in any script, quotes, SQL and HTML are plain
// data, stored and read back byte for byte, and found by search.
func TestNamesAndMarkupStoredExactly(t *testing.T) {
	s := newTestStore(t)
	names := []string{"Łukasz Żółć", "Nguyễn Thị Minh Khai", "王小明", "Zoë O'Brien-Núñez", "Robert'); DROP TABLE requests;--", "<script>alert('x')</script>", `Ann "Nan" Lee`}
	for i, n := range names {
		in := reqInput(n, "", backend.RegimeCCPA, "2026-03-01", backend.RightAccess)
		in.Requester.Phone = "+1 (555) 010-000" + string(rune('0'+i))
		in.Notes = n + " — note with <b>markup</b> & 'quotes'"
		r := mustCreateRequest(t, s, in)
		got, err := s.GetRequest(r.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if got.Requester.Name != n || got.Notes != in.Notes {
			t.Errorf("stored %q / %q, want %q", got.Requester.Name, got.Notes, n)
		}
	}
	if n := tableRows(t, s, "requests"); n != int64(len(names)) {
		t.Fatalf("%d requests stored", n)
	}
	for q, want := range map[string]string{"lukasz zolc": "Łukasz Żółć", "NGUYEN": "Nguyễn Thị Minh Khai", "小明": "王小明",
		"o'brien-nunez": "Zoë O'Brien-Núñez", "drop table": "Robert'); DROP TABLE requests;--", "<script>": "<script>alert('x')</script>"} {
		page, err := s.ListRequests(backend.RequestFilter{Search: q})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || page.Items[0].Requester.Name != want {
			t.Errorf("search %q: total %d, items %+v", q, page.Total, page.Items)
		}
	}
}

func TestRequestValidation(t *testing.T) {
	long := strings.Repeat("é", 201)
	cases := []struct {
		name   string
		modify func(in *backend.RequestInput)
		field  string
	}{
		{"missing name", func(in *backend.RequestInput) { in.Requester.Name = "  " }, "requester.name"},
		{"name too long", func(in *backend.RequestInput) { in.Requester.Name = long }, "requester.name"},
		{"control character in name", func(in *backend.RequestInput) { in.Requester.Name = "Ann\x00" }, "requester.name"},
		{"bad email", func(in *backend.RequestInput) { in.Requester.Email = "ann@" }, "requester.email"},
		{"email with display name", func(in *backend.RequestInput) { in.Requester.Email = "Ann <ann@example.com>" }, "requester.email"},
		{"no contact at all", func(in *backend.RequestInput) { in.Requester.Email = "" }, "requester.email"},
		{"bad phone", func(in *backend.RequestInput) { in.Requester.Phone = "call me" }, "requester.phone"},
		{"address too long", func(in *backend.RequestInput) { in.Requester.Address = strings.Repeat("a", 1001) }, "requester.address"},
		{"date of birth not a date", func(in *backend.RequestInput) { in.Requester.DateOfBirth = "1990-02-30" }, "requester.dateOfBirth"},
		{"date of birth in the future", func(in *backend.RequestInput) { in.Requester.DateOfBirth = "2030-01-01" }, "requester.dateOfBirth"},
		{"unknown submitter", func(in *backend.RequestInput) { in.SubmittedBy = "neighbour" }, "submittedBy"},
		{"agent without a name", func(in *backend.RequestInput) { in.SubmittedBy = backend.SubmittedByAgent }, "agent.name"},
		{"agent bad email", func(in *backend.RequestInput) {
			in.SubmittedBy, in.Agent = backend.SubmittedByAgent, backend.Agent{Name: "Agent", Email: "x@"}
		}, "agent.email"},
		{"agent name too long", func(in *backend.RequestInput) {
			in.SubmittedBy, in.Agent = backend.SubmittedByAgent, backend.Agent{Name: long}
		}, "agent.name"},
		{"missing channel", func(in *backend.RequestInput) { in.Channel = "" }, "channel"},
		{"unknown channel", func(in *backend.RequestInput) { in.Channel = "pigeon" }, "channel"},
		{"missing received date", func(in *backend.RequestInput) { in.ReceivedDate = "" }, "receivedDate"},
		{"received date that does not exist", func(in *backend.RequestInput) { in.ReceivedDate = "2026-02-29" }, "receivedDate"},
		{"received in the future", func(in *backend.RequestInput) { in.ReceivedDate = "2026-03-03" }, "receivedDate"},
		{"received later today", func(in *backend.RequestInput) { in.ReceivedDate, in.ReceivedTime = "2026-03-02", "10:00" }, "receivedTime"},
		{"received before 2000", func(in *backend.RequestInput) { in.ReceivedDate = "1999-12-31" }, "receivedDate"},
		{"bad time", func(in *backend.RequestInput) { in.ReceivedTime = "25:00" }, "receivedTime"},
		{"missing regime", func(in *backend.RequestInput) { in.Regime = "" }, "regime"},
		{"unknown regime", func(in *backend.RequestInput) { in.Regime = "nz" }, "regime"},
		{"no rights", func(in *backend.RequestInput) { in.Rights = nil }, "rights"},
		{"unknown right", func(in *backend.RequestInput) { in.Rights = []backend.Right{"telepathy"} }, "rights"},
		{"right the regime lacks", func(in *backend.RequestInput) { in.Rights = []backend.Right{backend.RightAccounting} }, "rights"},
		{"description too long", func(in *backend.RequestInput) { in.Description = strings.Repeat("x", backend.MaxDescriptionLen+1) }, "description"},
		{"minor by birth date but not marked", func(in *backend.RequestInput) { in.Requester.DateOfBirth = "2015-05-05" }, "minor"},
		{"marked minor but adult", func(in *backend.RequestInput) { in.Requester.DateOfBirth = "1980-05-05"; in.Minor = true }, "minor"},
		{"unknown consent status", func(in *backend.RequestInput) { in.Minor, in.GuardianConsent = true, "maybe" }, "guardianConsent"},
		{"assignee too long", func(in *backend.RequestInput) { in.Assignee = long }, "assignee"},
		{"tag too long", func(in *backend.RequestInput) { in.Tags = []string{strings.Repeat("t", 51)} }, "tags"},
		{"too many tags", func(in *backend.RequestInput) {
			for i := 0; i < 21; i++ {
				in.Tags = append(in.Tags, string(rune('a'+i)))
			}
		}, "tags"},
		{"notes too long", func(in *backend.RequestInput) { in.Notes = strings.Repeat("n", backend.MaxNotesLen+1) }, "notes"},
	}
	s := newTestStore(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := reqInput("Ann Lee", "ann@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess)
			tc.modify(&in)
			_, err := s.CreateRequest(in)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != tc.field {
				t.Fatalf("err = %v (field %q), want EINVALID on %q", err, backend.ErrorField(err), tc.field)
			}
			if backend.ErrorMessage(err) == "" {
				t.Error("no message")
			}
		})
	}
	// A refused request writes nothing: no row, no reference used, no audit event.
	for _, table := range []string{"requests", "request_rights", "request_events", "request_sequences", "audit_events"} {
		if n := tableRows(t, s, table); n != 0 {
			t.Errorf("%s has %d rows after refused requests", table, n)
		}
	}
	// Limits are inclusive: 200-character names and 100,000-character notes are fine.
	in := reqInput(strings.Repeat("名", 200), "ann@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess)
	in.Notes = strings.Repeat("n", backend.MaxNotesLen)
	mustCreateRequest(t, s, in)
}

func TestUpdateRequest(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Ann Lee", "ann@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))
	loc, _ := time.LoadLocation("America/Chicago")
	in := r.Input(loc)
	in.Requester.Email = "ann.lee@example.com"
	in.Notes = "Called back."
	in.Rights = append(in.Rights, backend.RightDeletion)
	got, err := s.UpdateRequest(r.Reference, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Requester.Email != "ann.lee@example.com" || len(got.Rights) != 2 || got.Right(backend.RightDeletion).RespondBy.IsZero() {
		t.Errorf("updated = %+v", got)
	}
	ev, _ := s.RequestEvents(r.Reference)
	if last := ev[len(ev)-1]; last.Kind != backend.EventUpdated || last.Summary != "Changed requester's email, rights requested and notes" {
		t.Errorf("last event = %+v", last)
	}
	audit, _, _ := s.ListAuditEvents(backend.AuditFilter{EntityID: r.Reference, Action: "update"})
	if len(audit) != 1 || !strings.Contains(audit[0].Before, "ann@example.com") || !strings.Contains(audit[0].After, "ann.lee@example.com") {
		t.Errorf("audit = %+v", audit)
	}
	// A right with an outcome cannot be removed; bad input names its field.
	if _, err := s.SetOutcome(r.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}); err != nil {
		t.Fatal(err)
	}
	in.Rights = []backend.Right{backend.RightDeletion}
	if _, err := s.UpdateRequest(r.Reference, in); backend.ErrorField(err) != "rights" {
		t.Errorf("removing a decided right: %v", err)
	}
	in.Rights = []backend.Right{backend.RightAccess}
	in.Requester.Email = "bad"
	if _, err := s.UpdateRequest(r.Reference, in); backend.ErrorField(err) != "requester.email" {
		t.Errorf("bad email: %v", err)
	}
	if _, err := s.UpdateRequest("PR-2026-9999", in); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("unknown reference: %v", err)
	}
}

func TestRequestJSONShape(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Ann Lee", "ann@example.com", backend.RegimeGDPR, "2026-02-27", backend.RightAccess))
	b, _ := json.Marshal(r)
	for _, key := range []string{`"reference":"PR-2026-0001"`, `"requester":{"name":"Ann Lee"`, `"receivedDate":"2026-02-27"`,
		`"rights":[{"right":"access","outcome":"pending"`, `"respondBy":"2026-03-27"`, `"status":"received"`, `"tags":[]`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

func TestChangeSummary(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{nil, "Changed nothing"},
		{[]string{"proofOfAuthority"}, "Changed proof of the agent's authority"},
		{[]string{"regime", "rights"}, "Changed law and rights requested"},
		{[]string{"requester.name", "requester.dateOfBirth", "notes"}, "Changed requester's name, requester's date of birth and notes"},
		{[]string{"someNewField"}, "Changed someNewField"},
	}
	for _, tt := range tests {
		if got := changeSummary(tt.keys); got != tt.want {
			t.Errorf("changeSummary(%q) = %q, want %q", tt.keys, got, tt.want)
		}
	}
}

// Every key changedFields can report has a label, so no raw field name reaches the timeline.
func TestChangeLabelsCoverChangedFields(t *testing.T) {
	a := &backend.Request{}
	b := &backend.Request{
		Requester:          backend.Person{Name: "n", Email: "e", Phone: "p", Address: "a", DateOfBirth: "d", ClientNumber: "c", Country: "DE", NameOnLetters: "l"},
		SubmittedBy:        "agent",
		Agent:              backend.Agent{Name: "x"},
		ProofOfAuthority:   true,
		RequesterConfirmed: true,
		Channel:            "email",
		ReceivedAt:         time.Unix(1, 0),
		Regime:             backend.RegimeGDPR,
		Rights:             []backend.RequestRight{{Right: backend.RightAccess}},
		Description:        "d",
		Minor:              true,
		Assignee:           "a",
		Tags:               []string{"t"},
		Notes:              "n",
		AppealOf:           "PR-2026-0001",
	}
	keys := changedFields(a, b)
	if len(keys) != len(changeLabels) {
		t.Errorf("changedFields reported %d keys, changeLabels has %d", len(keys), len(changeLabels))
	}
	for _, k := range keys {
		if _, ok := changeLabels[k]; !ok {
			t.Errorf("no label for %q", k)
		}
	}
}
