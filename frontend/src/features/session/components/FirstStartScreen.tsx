import { useState } from 'react';
import { Button, Code, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { IconKey, IconPrinter } from '@tabler/icons-react';
import { showOnField } from '@/lib/form-errors';
import { createAdministrator, minPassphraseLength, type SignedIn } from '../api/session';
import { newAccountErrors, type NewPassphrase } from '../logic';
import { AuthCard, FormAlert } from './AuthCard';

// The first start of a new database (or of one from before staff accounts): its first
// administrator chooses a name and a passphrase. When the backend made a recovery key
// (encryption at rest), it is shown once, to be printed, before the app opens.
export function FirstStartScreen({ upgrade, dataDir, onDone }: { upgrade: boolean; dataDir: string; onDone: () => void }) {
  const [made, setMade] = useState<SignedIn | null>(null);
  const form = useForm<NewPassphrase>({
    initialValues: { name: '', passphrase: '', repeat: '' },
    validate: (v) => newAccountErrors(v),
  });
  const mutation = useMutation({
    networkMode: 'always',
    mutationFn: (v: NewPassphrase) => createAdministrator(v.name.trim(), v.passphrase, v.repeat),
    onSuccess: (out) => (out.recoveryKey ? setMade(out) : onDone()),
    onError: (err) => {
      showOnField(form, err, ['name', 'passphrase', 'repeat']);
    },
  });

  if (made) {
    return (
      <AuthCard
        title="Print the recovery key"
        icon={<IconKey size={28} />}
        intro="It opens the practice's data when every passphrase is lost. Print it and keep it locked away; it is shown only now."
      >
        <Code block data-testid="recovery-key" fz="md" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {made.recoveryKey}
        </Code>
        <Group justify="space-between">
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            Print
          </Button>
          <Button onClick={onDone}>I have kept it safe</Button>
        </Group>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create the first administrator"
      intro={
        upgrade
          ? 'This practice’s data is from before staff accounts. Whoever sets it up now becomes its first administrator, who then adds the others.'
          : 'Privacy Desk keeps patients’ requests, so everyone signs in with their own account. You become the first administrator and can add the others.'
      }
      footer={`Data folder: ${dataDir}`}
    >
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="md">
          <FormAlert error={mutation.error} />
          <TextInput
            label="Your name"
            description="As it will appear in the audit trail."
            placeholder="e.g. Dana Reyes"
            autoComplete="username"
            data-autofocus
            autoFocus
            maxLength={100}
            {...form.getInputProps('name')}
          />
          <PasswordInput
            label="Passphrase"
            description={`At least ${minPassphraseLength} characters; a few ordinary words make a good one.`}
            autoComplete="new-password"
            {...form.getInputProps('passphrase')}
          />
          <PasswordInput label="Repeat the passphrase" autoComplete="new-password" {...form.getInputProps('repeat')} />
          <Button type="submit" fullWidth size="md" loading={mutation.isPending}>
            Create administrator and sign in
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            Nobody, not even an administrator, can read a forgotten passphrase back: an administrator can only set a new one.
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
