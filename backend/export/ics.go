package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"privacydesk/backend"
)

// ICSOptions describe the calendar.
type ICSOptions struct {
	// Name is the calendar's display name (X-WR-CALNAME, which Google Calendar and
	// Outlook show).
	Name string
	// Now stamps every event (DTSTAMP); the export's time.
	Now time.Time
}

// Event is one all-day event: a due date.
type Event struct {
	// UID identifies the event across exports, so importing a newer calendar updates the
	// event instead of adding a copy: build it from what the event is about
	// ("PR-2026-0001/due"), never from a counter.
	UID         string
	Date        backend.Date
	Summary     string
	Description string
	Categories  []string
	// Sequence grows each time the event changes (a deadline extended), so calendars
	// replace the older version (RFC 5545, 3.8.7.4). See SequenceOf.
	Sequence int
	// Modified is when what the event shows last changed (LAST-MODIFIED, in UTC); zero
	// for none.
	Modified time.Time
	// RemindDaysBefore adds a reminder that many days before; 0 for none. (Outlook
	// keeps it; Google Calendar drops reminders from imported files.)
	RemindDaysBefore int
	// Cancelled publishes the event as cancelled (STATUS:CANCELLED, without its
	// reminder), so a calendar that imported it before removes it or marks it cancelled.
	// Leaving it out of the file would not: a re-import only adds and updates. Give it
	// a Sequence higher than the live event's.
	Cancelled bool
}

// sequenceEpoch is where SequenceOf counts from.
var sequenceEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// SequenceOf is the SEQUENCE of an event whose record last changed at modified: the
// seconds since 2024, so every saved change (a renewed BAA, a promised or extended date)
// gives a higher number than the one a calendar already holds, and an export with
// nothing changed repeats it. Without it Outlook and Apple Calendar keep the old date
// on re-import. It fits the 32-bit INTEGER of RFC 5545 until 2092.
func SequenceOf(modified time.Time) int {
	if modified.Before(sequenceEpoch) {
		return 0
	}
	return int(min(modified.Sub(sequenceEpoch)/time.Second, 1<<31-1))
}

// ICSEncoder writes an iCalendar file (RFC 5545) of all-day events, streamed.
//
// Why not github.com/arran4/golang-ical: its serializer leaves a carriage return in a
// TEXT value unescaped (a note typed on Windows would break the line structure) and it
// builds the whole calendar in memory before writing; the part we need is small. Its
// parser reads our output back in the tests, as an independent check.
type ICSEncoder struct {
	w     *bufio.Writer
	stamp string
	err   error
	line  []byte
}

// uidDomain makes UIDs globally unique as RFC 5545 3.8.4.7 asks.
const uidDomain = "@privacydesk"

// NewICSEncoder writes the calendar's header to w and returns the encoder.
func NewICSEncoder(w io.Writer, opt ICSOptions) *ICSEncoder {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	e := &ICSEncoder{w: bufio.NewWriterSize(w, 32<<10), stamp: now.UTC().Format("20060102T150405Z")}
	e.prop("BEGIN", "VCALENDAR")
	e.prop("VERSION", "2.0")
	e.prop("PRODID", "-//Privacy Desk//Due dates//EN")
	e.prop("CALSCALE", "GREGORIAN")
	e.prop("METHOD", "PUBLISH")
	if opt.Name != "" {
		e.prop("X-WR-CALNAME", escapeICSText(opt.Name))
	}
	return e
}

// Encode writes one event.
func (e *ICSEncoder) Encode(ev Event) error {
	if ev.UID == "" {
		return fmt.Errorf("ics: event %q has no UID", ev.Summary)
	}
	if ev.Date.IsZero() {
		return fmt.Errorf("ics: event %s has no date", ev.UID)
	}
	e.prop("BEGIN", "VEVENT")
	e.prop("UID", escapeICSText(ev.UID+uidDomain))
	e.prop("DTSTAMP", e.stamp)
	// An all-day event: DTSTART is the date and DTEND the day after (exclusive), which
	// every calendar reads as one whole day (RFC 5545, 3.6.1).
	e.prop("DTSTART;VALUE=DATE", ev.Date.Time().Format("20060102"))
	e.prop("DTEND;VALUE=DATE", ev.Date.AddDays(1).Time().Format("20060102"))
	if ev.Sequence > 0 {
		e.prop("SEQUENCE", fmt.Sprint(ev.Sequence))
	}
	if !ev.Modified.IsZero() {
		e.prop("LAST-MODIFIED", ev.Modified.UTC().Format("20060102T150405Z"))
	}
	// A METHOD:PUBLISH file may carry STATUS:CANCELLED (RFC 5546, 3.2.1); METHOD:CANCEL
	// is for meetings with attendees, and one file has one method.
	if ev.Cancelled {
		e.prop("STATUS", "CANCELLED")
	}
	e.prop("SUMMARY", escapeICSText(ev.Summary))
	if ev.Description != "" {
		e.prop("DESCRIPTION", escapeICSText(ev.Description))
	}
	if len(ev.Categories) > 0 {
		cats := make([]string, len(ev.Categories))
		for i, c := range ev.Categories {
			cats[i] = escapeICSText(c)
		}
		e.prop("CATEGORIES", strings.Join(cats, ","))
	}
	// A due date should not block the day as busy.
	e.prop("TRANSP", "TRANSPARENT")
	if ev.RemindDaysBefore > 0 && !ev.Cancelled {
		e.prop("BEGIN", "VALARM")
		e.prop("ACTION", "DISPLAY")
		e.prop("DESCRIPTION", escapeICSText(ev.Summary))
		e.prop("TRIGGER", fmt.Sprintf("-P%dD", ev.RemindDaysBefore))
		e.prop("END", "VALARM")
	}
	e.prop("END", "VEVENT")
	return e.err
}

// Close ends the calendar and flushes.
func (e *ICSEncoder) Close() error {
	e.prop("END", "VCALENDAR")
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// prop writes one content line, folded at 75 octets (RFC 5545, 3.1): a continuation
// line starts with a space, and a UTF-8 character is never split.
func (e *ICSEncoder) prop(name, value string) {
	if e.err != nil {
		return
	}
	l := append(e.line[:0], name...)
	l = append(l, ':')
	l = append(l, value...)
	e.line = l
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		e.w.Write(l[:cut])
		e.w.WriteString("\r\n ")
		l = l[cut:]
		limit = 74 // the leading space counts
	}
	e.w.Write(l)
	_, e.err = e.w.WriteString("\r\n")
}

// escapeICSText escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma
// get a backslash, every line break becomes \n, and other control characters, which
// TEXT may not hold, are dropped.
func escapeICSText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			// dropped
		default:
			b.WriteByte(c)
		}
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}
