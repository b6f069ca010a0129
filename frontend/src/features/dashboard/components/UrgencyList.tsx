import { Anchor, Badge, Card, Group, ScrollArea, Stack, Table, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { hrefFor } from '@/lib/router';
import type { UrgentRequest } from '../api/dashboard';
import { dueColor, dueText, formatDate } from '@/lib/dates';
import { regimeShort, rightShort, statusLabels } from '@/lib/labels';

// Red when late, orange when within two days (the shared colours); the rest plain or
// dimmed, since yellow text does not read on white.
function daysTextColor(days: number) {
  if (days <= 2) return dueColor(days);
  return days <= 7 ? undefined : 'dimmed';
}

/** How the due date was computed, with its citation, for the tooltip. */
function dueExplanation(u: UrgentRequest) {
  const lines = [u.basis || u.citation];
  if (u.statutoryDue && u.statutoryDue !== u.dueOn) lines.push(`The law's date: ${formatDate(u.statutoryDue)}.`);
  if (u.acknowledgeBy) lines.push(`Acknowledge receipt by ${formatDate(u.acknowledgeBy)}.`);
  return lines.filter(Boolean).join('\n');
}

/** The open requests with a deadline, most overdue first, then soonest due. */
export function UrgencyList({ items, total }: { items: UrgentRequest[]; total: number }) {
  return (
    <Card h="100%" padding={0}>
      <Group justify="space-between" px="lg" pt="md" pb="sm" wrap="nowrap">
        <div>
          <Title order={2} fz={17}>
            Most urgent
          </Title>
          <Text size="xs" c="dimmed">
            Open requests by deadline: most overdue first, then soonest due
          </Text>
        </div>
        {total > items.length && (
          <Anchor href={hrefFor('requests', { sort: 'due' })} size="sm">
            All {total} by due date
          </Anchor>
        )}
      </Group>
      {items.length === 0 ? (
        <Stack align="center" gap={6} py={48} px="lg">
          <ThemeIcon size={40} radius="xl" variant="light" color="teal">
            <IconChecks size={22} />
          </ThemeIcon>
          <Text fw={600}>Nothing is waiting on a deadline</Text>
          <Text size="sm" c="dimmed">
            Every open request has been answered.
          </Text>
        </Stack>
      ) : (
        <ScrollArea.Autosize mah={380} type="auto">
          <Table highlightOnHover verticalSpacing={7} horizontalSpacing="md" stickyHeader aria-label="Most urgent requests">
            <Table.Thead>
              <Table.Tr>
                <Table.Th pl="lg">Reference</Table.Th>
                <Table.Th>Requester</Table.Th>
                <Table.Th>Right</Table.Th>
                <Table.Th pr="lg">Due</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.reference} className="pd-urgent-row" data-testid="urgent-row">
                  <Table.Td pl="lg" style={{ whiteSpace: 'nowrap' }}>
                    <Anchor href={hrefFor(`requests/${u.reference}`)} fw={600} size="sm" ff="monospace">
                      {u.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td maw={190}>
                    <Text size="sm" truncate="end" title={u.requester}>
                      {u.requester}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {statusLabels[u.status] ?? u.status}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {rightShort[u.right] ?? u.right}
                      {u.otherRights > 0 && (
                        <Text span c="dimmed" size="xs">
                          {' '}
                          +{u.otherRights}
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {regimeShort[u.regime] ?? u.regime}
                    </Text>
                  </Table.Td>
                  <Table.Td pr="lg" style={{ whiteSpace: 'nowrap' }} data-testid="urgent-due">
                    <Tooltip label={dueExplanation(u)} multiline w={340} withArrow openDelay={150} style={{ whiteSpace: 'pre-line' }}>
                      <Text size="sm" tabIndex={0} style={{ textDecoration: 'underline dotted', textUnderlineOffset: 3, cursor: 'help' }} span>
                        {formatDate(u.dueOn)}
                      </Text>
                    </Tooltip>
                    {u.extended && (
                      <Badge size="xs" variant="light" color="cyan" ml={6} tt="none">
                        extended
                      </Badge>
                    )}
                    <Text size="xs" fw={u.daysLeft <= 2 ? 600 : 400} c={daysTextColor(u.daysLeft)}>
                      {dueText(u.daysLeft)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}
