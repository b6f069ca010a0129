import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Modal, Skeleton, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { DialogActions } from '@/components/DialogActions';
import { PageHeader } from '@/components/PageHeader';
import { formatDate } from '@/lib/dates';
import { hrefFor } from '@/lib/router';
import { backendHas } from '@/lib/ipc';
import { applicabilityQuery, verdictLabels, type RegimeVerdict } from '@/lib/applicability';
import {
  recomputeRule,
  rulesAffectedQuery,
  rulesQuery,
  stateClocksQuery,
  type Checked,
  type Rule,
  type RuleChange,
  type StateClock,
} from '../api/rules';

function day(iso: string | null) {
  return iso ? formatDate(iso) : 'no deadline';
}

function ChangeCard({ change, label }: { change: RuleChange; label: string }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const ready = change.affected.filter((a) => !a.problem);
  const mutation = useMutation({
    mutationFn: recomputeRule,
    onSuccess: async (res) => {
      setConfirming(false);
      await qc.invalidateQueries();
      notifications.show({
        color: 'teal',
        title: 'Deadlines recomputed',
        message:
          `${res.recomputed.length} request${res.recomputed.length === 1 ? '' : 's'} now use version ${res.version} of the rule.` +
          (res.skipped.length ? ` ${res.skipped.length} left for you to review.` : ''),
      });
    },
  });
  return (
    <Card style={{ borderColor: 'var(--mantine-color-orange-5)' }} data-testid={`rule-change-${change.regime}-${change.right}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Stack gap={2}>
          <Title order={3} fz={16}>
            {label}: rule version {change.storedVersions.join(', ')} → {change.currentVersion}
          </Title>
          <Text size="sm" c="dimmed">
            {change.total} open request{change.total === 1 ? ' was' : 's were'} computed with an earlier version of this
            rule. Their deadlines have not moved; recompute them when you have checked the change. {change.citation}
          </Text>
        </Stack>
        <Button leftSection={<IconRefresh size={16} />} onClick={() => setConfirming(true)} disabled={ready.length === 0} style={{ flex: 'none' }}>
          Recompute with the new rule
        </Button>
      </Group>
      <Table verticalSpacing={6} striped aria-label={`Requests affected by the ${label} change`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Requester</Table.Th>
            <Table.Th>Due now</Table.Th>
            <Table.Th>With the new rule</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {change.affected.map((a) => (
            <Table.Tr key={a.reference}>
              <Table.Td>
                <Anchor href={hrefFor(`requests/${a.reference}`)} ff="monospace" size="sm">
                  {a.reference}
                </Anchor>
              </Table.Td>
              <Table.Td>{a.requester}</Table.Td>
              <Table.Td>{day(a.dueOn)}</Table.Td>
              <Table.Td>
                {a.problem ? (
                  <Text size="sm" c="orange.8">
                    Review by hand: {a.problem}
                  </Text>
                ) : (
                  <Text size="sm" title={a.newBasis}>
                    {day(a.newDueOn)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {change.total > change.affected.length && (
        <Text size="xs" c="dimmed" mt="xs">
          The first {change.affected.length} of {change.total} are shown; recomputing applies to all of them.
        </Text>
      )}
      <Modal
        opened={confirming}
        onClose={() => {
          setConfirming(false);
          mutation.reset();
        }}
        title="Recompute with the new rule?"
        centered
      >
        <Stack>
          <Text size="sm">
            The deadlines of {change.total - (change.affected.length - ready.length)} open request(s) move to the dates
            computed with version {change.currentVersion} of the {label} rule. Each change goes on the request's timeline
            and into the audit trail. Requests marked “review by hand” are left as they are.
          </Text>
          {mutation.isError && (
            <Alert color="red" title="Nothing was recomputed" role="alert">
              {mutation.error.message}
            </Alert>
          )}
          <DialogActions>
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button loading={mutation.isPending} onClick={() => mutation.mutate({ regime: change.regime, right: change.right, refs: [] })}>
              Recompute
            </Button>
          </DialogActions>
        </Stack>
      </Modal>
    </Card>
  );
}

function RuleTable({ rules }: { rules: Rule[] }) {
  return (
    <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={`Deadline rules of ${rules[0]?.regimeLabel ?? ''}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="34%">Right</Table.Th>
          <Table.Th>Acknowledge</Table.Th>
          <Table.Th>Respond</Table.Th>
          <Table.Th>Extension</Table.Th>
          <Table.Th w="22%">Citation and effect</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rules.map((r) => (
          <Table.Tr key={`${r.regime}-${r.right}-${r.effectiveFrom}`} data-testid="rule-row" style={{ verticalAlign: 'top' }}>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <Text fw={600} size="sm">
                  {r.rightLabel}
                </Text>
                <Badge size="xs" variant="default" title="Rule version" tt="none">
                  v{r.version}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed" mt={4}>
                {r.note}
              </Text>
              {r.pauseText && (
                <Text size="xs" c="blue.7" mt={4}>
                  {r.pauseText}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.acknowledgeText || '—'}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={500}>
                {r.respondText}
              </Text>
              <Text size="xs" c="dimmed">
                {r.calendarLabel}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.extensionText ? `+${r.extensionText}, once` : 'none'}</Text>
              {r.extensionNotice && (
                <Text size="xs" c="dimmed">
                  {r.extensionNotice}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.citation}</Text>
              <Text size="xs" mt={4} data-testid="rule-effective">
                In force for requests received {r.effectiveText}
              </Text>
              <Text size="xs" c="dimmed" title={r.checked.read} data-testid="rule-checked">
                {r.checkedText}
              </Text>
              <CheckedSource checked={r.checked} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Flags a row that does not rest on the text of the law: check those first. */
function CheckedSource({ checked }: { checked: Checked }) {
  if (checked.source !== 'guidance' && checked.source !== 'summary') return null;
  return (
    <Badge size="xs" mt={4} variant="light" color={checked.source === 'summary' ? 'orange' : 'yellow'} tt="none" data-testid="rule-source">
      {checked.source === 'summary' ? 'Text not read: summaries only' : "Regulator's guidance, not the text"}
    </Badge>
  );
}

function periodText(c: StateClock) {
  const { n, unit } = c.period;
  if (unit === 'business-days') return `${n} business days`;
  if (unit === 'calendar-days') return `${n} days`;
  return 'no fixed period';
}

/** The states' own patient-access clocks, shown with HIPAA: the earlier date governs. */
function StateClockTable() {
  const clocks = useQuery(stateClocksQuery());
  if (!clocks.data?.length) return null;
  return (
    <Stack gap="xs" mt="lg">
      <Title order={3} fz={16}>
        Stricter state clocks for patient access
      </Title>
      <Text size="sm" c="dimmed">
        A state law that gives patients more prevails over HIPAA (45 CFR 160.203(b)): where the practice&apos;s state sets
        an earlier date for access, that date governs.
      </Text>
      <Table verticalSpacing="sm" aria-label="State patient-access clocks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>State</Table.Th>
            <Table.Th>For</Table.Th>
            <Table.Th>Within</Table.Th>
            <Table.Th w="30%">Citation</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {clocks.data.map((c) => (
            <Table.Tr key={`${c.state}-${c.what}`} data-testid="state-clock" style={{ verticalAlign: 'top' }}>
              <Table.Td>{c.stateName}</Table.Td>
              <Table.Td>
                <Text size="sm">{c.what}</Text>
                <Text size="xs" c="dimmed">
                  {c.note}
                </Text>
              </Table.Td>
              <Table.Td>{periodText(c)}</Table.Td>
              <Table.Td>
                <Text size="sm">{c.citation}</Text>
                <Text size="xs" c="dimmed" title={c.checked.read} data-testid="state-clock-checked">
                  Checked {formatDate(c.checked.on)} {c.checked.how}
                </Text>
                <CheckedSource checked={c.checked} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

const verdictColors: Record<RegimeVerdict['verdict'], string> = {
  applies: 'teal',
  'applies-except-phi': 'yellow',
  'does-not-apply': 'gray',
  check: 'orange',
  'cannot-tell': 'blue',
};

/** Which laws reach the practice, by the profile recorded in Settings. */
function ApplicabilityCard() {
  const verdicts = useQuery({ ...applicabilityQuery(), enabled: backendHas('SettingsService') });
  if (verdicts.isError) {
    return (
      <Alert color="red" title="Which laws apply could not be worked out">
        {verdicts.error.message}
      </Alert>
    );
  }
  if (!verdicts.data?.length) return null;
  return (
    <Card padding="md">
      <Title order={2} fz={17}>
        Which laws apply to the practice
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        From the practice profile in Settings: where it leaves something unrecorded that decides a law, the verdict is
        “cannot tell”. These verdicts explain, with the sections they rest on; the practice decides.
      </Text>
      <Table verticalSpacing="sm" aria-label="Which laws apply">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Law</Table.Th>
            <Table.Th>Verdict</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th w="25%">Citation</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {verdicts.data.map((v) => (
            <Table.Tr key={v.regime} data-testid={`verdict-${v.regime}`} style={{ verticalAlign: 'top' }}>
              <Table.Td>{v.label}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={verdictColors[v.verdict]} radius="sm" tt="none">
                  {verdictLabels[v.verdict]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{v.reasons.join('; ')}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{v.citations.join('; ')}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Every deadline rule with its citation and note, and any rule change awaiting a decision. */
export function RulesPage() {
  const rules = useQuery(rulesQuery());
  const affected = useQuery(rulesAffectedQuery());
  const regimes = useMemo(() => {
    const out: { id: string; label: string; rules: Rule[] }[] = [];
    for (const r of rules.data ?? []) {
      let g = out.find((x) => x.id === r.regime);
      if (!g) out.push((g = { id: r.regime, label: r.regimeLabel, rules: [] }));
      g.rules.push(r);
    }
    return out;
  }, [rules.data]);
  const labelOf = (c: RuleChange) => {
    const r = rules.data?.find((x) => x.regime === c.regime && x.right === c.right);
    return r ? `${r.regimeLabel} ${r.rightLabel.toLowerCase()}` : `${c.regime} ${c.right}`;
  };

  return (
    <>
      <PageHeader
        title="Deadline rules"
        description="Every clock Privacy Desk counts, with the law it comes from and when and against what it was last checked: the text of the law, the regulator's guidance, or secondary summaries only (hover a date to see what was read). Each request keeps the version of the rule its dates were computed with, so a changed rule never moves an existing deadline by itself. Privacy Desk gives deadlines, not legal advice."
      />
      <Stack gap="lg">
        {affected.isError && (
          <Alert color="red" title="Could not check the open requests against the rules">
            {affected.error.message}
          </Alert>
        )}
        {affected.data &&
          (affected.data.length === 0 ? (
            <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="rules-current">
              Every open request was computed with the current version of its rule.
            </Alert>
          ) : (
            <Stack gap="md">
              <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Rules changed since some open requests were logged">
                The affected requests keep their deadlines until you recompute them.
              </Alert>
              {affected.data.map((c) => (
                <ChangeCard key={`${c.regime}-${c.right}`} change={c} label={labelOf(c)} />
              ))}
            </Stack>
          ))}
        <ApplicabilityCard />
        {rules.isPending ? (
          <Skeleton h={400} />
        ) : rules.isError ? (
          <Alert color="red" title="The rules could not be read">
            {rules.error.message}
          </Alert>
        ) : (
          <Card padding="md">
            <Tabs defaultValue={regimes[0]?.id} variant="pills" keepMounted={false}>
              <Tabs.List mb="md" aria-label="Regimes">
                {regimes.map((g) => (
                  <Tabs.Tab key={g.id} value={g.id}>
                    {g.label}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {regimes.map((g) => (
                <Tabs.Panel key={g.id} value={g.id}>
                  <RuleTable rules={g.rules} />
                  {g.id === 'hipaa' && <StateClockTable />}
                </Tabs.Panel>
              ))}
            </Tabs>
          </Card>
        )}
      </Stack>
    </>
  );
}
