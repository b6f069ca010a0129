import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlarm, IconAlertTriangle, IconCalendarClock } from '@tabler/icons-react';
import { hrefFor } from '@/lib/router';
import { dashboardQuery, type Announcement, type DashboardCounts } from '../api/dashboard';
import { useDeadlineAnnouncements } from '../hooks/useDeadlineAnnouncements';

const kinds = {
  overdue: { color: 'red', title: 'Overdue', icon: IconAlertTriangle, due: 'overdue' },
  'due-today': { color: 'orange', title: 'Due today', icon: IconAlarm, due: 'today' },
  'due-soon': { color: 'yellow', title: 'Due soon', icon: IconCalendarClock, due: 'week' },
} as const;

/** One notice names its request; more are summed up in one, so a busy morning does
 * not bury the screen under a stack of notices. */
const maxSingle = 1;

/** How long a notice stays: long enough to read and act on, never until dismissed, so
 * notices do not pile up over the screen. The Overdue card keeps the count afterwards. */
export const noticeMs = { overdue: 15_000, 'due-today': 10_000, 'due-soon': 8_000 } as const;

/** announce shows the fresh notices. The counts are the dashboard cards' (the same query
 * the Overdue and Due today cards read), so a summary never disagrees with a card. */
export function announce(fresh: Announcement[], counts?: DashboardCounts) {
  if (fresh.length <= maxSingle) {
    for (const a of fresh) {
      const k = kinds[a.kind];
      notifications.show({
        id: `deadline-${a.key}`,
        color: k.color,
        title: `${k.title}: ${a.reference}`,
        icon: <k.icon size={18} />,
        autoClose: noticeMs[a.kind],
        message: (
          <Text size="sm">
            {a.message}{' '}
            <Anchor href={hrefFor(`requests/${a.reference}`)} size="sm" onClick={() => notifications.hide(`deadline-${a.key}`)}>
              Open
            </Anchor>
          </Text>
        ),
      });
    }
    return;
  }
  const by = { overdue: 0, 'due-today': 0, 'due-soon': 0 };
  for (const a of fresh) by[a.kind]++;
  // Overdue and due today are the cards' numbers; "due within 3 days" has no card.
  const overdue = counts ? counts.overdue : by.overdue;
  const today = counts ? counts.dueToday : by['due-today'];
  const parts = [
    overdue > 0 && `${overdue} overdue`,
    today > 0 && `${today} due today`,
    by['due-soon'] > 0 && `${by['due-soon']} due within 3 days`,
  ].filter(Boolean);
  if (parts.length === 0) return;
  const worst = overdue ? 'overdue' : today ? 'due-today' : 'due-soon';
  const k = kinds[worst];
  notifications.show({
    id: 'deadline-summary',
    color: k.color,
    icon: <k.icon size={18} />,
    title: 'Deadlines need attention',
    autoClose: noticeMs[worst],
    message: (
      <Text size="sm" data-testid="deadline-summary">
        {parts.join(', ')}.{' '}
        <Anchor href={hrefFor('requests', { due: k.due, sort: 'due' })} size="sm" onClick={() => notifications.hide('deadline-summary')}>
          Open the list
        </Anchor>
      </Text>
    ),
  });
}

/** Mounted once in the shell: announces deadlines inside the app, with no UI of its own. */
export function DeadlineAnnouncer() {
  const queryClient = useQueryClient();
  useDeadlineAnnouncements((fresh) => {
    // The cards' own numbers, read fresh so that notice and card agree.
    queryClient
      .fetchQuery(dashboardQuery())
      .then((d) => announce(fresh, d.counts))
      .catch(() => announce(fresh));
  });
  return null;
}
