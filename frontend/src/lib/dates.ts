// Calendar dates travel as "YYYY-MM-DD" and are shown without any time-zone shift.
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** formatDate shows "2026-03-05" as "Mar 5, 2026"; empty or null as an em dash. */
export function formatDate(d: string | null | undefined): string {
  if (!d) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  if (!m) return d;
  return `${months[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`;
}

// The practice's time zone (Settings): deadlines are counted in it, so times are shown in
// it too, not in the zone of whatever computer the app runs on. Root sets it from the
// practice settings; until then (and in unit tests) the computer's zone is used.
let displayTimeZone: string | undefined;

/** setDisplayTimeZone makes formatInstant show times in an IANA zone; an empty or
 * unknown zone means the computer's own. */
export function setDisplayTimeZone(zone: string | null | undefined): void {
  displayTimeZone = zone && validZone(zone) ? zone : undefined;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** formatInstant shows a UTC instant in the practice's time zone (see setDisplayTimeZone). */
export function formatInstant(s: string | null | undefined): string {
  if (!s || s.startsWith('0001-')) return '—';
  const t = new Date(s);
  if (Number.isNaN(t.getTime())) return s;
  return t.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: displayTimeZone,
  });
}

/** daysBetween counts calendar days from a to b (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  const pa = Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10));
  const pb = Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10));
  return Math.round((pb - pa) / 86_400_000);
}

export function dueText(daysLeft: number): string {
  if (daysLeft < 0) return `${-daysLeft} day${daysLeft === -1 ? '' : 's'} overdue`;
  if (daysLeft === 0) return 'due today';
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}

export function dueColor(daysLeft: number): string {
  if (daysLeft < 0) return 'red';
  if (daysLeft <= 2) return 'orange';
  if (daysLeft <= 7) return 'yellow';
  return 'gray';
}

// There is deliberately no "today" here: the practice's date comes from the backend
// (AppService.Info's today, usePracticeToday), counted in the practice's time zone like
// every deadline. The computer's clock and zone may be another day.

/** timeIn is the wall-clock time (HH:MM, 24-hour) at instant `at` in an IANA time zone
 * (UTC when the zone is unknown: never the computer's own zone). */
export function timeIn(timeZone: string, at: Date = new Date()): string {
  const fmt = (zone: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).slice(0, 5);
  try {
    return fmt(timeZone);
  } catch {
    return fmt('UTC');
  }
}
