package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/mailimport"
)

// TaskReply is a vendor's reply email attached to its task, proposed as the
// confirmation: the person checks the date and note and records it (UpdateVendorTask).
type TaskReply struct {
	Task backend.VendorTask `json:"task"`
	// ConfirmedOn is the email's Date in the practice's time zone (today when the email
	// has no readable date, or one later than today).
	ConfirmedOn backend.Date `json:"confirmedOn"`
	// Note says where the confirmation came from, for the task's confirmation note.
	Note    string `json:"note"`
	From    string `json:"from"`
	Subject string `json:"subject"`
}

// AttachTaskReply reads the reply email (.eml) at path, attaches it to task id as the
// vendor's confirmation, and proposes the confirmation it makes. Nothing is confirmed
// until the person records it. A file that is not an email is refused on "file" and
// nothing is attached.
func (s *Service) AttachTaskReply(ctx context.Context, id int64, path string) (TaskReply, error) {
	if err := alive(ctx); err != nil {
		return TaskReply{}, err
	}
	m, err := mailimport.ParseFile(path)
	if err != nil {
		return TaskReply{}, err
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return TaskReply{}, err
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return TaskReply{}, backend.Errorf(backend.EINVALID, "The practice's time zone %q is unknown; choose one in Settings.", p.TimeZone)
	}
	today := backend.DateOf(s.st.Now(), loc)
	t, err := s.st.AttachVendorTaskConfirmation(id, path)
	if err != nil {
		return TaskReply{}, err
	}
	return proposeReply(t, m, loc, today), nil
}

// proposeReply is the confirmation reply m proposes for task t.
func proposeReply(t backend.VendorTask, m *mailimport.Message, loc *time.Location, today backend.Date) TaskReply {
	out := TaskReply{Task: t, ConfirmedOn: today, Subject: m.Subject, From: m.FromAddress}
	if m.FromName != "" {
		out.From = fmt.Sprintf("%s <%s>", m.FromName, m.FromAddress)
	}
	if !m.Date.IsZero() {
		if on := backend.DateOf(m.Date, loc); !on.After(today) {
			out.ConfirmedOn = on
		}
	}
	note := "Reply by email"
	if strings.TrimSpace(out.From) != "" {
		note += " from " + out.From
	}
	if !m.Date.IsZero() {
		note += ", " + m.Date.In(loc).Format("2 Jan 2006 15:04 MST")
	}
	if s := strings.TrimSpace(m.Subject); s != "" {
		note += ": " + s
	}
	out.Note = note
	return out
}
