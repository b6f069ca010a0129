import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  Group,
  Input,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCircleCheck, IconFolderOpen, IconPlugConnected } from '@tabler/icons-react';
import { showOnField } from '@/lib/form-errors';
import { AppError } from '@/lib/ipc';
import { useSession } from '@/lib/session-context';
import {
  chooseCAFile,
  databaseFormFields,
  databaseKeys,
  databaseQuery,
  fromDatabaseForm,
  saveDatabase,
  sslModeLabels,
  sslModes,
  testDatabase,
  toDatabaseForm,
  validateDatabaseForm,
  type DatabaseForm,
  type DatabaseSetting,
  type DatabaseTest,
} from '../api/database';

// Settings > Database, for an administrator: which database this computer opens, this
// computer's file or a PostgreSQL server several desks share. Kept on this computer, in
// effect from the next start (or a sign-out); the password goes to the credential store.
export function DatabaseCard() {
  const setting = useQuery(databaseQuery());
  return (
    <Card withBorder radius="md" p="lg" component="section" aria-labelledby="database-title" data-testid="database-card">
      <Stack gap="md">
        <Title order={2} fz="lg" id="database-title">
          Database
        </Title>
        <Text size="sm" c="dimmed" maw={720}>
          Where Privacy Desk on this computer keeps the practice’s data. One front desk keeps this computer’s
          encrypted file; several desks share one PostgreSQL server. The choice is kept on this computer only and
          takes effect the next time Privacy Desk starts.
        </Text>
        {setting.isPending ? (
          <Skeleton h={160} />
        ) : setting.isError ? (
          <Alert color="red" title="The database setting could not be read">
            {setting.error.message}
          </Alert>
        ) : (
          <DatabaseForm setting={setting.data} />
        )}
      </Stack>
    </Card>
  );
}

export function DatabaseForm({ setting }: { setting: DatabaseSetting }) {
  const qc = useQueryClient();
  const session = useSession();
  const [tested, setTested] = useState<DatabaseTest | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<DatabaseForm>({
    mode: 'controlled',
    initialValues: toDatabaseForm(setting.choice),
    validate: validateDatabaseForm,
    validateInputOnBlur: true,
    // A change after a test makes the test's answer stale.
    onValuesChange: () => setTested(null),
  });
  useEffect(() => {
    const values = toDatabaseForm(setting.choice);
    form.setInitialValues(values);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [setting]);

  const failed = (err: AppError) => {
    if (showOnField(form, err, databaseFormFields)) setProblem(null);
    else setProblem(err.message);
  };
  const test = useMutation({
    mutationFn: (v: DatabaseForm) => testDatabase(fromDatabaseForm(v), v.password),
    onMutate: () => {
      setTested(null);
      setProblem(null);
    },
    onSuccess: (t) => setTested(t),
    onError: failed,
  });
  const save = useMutation({
    mutationFn: (v: DatabaseForm) => saveDatabase(fromDatabaseForm(v), v.password),
    onMutate: () => setProblem(null),
    onSuccess: (saved) => {
      qc.setQueryData(databaseKeys.setting, saved.setting);
      const values = toDatabaseForm(saved.setting.choice);
      form.setInitialValues(values);
      form.setValues(values);
      form.resetDirty(values);
      setTested(saved.setting.choice.engine === 'postgres' ? saved.test : null);
      notifications.show({
        color: 'teal',
        title: 'Database saved for this computer',
        message: saved.setting.pending
          ? 'It takes effect at the next start, or when you sign out.'
          : 'This computer already uses it.',
      });
      if (saved.passwordNotKept) {
        notifications.show({ color: 'yellow', title: 'Password not kept', message: saved.passwordNotKept, autoClose: false });
      }
    },
    onError: failed,
  });

  const server = form.values.engine === 'postgres';
  const verifies = form.values.sslMode === 'verify-full' || form.values.sslMode === 'verify-ca';
  const busy = test.isPending || save.isPending;

  return (
    <form
      noValidate
      aria-label="Database for this computer"
      onSubmit={form.onSubmit(
        (v) => save.mutate(v),
        (errors) => {
          const first = Object.keys(errors)[0];
          if (first) form.getInputNode(first)?.focus();
        },
      )}
    >
      <Stack gap="md">
        <Text size="sm" data-testid="settings-database-in-use">
          <Text span fw={600}>
            In use now:
          </Text>{' '}
          {setting.inUse}
        </Text>
        {setting.override && (
          <Alert color="gray" variant="light" title="Started on another database">
            {setting.override}
          </Alert>
        )}
        {setting.pending && !setting.override && (
          <Alert color="blue" variant="light" title="Takes effect at the next start" data-testid="database-pending">
            <Stack gap="xs">
              <Text size="sm">
                This computer will open{' '}
                {setting.choice.engine === 'postgres'
                  ? `the PostgreSQL server ${setting.choice.host}:${setting.choice.port}/${setting.choice.database}`
                  : 'its own file'}{' '}
                the next time Privacy Desk starts. Signing out switches at once: whoever signs in next works there.
              </Text>
              {session && (
                <Group>
                  <Button size="xs" variant="light" onClick={session.signOut}>
                    Sign out now
                  </Button>
                </Group>
              )}
            </Stack>
          </Alert>
        )}

        <Input.Wrapper label="This computer opens" error={form.errors.engine}>
          <Box mt={6}>
            <SegmentedControl
              aria-label="This computer opens"
              data={[
                { value: 'sqlite', label: 'This computer’s file' },
                { value: 'postgres', label: 'A PostgreSQL server' },
              ]}
              {...form.getInputProps('engine')}
            />
          </Box>
        </Input.Wrapper>

        {!server ? (
          <Text size="sm" c="dimmed">
            The practice’s encrypted file on this computer: <Text span ff="monospace">{setting.defaultFile}</Text>
          </Text>
        ) : (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="md">
              <Box style={{ gridColumn: 'span 2' }}>
                <TextInput
                  label="Server"
                  description="Its name or address as its certificate has it"
                  placeholder="db.office.lan"
                  required
                  autoComplete="off"
                  spellCheck={false}
                  {...form.getInputProps('host')}
                />
              </Box>
              <NumberInput
                label="Port"
                description="PostgreSQL’s usual port is 5432"
                required
                min={1}
                max={65535}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator={false}
                {...form.getInputProps('port')}
              />
              <TextInput
                label="Database"
                description="Its name on the server"
                placeholder="practice"
                required
                autoComplete="off"
                spellCheck={false}
                {...form.getInputProps('database')}
              />
              <TextInput
                label="User"
                description="The role Privacy Desk connects as"
                placeholder="privacydesk"
                required
                autoComplete="off"
                spellCheck={false}
                {...form.getInputProps('user')}
              />
              <PasswordInput
                label="Password"
                description={
                  setting.passwordKept ? 'One is kept here; type another to replace it' : 'Kept in the credential store, not a file'
                }
                autoComplete="new-password"
                {...form.getInputProps('password')}
                // Mantine's PasswordInput marks an error only with data-invalid.
                aria-invalid={Boolean(form.errors.password) || undefined}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
              <Select
                label="Connection security"
                allowDeselect={false}
                data={sslModes.map((m) => ({ value: m, label: sslModeLabels[m] }))}
                {...form.getInputProps('sslMode')}
              />
              <TextInput
                  label="Certificate authority (CA) file"
                  description="The practice’s ca.crt, which signed the server’s certificate"
                  placeholder={verifies ? '/path/to/ca.crt' : 'Not needed without verification'}
                  disabled={form.values.sslMode === 'disable'}
                  required={verifies}
                  spellCheck={false}
                  rightSectionWidth={116}
                  rightSectionProps={{ style: { paddingRight: 4, justifyContent: 'flex-end' } }}
                  rightSection={
                    <Button
                      size="compact-sm"
                      variant="default"
                      leftSection={<IconFolderOpen size={14} />}
                      disabled={form.values.sslMode === 'disable'}
                      onClick={() =>
                        void chooseCAFile()
                          .then((f) => {
                            if (f) {
                              form.setFieldValue('caFile', f);
                              form.clearFieldError('caFile');
                            }
                          })
                          .catch((err: Error) =>
                            notifications.show({ color: 'red', title: 'No file chosen', message: err.message }),
                          )
                      }
                    >
                      Choose…
                    </Button>
                  }
                  {...form.getInputProps('caFile')}
              />
            </SimpleGrid>
            {form.values.sslMode !== 'verify-full' && (
              <Text size="xs" c="orange.8">
                Verifying the certificate and the server’s name is recommended: anything less lets another computer on
                the network pose as the server.
              </Text>
            )}
          </Stack>
        )}

        {problem && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The connection did not work" role="alert">
            {problem}
          </Alert>
        )}
        {tested && server && (
          <Alert color="teal" icon={<IconCircleCheck size={18} />} title="The connection works" data-testid="database-test-result">
            {tested.summary}
          </Alert>
        )}

        <Group justify="flex-end" gap="sm">
          {server && (
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={16} />}
              loading={test.isPending}
              disabled={busy}
              onClick={() => {
                const v = form.validate();
                if (v.hasErrors) {
                  const first = Object.keys(v.errors)[0];
                  if (first) form.getInputNode(first)?.focus();
                  return;
                }
                test.mutate(form.values);
              }}
            >
              Test connection
            </Button>
          )}
          <Button type="submit" loading={save.isPending} disabled={busy || (!form.isDirty() && form.values.password === '')}>
            Save for this computer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
