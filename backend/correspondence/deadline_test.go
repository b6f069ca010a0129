package correspondence

import (
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// A letter states the governing date: a stricter state patient-access date over HIPAA's,
// and still the state's after a HIPAA extension, which does not move it.
func TestDeadlineOfStateDateGoverns(t *testing.T) {
	hipaa, state := backend.NewDate(2026, 4, 1), backend.NewDate(2026, 3, 9)
	r := &backend.Request{Regime: backend.RegimeHIPAA, Rights: []backend.RequestRight{
		{Right: backend.RightAccess, RespondBy: hipaa, StateDue: state, StateCitation: "Cal. Health & Safety Code 123110(b)"},
		{Right: backend.RightCorrection, RespondBy: backend.NewDate(2026, 5, 1)},
	}}
	if got := deadlineOf(r, letters.KindAcknowledgment).RespondBy; !got.Equal(state) {
		t.Errorf("acknowledgment says respond by %s, want the state's %s", got, state)
	}
	r.Rights[0].StateDue = backend.Date{}
	if got := deadlineOf(r, letters.KindAcknowledgment).RespondBy; !got.Equal(hipaa) {
		t.Errorf("without a state date: %s, want HIPAA's %s", got, hipaa)
	}
	r.Rights[0].StateDue = state
	r.Extension = &backend.Extension{NewDate: backend.NewDate(2026, 5, 1), Reason: "records off site"}
	r.Rights[0].ExtendedTo = r.Extension.NewDate
	if got := deadlineOf(r, letters.KindAccessResponse).RespondBy; !got.Equal(state) {
		t.Errorf("after an extension: %s, want the state's %s", got, state)
	}
	if got := r.Rights[0].DueDate(); !got.Equal(state) {
		t.Errorf("DueDate after an extension: %s, want %s", got, state)
	}
}

// Each right's period is extended once, possibly on different days: the extension notice
// of the latest extension gives the original date of the rights it moved and the day its
// notice was due; the other letters give the earliest extended date.
func TestDeadlineOfTheLatestExtension(t *testing.T) {
	r := &backend.Request{Regime: backend.RegimeHIPAA, Rights: []backend.RequestRight{
		{Right: backend.RightAccess, RespondBy: backend.NewDate(2026, 3, 12), ExtendedTo: backend.NewDate(2026, 4, 1), ExtendedOn: backend.NewDate(2026, 3, 2)},
		{Right: backend.RightCorrection, RespondBy: backend.NewDate(2026, 4, 11), ExtendedTo: backend.NewDate(2026, 5, 11), ExtendedOn: backend.NewDate(2026, 4, 6)},
	}, Extension: &backend.Extension{NewDate: backend.NewDate(2026, 5, 11), ExtendedOn: backend.NewDate(2026, 4, 6), Reason: "The author reviews the amendment."}}
	notice := deadlineOf(r, letters.KindExtension)
	if notice.RespondBy.String() != "2026-04-11" || notice.ExtendedRespondBy.String() != "2026-05-11" || notice.ExtensionNoticeBy.String() != "2026-04-11" {
		t.Errorf("extension notice: had %s, now %s, notice by %s; want 2026-04-11, 2026-05-11, 2026-04-11", notice.RespondBy, notice.ExtendedRespondBy, notice.ExtensionNoticeBy)
	}
	if got := deadlineOf(r, letters.KindAcknowledgment).RespondBy; got.String() != "2026-04-01" {
		t.Errorf("acknowledgment says respond by %s, want the access right's extended 2026-04-01", got)
	}
	// A right extended before the day was kept per right takes the request's day.
	r.Rights[1].ExtendedOn = backend.Date{}
	if got := deadlineOf(r, letters.KindExtension).ExtensionNoticeBy; got.String() != "2026-04-11" {
		t.Errorf("notice by %s for a right without its own day, want 2026-04-11", got)
	}
}
