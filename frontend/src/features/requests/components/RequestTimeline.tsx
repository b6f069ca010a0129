import { useState } from 'react';
import { Button, Card, Code, Drawer, Group, Loader, ScrollArea, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  IconArrowRight,
  IconCalendarPlus,
  IconCheck,
  IconFilePlus,
  IconGavel,
  IconId,
  IconNote,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPoint,
  IconSend,
  IconShieldCheck,
  IconTrashX,
} from '@tabler/icons-react';
import { formatInstant } from '@/lib/dates';
import { addNote, requestAuditQuery } from '../api/requests';
import type { RequestDetail } from '../api/schemas';

const kindIcons: Record<string, typeof IconPoint> = {
  created: IconFilePlus,
  updated: IconPencil,
  transition: IconArrowRight,
  note: IconNote,
  outcome: IconCheck,
  verification: IconId,
  'deletion-confirmation': IconTrashX,
  extension: IconCalendarPlus,
  pause: IconPlayerPause,
  resume: IconPlayerPlay,
  attachment: IconFilePlus,
  'attachment-removed': IconTrashX,
  // An appeal naming this request was logged.
  appeal: IconGavel,
  // One line for a "Direct all vendors" batch.
  'vendor-directions': IconSend,
};

/** The request's timeline, oldest first, with a box to add a note. */
export function RequestTimeline({ detail, onDone }: { detail: RequestDetail; onDone: (d: RequestDetail) => void }) {
  const [note, setNote] = useState('');
  const [auditOpen, setAuditOpen] = useState(false);
  const ref = detail.request.reference;
  const mutation = useMutation({
    mutationFn: () => addNote(ref, note),
    onSuccess: (d) => {
      setNote('');
      onDone(d);
    },
  });
  return (
    <Card>
      <Group justify="space-between" mb="md">
        <Title order={2} fz={17}>
          Timeline
        </Title>
        <Button variant="subtle" size="xs" leftSection={<IconShieldCheck size={14} />} onClick={() => setAuditOpen(true)}>
          Audit trail
        </Button>
      </Group>
      <Timeline bulletSize={26} lineWidth={2} active={detail.events.length} data-testid="timeline">
        {detail.events.map((e) => {
          const Icon = kindIcons[e.kind] ?? IconPoint;
          return (
            <Timeline.Item key={e.id} bullet={<Icon size={14} />} title={<Text size="sm" fw={600}>{e.summary}</Text>}>
              <Text size="xs" c="dimmed">
                {formatInstant(e.at)} · {e.staff || e.osUser || 'unknown'}
                {e.staff && e.osUser ? ` (${e.osUser})` : ''}
              </Text>
              {e.note && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                  {e.note}
                </Text>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) mutation.mutate();
        }}
      >
        <Stack gap="xs" mt="lg">
          <Textarea
            label="Add a note"
            placeholder="A call, a reply, a decision…"
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={mutation.error?.message}
          />
          <Group justify="flex-end">
            <Button type="submit" size="xs" variant="default" disabled={!note.trim()} loading={mutation.isPending}>
              Add note
            </Button>
          </Group>
        </Stack>
      </form>
      <Drawer opened={auditOpen} onClose={() => setAuditOpen(false)} title={`Audit trail of ${ref}`} position="right" size="xl">
        {auditOpen && <AuditList reference={ref} />}
      </Drawer>
    </Card>
  );
}

function AuditList({ reference }: { reference: string }) {
  const q = useQuery(requestAuditQuery(reference));
  if (q.isPending) return <Loader />;
  if (q.isError) return <Text c="red">{q.error.message}</Text>;
  return (
    <ScrollArea>
      <Text size="sm" c="dimmed" mb="md">
        Every change to this request, hash-chained: an edit behind the app's back breaks the chain, which
        “privacydesk audit verify” reports.
      </Text>
      <Stack gap="md">
        {q.data.map((e) => (
          <Stack key={e.seq} gap={4} pb="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                #{e.seq} {e.action}
              </Text>
              <Text size="xs" c="dimmed">
                {formatInstant(e.at)} · {e.staff || '—'} ({e.osUser || '—'})
              </Text>
            </Group>
            {e.after && (
              <Code block style={{ maxHeight: 160, overflow: 'auto', fontSize: 11 }}>
                {e.after}
              </Code>
            )}
            <Text size="xs" c="dimmed" ff="monospace" truncate>
              sha256 {e.hash}
            </Text>
          </Stack>
        ))}
      </Stack>
    </ScrollArea>
  );
}
