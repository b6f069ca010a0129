import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCopy, IconDeviceFloppy, IconRefresh } from '@tabler/icons-react';
import { FormSection } from '@/components/FormSection';
import { PageHeader } from '@/components/PageHeader';
import { timeIn, formatDate } from '@/lib/dates';
import { showOnField } from '@/lib/form-errors';
import { AppError, backendHas } from '@/lib/ipc';
import {
  channelLabels,
  consentLabels,
  grantedRights,
  label,
  options,
  regimeLabels,
  rightLabels,
  statusLabels,
  submittedByLabels,
} from '@/lib/labels';
import { hrefFor, navigate } from '@/lib/router';
import { formErrors } from '@/lib/validate';
import { attachDraftEmail, clearIntakeDraft, mergeDraft, peekIntakeDraft, type EmailProposal } from '@/lib/email-intake';
import { practiceQuery } from '@/features/settings/api/settings';
import { appInfoQuery } from '@/lib/app';
import { applicabilityQuery, phiHint, verdictLabels, verdictWarns } from '@/lib/applicability';
import { usePracticeToday } from '@/lib/practice-today';
import { createRequest, findDuplicates, getEditInput, requestKeys, requestOptionsQuery, updateRequest } from '../api/requests';
import { emptyIntake, intakeFields, intakeSchema, type IntakeForm } from '../api/intake-form';

export function IntakePage() {
  const practice = useQuery(practiceQuery());
  const info = useQuery(appInfoQuery());
  // A request proposed from a dropped email (Exports screen or request list) opens prefilled.
  const [email] = useState(peekIntakeDraft);
  useEffect(() => clearIntakeDraft(email?.token), [email]);
  if (practice.isPending || info.isPending) return null;
  const tz = practice.data?.timeZone || 'UTC';
  const staff = info.data?.staff ?? '';
  const today = info.data?.today ?? '';
  const initial = email ? mergeDraft(emptyIntake(today, timeIn(tz), staff), email.input) : undefined;
  return <IntakeFormView timeZone={tz} today={today} staff={staff} initial={initial} email={email ?? undefined} />;
}

export function EditRequestPage({ reference }: { reference: string }) {
  const practice = useQuery(practiceQuery());
  const today = usePracticeToday();
  const input = useQuery({ queryKey: ['requests', 'edit', reference], queryFn: () => getEditInput(reference), staleTime: 0, gcTime: 0 });
  if (practice.isPending || input.isPending) return null;
  if (input.isError) {
    return (
      <Alert color="red" title={`Request ${reference}`}>
        {input.error.message}
      </Alert>
    );
  }
  // Keyed on the version, so reloading after a refused save starts the form again from the
  // request as it is now.
  return (
    <IntakeFormView
      key={input.data.version ?? 0}
      timeZone={practice.data?.timeZone || 'UTC'}
      today={today}
      staff=""
      initial={input.data}
      reference={reference}
      onReload={() => void input.refetch()}
    />
  );
}

export function IntakeFormView({
  timeZone,
  today,
  staff,
  initial,
  reference,
  email,
  onReload,
}: {
  timeZone: string;
  /** the practice's date (YYYY-MM-DD), as the backend counts it: the limit of the "future" checks */
  today: string;
  staff: string;
  /** the email this new request was proposed from; attached once it is saved */
  email?: EmailProposal;
  /** with reference: edit that request instead of logging a new one */
  initial?: IntakeForm;
  reference?: string;
  /** reads the request again after a save was refused because another desk changed it */
  onReload?: () => void;
}) {
  const qc = useQueryClient();
  const schema = useMemo(() => intakeSchema(today), [today]);
  const [formError, setFormError] = useState<string | null>(null);
  // Someone else changed the request since this form opened it: the backend's sentence
  // naming their change. Nothing was saved; the form keeps the input until reloaded.
  const [conflict, setConflict] = useState<string | null>(null);
  // The Save button is at the bottom of a long form: bring the refusal into view.
  const conflictRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) conflictRef.current?.scrollIntoView?.({ block: 'center' });
  }, [conflict]);
  const form = useForm<IntakeForm>({
    mode: 'controlled',
    initialValues: initial ?? emptyIntake(today, timeIn(timeZone), staff),
    validate: (values) => formErrors(schema, values),
    validateInputOnBlur: true,
  });
  const v = form.values;

  // Rights offered are the ones the chosen law grants (RequestService.Options); others are
  // dropped when the law changes.
  const opts = useQuery(requestOptionsQuery());
  const regimeOpt = opts.data?.regimes.find((r) => r.value === v.regime);
  const regimeChoices = opts.data?.regimes.map(({ value, label }) => ({ value, label })) ?? options(regimeLabels);
  // The chosen law's verdict for the practice's recorded profile (Settings): shown, never
  // enforced; whether a law applies is the practice's decision.
  const verdicts = useQuery({ ...applicabilityQuery(), enabled: backendHas('SettingsService') });
  const profile = useQuery({ ...practiceQuery(), enabled: backendHas('SettingsService') });
  // The practice's usual EU country (Settings) is offered, never filled in: a requester
  // from elsewhere would get the wrong holidays, and weekends only is the safe default.
  const usual = (opts.data?.countries ?? []).find((c) => c.value === profile.data?.holidayCountry);
  const verdict = verdicts.data?.find((x) => x.regime === v.regime);
  const hint = v.regime ? phiHint(v.regime, verdict, profile.data?.hipaaRole ?? '') : null;
  const offered = regimeOpt ? regimeOpt.rights.map((r) => r.value) : (grantedRights[v.regime] ?? []);
  useEffect(() => {
    if (!v.regime) return; // rights proposed from an email wait for the law to be chosen
    const keep = v.rights.filter((r) => offered.includes(r));
    if (keep.length !== v.rights.length) form.setFieldValue('rights', keep);
    // Only a GDPR request names the requester's country (UK GDPR's holidays are fixed).
    if (v.regime !== 'gdpr' && v.requester.country) form.setFieldValue('requester.country', '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [v.regime]);

  // Possible duplicates: an open request with the same email, or the same name and birth date.
  const dupKey = { email: v.requester.email.trim(), name: v.requester.name.trim(), dob: v.requester.dateOfBirth };
  const [dupDebounced] = useDebouncedValue(dupKey, 400);
  const canCheck = backendHas('RequestService') && (dupDebounced.email.includes('@') || (dupDebounced.name && dupDebounced.dob));
  const duplicates = useQuery({
    queryKey: requestKeys.duplicates(JSON.stringify(dupDebounced)),
    queryFn: () => findDuplicates({ ...form.getValues() }, reference ?? ''),
    enabled: Boolean(canCheck),
    staleTime: 5_000,
  });

  const save = useMutation({
    mutationFn: (values: IntakeForm) => (reference ? updateRequest(reference, values) : createRequest(values)),
    onSuccess: async (detail) => {
      const r = detail.request;
      if (email && !reference) {
        await attachDraftEmail(r.reference, email.token).catch((err: Error) =>
          notifications.show({ color: 'red', title: `${email.fileName} was not attached`, message: err.message }),
        );
      }
      qc.setQueryData(requestKeys.detail(r.reference), detail);
      await qc.invalidateQueries({ queryKey: requestKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
      notifications.show({
        color: 'teal',
        title: reference ? `${r.reference} saved` : `${r.reference} logged`,
        message: reference ? 'The changes are in the timeline.' : `Request from ${r.requester.name}.`,
      });
      navigate(`requests/${r.reference}`);
    },
    onError: (err) => {
      if (reference && isConflict(err)) {
        setFormError(null);
        setConflict(err.message);
      } else if (showOnField(form, err, intakeFields)) setFormError(null);
      else setFormError(err.message);
    },
  });

  const submitted = v.submittedBy !== 'self';
  const dups = duplicates.data ?? [];

  return (
    <>
      <PageHeader
        title={reference ? `Edit ${reference}` : 'New request'}
        description={
          reference
            ? 'Changing the received date or the law recomputes the deadlines. Every change is recorded in the timeline and the audit trail.'
            : "Log the request as it arrived. The deadlines are counted from the date and time it was received, in the practice's time zone."
        }
      />
      {email && !reference && (
        <Alert color="blue" mb="md" title={`From the email ${email.fileName}`} data-testid="intake-from-email">
          {email.note} The email is attached to the request when you save it.
        </Alert>
      )}
      <form
        noValidate
        aria-label={reference ? `Edit ${reference}` : 'New request'}
        onSubmit={form.onSubmit(
          (values) => save.mutate(values),
          (errors) => {
            const first = Object.keys(errors)[0];
            if (first) form.getInputNode(first)?.focus();
          },
        )}
      >
        <Stack gap="lg" maw={1000}>
          {conflict && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Not saved: someone else changed this request" role="alert" data-testid="edit-conflict" ref={conflictRef}>
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{conflict}</Text>
                {onReload && (
                  <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={onReload}>
                    Reload the request (your changes here are discarded)
                  </Button>
                )}
              </Stack>
            </Alert>
          )}
          {formError && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Not logged" role="alert">
              {formError}
            </Alert>
          )}
          {dups.length > 0 && (
            <Alert color="yellow" icon={<IconCopy size={18} />} title="Possible duplicate" data-testid="duplicates">
              <Stack gap={4}>
                <Text size="sm">An open request may already cover this. Check before logging a second one:</Text>
                {dups.map((d) => (
                  <Text size="sm" key={d.reference}>
                    <Anchor href={hrefFor(`requests/${d.reference}`)} ff="monospace">
                      {d.reference}
                    </Anchor>{' '}
                    {d.name} · {label(statusLabels, d.status)} · received {formatDate(d.receivedDate)} · same {d.match}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}

          <FormSection title="Requester" description="The person whose data the request is about.">
            <SimpleGrid cols={2} spacing="md">
              <TextInput label="Full name" required {...form.getInputProps('requester.name')} />
              <TextInput
                label="Name on letters"
                description="Optional: the spelling letters print, if the requester prefers another (e.g. in Latin letters)"
                {...form.getInputProps('requester.nameOnLetters')}
              />
              <TextInput label="Email" type="email" {...form.getInputProps('requester.email')} />
              <TextInput label="Phone" type="tel" {...form.getInputProps('requester.phone')} />
              <TextInput label="Client or patient number" description="The practice's own number, if any" {...form.getInputProps('requester.clientNumber')} />
              <Textarea label="Postal address" autosize minRows={2} maxRows={5} {...form.getInputProps('requester.address')} />
              <TextInput label="Date of birth" type="date" description="Optional; helps spot duplicates and minors" {...form.getInputProps('requester.dateOfBirth')} />
            </SimpleGrid>
            <Group mt="md" gap="xl" align="flex-start">
              <Switch label="The requester is a minor (under 18)" {...form.getInputProps('minor', { type: 'checkbox' })} />
              {v.minor && (
                <Select
                  label="Parent or guardian consent"
                  data={options(consentLabels).filter((o) => o.value !== 'not-applicable')}
                  allowDeselect={false}
                  w={260}
                  {...form.getInputProps('guardianConsent')}
                  value={v.guardianConsent === 'not-applicable' ? 'pending' : v.guardianConsent}
                />
              )}
            </Group>
          </FormSection>

          <FormSection title="Who submitted it">
            <Stack gap="md">
              <Select
                label="Submitted by"
                data={options(submittedByLabels)}
                allowDeselect={false}
                w={340}
                {...form.getInputProps('submittedBy')}
              />
              {submitted && (
                <>
                  <SimpleGrid cols={2} spacing="md">
                    <TextInput label="Their name" required {...form.getInputProps('agent.name')} />
                    <TextInput label="Relationship to the requester" {...form.getInputProps('agent.relationship')} />
                    <TextInput label="Their email" type="email" {...form.getInputProps('agent.email')} />
                    <TextInput label="Their phone" type="tel" {...form.getInputProps('agent.phone')} />
                  </SimpleGrid>
                  <Textarea
                    label="Their postal address"
                    description="Letters about the request go to them; one line per line."
                    autosize
                    minRows={2}
                    {...form.getInputProps('agent.address')}
                  />
                  <Checkbox
                    label="Signed permission or proof of authority received"
                    description="Attach it to the request once it is logged (11 CCR 7063)."
                    {...form.getInputProps('proofOfAuthority', { type: 'checkbox' })}
                  />
                  <Checkbox
                    label="The requester confirmed the request directly"
                    {...form.getInputProps('requesterConfirmed', { type: 'checkbox' })}
                  />
                </>
              )}
            </Stack>
          </FormSection>

          <FormSection title="The request">
            <Stack gap="md">
              <SimpleGrid cols={3} spacing="md">
                <Select label="Received by" data={options(channelLabels)} allowDeselect={false} required {...form.getInputProps('channel')} />
                <TextInput label="Received on" type="date" required description={`Practice time zone: ${timeZone}`} {...form.getInputProps('receivedDate')} />
                {/* A text field, not type="time": Chromium shows that as 12-hour AM/PM in
                    US locales, against the hint and the practice's 24-hour records. */}
                <TextInput
                  label="At"
                  placeholder="HH:MM"
                  inputMode="numeric"
                  maxLength={5}
                  autoComplete="off"
                  description="24-hour HH:MM, e.g. 14:30; leave empty if unknown"
                  {...form.getInputProps('receivedTime')}
                />
              </SimpleGrid>
              <Select
                label="Law"
                placeholder="Choose the law the request is made under"
                data={regimeChoices}
                required
                searchable
                w={400}
                {...form.getInputProps('regime')}
              />
              {verdict && (
                <Alert
                  color={verdictWarns(verdict) ? 'yellow' : verdict.verdict === 'applies' ? 'teal' : 'gray'}
                  variant="light"
                  title={`By your practice profile: ${verdictLabels[verdict.verdict].toLowerCase()}`}
                  data-testid="regime-verdict"
                >
                  <Text size="sm">
                    {verdict.reasons.join('; ')} ({verdict.citations.join('; ')})
                  </Text>
                  {hint && (
                    <Text size="sm" fw={600} mt={4} data-testid="regime-phi-hint">
                      {hint}
                    </Text>
                  )}
                </Alert>
              )}
              {v.regime === 'gdpr' && (
                <Select
                  label="Requester's country"
                  placeholder="None chosen: weekends only"
                  description="Its public holidays move the due date when it falls on one. With none chosen, only weekends count."
                  data={opts.data?.countries ?? []}
                  clearable
                  searchable
                  w={400}
                  data-testid="requester-country"
                  {...form.getInputProps('requester.country')}
                  value={v.requester.country || null}
                  onChange={(c) => form.setFieldValue('requester.country', c ?? '')}
                />
              )}
              {v.regime === 'gdpr' && !v.requester.country && usual && (
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  style={{ alignSelf: 'flex-start' }}
                  data-testid="requester-country-usual"
                  onClick={() => form.setFieldValue('requester.country', usual.value)}
                >
                  Use {usual.label}, where most of the practice's EU requesters live (Settings)
                </Anchor>
              )}
              {v.regime === 'uk-gdpr' && (
                <Text size="sm" c="dimmed">
                  UK GDPR dates move past the bank holidays of England and Wales.
                </Text>
              )}
              {regimeOpt?.note && (
                <Alert color="blue" variant="light" title="Check that this law applies" data-testid="regime-note">
                  {regimeOpt.note}
                </Alert>
              )}
              <Checkbox.Group
                label="Rights asked for"
                description={v.regime ? `The rights ${label(regimeLabels, v.regime)} grants.` : 'Choose the law first.'}
                required
                {...form.getInputProps('rights')}
              >
                <SimpleGrid cols={2} spacing={8} mt="xs">
                  {offered.map((r) => (
                    <Checkbox key={r} value={r} label={label(rightLabels, r)} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
              {(v.rights.includes('appeal') || v.appealOf) && (
                <TextInput
                  label="Appeal of"
                  description="Reference of the request denied in whole or in part; leave empty if it is not in Privacy Desk. The appeal's period runs from its own received date."
                  placeholder="PR-2026-0012"
                  {...form.getInputProps('appealOf')}
                />
              )}
              <Textarea
                label="What they asked for (internal)"
                description="Staff notes on the request; never quoted to the requester."
                autosize
                minRows={3}
                maxRows={10}
                {...form.getInputProps('description')}
              />
              <Textarea
                label="The requester's words (quoted in letters)"
                description="Only what the requester wrote or said. Letters quote this, so check it: no greeting, signature or quoted reply."
                autosize
                minRows={3}
                maxRows={10}
                {...form.getInputProps('requesterWords')}
              />
            </Stack>
          </FormSection>

          <FormSection title="Handling">
            <SimpleGrid cols={2} spacing="md">
              <TextInput label="Assigned to" description="Who works the request" {...form.getInputProps('assignee')} />
              <TagsInput label="Tags" description="Press Enter after each" maxTags={20} {...form.getInputProps('tags')} />
            </SimpleGrid>
            <Textarea mt="md" label="Notes" autosize minRows={2} maxRows={10} {...form.getInputProps('notes')} />
          </FormSection>

          <Card padding="md" shadow="sm" className="pd-save-bar" style={{ position: 'sticky', bottom: 12, zIndex: 5 }}>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => navigate(reference ? `requests/${reference}` : 'requests')}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} />}>
                {reference ? 'Save changes' : 'Log request'}
              </Button>
            </Group>
          </Card>
        </Stack>
      </form>
    </>
  );
}

/** isConflict tells a save refused because another desk changed the request since the form
 * opened it (storage's version check, field "version") from the form's other errors. */
export function isConflict(err: Error): err is AppError {
  return err instanceof AppError && err.code === 'conflict' && err.field === 'version';
}
