import type { ReactNode } from 'react';
import { Card, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHammer } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';

// A screen whose area is not built yet. It says so plainly and lists what will come,
// with no buttons that pretend to work.
export function ComingSoon({ title, intro, coming, note }: { title: string; intro: string; coming: string[]; note?: ReactNode }) {
  return (
    <>
      <PageHeader title={title} description={intro} />
      <Card maw={760}>
        <Stack gap="md">
          <Stack gap={6} align="flex-start">
            <ThemeIcon variant="light" color="gray" size={40} radius="xl">
              <IconHammer size={22} />
            </ThemeIcon>
            <Title order={2} fz={18}>
              Not available in this version yet
            </Title>
            <Text size="sm" c="dimmed">
              This part of Privacy Desk is still being built. Nothing here works yet, so nothing you do on this
              screen is saved. It will offer:
            </Text>
          </Stack>
          <List spacing={6} size="sm">
            {coming.map((c) => (
              <List.Item key={c}>{c}</List.Item>
            ))}
          </List>
          {note && <Text size="sm">{note}</Text>}
        </Stack>
      </Card>
    </>
  );
}
