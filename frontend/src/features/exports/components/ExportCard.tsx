import { useState } from 'react';
import { Card, Checkbox, NumberInput, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { AppError } from '@/lib/ipc';
import { usePracticeToday } from '@/lib/practice-today';
import { describeExport } from './describe';
import { exportTo, exportWithDialog, type ExportKind, type ExportRequest } from '../api/exports';
import { JobProgress } from './JobProgress';
import { SaveDialogOrPath, useSaveJob } from './SaveDialogOrPath';

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
  // The practice's year, from its today (its time zone), not the computer's clock.
  const thisYear = Number(usePracticeToday().slice(0, 4)) || 0;
  const [format, setFormat] = useState(kind.formats[0] ?? 'csv');
  const [year, setYear] = useState<number | string>(thisYear || '');
  const [bom, setBom] = useState(true);
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
  const save = useSaveJob(owner, {
    withDialog: () => exportWithDialog(request()),
    toPath: (out) => exportTo({ ...request(), out }),
    clearErrors: () => setErrors({}),
    onError,
  });
  const { job } = save;

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
            max={thisYear || undefined}
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
        <SaveDialogOrPath
          save={save}
          buttonRef={buttonRef}
          icon={<IconFileExport size={16} />}
          dialogLabel="Export…"
          onDialog={() => save.viaDialog.mutate()}
          pathLabel="Save to"
          placeholder={`/home/you/Documents/${kind.kind}.${format}`}
          pathError={errors.out}
          submitLabel="Export to this file"
          onPath={() => save.viaPath.mutate()}
        />
        {errors.other && (
          <Text size="sm" c="red" role="alert">
            {errors.other}
          </Text>
        )}
        {job && <JobProgress job={job} done={describeExport} onDismiss={save.dismiss} />}
      </Stack>
    </Card>
  );
}
