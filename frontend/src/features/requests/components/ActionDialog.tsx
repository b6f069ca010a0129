import { useState } from 'react';
import { Alert, Button, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { formatDate } from '@/lib/dates';
import { showOnField } from '@/lib/form-errors';
import { denialLabels, denialReasonsFor, label, options, pauseLabels, rightLabels, statusLabels } from '@/lib/labels';
import { DialogActions } from '@/components/DialogActions';
import { transition, type TransitionInput } from '../api/requests';
import type { ActionInfo, Request, RequestDetail } from '../api/schemas';
import { dueDate, extendableUntil } from './RightsPanel';

const actionHelp: Record<string, string> = {
  acknowledge: 'Record that receipt was confirmed to the requester.',
  'request-identity': 'The request waits while the requester proves who they are.',
  verify: 'The identity verification recorded on this request is accepted.',
  'unable-to-verify': 'Closes the request: every pending right is denied because the identity could not be verified.',
  start: 'Work on the answer begins.',
  extend:
    'Each right’s period may be extended once, only while it still runs; the requester must be told of it, with the reason, before it ends (send the extension notice).',
  pause: 'Stops the clock where the law allows it.',
  resume: 'Restarts the clock.',
  complete: 'Closes the request with every right granted.',
  'partially-complete': 'Closes the request with some rights granted and others refused.',
  deny: 'Closes the request: every pending right is denied with the reason below.',
  withdraw: 'Closes the request at the requester’s wish.',
};

// The fields an action needs come from the backend (ActionInfo.needs), so the dialog asks
// exactly for what the transition table wants.
export function ActionDialog({
  request,
  action,
  today,
  onClose,
  onDone,
}: {
  request: Request;
  action: ActionInfo | null;
  today: string;
  onClose: () => void;
  onDone: (d: RequestDetail) => void;
}) {
  return (
    <Modal opened={action !== null} onClose={onClose} title={action?.label ?? ''} centered size="lg">
      {action && <ActionForm key={action.action} request={request} action={action} today={today} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function ActionForm({
  request,
  action,
  today,
  onClose,
  onDone,
}: {
  request: Request;
  action: ActionInfo;
  today: string;
  onClose: () => void;
  onDone: (d: RequestDetail) => void;
}) {
  const needs = new Set(action.needs);
  // The latest date the law allows an extension to run to (the extended limits of the
  // rights still extendable today: pending, not extended yet, original period running);
  // offered as the extension's new date.
  const extendable = request.rights.filter((r) => {
    const until = extendableUntil(r);
    return until !== null && until >= today && r.extendedRespondBy;
  });
  const extendBound = extendable
    .map((r) => r.extendedRespondBy as string)
    .sort()
    .at(-1);
  // The pending rights the extension leaves alone (their rule allows none, it was taken,
  // or their period ended): said in the dialog, so no one expects them moved.
  const notExtended = request.rights.filter((r) => r.outcome === 'pending' && !extendable.includes(r));
  const extendWhich =
    `Extends ${joinLabels(extendable.map((r) => label(rightLabels, r.right).toLowerCase()))}` +
    (extendable.length > 1 ? ', each no later than its own limit.' : '.') +
    (notExtended.length > 0
      ? ` Not extended: ${notExtended
          .map((r) => {
            const due = dueDate(r);
            return `${label(rightLabels, r.right)}${due ? ` (still due ${formatDate(due)})` : ''}`;
          })
          .join('; ')}.`
      : '');
  // A denial of the whole request names a reason every pending right may be denied on.
  const pending = request.rights.filter((r) => r.outcome === 'pending');
  const denialOptions = options(denialLabels).filter((o) => pending.every((r) => denialReasonsFor(request.regime, r.right).includes(o.value)));
  // Completing needs a response letter recorded as sent, or the reason there is none.
  const needsNoLetterReason = (action.action === 'complete' || action.action === 'partially-complete') && !request.responseSent;
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Required<TransitionInput>>({
    initialValues: {
      action: action.action,
      note: '',
      denialReason: '',
      exemption: '',
      denialText: '',
      reason: '',
      pauseKind: '',
      newDate: action.action === 'extend' ? (extendBound ?? '') : '',
      on: '',
      noLetterReason: '',
    },
    validate: (v) => {
      const e: Record<string, string> = {};
      if (needsNoLetterReason && !v.noLetterReason.trim())
        e.noLetterReason = 'No response letter is recorded as sent: mark the letter as sent (Letters panel), or say why the request is completed without one.';
      if (needs.has('denialReason') && !v.denialReason) e.denialReason = 'Choose the reason for the denial.';
      if (needs.has('denialReason') && v.denialReason === 'exemption' && !v.exemption.trim()) e.exemption = 'Name the exemption that applies.';
      if (needs.has('denialText') && !v.denialText.trim()) e.denialText = 'Explain the denial; the requester is told the reasons.';
      if (action.action === 'extend' && !v.reason.trim()) e.reason = 'Give the reason for the extension; the requester is told it.';
      if (needs.has('newDate') && !v.newDate) e.newDate = 'Enter the new due date.';
      if (needs.has('pauseKind') && !v.pauseKind) e.pauseKind = 'Choose why the clock stops.';
      return e;
    },
  });
  const fields = Object.keys(form.values);
  const mutation = useMutation({
    mutationFn: (v: TransitionInput) => transition(request.reference, v),
    onSuccess: (r) => {
      onDone(r);
      onClose();
    },
    onError: (err) => {
      if (!showOnField(form, err, fields)) setError(err.message);
    },
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        setError(null);
        mutation.mutate(v);
      })}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {actionHelp[action.action]}
          {action.target ? ` The request becomes “${label(statusLabels, action.target)}”.` : ''}
        </Text>
        {error && (
          <Alert color="red" role="alert" title="Not done">
            {error}
          </Alert>
        )}
        {needsNoLetterReason && (
          <Textarea
            label="Why is it completed without a sent response letter?"
            description="No response letter of this request is recorded as sent. Mark the letter as sent in the Letters panel, or record why (for example, answered in person)."
            required
            autosize
            minRows={2}
            {...form.getInputProps('noLetterReason')}
          />
        )}
        {needs.has('denialReason') && (
          <Select label="Reason for the denial" required data={denialOptions} {...form.getInputProps('denialReason')} />
        )}
        {needs.has('exemption') && form.values.denialReason === 'exemption' && (
          <TextInput label="The exemption that applies" required {...form.getInputProps('exemption')} />
        )}
        {needs.has('denialText') && (
          <Textarea label="Explanation for the requester" required autosize minRows={3} {...form.getInputProps('denialText')} />
        )}
        {needs.has('pauseKind') && (
          <Select label="The clock stops because" required data={options(pauseLabels)} {...form.getInputProps('pauseKind')} />
        )}
        {needs.has('newDate') && (
          <TextInput
            label="New due date"
            type="date"
            required
            min={today}
            max={extendBound ?? undefined}
            description={
              extendBound ? (
                <>
                  The law allows up to {formatDate(extendBound)}; an earlier date may be chosen.{' '}
                  <span data-testid="extend-which">{extendWhich}</span>
                </>
              ) : undefined
            }
            {...form.getInputProps('newDate')}
          />
        )}
        {needs.has('reason') && (
          <Textarea
            label={action.action === 'extend' ? 'Reason for the extension (told to the requester)' : 'What was asked for'}
            required={action.action === 'extend'}
            autosize
            minRows={2}
            {...form.getInputProps('reason')}
          />
        )}
        {needs.has('on') && (
          <TextInput label="On" type="date" max={today} description="Leave empty for today" {...form.getInputProps('on')} />
        )}
        {needs.has('note') && <Textarea label="Note for the timeline" autosize minRows={2} {...form.getInputProps('note')} />}
        <DialogActions>
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending} color={['deny', 'unable-to-verify', 'withdraw'].includes(action.action) ? 'red' : undefined}>
            {action.label}
          </Button>
        </DialogActions>
      </Stack>
    </form>
  );
}

/** joinLabels joins names as a sentence does: "a", "a and b", "a, b and c". */
function joinLabels(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
