import { Card, Group, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlarm,
  IconAlertTriangle,
  IconCalendarClock,
  IconCalendarPlus,
  IconId,
  IconMailOpened,
  type Icon,
} from '@tabler/icons-react';
import { hrefFor } from '@/lib/router';
import type { DashboardCounts, DueWindow } from '../api/dashboard';
import './dashboard.css';

interface CardDef {
  id: DueWindow;
  label: string;
  hint: string;
  icon: Icon;
  color: string;
  count: (c: DashboardCounts) => number;
  /** urgent cards turn their colour on only when the count is above zero */
  alarm?: boolean;
}

const cards: CardDef[] = [
  { id: 'overdue', label: 'Overdue', hint: 'Past the deadline', icon: IconAlertTriangle, color: 'red', count: (c) => c.overdue, alarm: true },
  { id: 'today', label: 'Due today', hint: 'Answer before the day ends', icon: IconAlarm, color: 'orange', count: (c) => c.dueToday, alarm: true },
  { id: 'week', label: 'Due within 7 days', hint: 'Today and the next seven days', icon: IconCalendarClock, color: 'yellow', count: (c) => c.dueWeek },
  { id: 'awaiting-ack', label: 'Awaiting acknowledgment', hint: 'Receipt not yet confirmed', icon: IconMailOpened, color: 'blue', count: (c) => c.awaitingAck },
  { id: 'awaiting-identity', label: 'Awaiting identity', hint: 'Waiting for proof of identity', icon: IconId, color: 'violet', count: (c) => c.awaitingIdentity },
  { id: 'extended', label: 'Extended', hint: 'The one extension was taken', icon: IconCalendarPlus, color: 'cyan', count: (c) => c.extended },
];

/** The six cards; each opens the request list filtered the same way it counts, most
 * urgent first (next due date ascending, so the most overdue request leads). */
export function DueCards({ counts }: { counts: DashboardCounts }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md" component="nav" aria-label="Deadline cards">
      {cards.map((c) => {
        const n = c.count(counts);
        const lit = n > 0;
        const color = lit || !c.alarm ? c.color : 'gray';
        return (
          <Card
            key={c.id}
            component="a"
            href={hrefFor('requests', { due: c.id, sort: 'due' })}
            className="pd-due-card"
            data-alarm={c.alarm && lit ? c.color : undefined}
            data-testid={`card-${c.id}`}
            aria-label={`${c.label}: ${n} request${n === 1 ? '' : 's'}. Open the list.`}
            padding="md"
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} c={c.alarm && lit ? `${c.color}.7` : undefined} className="pd-card-label">
                  {c.label}
                </Text>
                <Text fz={34} fw={700} lh={1.15} mt={6} className="pd-count" c={lit ? undefined : 'dimmed'}>
                  {n}
                </Text>
              </div>
              <ThemeIcon size={38} radius="md" variant={c.alarm && lit ? 'filled' : 'light'} color={color} style={{ flexShrink: 0 }}>
                <c.icon size={21} stroke={1.7} />
              </ThemeIcon>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {c.hint}
            </Text>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
