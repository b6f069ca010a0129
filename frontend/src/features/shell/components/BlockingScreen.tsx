import { Alert, Center, Code, Container, Stack, Text, Title, ThemeIcon } from '@mantine/core';
import { IconDatabaseOff } from '@tabler/icons-react';

export function BlockingScreen({ title, message, path, hint }: { title: string; message: string; path?: string; hint: string }) {
  return (
    <Center mih="100vh" p="xl" component="main">
      <Container size={620}>
        <Stack gap="lg">
          <ThemeIcon size={56} radius="xl" color="red" variant="light">
            <IconDatabaseOff size={30} />
          </ThemeIcon>
          <Title order={1} fz={26}>
            {title}
          </Title>
          <Alert color="red" variant="light" title="What happened" role="alert">
            <Text style={{ whiteSpace: 'pre-wrap' }}>{message}</Text>
          </Alert>
          {path && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Database file
              </Text>
              <Code block data-testid="db-path">
                {path}
              </Code>
            </Stack>
          )}
          <Text c="dimmed">{hint}</Text>
        </Stack>
      </Container>
    </Center>
  );
}
