import { useState } from 'react';
import { Badge, Button, Card, Group, Modal, Select, Stack, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconScale } from '@tabler/icons-react';
import { daysBetween, dueColor, dueText, formatDate } from '@/lib/dates';
import { denialLabels, denialReasonsFor, label, options, outcomeColors, outcomeLabels, rightLabels } from '@/lib/labels';
import { setOutcome, type OutcomeInput } from '../api/requests';
import type { ExtensionNotice, Request, RequestDetail, RequestRight } from '../api/schemas';
import { RequestChangeForm } from './RequestChangeForm';

/** dueDate is the date a right must be answered by: the extended date, else the earlier
 * of the statutory date and the practice's promise; never later than a stricter state
 * patient-access date, which an extension does not move (backend RequestRight.DueDate). */
export function dueDate(r: RequestRight): string | null {
  const due = r.extendedTo ?? (promiseGoverns(r) ? r.promisedBy : r.respondBy);
  if (r.stateDue && (!due || r.stateDue < due)) return r.stateDue;
  return due;
}

/** promiseGoverns: the practice's own date is shown only when it is the one that
 * governs (earlier than the law's, or the law sets none); a later promise does not apply. */
export function promiseGoverns(r: RequestRight): boolean {
  return !!r.promisedBy && (!r.respondBy || r.promisedBy < r.respondBy);
}

/** extendableUntil is, for a pending right whose rule allows an extension and whose
 * period was not extended yet, the last day of its original period (the extension and
 * its notice must come by then); null otherwise (backend guardExtendable). */
export function extendableUntil(r: RequestRight): string | null {
  return r.outcome === 'pending' && !r.extendedTo && r.extendedRespondBy && r.respondBy ? r.respondBy : null;
}

/** missingNotice is, for an extended right, the notice of its extension when no
 * extension letter was made for it in time (backend ExtensionNotices); null otherwise. */
export function missingNotice(r: RequestRight, notices: ExtensionNotice[]): ExtensionNotice | null {
  if (!r.extendedTo) return null;
  const n = notices.find((x) => x.rights.includes(r.right));
  return n && n.noticeBy && !n.letterMadeOn ? n : null;
}

export function RightsPanel({
  request,
  today,
  notices = [],
  onChanged,
}: {
  request: Request;
  today: string;
  /** the request's extension notices (RequestDetail.extensionNotices) */
  notices?: ExtensionNotice[];
  onChanged: (d: RequestDetail) => void;
}) {
  const [editing, setEditing] = useState<RequestRight | null>(null);
  const open = !['unable-to-verify', 'completed', 'partially-completed', 'denied', 'withdrawn'].includes(request.status);
  // A GDPR date without the requester's country moved past weekends only, no public holiday.
  const weekendsOnly = request.regime === 'gdpr' && !request.requester.country;
  return (
    <Card>
      <Title order={2} fz={17} mb="md">
        Rights and deadlines
      </Title>
      <Stack gap="md">
        {request.rights.map((r) => {
          const due = dueDate(r);
          const left = due ? daysBetween(today, due) : null;
          // A right extended before the day was kept per right took the request's day.
          const extendedOn = r.extendedTo ? (r.extendedOn ?? request.extension?.extendedOn ?? null) : null;
          const until = open && r.extendedRespondBy ? extendableUntil(r) : null;
          const notice = missingNotice(r, notices);
          return (
            <Card key={r.right} withBorder padding="md" radius="md" data-testid={`right-${r.right}`}>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap="xs">
                    <Text fw={600}>{label(rightLabels, r.right)}</Text>
                    <Badge variant="light" color={outcomeColors[r.outcome] ?? 'gray'} radius="sm" tt="none">
                      {label(outcomeLabels, r.outcome)}
                    </Badge>
                  </Group>
                  {r.outcome === 'pending' && open && due && request.clockStopped && r.canPause ? (
                    // The date moves a day for every day of waiting: say the clock is stopped.
                    <Stack gap={0} data-testid="clock-stopped">
                      <Text size="sm">
                        Clock stopped since <b>{formatDate(request.clockStopped.since)}</b> ({request.clockStopped.label.toLowerCase()})
                      </Text>
                      <Text size="xs" c="dimmed">
                        Due {formatDate(due)} if the clock restarts today
                      </Text>
                    </Stack>
                  ) : r.outcome === 'pending' && open && due ? (
                    <Group gap="xs">
                      <Text size="sm">
                        Due <b>{formatDate(due)}</b>
                      </Text>
                      {left !== null && (
                        <Badge size="sm" variant="light" color={dueColor(left)}>
                          {dueText(left)}
                        </Badge>
                      )}
                      {weekendsOnly && (
                        <Text size="xs" c="dimmed" data-testid="weekends-only">
                          Counted with weekends only: no country chosen
                        </Text>
                      )}
                    </Group>
                  ) : r.outcome !== 'pending' ? (
                    <Text size="sm" c="dimmed">
                      {label(outcomeLabels, r.outcome)}
                      {r.outcomeBy ? ` by ${r.outcomeBy}` : ''}
                      {r.denialReason ? ` · ${label(denialLabels, r.denialReason)}` : ''}
                      {r.exemption ? ` (${r.exemption})` : ''}
                    </Text>
                  ) : !due ? (
                    <Text size="sm" c="dimmed">
                      The law sets no deadline for this right.
                    </Text>
                  ) : null}
                  {r.stateClock && (
                    <Stack gap={0} data-testid="state-clock">
                      <Text size="xs">
                        {r.stateClock.stateName} law:{' '}
                        {r.stateClock.clocks
                          .map((c) => (c.due ? `${c.what} by ${formatDate(c.due)}` : `${c.what}: no fixed time`))
                          .join(' · ')}
                        {r.stateClock.hipaaDue ? ` — HIPAA: by ${formatDate(r.stateClock.hipaaDue)}` : ''}
                      </Text>
                      {r.stateClock.governs && (
                        <Text size="xs" fw={600}>
                          The earlier date governs: {formatDate(r.stateClock.governs)} ({r.stateClock.citation})
                        </Text>
                      )}
                    </Stack>
                  )}
                  {r.denialText && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {r.denialText}
                    </Text>
                  )}
                </Stack>
                {open && (
                  <Button size="xs" variant="default" onClick={() => setEditing(r)} style={{ flexShrink: 0 }}>
                    Record outcome
                  </Button>
                )}
              </Group>
              {notice && <NoticeWarning notice={notice} right={r} today={today} open={open} />}
              <Stack gap={2} mt="sm" pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                {/* A wrapped date line sits as close as the lines below it, not a blank line apart. */}
                <Group gap="lg" style={{ rowGap: 2 }}>
                  {r.acknowledgeBy && <Text size="xs">Acknowledge by {formatDate(r.acknowledgeBy)}</Text>}
                  {r.respondBy && <Text size="xs">Law: respond by {formatDate(r.respondBy)}</Text>}
                  {r.stateDue && (
                    <Text size="xs" fw={600} data-testid="state-due">
                      State law, which governs: by {formatDate(r.stateDue)} ({r.stateCitation})
                    </Text>
                  )}
                  {promiseGoverns(r) && <Text size="xs">Your policy: by {formatDate(r.promisedBy!)}</Text>}
                  {r.extendedTo && (
                    <Text size="xs">
                      Extended to {formatDate(r.extendedTo)}
                      {extendedOn && `, on ${formatDate(extendedOn)}`}
                    </Text>
                  )}
                  {until && (
                    <Text size="xs" c="dimmed" data-testid="extendable">
                      {until >= today
                        ? `Extendable to ${formatDate(r.extendedRespondBy)} if the requester is told by ${formatDate(until)}`
                        : `Not extendable: its original period ended on ${formatDate(until)}`}
                    </Text>
                  )}
                </Group>
                {r.basis && (
                  <Text size="xs" c="dimmed">
                    How computed: {r.basis}
                  </Text>
                )}
                {r.citation && (
                  <Tooltip label={`Rule version ${r.ruleVersion}`} withArrow>
                    <Group gap={4} w="fit-content">
                      <IconScale size={13} color="var(--mantine-color-dimmed)" />
                      <Text size="xs" c="dimmed">
                        {r.citation}
                      </Text>
                    </Group>
                  </Tooltip>
                )}
              </Stack>
            </Card>
          );
        })}
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? `Outcome: ${label(rightLabels, editing.right)}` : ''} centered>
        {editing && (
          <OutcomeForm key={editing.right} request={request} right={editing} onClose={() => setEditing(null)} onDone={onChanged} />
        )}
      </Modal>
    </Card>
  );
}

/** NoticeWarning: an extension without its letter holds only if the requester is told,
 * with the reason, by the end of the original period; after it the original date governed.
 * A flag only: the due date shown still counts the extension. */
function NoticeWarning({ notice, right, today, open }: { notice: ExtensionNotice; right: RequestRight; today: string; open: boolean }) {
  const by = notice.noticeBy!;
  const late = today > by;
  const color = late ? 'red' : 'orange';
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" mt="xs" data-testid="extension-notice" data-late={late}>
      <IconAlertTriangle size={16} color={`var(--mantine-color-${color}-7)`} style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
      <Stack gap={0}>
        <Text size="sm" fw={600} c={`${color}.8`}>
          {late ? `The extension letter was not sent in time (due by ${formatDate(by)})` : `Send the extension letter by ${formatDate(by)}`}
        </Text>
        <Text size="xs" c="dimmed">
          {late
            ? `The extension may not hold: the original date, ${formatDate(right.respondBy ?? by)}, governed.${open ? ' Answer as soon as possible.' : ''}`
            : 'No extension letter has been made. The requester must be told, with the reason, within the original period, or the extension may not hold.'}
        </Text>
      </Stack>
    </Group>
  );
}

function OutcomeForm({ request, right, onClose, onDone }: { request: Request; right: RequestRight; onClose: () => void; onDone: (d: RequestDetail) => void }) {
  const form = useForm<OutcomeInput>({
    initialValues: {
      right: right.right,
      outcome: right.outcome === 'pending' ? 'granted' : right.outcome,
      denialReason: right.denialReason,
      exemption: right.exemption,
      denialText: right.denialText,
    },
    validate: (v) => {
      const e: Record<string, string> = {};
      if (v.outcome === 'denied' || v.outcome === 'partially-granted') {
        if (!v.denialReason) e.denialReason = 'Choose the reason for the denial.';
        if (v.denialReason === 'exemption' && !v.exemption.trim()) e.exemption = 'Name the exemption that applies.';
        if (!v.denialText.trim()) e.denialText = 'Explain the denial; the requester is told the reasons.';
      }
      return e;
    },
  });
  const refused = form.values.outcome === 'denied' || form.values.outcome === 'partially-granted';
  // 11 CCR 7026, 7027: opt-out and limit requests need no verification, so no such denial.
  const allowed = denialReasonsFor(request.regime, right.right);
  const reasons = options(denialLabels).filter(
    (o) => allowed.includes(o.value) && !(o.value === 'identity-unverified' && (right.right === 'opt-out' || right.right === 'limit-sensitive')),
  );
  return (
    <RequestChangeForm
      form={form}
      change={(v: OutcomeInput) => setOutcome(request.reference, v)}
      submitLabel="Save outcome"
      onClose={onClose}
      onDone={onDone}
    >
      <Select label="Outcome" data={options(outcomeLabels)} allowDeselect={false} {...form.getInputProps('outcome')} />
      {refused && (
        <>
          <Select label="Reason" required data={reasons} {...form.getInputProps('denialReason')} />
          {form.values.denialReason === 'exemption' && (
            <TextInput label="The exemption that applies" required {...form.getInputProps('exemption')} />
          )}
          <Textarea label="Explanation for the requester" required autosize minRows={3} {...form.getInputProps('denialText')} />
        </>
      )}
    </RequestChangeForm>
  );
}
