package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/rules"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

func dashboardDesk(t *testing.T) *DashboardService {
	t.Helper()
	st, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), "pd.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := &DashboardService{}
	s.startup(nil, &desk{store: st, account: testAdmin})
	return s
}

func TestDashboardServiceRules(t *testing.T) {
	s := dashboardDesk(t)
	rows := must(s.Rules())
	if len(rows) != len(rules.All()) {
		t.Fatalf("%d rows for %d rules", len(rows), len(rules.All()))
	}
	for _, r := range rows {
		if r.Citation == "" || r.Note == "" || r.RegimeLabel == "" || r.RightLabel == "" || r.RespondText == "" || r.CalendarLabel == "" {
			t.Errorf("%s %s: incomplete row %+v", r.Regime, r.Right, r)
		}
		if r.HasClock() != (r.RespondText != "no deadline in the law") {
			t.Errorf("%s %s: respond text %q", r.Regime, r.Right, r.RespondText)
		}
		if r.EffectiveText != r.Rule.EffectiveText() || r.CheckedText != "Checked "+rules.CheckedOn.Long()+" "+r.Checked.How || r.Checked.How == "" || r.Checked.Read == "" {
			t.Errorf("%s %s: effective %q checked %q", r.Regime, r.Right, r.EffectiveText, r.CheckedText)
		}
	}
	// A law that changed on a date shows both rows, each with its range.
	var utCorrection, ukAccess []RuleRow
	for _, r := range rows {
		switch {
		case r.Regime == backend.RegimeUT && r.Right == backend.RightCorrection:
			utCorrection = append(utCorrection, r)
		case r.Regime == backend.RegimeUKGDPR && r.Right == backend.RightAccess:
			ukAccess = append(ukAccess, r)
		}
	}
	if len(utCorrection) != 1 || utCorrection[0].EffectiveText != "from 1 July 2026" {
		t.Errorf("Utah correction rows: %+v", utCorrection)
	}
	if len(ukAccess) != 2 || ukAccess[0].EffectiveText != "1 January 2021 to 4 February 2026" || ukAccess[1].EffectiveText != "from 5 February 2026" || ukAccess[1].PauseText == "" || ukAccess[0].PauseText != "" {
		t.Errorf("UK GDPR access rows: %+v", ukAccess)
	}
	// The embedded rule's fields stay at the top level of the JSON the UI reads.
	b, _ := json.Marshal(rows[0])
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, k := range []string{"regime", "right", "version", "citation", "note", "respondText", "effectiveFrom", "effectiveUntil", "checked", "effectiveText", "checkedText"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
}

func TestDashboardServiceStateClocks(t *testing.T) {
	s := dashboardDesk(t)
	clocks := must(s.StateClocks())
	if len(clocks) != len(rules.AllStateClocks()) || len(clocks) == 0 {
		t.Fatalf("%d clocks", len(clocks))
	}
	b, _ := json.Marshal(clocks[0])
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, k := range []string{"state", "stateName", "what", "period", "citation", "effectiveFrom", "checked", "note"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
}

func TestDashboardServiceErrors(t *testing.T) {
	s := dashboardDesk(t)
	for _, tc := range []struct{ regime, right, code, field string }{
		{"nowhere", "access", backend.EINVALID, "regime"},
		{"ut", "appeal", backend.EINVALID, "right"},
		{"ccpa", "access", backend.ECONFLICT, ""}, // nothing to recompute
	} {
		_, err := s.RecomputeRule(tc.regime, tc.right, nil)
		var body uiErrorBody
		if err == nil || json.Unmarshal([]byte(err.Error()), &body) != nil || body.Code != tc.code || body.Field != tc.field {
			t.Errorf("%s %s: %v", tc.regime, tc.right, err)
		}
	}
	d, err := s.Get()
	if err != nil || !d.Empty {
		t.Errorf("empty database: %+v %v", d, err)
	}
	if _, err := s.Charts(); err != nil {
		t.Error(err)
	}
	if a, err := s.Announcements(); err != nil || len(a.Items) != 0 {
		t.Errorf("announcements: %+v %v", a, err)
	}
	closed := &DashboardService{}
	closed.startup(nil, &desk{openErr: backend.Errorf(backend.EINVALID, "refused"), account: testAdmin})
	if _, err := closed.Get(); err == nil {
		t.Error("a refused database answered")
	}
}
