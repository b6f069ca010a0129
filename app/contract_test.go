package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/backup"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/dbchoice"
	"privacydesk/backend/demo"
	"privacydesk/backend/export"
	"privacydesk/backend/letters"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// The contract between Go and the UI. TestBoundMethodContract calls every method the
// window binds, on the example practice with a fixed clock, and keeps one JSON sample of
// what each returns under testdata/contract (go test ./app -run Contract -update
// rewrites them). The front end's contract test (frontend/src/contract.test.ts) answers
// every call of its API modules with these samples, so a zod schema that no longer
// parses what Go sends, or a bound method the UI never calls, fails a test on one side.

var updateContract = flag.Bool("update", false, "rewrite the contract samples under testdata/contract")

const contractDir = "testdata/contract"

// contractClock is the example practice's "now": 2026-12-07 09:00 in America/Chicago.
var contractClock = time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)

// contractCase calls one bound method: the arguments, made when the case runs (so a
// case can set up what it needs), or, for a method that needs the native window, the
// sample built from the type the method returns.
type contractCase struct {
	method string // Struct.Method
	args   func(t *testing.T, f *contractFixture) []any
	window func(t *testing.T, f *contractFixture) any
	// then, when set, turns what the method returned into the sample (a job is kept as
	// it ends, so the sample does not depend on how far it got).
	then func(t *testing.T, f *contractFixture, out any) any
}

type contractFixture struct {
	d   *desk
	st  *storage.Store
	dir string
	svc map[string]any
}

func (f *contractFixture) request(t *testing.T, in backend.RequestInput) string {
	t.Helper()
	cw, ctx, err := f.d.casework()
	if err != nil {
		t.Fatal(err)
	}
	r, err := cw.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return r.Reference
}

func (f *contractFixture) vendor(t *testing.T, name string) backend.Vendor {
	t.Helper()
	cw, ctx, err := f.d.casework()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cw.VendorEntryByName(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	return e.Vendor
}

func args(v ...any) func(*testing.T, *contractFixture) []any {
	return func(*testing.T, *contractFixture) []any { return v }
}

// A request received the day before the fixed clock, for the cases that change one.
func freshInput(name string, regime backend.Regime, rights ...backend.Right) backend.RequestInput {
	return backend.RequestInput{Requester: backend.Person{Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-12-06", ReceivedTime: "10:00", Regime: regime, Rights: rights}
}

var contractCases = []contractCase{
	{method: "AppService.Info", args: args()},
	{method: "AppService.SetAppState", args: args(storage.AppStateColorScheme, "dark")},
	{method: "AppService.GetAppState", args: args(storage.AppStateColorScheme)},
	{method: "AppService.ChangeMarker", args: args()},
	{method: "AppService.LoadExample", window: func(t *testing.T, f *contractFixture) any {
		// The example loads into a new database only; this one has it already.
		st, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), "new.db")))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		st.Now = func() time.Time { return contractClock }
		s := &AppService{}
		s.startup(nil, &desk{store: st, account: testAdmin})
		sum, err := s.LoadExample()
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}},
	{method: "SessionService.CreateAdministrator", window: func(t *testing.T, f *contractFixture) any {
		out, err := (&SessionService{d: &desk{dbPath: testpg.Location(t, filepath.Join(t.TempDir(), "new.db")), dataDir: t.TempDir()}}).CreateAdministrator("Ana Office", contractPassphrase, contractPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.RecoveryKey, "AGE-SECRET-KEY-1") {
			t.Errorf("the first administrator got no recovery key to print: %q", out.RecoveryKey)
		}
		out.RecoveryKey = sampleKey(backup.RecoveryKeyResult{}).Secret
		return out
	}},
	{method: "SessionService.SignIn", window: func(t *testing.T, f *contractFixture) any {
		s := newSession(t)
		if err := s.SignOut(); err != nil {
			t.Fatal(err)
		}
		out, err := s.SignIn("Ana Office", contractPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}},
	{method: "SessionService.Lock", window: func(t *testing.T, f *contractFixture) any {
		if err := newSession(t).Lock("idle"); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{method: "SessionService.Unlock", window: func(t *testing.T, f *contractFixture) any {
		s := newSession(t)
		if err := s.Lock("shortcut"); err != nil {
			t.Fatal(err)
		}
		out, err := s.Unlock(contractPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}},
	{method: "SessionService.SignOut", window: func(t *testing.T, f *contractFixture) any {
		if err := newSession(t).SignOut(); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{method: "SessionService.ReportInput", args: args()},
	{method: "SessionService.SetIdleLock", args: args(15)},
	{method: "AccountService.Create", args: args("Robin Front", backend.RoleStaff, contractPassphrase)},
	{method: "AccountService.List", args: args()},
	{method: "AccountService.ChangeRole", args: args("Robin Front", backend.RoleAuditor)},
	{method: "AccountService.ResetPassphrase", args: args("Robin Front", "another long passphrase")},
	{method: "AccountService.Disable", args: args("Robin Front")},
	{method: "AccountService.Enable", args: args("Robin Front")},
	{method: "SettingsService.Get", args: args()},
	{method: "SettingsService.Save", args: func(t *testing.T, f *contractFixture) []any {
		p, err := f.st.GetPractice()
		if err != nil {
			t.Fatal(err)
		}
		return []any{p}
	}},
	{method: "SettingsService.Applicability", args: args()},
	{method: "SettingsService.Database", args: args()},
	{method: "SettingsService.TestDatabase", args: args(dbchoice.Choice{Engine: dbchoice.EngineSQLite}, "")},
	{method: "SettingsService.SaveDatabase", args: args(dbchoice.Choice{Engine: dbchoice.EngineSQLite}, "")},
	{method: "SettingsService.ChooseDatabaseCAFile", window: func(t *testing.T, f *contractFixture) any { return filepath.Join(f.dir, "ca.crt") }},
	{method: "SessionService.GiveDatabasePassword", window: func(t *testing.T, f *contractFixture) any {
		// The sign-in screen's answer for a server the test has not: built from the type.
		return DatabasePassword{Session: SessionInfo{State: SessionSignedOut}, Kept: true}
	}},
	{method: "SettingsService.ZoneProposal", args: args()},
	{method: "SettingsService.ConfirmZone", args: args(backend.ZoneProposal{TimeZone: "America/Chicago", HolidayCountry: "DE"})},
	{method: "SettingsService.HolidayCountries", args: args()},
	{method: "SettingsService.TimeZones", args: args()},
	{method: "DashboardService.Readiness", args: args()},
	{method: "DashboardService.Get", args: args()},
	{method: "DashboardService.Charts", args: args()},
	{method: "DashboardService.Announcements", args: args()},
	{method: "DashboardService.Rules", args: args()},
	{method: "DashboardService.RulesAffected", args: args()},
	{method: "DashboardService.StateClocks", args: args()},
	// Recomputing needs requests stored under an older version of a rule, which the
	// current example practice does not have: the sample is built from the result type.
	{method: "DashboardService.RecomputeRule", window: func(t *testing.T, f *contractFixture) any {
		return backend.RecomputeResult{Regime: backend.RegimeCCPA, Right: backend.RightAccess, Version: 2,
			Recomputed: []backend.RecomputedRight{{Reference: "PR-2026-0001", From: mustDate(t, "2026-12-20"), To: mustDate(t, "2026-12-21")}},
			Skipped: []backend.AffectedRight{{Reference: "PR-2026-0004", Requester: "José García", Status: backend.StatusAcknowledged,
				StoredVersion: 1, DueOn: mustDate(t, "2026-12-20"), NewDueOn: mustDate(t, "2026-12-21"), NewBasis: "45 days", Problem: "Extended."}}}
	}},
	{method: "RequestService.Options", args: args()},
	{method: "RequestService.List", args: args(backend.RequestFilter{Limit: 3})},
	{method: "RequestService.Get", args: args("PR-2026-0001")},
	{method: "RequestService.EditInput", args: args("PR-2026-0001")},
	{method: "RequestService.Duplicates", args: args(backend.RequestInput{Requester: backend.Person{Email: "lukasz.w@example.net"}}, "")},
	{method: "RequestService.Create", args: args(freshInput("Contract Person", backend.RegimeCCPA, backend.RightAccess, backend.RightDeletion))},
	{method: "RequestService.Update", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Update Person", backend.RegimeGDPR, backend.RightAccess))
		in := freshInput("Update Person", backend.RegimeGDPR, backend.RightAccess)
		in.Notes = "Prefers post."
		return []any{ref, in}
	}},
	{method: "RequestService.Transition", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Transition Person", backend.RegimeCCPA, backend.RightAccess))
		return []any{ref, backend.TransitionInput{Action: backend.ActionAcknowledge, Note: "Acknowledged by email."}}
	}},
	{method: "RequestService.SetOutcome", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Outcome Person", backend.RegimeGDPR, backend.RightAccess))
		return []any{ref, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeGranted}}
	}},
	{method: "RequestService.RecordVerification", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Verified Person", backend.RegimeCCPA, backend.RightAccess))
		return []any{ref, backend.VerificationInput{Method: backend.VerificationMethods[0], VerifiedBy: "Dana", Degree: backend.VerificationDegrees[0]}}
	}},
	{method: "RequestService.RecordDeletionConfirmation", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Deleting Person", backend.RegimeCCPA, backend.RightDeletion))
		return []any{ref, backend.DeletionConfirmationInput{Channel: backend.ChannelEmail, Note: "Confirmed by reply."}}
	}},
	{method: "RequestService.AddNote", args: args("PR-2026-0002", "Called the patient back.")},
	{method: "RequestService.Audit", args: args("PR-2026-0001")},
	{method: "RequestService.AuditTrail", args: args(backend.AuditFilter{Limit: 3})},
	{method: "RequestService.VerifyAudit", args: args()},
	{method: "RequestService.AuditAnchorTo", args: func(t *testing.T, f *contractFixture) []any {
		return []any{filepath.Join(f.dir, "anchor.pdf")}
	}},
	{method: "RequestService.AuditAnchor", window: func(t *testing.T, f *contractFixture) any {
		a, err := f.svc["RequestService"].(*RequestService).AuditAnchorTo(filepath.Join(f.dir, "anchor-2.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		return AnchorSaved{Saved: true, Anchor: &a}
	}},
	{method: "RequestService.PurgePreview", args: args("2026-12-07")},
	{method: "RequestService.Purge", args: args("2026-12-07")},
	{method: "RequestService.RememberFilter", args: args(backend.RequestFilter{Search: "ana"})},
	{method: "RequestService.LastFilter", args: args()},
	{method: "RequestService.ChooseAndAttach", window: func(t *testing.T, f *contractFixture) any {
		cw, ctx, _ := f.d.casework()
		src := filepath.Join(t.TempDir(), "id-copy.pdf")
		os.WriteFile(src, []byte("%PDF-1.4\n"), 0o600)
		a, d, err := cw.Attach(ctx, "PR-2026-0005", src, "ID copy")
		if err != nil {
			t.Fatal(err)
		}
		return backend.AttachResult{Attached: true, Attachment: &a, Detail: d}
	}},
	{method: "RequestService.OpenAttachment", window: func(*testing.T, *contractFixture) any { return true }},
	{method: "RequestService.SaveAttachmentAs", window: func(*testing.T, *contractFixture) any { return true }},
	{method: "DisclosureService.Add", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Accounting Person", backend.RegimeHIPAA, backend.RightAccounting))
		return []any{ref, backend.Disclosure{DisclosedOn: mustDate(t, "2026-06-01"), Recipient: "County health department",
			Description: "Immunization record", Purpose: "Public health reporting"}}
	}},
	{method: "DisclosureService.List", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Listing Person", backend.RegimeHIPAA, backend.RightAccounting))
		cw, ctx, _ := f.d.casework()
		if _, err := cw.AddDisclosure(ctx, ref, backend.Disclosure{DisclosedOn: mustDate(t, "2026-05-01"), Recipient: "Court",
			Description: "Records", Purpose: "Subpoena"}); err != nil {
			t.Fatal(err)
		}
		return []any{ref}
	}},
	{method: "DisclosureService.Remove", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Removing Person", backend.RegimeHIPAA, backend.RightAccounting))
		cw, ctx, _ := f.d.casework()
		d, err := cw.AddDisclosure(ctx, ref, backend.Disclosure{DisclosedOn: mustDate(t, "2026-05-01"), Recipient: "Court",
			Description: "Records", Purpose: "Subpoena"})
		if err != nil {
			t.Fatal(err)
		}
		return []any{ref, d.ID}
	}},
	{method: "VendorService.Options", args: args()},
	{method: "VendorService.List", args: args(backend.VendorFilter{})},
	{method: "VendorService.Get", args: func(t *testing.T, f *contractFixture) []any { return []any{f.vendor(t, "OpenAI").ID} }},
	{method: "VendorService.Create", args: args(backend.Vendor{Name: "Contract Vendor", Services: "Fax", Category: "other",
		PHIAccess: backend.PHIFull, BAAStatus: backend.BAAPending, DataCategories: []backend.DataCategoryKey{backend.DataHealth}})},
	{method: "VendorService.Update", args: func(t *testing.T, f *contractFixture) []any {
		v := f.vendor(t, "OpenAI")
		v.Notes = "Reviewed."
		return []any{v}
	}},
	{method: "VendorService.Delete", args: func(t *testing.T, f *contractFixture) []any {
		cw, ctx, _ := f.d.casework()
		v, err := cw.CreateVendor(ctx, backend.Vendor{Name: "Short-lived Vendor", Services: "Nothing", Category: "other", PHIAccess: backend.PHINone,
			BAAStatus: backend.BAANotRequired, BAAReason: "no-phi"})
		if err != nil {
			t.Fatal(err)
		}
		return []any{v.ID}
	}},
	{method: "VendorService.SaveChecklist", args: func(t *testing.T, f *contractFixture) []any {
		return []any{f.vendor(t, "OpenAI").ID, []backend.ChecklistItem{{Clause: "ii-J", Answer: backend.AnswerYes, Note: "Section 7.3"}}}
	}},
	{method: "VendorService.MarkChecklistAllPresent", args: func(t *testing.T, f *contractFixture) []any {
		return []any{f.vendor(t, "Google Cloud").ID}
	}},
	{method: "VendorService.Alerts", args: args()},
	{method: "VendorService.RemoveBAA", args: func(t *testing.T, f *contractFixture) []any {
		cw, ctx, _ := f.d.casework()
		src := filepath.Join(t.TempDir(), "old-baa.pdf")
		os.WriteFile(src, []byte("%PDF-1.7\n"), 0o600)
		v, err := cw.AttachBAA(ctx, f.vendor(t, "OpenAI").ID, src)
		if err != nil {
			t.Fatal(err)
		}
		return []any{v.ID}
	}},
	{method: "VendorService.DataMap", args: args()},
	{method: "VendorService.SaveDataMap", args: func(t *testing.T, f *contractFixture) []any {
		cw, ctx, _ := f.d.casework()
		rows, err := cw.DataMap(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return []any{rows}
	}},
	{method: "VendorService.Tasks", args: args("PR-2026-0003")},
	{method: "VendorService.ProposeTasks", args: args("PR-2026-0003")},
	{method: "VendorService.AddTask", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Task Person", backend.RegimeCCPA, backend.RightDeletion))
		return []any{ref, f.vendor(t, "OpenAI").ID}
	}},
	{method: "VendorService.UpdateTask", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Told Person", backend.RegimeCCPA, backend.RightDeletion))
		cw, ctx, _ := f.d.casework()
		task, err := cw.AddVendorTask(ctx, ref, f.vendor(t, "OpenAI").ID)
		if err != nil {
			t.Fatal(err)
		}
		return []any{task.ID, backend.VendorTaskUpdate{NotifiedOn: mustDate(t, "2026-12-07"), NotifiedVia: "email", NotifiedNote: "Ticket 42"}}
	}},
	{method: "VendorService.AttachTaskReply", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Replied Person", backend.RegimeCCPA, backend.RightDeletion))
		cw, ctx, _ := f.d.casework()
		task, err := cw.AddVendorTask(ctx, ref, f.vendor(t, "OpenAI").ID)
		if err == nil {
			task, err = cw.UpdateVendorTask(ctx, task.ID, backend.VendorTaskUpdate{NotifiedOn: mustDate(t, "2026-12-07"), NotifiedVia: "email"})
		}
		if err != nil {
			t.Fatal(err)
		}
		eml := filepath.Join(f.dir, "reply.eml")
		os.WriteFile(eml, []byte("From: OpenAI Privacy <privacy@openai.example>\r\nSubject: Re: "+ref+
			"\r\nDate: Mon, 07 Dec 2026 09:15:00 -0600\r\nContent-Type: text/plain\r\n\r\nDeleted.\r\n"), 0o600)
		return []any{task.ID, eml}
	}},
	{method: "VendorService.RemoveTask", args: func(t *testing.T, f *contractFixture) []any {
		ref := f.request(t, freshInput("Untold Person", backend.RegimeCCPA, backend.RightDeletion))
		cw, ctx, _ := f.d.casework()
		task, err := cw.AddVendorTask(ctx, ref, f.vendor(t, "OpenAI").ID)
		if err != nil {
			t.Fatal(err)
		}
		return []any{task.ID}
	}},
	{method: "VendorService.AttachBAA", window: func(t *testing.T, f *contractFixture) any {
		cw, ctx, _ := f.d.casework()
		src := filepath.Join(t.TempDir(), "baa.pdf")
		os.WriteFile(src, []byte("%PDF-1.7\n"), 0o600)
		v, err := cw.AttachBAA(ctx, f.vendor(t, "OpenAI").ID, src)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}},
	{method: "VendorService.AttachTaskConfirmation", window: func(t *testing.T, f *contractFixture) any {
		ref := f.request(t, freshInput("Confirmed Person", backend.RegimeCCPA, backend.RightDeletion))
		cw, ctx, _ := f.d.casework()
		task, err := cw.AddVendorTask(ctx, ref, f.vendor(t, "OpenAI").ID)
		if err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(t.TempDir(), "confirmation.pdf")
		os.WriteFile(src, []byte("%PDF-1.7\n"), 0o600)
		task, err = cw.AttachTaskConfirmation(ctx, task.ID, src)
		if err != nil {
			t.Fatal(err)
		}
		return task
	}},
	{method: "VendorService.OpenFile", window: func(*testing.T, *contractFixture) any { return nil }},
	{method: "VendorService.SaveFileCopy", window: func(*testing.T, *contractFixture) any { return true }},
	{method: "LetterService.Kinds", args: args("PR-2026-0001")},
	{method: "LetterService.Fields", args: args()},
	{method: "LetterService.Issue", args: args(IssueInput{Reference: "PR-2026-0001", Kind: letters.KindAcknowledgment, AcceptWarnings: true})},
	{method: "LetterService.Preflight", args: args(IssueInput{Reference: "PR-2026-0001", Kind: letters.KindAccessResponse})},
	{method: "LetterService.MarkSent", args: func(t *testing.T, f *contractFixture) []any {
		l, err := f.svc["LetterService"].(*LetterService).Issue(IssueInput{Reference: "PR-2026-0001", Kind: letters.KindAcknowledgment, AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		return []any{l.ID, backend.LetterSentInput{Method: backend.SendPost}}
	}},
	{method: "LetterService.List", args: args("PR-2026-0001")},
	{method: "LetterService.All", args: args(backend.LetterFilter{})},
	{method: "LetterService.Get", args: func(t *testing.T, f *contractFixture) []any {
		all, err := f.svc["LetterService"].(*LetterService).All(backend.LetterFilter{})
		if err != nil || len(all) == 0 {
			t.Fatalf("no letter to get: %v", err)
		}
		return []any{all[0].ID}
	}},
	{method: "LetterService.Preview", args: args(PreviewInput{Kind: letters.KindAcknowledgment, Body: letters.Builtin(letters.KindAcknowledgment).Body})},
	{method: "LetterService.Templates", args: args(letters.KindAcknowledgment)},
	{method: "LetterService.Template", args: args(letters.KindAcknowledgment, letters.BuiltinName, 0)},
	{method: "LetterService.SaveTemplate", args: func(t *testing.T, f *contractFixture) []any {
		tpl, err := f.svc["LetterService"].(*LetterService).Template(letters.KindAcknowledgment, letters.BuiltinName, 0)
		if err != nil {
			t.Fatal(err)
		}
		return []any{letters.Template{Kind: letters.KindAcknowledgment, Name: "Ours", Body: tpl.Body}}
	}},
	{method: "LetterService.SaveAs", window: func(*testing.T, *contractFixture) any { return true }},
	{method: "LetterService.SaveDraftAs", window: func(*testing.T, *contractFixture) any { return true }},
	{method: "LetterService.Open", window: func(*testing.T, *contractFixture) any { return nil }},
	{method: "LetterService.PrintBatch", window: func(t *testing.T, f *contractFixture) any {
		return BatchResult{Saved: true, Path: filepath.Join(f.dir, "letters-2.pdf"), Letters: 2, Pages: 2}
	}},
	{method: "LetterService.DirectVendors", window: func(t *testing.T, f *contractFixture) any {
		on, _ := backend.ParseDate("2026-12-07")
		path := filepath.Join(f.dir, "PR-2026-0002 vendor-direction Healthcare Blocks 7.eml")
		return DirectResult{Saved: true, Reference: "PR-2026-0002", Method: backend.SendEmail, On: on, Path: f.dir, Files: []string{path}, Pages: 1,
			Letters: []letters.Letter{{ID: 7, RequestRef: "PR-2026-0002", VendorName: "Healthcare Blocks", VendorTaskID: 3, Kind: letters.KindVendorDirection,
				Title: "Direction to a vendor", TemplateName: letters.BuiltinName, TemplateVersion: 1, Recipient: "Healthcare Blocks", Pages: 1, Size: 4096,
				SHA256: strings.Repeat("ab", 32), CreatedBy: "Dana Whitfield", CreatedAt: time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC),
				Sent: &backend.LetterSent{On: on, Method: backend.SendEmail, By: "Dana Whitfield", RecordedAt: time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC)}}},
			Skipped: []correspondence.DirectSkip{{VendorTaskID: 4, VendorName: "Stripe", Field: "contactEmail",
				Message: "Stripe has no email address to address the draft to: record it in the vendor register, or direct it by post."}}}
	}},
}

// finished waits for the job a method started and returns it as it ended.
func finished(t *testing.T, f *contractFixture, out any) any {
	t.Helper()
	j := f.svc["ExportService"].(*ExportService).wait(out.(Job).ID)
	if j.State != "done" {
		t.Errorf("job %s ended %s: %+v %+v", j.ID, j.State, j, j.Error)
	}
	return j
}

func (f *contractFixture) exports() *ExportService { return f.svc["ExportService"].(*ExportService) }

// exportCases come last: the restore at their end swaps the database.
var exportCases = []contractCase{
	{method: "ExportService.AutoBackupStatus", args: args()},
	{method: "ExportService.ExportKinds", args: args()},
	{method: "ExportService.ExportTo", args: func(t *testing.T, f *contractFixture) []any {
		return []any{reporting.ExportRequest{Kind: "requests", Format: "csv", Out: filepath.Join(f.dir, "requests.csv")}}
	}, then: finished},
	{method: "ExportService.Jobs", args: args()},
	{method: "ExportService.Cancel", args: args("no-such-job")},
	{method: "ExportService.Export", window: func(t *testing.T, f *contractFixture) any {
		j, err := f.exports().ExportTo(reporting.ExportRequest{Kind: "vendors", Format: "xlsx", Out: filepath.Join(f.dir, "vendors.xlsx")})
		if err != nil {
			t.Fatal(err)
		}
		return ExportStart{Started: true, Job: &j}
	}},
	{method: "ExportService.PlanResponsePackage", args: func(t *testing.T, f *contractFixture) []any {
		// A response package carries the access response letter: make it first.
		if _, err := f.svc["LetterService"].(*LetterService).Issue(IssueInput{Reference: "PR-2026-0001", Kind: letters.KindAccessResponse,
			Response: "Your records are enclosed."}); err != nil {
			t.Fatal(err)
		}
		return []any{"PR-2026-0001"}
	}},
	{method: "ExportService.ResponsePackageTo", args: func(t *testing.T, f *contractFixture) []any {
		return []any{"PR-2026-0001", "k7wq-3nfa-p2xe-8hbd", filepath.Join(f.dir, "package.zip")}
	}, then: finished},
	{method: "ExportService.ResponsePackage", window: func(t *testing.T, f *contractFixture) any {
		j, err := f.exports().ResponsePackageTo("PR-2026-0001", "", filepath.Join(f.dir, "package-plain.zip"))
		if err != nil {
			t.Fatal(err)
		}
		return ExportStart{Started: true, Job: &j}
	}},
	{method: "ExportService.ChooseImportFile", window: func(t *testing.T, f *contractFixture) any { return filepath.Join(f.dir, "old log.csv") }},
	{method: "ExportService.PreviewImport", args: func(t *testing.T, f *contractFixture) []any {
		return []any{"requests", importFile(t, f), export.Mapping(nil)}
	}},
	{method: "ExportService.CommitImport", args: func(t *testing.T, f *contractFixture) []any {
		file := importFile(t, f)
		pv, err := f.exports().PreviewImport("requests", file, nil)
		if err != nil {
			t.Fatal(err)
		}
		return []any{"requests", file, pv.Mapping}
	}},
	{method: "ExportService.ChooseEmailFile", window: func(t *testing.T, f *contractFixture) any { return filepath.Join(f.dir, "request.eml") }},
	{method: "ExportService.ImportEmail", args: args(filepath.Join("..", "backend", "mailimport", "testdata", "plain-withdraw.eml"))},
	{method: "ExportService.ImportEmailData", args: func(t *testing.T, f *contractFixture) []any {
		b, err := os.ReadFile(filepath.Join("..", "backend", "mailimport", "testdata", "multipart-alt-attachment.eml"))
		if err != nil {
			t.Fatal(err)
		}
		return []any{"request.eml", b}
	}},
	{method: "ExportService.AttachEmail", args: func(t *testing.T, f *contractFixture) []any {
		p, err := f.exports().ImportEmail(filepath.Join("..", "backend", "mailimport", "testdata", "latin1-qp.eml"))
		if err != nil {
			t.Fatal(err)
		}
		return []any{"PR-2026-0002", p.Token}
	}},
	{method: "ExportService.DiscardEmail", args: func(t *testing.T, f *contractFixture) []any {
		p, err := f.exports().ImportEmail(filepath.Join("..", "backend", "mailimport", "testdata", "html-only.eml"))
		if err != nil {
			t.Fatal(err)
		}
		return []any{p.Token}
	}},
	{method: "ExportService.BackupTo", args: func(t *testing.T, f *contractFixture) []any {
		return []any{filepath.Join(f.dir, "backup.pdbackup"), "correct horse battery"}
	}, then: finished},
	{method: "ExportService.Backup", window: func(t *testing.T, f *contractFixture) any {
		// With a passphrase: the fixture's practice has no recovery key, and a backup
		// without either is refused.
		j, err := f.exports().BackupTo(filepath.Join(f.dir, "backup-2.pdbackup"), "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		j = f.exports().wait(j.ID)
		return ExportStart{Started: true, Job: &j}
	}},
	{method: "ExportService.ChooseBackupFile", window: func(t *testing.T, f *contractFixture) any { return filepath.Join(f.dir, "backup.pdbackup") }},
	{method: "ExportService.RestorePreview", args: func(t *testing.T, f *contractFixture) []any {
		return []any{filepath.Join(f.dir, "backup.pdbackup"), "correct horse battery"}
	}},
	{method: "ExportService.Restore", args: func(t *testing.T, f *contractFixture) []any {
		return []any{filepath.Join(f.dir, "backup.pdbackup"), "correct horse battery"}
	}, then: finished},
	{method: "ExportService.CreateRecoveryKeyTo", args: func(t *testing.T, f *contractFixture) []any {
		return []any{filepath.Join(f.dir, "recovery-key.txt"), filepath.Join(f.dir, "recovery-key.pdf"), false}
	}, then: func(t *testing.T, f *contractFixture, out any) any { return sampleKey(out.(backup.RecoveryKeyResult)) }},
	{method: "ExportService.RecoveryKey", args: args()},
	{method: "ExportService.CreateRecoveryKey", window: func(t *testing.T, f *contractFixture) any {
		k, err := f.exports().CreateRecoveryKeyTo(filepath.Join(f.dir, "recovery-key-2.txt"), "", true)
		if err != nil {
			t.Fatal(err)
		}
		k = sampleKey(k)
		return RecoveryKeyCreated{Saved: true, Key: &k}
	}},
	{method: "ExportService.ReadRecoveryKeyFrom", args: func(t *testing.T, f *contractFixture) []any {
		return []any{filepath.Join(f.dir, "recovery-key.txt")}
	}, then: func(t *testing.T, f *contractFixture, out any) any {
		return sampleKey(backup.RecoveryKeyResult{}).Secret
	}},
	{method: "ExportService.ReadRecoveryKeyFile", window: func(t *testing.T, f *contractFixture) any {
		return sampleKey(backup.RecoveryKeyResult{}).Secret
	}},
}

// sampleKey stands a fixed key in for a new one, so the samples keep no real secret and
// do not change with every run.
func sampleKey(k backup.RecoveryKeyResult) backup.RecoveryKeyResult {
	k.Secret = "AGE-SECRET-KEY-1EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE"
	k.Recipient = "age1example0example0example0example0example0example0example0exa"
	return k
}

// importFile is a small spreadsheet as practices keep them.
func importFile(t *testing.T, f *contractFixture) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old log.csv")
	if err := os.WriteFile(path, []byte("Name,Email,Date received,Law,Request type,Notes\n"+
		"Ana Ruiz,ana@example.com,2026-01-05,CCPA,Access,first\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustDate(t *testing.T, s string) backend.Date {
	t.Helper()
	d, err := backend.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// contractMethod is one line of methods.json: a bound method and whether a sample of
// what it returns is kept (methods that return only an error have none).
type contractMethod struct {
	Struct string `json:"struct"`
	Method string `json:"method"`
	Sample bool   `json:"sample"`
}

func TestBoundMethodContract(t *testing.T) {
	dir := t.TempDir()
	dbPath := testpg.Location(t, filepath.Join(dir, "privacydesk.db"))
	st, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return contractClock }
	st.Actor = backend.Actor{OSUser: "frontdesk", Staff: "Dana"}
	if _, err := demo.Load(st, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.New(st).Create(context.Background(), testAdmin.Name, testAdmin.Role, contractPassphrase); err != nil {
		t.Fatal(err)
	}
	d := &desk{dbPath: dbPath, dataDir: dir, store: st, account: testAdmin, userDir: dir, followsChoice: true}
	f := &contractFixture{d: d, st: st, dir: dir, svc: map[string]any{}}
	for _, s := range startedServices(d) {
		f.svc[reflect.TypeOf(s).Elem().Name()] = s
	}

	all := append(append([]contractCase(nil), contractCases...), exportCases...)
	cases := map[string]contractCase{}
	for _, c := range all {
		cases[c.method] = c
	}
	var methods []contractMethod
	for name, s := range f.svc {
		v := reflect.ValueOf(s)
		for i := 0; i < v.NumMethod(); i++ {
			m := v.Type().Method(i)
			key := name + "." + m.Name
			returnsValue := m.Type.NumOut() > 1 || m.Type.NumOut() == 1 && m.Type.Out(0) != reflect.TypeFor[error]()
			methods = append(methods, contractMethod{Struct: name, Method: m.Name, Sample: returnsValue})
			if _, ok := cases[key]; !ok {
				t.Errorf("bound method %s has no contract case: add one to contractCases", key)
			}
		}
	}
	sort.Slice(methods, func(i, j int) bool {
		return methods[i].Struct+"."+methods[i].Method < methods[j].Struct+"."+methods[j].Method
	})
	if t.Failed() {
		return
	}
	writeOrCompare(t, "methods.json", methods, dir)

	for _, c := range all {
		name, method, _ := strings.Cut(c.method, ".")
		svc, ok := f.svc[name]
		if !ok {
			t.Errorf("%s: no bound struct %s", c.method, name)
			continue
		}
		m := reflect.ValueOf(svc).MethodByName(method)
		if !m.IsValid() {
			t.Errorf("%s: not a bound method (remove the case)", c.method)
			continue
		}
		var sample any
		if c.window != nil {
			sample = c.window(t, f)
		} else {
			in := c.args(t, f)
			if len(in) != m.Type().NumIn() {
				t.Errorf("%s: %d arguments, the method takes %d", c.method, len(in), m.Type().NumIn())
				continue
			}
			vals := make([]reflect.Value, len(in))
			for i, a := range in {
				vals[i] = reflect.ValueOf(a)
			}
			out := m.Call(vals)
			if last := out[len(out)-1]; last.Type() == reflect.TypeFor[error]() && !last.IsNil() {
				t.Errorf("%s: %v", c.method, last.Interface())
				continue
			}
			if m.Type().NumOut() == 1 && m.Type().Out(0) == reflect.TypeFor[error]() {
				continue // nothing but an error: no sample
			}
			sample = out[0].Interface()
			if c.then != nil {
				sample = c.then(t, f, sample)
			}
		}
		if m.Type().NumOut() == 1 && m.Type().Out(0) == reflect.TypeFor[error]() {
			continue
		}
		writeOrCompare(t, c.method+".json", sample, dir)
	}
}

// writeOrCompare keeps v as testdata/contract/name, in a stable form: the test's
// temporary folder reads as /data, and long strings (PDF bytes) are shortened.
func writeOrCompare(t *testing.T, name string, v any, tmp string) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	generic = stabilise(generic, tmp)
	got, err := json.MarshalIndent(generic, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join(contractDir, name)
	if *updateContract {
		if err := os.MkdirAll(contractDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: no sample (run go test ./app -run Contract -update): %v", name, err)
		return
	}
	var kept any
	if err := json.Unmarshal(want, &kept); err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	// The values follow the example practice; the shape is the contract.
	if g, w := shapeOf(generic), shapeOf(kept); !sameShape(generic, kept) {
		t.Errorf("%s: the shape of what the window receives changed; check the front end's schema, then run go test ./app -run Contract -update\n got:  %.400s\n kept: %.400s", name, g, w)
	}
}

// shapeOf describes a JSON value's structure: object keys with their shapes, an array
// by the union of its elements' shapes, and the kind of each scalar (null stands apart).
func shapeOf(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ":" + shapeOf(x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		seen := map[string]bool{}
		var parts []string
		for _, e := range x {
			if s := shapeOf(e); !seen[s] {
				seen[s] = true
				parts = append(parts, s)
			}
		}
		sort.Strings(parts)
		return "[" + strings.Join(parts, "|") + "]"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return "?"
}

// sameShape tells whether got and kept have the same shape (shapeOf), where an empty
// array has the shape of any array: it holds nothing to compare (a restore into a
// PostgreSQL database sets no file aside, a file's restore does).
func sameShape(got, kept any) bool {
	switch g := got.(type) {
	case map[string]any:
		k, ok := kept.(map[string]any)
		if !ok || len(g) != len(k) {
			return false
		}
		for key, v := range g {
			kv, ok := k[key]
			if !ok || !sameShape(v, kv) {
				return false
			}
		}
		return true
	case []any:
		k, ok := kept.([]any)
		if !ok {
			return false
		}
		if len(g) == 0 || len(k) == 0 {
			return true
		}
	}
	return shapeOf(got) == shapeOf(kept)
}

func stabilise(v any, tmp string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = stabilise(e, tmp)
		}
	case []any:
		for i, e := range x {
			x[i] = stabilise(e, tmp)
		}
	case string:
		x = strings.ReplaceAll(x, tmp, "/data")
		if len(x) > 2048 {
			x = x[:64]
		}
		return x
	}
	return v
}
