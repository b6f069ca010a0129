import { useState } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAnchor, IconArchive, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { useCan } from '@/lib/session-context';
import { formatDate, formatInstant } from '@/lib/dates';
import { usePracticeToday } from '@/lib/practice-today';
import { label, regimeShort, statusLabels } from '@/lib/labels';
import { hrefFor } from '@/lib/router';
import type { AuditEvent } from '@/lib/audit-event';
import { DialogActions } from '@/components/DialogActions';
import { auditKeys, getAuditTrail, purge, purgePreview, saveAuditAnchor, verifyAudit, type PurgePreview } from '../api/audit';

const pageSize = 100;

const entities = [
  { value: '', label: 'Everything' },
  { value: 'request', label: 'Requests' },
  { value: 'practice', label: 'Practice profile' },
  { value: 'vendor', label: 'Vendors' },
  { value: 'letter', label: 'Letters' },
  { value: 'export', label: 'Exports' },
  { value: 'backup', label: 'Backups' },
];

export function AuditPage() {
  const canPurge = useCan('purge');
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change made in Privacy Desk: when, by whom (the computer account and the name entered), and what it was before and after. The entries are hash-chained, so a change made behind the app's back is found."
      />
      <Stack gap="lg">
        <ChainCheck />
        <Trail />
        {canPurge && <Retention />}
      </Stack>
    </>
  );
}

function ChainCheck() {
  const check = useMutation({ mutationFn: verifyAudit });
  const r = check.data;
  return (
    <Card>
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2}>
          <Title order={2} fz={17}>
            Check the chain
          </Title>
          <Text size="sm" c="dimmed">
            Recomputes every entry's hash, as the command “privacydesk audit verify” does.
          </Text>
        </Stack>
        <Button leftSection={<IconShieldCheck size={16} />} loading={check.isPending} onClick={() => check.mutate()} variant="light">
          Check now
        </Button>
      </Group>
      {check.isError && (
        <Alert color="red" mt="md">
          {check.error.message}
        </Alert>
      )}
      {r && r.ok && (
        <Alert color="teal" mt="md" icon={<IconShieldCheck size={18} />} data-testid="chain-ok">
          The chain holds: {r.count.toLocaleString()} entries, none edited, deleted, inserted or reordered.{' '}
          {r.records.toLocaleString()} requests, vendors and letters are as their last entry recorded them.
          {r.unrecorded > 0 &&
            ` ${r.unrecorded.toLocaleString()} were not checked: their entries are from before Privacy Desk recorded each change's result.`}
        </Alert>
      )}
      {r && !r.ok && (
        <Alert color="red" mt="md" icon={<IconShieldX size={18} />} title={r.badSeq > 0 ? `Entry #${r.badSeq} does not verify` : 'The trail does not verify'}>
          {r.problem}. {r.badSeq > 0 && 'The trail was changed outside Privacy Desk at or before this entry.'}
        </Alert>
      )}
      <AnchorButton />
    </Card>
  );
}

/** AnchorButton saves the audit anchor: a page pinning the trail as it is now. */
function AnchorButton() {
  const save = useMutation({ mutationFn: saveAuditAnchor });
  const a = save.data?.anchor;
  return (
    <Stack gap={4} mt="md">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed">
          An anchor is a page to print and file away: it pins the trail as it is now, so that not even a trail rewritten whole
          with recomputed hashes, or deleted, goes unseen (“privacydesk audit verify --anchor FILE”).
        </Text>
        <Button variant="default" leftSection={<IconAnchor size={16} />} onClick={() => save.mutate()} loading={save.isPending} style={{ flexShrink: 0 }}>
          Save an audit anchor…
        </Button>
      </Group>
      {save.isError && (
        <Text size="sm" c="red" role="alert">
          {save.error.message}
        </Text>
      )}
      {a && (
        <Text size="sm" data-testid="anchor-saved">
          Saved to {a.file}: <Code>{a.line}</Code>
        </Text>
      )}
    </Stack>
  );
}

function Trail() {
  const [entity, setEntity] = useState('');
  const [entityId, setEntityId] = useState('');
  const [action, setAction] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const [debounced] = useDebouncedValue({ entityId, action, search }, 300);
  const filter = { entity, ...debounced, limit: pageSize, offset: page * pageSize };
  const q = useQuery({ queryKey: auditKeys.trail(filter), queryFn: () => getAuditTrail(filter), placeholderData: keepPreviousData });
  const total = q.data?.total ?? 0;
  const reset = () => setPage(0);

  return (
    <Card>
      <Title order={2} fz={17} mb="md">
        Entries
      </Title>
      <Grid gutter="sm" mb="md">
        <Grid.Col span={3}>
          <Select label="What" data={entities} value={entity} onChange={(v) => { setEntity(v ?? ''); reset(); }} allowDeselect={false} />
        </Grid.Col>
        <Grid.Col span={3}>
          <TextInput label="Which" placeholder="e.g. PR-2026-0001" value={entityId} onChange={(e) => { setEntityId(e.currentTarget.value); reset(); }} />
        </Grid.Col>
        <Grid.Col span={3}>
          <TextInput label="Action" placeholder="e.g. transition" value={action} onChange={(e) => { setAction(e.currentTarget.value); reset(); }} />
        </Grid.Col>
        <Grid.Col span={3}>
          <TextInput label="Containing" type="search" value={search} onChange={(e) => { setSearch(e.currentTarget.value); reset(); }} />
        </Grid.Col>
      </Grid>
      {q.isError ? (
        <Alert color="red">{q.error.message}</Alert>
      ) : (
        <>
          <Table highlightOnHover verticalSpacing={6} data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>#</Table.Th>
                <Table.Th w={190}>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(q.data?.items ?? []).map((e) => (
                <Table.Tr key={e.seq}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {e.seq}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatInstant(e.at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {e.staff || '—'} <Text span size="xs" c="dimmed">({e.osUser || '—'})</Text>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {e.entity}{' '}
                      {e.entity === 'request' ? (
                        <Anchor href={hrefFor(`requests/${e.entityId}`)} ff="monospace" size="sm">
                          {e.entityId}
                        </Anchor>
                      ) : (
                        e.entityId
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.action}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" onClick={() => setOpen(e)}>
                      Details
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" mt="sm">
            <Text size="sm" c="dimmed">
              {total === 0 ? 'No entries match.' : `${page * pageSize + 1}–${Math.min((page + 1) * pageSize, total)} of ${total.toLocaleString()}, newest first`}
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="default" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
                Newer
              </Button>
              <Button size="xs" variant="default" disabled={(page + 1) * pageSize >= total} onClick={() => setPage((p) => p + 1)}>
                Older
              </Button>
            </Group>
          </Group>
        </>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open ? `Entry #${open.seq}: ${open.entity} ${open.entityId} ${open.action}` : ''} size="xl">
        {open && (
          <Stack gap="sm">
            <Text size="sm">
              {formatInstant(open.at)} · {open.staff || '—'} ({open.osUser || '—'})
            </Text>
            <Text size="sm" fw={600}>Before</Text>
            <Code block style={{ maxHeight: 220, overflow: 'auto' }}>{pretty(open.before)}</Code>
            <Text size="sm" fw={600}>After</Text>
            <Code block style={{ maxHeight: 220, overflow: 'auto' }}>{pretty(open.after)}</Code>
            <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              sha256 {open.hash}
              <br />
              previous {open.prevHash || '—'}
            </Text>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

function pretty(json: string): string {
  if (!json) return '(none)';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

// 11 CCR 7101: request records kept at least 24 months; HIPAA documentation 6 years
// (45 CFR 164.530(j)). Purging is explicit, previewed, and audited itself.
function Retention() {
  const qc = useQueryClient();
  // As of the practice's today (its time zone), which the backend counts retention from.
  const today = usePracticeToday();
  const [asOf, setAsOf] = useState(today);
  const [preview, setPreview] = useState<PurgePreview | null>(null);
  const [confirm, setConfirm] = useState(false);
  const look = useMutation({ mutationFn: () => purgePreview(asOf), onSuccess: setPreview });
  const run = useMutation({
    mutationFn: () => purge(asOf),
    onSuccess: (done) => {
      setConfirm(false);
      setPreview(null);
      void qc.invalidateQueries();
      notifications.show({ color: 'teal', title: 'Purged', message: `${done.items.length} closed request(s) removed; the purge is in the audit trail.` });
    },
  });
  return (
    <Card>
      <Group gap="xs" mb={4}>
        <IconArchive size={20} color="var(--mantine-color-desk-6)" />
        <Title order={2} fz={17}>
          Retention
        </Title>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        Closed requests are kept at least 24 months (11 CCR 7101), HIPAA ones six years (45 CFR 164.530(j)). Nothing
        is removed unless you ask for it here, after seeing what would go.
      </Text>
      <Group align="flex-end" gap="sm">
        <TextInput label="Purge what may go as of" type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} error={look.error?.field === 'asOf' ? look.error.message : undefined} />
        <Button variant="default" loading={look.isPending} onClick={() => look.mutate()}>
          Show what would go
        </Button>
      </Group>
      {look.isError && look.error.field !== 'asOf' && (
        <Alert color="red" mt="md">
          {look.error.message}
        </Alert>
      )}
      {preview && (
        <Stack mt="md" gap="sm">
          {preview.items.length === 0 ? (
            <Text size="sm">Nothing: every closed request is still within its retention period.</Text>
          ) : (
            <>
              <Table verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Reference</Table.Th>
                    <Table.Th>Requester</Table.Th>
                    <Table.Th>Law</Table.Th>
                    <Table.Th>Closed</Table.Th>
                    <Table.Th>Kept until</Table.Th>
                    <Table.Th>Files</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.items.map((c) => (
                    <Table.Tr key={c.reference}>
                      <Table.Td ff="monospace">{c.reference}</Table.Td>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td>{label(regimeShort, c.regime)}</Table.Td>
                      <Table.Td>
                        {formatDate(c.closedOn)} ({label(statusLabels, c.status).toLowerCase()})
                      </Table.Td>
                      <Table.Td title={c.citation}>{formatDate(c.keepUntil)}</Table.Td>
                      <Table.Td>{c.attachments}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Group>
                <Button color="red" variant="outline" onClick={() => setConfirm(true)}>
                  Purge these {preview.items.length} requests…
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
      <Modal opened={confirm} onClose={() => setConfirm(false)} title="Purge for good?" centered>
        <Stack>
          <Text size="sm">
            The {preview?.items.length} closed requests listed, their timelines and files are removed from this
            database. Backups made earlier still hold them. The purge itself is recorded in the audit trail.
          </Text>
          {run.isError && <Alert color="red">{run.error.message}</Alert>}
          <DialogActions>
            <Button variant="default" onClick={() => setConfirm(false)}>
              Cancel
            </Button>
            <Button color="red" loading={run.isPending} onClick={() => run.mutate()}>
              Purge
            </Button>
          </DialogActions>
        </Stack>
      </Modal>
    </Card>
  );
}
