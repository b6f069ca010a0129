import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconAlertTriangle, IconFileZip, IconKey } from '@tabler/icons-react';
import { formatInstant } from '@/lib/dates';
import type { AppError } from '@/lib/ipc';
import { planResponsePackage, responsePackageTo, responsePackageWithDialog, type PackagePlan } from '../api/exports';
import { describePackage } from './describe';
import { JobProgress } from './JobProgress';
import { SaveDialogOrPath, useSaveJob } from './SaveDialogOrPath';

type Errors = { reference?: string; passphrase?: string; out?: string; other?: string };

/** ResponsePackageCard makes the ZIP a requester receives for an access or portability
 * request. #/exports?package=PR-2026-0001 opens it on that request. */
export function ResponsePackageCard({ initialRef = '' }: { initialRef?: string }) {
  const [ref, setRef] = useState(initialRef);
  const [plan, setPlan] = useState<PackagePlan | null>(null);
  const [pass, setPass] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const onError = (err: AppError) => {
    if (err.field === 'reference' || err.field === 'passphrase' || err.field === 'out') setErrors({ [err.field]: err.message });
    else setErrors({ other: err.message });
  };
  const check = useMutation({
    mutationFn: (r: string) => planResponsePackage(r),
    onSuccess: (p) => {
      setErrors({});
      setPlan(p);
    },
    onError: (err: AppError) => {
      setPlan(null);
      onError(err);
    },
  });
  useEffect(() => {
    if (initialRef) {
      // Opened from a request: fill its reference in and check it once, as if typed.
      // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
      setRef(initialRef);
      check.mutate(initialRef);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialRef]);

  const passProblem = () =>
    pass && plan && [...pass].length < plan.minPassphrase ? `Use a passphrase of at least ${plan.minPassphrase} characters; a generated one is safest.` : null;
  const save = useSaveJob('package', {
    withDialog: () => responsePackageWithDialog(plan!.reference, pass),
    toPath: (out) => responsePackageTo(plan!.reference, pass, out),
    clearErrors: () => setErrors({}),
    onError,
  });
  const { job } = save;
  const go = (m: { mutate: () => void }) => {
    const p = passProblem();
    if (p) setErrors({ passphrase: p });
    else m.mutate();
  };
  const ready = plan && !plan.problem;

  return (
    <Card component="section" aria-label="Response package" padding="lg" withBorder>
      <Stack gap="sm">
        <Title order={3} fz={16}>
          Response package
        </Title>
        <Text size="sm" c="dimmed">
          For an access or portability request: one ZIP with the cover letter, the files attached as the response, what Privacy
          Desk holds about the request (JSON and CSV) and a manifest of SHA-256 checksums. Encrypt it to send by email.
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            check.mutate(ref.trim());
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label="Request reference"
              placeholder="PR-2026-0001"
              value={ref}
              onChange={(e) => {
                setRef(e.currentTarget.value);
                setErrors({});
                setPlan(null);
              }}
              error={errors.reference}
              size="xs"
              style={{ flex: 1 }}
            />
            <Button type="submit" size="xs" variant="light" loading={check.isPending} disabled={!ref.trim()}>
              Check
            </Button>
          </Group>
        </form>
        {plan && (
          <Stack gap={6} data-testid="package-plan">
            <Text size="sm">
              <b>{plan.reference}</b> · {plan.requester}
            </Text>
            {plan.coverLetter ? (
              <List size="sm" spacing={2}>
                <List.Item>
                  Cover letter: {plan.coverLetter.title} of {formatInstant(plan.coverLetter.createdAt)}
                </List.Item>
                {plan.files.length === 0 ? (
                  <List.Item>No file is marked “Response document” on the request: only the letter and the record go in.</List.Item>
                ) : (
                  plan.files.map((f) => <List.Item key={f.id}>{f.originalName}</List.Item>)
                )}
                <List.Item>Your request, as JSON and CSV, and the manifest</List.Item>
              </List>
            ) : (
              <Alert color="orange" icon={<IconAlertTriangle size={16} />} p="xs">
                {plan.problem}
              </Alert>
            )}
          </Stack>
        )}
        {ready && (
          <>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Passphrase (optional)"
                description="Read it out to the requester by phone or send it by letter, never in the same email."
                value={pass}
                onChange={(e) => {
                  setPass(e.currentTarget.value);
                  setErrors({});
                }}
                error={errors.passphrase}
                size="xs"
                style={{ flex: 1 }}
                autoComplete="off"
                spellCheck={false}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <Button size="xs" variant="default" leftSection={<IconKey size={14} />} onClick={() => setPass(plan.suggestedPassphrase)}>
                Generate
              </Button>
            </Group>
            <SaveDialogOrPath
              save={save}
              icon={<IconFileZip size={16} />}
              dialogLabel="Make package…"
              onDialog={() => go(save.viaDialog)}
              pathLabel="Save the package to"
              placeholder={`/home/you/Documents/${plan.fileName}`}
              pathError={errors.out}
              submitLabel="Make it there"
              onPath={() => go(save.viaPath)}
            />
          </>
        )}
        {errors.other && (
          <Text size="sm" c="red" role="alert">
            {errors.other}
          </Text>
        )}
        {job && <JobProgress job={job} done={describePackage} onDismiss={save.dismiss} />}
      </Stack>
    </Card>
  );
}
