package backend

import (
	"sort"
	"time"
)

// ExtensionNotice is what the law asks of one extension of a request: the requester told,
// in writing with the reason and the new date, within the original period of the rights
// it moved (Cal. Civ. Code 1798.130(a)(2)(A), 11 CCR 7021(b), and the state laws' "within
// the initial 45 days"; GDPR and UK GDPR Art. 12(3); 45 CFR 164.524(b)(2), 164.526(b)(2),
// 164.528(c)(1)). Without that notice the extension may not hold, and the original date
// governed.
//
// It is a flag, not a recomputation: the due dates (RequestRight.DueDate) still count the
// extended date.
type ExtensionNotice struct {
	// ExtendedOn is the day the extension was taken; Rights are the rights it moved (each
	// right's period is extended once, and the rights of a request may be extended on
	// different days).
	ExtendedOn Date    `json:"extendedOn"`
	Rights     []Right `json:"rights"`
	// NoticeBy is the last day the notice could be given: the end of the original
	// statutory period of those rights, the earliest among them (ExtensionNoticeBy).
	NoticeBy Date `json:"noticeBy"`
	// LetterMadeOn is the day, in the practice's time zone, the first extension letter
	// made from ExtendedOn to NoticeBy was made; zero when none was.
	LetterMadeOn Date `json:"letterMadeOn"`
}

// Made reports whether an extension letter was made in time.
func (n ExtensionNotice) Made() bool { return !n.LetterMadeOn.IsZero() }

// Missed reports whether the notice's time ran out on today without an extension letter.
func (n ExtensionNotice) Missed(today Date) bool { return !n.Made() && today.After(n.NoticeBy) }

// ExtensionNoticeBy is the day the notice of the extension taken on day on was due: the
// last day of the original statutory period (RespondBy) of the rights extended that day,
// the earliest of them. Zero when no right was extended that day. The letters package
// refuses an extension letter after it.
func ExtensionNoticeBy(r *Request, on Date) Date {
	var by Date
	for _, rr := range r.Rights {
		if !rr.ExtendedTo.IsZero() && rr.ExtendedOnDay(r).Equal(on) {
			by = earlierDate(by, rr.RespondBy)
		}
	}
	return by
}

// ExtensionNotices returns the notices the request's extensions needed, oldest first,
// each matched to the extension letters among letters: one made (its CreatedAt, as a
// date in loc, the practice's time zone) from the extension's day to its NoticeBy is its
// notice. A request closed by NoticeBy was answered within the original period, so its
// extension was not relied on and needs no notice: it is left out.
func ExtensionNotices(r *Request, letters []Letter, loc *time.Location) []ExtensionNotice {
	out := []ExtensionNotice{}
	at := map[string]int{}
	for _, rr := range r.Rights {
		if rr.ExtendedTo.IsZero() {
			continue
		}
		on := rr.ExtendedOnDay(r)
		i, ok := at[on.String()]
		if !ok {
			i = len(out)
			at[on.String()] = i
			out = append(out, ExtensionNotice{ExtendedOn: on, NoticeBy: ExtensionNoticeBy(r, on)})
		}
		out[i].Rights = append(out[i].Rights, rr.Right)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ExtendedOn.Before(out[j].ExtendedOn) })
	kept := out[:0]
	for _, n := range out {
		if n.NoticeBy.IsZero() || r.ClosedAt != nil && !DateOf(*r.ClosedAt, loc).After(n.NoticeBy) {
			continue
		}
		for _, l := range letters {
			day := DateOf(l.CreatedAt, loc)
			if l.Kind == LetterExtension && !day.Before(n.ExtendedOn) && !day.After(n.NoticeBy) && (!n.Made() || day.Before(n.LetterMadeOn)) {
				n.LetterMadeOn = day
			}
		}
		kept = append(kept, n)
	}
	return kept
}
