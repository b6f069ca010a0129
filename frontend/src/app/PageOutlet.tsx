import { lazy, Suspense } from 'react';
import { Anchor, Center, Loader, Stack, Text, Title } from '@mantine/core';
import type { Route } from '@/lib/router';
import type { AppInfo } from '@/lib/app';
import { DashboardPage } from '@/features/dashboard/components/DashboardPage';

// The dashboard is the first screen and comes with the shell; every other screen is its
// own chunk, loaded when it is first opened, so the window paints without parsing them.
const RequestsRoutes = lazy(() => import('@/features/requests/components/RequestsRoutes').then((m) => ({ default: m.RequestsRoutes })));
const VendorsPage = lazy(() => import('@/features/vendors/components/VendorsPage').then((m) => ({ default: m.VendorsPage })));
const LettersPage = lazy(() => import('@/features/letters/components/LettersPage').then((m) => ({ default: m.LettersPage })));
const ExportsPage = lazy(() => import('@/features/exports/components/ExportsPage').then((m) => ({ default: m.ExportsPage })));
const RulesPage = lazy(() => import('@/features/rules/components/RulesPage').then((m) => ({ default: m.RulesPage })));
const AuditPage = lazy(() => import('@/features/audit/components/AuditPage').then((m) => ({ default: m.AuditPage })));
const SettingsRoute = lazy(() => import('./SettingsRoute').then((m) => ({ default: m.SettingsRoute })));
const ReadinessPage = lazy(() => import('@/features/readiness/components/ReadinessPage').then((m) => ({ default: m.ReadinessPage })));

export function PageOutlet({ route }: { route: Route; info: AppInfo }) {
  return (
    <Suspense
      fallback={
        <Center mih={200} aria-busy="true">
          <Loader size="sm" aria-label="Opening the screen" />
        </Center>
      }
    >
      <Page route={route} />
    </Suspense>
  );
}

function Page({ route }: { route: Route }) {
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
      return <SettingsRoute />;
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
