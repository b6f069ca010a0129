import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { IconDeviceFloppy, IconExternalLink, IconId, IconPaperclip, IconTrashX } from '@tabler/icons-react';
import { formatDate, formatInstant } from '@/lib/dates';
import { channelLabels, degreeLabels, label, methodLabels, options } from '@/lib/labels';
import {
  chooseAndAttach,
  openAttachment,
  recordDeletionConfirmation,
  recordVerification,
  saveAttachmentAs,
  type DeletionConfirmationInput,
  type VerificationInput,
} from '../api/requests';
import type { RequestDetail } from '../api/schemas';
import { RequestChangeForm } from './RequestChangeForm';

type Done = (d: RequestDetail) => void;

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Identity verification: the latest record, earlier ones, and the form to add one. */
export function VerificationPanel({ detail, staff, open, onDone }: { detail: RequestDetail; staff: string; open: boolean; onDone: Done }) {
  const [adding, setAdding] = useState(false);
  const r = detail.request;
  const v = r.verification;
  return (
    <Card>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <IconId size={20} color="var(--mantine-color-desk-6)" />
          <Title order={2} fz={17}>
            Identity
          </Title>
        </Group>
        {open && (
          <Button size="xs" variant={v ? 'default' : 'filled'} onClick={() => setAdding(true)}>
            Record verification
          </Button>
        )}
      </Group>
      {v ? (
        <Stack gap={4} data-testid="verification">
          <Group gap="xs">
            <Badge color="teal" variant="light" tt="none">
              Verified: {label(degreeLabels, v.degree).toLowerCase()} degree
            </Badge>
          </Group>
          <Text size="sm">
            {label(methodLabels, v.method)} · by {v.verifiedBy} on {formatDate(v.verifiedOn)}
          </Text>
          {v.notes && (
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {v.notes}
            </Text>
          )}
          {r.submittedBy !== 'self' && (
            <Text size="xs" c="dimmed">
              Signed permission: {v.permissionAttachmentId ? detail.attachments.find((a) => a.id === v.permissionAttachmentId)?.originalName ?? 'attached' : 'none'}
              {' · '}Requester confirmed directly: {v.requesterConfirmed ? 'yes' : 'no'}
            </Text>
          )}
          {detail.verifications.length > 1 && (
            <Text size="xs" c="dimmed">
              {detail.verifications.length - 1} earlier verification record{detail.verifications.length > 2 ? 's' : ''} in the timeline.
            </Text>
          )}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Not verified yet.
          {/* A CCPA rule (11 CCR 7026, 7027); other laws have no such exception. */}
          {r.regime === 'ccpa' && ' Opt-out and limit requests need no verification (11 CCR 7026, 7027).'}
        </Text>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title="Record identity verification" centered size="lg">
        {adding && <VerificationForm detail={detail} staff={staff} onClose={() => setAdding(false)} onDone={onDone} />}
      </Modal>
    </Card>
  );
}

function VerificationForm({ detail, staff, onClose, onDone }: { detail: RequestDetail; staff: string; onClose: () => void; onDone: Done }) {
  const r = detail.request;
  const form = useForm<VerificationInput>({
    initialValues: {
      method: '',
      verifiedBy: staff,
      verifiedOn: detail.today ?? '',
      degree: 'reasonable',
      notes: '',
      permissionAttachmentId: 0,
      requesterConfirmed: r.requesterConfirmed,
    },
    validate: (v) => {
      const e: Record<string, string> = {};
      if (!v.method) e.method = 'Choose how the identity was verified.';
      if (!v.verifiedBy.trim()) e.verifiedBy = 'This field is required.';
      if (v.verifiedOn && detail.today && v.verifiedOn > detail.today) e.verifiedOn = `${v.verifiedOn} is in the future.`;
      if (r.submittedBy === 'agent' && !v.permissionAttachmentId) {
        e.permissionAttachmentId = "Attach the requester's signed permission for the agent and choose it here (11 CCR 7063(a)).";
      }
      return e;
    },
  });
  return (
    <RequestChangeForm
      form={form}
      change={(v: VerificationInput) => recordVerification(r.reference, v)}
      submitLabel="Record verification"
      onClose={onClose}
      onDone={onDone}
    >
      <Select label="Method" required data={options(methodLabels)} {...form.getInputProps('method')} />
      <Group grow>
        <TextInput label="Verified by" required {...form.getInputProps('verifiedBy')} />
        <TextInput label="Verified on" type="date" max={detail.today ?? undefined} {...form.getInputProps('verifiedOn')} />
      </Group>
      <Select
        label="Degree of certainty reached"
        description="Reasonable: two data points matched. Reasonably high: three plus a signed declaration (11 CCR 7062)."
        data={options(degreeLabels)}
        allowDeselect={false}
        {...form.getInputProps('degree')}
      />
      {r.submittedBy !== 'self' && (
        <>
          <Select
            label="Signed permission or proof of authority"
            description={detail.attachments.length ? 'A file attached to this request' : 'Attach the file to the request first.'}
            data={detail.attachments.map((a) => ({ value: String(a.id), label: `${a.originalName}${a.kind ? ` (${a.kind})` : ''}` }))}
            value={form.values.permissionAttachmentId ? String(form.values.permissionAttachmentId) : null}
            onChange={(v) => form.setFieldValue('permissionAttachmentId', v ? Number(v) : 0)}
            error={form.errors.permissionAttachmentId}
            clearable
          />
          <Checkbox label="The requester confirmed the request directly" {...form.getInputProps('requesterConfirmed', { type: 'checkbox' })} />
        </>
      )}
      <Textarea label="Notes" description="What was checked, without copying ID numbers" autosize minRows={2} {...form.getInputProps('notes')} />
    </RequestChangeForm>
  );
}

/** The requester's separate confirmation of a deletion (the privacy policy promises it). */
export function DeletionPanel({ detail, open, onDone }: { detail: RequestDetail; open: boolean; onDone: Done }) {
  const [adding, setAdding] = useState(false);
  const r = detail.request;
  const c = r.deletionConfirmation;
  // As DeletionWaitsForConfirmation (backend/workflow.go): not under the GDPR or UK GDPR.
  const gdpr = r.regime === 'gdpr' || r.regime === 'uk-gdpr';
  // On a closed request (denied, withdrawn…) waiting for a confirmation no longer applies.
  if (!open && !c) return null;
  return (
    <Card>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <IconTrashX size={20} color="var(--mantine-color-desk-6)" />
          <Title order={2} fz={17}>
            Deletion confirmation
          </Title>
        </Group>
        {open && !c && (
          <Button size="xs" onClick={() => setAdding(true)}>
            Record confirmation
          </Button>
        )}
      </Group>
      {c ? (
        <Text size="sm" data-testid="deletion-confirmation">
          Confirmed on {formatDate(c.confirmedOn)} by {label(channelLabels, c.channel).toLowerCase()}; recorded by {c.recordedBy || 'staff'}.
          {c.note ? ` ${c.note}` : ''}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {gdpr
            ? 'Under the GDPR erasure is not held back for a second confirmation (Art. 12(2), 12(6)); record one if the requester gave it.'
            : 'The deletion cannot be completed until the requester confirms, separately, that they want their data deleted.'}
        </Text>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title="Record the deletion confirmation" centered>
        {adding && <DeletionForm detail={detail} onClose={() => setAdding(false)} onDone={onDone} />}
      </Modal>
    </Card>
  );
}

function DeletionForm({ detail, onClose, onDone }: { detail: RequestDetail; onClose: () => void; onDone: Done }) {
  const r = detail.request;
  const form = useForm<DeletionConfirmationInput>({
    initialValues: { confirmedOn: detail.today ?? '', channel: r.channel, note: '' },
  });
  return (
    <RequestChangeForm
      form={form}
      change={(v: DeletionConfirmationInput) => recordDeletionConfirmation(r.reference, v)}
      submitLabel="Record confirmation"
      onClose={onClose}
      onDone={onDone}
    >
      <Group grow>
        <TextInput label="Confirmed on" type="date" max={detail.today ?? undefined} {...form.getInputProps('confirmedOn')} />
        <Select label="How" data={options(channelLabels)} allowDeselect={false} {...form.getInputProps('channel')} />
      </Group>
      <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
    </RequestChangeForm>
  );
}

const attachmentKinds = ['Request email', 'ID copy', 'Signed permission', 'Proof of authority', 'Response document', 'Other'];

/** Files kept with the request, under their content hash in the data folder. */
export function AttachmentsPanel({ detail, onDone }: { detail: RequestDetail; onDone: Done }) {
  const [kind, setKind] = useState<string | null>('Request email');
  const attach = useMutation({
    mutationFn: () => chooseAndAttach(detail.request.reference, kind ?? ''),
    onSuccess: (res) => {
      onDone(res.detail);
      if (res.attached) notifications.show({ color: 'teal', message: 'File attached.' });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not attached', message: err.message }),
  });
  const failed = (err: Error) => notifications.show({ color: 'red', title: 'The file could not be opened', message: err.message });
  return (
    <Card>
      <Group gap="xs" mb="sm">
        <IconPaperclip size={20} color="var(--mantine-color-desk-6)" />
        <Title order={2} fz={17}>
          Files
        </Title>
      </Group>
      <Stack gap={6}>
        {detail.attachments.length === 0 && (
          <Text size="sm" c="dimmed">
            No files yet: the request email, an ID copy, a signed form, the response.
          </Text>
        )}
        {detail.attachments.map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" truncate title={a.originalName}>
                {a.originalName}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {a.kind ? `${a.kind} · ` : ''}
                {formatSize(a.size)} · {a.addedBy || a.osUser}, {formatInstant(a.addedAt)}
              </Text>
            </Stack>
            <Group gap={2} wrap="nowrap">
              <Tooltip label="Open">
                <ActionIcon variant="subtle" aria-label={`Open ${a.originalName}`} onClick={() => openAttachment(a.id).catch(failed)}>
                  <IconExternalLink size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Save a copy…">
                <ActionIcon variant="subtle" aria-label={`Save a copy of ${a.originalName}`} onClick={() => saveAttachmentAs(a.id).catch(failed)}>
                  <IconDeviceFloppy size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
        ))}
        <Group gap="xs" mt="xs" wrap="nowrap" align="flex-end" grow>
          <Select label="What the file is" data={attachmentKinds} value={kind} onChange={setKind} size="xs" allowDeselect={false} />
          <Button size="xs" variant="default" leftSection={<IconPaperclip size={14} />} loading={attach.isPending} onClick={() => attach.mutate()}>
            Attach…
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
