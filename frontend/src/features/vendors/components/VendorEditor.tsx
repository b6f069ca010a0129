import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Input,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconArrowLeft,
  IconChecklist,
  IconDeviceFloppy,
  IconDownload,
  IconExternalLink,
  IconFileAlert,
  IconPaperclip,
  IconTrash,
} from '@tabler/icons-react';
import { FormSection } from '@/components/FormSection';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnly } from '@/components/ReadOnly';
import { useCan } from '@/lib/session-context';
import { formatDate, formatInstant } from '@/lib/dates';
import { focusFirstError, showOnField } from '@/lib/form-errors';
import { navigate } from '@/lib/router';
import {
  attachBAA,
  createVendor,
  deleteVendor,
  labelOf,
  markChecklistAllPresent,
  openFile,
  removeBAA,
  saveFileCopy,
  updateVendor,
  vendorDetailQuery,
  vendorKeys,
  vendorOptionsQuery,
  type ChecklistItem,
  type FieldChange,
  type Vendor,
  type VendorDetail,
  type VendorOptions,
} from '../api/vendors';
import { DialogActions } from '@/components/DialogActions';
import { emptyVendor, fromForm, toForm, validateVendorForm, vendorFormFields, type VendorForm } from '../api/vendor-form';
import { severityColor } from './AlertBadges';
import { baaStatusColor } from './VendorList';

/** VendorEditor adds a vendor (no id) or shows and edits one. */
export function VendorEditor({ id }: { id?: number }) {
  const options = useQuery(vendorOptionsQuery());
  const detail = useQuery({ ...vendorDetailQuery(id ?? 0), enabled: id !== undefined });
  const failed = options.error ?? detail.error;
  return failed ? (
    <>
      <PageHeader title="Vendor" />
      <Alert color="red" title="The vendor could not be read">
        {failed.message} <Anchor href="#/vendors">Back to the register</Anchor>
      </Alert>
    </>
  ) : !options.data || (id !== undefined && !detail.data) ? (
    <>
      <PageHeader title={id === undefined ? 'New vendor' : 'Vendor'} />
      <Skeleton h={400} />
    </>
  ) : (
    <VendorEditorView options={options.data} detail={detail.data} />
  );
}

const answerData = [
  { value: '-', label: '—' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'n/a', label: 'N/A' },
];

function VendorEditorView({ options, detail }: { options: VendorOptions; detail?: VendorDetail }) {
  const canEdit = useCan('vendors');
  const qc = useQueryClient();
  const isNew = !detail;
  const [base, setBase] = useState<Vendor>(detail?.vendor ?? emptyVendor(options.clauses));
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const form = useForm<VendorForm>({
    mode: 'controlled',
    initialValues: toForm(base, options.clauses),
    validate: validateVendorForm,
    validateInputOnBlur: true,
  });

  const refresh = (v?: Vendor) => {
    qc.invalidateQueries({ queryKey: vendorKeys.all });
    qc.invalidateQueries({ queryKey: ['dashboard'] });
    if (v) setBase(v);
  };

  const save = useMutation({
    mutationFn: (values: VendorForm) => (isNew ? createVendor(fromForm(values, base)) : updateVendor(fromForm(values, base))),
    onSuccess: (saved) => {
      refresh(saved);
      setFormError(null);
      const values = toForm(saved, options.clauses);
      form.setInitialValues(values);
      form.setValues(values);
      form.resetDirty(values);
      notifications.show({ color: 'teal', title: 'Saved', message: `${saved.name} was saved.` });
      if (isNew) navigate(`vendors/${saved.id}`, undefined, true);
    },
    onError: (err) => {
      if (!showOnField(form, err, vendorFormFields)) setFormError(err.message);
      else setFormError(null);
    },
  });

  const attach = useMutation({
    mutationFn: () => attachBAA(base.id),
    onSuccess: (v) => {
      const changed = v.baaDocument?.sha256 !== base.baaDocument?.sha256 || v.baaDocument?.attachmentId !== base.baaDocument?.attachmentId;
      refresh(v);
      if (!changed) return;
      if (v.baaDocumentNotPdf) {
        notifications.show({ color: 'orange', title: 'Attached, but not a PDF', message: `${v.baaDocument?.name} is ${v.baaDocument?.type}: check that it is the signed agreement.` });
      } else {
        notifications.show({ color: 'teal', title: 'Signed BAA attached', message: v.baaDocument?.name ?? '' });
      }
    },
    onError: (err) => notifications.show({ color: 'red', title: 'The file was not attached', message: err.message }),
  });
  const allPresent = useMutation({
    mutationFn: () => markChecklistAllPresent(base.id),
    onSuccess: (saved) => {
      refresh(saved);
      const checklist = toForm(saved, options.clauses).checklist;
      form.setFieldValue('checklist', checklist);
      form.setInitialValues({ ...form.getInitialValues(), checklist });
      notifications.show({ color: 'teal', title: 'Checklist answered', message: `Every clause is marked present, per the signed agreement. Each can still be changed.` });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'The checklist was not changed', message: err.message }),
  });
  const unlink = useMutation({
    mutationFn: () => removeBAA(base.id),
    onSuccess: (v) => refresh(v),
    onError: (err) => notifications.show({ color: 'red', title: 'The document was not removed', message: err.message }),
  });
  const remove = useMutation({
    mutationFn: () => deleteVendor(base.id),
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', title: 'Deleted', message: `${base.name} was removed from the register.` });
      navigate('vendors');
    },
    onError: (err) => {
      setConfirmDelete(false);
      notifications.show({ color: 'red', title: 'Not deleted', message: err.message });
    },
  });
  const fileAction = (fn: (id: number) => Promise<unknown>) => (attachmentId: number) =>
    fn(attachmentId).catch((err: Error) => notifications.show({ color: 'red', title: 'The file could not be opened', message: err.message }));

  const v = form.values;
  const doc = base.baaDocument;
  return (
    <>
      <PageHeader
        title={isNew ? 'New vendor' : base.name}
        description={isNew ? 'A service provider that creates, receives, keeps or transmits your clients’ data.' : base.services}
        actions={
          <>
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate('vendors')}>
              Back to the register
            </Button>
            {!isNew && canEdit && (
              <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
          </>
        }
      />
      {detail && detail.alerts.length > 0 && (
        <Stack gap="xs" mb="md" data-testid="vendor-alerts">
          {detail.alerts.map((a) => (
            <Alert key={a.kind} color={severityColor[a.severity]} variant={a.severity === 'critical' ? 'filled' : 'light'} py="xs">
              {a.message}
            </Alert>
          ))}
        </Stack>
      )}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: isNew ? 12 : 8 }}>
          <form onSubmit={form.onSubmit((values) => save.mutate(values), (errors) => focusFirstError(form, errors))} noValidate>
            <ReadOnly editable={canEdit}>
            <Stack gap="lg">
              <FormSection padding="lg" title="Vendor">
                <Stack>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Name" required {...form.getInputProps('name')} />
                    <Select label="Category" data={options.categories} allowDeselect={false} {...form.getInputProps('category')} />
                  </SimpleGrid>
                  <Textarea label="Services provided" autosize minRows={2} {...form.getInputProps('services')} />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Website" placeholder="https://example.com" {...form.getInputProps('website')} />
                    <TextInput label="Contact name" {...form.getInputProps('contactName')} />
                    <TextInput label="Contact email" type="email" {...form.getInputProps('contactEmail')} />
                    <TextInput label="Contact phone" type="tel" {...form.getInputProps('contactPhone')} />
                  </SimpleGrid>
                  <Textarea
                    label="Postal address"
                    description="Where direction letters are sent; printed in the envelope window."
                    autosize
                    minRows={2}
                    {...form.getInputProps('address')}
                  />
                </Stack>
              </FormSection>

              <FormSection padding="lg" title="Data and PHI" description="What the vendor can see. The categories come from the data map.">
                <Stack>
                  <Input.Wrapper label="PHI access" error={form.errors.phiAccess}>
                    <div>
                      <SegmentedControl data={options.phiAccess} aria-label="PHI access" {...form.getInputProps('phiAccess')} />
                    </div>
                  </Input.Wrapper>
                  <MultiSelect
                    label="Data categories shared"
                    data={options.dataCategories.map((c) => ({ value: c.key, label: c.label }))}
                    searchable
                    {...form.getInputProps('dataCategories')}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Where it is hosted" placeholder="Hosted on AWS, US regions" {...form.getInputProps('hosting')} />
                    <TextInput label="Subcontractors" placeholder="Amazon Web Services" {...form.getInputProps('subcontractors')} />
                  </SimpleGrid>
                </Stack>
              </FormSection>

              <FormSection
                padding="lg"
                title="Business associate agreement"
                description="A vendor that handles PHI for the practice needs a signed BAA (45 CFR 164.502(e), 164.504(e))."
              >
                <Stack>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Select label="BAA status" data={options.baaStatuses} allowDeselect={false} {...form.getInputProps('baaStatus')} />
                    {v.baaStatus === 'not-required' && (
                      <Select
                        label="Why no BAA is required"
                        required
                        data={options.baaExemptions}
                        {...form.getInputProps('baaReason')}
                      />
                    )}
                  </SimpleGrid>
                  {v.baaStatus === 'not-required' && (
                    <Textarea
                      label="Reason, in your words"
                      description={v.baaReason === 'other' ? 'Required when the reason is “Other”.' : undefined}
                      autosize
                      minRows={2}
                      {...form.getInputProps('baaReasonNote')}
                    />
                  )}
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                    <TextInput type="date" label="Signed on" {...form.getInputProps('baaSignedOn')} />
                    <TextInput type="date" label="Effective from" {...form.getInputProps('baaEffectiveOn')} />
                    <TextInput type="date" label="Expires on" {...form.getInputProps('baaExpiresOn')} />
                    <TextInput
                      type="date"
                      label="Next review"
                      description="Practice policy, not law"
                      {...form.getInputProps('nextReviewOn')}
                    />
                  </SimpleGrid>
                  {v.baaStatus === 'signed' && (v.baaEffectiveOn !== '' || v.priorBaaEndsOn !== '') && (
                    <TextInput
                      type="date"
                      label="Previous BAA in force until"
                      description="For a renewal that takes effect later: the last day the old BAA covers this vendor. Filled in for you when such a renewal is saved."
                      maw={440}
                      {...form.getInputProps('priorBaaEndsOn')}
                    />
                  )}
                  <Input.Wrapper label="Signed BAA document">
                    {isNew ? (
                      <Text size="sm" c="dimmed">
                        Save the vendor first, then attach the signed agreement.
                      </Text>
                    ) : (
                      <Stack gap="xs" data-testid="baa-document">
                        {doc ? (
                          <Group gap="sm" wrap="wrap">
                            <IconPaperclip size={16} />
                            <Text size="sm" fw={600}>
                              {doc.name}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {doc.size < 1024 ? `${doc.size} bytes` : `${(doc.size / 1024).toFixed(1)} KB`} · {doc.type} · attached {formatInstant(doc.attachedAt)}
                              {doc.attachedBy ? ` by ${doc.attachedBy}` : ''}
                            </Text>
                            {base.baaDocumentNotPdf && (
                              <Badge color="orange" leftSection={<IconFileAlert size={12} />}>
                                Not a PDF
                              </Badge>
                            )}
                          </Group>
                        ) : (
                          <Text size="sm" c="dimmed">
                            No signed BAA attached.
                          </Text>
                        )}
                        {doc && (
                          <Text size="xs" c="dimmed">
                            SHA-256 <Code>{doc.sha256}</Code>
                          </Text>
                        )}
                        <Group gap="xs">
                          <Button size="xs" leftSection={<IconPaperclip size={14} />} loading={attach.isPending} onClick={() => attach.mutate()}>
                            {doc ? 'Replace the signed BAA' : 'Attach the signed BAA'}
                          </Button>
                          {doc && (
                            <>
                              <Button size="xs" variant="default" leftSection={<IconExternalLink size={14} />} onClick={() => fileAction(openFile)(doc.attachmentId)}>
                                Open
                              </Button>
                              <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={() => fileAction(saveFileCopy)(doc.attachmentId)}>
                                Save a copy
                              </Button>
                              <Button size="xs" variant="subtle" color="red" loading={unlink.isPending} onClick={() => unlink.mutate()}>
                                Remove
                              </Button>
                            </>
                          )}
                        </Group>
                        {doc && v.baaStatus !== 'signed' && (
                          <Text size="xs" c="orange">
                            A document is attached but the status is “{labelOf(options.baaStatuses, v.baaStatus)}”: set it to Signed
                            with the dates once the agreement is reviewed.
                          </Text>
                        )}
                      </Stack>
                    )}
                  </Input.Wrapper>
                </Stack>
              </FormSection>

              <FormSection
                padding="lg"
                title="BAA checklist"
                description="One row per clause that 45 CFR 164.504(e)(2) requires: record whether the signed agreement contains it."
              >
                {!isNew && (
                  <Group gap="sm" mb="sm" wrap="wrap">
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconChecklist size={14} />}
                      disabled={base.baaStatus !== 'signed'}
                      loading={allPresent.isPending}
                      onClick={() => allPresent.mutate()}
                    >
                      All present, per the signed agreement
                    </Button>
                    <Text size="xs" c="dimmed">
                      {base.baaStatus === 'signed'
                        ? 'Marks all 12 clauses Yes at once (a note you wrote stays); each can still be changed below.'
                        : 'Save the BAA status as Signed first: the answer is about the signed agreement.'}
                    </Text>
                  </Group>
                )}
                <Table verticalSpacing="xs" aria-label="BAA checklist">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Required content</Table.Th>
                      <Table.Th w={170}>In the BAA</Table.Th>
                      <Table.Th w={170}>Note</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {options.clauses.map((c, i) => (
                      <Table.Tr key={c.id} data-clause={c.id}>
                        <Table.Td>
                          <Text size="xs" ff="monospace" c="dimmed">
                            {c.citation}
                          </Text>
                          <Text size="sm">{c.text}</Text>
                        </Table.Td>
                        <Table.Td>
                          <SegmentedControl
                            size="xs"
                            data={answerData}
                            aria-label={`Clause ${c.citation}`}
                            value={v.checklist[i]?.answer || '-'}
                            onChange={(a) => form.setFieldValue(`checklist.${i}.answer`, (a === '-' ? '' : a) as ChecklistItem['answer'])}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput size="xs" aria-label={`Note on ${c.citation}`} {...form.getInputProps(`checklist.${i}.note`)} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {form.errors.checklist && (
                  <Text c="red" size="sm" mt="xs">
                    {form.errors.checklist}
                  </Text>
                )}
              </FormSection>

              <FormSection
                padding="lg"
                title="Termination"
                description="When the agreement ends, the vendor must return or destroy the PHI it holds (45 CFR 164.504(e)(2)(ii)(J))."
              >
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput type="date" label="Terminated on" {...form.getInputProps('terminatedOn')} />
                  <Select label="PHI returned or destroyed" clearable data={options.dispositions} {...form.getInputProps('phiDisposition')} />
                  <TextInput type="date" label="Vendor confirmed on" {...form.getInputProps('phiConfirmedOn')} />
                </SimpleGrid>
              </FormSection>

              <FormSection padding="lg" title="Notes">
                <Textarea aria-label="Notes" autosize minRows={3} {...form.getInputProps('notes')} />
              </FormSection>

              {formError && (
                <Alert color="red" title="Not saved">
                  {formError}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending}>
                  {isNew ? 'Add vendor' : 'Save vendor'}
                </Button>
              </Group>
            </Stack>
            </ReadOnly>
          </form>
        </Grid.Col>
        {detail && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <VendorSidePanels detail={detail} options={options} onOpen={fileAction(openFile)} />
          </Grid.Col>
        )}
      </Grid>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete ${base.name}?`} centered>
        <Text size="sm">
          The vendor leaves the register; its history stays in the audit trail. A vendor that requests were passed on to cannot be
          deleted: mark its BAA terminated instead.
        </Text>
        <DialogActions mt="lg">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            Delete
          </Button>
        </DialogActions>
      </Modal>
    </>
  );
}

const actionLabels: Record<string, string> = {
  create: 'Added',
  update: 'Changed',
  delete: 'Deleted',
  checklist: 'BAA checklist updated',
  'checklist-all-present': 'BAA checklist: all present, per the signed agreement',
  'attach-baa': 'Signed BAA attached',
  'remove-baa': 'Signed BAA removed',
  'data-categories': 'Data categories changed in the data map',
  'attach-confirmation': 'Vendor confirmation attached',
  letter: 'Direction letter linked',
};

/** groupClauses folds checklist clauses that changed the same way into one line ("All 12
 * checklist clauses: not checked → yes"), so answering the whole checklist reads as one
 * change; clauses that changed differently keep a line each. */
export function groupClauses(changes: FieldChange[]): FieldChange[] {
  const out: FieldChange[] = [];
  const groups = new Map<string, FieldChange[]>();
  for (const c of changes) {
    if (!c.field.startsWith('checklist.')) continue;
    const k = `${c.before}\u0000${c.after}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const done = new Set<string>();
  for (const c of changes) {
    const k = `${c.before}\u0000${c.after}`;
    const g = c.field.startsWith('checklist.') ? groups.get(k) : undefined;
    if (!g || g.length < 3) {
      out.push(c);
    } else if (!done.has(k)) {
      done.add(k);
      out.push({ ...c, field: `checklist:${k}`, label: `${g.length} checklist clauses` });
    }
  }
  return out;
}

function VendorSidePanels({ detail, options, onOpen }: { detail: VendorDetail; options: VendorOptions; onOpen: (id: number) => void }) {
  const v = detail.vendor;
  return (
    <Stack gap="lg">
      <Card padding="lg">
        <Title order={2} fz={17} mb="xs">
          At a glance
        </Title>
        <Stack gap={6}>
          <Group gap="xs">
            <Badge color={baaStatusColor[v.baaStatus]} variant="light">
              BAA {labelOf(options.baaStatuses, v.baaStatus).toLowerCase()}
            </Badge>
            <Badge variant="light" color="gray">
              PHI access: {labelOf(options.phiAccess, v.phiAccess).toLowerCase()}
            </Badge>
          </Group>
          {v.priorBaaEndsOn && v.baaEffectiveOn && (
            // An early renewal: which agreement covers the vendor when, so a gap between them shows here too.
            <>
              <Text size="sm" data-testid="glance-prior-baa">
                Previous BAA in force until: {formatDate(v.priorBaaEndsOn)}
              </Text>
              <Text size="sm">Renewal in force from: {formatDate(v.baaEffectiveOn)}</Text>
            </>
          )}
          <Text size="sm">Expires: {formatDate(v.baaExpiresOn)}</Text>
          <Text size="sm">Next review (practice policy): {formatDate(v.nextReviewOn)}</Text>
        </Stack>
      </Card>
      <Card padding="lg" component="section" aria-label="Requests passed on">
        <Title order={2} fz={17} mb="xs">
          Requests passed on
        </Title>
        {detail.tasks.length === 0 ? (
          <Text size="sm" c="dimmed">
            No request has been passed on to this vendor.
          </Text>
        ) : (
          <Stack gap={6}>
            {detail.tasks.map((t) => (
              <Group key={t.id} justify="space-between" wrap="nowrap">
                <Anchor href={`#/vendors/tasks/${encodeURIComponent(t.requestRef)}`} size="sm">
                  {t.requestRef}
                </Anchor>
                <Badge size="sm" variant="light" color={t.status === 'confirmed' ? 'teal' : t.status === 'waived' ? 'gray' : 'orange'}>
                  {t.status.replace('-', ' ')}
                </Badge>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
      {detail.attachments.length > 0 && (
        <Card padding="lg" component="section" aria-label="Files">
          <Title order={2} fz={17} mb="xs">
            Files
          </Title>
          <Stack gap={6}>
            {detail.attachments.map((a) => (
              <Group key={a.id} justify="space-between" wrap="nowrap">
                <Anchor component="button" type="button" size="sm" onClick={() => onOpen(a.id)}>
                  {a.originalName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatInstant(a.addedAt)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Card>
      )}
      <Card padding="lg" component="section" aria-label="History">
        <Title order={2} fz={17} mb="xs">
          History
        </Title>
        <Stack gap={8} data-testid="vendor-history">
          {detail.history.map((e) => (
            <div key={e.seq}>
              <Text size="sm" fw={600}>
                {e.entity === 'vendor-task' ? `${e.entityId}: ` : ''}
                {actionLabels[e.action] ?? e.action}
              </Text>
              {e.changes.length > 0 && (
                <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="What changed">
                  {groupClauses(e.changes).map((c) => (
                    <Text key={c.field} component="li" size="xs" style={{ overflowWrap: 'anywhere' }}>
                      <b>{c.label}:</b> {c.before || 'empty'} → {c.after || 'empty'}
                    </Text>
                  ))}
                </Stack>
              )}
              <Text size="xs" c="dimmed">
                {formatInstant(e.at)}
                {e.staff ? ` · ${e.staff}` : e.osUser ? ` · ${e.osUser}` : ''}
              </Text>
            </div>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}
