package reporting

import (
	"context"
	"fmt"
	"io"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

// cancelWindow is how long an event that stopped being due stays in the calendar file,
// published as cancelled. A calendar re-import only adds and updates events: the
// cancelled copy is what takes a closed request's or an ended vendor's dates out of
// the office's calendar. A year covers a file imported once a quarter or even once a
// year, and keeps the file from growing with every request the practice ever closed;
// an event still in someone's calendar after that is cancelled by hand. Storage buries
// the deletions made before the tombstones existed this far back (the upgrade to them).
const cancelWindow = storage.CalendarCancelDays

// writeCalendar writes the due date of every pending right of every open request as an
// all-day event, then each vendor's BAA expiry and next review (vendorEvents). The
// dates that stopped being due within cancelWindow days (an answered right, a closed
// request, a right taken off a request, an ended agreement, a deleted vendor:
// deletedVendorEvents) come again, cancelled. Request events carry the reference, the right and the regime, never the
// requester's name: calendars sync to phones and cloud services.
func (s *Service) writeCalendar(ctx context.Context, w io.Writer, p backend.Practice, loc *time.Location) (int64, error) {
	today, err := s.st.Today()
	if err != nil {
		return 0, err
	}
	since := today.AddDays(-cancelWindow)
	rows, err := s.st.CalendarDues(ctx, since)
	if err != nil {
		return 0, err
	}
	removed, err := s.st.RemovedRights(ctx, since)
	if err != nil {
		return 0, err
	}
	rows = append(rows, removed...)
	name := "Privacy Desk due dates"
	if p.Name != "" {
		name = p.Name + " — privacy request due dates and BAA dates"
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
			Description: desc, Categories: []string{"Privacy Desk"}, RemindDaysBefore: 3,
			// An extension or a promised date moves the date: a higher sequence makes
			// calendars replace the event.
			Sequence: export.SequenceOf(r.UpdatedAt), Modified: r.UpdatedAt}
		switch {
		case r.Removed:
			cancelEvent(&ev, fmt.Sprintf("Request %s: %s was taken off the request; it is no longer due.", r.Reference, right.Label()))
		case r.Answered:
			cancelEvent(&ev, fmt.Sprintf("Request %s: %s under %s is no longer due (%s).", r.Reference, right.Label(), regime.Label(), r.Status))
		}
		if err := enc.Encode(ev); err != nil {
			return n, err
		}
		n++
	}
	// The deleted vendors are read first: a vendor deleted in between is then in neither
	// list (the next export cancels its events), never in both.
	deleted, err := s.st.DeletedVendors(ctx, since)
	if err != nil {
		return n, err
	}
	vendors, err := s.st.ListVendors(backend.VendorFilter{})
	if err != nil {
		return n, err
	}
	for _, ev := range append(vendorEvents(vendors, today, since, loc), deletedVendorEvents(deleted, vendors, since, loc)...) {
		if err := enc.Encode(ev); err != nil {
			return n, err
		}
		n++
	}
	return n, enc.Close()
}

// cancelEvent makes ev the cancelled version of the event a calendar may hold: one SEQUENCE
// above the live event's, which followed the same last change, so it wins even when the
// end came without a change (a termination date that has come).
func cancelEvent(ev *export.Event, why string) {
	ev.Cancelled = true
	ev.Sequence++
	ev.Summary = "Cancelled: " + ev.Summary
	ev.Description = why
}

// vendorEvents are the register's dates as all-day events: when each BAA expires (with a
// reminder 30 days before, the first alert window, so there is time to renew; the end of
// coverage, Vendor.BAACoverageEnds, when a renewal leaves a gap) and when
// the practice's own review of each vendor is due (a week's reminder). An agreement
// ended by today (Vendor.Ended) has no dates left to keep: its events come cancelled
// when it ended on or after since (and after the vendor was entered: one entered as
// ended never had live events), else not at all. The UID is the vendor's id,
// not its name, so a renamed vendor's event is replaced rather than duplicated; the
// sequence follows the vendor's last change, so a renewed BAA's new date replaces the old.
func vendorEvents(vendors []backend.Vendor, today, since backend.Date, loc *time.Location) []export.Event {
	var out []export.Event
	for i := range vendors {
		v := &vendors[i]
		evs, ended := vendorDates(v, today, since, loc)
		if ended {
			for i := range evs {
				cancelEvent(&evs[i], fmt.Sprintf("The agreement with %s has ended: this date no longer needs keeping.", v.Name))
			}
		}
		out = append(out, evs...)
	}
	return out
}

// deletedVendorName stands for a deleted vendor in its cancelled events: its tombstone
// keeps no name.
const deletedVendorName = "a deleted vendor"

// deletedVendorEvents are the events vendorEvents published for each vendor deleted since,
// as its tombstone keeps it (storage.DeletedVendor), cancelled: the UIDs and dates they
// had on the day of the deletion, the vendor's name replaced by deletedVendorName. The
// SEQUENCE is above the cancellation vendorEvents published for an ended agreement (one
// above the live event's), even for a deletion in the same second as the vendor's last
// change, and follows the deletion's time: the newest version in every calendar. A
// vendor whose agreement had ended before since had nothing left in the file to cancel.
// An id among the live vendors' (which no engine should give again) is left to
// vendorEvents, so that no UID comes twice.
func deletedVendorEvents(deleted []storage.DeletedVendor, live []backend.Vendor, since backend.Date, loc *time.Location) []export.Event {
	ids := make(map[int64]bool, len(live))
	for _, v := range live {
		ids[v.ID] = true
	}
	var out []export.Event
	for _, d := range deleted {
		if ids[d.Vendor.ID] {
			continue
		}
		v := d.Vendor
		v.Name = deletedVendorName
		evs, _ := vendorDates(&v, d.DeletedOn, since, loc)
		for i := range evs {
			evs[i].Sequence, evs[i].Modified = max(evs[i].Sequence+1, export.SequenceOf(d.DeletedAt)), d.DeletedAt
			cancelEvent(&evs[i], "The vendor was deleted from the register: this date no longer needs keeping.")
		}
		out = append(out, evs...)
	}
	return out
}

// vendorDates are v's events as of today, live, and whether its agreement has ended by
// then (vendorEvents); none for an agreement that ended before since, or before the
// vendor was entered.
func vendorDates(v *backend.Vendor, today, since backend.Date, loc *time.Location) ([]export.Event, bool) {
	ended := v.Ended(today)
	if ended {
		on := v.TerminatedOn
		if on.IsZero() || on.After(today) {
			// Terminated by its status alone: it ended with that change.
			on = backend.DateOf(v.UpdatedAt, loc)
		}
		if on.Before(since) || on.Before(backend.DateOf(v.CreatedAt, loc)) {
			return nil, true
		}
	}
	var out []export.Event
	// The day coverage ends: a renewal signed early that starts only after a gap
	// leaves the vendor without a BAA from the day after the old one ends.
	if ends := v.BAACoverageEnds(today); !ends.IsZero() && v.BAAStatus != backend.BAANotRequired {
		desc := fmt.Sprintf("The business associate agreement with %s expires. Renew it, or stop sharing PHI with %s (45 CFR 164.502(e)).",
			v.Name, v.Name)
		if !ends.Equal(v.BAAExpiresOn) {
			desc = fmt.Sprintf("The business associate agreement with %s expires; its renewal takes effect only on %s. Stop sharing PHI with %s in between, or move the renewal's start (45 CFR 164.502(e)).",
				v.Name, v.BAAEffective.Medium(), v.Name)
		}
		out = append(out, export.Event{UID: fmt.Sprintf("vendor-%d/baa-expires", v.ID), Date: ends,
			Summary:     "BAA expires: " + v.Name,
			Description: desc,
			Categories:  []string{"Privacy Desk", "BAA"}, RemindDaysBefore: backend.ExpiryWindows[0],
			Sequence: export.SequenceOf(v.UpdatedAt), Modified: v.UpdatedAt})
	}
	if !v.NextReviewOn.IsZero() {
		out = append(out, export.Event{UID: fmt.Sprintf("vendor-%d/review", v.ID), Date: v.NextReviewOn,
			Summary:     "Vendor review due: " + v.Name,
			Description: fmt.Sprintf("The practice's review of %s and its BAA is due (practice policy).", v.Name),
			Categories:  []string{"Privacy Desk", "BAA"}, RemindDaysBefore: 7,
			Sequence: export.SequenceOf(v.UpdatedAt), Modified: v.UpdatedAt})
	}
	return out, ended
}
