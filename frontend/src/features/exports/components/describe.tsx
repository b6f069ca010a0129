// How a finished job is told to the person: what was written where.
import { Stack, Text } from '@mantine/core';
import { formatInstant } from '@/lib/dates';
import { backupResultSchema, exportResultSchema, packageResultSchema, restoreResultSchema, type Job } from '../api/exports';

const nouns: Record<string, [string, string]> = {
  requests: ['request', 'requests'],
  vendors: ['vendor', 'vendors'],
  datamap: ['data category', 'data categories'],
  audit: ['audit event', 'audit events'],
  metrics: ['row', 'rows'],
  calendar: ['date', 'dates'],
  baa: ['vendor', 'vendors'],
  readiness: ['item', 'items'],
};

export const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function describeExport(job: Job) {
  const r = exportResultSchema.safeParse(job.result);
  if (!r.success) return `${job.label}: saved to ${job.out}.`;
  const [one, many] = nouns[r.data.kind] ?? ['row', 'rows'];
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        Saved {plural(r.data.rows, one, many)}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-all' }} data-testid="export-file">
        {r.data.out}
      </Text>
      {r.data.truncated ? (
        <Text size="xs" c="dimmed">
          {plural(r.data.truncated, 'cell was', 'cells were')} longer than Excel's 32,767 characters and cut; CSV and JSON keep them whole.
        </Text>
      ) : null}
      {r.data.chain && (
        <Text size="xs" c={r.data.chain.ok ? 'dimmed' : 'red'}>
          {r.data.chain.ok
            ? `Audit chain verified: ${r.data.chain.count ?? ''} events intact.`
            : `Audit chain BROKEN at event ${r.data.chain.badSeq}: ${r.data.chain.problem ?? ''}`}
        </Text>
      )}
    </Stack>
  );
}

export function countsText(c: Record<string, number>) {
  return [
    plural(c.requests ?? 0, 'request', 'requests'),
    plural(c.vendors ?? 0, 'vendor', 'vendors'),
    plural(c.attachments ?? 0, 'attachment', 'attachments'),
  ].join(', ');
}

export function describeBackup(job: Job) {
  const r = backupResultSchema.safeParse(job.result);
  if (!r.success) return `Backup saved to ${job.out}.`;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        Backup saved{r.data.encrypted ? ', encrypted' : ''}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-all' }} data-testid="backup-file">
        {r.data.file}
      </Text>
      <Text size="xs" c="dimmed">
        {r.data.practiceName || 'The practice'}: {countsText(r.data.counts)}.
      </Text>
    </Stack>
  );
}

export function describeRestore(job: Job) {
  const r = restoreResultSchema.safeParse(job.result);
  if (!r.success) return 'The backup was restored.';
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        Restored the backup of {r.data.practiceName || 'the practice'} made {formatInstant(r.data.createdAt)}
      </Text>
      <Text size="xs" c="dimmed">
        {countsText(r.data.counts)}.
      </Text>
      {r.data.setAside.map((p) => (
        <Text size="xs" c="dimmed" key={p} style={{ wordBreak: 'break-all' }}>
          The previous data was kept as {p}
        </Text>
      ))}
    </Stack>
  );
}

export function describePackage(job: Job) {
  const r = packageResultSchema.safeParse(job.result);
  if (!r.success) return `Response package saved to ${job.out}.`;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        Response package for {r.data.reference} saved{r.data.encryption !== 'none' ? `, encrypted (${r.data.encryption})` : ''}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-all' }} data-testid="package-file">
        {r.data.file}
      </Text>
      <Text size="xs" c="dimmed">
        {plural(r.data.files.length, 'file', 'files')} and a manifest with their SHA-256.
        {r.data.encryption !== 'none' && ' Send the passphrase another way (telephone or letter). The requester opens it with 7-Zip (Windows), Keka (Mac) or 7z/bsdtar (Linux).'}
      </Text>
    </Stack>
  );
}
