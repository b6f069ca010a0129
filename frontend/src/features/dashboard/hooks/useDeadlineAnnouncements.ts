import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { dashboardKeys, getAnnouncements, type Announcement } from '../api/dashboard';

// When the app opens, and every few minutes while it stays open (so a new day is noticed
// soon after midnight), newly overdue and soon-due requests are announced. The backend
// gives every notice a key that changes only when the request moves to a more urgent
// kind or its date changes; the keys already shown are remembered here, so each thing
// is said once, across restarts too.

const storageKey = 'privacydesk.announced';
const keepDays = 60;

type Seen = Record<string, string>; // key -> the day it was announced (YYYY-MM-DD)

export function loadSeen(): Seen {
  try {
    const v = JSON.parse(localStorage.getItem(storageKey) || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Seen) : {};
  } catch {
    return {};
  }
}

function saveSeen(seen: Seen, today: string) {
  // Forget keys older than keepDays: their requests have long moved on.
  const [y, m, d] = today.split('-').map(Number);
  const cutoff = new Date(Date.UTC(y, m - 1, d - keepDays)).toISOString().slice(0, 10);
  const kept: Seen = {};
  for (const [k, day] of Object.entries(seen)) if (day >= cutoff) kept[k] = day;
  try {
    localStorage.setItem(storageKey, JSON.stringify(kept));
  } catch {
    // storage full or disabled: announcing twice is better than failing
  }
}

/** fresh returns the announcements not shown before, and records them as shown on today. */
export function takeFresh(items: Announcement[], today: string): Announcement[] {
  const seen = loadSeen();
  const fresh = items.filter((a) => !(a.key in seen));
  for (const a of fresh) seen[a.key] = today;
  saveSeen(seen, today);
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
  useEffect(() => {
    if (!data) return;
    const fresh = takeFresh(data.items, data.today);
    if (fresh.length > 0) onFresh(fresh);
    // onFresh is an event handler; only new answers matter
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
}
