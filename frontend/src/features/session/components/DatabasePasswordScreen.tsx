import { Button, Checkbox, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconDatabase } from '@tabler/icons-react';
import { showOnField } from '@/lib/form-errors';
import { giveDatabasePassword } from '../api/session';
import { AuthCard, FormAlert } from './AuthCard';

interface Values {
  password: string;
  keep: boolean;
}

// Before signing in: the practice's PostgreSQL server wants a password this computer's
// credential store does not hold (a new desk, or a password changed on the server). It is
// tested against the server, used, and kept in the credential store when asked.
export function DatabasePasswordScreen({ database, account, onDone }: { database: string; account: string; onDone: () => void }) {
  const form = useForm<Values>({
    initialValues: { password: '', keep: true },
    validate: { password: (v) => (v ? null : 'Enter the database’s password.') },
  });
  const user = account.split('@')[0];
  const mutation = useMutation({
    networkMode: 'always',
    mutationFn: (v: Values) => giveDatabasePassword(v.password, v.keep),
    onSuccess: (r) => {
      if (r.notKept) notifications.show({ color: 'yellow', title: 'Password not kept', message: r.notKept, autoClose: false });
      onDone();
    },
    onError: (err) => {
      if (err.field === 'password') form.setFieldValue('password', '');
      showOnField(form, err, ['password']);
    },
  });
  return (
    <AuthCard
      title="Connect to the database"
      icon={<IconDatabase size={28} aria-hidden />}
      intro={`This computer works on the ${database}. Its password for the user ${user || 'Privacy Desk connects as'} is not kept on this computer yet.`}
      footer={`Password for ${account}`}
    >
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate aria-label="Connect to the database">
        <Stack gap="md">
          <FormAlert error={mutation.error} />
          <PasswordInput
            label="Database password"
            autoComplete="off"
            autoFocus
            {...form.getInputProps('password')}
            // Mantine's PasswordInput marks an error only with data-invalid.
            aria-invalid={Boolean(form.errors.password) || undefined}
          />
          <Checkbox
            label="Keep it in this computer’s credential store"
            description="Not in a file. Without it, Privacy Desk asks again at the next start."
            {...form.getInputProps('keep', { type: 'checkbox' })}
          />
          <Button type="submit" fullWidth size="md" loading={mutation.isPending}>
            Connect
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            The practice’s administrator knows it; your own passphrase comes next.
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
