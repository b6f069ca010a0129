import { describe, expect, it } from 'vitest';
import type { Announcement } from '../api/dashboard';
import { loadSeen, takeFresh } from './useDeadlineAnnouncements';

const a = (reference: string, kind: Announcement['kind'], dueOn: string): Announcement => ({
  key: `${reference}|${kind}|${dueOn}`,
  kind,
  reference,
  requester: 'Dana',
  right: 'access',
  dueOn,
  daysLeft: 0,
  message: '',
});

describe('takeFresh', () => {
  it('announces each key once, again when the kind changes, and forgets old keys', () => {
    const day1 = [a('PR-2026-0001', 'overdue', '2026-03-03'), a('PR-2026-0002', 'due-soon', '2026-03-23')];
    expect(takeFresh(day1, '2026-03-20').map((x) => x.reference)).toEqual(['PR-2026-0001', 'PR-2026-0002']);
    // The same answer later that day (or after a restart) says nothing new.
    expect(takeFresh(day1, '2026-03-20')).toEqual([]);
    // Next day: 0002 is now due today; 0001 is still the same overdue notice.
    const day2 = [a('PR-2026-0001', 'overdue', '2026-03-03'), a('PR-2026-0002', 'due-today', '2026-03-23')];
    expect(takeFresh(day2, '2026-03-23').map((x) => x.key)).toEqual(['PR-2026-0002|due-today|2026-03-23']);
    // Keys older than 60 days are dropped from storage.
    takeFresh([], '2026-06-01');
    expect(Object.keys(loadSeen())).toEqual([]);
  });

  it('survives a corrupt memory', () => {
    localStorage.setItem('privacydesk.announced', '[1,2');
    expect(takeFresh([a('PR-2026-0003', 'overdue', '2026-03-01')], '2026-03-20')).toHaveLength(1);
  });
});
