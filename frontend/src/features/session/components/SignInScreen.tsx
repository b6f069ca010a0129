import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { showOnField } from '@/lib/form-errors';
import { signIn } from '../api/session';
import { AuthCard, FormAlert } from './AuthCard';

interface Values {
  name: string;
  passphrase: string;
}

// Sign-in: a wrong name or passphrase is told on the passphrase; a disabled account and
// the wait after repeated failures are told above the form, in the backend's words.
export function SignInScreen({ dataDir, onDone }: { dataDir: string; onDone: () => void }) {
  const form = useForm<Values>({
    initialValues: { name: '', passphrase: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name.'),
      passphrase: (v) => (v ? null : 'Enter your passphrase.'),
    },
  });
  const mutation = useMutation({
    networkMode: 'always',
    mutationFn: (v: Values) => signIn(v.name.trim(), v.passphrase),
    onSuccess: onDone,
    onError: (err) => {
      // A wrong passphrase is cleared for the next try, then told on its field.
      if (err.field === 'passphrase') form.setFieldValue('passphrase', '');
      showOnField(form, err, ['name', 'passphrase']);
    },
  });
  return (
    <AuthCard title="Sign in" intro="Sign in with your own staff account." footer={`Data folder: ${dataDir}`}>
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="md">
          <FormAlert error={mutation.error} />
          <TextInput label="Name" autoComplete="username" autoFocus {...form.getInputProps('name')} />
          <PasswordInput label="Passphrase" autoComplete="current-password" {...form.getInputProps('passphrase')} />
          <Button type="submit" fullWidth size="md" loading={mutation.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
