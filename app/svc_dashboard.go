package main

import (
	"context"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/casework"
	"privacydesk/backend/reporting"
	"privacydesk/backend/rules"
)

// DashboardService answers the dashboard: what is due, the vendor alerts, the charts,
// the in-app announcements, and the deadline rules with the requests a changed rule
// would affect.
type DashboardService struct{ d *desk }

func (s *DashboardService) startup(_ context.Context, d *desk) { s.d = d }

// Get returns the cards, the urgency list and the vendor alerts for today in the
// practice's time zone.
func (s *DashboardService) Get() (backend.Dashboard, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Dashboard, error) { return cw.Dashboard(ctx) })
}

// Charts returns requests per month by right, the on-time rate and median days to
// close per quarter, over the last twelve months.
func (s *DashboardService) Charts() (backend.DashboardCharts, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.DashboardCharts, error) {
		return cw.Charts(ctx)
	})
}

// Announcements returns today's notices (overdue, due today, due soon). Each has a
// stable key; the UI remembers the keys it has shown and announces only new ones.
func (s *DashboardService) Announcements() (backend.Announcements, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Announcements, error) {
		return cw.Announcements(ctx)
	})
}

// RuleRow is one deadline rule as the Deadline rules view shows it.
type RuleRow struct {
	rules.Rule
	RegimeLabel     string `json:"regimeLabel"`
	RightLabel      string `json:"rightLabel"`
	AcknowledgeText string `json:"acknowledgeText"` // "10 business days", "" when none
	RespondText     string `json:"respondText"`     // "45 calendar days", "no deadline in the law"
	ExtensionText   string `json:"extensionText"`   // "45 calendar days", "" when none
	CalendarLabel   string `json:"calendarLabel"`
	PauseText       string `json:"pauseText"` // "" when the clock never stops
	// EffectiveText is the days of receipt the row applies to: "from 1 July 2026",
	// "1 January 2021 to 4 February 2026".
	EffectiveText string `json:"effectiveText"`
	// CheckedText says when and against what the row was last checked ("Checked 7 December
	// 2026 against the text of the law"); checked.read says what was read.
	CheckedText string `json:"checkedText"`
}

// Rules lists every deadline rule, regime by regime, with its citation and note; a law
// that changed on a date has one row per effective range.
func (s *DashboardService) Rules() ([]RuleRow, error) {
	if err := s.d.guard(); err != nil {
		return nil, err
	}
	all := rules.All()
	out := make([]RuleRow, 0, len(all))
	for _, r := range all {
		row := RuleRow{Rule: r, RegimeLabel: r.Regime.Label(), RightLabel: r.Right.Label(), CalendarLabel: r.Calendar.Label(),
			EffectiveText: r.EffectiveText(), CheckedText: "Checked " + r.Checked.On.Long() + " " + r.Checked.How}
		if !r.Acknowledge.IsZero() {
			row.AcknowledgeText = r.Acknowledge.String()
		}
		row.RespondText = "no deadline in the law"
		if r.HasClock() {
			row.RespondText = r.Respond.String()
		}
		if !r.Extension.IsZero() {
			row.ExtensionText = r.Extension.String()
		}
		if r.AllowsPause() {
			row.PauseText = "The clock may stop (" + strings.ReplaceAll(string(r.Pause), "-", " ") + ")."
			if r.Pause == rules.PauseUKRelevantTime {
				row.PauseText = "The clock starts when identity is confirmed or a fee paid, and stops while a clarification is awaited (UK GDPR Art. 12A)."
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// StateClocks lists the states' own clocks for a patient's access to their records;
// where one is earlier than HIPAA's 30 days it governs (45 CFR 160.203(b)).
func (s *DashboardService) StateClocks() ([]rules.StateClock, error) {
	if err := s.d.guard(); err != nil {
		return nil, err
	}
	return rules.AllStateClocks(), nil
}

// RulesAffected lists the rules whose current version differs from the version stored
// on open requests, with those requests and what their dates would become.
func (s *DashboardService) RulesAffected() ([]backend.RuleChange, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.RuleChange, error) {
		return cw.RulesAffected(ctx)
	})
}

// RecomputeRule applies the current version of a rule to the affected open requests
// (refs, or all when empty), audited. Nothing moves until a person asks for it.
func (s *DashboardService) RecomputeRule(regime, right string, refs []string) (backend.RecomputeResult, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RecomputeResult, error) {
		return cw.RecomputeRule(ctx, regime, right, refs)
	})
}

// Readiness answers "are we ready for an audit?": each item in place or missing, with
// what is missing and where it is fixed.
func (s *DashboardService) Readiness() (backend.Readiness, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Readiness{}, toUI(err)
	}
	return wrap(reporting.New(st).Readiness(s.d.callCtx()))
}
