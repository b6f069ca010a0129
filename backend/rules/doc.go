// Package rules is the deadline engine: the statutory clock of every right under every
// regime, kept as data, and pure functions that turn a received date into the dates a
// practice must meet.
//
// Each (regime, right) pair that backend.Regime.Grants allows has one or more Rule rows,
// each in force over a range of days (EffectiveFrom, EffectiveUntil): laws change on
// dates, and the row applied to a request is the one in force on the day it was received
// (LookupOn). A row holds the acknowledgment period, the response period and its unit
// (calendar days, business days, months, or no clock), the one extension the law allows,
// whether the clock may stop, the holiday calendar, a Version (shared by the pair's rows),
// the citation, when it was checked against the law and what was read, and a
// plain-language note. A pair the regime does not grant, or a request received before
// the right was in force, is an EINVALID error, never a guess. Holidays have ranges too
// (cal.Holiday StartYear: Diwali is a California holiday from 2026).
//
// Counting follows docs/legal.md#counting-convention:
//
//   - N calendar days: received + N (the day of receipt is day 0). Nothing rolls: the
//     US statutes say "within 45 days" and give no weekend rule.
//   - N business days: count forward N days that are Monday to Friday and not holidays of
//     the rule's calendar; the day of receipt is not counted.
//   - months (GDPR, UK GDPR): the same day number N months later, clamped to the month's
//     last day, then moved forward past Saturdays, Sundays and public holidays to the next
//     working day (Regulation 1182/71 Art. 3(2)(c) and 3(4); ICO, "How long do we have to
//     comply?"). An extended GDPR deadline is received + 3 months, adjusted the same way.
//
// Holiday calendars come from github.com/rickar/cal/v2: US federal holidays, California
// state holidays (Gov. Code 6700/6701, defined here as cal.Holiday values), bank holidays
// of England and Wales, and the public holidays of the GDPR requester's EU country.
//
// The practice's own closed days never move a statutory date, business-day clocks
// included: a private closure is not a legal holiday (Cal. Civ. Code 7, 9). They only
// make the practice's own date earlier: SendBy is the last day on or before the due date
// on which the office is open.
//
// For HIPAA access, a more stringent state law prevails (45 CFR 160.203(b)): StateClocks
// lists the states' own patient-access clocks and Governing picks the earlier date.
//
// The engine gives deadlines, not legal advice.
package rules
