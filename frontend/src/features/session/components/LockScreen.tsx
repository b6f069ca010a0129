import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { IconLock } from '@tabler/icons-react';
import { showOnField } from '@/lib/form-errors';
import { unlock } from '../api/session';
import { AuthCard, FormAlert } from './AuthCard';

// The locked window: the app stays mounted underneath, hidden, so unsaved input
// survives; only the same account's passphrase brings it back. "Sign in as someone else"
// ends the session (and discards what was not saved).
export function LockScreen({ account, onUnlocked, onSignOut }: { account: string; onUnlocked: () => void; onSignOut: () => Promise<void> }) {
  const form = useForm({
    initialValues: { passphrase: '' },
    validate: { passphrase: (v: string) => (v ? null : 'Enter your passphrase.') },
  });
  // Refused while a job runs; the backend's reason shows like any other.
  const leave = useMutation({ networkMode: 'always', mutationFn: onSignOut });
  const mutation = useMutation({
    networkMode: 'always',
    mutationFn: (passphrase: string) => unlock(passphrase),
    onSuccess: onUnlocked,
    onError: (err) => {
      // A wrong passphrase is cleared for the next try, then told on its field.
      if (err.field === 'passphrase') form.setFieldValue('passphrase', '');
      showOnField(form, err, ['passphrase']);
    },
  });
  return (
    <div data-testid="lock-screen">
      <AuthCard
        title="Privacy Desk is locked"
        icon={<IconLock size={28} stroke={1.6} />}
        intro={
          <>
            Locked for <b>{account}</b>. Your unsaved work is kept.
          </>
        }
      >
        <form onSubmit={form.onSubmit((v) => mutation.mutate(v.passphrase))} noValidate>
          <Stack gap="md">
            <FormAlert error={mutation.error ?? leave.error} />
            <PasswordInput label="Passphrase" autoComplete="current-password" autoFocus {...form.getInputProps('passphrase')} />
            <Button type="submit" fullWidth size="md" loading={mutation.isPending}>
              Unlock
            </Button>
            <Button variant="subtle" color="gray" loading={leave.isPending} onClick={() => leave.mutate()}>
              Sign in as someone else
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              Signing in as someone else discards {account}’s unsaved work.
            </Text>
          </Stack>
        </form>
      </AuthCard>
    </div>
  );
}
