import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconRefresh, IconX } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { ReportButton } from '@/components/ReportButton';
import { formatDate } from '@/lib/dates';
import { ZoneConfirmModal } from '@/features/shell/components/ZoneConfirmModal';
import { readinessKeys, readinessQuery, type ReadinessItem } from '../api/readiness';

/** ReadinessPage: "Ready for an audit", item by item, each green or red with where it
 * is fixed, and the same as a one-page PDF for the compliance file. */
export function ReadinessPage() {
  const readiness = useQuery(readinessQuery());
  const qc = useQueryClient();
  const [zoneOpen, setZoneOpen] = useState(false);
  const r = readiness.data;
  const done = r?.items.filter((i) => i.ok).length ?? 0;
  return (
    <>
      <PageHeader
        title="Ready for an audit"
        description="What an auditor asks for first. Each item is checked on today's data; a red one says what is missing and links to where it is fixed."
        actions={
          <>
            <Button variant="default" leftSection={<IconRefresh size={16} />} loading={readiness.isFetching} onClick={() => void readiness.refetch()}>
              Check again
            </Button>
            <ReportButton kind="readiness" title="Readiness report">
              Save as PDF
            </ReportButton>
          </>
        }
      />
      {readiness.isError && <Alert color="red">{readiness.error.message}</Alert>}
      {readiness.isPending && <Skeleton h={420} />}
      {r && (
        <Stack gap="sm">
          <Group gap="sm" data-testid="readiness-summary">
            <Badge size="lg" color={r.ready ? 'teal' : 'red'} variant="light">
              {r.ready ? 'Ready' : `${done} of ${r.items.length} in place`}
            </Badge>
            <Text size="sm" c="dimmed">
              As of {formatDate(r.asOf)}
            </Text>
          </Group>
          {r.items.map((it) => (
            <Item key={it.key} item={it} onConfirmZone={() => setZoneOpen(true)} />
          ))}
        </Stack>
      )}
      <ZoneConfirmModal
        opened={zoneOpen}
        onClose={() => {
          setZoneOpen(false);
          void qc.invalidateQueries({ queryKey: readinessKeys.all });
        }}
      />
    </>
  );
}

function Item({ item, onConfirmZone }: { item: ReadinessItem; onConfirmZone: () => void }) {
  return (
    <Card padding="md" component="section" aria-label={item.label} data-testid="readiness-item" data-ok={item.ok}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon color={item.ok ? 'teal' : 'red'} variant="light" radius="xl" size="lg" aria-hidden>
          {item.ok ? <IconCheck size={18} /> : <IconX size={18} />}
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text fw={600}>{item.label}</Text>
            <Badge color={item.ok ? 'teal' : 'red'} variant="light" style={{ flexShrink: 0 }}>
              {item.ok ? 'In place' : 'To do'}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {item.detail}
          </Text>
          {!item.ok &&
            (item.fix === 'confirm-zone' ? (
              <Anchor component="button" type="button" size="sm" onClick={onConfirmZone} style={{ alignSelf: 'flex-start' }}>
                {item.fixHint}
              </Anchor>
            ) : (
              <Anchor href={`#/${item.fix}`} size="sm">
                {item.fixHint}
              </Anchor>
            ))}
        </Stack>
      </Group>
    </Card>
  );
}
