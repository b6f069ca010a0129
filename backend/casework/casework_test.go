package casework

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// The clock is 2026-03-02 03:30 UTC: still 2026-03-01 in the practice's zone
// (America/Chicago), so anything that takes the computer's or UTC's date fails here.
var clock = time.Date(2026, 3, 2, 3, 30, 0, 0, time.UTC)

func newService(t *testing.T) (*Service, *storage.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := storage.Open(testpg.Location(t, filepath.Join(dir, "pd.db")))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return clock }
	st.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	t.Cleanup(func() { st.Close() })
	return New(st, filepath.Join(dir, "request-filter.json")), st
}

func input(name, email, received string) backend.RequestInput {
	return backend.RequestInput{Requester: backend.Person{Name: name, Email: email}, Channel: backend.ChannelEmail,
		ReceivedDate: received, ReceivedTime: "08:30", Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightAccess}}
}

func TestTodayIsThePracticesDate(t *testing.T) {
	cw, _ := newService(t)
	today, err := cw.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if today.String() != "2026-03-01" {
		t.Fatalf("Today = %s, want 2026-03-01 (America/Chicago at 03:30 UTC)", today)
	}
}

func TestRequestOptionsOfferEveryRegimesRights(t *testing.T) {
	o := RequestOptions()
	if len(o.Regimes) != len(backend.Regimes) {
		t.Fatalf("%d regimes offered, want %d", len(o.Regimes), len(backend.Regimes))
	}
	for _, r := range o.Regimes {
		reg := backend.Regime(r.Value)
		if r.Label == "" || len(r.Rights) != len(reg.GrantedRights()) {
			t.Errorf("%s: label %q, %d rights, want %d", r.Value, r.Label, len(r.Rights), len(reg.GrantedRights()))
		}
		if (r.Note != "") != reg.IsUSState() {
			t.Errorf("%s: note %q, want one only for US state laws", r.Value, r.Note)
		}
	}
	for _, opt := range append(o.DueWindows, o.SortColumns...) {
		if opt.Label == "" {
			t.Errorf("option %q has no label", opt.Value)
		}
	}
}

func TestCreateEditAndAuditOldestFirst(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	d, err := cw.CreateDetail(ctx, input("Ana Núñez", "ana@example.com", "2026-02-27"))
	if err != nil {
		t.Fatal(err)
	}
	ref := d.Request.Reference
	if _, err := cw.AddNote(ctx, ref, "Called back."); err != nil {
		t.Fatal(err)
	}
	in, err := cw.EditInput(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if in.Requester.Name != "Ana Núñez" || in.ReceivedTime != "08:30" || in.Tags == nil {
		t.Fatalf("EditInput = %+v", in)
	}
	events, err := cw.RequestAudit(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) < 2 || events[0].Seq > events[len(events)-1].Seq {
		t.Fatalf("audit not oldest first: %+v", events)
	}
	page, err := cw.AuditTrail(ctx, backend.AuditFilter{Entity: "request", EntityID: ref})
	if err != nil || page.Total != int64(len(events)) {
		t.Fatalf("AuditTrail total %d (%v), want %d", page.Total, err, len(events))
	}
}

func TestRequestInTheFutureOfThePracticeIsRefused(t *testing.T) {
	cw, _ := newService(t)
	// 2026-03-02 is already the date in UTC but not yet in Chicago.
	_, err := cw.Create(context.Background(), input("Bo", "bo@example.com", "2026-03-02"))
	if backend.ErrorField(err) != "receivedDate" {
		t.Fatalf("err = %v (field %q), want a receivedDate error", err, backend.ErrorField(err))
	}
}

func TestPurgeAsOfDefaultsToThePracticesToday(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	got, err := cw.PurgePreview(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want, err := cw.PurgePreview(ctx, "2026-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if got.AsOf != want.AsOf || got.AsOf.String() != "2026-03-01" {
		t.Fatalf("as of %s, want %s", got.AsOf, want.AsOf)
	}
	if _, err := cw.PurgePreview(ctx, "2026-02-30"); backend.ErrorField(err) != "asOf" {
		t.Fatalf("bad date: %v, want a field asOf error", err)
	}
}

func TestFilterIsRememberedAndADamagedFileForgotten(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	f := backend.RequestFilter{Status: []backend.Status{backend.StatusReceived}, Regime: []backend.Regime{backend.RegimeGDPR}, Offset: 50}
	if err := cw.RememberFilter(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := cw.LastFilter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Status) != 1 || len(got.Regime) != 1 || got.Offset != 0 {
		t.Fatalf("LastFilter = %+v, want the status and regime without the offset", got)
	}
	if err := cw.RememberFilter(ctx, backend.RequestFilter{Sort: "shoe size"}); backend.ErrorField(err) != "sort" {
		t.Fatalf("bad sort: %v, want a field sort error", err)
	}
	if err := os.WriteFile(cw.filterFile, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := cw.LastFilter(ctx); err != nil || got.Search != "" {
		t.Fatalf("damaged file: %+v, %v; want the default filter", got, err)
	}
}

// TestRememberedFilterKeepsNoSearchText: the remembered filter is a plain file in the
// data folder, outside the encrypted database, read by whoever signs in next: the search
// text (a patient's name, email or phone) and the page cursor (a sort key, which can be a
// name) are not written to it, and a file an older version wrote with them loses them
// when it is read.
func TestRememberedFilterKeepsNoSearchText(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	cursor := base64.RawURLEncoding.EncodeToString([]byte(`["Doe, Jane",42]`)) // the list's position: the name it sorts by
	f := backend.RequestFilter{Search: "Jane Doe", Regime: []backend.Regime{backend.RegimeHIPAA}, Sort: backend.SortName, After: cursor}
	if err := cw.RememberFilter(ctx, f); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(cw.filterFile)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "Jane") || strings.Contains(string(b), `"after"`) {
		t.Errorf("the remembered filter's file holds the search text or the list's position: %s", b)
	}
	got, err := cw.LastFilter(ctx)
	if err != nil || got.Search != "" || got.After != "" || len(got.Regime) != 1 || got.Sort != backend.SortName {
		t.Errorf("LastFilter = %+v, %v; want the regime and sort without the search", got, err)
	}
	// A file an older version wrote, search and all.
	old := `{"search":"Jane Doe","regime":["hipaa"],"after":"` + cursor + `"}`
	if err := os.WriteFile(cw.filterFile, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err = cw.LastFilter(ctx)
	if err != nil || got.Search != "" || got.After != "" || len(got.Regime) != 1 {
		t.Errorf("LastFilter of an older file = %+v, %v; want the regime without the search", got, err)
	}
	if b, err := os.ReadFile(cw.filterFile); err != nil || strings.Contains(string(b), "Jane") || strings.Contains(string(b), cursor) {
		t.Errorf("an older file still holds the search text after it was read: %s %v", b, err)
	}
}

func TestVendorsCarryTodaysAlerts(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	v := backend.Vendor{Name: "Hosting Co", Services: "Hosting", Category: backend.VendorHosting, PHIAccess: backend.PHIFull,
		BAAStatus: backend.BAAPending, DataCategories: []backend.DataCategoryKey{backend.DataHealth}}
	if _, err := cw.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	list, err := cw.Vendors(ctx, backend.VendorFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("Vendors = %+v, %v", list, err)
	}
	found := false
	for _, a := range list[0].Alerts {
		found = found || a.Kind == backend.AlertPHIWithoutBAA
	}
	if !found {
		t.Fatalf("alerts %+v lack %s", list[0].Alerts, backend.AlertPHIWithoutBAA)
	}
	e, err := cw.VendorEntryByName(ctx, "hosting co")
	if err != nil || e.Vendor.Name != "Hosting Co" || len(e.Alerts) != len(list[0].Alerts) {
		t.Fatalf("VendorEntryByName = %+v, %v", e, err)
	}
	d, err := cw.Vendor(ctx, e.Vendor.ID)
	if err != nil || len(d.History) == 0 || d.Tasks == nil && d.Attachments == nil && len(d.History) == 0 {
		t.Fatalf("Vendor detail = %+v, %v", d, err)
	}
}

func TestCancelledCallWritesNothing(t *testing.T) {
	cw, _ := newService(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cw.Create(ctx, input("Cy", "cy@example.com", "2026-02-27")); err == nil || !strings.Contains(err.Error(), "cancel") {
		t.Fatalf("err = %v, want a cancellation", err)
	}
	page, err := cw.List(context.Background(), backend.RequestFilter{})
	if err != nil || page.Total != 0 {
		t.Fatalf("after a cancelled create: %d requests (%v), want 0", page.Total, err)
	}
}

// Only content that is a PDF, a picture or plain text goes to the system viewer,
// whatever the file's name says; anything else is refused and its copy removed.
func TestOpenableCopyOpensOnlyViewableContent(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	d, err := cw.CreateDetail(ctx, input("Ana Núñez", "ana@example.com", "2026-02-27"))
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	files := map[string][]byte{
		"letter.pdf":  []byte("%PDF-1.7\n1 0 obj\n"),
		"id.png":      {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0},
		"note.txt":    []byte("Please send my records.\n"),
		"invoice.pdf": append([]byte("MZ\x90\x00"), make([]byte, 200)...), // a Windows program named .pdf
		"form.hta":    []byte("<html><script>alert(1)</script></html>"),
	}
	want := map[string]bool{"letter.pdf": true, "id.png": true, "note.txt": true, "invoice.pdf": false, "form.hta": false}
	for name, body := range files {
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
		a, _, err := cw.Attach(ctx, d.Request.Reference, p, "evidence")
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "open")
		path, err := cw.OpenableCopy(ctx, a.ID, dir)
		if want[name] != (err == nil) {
			t.Errorf("%s: opened %v (%v), want %v", name, err == nil, err, want[name])
		}
		if err != nil {
			if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "Save a copy") {
				t.Errorf("%s: refusal %v", name, err)
			}
			left, _ := os.ReadDir(dir)
			if len(left) != 0 {
				t.Errorf("%s: the refused copy stayed: %v", name, left)
			}
		} else if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestOpenableCopyNotThroughALink: the folder of copies for the viewer has a fixed name
// in the temporary folder, shared on Linux; a link of that name made beforehand gets no
// copy of an attached file (workdir.Private).
func TestOpenableCopyNotThroughALink(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	d, err := cw.CreateDetail(ctx, input("Ana Núñez", "ana@example.com", "2026-02-27"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "Ana Núñez ID.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.7\n1 0 obj\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, _, err := cw.Attach(ctx, d.Request.Reference, p, "evidence")
	if err != nil {
		t.Fatal(err)
	}
	elsewhere, dir := t.TempDir(), filepath.Join(t.TempDir(), "privacydesk-open")
	if err := os.Symlink(elsewhere, dir); err != nil {
		t.Skip(err)
	}
	if path, err := cw.OpenableCopy(ctx, a.ID, dir); err == nil || backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("a copy through a link: %q, %v; want a refusal", path, err)
	}
	if left, _ := os.ReadDir(elsewhere); len(left) != 0 {
		t.Errorf("the link's target holds %v", left)
	}
}

// Two desks open one request for editing; the first saves; the second's save from the
// version it opened is refused, naming the first desk's change, and writes nothing.
func TestStaleEditIsRefusedWithTheOtherChange(t *testing.T) {
	cw, st := newService(t)
	ctx := context.Background()
	d, err := cw.CreateDetail(ctx, input("Ana Núñez", "ana@example.com", "2026-02-27"))
	if err != nil {
		t.Fatal(err)
	}
	ref := d.Request.Reference
	mine, err := cw.EditInput(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := cw.EditInput(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if mine.Version == 0 || theirs.Version != mine.Version {
		t.Fatalf("versions %d and %d, want one version above 0", mine.Version, theirs.Version)
	}
	st.Actor = backend.Actor{OSUser: "other", Staff: "Sam"}
	theirs.Notes = "Sam's note"
	if _, err := cw.Update(ctx, ref, theirs); err != nil {
		t.Fatal(err)
	}
	st.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	mine.Assignee = "Dana"
	_, err = cw.Update(ctx, ref, mine)
	if backend.ErrorCode(err) != backend.ECONFLICT || backend.ErrorField(err) != "version" || !strings.Contains(err.Error(), "Sam changed notes") {
		t.Fatalf("stale save: %v; want a conflict naming Sam's change of the notes", err)
	}
	got, err := cw.Detail(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Request.Notes != "Sam's note" || got.Request.Assignee == "Dana" {
		t.Errorf("after the refused save: notes %q assignee %q", got.Request.Notes, got.Request.Assignee)
	}
	// Opened again, the save goes through.
	again, err := cw.EditInput(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if again.Version <= mine.Version {
		t.Errorf("version after Sam's save %d, want above %d", again.Version, mine.Version)
	}
	again.Assignee = "Dana"
	if _, err := cw.Update(ctx, ref, again); err != nil {
		t.Fatal(err)
	}
}
