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
