import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Grid, Group, List, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { formatDate, formatInstant } from '@/lib/dates';
import { backendHas } from '@/lib/ipc';
import {
  channelLabels,
  closedStatuses,
  consentLabels,
  label,
  regimeLabels,
  statusColors,
  statusLabels,
  submittedByLabels,
} from '@/lib/labels';
import { navigate } from '@/lib/router';
import { appInfoQuery } from '@/lib/app';
import { vendorKeys } from '@/features/vendors/api/vendors';
import { VendorTasksPanel } from '@/features/vendors/components/VendorTasksPanel';
import { RequestLetters } from '@/features/letters/components/RequestLetters';
import { DisclosuresPanel } from '@/features/disclosures/components/DisclosuresPanel';
import { requestDetailQuery, requestKeys, requestOptionsQuery } from '../api/requests';
import type { ActionInfo, RequestDetail } from '../api/schemas';
import { ActionDialog } from './ActionDialog';
import { AttachmentsPanel, DeletionPanel, VerificationPanel } from './EvidencePanels';
import { RequestTimeline } from './RequestTimeline';
import { RightsPanel } from './RightsPanel';
import { ReadOnly } from '@/components/ReadOnly';
import { useCan } from '@/lib/session-context';

function Field({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600}>
        {name}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children || '—'}
      </Text>
    </Stack>
  );
}

const closing = new Set(['complete', 'partially-complete', 'deny', 'unable-to-verify', 'withdraw']);

export function RequestDetailPage({ reference }: { reference: string }) {
  const qc = useQueryClient();
  const q = useQuery(requestDetailQuery(reference));
  const info = useQuery(appInfoQuery());
  const opts = useQuery(requestOptionsQuery());
  const [action, setAction] = useState<ActionInfo | null>(null);
  const canWork = useCan('requests');

  if (q.isPending) return <Skeleton h={400} />;
  if (q.isError) {
    return (
      <Stack>
        <Anchor href="#/requests" size="sm">
          ← Requests
        </Anchor>
        <Alert color={q.error.code === 'not_found' ? 'yellow' : 'red'} title={`Request ${reference}`}>
          {q.error.message}
        </Alert>
      </Stack>
    );
  }

  const detail = q.data;
  const r = detail.request;
  const today = detail.today ?? '';
  const open = !closedStatuses.has(r.status);
  const onDone = (d: RequestDetail) => {
    qc.setQueryData(requestKeys.detail(reference), d);
    void qc.invalidateQueries({ queryKey: ['requests', 'list'] });
    void qc.invalidateQueries({ queryKey: requestKeys.audit(reference) });
    void qc.invalidateQueries({ queryKey: ['dashboard'] });
    // Starting work proposes the vendor tasks and closing a request settles them on the
    // server, so the vendor tasks panel (and the letter menu's copy) must be read again.
    void qc.invalidateQueries({ queryKey: vendorKeys.tasks(reference) });
  };
  const allowed = detail.actions.filter((a) => a.allowed);
  // Blocked actions with their reasons, the same reason said once; pausing and resuming
  // matter only when they are possible, so their refusals are left out.
  const blocked = new Map<string, string[]>();
  for (const a of detail.actions) {
    if (a.allowed || a.action === 'pause' || a.action === 'resume') continue;
    blocked.set(a.reason, [...(blocked.get(a.reason) ?? []), a.label]);
  }
  const hasDeletion = r.rights.some((x) => x.right === 'deletion');

  return (
    <>
      <Group justify="space-between" align="flex-start" mb="lg" wrap="nowrap">
        <Stack gap={4}>
          <Anchor href="#/requests" size="sm" c="dimmed">
            <Group gap={4}>
              <IconArrowLeft size={14} /> Requests
            </Group>
          </Anchor>
          <Group gap="sm">
            <Title order={1} fz={24}>
              <Text span ff="monospace" fz={22} fw={700}>
                {r.reference}
              </Text>{' '}
              {r.requester.name}
            </Title>
            <Badge size="lg" variant="light" color={statusColors[r.status] ?? 'gray'} tt="none" data-testid="status">
              {label(statusLabels, r.status)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {label(regimeLabels, r.regime)} · received {formatDate(r.receivedDate)} by {label(channelLabels, r.channel).toLowerCase()}
            {r.assignee ? ` · assigned to ${r.assignee}` : ' · unassigned'}
            {/* The link between an appeal and the denied request is the first thing looked
                for on either: it goes in this line, not only at the foot of Details. */}
            {r.appealOf && (
              <>
                {' · appeal of '}
                <Anchor href={`#/requests/${r.appealOf}`} size="sm" data-testid="header-appeal-of">
                  {r.appealOf}
                </Anchor>
              </>
            )}
            {detail.appeals.length > 0 && (
              <>
                {' · appealed by '}
                {detail.appeals.map((a, i) => (
                  <span key={a.reference}>
                    {i > 0 && ', '}
                    <Anchor href={`#/requests/${a.reference}`} size="sm" data-testid="header-appealed-by">
                      {a.reference}
                    </Anchor>
                  </span>
                ))}
              </>
            )}
          </Text>
        </Stack>
        {canWork && (
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => navigate(`requests/${r.reference}/edit`)}>
            Edit
          </Button>
        )}
      </Group>

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <Card data-testid="actions">
              <Title order={2} fz={17} mb="sm">
                {open ? 'What can be done now' : 'Closed'}
              </Title>
              {open && !canWork ? (
                <Text size="sm" c="dimmed">
                  Your role reads requests; it does not change them.
                </Text>
              ) : open ? (
                <Stack gap="sm">
                  <Group gap="sm">
                    {allowed.length === 0 && <Text size="sm" c="dimmed">No action is possible until the points below are settled.</Text>}
                    {allowed.map((a) => (
                      <Button
                        key={a.action}
                        variant={closing.has(a.action) ? (a.action === 'complete' ? 'filled' : 'outline') : 'light'}
                        color={['deny', 'unable-to-verify', 'withdraw'].includes(a.action) ? 'red' : undefined}
                        onClick={() => setAction(a)}
                      >
                        {a.label}
                      </Button>
                    ))}
                  </Group>
                  {blocked.size > 0 && (
                    <List size="sm" spacing={4} c="dimmed">
                      {[...blocked].map(([reason, labels]) => (
                        <List.Item key={reason}>
                          <Text span size="sm" fw={600}>
                            {labels.join(', ')}:
                          </Text>{' '}
                          {reason}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Stack>
              ) : (
                <Text size="sm">
                  {label(statusLabels, r.status)} on {formatInstant(r.closedAt)}. Kept at least {detail.retention.months} months (
                  {detail.retention.citation}).
                </Text>
              )}
            </Card>
            {backendHas('LetterService') && <RequestLetters reference={r.reference} />}
            <ReadOnly editable={canWork}>
              <RightsPanel request={r} today={today} notices={detail.extensionNotices} onChanged={onDone} />
            </ReadOnly>
            <ReadOnly editable={canWork}>
              <RequestTimeline detail={detail} onDone={onDone} />
            </ReadOnly>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <Card>
              <Title order={2} fz={17} mb="sm">
                Requester
              </Title>
              <Stack gap="xs">
                <Field name="Name">{r.requester.name}</Field>
                {r.requester.nameOnLetters && <Field name="Name on letters">{r.requester.nameOnLetters}</Field>}
                <Field name="Email">{r.requester.email}</Field>
                <Field name="Phone">{r.requester.phone}</Field>
                <Field name="Postal address">{r.requester.address}</Field>
                {r.regime === 'gdpr' && (
                  <Field name="Country (public holidays)">
                    {r.requester.country ? (opts.data?.countries.find((c) => c.value === r.requester.country)?.label ?? r.requester.country) : 'None chosen: weekends only'}
                  </Field>
                )}
                <Group grow>
                  <Field name="Date of birth">{formatDate(r.requester.dateOfBirth || null)}</Field>
                  <Field name="Client number">{r.requester.clientNumber}</Field>
                </Group>
                {r.minor && <Field name="Minor">Under 18 · guardian consent: {label(consentLabels, r.guardianConsent).toLowerCase()}</Field>}
                <Field name="Submitted by">
                  {label(submittedByLabels, r.submittedBy)}
                  {r.submittedBy !== 'self' &&
                    `: ${r.agent.name}${r.agent.relationship ? ` (${r.agent.relationship})` : ''}${r.agent.email ? `, ${r.agent.email}` : ''}${r.agent.phone ? `, ${r.agent.phone}` : ''}. Proof of authority ${r.proofOfAuthority ? 'received' : 'not received'}.`}
                </Field>
              </Stack>
            </Card>
            <ReadOnly editable={canWork}>
              <VerificationPanel detail={detail} staff={info.data?.staff ?? ''} open={open} onDone={onDone} />
              {hasDeletion && <DeletionPanel detail={detail} open={open} onDone={onDone} />}
            </ReadOnly>
            <AttachmentsPanel detail={detail} onDone={onDone} />
            {backendHas('VendorService') && <VendorTasksPanel reference={r.reference} />}
            {r.regime === 'hipaa' && r.rights.some((x) => x.right === 'accounting') && backendHas('DisclosureService') && (
              <DisclosuresPanel reference={r.reference} received={r.receivedDate ?? ''} open={open} />
            )}
            <Card>
              <Title order={2} fz={17} mb="sm">
                Details
              </Title>
              <Stack gap="xs">
                <Field name="Received">{formatInstant(r.receivedAt)}</Field>
                <Field name="What they asked for (internal)">{r.description}</Field>
                <Field name="The requester's words (quoted in letters)">{r.requesterWords}</Field>
                {r.noLetterReason && <Field name="Completed without a sent letter because">{r.noLetterReason}</Field>}
                {r.appealOf && (
                  <Field name="Appeal of">
                    <Anchor href={`#/requests/${r.appealOf}`} data-testid="appeal-of">
                      {r.appealOf}
                    </Anchor>{' '}
                    (the denied request)
                  </Field>
                )}
                {detail.appeals.length > 0 && (
                  <Field name={detail.appeals.length === 1 ? 'Appeal of this decision' : 'Appeals of this decision'}>
                    <Stack gap={2} data-testid="appeals">
                      {detail.appeals.map((a) => (
                        <Group gap={6} key={a.reference}>
                          <Text size="sm">
                            <Anchor href={`#/requests/${a.reference}`}>{a.reference}</Anchor>, received {formatDate(a.receivedDate)}
                          </Text>
                          <Badge size="sm" variant="light" color={statusColors[a.status] ?? 'gray'} tt="none">
                            {label(statusLabels, a.status)}
                          </Badge>
                        </Group>
                      ))}
                    </Stack>
                  </Field>
                )}
                <Field name="Tags">{r.tags.join(', ')}</Field>
                <Field name="Notes">{r.notes}</Field>
                {r.extension && (
                  <Field name="Extension">
                    To {formatDate(r.extension.newDate)}, taken {formatDate(r.extension.extendedOn)}: {r.extension.reason}
                  </Field>
                )}
                {r.pauses.length > 0 && (
                  <Field name="Clock paused">
                    {r.pauses.map((p) => `${formatDate(p.startedOn)} – ${p.endedOn ? formatDate(p.endedOn) : 'now'}`).join('; ')}
                  </Field>
                )}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      <ActionDialog request={r} action={action} today={today} onClose={() => setAction(null)} onDone={onDone} />
    </>
  );
}
