// Date words the dashboard needs beyond the shared ones in @/lib/dates.

const shortMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03-02" → "Monday, March 2, 2026" (no Date arithmetic in a zone: a calendar date has none). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "2026-03" → "Mar" */
export function monthLabel(ym: string): string {
  return shortMonths[Number(ym.slice(5, 7)) - 1];
}
