import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Input,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconDeviceFloppy } from '@tabler/icons-react';
import { FormSection } from '@/components/FormSection';
import { PageHeader } from '@/components/PageHeader';
import { useCan } from '@/lib/session-context';
import { formatInstant } from '@/lib/dates';
import { showOnField } from '@/lib/form-errors';
import { appInfoQuery, appKeys } from '@/lib/app';
import { applicabilityKey } from '@/lib/applicability';
import {
  hipaaRoles,
  practiceQuery,
  regimes,
  revenueBands,
  usStates,
  savePractice,
  settingsKeys,
  timeZonesQuery,
  holidayCountriesQuery,
  type HolidayCountry,
  type Practice,
} from '../api/settings';
import {
  dateProblem,
  fromForm,
  practiceFormFields,
  toForm,
  validatePracticeForm,
  type PracticeForm,
} from '../api/practice-form';
import { LogoInput } from './LogoInput';

export function SettingsPage() {
  const practice = useQuery(practiceQuery());
  const zones = useQuery(timeZonesQuery());
  const countries = useQuery(holidayCountriesQuery());
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your practice profile: it appears on letters and decides how deadlines are counted. Changes are recorded in the audit trail."
      />
      {practice.isPending ? (
        <Stack>
          <Skeleton h={200} />
          <Skeleton h={200} />
        </Stack>
      ) : practice.isError ? (
        <Alert color="red" title="The practice profile could not be read">
          {practice.error.message}
        </Alert>
      ) : (
        <PracticeFormView practice={practice.data} timeZones={zones.data ?? []} countries={countries.data ?? []} />
      )}
    </>
  );
}

export function PracticeFormView({
  practice,
  timeZones,
  countries,
}: {
  practice: Practice;
  timeZones: string[];
  countries: HolidayCountry[];
}) {
  const qc = useQueryClient();
  const canEdit = useCan('settings');
  const [base, setBase] = useState(practice);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PracticeForm>({
    mode: 'controlled',
    initialValues: toForm(practice),
    validate: validatePracticeForm,
    validateInputOnBlur: true,
  });

  const save = useMutation({
    mutationFn: (values: PracticeForm) => savePractice(fromForm(values, base)),
    onSuccess: (saved) => {
      qc.setQueryData(settingsKeys.practice, saved);
      // A new time zone can move the practice's today: the app info carries it.
      void qc.invalidateQueries({ queryKey: appKeys.info });
      // The profile decides which laws apply.
      void qc.invalidateQueries({ queryKey: applicabilityKey });
      setBase(saved);
      const values = toForm(saved);
      form.setInitialValues(values);
      form.setValues(values);
      form.resetDirty(values);
      setFormError(null);
      notifications.show({ color: 'teal', title: 'Saved', message: 'The practice profile was saved.' });
    },
    onError: (err) => {
      if (!showOnField(form, err, practiceFormFields)) setFormError(err.message);
      else setFormError(null);
    },
  });

  const zoneOptions = timeZones.includes(form.values.timeZone) || !form.values.timeZone
    ? timeZones
    : [form.values.timeZone, ...timeZones];

  return (
    <form
      noValidate
      aria-label="Practice profile"
      onSubmit={form.onSubmit(
        (values) => save.mutate(values),
        (errors) => {
          const first = Object.keys(errors)[0];
          if (first) form.getInputNode(first)?.focus();
        },
      )}
    >
      {/* Only an administrator changes the practice's settings: others read them. */}
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Stack gap="lg" maw={980}>
        {!canEdit && (
          <Alert color="gray" variant="light" title="Read only">
            Only an administrator changes the practice’s settings.
          </Alert>
        )}
        {formError && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Not saved" role="alert">
            {formError}
          </Alert>
        )}

        <FormSection title="Practice" description="Who you are, as your patients and clients know you.">
          <SimpleGrid cols={2} spacing="md" verticalSpacing="md">
            <TextInput label="Practice name" required maxLength={400} {...form.getInputProps('name')} />
            <TextInput label="Legal entity" placeholder="If it differs from the practice name" {...form.getInputProps('legalEntity')} />
            <TextInput label="Email" type="email" autoComplete="off" {...form.getInputProps('email')} />
            <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
            <Textarea label="Postal address" autosize minRows={3} maxRows={6} {...form.getInputProps('address')} />
            <TextInput
              label="Who handles privacy requests"
              description="A person or a role, e.g. Privacy Officer"
              {...form.getInputProps('privacyContact')}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection
          title="Which laws apply"
          description="What decides whether each privacy law reaches the practice. Leave a field empty when you do not know: a verdict that depends on it then says “cannot tell”. Privacy Desk explains; the practice decides."
        >
          <SimpleGrid cols={2} spacing="md" verticalSpacing="md">
            <Select
              label="State"
              description="Where the practice is; its own patient-access clocks may be stricter than HIPAA's"
              searchable
              clearable
              placeholder="Not recorded"
              data={usStates}
              {...form.getInputProps('state')}
              value={form.values.state || null}
              onChange={(v) => form.setFieldValue('state', v ?? '')}
            />
            <Select
              label="HIPAA role"
              clearable
              placeholder="Not recorded"
              data={[...hipaaRoles]}
              {...form.getInputProps('hipaaRole')}
              value={form.values.hipaaRole || null}
              onChange={(v) => form.setFieldValue('hipaaRole', (v ?? '') as PracticeForm['hipaaRole'])}
            />
            <Select
              label="Annual revenue"
              clearable
              placeholder="Not recorded"
              data={[...revenueBands]}
              {...form.getInputProps('revenueBand')}
              value={form.values.revenueBand || null}
              onChange={(v) => form.setFieldValue('revenueBand', (v ?? '') as PracticeForm['revenueBand'])}
            />
            <NumberInput
              label="Consumers or patients a year"
              description="Whose personal data the practice holds in a year"
              min={0}
              max={1_000_000_000}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              placeholder="Not recorded"
              {...form.getInputProps('consumers')}
            />
            {(
              [
                ['sellsData', 'Sells or shares personal data'],
                ['offersEU', 'Offers services to people in the EU'],
                ['offersUK', 'Offers services to people in the UK'],
              ] as const
            ).map(([field, label]) => (
              <Input.Wrapper key={field} label={label} error={form.errors[field]}>
                <Box mt={6}>
                  <SegmentedControl
                    aria-label={label}
                    data={[
                      { value: '', label: 'Not recorded' },
                      { value: 'yes', label: 'Yes' },
                      { value: 'no', label: 'No' },
                    ]}
                    {...form.getInputProps(field)}
                  />
                </Box>
              </Input.Wrapper>
            ))}
          </SimpleGrid>
        </FormSection>

        <FormSection title="Letters" description="How the letters Privacy Desk writes for you look and who signs them.">
          <Stack gap="md">
            <LogoInput
              value={form.values.logo}
              onChange={(v) => {
                form.setFieldValue('logo', v);
                form.clearFieldError('logo');
              }}
              error={form.errors.logo}
            />
            <SimpleGrid cols={2} spacing="md">
              <TextInput label="Signatory name" {...form.getInputProps('signatoryName')} />
              <TextInput label="Signatory title" {...form.getInputProps('signatoryTitle')} />
            </SimpleGrid>
            <Input.Wrapper label="Paper size" error={form.errors.paperSize}>
              <Box mt={6}>
                <SegmentedControl
                  aria-label="Paper size"
                  data={[
                    { value: 'letter', label: 'US Letter' },
                    { value: 'a4', label: 'A4' },
                  ]}
                  {...form.getInputProps('paperSize')}
                />
              </Box>
            </Input.Wrapper>
          </Stack>
        </FormSection>

        <FormSection
          title="Deadlines"
          description="Deadlines are counted in the practice's time zone. Your privacy policy may promise a faster answer than the law allows: the earlier date then applies."
        >
          <Stack gap="lg">
            <SimpleGrid cols={2} spacing="md">
              <Select
                label="Time zone"
                required
                searchable
                data={zoneOptions}
                allowDeselect={false}
                nothingFoundMessage="No time zone matches"
                {...form.getInputProps('timeZone')}
              />
              <Select
                label="Usual country of EU requesters"
                description="Offered at intake for a GDPR request; each request counts the public holidays of the country chosen on it"
                searchable
                allowDeselect={false}
                data={countries.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
                {...form.getInputProps('holidayCountry')}
              />
            </SimpleGrid>
            <Input.Wrapper
              label="Promised response time (calendar days)"
              description="Leave empty where the law's own period applies."
              error={typeof form.errors.promisedDays === 'string' ? form.errors.promisedDays : undefined}
            >
              <SimpleGrid cols={4} spacing="sm" verticalSpacing="sm" mt="xs">
                {regimes.map((r) => (
                  <NumberInput
                    key={r.id}
                    label={r.label}
                    min={1}
                    max={365}
                    allowDecimal={false}
                    allowNegative={false}
                    placeholder="Law's period"
                    suffix=" days"
                    {...form.getInputProps(`promisedDays.${r.id}`)}
                  />
                ))}
              </SimpleGrid>
            </Input.Wrapper>
            <TagsInput
              label="Days the practice is closed"
              description="Business-day deadlines skip these. Type a date as YYYY-MM-DD and press Enter."
              placeholder="e.g. 2026-12-24"
              clearable
              splitChars={[',', ' ']}
              {...form.getInputProps('closedDays')}
              onChange={(days) => {
                const bad = days.find((d) => dateProblem(d));
                form.setFieldValue('closedDays', days);
                if (bad) form.setFieldError('closedDays', dateProblem(bad));
                else form.clearFieldError('closedDays');
              }}
            />
          </Stack>
        </FormSection>

        <FormSection title="Files and backups">
          {/* An administrator has the Database card above instead. */}
          {!canEdit && <DatabaseLine />}
          <SimpleGrid cols={3} spacing="md">
            <NumberInput
              label="Largest attachment"
              description="Per file"
              min={1}
              max={2048}
              allowDecimal={false}
              allowNegative={false}
              suffix=" MB"
              {...form.getInputProps('attachmentMaxMB')}
            />
            <TextInput
              label="Backup folder"
              description="A backup is written here on the first start of each day. Leave empty for none."
              placeholder="/home/you/Backups/PrivacyDesk"
              {...form.getInputProps('backupFolder')}
            />
            <NumberInput
              label="Automatic backups kept"
              description="Older ones are removed"
              min={1}
              max={365}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('backupKeep')}
            />
          </SimpleGrid>
        </FormSection>

        <Card
          padding="md"
          style={{ position: 'sticky', bottom: 12, zIndex: 5 }}
          shadow="sm"
          className="pd-save-bar"
        >
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {form.isDirty()
                ? 'You have unsaved changes.'
                : base.updatedAt && !base.updatedAt.startsWith('0001')
                  ? `Last saved ${formatInstant(base.updatedAt)}.`
                  : 'Not saved yet.'}
            </Text>
            <Group gap="sm">
              <Button
                variant="default"
                disabled={!form.isDirty() || save.isPending}
                onClick={() => {
                  form.reset();
                  setFormError(null);
                }}
              >
                Discard changes
              </Button>
              <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} />}>
                Save profile
              </Button>
            </Group>
          </Group>
        </Card>
      </Stack>
      </fieldset>
    </form>
  );
}

/** Which database this window uses (read-only): the file on this computer or the shared PostgreSQL server. */
export function DatabaseLine() {
  const info = useQuery(appInfoQuery());
  if (!info.data?.database) return null;
  return (
    <Text size="sm" mb="sm" data-testid="settings-database">
      Database: {info.data.database}
    </Text>
  );
}
