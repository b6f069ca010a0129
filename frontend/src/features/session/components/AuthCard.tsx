import type { ReactNode } from 'react';
import { Alert, Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertCircle, IconShieldLock } from '@tabler/icons-react';
import type { AppError } from '@/lib/ipc';

// The frame of the screens before the app: first start, sign-in and the lock. A card in
// the middle of a quiet page, with the app's mark above it.
export function AuthCard({ title, intro, icon, children, footer }: {
  title: string;
  intro?: ReactNode;
  icon?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Center mih="100vh" p="lg" component="main" bg="var(--mantine-color-body)" className="pd-auth">
      <Box w="100%" maw={440}>
        <Stack gap="lg">
          <Group gap="xs" justify="center">
            <ThemeIcon size={36} radius="md" variant="filled">
              <IconShieldLock size={22} />
            </ThemeIcon>
            <Text fw={700} size="xl">
              Privacy Desk
            </Text>
          </Group>
          <Paper withBorder shadow="sm" radius="lg" p={32}>
            <Stack gap="lg">
              <Stack gap={6} align="center" ta="center">
                {icon}
                <Title order={1} fz={22}>
                  {title}
                </Title>
                {intro && (
                  <Text size="sm" c="dimmed">
                    {intro}
                  </Text>
                )}
              </Stack>
              {children}
            </Stack>
          </Paper>
          {footer && (
            <Text size="xs" c="dimmed" ta="center">
              {footer}
            </Text>
          )}
        </Stack>
      </Box>
    </Center>
  );
}

/** FormAlert tells an error that belongs to no field (a disabled account, the wait after
 * failed sign-ins) above a form; field errors are shown on their fields. */
export function FormAlert({ error }: { error: AppError | null }) {
  if (!error || error.problems.length > 0) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
      {error.message}
    </Alert>
  );
}
