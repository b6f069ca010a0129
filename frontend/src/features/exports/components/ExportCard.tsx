import { useState } from 'react';
import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconFileExport } from '@tabler/icons-react';
import { AppError } from '@/lib/ipc';
import { describeExport } from './describe';
import { exportTo, exportWithDialog, type ExportKind, type ExportRequest, type Job } from '../api/exports';
import { forgetJob, trackJob, useJob } from '../api/jobs';
import { JobProgress } from './JobProgress';

export const formatLabels: Record<string, string> = {
  csv: 'CSV',
  xlsx: 'Excel',
  json: 'JSON',
  pdf: 'PDF',
  ics: 'Calendar (ICS)',
};

/** ExportCard is one kind of export: its format, year and where to save it. */
export function ExportCard({ kind, buttonRef }: { kind: ExportKind; buttonRef?: React.Ref<HTMLButtonElement> }) {
  const owner = `export:${kind.kind}`;
  const job = useJob(owner);
  const thisYear = new Date().getFullYear();
  const [format, setFormat] = useState(kind.formats[0] ?? 'csv');
  const [year, setYear] = useState<number | string>(thisYear);
  const [bom, setBom] = useState(true);
  const [pathOpen, setPathOpen] = useState(false);
  const [path, setPath] = useState('');
  const [errors, setErrors] = useState<{ out?: string; year?: string; other?: string }>({});

  const request = (): ExportRequest => ({
    kind: kind.kind,
    format,
    year: kind.year && typeof year === 'number' ? year : 0,
    bom: format === 'csv' && bom,
  });
  const onError = (err: AppError) => {
    if (err.field === 'out' || err.field === 'year') setErrors({ [err.field]: err.message });
    else setErrors({ other: err.message });
  };
  const started = (j: Job | null) => {
    setErrors({});
    if (j) trackJob(owner, j);
  };
  const viaDialog = useMutation({
    mutationFn: () => exportWithDialog(request()),
    onSuccess: (r) => started(r.started ? r.job : null),
    onError,
  });
  const viaPath = useMutation({
    mutationFn: () => exportTo({ ...request(), out: path.trim() }),
    onSuccess: started,
    onError,
  });
  const running = job?.state === 'running';
  const busy = running || viaDialog.isPending || viaPath.isPending;

  return (
    <Card component="section" aria-label={kind.label} padding="lg" withBorder data-testid={`export-${kind.kind}`}>
      <Stack gap="sm">
        <Title order={3} fz={16}>
          {kind.label}
        </Title>
        <Text size="sm" c="dimmed">
          {kind.description}
        </Text>
        {kind.formats.length > 1 ? (
          <SegmentedControl
            aria-label={`${kind.label} format`}
            value={format}
            onChange={setFormat}
            data={kind.formats.map((f) => ({ value: f, label: formatLabels[f] ?? f.toUpperCase() }))}
            size="xs"
            fullWidth
          />
        ) : (
          <Text size="sm">Format: {formatLabels[format] ?? format}</Text>
        )}
        {kind.year && (
          <NumberInput
            label="Calendar year"
            value={year}
            onChange={(v) => {
              setYear(v);
              setErrors({});
            }}
            min={2000}
            max={thisYear}
            allowDecimal={false}
            allowNegative={false}
            error={errors.year}
            size="xs"
            w={140}
          />
        )}
        {format === 'csv' && (
          <Checkbox
            size="xs"
            label="Readable in Excel (adds a byte order mark)"
            checked={bom}
            onChange={(e) => setBom(e.currentTarget.checked)}
          />
        )}
        <Group gap="xs" justify="space-between">
          <Button
            ref={buttonRef}
            leftSection={<IconFileExport size={16} />}
            onClick={() => viaDialog.mutate()}
            loading={viaDialog.isPending}
            disabled={busy && !viaDialog.isPending}
          >
            Export…
          </Button>
          <Anchor component="button" type="button" size="xs" onClick={() => setPathOpen((o) => !o)} aria-expanded={pathOpen}>
            {pathOpen ? 'Hide the path field' : 'Type a file path instead'}
          </Anchor>
        </Group>
        {pathOpen && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              viaPath.mutate();
            }}
          >
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Save to"
                placeholder={`/home/you/Documents/${kind.kind}.${format}`}
                value={path}
                onChange={(e) => {
                  setPath(e.currentTarget.value);
                  setErrors({});
                }}
                error={errors.out}
                size="xs"
                style={{ flex: 1 }}
              />
              <Button type="submit" size="xs" variant="light" loading={viaPath.isPending} disabled={busy && !viaPath.isPending}>
                Export to this file
              </Button>
            </Group>
          </form>
        )}
        {errors.other && (
          <Text size="sm" c="red" role="alert">
            {errors.other}
          </Text>
        )}
        {job && <JobProgress job={job} done={describeExport} onDismiss={job.state === 'running' ? undefined : () => forgetJob(owner)} />}
      </Stack>
    </Card>
  );
}
