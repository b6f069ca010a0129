import { useState, useSyncExternalStore } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  Group,
  List,
  Menu,
  Modal,
  ScrollArea,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconChevronDown, IconFilePlus, IconMail } from '@tabler/icons-react';
import { z } from 'zod';
import { formatInstant } from '@/lib/dates';
import { call, orEmpty } from '@/lib/ipc';
import {
  kindsQuery,
  requestLettersQuery,
  sentence,
  templatesQuery,
  type KindOption,
  type Letter,
} from '../api/letters';
import { DialogActions } from '@/components/DialogActions';
import { LetterActions } from './LetterActions';
import { useLetterMaker } from './PreflightDialog';
import { SentRecord } from './SentRecord';
import { useCan } from '@/lib/session-context';

// The request's vendor tasks, as far as a direction letter needs them (VendorService.Tasks).
const tasksSchema = z.object({
  tasks: orEmpty(z.array(z.object({ id: z.number(), vendorName: z.string(), status: z.string(), letterId: z.number() })), []),
});

/** useDataStamp is when the cached answer under key last changed, read without becoming
 * one of its observers (so the query's owner keeps control of how it is fetched). */
function useDataStamp(key: readonly unknown[]): number {
  const qc = useQueryClient();
  return useSyncExternalStore(
    (cb) => qc.getQueryCache().subscribe(cb),
    () => qc.getQueryState(key)?.dataUpdatedAt ?? 0,
  );
}

/** RequestLetters is the request screen's letters panel: "Make a letter" lists the kinds
 * that fit the request now (two clicks make one), and the letters kept for it, each with
 * View, Save copy and Open. */
export function RequestLetters({ reference }: { reference: string }) {
  const canMake = useCan('letters');
  // Which letters fit changes as the request is worked (a denial recorded, an extension
  // taken): follow the request screen's copy of the request, which it updates in place.
  const requestStamp = useDataStamp(['requests', 'detail', reference]);
  const kinds = useQuery({ ...kindsQuery(reference, requestStamp), placeholderData: keepPreviousData });
  const letters = useQuery(requestLettersQuery(reference));
  const templates = useQuery(templatesQuery());
  const tasks = useQuery({
    queryKey: ['vendors', 'tasks', reference, 'for-letters'],
    queryFn: () => call('VendorService', 'Tasks', [reference], tasksSchema),
  });
  const maker = useLetterMaker(reference);
  const issue = maker.issue;
  const [details, setDetails] = useState(false);
  const [whyNot, setWhyNot] = useState(false);

  const fitting = (kinds.data ?? []).filter((k) => k.fits);
  const other = (kinds.data ?? []).filter((k) => !k.fits);
  const copies = (kind: string) => (templates.data ?? []).filter((t) => t.kind === kind && !t.builtin);
  const vendorTasks = (tasks.data?.tasks ?? []).filter((t) => t.status !== 'waived');

  return (
    <Card component="section" aria-label="Letters" padding="lg" data-testid="request-letters">
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Title order={2} fz={17}>
            Letters
          </Title>
          <Text size="sm" c="dimmed">
            Every letter made is kept unchanged as evidence, with its SHA-256.
          </Text>
        </div>
        {/* A request passed on to many vendors has a direction letter per vendor: the list
            scrolls inside a capped height so the menu fits below its button at 1280×800
            instead of flipping up past the window's top. */}
        <Menu position="bottom-end" width={360} shadow="md" withinPortal>
          <Menu.Target>
            <Button
              leftSection={<IconFilePlus size={16} />}
              rightSection={<IconChevronDown size={14} />}
              loading={maker.isPending}
              disabled={kinds.isPending || !canMake}
              style={{ flexShrink: 0 }}
            >
              Make a letter
            </Button>
          </Menu.Target>
          <Menu.Dropdown aria-label="Letters that fit this request">
            {kinds.isError && <Menu.Label c="red">{kinds.error.message}</Menu.Label>}
            {fitting.length === 0 && !kinds.isError && <Menu.Label>No letter fits this request now.</Menu.Label>}
            <ScrollArea.Autosize mah="min(12rem, 26vh)" type="auto" offsetScrollbars data-testid="letter-menu-list">
              {fitting
                .filter((k) => !k.toVendor)
                .flatMap((k) => [
                  <Menu.Item key={k.kind} onClick={() => maker.make({ kind: k.kind })}>
                    <Text size="sm" fw={500}>
                      {k.title}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {sentence(k.description)}
                    </Text>
                  </Menu.Item>,
                  ...copies(k.kind).map((t) => (
                    <Menu.Item key={`${k.kind}/${t.name}`} onClick={() => maker.make({ kind: k.kind, templateName: t.name })} pl="xl">
                      <Text size="sm">
                        {k.title}: {t.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        The practice’s template, version {t.version}
                      </Text>
                    </Menu.Item>
                  )),
                ])}
              {fitting.some((k) => k.toVendor) && vendorTasks.length > 0 && (
                <>
                  <Menu.Divider />
                  <Menu.Label>Direction to a vendor</Menu.Label>
                  {vendorTasks.map((t) => (
                    <Menu.Item key={`task-${t.id}`} onClick={() => maker.make({ kind: 'vendor-direction', vendorTaskId: t.id })}>
                      <Text size="sm">Direction to {t.vendorName}</Text>
                    </Menu.Item>
                  ))}
                </>
              )}
            </ScrollArea.Autosize>
            <Menu.Divider />
            <Menu.Item onClick={() => setDetails(true)} disabled={fitting.length === 0}>
              <Text size="sm">With details…</Text>
              <Text size="xs" c="dimmed">
                What was done, documents enclosed, disclosures listed
              </Text>
            </Menu.Item>
            {other.length > 0 && (
              <Menu.Item onClick={() => setWhyNot(true)}>
                <Text size="sm" c="dimmed">
                  Why not the {other.length} other kinds?
                </Text>
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {issue.isError && (
        <Alert color="red" title="No letter made" mb="sm" withCloseButton onClose={() => issue.reset()}>
          {issue.error.message}
        </Alert>
      )}
      {letters.isPending && <Skeleton h={60} />}
      {letters.isError && (
        <Alert color="red" title="The letters could not be read">
          {letters.error.message}
        </Alert>
      )}
      {letters.data && letters.data.length === 0 && (
        <Text size="sm" c="dimmed">
          No letter has been made for this request yet.
        </Text>
      )}
      {letters.data && letters.data.length > 0 && <LetterList letters={[...letters.data].reverse()} />}
      {details && kinds.data && (
        <DetailsModal kinds={fitting} copies={copies} vendorTasks={vendorTasks} reference={reference} onClose={() => setDetails(false)} />
      )}
      {maker.dialog}
      <Modal opened={whyNot} onClose={() => setWhyNot(false)} title="Letters that do not fit this request now" size="lg">
        <List spacing="xs" size="sm">
          {other.map((k) => (
            <List.Item key={k.kind}>
              <Text span fw={600} size="sm">
                {k.title}:
              </Text>{' '}
              {k.reason.replace(/^A [a-z-]+ letter does not fit request [A-Z0-9-]+: /, '')}
            </List.Item>
          ))}
        </List>
      </Modal>
    </Card>
  );
}

/** LetterList lists letters kept for one request, newest first: a stacked list, as the
 * panel may sit in a narrow column. */
function LetterList({ letters }: { letters: Letter[] }) {
  return (
    <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Letters of this request">
      {letters.map((l) => (
        <Box
          component="li"
          key={l.id}
          py="sm"
          style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          data-testid="letter-row"
          data-kind={l.kind}
        >
          <Group justify="space-between" wrap="wrap" gap="xs" align="center">
            <Group gap={8} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
              <IconMail size={18} aria-hidden style={{ marginTop: 2, flexShrink: 0 }} />
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {l.title}
                </Text>
                <Text size="xs" c="dimmed">
                  To <bdi>{l.recipient}</bdi> · {l.pages} {l.pages === 1 ? 'page' : 'pages'} · {l.templateName} v{l.templateVersion} · #{l.id}
                </Text>
                <Text size="xs" c="dimmed" title={`SHA-256 ${l.sha256}`}>
                  Made {formatInstant(l.createdAt)} by {l.createdBy}
                </Text>
                <SentRecord letter={l} />
              </div>
            </Group>
            <LetterActions letter={l} compact />
          </Group>
        </Box>
      ))}
    </Stack>
  );
}

function DetailsModal({
  kinds,
  copies,
  vendorTasks,
  reference,
  onClose,
}: {
  kinds: KindOption[];
  copies: (kind: string) => { name: string; version: number }[];
  vendorTasks: { id: number; vendorName: string }[];
  reference: string;
  onClose: () => void;
}) {
  const maker = useLetterMaker(reference);
  const [kind, setKind] = useState<string>(kinds.find((k) => !k.toVendor)?.kind ?? kinds[0]?.kind ?? '');
  const [template, setTemplate] = useState('');
  const [task, setTask] = useState<string | null>(vendorTasks[0] ? String(vendorTasks[0].id) : null);
  const [response, setResponse] = useState('');
  const [enclosures, setEnclosures] = useState('');
  const [disclosures, setDisclosures] = useState('');
  const [error, setError] = useState<string | null>(null);
  const k = kinds.find((x) => x.kind === kind);
  const parseDisclosures = () =>
    disclosures
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [date = '', recipient = '', description = '', purpose = ''] = l.split(';').map((s) => s.trim());
        return { date, recipient, description, purpose };
      });
  const submit = () => {
    setError(null);
    maker.make(
      {
        kind,
        templateName: template,
        vendorTaskId: k?.toVendor && task ? Number(task) : 0,
        response,
        enclosures: enclosures.split('\n'),
        disclosures: k?.usesDisclosures ? parseDisclosures() : [],
      },
      { onSuccess: onClose, onError: (err: Error) => setError(err.message) },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Make a letter for ${reference}`} size="lg" centered>
      <Stack>
        <Select
          label="Letter"
          data={kinds.map((x) => ({ value: x.kind, label: x.title }))}
          value={kind}
          onChange={(v) => {
            setKind(v ?? '');
            setTemplate('');
          }}
          allowDeselect={false}
        />
        {k && (
          <Text size="xs" c="dimmed" mt={-8}>
            {sentence(k.description)}
          </Text>
        )}
        <Select
          label="Template"
          data={[{ value: '', label: 'Standard (built-in)' }, ...copies(kind).map((t) => ({ value: t.name, label: `${t.name} (version ${t.version})` }))]}
          value={template}
          onChange={(v) => setTemplate(v ?? '')}
          allowDeselect={false}
        />
        {k?.toVendor && (
          <Select
            label="Vendor task"
            data={vendorTasks.map((t) => ({ value: String(t.id), label: t.vendorName }))}
            value={task}
            onChange={setTask}
            placeholder={vendorTasks.length ? 'Choose the vendor' : 'This request has no vendor task'}
          />
        )}
        {k?.usesResponse && (
          <Textarea
            label="What was done"
            description="Printed where the letter reports the outcome: the correction made, what was kept and why."
            autosize
            minRows={2}
            value={response}
            onChange={(e) => setResponse(e.currentTarget.value)}
          />
        )}
        {k?.usesEnclosures && (
          <Textarea
            label="Documents enclosed"
            description="One per line."
            autosize
            minRows={2}
            value={enclosures}
            onChange={(e) => setEnclosures(e.currentTarget.value)}
          />
        )}
        {k?.usesDisclosures && (
          <Textarea
            label="Disclosures"
            description="One per line: date (YYYY-MM-DD); recipient; information disclosed; purpose."
            autosize
            minRows={3}
            value={disclosures}
            onChange={(e) => setDisclosures(e.currentTarget.value)}
          />
        )}
        {error && (
          <Alert color="red" title="No letter made">
            {error}
          </Alert>
        )}
        <DialogActions>
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={maker.isPending} disabled={!kind}>
            Make the letter
          </Button>
        </DialogActions>
      </Stack>
      {maker.dialog}
    </Modal>
  );
}

/** VendorDirectionLetter is the vendor task's button that makes the direction letter to
 * that vendor (kept with the request and linked to the task). */
export function VendorDirectionLetter({ reference, taskId, vendorName }: { reference: string; taskId: number; vendorName: string }) {
  const maker = useLetterMaker(reference);
  return (
    <>
      <Button
        size="compact-xs"
        variant="default"
        leftSection={<IconMail size={12} />}
        loading={maker.isPending}
        onClick={() => maker.make({ kind: 'vendor-direction', vendorTaskId: taskId })}
        aria-label={`Make the direction letter to ${vendorName}`}
      >
        Letter
      </Button>
      {maker.dialog}
    </>
  );
}
