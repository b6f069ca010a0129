package storage

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// deniedRequest logs a request under reg received on received and denies it.
func deniedRequest(t *testing.T, s *Store, name string, reg backend.Regime, received string) backend.Request {
	t.Helper()
	r := mustCreateRequest(t, s, reqInput(name, strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.com", reg, received, backend.RightAccess))
	return mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionDeny, DenialReason: backend.DenialOther, DenialText: "We hold no record of you."})
}

func appealInput(name string, reg backend.Regime, received, of string) backend.RequestInput {
	in := reqInput(name, strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.com", reg, received, backend.RightAppeal)
	in.AppealOf = of
	return in
}

// An appeal names the request whose denial it appeals: the link shows both ways (the
// appeal's appealOf, the denied request's appeals and timeline), the appeal's clock runs
// from its own receipt, and a request that cannot be appealed is refused on appealOf.
func TestAppealNamesTheDeniedRequest(t *testing.T) {
	s := newTestStore(t)
	denied := deniedRequest(t, s, "Vera Denied", backend.RegimeVA, "2026-01-10")
	appeal := mustCreateRequest(t, s, appealInput("Vera Denied", backend.RegimeVA, "2026-02-20", " "+strings.ToLower(denied.Reference)+" "))
	if appeal.AppealOf != denied.Reference {
		t.Fatalf("appeal of %q, want %s", appeal.AppealOf, denied.Reference)
	}
	// Va. Code 59.1-577: the appeal is decided within 60 days of its own receipt.
	if due := appeal.Right(backend.RightAppeal).DueDate().String(); due != "2026-04-21" {
		t.Errorf("appeal due %s, want 2026-04-21 (60 days from 20 February)", due)
	}
	d, err := s.RequestDetail(denied.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Appeals) != 1 || d.Appeals[0].Reference != appeal.Reference || d.Appeals[0].ReceivedDate.String() != "2026-02-20" || d.Appeals[0].Status != backend.StatusReceived {
		t.Errorf("denied request's appeals %+v", d.Appeals)
	}
	if last := d.Events[len(d.Events)-1]; last.Kind != backend.EventAppeal || !strings.Contains(last.Summary, appeal.Reference) {
		t.Errorf("denied request's last event %+v, want the appeal logged", last)
	}
	ad, err := s.RequestDetail(appeal.Reference)
	if err != nil || ad.Request.AppealOf != denied.Reference || len(ad.Appeals) != 0 || !strings.Contains(ad.Events[0].Summary, "appeals the denial of "+denied.Reference) {
		t.Errorf("appeal's detail: appealOf %q appeals %+v first event %+v, %v", ad.Request.AppealOf, ad.Appeals, ad.Events[0], err)
	}
	// Read back through the list as through the detail.
	page, err := s.ListRequests(backend.RequestFilter{Search: appeal.Reference})
	if err != nil || len(page.Items) != 1 || page.Items[0].AppealOf != denied.Reference {
		t.Errorf("list: %+v, %v", page.Items, err)
	}

	open := mustCreateRequest(t, s, reqInput("Still Open", "still.open@example.com", backend.RegimeVA, "2026-02-01", backend.RightAccess))
	colorado := deniedRequest(t, s, "Cole Denied", backend.RegimeCO, "2026-01-12")
	for _, c := range []struct {
		name string
		in   backend.RequestInput
		want string
	}{
		{"not an appeal", func() backend.RequestInput {
			in := reqInput("Not Appeal", "not.appeal@example.com", backend.RegimeVA, "2026-02-20", backend.RightAccess)
			in.AppealOf = denied.Reference
			return in
		}(), "Only an appeal names"},
		{"not a reference", appealInput("Bad Ref", backend.RegimeVA, "2026-02-20", "last week's"), "not a request reference"},
		{"no such request", appealInput("No Such", backend.RegimeVA, "2026-02-20", "PR-2026-0999"), "No request has the reference PR-2026-0999"},
		{"not denied", appealInput("Open One", backend.RegimeVA, "2026-02-20", open.Reference), open.Reference + " was not denied, in whole or in part (it is received)"},
		{"another law", appealInput("Other Law", backend.RegimeVA, "2026-02-20", colorado.Reference), "made under Colorado"},
		{"an appeal of an appeal", appealInput("Twice", backend.RegimeVA, "2026-02-21", appeal.Reference), "is itself an appeal"},
		{"received before the request", appealInput("Too Soon", backend.RegimeVA, "2026-01-05", denied.Reference), "received on 10 January 2026, after this appeal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.CreateRequest(c.in)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "appealOf" || !strings.Contains(backend.ErrorMessage(err), c.want) {
				t.Errorf("err = %v (field %q), want invalid appealOf containing %q", err, backend.ErrorField(err), c.want)
			}
		})
	}

	// An appeal logged without the link gets it by an edit, which the denied request's
	// timeline records too; an appeal cannot name itself.
	loose := mustCreateRequest(t, s, appealInput("Late Link", backend.RegimeCO, "2026-02-25", ""))
	in := appealInput("Late Link", backend.RegimeCO, "2026-02-25", loose.Reference)
	if _, err := s.UpdateRequest(loose.Reference, in); backend.ErrorField(err) != "appealOf" || !strings.Contains(backend.ErrorMessage(err), "cannot name itself") {
		t.Errorf("self link: %v", err)
	}
	in.AppealOf = colorado.Reference
	got, err := s.UpdateRequest(loose.Reference, in)
	if err != nil || got.AppealOf != colorado.Reference {
		t.Fatalf("link by an edit: %q, %v", got.AppealOf, err)
	}
	// The law cannot change away from the appealed request's beside the link.
	in.Regime = backend.RegimeVA
	if _, err := s.UpdateRequest(loose.Reference, in); backend.ErrorField(err) != "appealOf" || !strings.Contains(backend.ErrorMessage(err), "made under Colorado") {
		t.Errorf("another law by an edit: %v", err)
	}
	cd, _ := s.RequestDetail(colorado.Reference)
	if len(cd.Appeals) != 1 || cd.Appeals[0].Reference != loose.Reference || cd.Events[len(cd.Events)-1].Kind != backend.EventAppeal {
		t.Errorf("after the edit: appeals %+v", cd.Appeals)
	}
}

// Requests stored before the link existed (migration 0021) read as before, with no link.
func TestUpgradeKeepsRequestsWithoutAnAppealLink(t *testing.T) {
	testpg.SQLiteOnly(t, "an upgrade of an old database file")
	path := filepath.Join(t.TempDir(), "pd", "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
	s.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	denied := deniedRequest(t, s, "Old Denial", backend.RegimeVA, "2026-01-10")
	rewind(t, s, 18)
	if err := s.db.Exec(`INSERT INTO request_events (request_id, at, os_user, staff, kind, action, from_status, to_status, summary, note) VALUES (?, '2026-03-01T00:00:00Z', 'x', 'x', 'note', '', '', '', 'kept', '')`, denied.ID).Error; err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.RequestDetail(denied.Reference)
	if err != nil || d.Request.AppealOf != "" || len(d.Appeals) != 0 || d.Request.Status != backend.StatusDenied {
		t.Fatalf("after the upgrade: %+v appeals %+v, %v", d.Request.Status, d.Appeals, err)
	}
}
