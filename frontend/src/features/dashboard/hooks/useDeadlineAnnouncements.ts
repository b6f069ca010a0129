import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { appStateKeys, getAppState, setAppState } from '@/lib/app';
import { dashboardKeys, getAnnouncements, type Announcement } from '../api/dashboard';

// When the app opens, and every few minutes while it stays open (so a new day is noticed
// soon after midnight), newly overdue and soon-due requests are announced. The backend
// gives every notice a key that changes only when the request moves to a more urgent
// kind or its date changes; the keys already shown are remembered with the practice's
// data (app state "announcedDeadlines"), so each thing is said once, across restarts too,
// and another database on the same computer keeps its own.

const keepDays = 60;

export type Seen = Record<string, string>; // key -> the day it was announced (YYYY-MM-DD)

/** parseSeen reads the remembered keys; anything unreadable counts as nothing seen. */
export function parseSeen(json: string): Seen {
  try {
    const v = JSON.parse(json || '{}');
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter(([, day]) => typeof day === 'string')) as Seen;
  } catch {
    return {};
  }
}

/** takeFresh returns the announcements not in seen, and what to remember afterwards: seen
 * plus the fresh ones (shown on today), less the keys older than keepDays before today. */
export function takeFresh(items: Announcement[], today: string, seen: Seen): { fresh: Announcement[]; seen: Seen } {
  const fresh = items.filter((a) => !(a.key in seen));
  const all: Seen = { ...seen };
  for (const a of fresh) all[a.key] = today;
  const [y, m, d] = today.split('-').map(Number);
  const cutoff = new Date(Date.UTC(y, m - 1, d - keepDays)).toISOString().slice(0, 10);
  const kept: Seen = {};
  for (const [k, day] of Object.entries(all)) if (day >= cutoff) kept[k] = day;
  return { fresh, seen: kept };
}

/** announceOnce takes the fresh announcements against the practice's memory and saves it.
 * Announcing twice is better than failing: a memory that cannot be read or written is
 * treated as empty. */
export async function announceOnce(items: Announcement[], today: string): Promise<Announcement[]> {
  const before = parseSeen(await getAppState(appStateKeys.announced).catch(() => ''));
  const { fresh, seen } = takeFresh(items, today, before);
  if (JSON.stringify(seen) !== JSON.stringify(before)) {
    await setAppState(appStateKeys.announced, JSON.stringify(seen)).catch(() => {});
  }
  return fresh;
}

export function useDeadlineAnnouncements(onFresh: (fresh: Announcement[]) => void, intervalMs = 10 * 60_000) {
  const q = useQuery({
    queryKey: dashboardKeys.announcements(),
    queryFn: getAnnouncements,
    refetchInterval: intervalMs,
    refetchIntervalInBackground: true,
    staleTime: 0,
    retry: false,
  });
  const data = q.data;
  // One answer at a time: the next reads what the previous one remembered.
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  // The latest handler, kept in an effect (not during render) for the answers to call.
  const handler = useRef(onFresh);
  useEffect(() => {
    handler.current = onFresh;
  }, [onFresh]);
  useEffect(() => {
    if (!data) return;
    chain.current = chain.current
      .then(() => announceOnce(data.items, data.today))
      .then((fresh) => {
        if (fresh.length > 0) handler.current(fresh);
      })
      .catch(() => {});
  }, [data]);
}
