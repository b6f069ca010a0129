package casework

import (
	"context"

	"privacydesk/backend"
	"privacydesk/backend/rules"
)

// Dashboard returns the cards, the urgency list and the vendor alerts for the
// practice's today.
func (s *Service) Dashboard(ctx context.Context) (backend.Dashboard, error) {
	if err := alive(ctx); err != nil {
		return backend.Dashboard{}, err
	}
	return s.st.Dashboard()
}

// Charts returns requests per month by right, the on-time rate and median days to
// close per quarter, over the last twelve months.
func (s *Service) Charts(ctx context.Context) (backend.DashboardCharts, error) {
	if err := alive(ctx); err != nil {
		return backend.DashboardCharts{}, err
	}
	return s.st.DashboardCharts()
}

// Announcements returns the practice's notices for today (overdue, due today, due soon).
func (s *Service) Announcements(ctx context.Context) (backend.Announcements, error) {
	if err := alive(ctx); err != nil {
		return backend.Announcements{}, err
	}
	return s.st.Announcements()
}

// RulesAffected lists the rules whose current version differs from the version stored
// on open requests, with those requests and what their dates would become.
func (s *Service) RulesAffected(ctx context.Context) ([]backend.RuleChange, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	return s.st.RulesAffected()
}

// RecomputeRule applies the current version of a rule to the affected open requests
// (refs, or all when empty), audited. Nothing moves until a person asks for it.
func (s *Service) RecomputeRule(ctx context.Context, regime, right string, refs []string) (backend.RecomputeResult, error) {
	if err := alive(ctx); err != nil {
		return backend.RecomputeResult{}, err
	}
	g, err := backend.ParseRegime("regime", regime)
	if err != nil {
		return backend.RecomputeResult{}, err
	}
	t, err := backend.ParseRight("right", g, right)
	if err != nil {
		return backend.RecomputeResult{}, err
	}
	return s.st.RecomputeRule(g, t, refs)
}

// Practice returns the practice profile.
func (s *Service) Practice(ctx context.Context) (backend.Practice, error) {
	if err := alive(ctx); err != nil {
		return backend.Practice{}, err
	}
	return s.st.GetPractice()
}

// SavePractice validates and stores the practice profile; a validation error names its field.
func (s *Service) SavePractice(ctx context.Context, p backend.Practice) (backend.Practice, error) {
	if err := alive(ctx); err != nil {
		return backend.Practice{}, err
	}
	return s.st.SavePractice(p)
}

// Applicability gives each regime's verdict for the practice's recorded profile on the
// practice's today: "cannot tell" where the profile leaves unrecorded what decides it.
func (s *Service) Applicability(ctx context.Context) ([]rules.RegimeVerdict, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return nil, err
	}
	today, err := s.st.Today()
	if err != nil {
		return nil, err
	}
	return rules.AssessPractice(p, today)
}
