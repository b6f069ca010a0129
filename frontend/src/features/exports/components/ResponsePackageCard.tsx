import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconAlertTriangle, IconFileZip, IconKey } from '@tabler/icons-react';
import { formatInstant } from '@/lib/dates';
import type { AppError } from '@/lib/ipc';
import { planResponsePackage, responsePackageTo, responsePackageWithDialog, type Job, type PackagePlan } from '../api/exports';
import { forgetJob, trackJob, useJob } from '../api/jobs';
import { describePackage } from './describe';
import { JobProgress } from './JobProgress';

type Errors = { reference?: string; passphrase?: string; out?: string; other?: string };

/** ResponsePackageCard makes the ZIP a requester receives for an access or portability
 * request. #/exports?package=PR-2026-0001 opens it on that request. */
export function ResponsePackageCard({ initialRef = '' }: { initialRef?: string }) {
  const job = useJob('package');
  const [ref, setRef] = useState(initialRef);
  const [plan, setPlan] = useState<PackagePlan | null>(null);
  const [pass, setPass] = useState('');
  const [pathOpen, setPathOpen] = useState(false);
  const [path, setPath] = useState('');
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
      setRef(initialRef);
      check.mutate(initialRef);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialRef]);

  const passProblem = () =>
    pass && plan && [...pass].length < plan.minPassphrase ? `Use a passphrase of at least ${plan.minPassphrase} characters; a generated one is safest.` : null;
  const started = (j: Job | null) => {
    setErrors({});
    if (j) trackJob('package', j);
  };
  const viaDialog = useMutation({
    mutationFn: () => responsePackageWithDialog(plan!.reference, pass),
    onSuccess: (r) => started(r.started ? r.job : null),
    onError,
  });
  const viaPath = useMutation({ mutationFn: () => responsePackageTo(plan!.reference, pass, path.trim()), onSuccess: started, onError });
  const go = (m: { mutate: () => void }) => {
    const p = passProblem();
    if (p) setErrors({ passphrase: p });
    else m.mutate();
  };
  const busy = job?.state === 'running' || viaDialog.isPending || viaPath.isPending;
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
            <Group justify="space-between">
              <Button leftSection={<IconFileZip size={16} />} onClick={() => go(viaDialog)} loading={viaDialog.isPending} disabled={busy && !viaDialog.isPending}>
                Make package…
              </Button>
              <Anchor component="button" type="button" size="xs" onClick={() => setPathOpen((o) => !o)} aria-expanded={pathOpen}>
                {pathOpen ? 'Hide the path field' : 'Type a file path instead'}
              </Anchor>
            </Group>
            {pathOpen && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  go(viaPath);
                }}
              >
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    label="Save the package to"
                    placeholder={`/home/you/Documents/${plan.fileName}`}
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
                    Make it there
                  </Button>
                </Group>
              </form>
            )}
          </>
        )}
        {errors.other && (
          <Text size="sm" c="red" role="alert">
            {errors.other}
          </Text>
        )}
        {job && <JobProgress job={job} done={describePackage} onDismiss={job.state === 'running' ? undefined : () => forgetJob('package')} />}
      </Stack>
    </Card>
  );
}
