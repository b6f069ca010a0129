import { afterEach, describe, expect, it } from 'vitest';
import { installBackend, uninstallBackend } from '@/test/backend';
import type { Announcement } from '../api/dashboard';
import { announceOnce, parseSeen, takeFresh } from './useDeadlineAnnouncements';

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
    let r = takeFresh(day1, '2026-03-20', {});
    expect(r.fresh.map((x) => x.reference)).toEqual(['PR-2026-0001', 'PR-2026-0002']);
    // The same answer later that day (or after a restart) says nothing new.
    r = takeFresh(day1, '2026-03-20', r.seen);
    expect(r.fresh).toEqual([]);
    // Next day: 0002 is now due today; 0001 is still the same overdue notice.
    const day2 = [a('PR-2026-0001', 'overdue', '2026-03-03'), a('PR-2026-0002', 'due-today', '2026-03-23')];
    r = takeFresh(day2, '2026-03-23', r.seen);
    expect(r.fresh.map((x) => x.key)).toEqual(['PR-2026-0002|due-today|2026-03-23']);
    // Keys older than 60 days are dropped.
    expect(Object.keys(takeFresh([], '2026-06-01', r.seen).seen)).toEqual([]);
  });

  it('reads a corrupt memory as nothing seen', () => {
    expect(parseSeen('[1,2')).toEqual({});
    expect(parseSeen('[1,2]')).toEqual({});
    expect(parseSeen('{"k":"2026-03-01","n":3}')).toEqual({ k: '2026-03-01' });
  });
});

describe('announceOnce', () => {
  afterEach(uninstallBackend);

  // The memory is the practice's (AppService app state), not the web view's localStorage.
  function practiceMemory(initial: string) {
    const store: Record<string, string> = { announcedDeadlines: initial };
    const main = installBackend({
      AppService: {
        GetAppState: async (key: string) => store[key] ?? '',
        SetAppState: async (key: string, value: string) => {
          store[key] = value;
        },
      },
    });
    return { store, main };
  }

  it('remembers what it announced in the practice app state, and says it once', async () => {
    const { store, main } = practiceMemory('');
    const items = [a('PR-2026-0001', 'overdue', '2026-03-03')];
    expect(await announceOnce(items, '2026-03-20')).toHaveLength(1);
    expect(JSON.parse(store.announcedDeadlines)).toEqual({ 'PR-2026-0001|overdue|2026-03-03': '2026-03-20' });
    expect(localStorage.length).toBe(0);
    expect(await announceOnce(items, '2026-03-20')).toEqual([]);
    // Nothing new: nothing written the second time.
    expect(main.AppService.SetAppState).toHaveBeenCalledTimes(1);
  });

  it('announces anyway when the memory is corrupt or cannot be read', async () => {
    practiceMemory('[1,2');
    expect(await announceOnce([a('PR-2026-0003', 'overdue', '2026-03-01')], '2026-03-20')).toHaveLength(1);
    uninstallBackend();
    installBackend({ AppService: { GetAppState: () => Promise.reject('gone'), SetAppState: () => Promise.reject('gone') } });
    expect(await announceOnce([a('PR-2026-0003', 'overdue', '2026-03-01')], '2026-03-20')).toHaveLength(1);
  });
});
