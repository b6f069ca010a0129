import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm, IconAlertTriangle, IconCalendarClock } from '@tabler/icons-react';
import { hrefFor } from '@/lib/router';
import type { Announcement } from '../api/dashboard';
import { useDeadlineAnnouncements } from '../hooks/useDeadlineAnnouncements';

const kinds = {
  overdue: { color: 'red', title: 'Overdue', icon: IconAlertTriangle, due: 'overdue' },
  'due-today': { color: 'orange', title: 'Due today', icon: IconAlarm, due: 'today' },
  'due-soon': { color: 'yellow', title: 'Due soon', icon: IconCalendarClock, due: 'week' },
} as const;

/** One notice names its request; more are summed up in one, so a busy morning does
 * not bury the screen under a stack of notices. */
const maxSingle = 1;

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

export function announce(fresh: Announcement[]) {
  if (fresh.length <= maxSingle) {
    for (const a of fresh) {
      const k = kinds[a.kind];
      notifications.show({
        id: `deadline-${a.key}`,
        color: k.color,
        title: `${k.title}: ${a.reference}`,
        icon: <k.icon size={18} />,
        // Overdue requests stay until dismissed: they need doing, not glancing at.
        autoClose: a.kind === 'overdue' ? false : 15_000,
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
  const parts = [
    by.overdue && `${by.overdue} overdue`,
    by['due-today'] && `${by['due-today']} due today`,
    by['due-soon'] && `${by['due-soon']} due within 3 days`,
  ].filter(Boolean);
  const worst = by.overdue ? 'overdue' : by['due-today'] ? 'due-today' : 'due-soon';
  const k = kinds[worst];
  notifications.show({
    id: 'deadline-summary',
    color: k.color,
    icon: <k.icon size={18} />,
    title: `${plural(fresh.length, 'request needs', 'requests need')} attention`,
    autoClose: by.overdue ? false : 20_000,
    message: (
      <Text size="sm">
        {parts.join(', ')}.{' '}
        <Anchor href={hrefFor('requests', { due: k.due })} size="sm" onClick={() => notifications.hide('deadline-summary')}>
          Open the list
        </Anchor>
      </Text>
    ),
  });
}

/** Mounted once in the shell: announces deadlines inside the app, with no UI of its own. */
export function DeadlineAnnouncer() {
  useDeadlineAnnouncements(announce);
  return null;
}
