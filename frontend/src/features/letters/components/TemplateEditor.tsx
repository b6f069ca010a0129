import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Loader,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { AppError } from '@/lib/ipc';
import { navigate } from '@/lib/router';
import {
  fieldsQuery,
  kindsQuery,
  letterKeys,
  previewTemplate,
  saveTemplate,
  templateQuery,
  type Field,
  type Preview,
} from '../api/letters';
import { PdfView } from './PdfView';

/** TemplateEditor edits the practice's copy of a template: plain text with headings,
 * lists and merge fields, a field picker, errors on the field, and a live preview of the
 * PDF as it will print. Opening the built-in template starts a new copy of it. */
export function TemplateEditor({ kind, name }: { kind: string; name: string }) {
  const tpl = useQuery(templateQuery(kind, name));
  const kinds = useQuery(kindsQuery());
  const title = kinds.data?.find((k) => k.kind === kind)?.title ?? kind;
  if (tpl.isPending) return <Skeleton h={400} />;
  if (tpl.isError)
    return (
      <Alert color="red" title="The template could not be read">
        {tpl.error.message}
      </Alert>
    );
  return <EditorForm kind={kind} kindTitle={title} startName={tpl.data.builtin ? '' : tpl.data.name} startBody={tpl.data.body} from={tpl.data} />;
}

function EditorForm({
  kind,
  kindTitle,
  startName,
  startBody,
  from,
}: {
  kind: string;
  kindTitle: string;
  startName: string;
  startBody: string;
  from: { name: string; version: number; builtin: boolean };
}) {
  const qc = useQueryClient();
  const [name, setName] = useState(startName);
  const [body, setBody] = useState(startBody);
  const [reference, setReference] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const fields = useQuery(fieldsQuery());
  const [debouncedBody] = useDebouncedValue(body, 600);
  const [debouncedRef] = useDebouncedValue(reference.trim(), 600);

  const preview = useQuery({
    queryKey: ['letters', 'preview', kind, debouncedBody, debouncedRef],
    queryFn: () => previewTemplate({ kind, body: debouncedBody, reference: debouncedRef }),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });
  // The last good preview stays on screen (dimmed) while the text has a mistake.
  const [shown, setShown] = useState<Preview | null>(null);
  useEffect(() => {
    // Copying the query's data is the point: unlike data, shown keeps the last good
    // preview when the next one fails.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    if (preview.data) setShown(preview.data);
  }, [preview.data]);
  const err = preview.error instanceof AppError ? preview.error : null;
  const bodyError = err && err.field === 'body' && !preview.isFetching ? err.message : null;

  const save = useMutation({
    mutationFn: () => saveTemplate({ kind, name, body }),
    onSuccess: (t) => {
      qc.invalidateQueries({ queryKey: letterKeys.all });
      notifications.show({ color: 'teal', title: 'Template saved', message: `${t.name} (${kindTitle}) is now at version ${t.version}.` });
      navigate(`letters/templates/${kind}/${t.name}`, undefined, true);
    },
    onError: (e) => {
      // Errors on the name and the text go on their fields; anything else below the text.
      const field = e instanceof AppError ? e.field : undefined;
      setNameError(field === 'name' ? e.message : null);
      setSaveError(field === 'name' || field === 'body' ? null : e.message);
    },
  });
  const saveBodyError = save.error instanceof AppError && save.error.field === 'body' ? save.error.message : null;

  // A new body clears the save's verdict on it: the preview judges it again.
  useEffect(() => save.reset(), [body]); // eslint-disable-line react-hooks/exhaustive-deps

  const insert = (f: Field) => {
    const el = area.current;
    const block = f.name.startsWith('#');
    const token = `{{${f.name}}}`;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    let text = token;
    if (block) {
      // Block directives stand alone on their line.
      const before = body.slice(0, start);
      text = (before === '' || before.endsWith('\n') ? '' : '\n') + token + '\n';
    }
    const next = body.slice(0, start) + text + body.slice(end);
    setBody(next);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + text.length, start + text.length);
    });
  };

  return (
    <>
      <PageHeader
        title={startName ? `Template: ${startName}` : `New ${kindTitle} template`}
        description={
          from.builtin
            ? `A copy of the built-in ${kindTitle} template (version ${from.version}). Give it a name and word it your way.`
            : `${kindTitle}. Saving makes version ${from.version + 1}; letters already made keep the version they used.`
        }
        actions={
          <>
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate('letters/templates')}>
              Templates
            </Button>
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} onClick={() => save.mutate()}>
              Save template
            </Button>
          </>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            <TextInput
              label="Template name"
              placeholder="For example: Our wording"
              required
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameError(null);
              }}
              error={nameError}
            />
            <FieldPicker fields={fields.data ?? []} onPick={insert} />
            <Textarea
              ref={area}
              label="Text"
              description="First line “Re: …” is the subject. # and ## start headings, - and 1. start list items, a blank line ends a paragraph, **bold**. {{field}} prints a merge field."
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={saveBodyError ?? bodyError}
              autosize
              minRows={18}
              maxRows={28}
              spellCheck
              // The error shows below the text; the text itself keeps its colour, to stay readable.
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, lineHeight: 1.5, color: 'var(--mantine-color-text)' } }}
            />
            {saveError && (
              <Alert color="red" title="Not saved">
                {saveError}
              </Alert>
            )}
            <Card padding="sm" withBorder>
              <Text size="xs" c="dimmed">
                Conditional text: <Code>{'{{#if right:deletion}}'}</Code> … <Code>{'{{#else}}'}</Code> … <Code>{'{{/if}}'}</Code>; conditions
                such as <Code>regime:gdpr,uk-gdpr</Code>, <Code>right:access</Code>, a field name (printed when it has a value) or{' '}
                <Code>!field</Code>. Lists and tables: <Code>{'{{#list vendors_told}}'}</Code>, <Code>{'{{#table datamap: category, sources}}'}</Code>.
              </Text>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            <Group align="flex-end" justify="space-between">
              <TextInput
                label="Preview with request"
                placeholder="An example request"
                description="Leave empty for a made-up request on your letterhead."
                value={reference}
                onChange={(e) => setReference(e.currentTarget.value)}
                w={260}
              />
              <Group gap={6} mb={4}>
                {preview.isFetching && <Loader size="xs" />}
                <Text size="xs" c="dimmed" data-testid="preview-status">
                  {preview.isFetching ? 'Updating the preview…' : preview.data ? `${preview.data.pages} ${preview.data.pages === 1 ? 'page' : 'pages'}` : ''}
                </Text>
              </Group>
            </Group>
            {shown && shown.placeholders.length > 0 && (
              <Alert color="yellow" p="xs">
                <Text size="xs">
                  The practice profile has no {shown.placeholders.join(', ')} yet: the preview shows placeholders. Fill them in Settings
                  before making letters.
                </Text>
              </Alert>
            )}
            {preview.isError && !bodyError && (
              <Alert color="orange" title="No preview" p="xs">
                <Text size="sm">{preview.error.message}</Text>
              </Alert>
            )}
            {bodyError && (
              <Alert color="red" title="The text has a mistake" p="xs">
                <Text size="sm">{bodyError}</Text>
              </Alert>
            )}
            {shown ? (
              <div style={{ opacity: preview.isError ? 0.4 : 1 }} aria-label="Preview of the letter">
                <PdfView pdf={shown.pdf} title="Preview of the letter" height="78vh" />
              </div>
            ) : (
              !preview.isError && <Skeleton h={600} />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function FieldPicker({ fields, onPick }: { fields: Field[]; onPick: (f: Field) => void }) {
  const [value, setValue] = useState<string | null>(null);
  const picked = fields.find((f) => f.name === value);
  return (
    <div>
      <Group align="flex-end" gap="xs">
        <Select
          label="Insert a merge field"
          placeholder="Search the fields…"
          searchable
          data={fields.map((f) => ({ value: f.name, label: f.name }))}
          value={value}
          onChange={setValue}
          renderOption={({ option }) => {
            const f = fields.find((x) => x.name === option.value);
            return (
              <div>
                <Text size="sm" ff="monospace">
                  {option.value}
                </Text>
                <Text size="xs" c="dimmed">
                  {f?.description}
                </Text>
              </div>
            );
          }}
          maxDropdownHeight={320}
          w={320}
        />
        <Button variant="default" disabled={!picked} onClick={() => picked && onPick(picked)}>
          Insert
        </Button>
      </Group>
      {picked && (
        <Text size="xs" c="dimmed" mt={4}>
          {picked.description}. From {picked.where}.
        </Text>
      )}
    </div>
  );
}
