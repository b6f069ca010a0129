// Short names for the dashboard's list and charts (backend/regime.go has the long ones).
export const rightShort: Record<string, string> = {
  access: 'Access',
  correction: 'Correction',
  deletion: 'Deletion',
  portability: 'Portability',
  'opt-out': 'Opt-out',
  'limit-sensitive': 'Limit sensitive data',
  restrict: 'Restriction',
  object: 'Objection',
  'automated-decision': 'Automated decisions',
  'withdraw-consent': 'Withdraw consent',
  accounting: 'Accounting of disclosures',
  'confidential-communications': 'Confidential comms',
  appeal: 'Appeal',
};

export const regimeShort: Record<string, string> = {
  ccpa: 'CCPA',
  va: 'Virginia',
  co: 'Colorado',
  ct: 'Connecticut',
  tx: 'Texas',
  ut: 'Utah',
  or: 'Oregon',
  fl: 'Florida',
  gdpr: 'GDPR',
  'uk-gdpr': 'UK GDPR',
  hipaa: 'HIPAA',
};

export const statusLabel: Record<string, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  'awaiting-identity': 'Awaiting identity',
  verified: 'Identity verified',
  'in-progress': 'In progress',
  extended: 'Extended',
};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const longMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-03-02" → "2 Mar 2026" (no Date objects: a calendar date has no zone). */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${months[m - 1]} ${y}`;
}

/** "2026-03-02" → "Monday, 2 March 2026" */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  return `${wd}, ${d} ${longMonths[m - 1]} ${y}`;
}

/** "2026-03" → "Mar" (with the year under January and the first month). */
export function monthLabel(ym: string): string {
  const m = Number(ym.slice(5, 7));
  return months[m - 1];
}

/** Days left as words: "3 days overdue", "due today", "in 5 days". */
export function daysText(days: number): string {
  if (days < 0) return `${-days} day${days === -1 ? '' : 's'} overdue`;
  if (days === 0) return 'due today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}
