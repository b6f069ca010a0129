package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

func vendorDesk(t *testing.T) (*VendorService, *storage.Store) {
	t.Helper()
	st, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), "pd.db")))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { st.Close() })
	s := &VendorService{}
	s.startup(nil, &desk{store: st, account: testAdmin})
	return s, st
}

// uiErr parses the error contract the front end reads.
func uiErr(t *testing.T, err error) uiErrorBody {
	t.Helper()
	var b uiErrorBody
	if err == nil || json.Unmarshal([]byte(err.Error()), &b) != nil {
		t.Fatalf("not a UI error: %v", err)
	}
	return b
}

func TestVendorServiceFieldErrors(t *testing.T) {
	s, _ := vendorDesk(t)
	if _, err := s.Create(backend.Vendor{Name: "Twilio", PHIAccess: backend.PHILimited}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v     backend.Vendor
		field string
	}{
		{backend.Vendor{Name: "twilio"}, "name"},
		{backend.Vendor{}, "name"},
		{backend.Vendor{Name: "X", BAAStatus: backend.BAANotRequired}, "baaReason"},
		{backend.Vendor{Name: "X", BAAEffective: vdate(t, "2026-01-01"), BAAExpiresOn: vdate(t, "2025-01-01")}, "baaExpiresOn"},
		{backend.Vendor{Name: "X", BAAStatus: backend.BAASigned, BAASignedOn: vdate(t, "2026-01-01"), NextReviewOn: vdate(t, "2025-12-01")}, "nextReviewOn"},
	} {
		_, err := s.Create(tc.v)
		if b := uiErr(t, err); b.Code != backend.EINVALID || b.Field != tc.field || b.Message == "" {
			t.Errorf("%+v: got %+v, want field %s", tc.v, b, tc.field)
		}
	}
	if b := uiErr(t, s.Delete(99)); b.Code != backend.ENOTFOUND {
		t.Errorf("delete missing: %+v", b)
	}
}

func vdate(t *testing.T, s string) backend.Date {
	t.Helper()
	d, err := backend.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestVendorServiceFlow(t *testing.T) {
	s, _ := vendorDesk(t)
	v, err := s.Create(backend.Vendor{Name: "OpenAI", Category: backend.VendorAI, PHIAccess: backend.PHILimited,
		DataCategories: []backend.DataCategoryKey{backend.DataHealth}})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.List(backend.VendorFilter{})
	if err != nil || len(list) != 1 || len(list[0].Alerts) != 1 || list[0].Alerts[0].Severity != backend.SeverityCritical {
		t.Fatalf("list: %+v %v", list, err)
	}
	// Attach a signed BAA, mark it signed: the red alert clears.
	pdf := filepath.Join(t.TempDir(), "openai-baa.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.7\n"), 0o600)
	cw, ctx, err := s.d.casework()
	if err != nil {
		t.Fatal(err)
	}
	if v, err = cw.AttachBAA(ctx, v.ID, pdf); err != nil || v.BAADocument == nil {
		t.Fatalf("attach: %+v %v", v.BAADocument, err)
	}
	v.BAAStatus, v.BAASignedOn = backend.BAASigned, vdate(t, "2026-03-01")
	if _, err := s.Update(v); err != nil {
		t.Fatal(err)
	}
	// What stays is the warning that the signed BAA's clauses are not checked yet.
	if a, err := s.Alerts(); err != nil || len(a) != 1 || a[0].Kind != backend.AlertChecklistIncomplete || a[0].Severity != backend.SeverityWarning {
		t.Errorf("alerts after signing: %+v %v", a, err)
	}
	d, err := s.Get(v.ID)
	if err != nil || len(d.History) != 3 || len(d.Attachments) != 1 || d.Alerts == nil || d.Tasks == nil {
		t.Errorf("detail: %d events, %d files, %v", len(d.History), len(d.Attachments), err)
	}
	if _, err := s.SaveChecklist(v.ID, []backend.ChecklistItem{{Clause: "ii-C", Answer: backend.AnswerYes}}); err != nil {
		t.Fatal(err)
	}
	if a, err := s.Alerts(); err != nil || len(a) != 1 || !strings.Contains(a[0].Message, "11 of 12 clauses unanswered") {
		t.Errorf("alerts with one clause checked: %+v %v", a, err)
	}
	m, err := s.DataMap()
	if err != nil || len(m) != 13 {
		t.Fatalf("data map: %d %v", len(m), err)
	}
	m[12].Collected, m[12].Disclosed = true, true
	_, err = s.SaveDataMap(m[12:])
	if b := uiErr(t, err); b.Field != "health.purposes" {
		t.Errorf("data map error: %+v", b)
	}
	opts := must(s.Options())
	if len(opts.Clauses) != 12 || len(opts.Categories) != len(backend.VendorCategories) || len(opts.BAAStatuses) != len(backend.BAAStatuses) ||
		len(opts.BAAExemptions) != len(backend.BAAExemptions) || len(opts.NotifyMethods) != len(backend.NotifyMethods) ||
		len(opts.Dispositions) != len(backend.PHIDispositions) || len(opts.PHIAccess) != len(backend.PHIAccessLevels) {
		t.Errorf("options out of step with the backend's lists: %+v", opts)
	}
	if _, err := s.Tasks("PR-2026-0001"); uiErr(t, err).Code != backend.ENOTFOUND {
		t.Errorf("tasks of a missing request: %v", err)
	}
}
