import { useEffect, useState } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconDatabaseExport, IconFolderOpen, IconRestore, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { formatInstant } from '@/lib/dates';
import type { AppError } from '@/lib/ipc';
import {
  autoBackupQuery,
  backupTo,
  backupWithDialog,
  chooseBackupFile,
  readRecoveryKeyFile,
  restoreBackup,
  restorePreview,
  type BackupPreview,
  type Job,
} from '../api/exports';
import { DialogActions } from '@/components/DialogActions';
import { bindQueryClient, forgetJob, trackJob, useJob, useJobEnded } from '../api/jobs';
import { describeBackup, describeRestore } from './describe';
import { JobProgress } from './JobProgress';
import { RecoveryKeyCard } from './RecoveryKeyCard';
import { SaveDialogOrPath, useSaveJob } from './SaveDialogOrPath';

const MIN_PASSPHRASE = 12;

function passphraseProblem(p: string): string | null {
  if (p && [...p].length < MIN_PASSPHRASE) return `Use a passphrase of at least ${MIN_PASSPHRASE} characters, or none.`;
  return null;
}

/** BackupCard writes the database and every attachment into one file. */
function BackupCard({ buttonRef }: { buttonRef?: React.Ref<HTMLButtonElement> }) {
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string; out?: string; other?: string }>({});
  const auto = useQuery(autoBackupQuery());

  const check = (): boolean => {
    const p = passphraseProblem(pass);
    if (p) {
      setErrors({ passphrase: p });
      return false;
    }
    if (pass !== confirm) {
      setErrors({ confirm: 'The two passphrases differ.' });
      return false;
    }
    return true;
  };
  const onError = (err: AppError) => {
    if (err.field === 'passphrase' || err.field === 'out') setErrors({ [err.field]: err.message });
    else setErrors({ other: err.message });
  };
  const save = useSaveJob('backup', {
    withDialog: () => backupWithDialog(pass),
    toPath: (out) => backupTo(out, pass),
    clearErrors: () => setErrors({}),
    onError,
  });
  const { job } = save;

  return (
    <Card padding="xl" withBorder component="section" aria-label="Back up">
      <Stack gap="sm">
        <Title order={3} fz={16}>
          Back up
        </Title>
        <Text size="sm" c="dimmed">
          The database and every attached file in one file, taken consistently while you work. With a passphrase the file is
          encrypted (age, scrypt); without the passphrase nobody, including you, can restore it.
        </Text>
        <SimpleGrid cols={2} spacing="sm">
          <PasswordInput
            label="Passphrase (optional)"
            value={pass}
            onChange={(e) => {
              setPass(e.currentTarget.value);
              setErrors({});
            }}
            error={errors.passphrase}
            aria-invalid={Boolean(errors.passphrase)}
            autoComplete="new-password"
          />
          <PasswordInput
            label="Repeat the passphrase"
            value={confirm}
            onChange={(e) => {
              setConfirm(e.currentTarget.value);
              setErrors({});
            }}
            error={errors.confirm}
            aria-invalid={Boolean(errors.confirm)}
            disabled={!pass}
            autoComplete="new-password"
          />
        </SimpleGrid>
        <SaveDialogOrPath
          save={save}
          buttonRef={buttonRef}
          icon={<IconDatabaseExport size={16} />}
          dialogLabel="Back up…"
          onDialog={() => check() && save.viaDialog.mutate()}
          pathLabel="Save the backup to"
          placeholder="/media/usb/privacydesk-backup.pdbackup"
          pathError={errors.out}
          submitLabel="Back up to this file"
          onPath={() => check() && save.viaPath.mutate()}
        />
        {errors.other && (
          <Text size="sm" c="red" role="alert">
            {errors.other}
          </Text>
        )}
        {job && <JobProgress job={job} done={describeBackup} onDismiss={save.dismiss} />}
        {auto.data && (
          <Text size="xs" c={auto.data.state === 'failed' ? 'red' : 'dimmed'} data-testid="auto-backup-status">
            {auto.data.message || 'Automatic backups are off.'}{' '}
            {(auto.data.state === 'off' || auto.data.state === 'failed') && <Anchor href="#/settings" size="xs">Settings</Anchor>}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

const countRows: [string, string][] = [
  ['requests', 'Requests'],
  ['vendors', 'Vendors'],
  ['attachments', 'Attached files'],
  ['auditEvents', 'Audit events'],
];

/** RestorePreviewModal shows what the backup holds, against the data now, before the person confirms. */
function RestorePreviewModal({
  preview,
  onClose,
  onConfirm,
  job,
}: {
  preview: BackupPreview;
  onClose: () => void;
  onConfirm: () => void;
  job: Job | undefined;
}) {
  const running = job?.state === 'running';
  const finished = job && job.state !== 'running';
  return (
    <Modal opened onClose={running ? () => {} : onClose} title="Restore this backup?" size="lg" closeOnClickOutside={!running} withCloseButton={!running}>
      <Stack gap="md">
        <Table withTableBorder verticalSpacing={6} aria-label="What the backup holds">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w="40%">Practice</Table.Th>
              <Table.Td data-testid="restore-practice">{preview.practiceName || '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Backup made</Table.Th>
              <Table.Td data-testid="restore-date">{formatInstant(preview.createdAt)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                {preview.name} ({(preview.size / 1024).toFixed(0)} KB{preview.encrypted ? ', encrypted' : ''})
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Table withTableBorder verticalSpacing={4} aria-label="Counts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">In the backup</Table.Th>
              <Table.Th ta="right">In Privacy Desk now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {countRows.map(([key, label]) => (
              <Table.Tr key={key} data-testid={`restore-count-${key}`}>
                <Table.Td>{label}</Table.Td>
                <Table.Td ta="right">{(preview.counts[key] ?? 0).toLocaleString()}</Table.Td>
                <Table.Td ta="right">{preview.current ? (preview.current[key] ?? 0).toLocaleString() : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconShieldCheck size={18} color="var(--mantine-color-teal-6)" style={{ flexShrink: 0 }} />
          <Text size="sm">{preview.integrity}</Text>
        </Group>
        {preview.chainText && (
          <Group gap={6} wrap="nowrap" align="flex-start" data-testid="restore-chain">
            {preview.chain?.ok ? (
              <IconShieldCheck size={18} color="var(--mantine-color-teal-6)" style={{ flexShrink: 0 }} />
            ) : (
              <IconShieldX size={18} color="var(--mantine-color-red-6)" style={{ flexShrink: 0 }} />
            )}
            <Text size="sm" c={preview.chain?.ok ? undefined : 'red'}>
              {preview.chainText}
            </Text>
          </Group>
        )}
        {!finished && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
            Restoring replaces the requests, vendors, letters, settings and attached files you have now with the backup's. The
            current database and attachments folder are kept beside it (renamed), not deleted.
          </Alert>
        )}
        {job && <JobProgress job={job} done={describeRestore} />}
        <DialogActions>
          {finished ? (
            <Button onClick={onClose}>Close</Button>
          ) : (
            <>
              <Button variant="default" onClick={onClose} disabled={running}>
                Keep the current data
              </Button>
              <Button color="red" leftSection={<IconRestore size={16} />} onClick={onConfirm} loading={running}>
                Restore
              </Button>
            </>
          )}
        </DialogActions>
      </Stack>
    </Modal>
  );
}

/** RestoreCard checks a backup file, shows what it holds and restores it. */
function RestoreCard() {
  const qc = useQueryClient();
  const [path, setPath] = useState('');
  const [pass, setPass] = useState('');
  const [errors, setErrors] = useState<{ file?: string; passphrase?: string; other?: string }>({});
  const [preview, setPreview] = useState<BackupPreview | null>(null);
  const [restoreJobId, setRestoreJobId] = useState<string | null>(null);
  const job = useJob('restore');
  const shownJob = job && job.id === restoreJobId ? job : undefined;

  const onError = (err: AppError) => {
    if (err.field === 'file' || err.field === 'passphrase') setErrors({ [err.field]: err.message });
    else if (err.field === 'key') setErrors({ passphrase: err.message });
    else setErrors({ other: err.message });
  };
  const check = useMutation({
    mutationFn: (file: string) => restorePreview(file, pass),
    onSuccess: (pv) => {
      setErrors({});
      setRestoreJobId(null);
      setPreview(pv);
    },
    onError,
  });
  const browse = useMutation({
    mutationFn: chooseBackupFile,
    onSuccess: (p) => {
      if (!p) return;
      setPath(p);
      setErrors({});
    },
    onError,
  });
  const keyFile = useMutation({
    mutationFn: readRecoveryKeyFile,
    onSuccess: (key) => {
      if (!key) return;
      setPass(key);
      setErrors({});
    },
    onError,
  });
  const restore = useMutation({
    mutationFn: () => restoreBackup(preview!.file, pass),
    onSuccess: (j) => {
      trackJob('restore', j);
      setRestoreJobId(j.id);
    },
    onError: (err: AppError) => {
      setPreview(null);
      onError(err);
    },
  });
  // When the restore ends every screen reads the restored data afresh (jobs.ts).
  useEffect(() => bindQueryClient(qc), [qc]);
  useJobEnded((j) => {
    if (j.kind !== 'restore') return;
    if (j.state === 'done') {
      notifications.show({ color: 'teal', title: 'Backup restored', message: 'Every screen now shows the restored data.' });
    }
  });

  return (
    <Card padding="xl" withBorder component="section" aria-label="Restore">
      <Stack gap="sm">
        <Title order={3} fz={16}>
          Restore
        </Title>
        <Text size="sm" c="dimmed">
          Put a backup back, on this computer or a new one. The file is checked completely first and you see what it holds; a
          damaged, cut-off or foreign file, or a wrong passphrase, is refused and your current data stays as it is.
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            check.mutate(path.trim());
          }}
        >
          <Stack gap="sm">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Backup file"
                placeholder="/media/usb/privacydesk-backup.pdbackup"
                value={path}
                onChange={(e) => {
                  setPath(e.currentTarget.value);
                  setErrors({});
                }}
                error={errors.file}
                style={{ flex: 1 }}
              />
              <Button variant="default" leftSection={<IconFolderOpen size={16} />} onClick={() => browse.mutate()} loading={browse.isPending}>
                Browse…
              </Button>
            </Group>
            <PasswordInput
              label="Passphrase or recovery key"
              description="Only for an encrypted backup: its passphrase, or for an automatic backup the recovery key (AGE-SECRET-KEY-1…)"
              value={pass}
              onChange={(e) => {
                setPass(e.currentTarget.value);
                setErrors({});
              }}
              error={errors.passphrase}
              aria-invalid={Boolean(errors.passphrase)}
              autoComplete="off"
            />
            <Anchor component="button" type="button" size="xs" onClick={() => keyFile.mutate()} style={{ alignSelf: 'flex-start' }}>
              Use the recovery key file…
            </Anchor>
            <Group>
              <Button type="submit" variant="light" leftSection={<IconRestore size={16} />} loading={check.isPending} disabled={!path.trim()}>
                Check backup…
              </Button>
            </Group>
          </Stack>
        </form>
        {errors.other && (
          <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />}>
            {errors.other}
          </Alert>
        )}
        {preview && (
          <RestorePreviewModal
            preview={preview}
            job={shownJob}
            onClose={() => {
              setPreview(null);
              if (shownJob && shownJob.state !== 'running') forgetJob('restore');
            }}
            onConfirm={() => restore.mutate()}
          />
        )}
      </Stack>
    </Card>
  );
}

/** BackupSection is the Backup and Restore cards side by side, and the recovery key. */
export function BackupSection({ backupButtonRef }: { backupButtonRef?: React.Ref<HTMLButtonElement> }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <BackupCard buttonRef={backupButtonRef} />
      <RestoreCard />
      <RecoveryKeyCard />
    </SimpleGrid>
  );
}
