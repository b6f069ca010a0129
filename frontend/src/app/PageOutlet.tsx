import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { Route } from '@/lib/router';
import type { AppInfo } from '@/lib/app';
import { DashboardPage } from '@/features/dashboard/components/DashboardPage';
import { ExportsPage } from '@/features/exports/components/ExportsPage';
import { SettingsPage } from '@/features/settings/components/SettingsPage';
import { RequestsRoutes } from '@/features/requests/components/RequestsRoutes';
import { AuditPage } from '@/features/audit/components/AuditPage';
import { RulesPage } from '@/features/rules/components/RulesPage';
import { VendorsPage } from '@/features/vendors/components/VendorsPage';
import { LettersPage } from '@/features/letters/components/LettersPage';
import { ReadinessPage } from '@/features/readiness/components/ReadinessPage';

export function PageOutlet({ route }: { route: Route; info: AppInfo }) {
  const page = route.segments[0] ?? 'dashboard';
  switch (page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'requests':
      return <RequestsRoutes route={route} />;
    case 'vendors':
      return <VendorsPage route={route} />;
    case 'letters':
      return <LettersPage route={route} />;
    case 'exports':
      return <ExportsPage route={route} />;
    case 'rules':
      return <RulesPage />;
    case 'audit':
      return <AuditPage />;
    case 'readiness':
      return <ReadinessPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return (
        <Stack>
          <Title order={1} fz={24}>
            Page not found
          </Title>
          <Text>
            There is no screen at “{route.href}”. <Anchor href="#/dashboard">Go to the dashboard</Anchor>.
          </Text>
        </Stack>
      );
  }
}
