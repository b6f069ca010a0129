import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { IconCopy, IconPencil, IconPrinter, IconSearch } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { formatInstant } from '@/lib/dates';
import { hrefFor, navigate, type Route } from '@/lib/router';
import { allLettersQuery, formatSize, kindsQuery, plural, sentence, printBatch, templatesQuery, type Template } from '../api/letters';
import { LetterActions } from './LetterActions';
import { TemplateEditor } from './TemplateEditor';

/** The Letters section: #/letters (letters kept), #/letters/templates (the library),
 * #/letters/templates/<kind>/<name> (the editor; "Standard" opens a new copy). */
export function LettersPage({ route }: { route: Route }) {
  const sub = route.segments[1];
  if (sub === 'templates' && route.segments[2] && route.segments[3]) {
    return <TemplateEditor key={route.href} kind={route.segments[2]} name={route.segments[3]} />;
  }
  const tab = sub === 'templates' ? 'templates' : 'letters';
  return (
    <>
      <PageHeader
        title="Letters"
        description="Responses to requesters and directions to vendors, made from templates and kept unchanged as evidence. Make a letter from its request’s screen."
      />
      <Tabs value={tab} onChange={(v) => navigate(v === 'templates' ? 'letters/templates' : 'letters')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="letters">Letters made</Tabs.Tab>
          <Tabs.Tab value="templates">Templates</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="letters">
          <LetterList params={route.params} />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplateLibrary />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function LetterList({ params }: { params: URLSearchParams }) {
  const [kind, setKind] = useState(params.get('kind') ?? '');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 250);
  const kinds = useQuery(kindsQuery());
  const letters = useQuery({ ...allLettersQuery({ kind, search: debounced }), placeholderData: keepPreviousData });
  const [selected, setSelected] = useState<number[]>([]);
  const print = useMutation({
    mutationFn: () => printBatch(selected),
    onSuccess: (r) => {
      if (r.saved) notifications.show({ color: 'teal', title: 'Ready to print', message: `${plural(r.letters, 'letter')}, ${plural(r.pages, 'page')}, saved to ${r.path}.` });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not printed', message: err.message }),
  });
  const rows = letters.data ?? [];
  const allSelected = rows.length > 0 && rows.every((l) => selected.includes(l.id));
  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <Group align="flex-end">
          <Select
            label="Kind"
            placeholder="Every kind"
            data={(kinds.data ?? []).map((k) => ({ value: k.kind, label: k.title }))}
            value={kind || null}
            onChange={(v) => setKind(v ?? '')}
            clearable
            w={240}
          />
          <TextInput
            label="Request, recipient or vendor"
            placeholder="PR-2026-0001, a name…"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={280}
          />
        </Group>
        <Button
          leftSection={<IconPrinter size={16} />}
          disabled={selected.length === 0}
          loading={print.isPending}
          onClick={() => print.mutate()}
        >
          {selected.length === 0 ? 'Print a batch' : `Print ${selected.length} ${selected.length === 1 ? 'letter' : 'letters'} as one PDF`}
        </Button>
      </Group>
      {letters.isPending && <Skeleton h={200} />}
      {letters.isError && (
        <Alert color="red" title="The letters could not be read">
          {letters.error.message}
        </Alert>
      )}
      {letters.data && rows.length === 0 && (
        <Card padding="lg">
          <Text size="sm" c="dimmed">
            {kind || debounced ? 'No letter matches these filters.' : 'No letter has been made yet. Open a request and use “Make a letter”.'}
          </Text>
        </Card>
      )}
      {rows.length > 0 && (
        <Card padding={0}>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="xs" highlightOnHover aria-label="Letters made">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label="Select every letter shown"
                      checked={allSelected}
                      indeterminate={!allSelected && rows.some((l) => selected.includes(l.id))}
                      onChange={() => setSelected(allSelected ? [] : rows.map((l) => l.id))}
                    />
                  </Table.Th>
                  <Table.Th>Letter</Table.Th>
                  <Table.Th>Request</Table.Th>
                  <Table.Th>Made</Table.Th>
                  <Table.Th>Template</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((l) => (
                  <Table.Tr key={l.id} data-testid="letter-row" data-kind={l.kind}>
                    <Table.Td>
                      <Checkbox aria-label={`Select letter ${l.id}`} checked={selected.includes(l.id)} onChange={() => toggle(l.id)} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {l.title}
                      </Text>
                      <Text size="xs" c="dimmed" title={`SHA-256 ${l.sha256}`}>
                        To <bdi>{l.recipient}</bdi> · {l.pages} {l.pages === 1 ? 'page' : 'pages'}, {formatSize(l.size)} · #{l.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor href={hrefFor(`requests/${l.requestRef}`)} size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {l.requestRef}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatInstant(l.createdAt)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        by {l.createdBy}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {l.templateName} v{l.templateVersion}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <LetterActions letter={l} compact />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}

function TemplateLibrary() {
  const templates = useQuery(templatesQuery());
  const kinds = useQuery(kindsQuery());
  if (templates.isPending || kinds.isPending) return <Skeleton h={300} />;
  if (templates.isError || kinds.isError)
    return (
      <Alert color="red" title="The templates could not be read">
        {(templates.error ?? kinds.error)?.message}
      </Alert>
    );
  const byKind = new Map<string, Template[]>();
  for (const t of templates.data) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t]);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" maw={760}>
        Each kind of letter has a built-in template, versioned with the app. To word a letter your own way, copy the built-in
        template and edit the copy: each save is a new version, and every letter records the template and version it used.
      </Text>
      <Card padding={0}>
        <Table verticalSpacing="xs" aria-label="Template library">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Letter</Table.Th>
              <Table.Th>Template</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kinds.data.flatMap((k) =>
              (byKind.get(k.kind) ?? []).map((t, i) => (
                <Table.Tr key={`${k.kind}/${t.name}`} data-testid="template-row" data-kind={k.kind} data-name={t.name}>
                  <Table.Td>
                    {i === 0 && (
                      <>
                        <Text size="sm" fw={600}>
                          {k.title}
                          {k.toVendor && (
                            <Badge ml="xs" size="xs" variant="light">
                              to a vendor
                            </Badge>
                          )}
                        </Text>
                        <Text size="xs" c="dimmed" maw={380}>
                          {sentence(k.description)}
                        </Text>
                      </>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={t.builtin ? 400 : 600}>
                      {t.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {t.builtin ? `Built-in, version ${t.version}` : `Version ${t.version}, saved ${formatInstant(t.createdAt)} by ${t.createdBy}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group justify="flex-end">
                      <Button
                        size="compact-sm"
                        variant="default"
                        leftSection={t.builtin ? <IconCopy size={14} /> : <IconPencil size={14} />}
                        onClick={() => navigate(`letters/templates/${k.kind}/${t.name}`)}
                        aria-label={t.builtin ? `Copy and edit the ${k.title} template` : `Edit ${t.name} (${k.title})`}
                      >
                        {t.builtin ? 'Copy and edit' : 'Edit'}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
