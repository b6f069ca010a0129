import { useMemo, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCircleCheck, IconFileImport, IconFolderOpen } from '@tabler/icons-react';
import type { AppError } from '@/lib/ipc';
import { chooseImportFile, commitImport, previewImport, type ImportOutcome, type ImportPreview, type Mapping } from '../api/exports';
import { plural } from './describe';

const NOT_IMPORTED = '-1';

function columnName(header: string[], i: number) {
  const h = header[i]?.trim();
  if (h) return h;
  // A column without a header goes by its spreadsheet letter.
  let n = i + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `Column ${s}`;
}

/** ImportSection brings an old spreadsheet of requests or vendors in: choose the file,
 * confirm which column feeds which field, look at the rows and every problem, import. */
export function ImportSection({ fileInputRef }: { fileInputRef?: React.Ref<HTMLInputElement> }) {
  const qc = useQueryClient();
  const [kind, setKind] = useState<'requests' | 'vendors'>('requests');
  const [path, setPath] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [showAll, setShowAll] = useState(false);

  const read = useMutation({
    mutationFn: ({ file, mapping, k }: { file: string; mapping: Mapping | null; k: string }) => previewImport(k, file, mapping),
    onSuccess: (pv) => {
      setPreview(pv);
      setFileError(null);
    },
    onError: (err: AppError) => {
      setPreview(null);
      setFileError(err.message);
    },
  });
  const browse = useMutation({
    mutationFn: chooseImportFile,
    onSuccess: (p) => {
      if (!p) return;
      setPath(p);
      setOutcome(null);
      read.mutate({ file: p, mapping: null, k: kind });
    },
    onError: (err: AppError) => setFileError(err.message),
  });
  const commit = useMutation({
    mutationFn: () => commitImport(preview!.kind, preview!.file, preview!.mapping),
    onSuccess: async (out) => {
      setOutcome(out);
      setPreview(out.imported ? null : out.preview);
      if (out.imported) await qc.invalidateQueries();
    },
    onError: (err: AppError) => setFileError(err.message),
  });

  const setMapping = (key: string, value: string | null) => {
    if (!preview) return;
    const m: Mapping = {};
    for (const [k, v] of Object.entries(preview.mapping)) if (k !== key && (value === null || v !== Number(value))) m[k] = v;
    if (value !== null && value !== NOT_IMPORTED) m[key] = Number(value);
    read.mutate({ file: preview.file, mapping: m, k: preview.kind });
  };

  const columns = useMemo(
    () => [
      { value: NOT_IMPORTED, label: '— Not imported —' },
      ...(preview?.header ?? []).map((_, i) => ({ value: String(i), label: columnName(preview!.header, i) })),
    ],
    [preview],
  );
  const fields = preview?.fields ?? [];
  const shown = showAll ? fields : fields.filter((f) => f.required || f.key in (preview?.mapping ?? {}));
  const noun = (preview?.kind ?? kind) === 'requests' ? ['request', 'requests'] : ['vendor', 'vendors'];

  return (
    <Card padding="xl" withBorder component="section" aria-label="Import from a spreadsheet">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} fz={16}>
              Import from a spreadsheet
            </Title>
            <Text size="sm" c="dimmed" maw={720}>
              Bring in the requests or vendors you kept in a spreadsheet before (CSV or Excel). A file is imported whole or not at all:
              any problem in any row stops the import and is shown with its row and column.
            </Text>
          </Stack>
          <SegmentedControl
            aria-label="What to import"
            value={kind}
            onChange={(v) => {
              setKind(v as 'requests' | 'vendors');
              setOutcome(null);
              if (preview) read.mutate({ file: preview.file, mapping: null, k: v });
            }}
            data={[
              { value: 'requests', label: 'Requests' },
              { value: 'vendors', label: 'Vendors' },
            ]}
          />
        </Group>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setOutcome(null);
            read.mutate({ file: path.trim(), mapping: null, k: kind });
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              ref={fileInputRef}
              label="Spreadsheet file"
              placeholder="/home/you/Documents/requests-log.csv"
              value={path}
              onChange={(e) => {
                setPath(e.currentTarget.value);
                setFileError(null);
              }}
              error={fileError}
              style={{ flex: 1 }}
            />
            <Button variant="default" leftSection={<IconFolderOpen size={16} />} onClick={() => browse.mutate()} loading={browse.isPending}>
              Browse…
            </Button>
            <Button type="submit" variant="light" loading={read.isPending} disabled={!path.trim()}>
              Read file
            </Button>
          </Group>
        </form>

        {outcome?.imported && (
          <Alert color="teal" icon={<IconCircleCheck size={18} />} role="status" data-testid="import-result" title={`Imported ${plural(outcome.count, noun[0], noun[1])}`}>
            {outcome.first ? `New references ${outcome.first} to ${outcome.last}. ` : ''}
            From {outcome.preview.name}. The import is recorded in the audit trail.
          </Alert>
        )}

        {preview && (
          <Stack gap="md" data-testid="import-preview">
            <Text size="sm">
              <b>{preview.name}</b> · {preview.format.toUpperCase()}
              {preview.encoding ? `, ${preview.encoding}` : ''}
              {preview.sheet ? `, sheet “${preview.sheet}”` : ''} · header on row {preview.headerRow} · {plural(preview.rows, 'row', 'rows')}
            </Text>
            {preview.notes.map((n) => (
              <Text size="sm" key={n} data-testid="import-note">
                {n}
              </Text>
            ))}

            <Stack gap={4}>
              <Title order={4} fz={14}>
                Which column feeds which field
              </Title>
              <Table withTableBorder verticalSpacing={4} aria-label="Column mapping">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="34%">Field</Table.Th>
                    <Table.Th w="33%">Column in the file</Table.Th>
                    <Table.Th>First value</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((f) => {
                    const col = preview.mapping[f.key];
                    const sample = col !== undefined ? preview.firstRows[0]?.Cells[col] : undefined;
                    return (
                      <Table.Tr key={f.key}>
                        <Table.Td>
                          <Group gap={6}>
                            <Text size="sm">{f.label}</Text>
                            {f.required && (
                              <Badge size="xs" variant="light" color="gray">
                                required
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Select
                            aria-label={`Column for ${f.label}`}
                            data={columns}
                            value={col !== undefined ? String(col) : NOT_IMPORTED}
                            onChange={(v) => setMapping(f.key, v)}
                            allowDeselect={false}
                            size="xs"
                            searchable
                          />
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {sample ?? ''}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
              {fields.length > shown.length || showAll ? (
                <Anchor component="button" type="button" size="sm" onClick={() => setShowAll((s) => !s)}>
                  {showAll ? 'Show only the mapped and required fields' : `Show all ${fields.length} fields`}
                </Anchor>
              ) : null}
            </Stack>

            {preview.firstRows.length > 0 && (
              <Stack gap={4}>
                <Title order={4} fz={14}>
                  First rows of the file
                </Title>
                <ScrollArea>
                  <Table withTableBorder striped verticalSpacing={2} fz="xs" aria-label="First rows of the file">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Row</Table.Th>
                        {preview.header.map((_, i) => (
                          <Table.Th key={i}>{columnName(preview.header, i)}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.firstRows.map((r) => (
                        <Table.Tr key={r.Row}>
                          <Table.Td>{r.Row}</Table.Td>
                          {preview.header.map((_, i) => (
                            <Table.Td key={i} style={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                              {r.Cells[i] ?? ''}
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea>
              </Stack>
            )}

            {preview.problems.length > 0 ? (
              <Alert
                color="red"
                icon={<IconAlertTriangle size={18} />}
                title={`${plural(preview.problems.length + preview.more, 'problem', 'problems')}: nothing will be imported until ${preview.problems.length + preview.more === 1 ? 'it is' : 'they are'} fixed`}
                data-testid="import-problems"
              >
                <List size="sm" spacing={2}>
                  {preview.problems.map((p, i) => (
                    <List.Item key={i}>
                      <b>{p.where}</b>: {p.message}
                    </List.Item>
                  ))}
                </List>
                {preview.more > 0 && <Text size="sm">…and {preview.more} more.</Text>}
                <Text size="xs" mt={6}>
                  Fix the rows in the spreadsheet and read the file again, or change the column mapping above.
                </Text>
              </Alert>
            ) : (
              <Text size="sm" c="dimmed">
                {preview.checked}
              </Text>
            )}

            <Group>
              <Button
                leftSection={<IconFileImport size={16} />}
                disabled={!preview.canCommit || read.isPending}
                loading={commit.isPending}
                onClick={() => commit.mutate()}
              >
                {/* The count only when that many will be imported. */}
                {preview.canCommit ? `Import ${plural(preview.ready, noun[0], noun[1])}` : 'Import'}
              </Button>
              {!preview.canCommit && (
                <Text size="sm" c="dimmed">
                  {preview.rows === 0 ? 'The file has no rows to import.' : 'Import is possible once every row checks out.'}
                </Text>
              )}
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
