import type { ReactNode } from 'react';
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { cancelJob, type Job } from '../api/exports';
import { percent } from '../api/jobs';

const sizeUnits = ['bytes', 'KB', 'MB', 'GB'];

/** amount shows job units: rows for exports, bytes for backups and restores. */
function amount(job: Job, n: number): string {
  if (job.kind === 'export') return n.toLocaleString();
  let v = n;
  let u = 0;
  while (v >= 1024 && u < sizeUnits.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${sizeUnits[u]}`;
}

/** JobProgress shows a running job's bar with Cancel, then how it ended. */
export function JobProgress({ job, done, onDismiss }: { job: Job; done?: (job: Job) => ReactNode; onDismiss?: () => void }) {
  const cancel = useMutation({ mutationFn: () => cancelJob(job.id) });
  if (job.state === 'running') {
    const p = percent(job);
    return (
      <Stack gap={6} aria-live="polite" data-testid="job-running">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            {job.label}
            {job.total > 0 ? ` — ${amount(job, job.done)} of ${amount(job, job.total)}` : '…'}
          </Text>
          <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={() => cancel.mutate()} loading={cancel.isPending}>
            Cancel
          </Button>
        </Group>
        <Progress
          value={p ?? 100}
          animated={p === null}
          striped={p === null}
          aria-label={`${job.label} progress`}
          transitionDuration={150}
        />
      </Stack>
    );
  }
  if (job.state === 'done') {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} withCloseButton={Boolean(onDismiss)} onClose={onDismiss} role="status" data-testid="job-done">
        {done ? done(job) : `${job.label}: done.`}
      </Alert>
    );
  }
  if (job.state === 'cancelled') {
    return (
      <Alert color="gray" variant="light" withCloseButton={Boolean(onDismiss)} onClose={onDismiss} role="status" data-testid="job-cancelled">
        {job.label}: cancelled. Nothing was written.
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} withCloseButton={Boolean(onDismiss)} onClose={onDismiss} role="alert" data-testid="job-error">
      {job.label}: {job.error?.message || 'it failed.'}
    </Alert>
  );
}
