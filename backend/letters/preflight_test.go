package letters

import (
	"strings"
	"testing"

	"privacydesk/backend"
)

// TestPreflight: each problem a busy office manager would send unread is found, with its
// severity, the field to fix and where; a letter without problems has none.
func TestPreflight(t *testing.T) {
	type want struct {
		code     string
		severity Severity
		field    string
		fix      string
	}
	cases := []struct {
		name string
		kind Kind
		data func() Data
		want []want
	}{
		{"clean acknowledgment", KindAcknowledgment, func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) }, nil},
		{"access response with an empty data map", KindAccessResponse, func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) },
			[]want{{"datamap-empty", SeverityBlocking, "datamap", FixDataMap}}},
		{"no postal address and no email", KindAcknowledgment, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Requester.Address, d.Requester.Email = nil, ""
			return d
		}, []want{{"no-address", SeverityBlocking, "requester.address", FixRequest}}},
		{"an agent with no address", KindAcknowledgment, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Agent, d.WritesToAgent = Party{Name: "Pat Agent"}, true
			return d
		}, []want{{"no-address", SeverityBlocking, "agent.address", FixRequest}}},
		{"an agent not addressed", KindVerifyIdentity, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Agent, d.WritesToAgent = Party{Name: "Pat Agent", Email: "pat@agent.example"}, true
			d.Recipient, d.Copies = d.Requester, []Party{d.Agent}
			return d
		}, []want{{"agent-not-addressed", SeverityWarning, "agent.name", FixRequest}}},
		{"information to an agent whose authority is not shown", KindAccessResponse, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.DataMap = testDataMap
			d.Agent, d.WritesToAgent = Party{Name: "Pat Agent", Email: "pat@agent.example"}, true
			return d
		}, []want{{"agent-unproven", SeverityBlocking, "proofOfAuthority", FixRequest}}},
		{"information to an agent whose authority is shown", KindAccessResponse, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.DataMap = testDataMap
			d.Agent, d.WritesToAgent, d.AgentProven = Party{Name: "Pat Agent", Email: "pat@agent.example"}, true, true
			return d
		}, nil},
		{"an extension notice made in the original period", KindExtension, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Deadline = Deadline{RespondBy: date("2026-04-16"), ExtendedRespondBy: date("2026-05-31"), ExtensionReason: "Records off site.", ExtensionNoticeBy: date("2026-04-16")}
			d.Today = date("2026-04-16")
			return d
		}, nil},
		{"a completion letter while a vendor is still to be told", KindOptOutDone, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightOptOut)
			d.Request.Granted = []backend.Right{backend.RightOptOut}
			d.VendorsTold, d.VendorsToTell = []string{"Twilio"}, []string{"Mailgun"}
			return d
		}, []want{{"vendors-not-told", SeverityBlocking, "vendorTasks", FixTasks}}},
		{"a name the fonts cannot print", KindAcknowledgment, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Requester.Name = "สมชาย" // Thai: no letter font draws it
			return d
		}, []want{{"unprintable", SeverityBlocking, "requester.name", FixRequest}}},
		{"only the internal summary", KindAcknowledgment, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Request.InternalSummary, d.Request.Description = "Wants a copy; angry on the phone.", ""
			return d
		}, []want{{"words-missing", SeverityWarning, "requesterWords", FixRequest}}},
		{"no summary and no words quotes nothing", KindAcknowledgment, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Request.Description = ""
			return d
		}, nil},
		{"HIPAA denial without the contact's title and phone", KindDenial, func() Data {
			d := baseData(backend.RegimeHIPAA, backend.RightAccess)
			d.Request.DenialReason = "The records are psychotherapy notes."
			d.Practice.PrivacyContact, d.Practice.Phone = "", ""
			return d
		}, []want{{"hipaa-contact-title", SeverityBlocking, "privacyContact", FixSettings}, {"hipaa-contact-phone", SeverityBlocking, "phone", FixSettings}}},
		{"a kind that does not fit", KindDeletionDone, func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) },
			[]want{{"does-not-fit", SeverityBlocking, "kind", FixOutcome}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := c.data()
			got := Preflight(Builtin(c.kind), &d)
			if len(got) != len(c.want) {
				t.Fatalf("got %d problems %+v, want %d %+v", len(got), got, len(c.want), c.want)
			}
			for i, w := range c.want {
				g := got[i]
				if g.Code != w.code || g.Severity != w.severity || g.Field != w.field || g.Fix != w.fix {
					t.Errorf("problem %d: got %+v, want %+v", i, g, w)
				}
				if strings.TrimSpace(g.Message) == "" || strings.Contains(g.Message, "U+") || strings.Contains(g.Message, "{{") {
					t.Errorf("problem %d: message not in plain words: %q", i, g.Message)
				}
			}
			err := PreflightError(got, false)
			switch {
			case len(c.want) == 0 && err != nil:
				t.Errorf("no problems, but refused: %v", err)
			case len(c.want) > 0 && err == nil:
				t.Errorf("problems, but not refused")
			case Blocking(got) && PreflightError(got, true) == nil:
				t.Errorf("a blocking problem was accepted with the warnings")
			case len(c.want) > 0 && !Blocking(got) && PreflightError(got, true) != nil:
				t.Errorf("acknowledged warnings still refuse")
			}
		})
	}
}
