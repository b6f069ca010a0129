package reporting

import (
	"context"
	"fmt"
	"io"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// writeCalendar writes the due date of every pending right of every open request as an
// all-day event. Events carry the reference, the right and the regime, never the
// requester's name: calendars sync to phones and cloud services.
func (s *Service) writeCalendar(ctx context.Context, w io.Writer, p backend.Practice) (int64, error) {
	rows, err := s.st.PendingDues(ctx)
	if err != nil {
		return 0, err
	}
	name := "Privacy Desk due dates"
	if p.Name != "" {
		name = p.Name + " — privacy request due dates"
	}
	enc := export.NewICSEncoder(w, export.ICSOptions{Name: name, Now: s.st.Now()})
	var n int64
	for _, r := range rows {
		rr := backend.RequestRight{}
		rr.RespondBy, _ = backend.ParseDate(r.RespondBy)
		rr.PromisedBy, _ = backend.ParseDate(r.PromisedBy)
		rr.ExtendedTo, _ = backend.ParseDate(r.ExtendedTo)
		rr.StateDue, _ = backend.ParseDate(r.StateDue)
		rr.Citation, rr.StateCitation = r.Citation, r.StateCitation
		d := rr.DueDate()
		if d.IsZero() {
			continue
		}
		right := backend.Right(r.RightCode)
		regime := backend.Regime(r.Regime)
		desc := fmt.Sprintf("Request %s: %s under %s.\nStatus: %s.", r.Reference, right.Label(), regime.Label(), r.Status)
		if c := rr.DueCitation(); c != "" {
			desc += "\nRule: " + c
		}
		if !rr.ExtendedTo.IsZero() {
			desc += "\nExtended."
		}
		ev := export.Event{UID: r.Reference + "/" + r.RightCode + "/due", Date: d,
			Summary:     fmt.Sprintf("Due: %s %s (%s)", r.Reference, right.Label(), regime.Label()),
			Description: desc, Categories: []string{"Privacy Desk"}, RemindDaysBefore: 3}
		// An extension moves the date: a higher sequence makes calendars replace the event.
		if !rr.ExtendedTo.IsZero() {
			ev.Sequence = 1
		}
		if err := enc.Encode(ev); err != nil {
			return n, err
		}
		n++
	}
	return n, enc.Close()
}
