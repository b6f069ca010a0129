import { useState } from 'react';
import { Alert, Anchor, Button, Card, Code, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import type { AppError } from '@/lib/ipc';
import { DialogActions } from '@/components/DialogActions';
import { createRecoveryKey, createRecoveryKeyTo, exportKeys, recoveryKeyQuery, type RecoveryKey } from '../api/exports';

/** RecoveryKeyCard makes the recovery key the automatic backups are encrypted to, and
 * shows its secret once. */
export function RecoveryKeyCard() {
  const qc = useQueryClient();
  const status = useQuery(recoveryKeyQuery());
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [pathOpen, setPathOpen] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [made, setMade] = useState<RecoveryKey | null>(null);
  const has = status.data?.set ?? false;

  const done = (k: RecoveryKey | null) => {
    setError(null);
    setConfirmReplace(false);
    if (!k) return;
    setMade(k);
    void qc.invalidateQueries({ queryKey: exportKeys.recoveryKey });
    void qc.invalidateQueries({ queryKey: exportKeys.autoBackup });
  };
  const onError = (err: AppError) => setError({ field: err.field, message: err.message });
  const viaDialog = useMutation({ mutationFn: () => createRecoveryKey(has), onSuccess: (r) => done(r.saved ? r.key : null), onError });
  const viaPath = useMutation({
    mutationFn: () => {
      const keyFile = path.trim();
      return createRecoveryKeyTo(keyFile, keyFile ? keyFile.replace(/\.txt$/, '') + '.pdf' : '', has);
    },
    onSuccess: done,
    onError,
  });
  const start = (go: () => void) => (has && !confirmReplace ? setConfirmReplace(true) : go());

  return (
    <Card padding="xl" withBorder component="section" aria-label="Recovery key">
      <Stack gap="sm">
        <Title order={3} fz={16}>
          Recovery key
        </Title>
        <Text size="sm" c="dimmed">
          The automatic backups are encrypted to the recovery key, so nobody types a passphrase to make them and only the key
          opens them. Privacy Desk keeps only its public half: the key itself is saved where you choose, with a page of
          instructions to print and keep in a safe.
        </Text>
        <Text size="sm" data-testid="recovery-key-status">
          {has ? (
            <>
              Automatic backups are encrypted to <Code>{status.data?.recipient}</Code>
            </>
          ) : (
            'No recovery key yet: automatic backups, and backups without a passphrase, are refused (they would not be encrypted). Make it here.'
          )}
        </Text>
        {confirmReplace && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
            The backups made so far still need the current key: keep it. Only the backups made from now on use the new one.
          </Alert>
        )}
        <Group justify="space-between">
          <Button
            leftSection={<IconKey size={16} />}
            variant={has ? 'default' : 'filled'}
            onClick={() => start(() => viaDialog.mutate())}
            loading={viaDialog.isPending}
          >
            {confirmReplace ? 'Replace the recovery key…' : has ? 'Make a new recovery key…' : 'Make the recovery key…'}
          </Button>
          <Anchor component="button" type="button" size="xs" onClick={() => setPathOpen((o) => !o)} aria-expanded={pathOpen}>
            {pathOpen ? 'Hide the path field' : 'Type a file path instead'}
          </Anchor>
        </Group>
        {pathOpen && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              start(() => viaPath.mutate());
            }}
          >
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Save the recovery key to"
                placeholder="/media/usb/privacydesk-recovery-key.txt"
                value={path}
                onChange={(e) => {
                  setPath(e.currentTarget.value);
                  setError(null);
                }}
                error={error?.field === 'out' ? error.message : undefined}
                size="xs"
                style={{ flex: 1 }}
              />
              <Button type="submit" size="xs" variant="light" loading={viaPath.isPending}>
                Save the key here
              </Button>
            </Group>
          </form>
        )}
        {error && error.field !== 'out' && (
          <Text size="sm" c="red" role="alert">
            {error.message}
          </Text>
        )}
      </Stack>
      {made && (
        <Modal opened onClose={() => setMade(null)} title="Your recovery key" size="lg" closeOnClickOutside={false}>
          <Stack gap="sm">
            <Text size="sm">This is the only time Privacy Desk shows it. It was saved in {made.keyFile}.</Text>
            <Code block data-testid="recovery-key-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {made.secret}
            </Code>
            {made.pdfFile && <Text size="sm">Print {made.pdfFile} and keep it in a safe, away from this computer.</Text>}
            <DialogActions>
              <Button onClick={() => setMade(null)}>I have kept it safe</Button>
            </DialogActions>
          </Stack>
        </Modal>
      )}
    </Card>
  );
}
