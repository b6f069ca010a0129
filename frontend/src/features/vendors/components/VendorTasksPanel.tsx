import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconPaperclip, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { DialogActions } from '@/components/DialogActions';
import { PageHeader } from '@/components/PageHeader';
import { DirectAllVendors } from '@/features/letters/components/DirectAllVendors';
import { VendorDirectionLetter } from '@/features/letters/components/RequestLetters';
import { useEmailDropTarget } from '@/components/EmailDropZone';
import { chooseEmailFile, isEmailFile } from '@/lib/email-intake';
import { backendHas } from '@/lib/ipc';
import { formatDate } from '@/lib/dates';
import { showOnField } from '@/lib/form-errors';
import { rightLabels } from '@/lib/labels';
import { navigate } from '@/lib/router';
import {
  addVendorTask,
  attachTaskConfirmation,
  attachTaskReply,
  labelOf,
  openFile,
  proposeVendorTasks,
  removeVendorTask,
  updateVendorTask,
  vendorKeys,
  vendorOptionsQuery,
  vendorTasksQuery,
  type TaskReply,
  type VendorOptions,
  type VendorTask,
  type VendorTaskRound,
  type VendorTaskUpdate,
} from '../api/vendors';

const statusBadge: Record<VendorTask['status'], { color: string; label: string }> = {
  'to-notify': { color: 'orange', label: 'To notify' },
  notified: { color: 'yellow', label: 'Awaiting confirmation' },
  confirmed: { color: 'teal', label: 'Confirmed' },
  waived: { color: 'gray', label: 'Waived' },
};

/** VendorTasksPage shows a request's vendor tasks on their own screen
 * (#/vendors/tasks/<reference>), for links from the vendor register. */
export function VendorTasksPage({ reference }: { reference: string }) {
  return (
    <>
      <PageHeader
        title={`Vendor tasks: ${reference}`}
        description="The request passed on to every vendor that holds the data, with the proof."
        actions={
          <>
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate('vendors')}>
              Back to the register
            </Button>
            <Button variant="default" onClick={() => navigate(`requests/${reference}`)}>
              Open the request
            </Button>
          </>
        }
      />
      <VendorTasksPanel reference={reference} />
    </>
  );
}

/** VendorTasksPanel is the vendor-task panel a request screen embeds: which vendors the
 * request must reach, when and how each was told, its confirmation or why it was waived.
 * The request cannot be completed while a task is open. */
export function VendorTasksPanel({ reference }: { reference: string }) {
  const qc = useQueryClient();
  const panel = useQuery(vendorTasksQuery(reference));
  const options = useQuery(vendorOptionsQuery());
  const [adding, setAdding] = useState<string | null>(null);
  const [editing, setEditing] = useState<VendorTask | null>(null);
  const changed = () => {
    qc.invalidateQueries({ queryKey: vendorKeys.tasks(reference) });
    qc.invalidateQueries({ queryKey: ['requests'] });
    qc.invalidateQueries({ queryKey: ['dashboard'] });
    qc.invalidateQueries({ queryKey: ['vendors', 'detail'] });
  };
  const fail = (title: string) => (err: Error) => notifications.show({ color: 'red', title, message: err.message });
  const propose = useMutation({ mutationFn: () => proposeVendorTasks(reference), onSuccess: changed, onError: fail('Not proposed') });
  const add = useMutation({
    mutationFn: (vendorId: number) => addVendorTask(reference, vendorId),
    onSuccess: () => {
      setAdding(null);
      changed();
    },
    onError: fail('Vendor not added'),
  });
  const remove = useMutation({ mutationFn: (id: number) => removeVendorTask(id), onSuccess: changed, onError: fail('Task not removed') });

  if (panel.isPending) return <Skeleton h={160} />;
  if (panel.isError)
    return (
      <Alert color="red" title="The vendor tasks could not be read">
        {panel.error.message}
      </Alert>
    );
  const p = panel.data;
  const waiting = p.tasks.filter((t) => t.status === 'to-notify').length;
  const closed = ['completed', 'partially-completed', 'denied', 'withdrawn', 'unable-to-verify'].includes(p.status);
  return (
    <Card component="section" aria-label="Vendor tasks" padding="lg" data-testid="vendor-tasks">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={2} fz={17}>
            Vendor tasks
          </Title>
          <Text size="sm" c="dimmed">
            {p.rights.length === 0
              ? 'This request asks for nothing that is passed on to vendors.'
              : `Direct each vendor holding the data to act on: ${p.rights.map((r) => rightLabels[r] ?? r).join(', ')}.`}
          </Text>
        </div>
        {p.open > 0 && (
          <Badge color="orange" size="lg" data-testid="open-vendor-tasks">
            {p.open} open
          </Badge>
        )}
      </Group>
      {p.rights.length > 0 && !p.proposed && (
        <Alert color="orange" mb="sm" title="Vendor tasks not proposed yet">
          <Text size="sm" mb="xs">
            They are proposed when work starts. The request cannot be closed before its vendors are told.
          </Text>
          {!closed && (
            <Button size="xs" leftSection={<IconSend size={14} />} loading={propose.isPending} onClick={() => propose.mutate()}>
              Propose vendor tasks
            </Button>
          )}
        </Alert>
      )}
      {p.proposed && p.missing.length > 0 && (
        <Alert color="orange" mb="sm" title="Vendors without a task" data-testid="missing-vendors">
          <Text size="sm" mb="xs">
            {p.missing.map((v) => v.name).join(', ')} {p.missing.length === 1 ? 'holds' : 'hold'} the data this request affects but{' '}
            {p.missing.length === 1 ? 'has' : 'have'} no task (registered, or given this data, after the tasks were proposed). The request
            cannot be completed until each is told or its task waived.
          </Text>
          {!closed && (
            <Button size="xs" leftSection={<IconSend size={14} />} loading={propose.isPending} onClick={() => propose.mutate()}>
              Propose vendor tasks
            </Button>
          )}
        </Alert>
      )}
      {p.open > 0 && (
        <Text size="sm" c="orange" mb="sm">
          The request cannot be completed until each task is confirmed or waived.
        </Text>
      )}
      {p.tasks.length > 0 && <ConfirmationMatrix tasks={p.tasks} />}
      {backendHas('LetterService') && !closed && waiting > 0 && (
        <Group mb="sm">
          <DirectAllVendors reference={reference} waiting={waiting} onDone={changed} />
        </Group>
      )}
      {p.tasks.length > 0 && (
        // A stacked list rather than a table: the panel sits in a request screen's narrow
        // side column as well as on a page of its own.
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Vendors to reach">
          {p.tasks.map((t) => (
            <Box
              component="li"
              key={t.id}
              py="sm"
              style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
              data-testid="vendor-task"
              data-vendor={t.vendorName}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Anchor href={`#/vendors/${t.vendorId}`} fw={600} size="sm">
                    {t.vendorName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t.categories.map((k) => options.data?.dataCategories.find((c) => c.key === k)?.label ?? k).join('; ')}
                  </Text>
                </div>
                <Badge variant="light" color={statusBadge[t.status].color} style={{ flexShrink: 0 }}>
                  {statusBadge[t.status].label}
                </Badge>
              </Group>
              {t.earlier.length > 0 && (
                <Stack gap={0} mt={4} data-testid="earlier-rounds">
                  {t.earlier.map((e, i) => (
                    <EarlierRound key={i} round={e} methods={options.data?.notifyMethods} />
                  ))}
                  <Text size="xs" fw={600}>
                    Now — {t.rights.map((r) => rightLabels[r] ?? r).join(', ')}
                  </Text>
                </Stack>
              )}
              <Text size="sm" mt={4}>
                Told: {t.notifiedOn ? `${formatDate(t.notifiedOn)} by ${labelOf(options.data?.notifyMethods, t.notifiedVia).toLowerCase()}` : '—'}
                {t.letterId > 0 && ` · direction letter #${t.letterId}`}
              </Text>
              {t.status === 'waived' ? (
                <Text size="sm">Waived: {t.waivedReason}</Text>
              ) : (
                t.confirmedOn && (
                  <Text size="sm">
                    Confirmed: {formatDate(t.confirmedOn)}
                    {t.confirmationNote && ` · ${t.confirmationNote}`}
                  </Text>
                )
              )}
              {t.confirmation && (
                <Anchor component="button" type="button" size="xs" onClick={() => openFile(t.confirmation!.attachmentId).catch(fail('Not opened'))}>
                  {t.confirmation.name}
                </Anchor>
              )}
              <Group gap={4} mt={6}>
                <Button size="compact-xs" variant="default" onClick={() => setEditing(t)} aria-label={`Record for ${t.vendorName}`}>
                  Record
                </Button>
                {backendHas('LetterService') && t.status !== 'waived' && !closed && (
                  <VendorDirectionLetter reference={reference} taskId={t.id} vendorName={t.vendorName} />
                )}
                {t.status === 'to-notify' && t.earlier.length === 0 && !closed && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={12} />}
                    aria-label={`Remove ${t.vendorName}`}
                    onClick={() => remove.mutate(t.id)}
                  >
                    Remove
                  </Button>
                )}
                {t.status === 'to-notify' && t.earlier.length > 0 && !closed && (
                  // Told in an earlier round, the task is proof of that: it is waived (Record), not removed.
                  <Text size="xs" c="dimmed" data-testid="no-remove">
                    Told before: waive it instead of removing it
                  </Text>
                )}
              </Group>
            </Box>
          ))}
        </Stack>
      )}
      {p.rights.length > 0 && !closed && p.addable.length > 0 && (
        <Group gap="xs" mt="sm" align="flex-end" wrap="nowrap">
          <Select
            label="Add a vendor"
            placeholder="Choose a vendor"
            data={p.addable.map((v) => ({ value: String(v.id), label: v.name }))}
            value={adding}
            onChange={setAdding}
            searchable
            style={{ flex: 1, maxWidth: 280 }}
          />
          <Button leftSection={<IconPlus size={14} />} variant="default" disabled={!adding} loading={add.isPending} onClick={() => adding && add.mutate(Number(adding))}>
            Add
          </Button>
        </Group>
      )}
      {editing && options.data && (
        <TaskModal
          task={editing}
          options={options.data}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            changed();
          }}
          onAttached={(t) => {
            setEditing(t);
            changed();
          }}
        />
      )}
    </Card>
  );
}

interface TaskForm {
  notifiedOn: string;
  notifiedVia: string;
  notifiedNote: string;
  confirmedOn: string;
  confirmationNote: string;
  waivedReason: string;
}

const taskFields = ['notifiedOn', 'notifiedVia', 'notifiedNote', 'confirmedOn', 'confirmationNote', 'waivedOn', 'waivedReason'];

function TaskModal({
  task,
  options,
  onClose,
  onSaved,
  onAttached,
}: {
  task: VendorTask;
  options: VendorOptions;
  onClose: () => void;
  onSaved: () => void;
  onAttached: (t: VendorTask) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TaskForm>({
    mode: 'controlled',
    initialValues: {
      notifiedOn: task.notifiedOn ?? '',
      notifiedVia: task.notifiedVia,
      notifiedNote: task.notifiedNote,
      confirmedOn: task.confirmedOn ?? '',
      confirmationNote: task.confirmationNote,
      waivedReason: task.waivedReason,
    },
  });
  const save = useMutation({
    mutationFn: (f: TaskForm) => {
      const u: VendorTaskUpdate = {
        notifiedOn: f.notifiedOn || null,
        notifiedVia: f.notifiedVia ?? '',
        notifiedNote: f.notifiedNote,
        confirmedOn: f.confirmedOn || null,
        confirmationNote: f.confirmationNote,
        waivedOn: f.waivedReason.trim() ? (task.waivedOn ?? null) : null,
        waivedReason: f.waivedReason,
      };
      return updateVendorTask(task.id, u);
    },
    onSuccess: () => onSaved(),
    onError: (err) => {
      if (!showOnField(form, err, taskFields)) setError(err.message);
      else setError(null);
    },
  });
  const attach = useMutation({
    mutationFn: () => attachTaskConfirmation(task.id),
    onSuccess: (t) => onAttached(t),
    onError: (err) => setError(err.message),
  });
  // A reply email is attached and proposed: its date and a note fill the confirmation,
  // which the person checks and saves.
  const [reply, setReply] = useState<TaskReply | null>(null);
  const replied = useMutation({
    mutationFn: (path: string) => attachTaskReply(task.id, path),
    onSuccess: (r) => {
      setReply(r);
      form.setFieldValue('confirmedOn', r.confirmedOn);
      if (!form.getValues().confirmationNote.trim()) form.setFieldValue('confirmationNote', r.note);
      onAttached(r.task);
    },
    onError: (err) => setError(err.message),
  });
  const replyFrom = (paths: string[]) => {
    const eml = paths.find((p) => isEmailFile(p));
    if (eml) replied.mutate(eml);
    else setError('That is not an email file: drop the vendor’s reply as an .eml file.');
  };
  const dropId = useEmailDropTarget(replyFrom);
  const chooseReply = async () => {
    const path = await chooseEmailFile().catch((e: Error) => {
      setError(e.message);
      return '';
    });
    if (path) replied.mutate(path);
  };
  return (
    <Modal opened onClose={onClose} title={`${task.vendorName} — ${task.requestRef}`} size="lg" centered>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <Text size="sm" fw={600}>
            When and how the vendor was told
          </Text>
          <SimpleGrid cols={2}>
            <TextInput type="date" label="Told on" {...form.getInputProps('notifiedOn')} />
            <Select label="How" data={options.notifyMethods} clearable {...form.getInputProps('notifiedVia')} />
          </SimpleGrid>
          <TextInput label="To whom, ticket number" {...form.getInputProps('notifiedNote')} />
          <Text size="sm" fw={600} mt="xs">
            The vendor’s confirmation
          </Text>
          <SimpleGrid cols={2}>
            <TextInput type="date" label="Confirmed on" {...form.getInputProps('confirmedOn')} />
            <Stack gap={4} justify="flex-end">
              <Button
                variant="default"
                leftSection={<IconPaperclip size={14} />}
                loading={attach.isPending}
                onClick={() => attach.mutate()}
              >
                {task.confirmation ? 'Replace the confirmation' : 'Attach the confirmation'}
              </Button>
              {task.confirmation && (
                <Text size="xs" c="dimmed">
                  {task.confirmation.name}
                </Text>
              )}
            </Stack>
          </SimpleGrid>
          <Paper
            withBorder
            p="xs"
            radius="md"
            data-email-drop={dropId}
            data-testid="task-reply-drop"
            style={{ borderStyle: 'dashed', ['--wails-drop-target' as string]: 'drop' }}
          >
            <Text size="xs">
              Drop the vendor’s reply email (.eml) here, or{' '}
              <Anchor component="button" type="button" size="xs" onClick={() => void chooseReply()}>
                choose it
              </Anchor>
              : it is attached and proposed as the confirmation.
            </Text>
            {replied.isPending && <Loader size="xs" />}
            {reply && (
              <Text size="xs" c="teal" data-testid="task-reply-proposal">
                Proposed from {reply.from || 'the reply'}: confirmed on {formatDate(reply.confirmedOn)}. Check it and save.
              </Text>
            )}
          </Paper>
          <Textarea label="How it was confirmed" autosize minRows={1} {...form.getInputProps('confirmationNote')} />
          <Text size="sm" fw={600} mt="xs">
            Or waive the task
          </Text>
          <Textarea
            label="Reason for waiving"
            description="For example: the vendor holds none of this person's data."
            autosize
            minRows={1}
            {...form.getInputProps('waivedReason')}
          />
          {error && (
            <Alert color="red" title="Not saved">
              {error}
            </Alert>
          )}
          <DialogActions>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}

/** EarlierRound is one earlier round of a task, as it was kept: what the vendor was told
 * about, when, and its confirmation or waiver (or that the next round carries it on). */
function EarlierRound({ round: e, methods }: { round: VendorTaskRound; methods?: { value: string; label: string }[] }) {
  const told = e.notifiedOn ? `told ${formatDate(e.notifiedOn)} by ${labelOf(methods, e.notifiedVia).toLowerCase()}` : 'not told';
  const outcome = e.waivedReason
    ? `waived: ${e.waivedReason}`
    : e.confirmedOn
      ? `confirmed ${formatDate(e.confirmedOn)}${e.confirmationNote ? ` · ${e.confirmationNote}` : ''}`
      : 'not confirmed (carried over to Now)';
  return (
    <Text size="xs" c="dimmed">
      Earlier — {e.rights.map((r) => rightLabels[r] ?? r).join(', ')}: {told}
      {e.letterId > 0 && ` · direction letter #${e.letterId}`} · {outcome}
      {e.confirmation && ` · ${e.confirmation.name}`}
    </Text>
  );
}

/** ConfirmationMatrix is the request's vendors at a glance: for each, when it was told
 * and when it confirmed (or that it is pending, or waived). */
export function ConfirmationMatrix({ tasks }: { tasks: VendorTask[] }) {
  return (
    // In the request screen's side column: dates stay on one line, the vendor's name wraps.
    <Table data-testid="confirmation-matrix" withTableBorder fz="xs" mb="sm" horizontalSpacing={6} aria-label="Vendor confirmations">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Vendor</Table.Th>
          <Table.Th>Told</Table.Th>
          <Table.Th>Confirmed</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((t) => (
          <Table.Tr key={t.id} data-vendor={t.vendorName}>
            <Table.Td>{t.vendorName}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{t.notifiedOn ? formatDate(t.notifiedOn) : 'not yet'}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }} c={t.status === 'confirmed' ? 'teal' : t.status === 'waived' ? 'dimmed' : 'orange'}>
              {t.status === 'waived' ? 'waived' : t.confirmedOn ? formatDate(t.confirmedOn) : 'pending'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
