package backend

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var chicago, _ = time.LoadLocation("America/Chicago")

func validInput() RequestInput {
	return RequestInput{Requester: Person{Name: "Ann Lee", Email: "ann@example.com"}, Channel: ChannelEmail,
		ReceivedDate: "2026-02-27", ReceivedTime: "09:00", Regime: RegimeCCPA, Rights: []Right{RightAccess}}
}

func TestReceivedInstant(t *testing.T) {
	now := time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC)
	cases := []struct {
		date, clock string
		want        string // UTC instant, or "" for an error
		field       string
	}{
		{"2026-03-07", "09:00", "2026-03-07T15:00:00Z", ""}, // CST, UTC-6
		{"2026-03-08", "01:59", "2026-03-08T07:59:00Z", ""},
		{"2026-03-08", "02:30", "", "receivedTime"},         // skipped by daylight saving
		{"2026-03-08", "03:00", "2026-03-08T08:00:00Z", ""}, // CDT, UTC-5
		{"2026-03-09", "", "2026-03-09T05:00:00Z", ""},      // start of the day
		{"2026-03-09", "09:59", "2026-03-09T14:59:00Z", ""},
		{"2026-03-09", "10:01", "", "receivedTime"}, // later today
		{"2026-03-10", "", "", "receivedDate"},
		{"1999-12-31", "", "", "receivedDate"},
		{"2026-3-9", "", "", "receivedDate"},
		{"2026-03-09", "9:00", "", "receivedTime"},
	}
	for _, c := range cases {
		in := RequestInput{ReceivedDate: c.date, ReceivedTime: c.clock}
		at, day, err := in.Received(now, chicago)
		if c.want == "" {
			if ErrorField(err) != c.field {
				t.Errorf("%s %s: err %v, want field %s", c.date, c.clock, err, c.field)
			}
			continue
		}
		if err != nil || at.Format(time.RFC3339) != c.want || day.String() != c.date {
			t.Errorf("%s %s: %s %s %v, want %s", c.date, c.clock, at.Format(time.RFC3339), day, err, c.want)
		}
	}
}

func TestKeepUntil(t *testing.T) {
	for _, c := range []struct {
		regime Regime
		closed string
		want   string
	}{
		{RegimeCCPA, "2025-01-15", "2027-01-15"},
		{RegimeCCPA, "2024-02-29", "2026-02-28"},
		{RegimeGDPR, "2024-08-31", "2026-08-31"},
		{RegimeHIPAA, "2024-02-29", "2030-02-28"},
		{RegimeHIPAA, "2025-12-31", "2031-12-31"},
	} {
		d, _ := ParseDate(c.closed)
		if got := KeepUntil(c.regime, d).String(); got != c.want {
			t.Errorf("%s closed %s: keep until %s, want %s", c.regime, c.closed, got, c.want)
		}
	}
}

func TestDueDate(t *testing.T) {
	d := func(s string) Date { x, _ := ParseDate(s); return x }
	for _, c := range []struct {
		rr   RequestRight
		want string
	}{
		{RequestRight{RespondBy: d("2026-04-16")}, "2026-04-16"},
		{RequestRight{RespondBy: d("2026-04-16"), PromisedBy: d("2026-04-01")}, "2026-04-01"},
		{RequestRight{RespondBy: d("2026-03-20"), PromisedBy: d("2026-04-01")}, "2026-03-20"},
		{RequestRight{PromisedBy: d("2026-04-01")}, "2026-04-01"}, // no clock in the law
		{RequestRight{RespondBy: d("2026-04-16"), PromisedBy: d("2026-04-01"), ExtendedTo: d("2026-05-31")}, "2026-05-31"},
		{RequestRight{}, ""},
	} {
		if got := c.rr.DueDate().String(); got != c.want {
			t.Errorf("%+v: due %s, want %s", c.rr, got, c.want)
		}
	}
}

// TestWorkflowTable checks the table's shape: closed statuses allow nothing, every
// action leads somewhere valid, and every status but the closed ones can be left.
func TestWorkflowTable(t *testing.T) {
	leaves := map[Status]bool{}
	for _, a := range Actions {
		tr, ok := workflow[a]
		if !ok || tr.label == "" {
			t.Fatalf("action %s has no row", a)
		}
		if tr.to != "" && !tr.to.Valid() {
			t.Errorf("%s leads to unknown status %s", a, tr.to)
		}
		for _, from := range tr.from {
			if from.Closed() {
				t.Errorf("%s allowed from closed status %s", a, from)
			}
			if tr.to != "" && tr.to != from {
				leaves[from] = true
			}
		}
	}
	if len(workflow) != len(Actions) {
		t.Errorf("%d rows for %d actions", len(workflow), len(Actions))
	}
	for _, st := range Statuses {
		if st.Label() == "" {
			t.Errorf("status %s has no label", st)
		}
		if !st.Closed() && !leaves[st] {
			t.Errorf("open status %s cannot be left", st)
		}
		r := Request{Status: st}
		if st.Closed() && len(AllowedActions(&r, NewDate(2026, 3, 2))) != 0 {
			t.Errorf("closed status %s allows actions", st)
		}
	}
}

var inputFields = map[string]bool{"requester.name": true, "requester.email": true, "requester.phone": true, "requester.address": true,
	"requester.dateOfBirth": true, "requester.clientNumber": true, "submittedBy": true, "agent.name": true, "agent.email": true,
	"agent.phone": true, "agent.relationship": true, "channel": true, "receivedDate": true, "receivedTime": true, "regime": true,
	"rights": true, "description": true, "minor": true, "guardianConsent": true, "assignee": true, "tags": true, "notes": true}

// FuzzRequestInputValidate: Validate never panics, refuses only with an EINVALID error
// on one of the input's fields, and an accepted name is kept exactly (trimmed).
func FuzzRequestInputValidate(f *testing.F) {
	f.Add("Zoë O'Brien-Núñez", "zoe@example.com", "+1 (555) 010-2000", "2026-02-27", "09:00", "ccpa", "access", "")
	f.Add("王小明", "", "", "2026-02-30", "25:61", "hipaa", "deletion", "1990-01-01")
	f.Add("<script>", "a@b", "x", "1999-01-01", "", "nz", "telepathy", "2030-01-01")
	f.Add("Robert'); DROP TABLE requests;--", "r@example.com", "", "2026-03-02", "08:00", "uk-gdpr", "object", "2015-06-01")
	now := time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, name, email, phone, date, clock, regime, right, dob string) {
		in := RequestInput{Requester: Person{Name: name, Email: email, Phone: phone, DateOfBirth: dob}, Channel: ChannelEmail,
			ReceivedDate: date, ReceivedTime: clock, Regime: Regime(regime), Rights: []Right{Right(right)}}
		err := in.Validate(now, chicago)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || !inputFields[e.Field] || e.Message == "" {
				t.Fatalf("error %#v is not a field error", err)
			}
			return
		}
		if in.Requester.Name != strings.TrimSpace(name) || !utf8.ValidString(in.Requester.Name) {
			t.Fatalf("name %q became %q", name, in.Requester.Name)
		}
		if _, _, err := in.Received(now, chicago); err != nil {
			t.Fatalf("accepted input has no received instant: %v", err)
		}
	})
}

func TestValidInputAccepted(t *testing.T) {
	in := validInput()
	if err := in.Validate(time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), chicago); err != nil {
		t.Fatal(err)
	}
	if in.SubmittedBy != SubmittedBySelf || in.GuardianConsent != ConsentNotApplicable {
		t.Errorf("defaults: %+v", in)
	}
}

// TestHIPAADenialGrounds: a HIPAA access or amendment denial names one of the Privacy
// Rule's grounds, and only the 164.524(a)(3) grounds are reviewable.
func TestHIPAADenialGrounds(t *testing.T) {
	for _, c := range []struct {
		reg    Regime
		right  Right
		reason DenialReason
		ok     bool
	}{
		{RegimeHIPAA, RightAccess, DenialHIPAAPsychotherapyNotes, true},
		{RegimeHIPAA, RightAccess, DenialHIPAAEndangerment, true},
		{RegimeHIPAA, RightAccess, DenialOther, false},
		{RegimeHIPAA, RightAccess, DenialHIPAAAccurateComplete, false},
		{RegimeHIPAA, RightCorrection, DenialHIPAAAccurateComplete, true},
		{RegimeHIPAA, RightCorrection, DenialManifestlyUnfounded, false},
		{RegimeHIPAA, RightCorrection, DenialHIPAAEndangerment, false},
		{RegimeHIPAA, RightAccounting, DenialOther, true},
		{RegimeGDPR, RightCorrection, DenialHIPAANotCreated, false},
		{RegimeGDPR, RightCorrection, DenialManifestlyUnfounded, true},
		{"", RightCorrection, DenialHIPAANotCreated, true},
	} {
		err := ValidateDenial(c.reg, c.right, c.reason, "", "Because.")
		if (err == nil) != c.ok || (err != nil && ErrorField(err) != "denialReason") {
			t.Errorf("%s %s %s: %v, want ok=%v", c.reg, c.right, c.reason, err, c.ok)
		}
	}
	for _, d := range []DenialReason{DenialHIPAAEndangerment, DenialHIPAAHarmToOther, DenialHIPAAHarmViaRepresent} {
		if !d.Reviewable() {
			t.Errorf("%s is reviewable (45 CFR 164.524(a)(3))", d)
		}
	}
	for _, d := range []DenialReason{DenialHIPAAPsychotherapyNotes, DenialHIPAALegalProceedings, DenialHIPAAInmate, DenialHIPAAResearch,
		DenialHIPAAPrivacyAct, DenialHIPAAConfidentialSource, DenialIdentityUnverified, DenialOther} {
		if d.Reviewable() {
			t.Errorf("%s is not reviewable (45 CFR 164.524(a)(1), (a)(2))", d)
		}
	}
}
