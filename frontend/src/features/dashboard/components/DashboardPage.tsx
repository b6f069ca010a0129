import { Alert, Anchor, Button, Card, Group, List, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBuildingHospital, IconRocket, IconSettings } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { practiceQuery, regimes } from '@/features/settings/api/settings';
import { LoadExampleButton } from '@/features/shell/components/LoadExampleButton';
import { navigate } from '@/lib/router';
import { backendHas } from '@/lib/ipc';
import { DueCards } from './DueCards';

export function DashboardPage() {
  const practice = useQuery(practiceQuery());
  const requestCards = backendHas('DashboardService') ? <DueCards /> : null;

  if (practice.isPending) return <Skeleton h={240} />;
  if (practice.isError) {
    return (
      <Alert color="red" title="The practice profile could not be read">
        {practice.error.message}
      </Alert>
    );
  }
  const p = practice.data;

  if (!p.name) {
    return (
      <>
        <PageHeader title="Welcome to Privacy Desk" description="Set up your practice first; then log each privacy or patient-rights request as it arrives." />
        <Card maw={760} p="xl" data-testid="first-run">
          <Stack gap="lg">
            <Group gap="md" wrap="nowrap" align="flex-start">
              <ThemeIcon size={44} radius="xl" variant="light">
                <IconRocket size={24} />
              </ThemeIcon>
              <Stack gap={4}>
                <Title order={2} fz={19}>
                  Two ways to start
                </Title>
                <Text size="sm" c="dimmed">
                  Privacy Desk needs your practice's name, contact details and time zone: they go on every letter and
                  decide how deadlines are counted.
                </Text>
              </Stack>
            </Group>
            <List spacing="sm" size="sm" type="ordered">
              <List.Item>
                <Text span fw={600}>Fill in your practice profile</Text> in Settings: name, address, privacy contact,
                time zone and the response times your privacy policy promises.
              </List.Item>
              <List.Item>
                <Text span fw={600}>Or look around first</Text> with the example practice, Sessions, Inc. of
                Minneapolis. It fills the profile with their details; you can change everything afterwards.
              </List.Item>
            </List>
            <Group>
              <Button leftSection={<IconSettings size={16} />} onClick={() => navigate('settings')}>
                Fill in the practice profile
              </Button>
              <LoadExampleButton hasPractice={false} variant="light" />
            </Group>
          </Stack>
        </Card>
      </>
    );
  }

  const promised = Object.entries(p.promisedDays).filter(([, d]) => d > 0);
  return (
    <>
      <PageHeader title="Dashboard" description={`What needs attention at ${p.name}.`} />
      <Stack gap="lg">
        {requestCards}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Card>
            <Group gap="sm" mb="sm" wrap="nowrap">
              <ThemeIcon variant="light" size={34} radius="md">
                <IconBuildingHospital size={20} />
              </ThemeIcon>
              <Title order={2} fz={17}>
                {p.name}
              </Title>
            </Group>
            <Stack gap={4}>
              {p.address && <Text size="sm" style={{ whiteSpace: 'pre-line' }}>{p.address}</Text>}
              {p.email && <Text size="sm">{p.email}</Text>}
              {p.phone && <Text size="sm">{p.phone}</Text>}
              <Text size="sm" c="dimmed" mt={6}>
                Time zone {p.timeZone} · {p.paperSize === 'a4' ? 'A4' : 'US Letter'} letters
                {p.privacyContact ? ` · Privacy requests: ${p.privacyContact}` : ''}
              </Text>
            </Stack>
            <Anchor href="#/settings" size="sm" mt="md" display="inline-block">
              Edit the practice profile
            </Anchor>
          </Card>
          <Card>
            <Title order={2} fz={17} mb="sm">
              Promised response times
            </Title>
            {promised.length === 0 ? (
              <Text size="sm" c="dimmed">
                None set: each law's own period applies. If your privacy policy promises a faster answer, enter it in
                Settings.
              </Text>
            ) : (
              <SimpleGrid cols={2} spacing={4}>
                {regimes
                  .filter((r) => p.promisedDays[r.id] > 0)
                  .map((r) => (
                    <Text size="sm" key={r.id}>
                      {r.label}: <b>{p.promisedDays[r.id]} days</b>
                    </Text>
                  ))}
              </SimpleGrid>
            )}
          </Card>
        </SimpleGrid>
      </Stack>
    </>
  );
}
