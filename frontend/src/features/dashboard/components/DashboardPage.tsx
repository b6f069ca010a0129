import { Alert, Anchor, Button, Card, Grid, Group, List, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconGavel, IconInbox, IconPlus, IconRocket, IconSettings } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { practiceQuery } from '@/features/settings/api/settings';
import { LoadExampleButton } from '@/features/shell/components/LoadExampleButton';
import { navigate } from '@/lib/router';
import { chartsQuery, dashboardQuery } from '../api/dashboard';
import { longDate } from '../api/labels';
import { ChartsRow } from './Charts';
import { DueCards } from './DueCards';
import { UrgencyList } from './UrgencyList';
import { VendorAlertsPanel } from './VendorAlertsPanel';
import './dashboard.css';

function FirstRun() {
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

/** No request and no vendor yet: say what the dashboard will show, and offer the example. */
function NothingYet({ hasPractice }: { hasPractice: boolean }) {
  return (
    <Card p="xl" data-testid="dashboard-empty">
      <Group gap="lg" wrap="nowrap" align="flex-start">
        <ThemeIcon size={52} radius="xl" variant="light">
          <IconInbox size={28} />
        </ThemeIcon>
        <Stack gap="sm" maw={620}>
          <Title order={2} fz={19}>
            No requests yet
          </Title>
          <Text size="sm" c="dimmed">
            Once requests are logged, this page shows what is overdue, what is due today and this week, which requests
            wait for an acknowledgment or proof of identity, and how quickly the practice answers. Vendors whose
            business associate agreements need attention appear here too.
          </Text>
          <Group mt="xs">
            <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('requests/new')}>
              Log a request
            </Button>
            <LoadExampleButton hasPractice={hasPractice} variant="light" />
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

export function DashboardPage() {
  const practice = useQuery(practiceQuery());
  const dash = useQuery(dashboardQuery());
  const charts = useQuery({ ...chartsQuery(), enabled: dash.data ? !dash.data.empty : false });

  const loading = (
    <Stack>
      <Skeleton h={36} w={280} />
      <Skeleton h={210} />
      <Skeleton h={320} />
    </Stack>
  );
  if (practice.isPending) return loading;
  if (practice.isError) {
    return (
      <Alert color="red" title="The practice profile could not be read">
        {practice.error.message}
      </Alert>
    );
  }
  const p = practice.data;
  const d = dash.data;
  // A new database gets the welcome, unless requests were logged before the profile was filled.
  if (!p.name && (!d || d.empty)) return <FirstRun />;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            What needs attention{p.name ? ` at ${p.name}` : ''}
            {d ? (
              <>
                {' '}today, {longDate(d.today)}{' '}
                <Text span size="xs" c="dimmed">
                  ({d.timeZone})
                </Text>
              </>
            ) : (
              '.'
            )}
          </>
        }
        actions={
          <>
            <Button variant="default" leftSection={<IconGavel size={16} />} component="a" href="#/rules">
              Deadline rules
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('requests/new')}>
              New request
            </Button>
          </>
        }
      />
      {!p.name && (
        <Alert color="yellow" mb="lg" title="The practice profile is empty">
          Letters and deadlines need the practice's name and time zone. <Anchor href="#/settings">Fill in Settings</Anchor>.
        </Alert>
      )}
      {dash.isError ? (
        <Alert color="red" title="The dashboard could not be read">
          {dash.error.message}
        </Alert>
      ) : !d ? (
        loading
      ) : d.empty ? (
        <NothingYet hasPractice={Boolean(p.name)} />
      ) : (
        <Stack gap="lg">
          <DueCards counts={d.counts} />
          <Grid gutter="lg">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <UrgencyList items={d.urgent} total={d.urgentTotal} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <VendorAlertsPanel alerts={d.vendorAlerts} vendors={d.vendors} phiVendors={d.phiVendors} />
            </Grid.Col>
          </Grid>
          {charts.data ? <ChartsRow charts={charts.data} /> : charts.isError ? (
            <Alert color="red" title="The charts could not be drawn">
              {charts.error.message}
            </Alert>
          ) : (
            <Skeleton h={300} />
          )}
        </Stack>
      )}
    </>
  );
}
