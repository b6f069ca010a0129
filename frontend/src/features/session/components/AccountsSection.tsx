import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertCircle, IconKey, IconUserPlus } from '@tabler/icons-react';
import type { Role } from '@/lib/app';
import { formatInstant } from '@/lib/dates';
import { showOnField } from '@/lib/form-errors';
import {
  accountKeys,
  accountsQuery,
  changeRole,
  createAccount,
  disableAccount,
  enableAccount,
  resetPassphrase,
  type Account,
} from '../api/accounts';
import { DialogActions } from '@/components/DialogActions';
import { newAccountErrors, roleLabels } from '../logic';

const roleOptions = (['administrator', 'staff', 'auditor'] as const).map((r) => ({ value: r, label: roleLabels[r] }));

// The administrator's list of staff accounts (Settings): add, disable and enable, reset
// a passphrase, change a role. The backend keeps the last administrator (its refusal is
// shown above the table) and audits every change.
export function AccountsSection({ onOwnChange }: { onOwnChange?: () => void }) {
  const qc = useQueryClient();
  const list = useQuery(accountsQuery());
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [problem, setProblem] = useState('');
  const act = useMutation({
    mutationFn: ({ run }: { run: () => Promise<unknown>; account: Account; done: string }) => run(),
    onSuccess: (_v, { account, done }) => {
      setProblem('');
      notifications.show({ color: 'teal', message: done });
      if (account.current) onOwnChange?.();
    },
    onError: (err) => setProblem(err.message),
    onSettled: () => qc.invalidateQueries({ queryKey: accountKeys.all }),
  });

  return (
    <Card withBorder radius="md" p="lg" component="section" aria-labelledby="accounts-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} fz="lg" id="accounts-title">
              Staff accounts
            </Title>
            <Text size="sm" c="dimmed" maw={640}>
              Everyone signs in with their own account, so the audit trail names who did what. Administrators manage
              accounts and settings; staff work requests, letters and vendors; auditors read everything and change nothing.
            </Text>
          </div>
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
            Add account
          </Button>
        </Group>
        {problem && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" withCloseButton onClose={() => setProblem('')}>
            {problem}
          </Alert>
        )}
        {list.isError && <Alert color="red">{list.error.message}</Alert>}
        <Table verticalSpacing="sm" highlightOnHover aria-label="Staff accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={220}>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              <Table.Th ta="right">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((a) => (
              <Table.Tr key={a.name}>
                <Table.Td>
                  <Group gap={6}>
                    <Text fw={500}>{a.name}</Text>
                    {a.current && (
                      <Badge size="xs" variant="outline">
                        you
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Role of ${a.name}`}
                    data={a.role === 'backup' ? [...roleOptions, { value: 'backup', label: roleLabels.backup }] : roleOptions}
                    value={a.role}
                    allowDeselect={false}
                    onChange={(v) =>
                      v &&
                      v !== a.role &&
                      act.mutate({ run: () => changeRole(a.name, v as Role), account: a, done: `${a.name} is now ${roleLabels[v]}.` })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  {a.disabled ? (
                    <Badge color="gray" variant="light">
                      Disabled
                    </Badge>
                  ) : (
                    <Badge color="teal" variant="light">
                      Active
                    </Badge>
                  )}
                  {a.failedAttempts > 0 && (
                    <Text size="xs" c="orange" mt={4}>
                      {a.failedAttempts} failed sign-in{a.failedAttempts === 1 ? '' : 's'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={a.lastSignIn.startsWith('0001') && !a.current ? 'dimmed' : undefined}>
                    {a.current ? 'Signed in now' : a.lastSignIn.startsWith('0001') ? 'Never' : formatInstant(a.lastSignIn)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="compact-sm" variant="default" leftSection={<IconKey size={14} />} onClick={() => setResetting(a)}>
                      Reset passphrase
                    </Button>
                    {a.disabled ? (
                      <Button
                        size="compact-sm"
                        variant="light"
                        onClick={() => act.mutate({ run: () => enableAccount(a.name), account: a, done: `${a.name} can sign in again.` })}
                      >
                        Enable
                      </Button>
                    ) : (
                      <Button
                        size="compact-sm"
                        variant="light"
                        color="red"
                        onClick={() => act.mutate({ run: () => disableAccount(a.name), account: a, done: `${a.name} can no longer sign in.` })}
                      >
                        Disable
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      {adding && <AddAccount onClose={() => setAdding(false)} />}
      {resetting && <ResetPassphrase account={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}

interface NewAccount {
  name: string;
  role: Role;
  passphrase: string;
  repeat: string;
}

function AddAccount({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const form = useForm<NewAccount>({
    initialValues: { name: '', role: 'staff', passphrase: '', repeat: '' },
    validate: (v) => newAccountErrors(v),
  });
  const save = useMutation({
    mutationFn: (v: NewAccount) => createAccount(v.name.trim(), v.role, v.passphrase),
    onSuccess: (_v, v) => {
      notifications.show({ color: 'teal', message: `${v.name.trim()} can sign in now.` });
      void qc.invalidateQueries({ queryKey: accountKeys.all });
      onClose();
    },
    onError: (err) => {
      if (!showOnField(form, err, ['name', 'role', 'passphrase'])) form.setErrors({ name: err.message });
    },
  });
  return (
    <Modal opened onClose={onClose} title="Add a staff account" centered>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="md">
          <TextInput label="Name" description="As it will appear in the audit trail." data-autofocus {...form.getInputProps('name')} />
          <Select label="Role" data={roleOptions} allowDeselect={false} {...form.getInputProps('role')} />
          <PasswordInput label="First passphrase" description="At least 12 characters. Tell it to the person; they sign in with it." {...form.getInputProps('passphrase')} />
          <PasswordInput label="Repeat the passphrase" {...form.getInputProps('repeat')} />
          <ModalButtons onClose={onClose} loading={save.isPending} submit="Add account" />
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPassphrase({ account, onClose }: { account: Account; onClose: () => void }) {
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { name: account.name, passphrase: '', repeat: '' },
    validate: (v) => newAccountErrors(v),
  });
  const save = useMutation({
    mutationFn: (passphrase: string) => resetPassphrase(account.name, passphrase),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: `${account.name} has a new passphrase.` });
      void qc.invalidateQueries({ queryKey: accountKeys.all });
      onClose();
    },
    onError: (err) => {
      if (!showOnField(form, err, ['passphrase'])) form.setErrors({ passphrase: err.message });
    },
  });
  return (
    <Modal opened onClose={onClose} title={`New passphrase for ${account.name}`} centered>
      <form onSubmit={form.onSubmit((v) => save.mutate(v.passphrase))} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            The old passphrase stops working, and the failed sign-ins are cleared.
          </Text>
          <PasswordInput label="New passphrase" data-autofocus {...form.getInputProps('passphrase')} />
          <PasswordInput label="Repeat the passphrase" {...form.getInputProps('repeat')} />
          <ModalButtons onClose={onClose} loading={save.isPending} submit="Set passphrase" />
        </Stack>
      </form>
    </Modal>
  );
}

function ModalButtons({ onClose, loading, submit }: { onClose: () => void; loading: boolean; submit: string }) {
  return (
    <DialogActions>
      <Button variant="default" onClick={onClose}>
        Cancel
      </Button>
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
    </DialogActions>
  );
}
