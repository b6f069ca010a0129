// Package rules is the deadline engine: the statutory clock of every right under every
// regime, kept as data, and pure functions that turn a received date into the dates a
// practice must meet.
//
// One Rule per (regime, right) pair that backend.Regime.Grants allows holds the
// acknowledgment period, the response period and its unit (calendar days, business days,
// months, or no clock), the one extension the law allows, whether the clock may stop, the
// holiday calendar, a Version, the citation and a plain-language note. A pair the regime
// does not grant is an EINVALID error, never a guess.
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
// of England and Wales, and the public holidays of an EU country chosen in Settings.
//
// The practice's own closed days never lengthen a statutory period: the law counts the
// days the office happens to be shut. They shorten the practical one instead: SendBy is
// the last day on or before the due date on which the office is open.
//
// The engine gives deadlines, not legal advice.
package rules
