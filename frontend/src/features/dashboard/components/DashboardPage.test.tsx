import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { installBackend, testPractice, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import type { Dashboard, DashboardCharts } from '../api/dashboard';
import { DashboardPage } from './DashboardPage';

const dashboard: Dashboard = {
  today: '2026-03-20',
  timeZone: 'America/Chicago',
  counts: { overdue: 2, dueToday: 1, dueWeek: 3, awaitingAck: 1, awaitingIdentity: 0, extended: 1, open: 9 },
  urgent: [
    {
      requestId: 1,
      reference: 'PR-2026-0001',
      requester: 'Zoë O’Brien-Núñez',
      regime: 'hipaa',
      right: 'access',
      otherRights: 1,
      status: 'received',
      received: '2026-02-01',
      dueOn: '2026-03-03',
      daysLeft: -17,
      extended: false,
      statutoryDue: '2026-03-03',
      acknowledgeBy: null,
      citation: '45 CFR 164.524(b)(2)',
      basis: '30 calendar days from 1 February 2026 — 45 CFR 164.524(b)(2)',
      ruleVersion: 1,
    },
    {
      requestId: 2,
      reference: 'PR-2026-0002',
      requester: '王小明',
      regime: 'ccpa',
      right: 'deletion',
      otherRights: 0,
      status: 'extended',
      received: '2026-01-20',
      dueOn: '2026-03-20',
      daysLeft: 0,
      extended: true,
      statutoryDue: '2026-03-06',
      acknowledgeBy: null,
      citation: 'Cal. Civ. Code 1798.130(a)(2)',
      basis: 'extended',
      ruleVersion: 1,
    },
  ],
  urgentTotal: 2,
  vendorAlerts: [
    {
      vendorId: 4,
      vendorName: 'Acme Hosting',
      kind: 'phi-without-baa',
      severity: 'critical',
      message: 'Acme Hosting has full PHI access without a signed, current BAA.',
      date: null,
      days: 0,
      window: 0,
    },
  ],
  vendors: 3,
  phiVendors: 2,
  empty: false,
};

const charts: DashboardCharts = {
  today: '2026-03-20',
  months: Array.from({ length: 12 }, (_, i) => {
    const m = new Date(Date.UTC(2025, 3 + i, 1)).toISOString().slice(0, 7);
    const counts: Record<string, number> = i === 11 ? { access: 3, deletion: 1 } : {};
    return { month: m, counts, total: i === 11 ? 4 : 0 };
  }),
  quarters: [
    { quarter: '2025-Q2', closed: 0, onTime: 0, rate: 0, medianDays: 0 },
    { quarter: '2026-Q1', closed: 4, onTime: 3, rate: 0.75, medianDays: 21.5 },
  ],
  medianDaysToClose: 21.5,
  closedCount: 4,
};

function backend(d: Dashboard = dashboard, practice = testPractice) {
  return installBackend({
    SettingsService: { Get: async () => practice },
    DashboardService: { Get: async () => d, Charts: async () => charts },
    AppService: { LoadExample: async () => ({ practice: 'Sessions, Inc.', vendors: 10, requests: 0 }) },
  });
}

describe('DashboardPage', () => {
  afterEach(uninstallBackend);

  it('shows each card with its count, opening the request list filtered the same way, most urgent first', async () => {
    backend();
    renderWithProviders(<DashboardPage />);
    const overdue = await screen.findByRole('link', { name: /Overdue: 2 requests/ });
    expect(overdue).toHaveAttribute('href', '#/requests?due=overdue&sort=due');
    const expected: [RegExp, string][] = [
      [/Due today: 1 request\./, 'today'],
      [/Due within 7 days: 3 requests/, 'week'],
      [/Awaiting acknowledgment: 1 request\./, 'awaiting-ack'],
      [/Awaiting identity: 0 requests/, 'awaiting-identity'],
      [/Extended: 1 request\./, 'extended'],
    ];
    for (const [name, due] of expected) {
      expect(screen.getByRole('link', { name })).toHaveAttribute('href', `#/requests?due=${due}&sort=due`);
    }
    expect(screen.getByText(/Friday, March 20, 2026/)).toBeInTheDocument();
  });

  it('lists the most urgent requests with days overdue, names exactly as given, and links to each', async () => {
    backend();
    renderWithProviders(<DashboardPage />);
    const table = await screen.findByRole('table', { name: 'Most urgent requests' });
    const rows = within(table).getAllByTestId('urgent-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole('link', { name: 'PR-2026-0001' })).toHaveAttribute('href', '#/requests/PR-2026-0001');
    expect(rows[0]).toHaveTextContent('Zoë O’Brien-Núñez');
    expect(rows[0]).toHaveTextContent('17 days overdue');
    expect(rows[0]).toHaveTextContent('+1');
    expect(rows[1]).toHaveTextContent('王小明');
    expect(rows[1]).toHaveTextContent('due today');
    expect(rows[1]).toHaveTextContent('extended');
  });

  it('shows vendor alerts and the charts with their numbers for screen readers', async () => {
    backend();
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByText(/without a signed, current BAA/)).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: /Requests per month by right/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'On-time rate per quarter' })).toBeInTheDocument();
    expect(screen.getByTestId('median-days')).toHaveTextContent('21.5 days');
    const onTime = screen.getByRole('table', { name: 'On-time rate per quarter' });
    expect(onTime).toHaveTextContent('Q1 2026475%21.5');
  });

  it('does not reassure about BAAs when no vendor is registered', async () => {
    backend({ ...dashboard, vendorAlerts: [], vendors: 0, phiVendors: 0 });
    renderWithProviders(<DashboardPage />);
    const none = await screen.findByTestId('vendor-alerts-none');
    expect(none).toHaveTextContent('No vendor is registered yet');
    expect(none).not.toHaveTextContent(/signed, current BAA/);
    expect(within(none).getByRole('link', { name: 'Add a vendor' })).toHaveAttribute('href', '#/vendors/new');
  });

  it('says how many vendors with PHI access have a BAA when none needs attention', async () => {
    backend({ ...dashboard, vendorAlerts: [], vendors: 3, phiVendors: 2 });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByTestId('vendor-alerts-none')).toHaveTextContent('All 2 vendors with PHI access have a signed, current BAA.');
  });

  it('offers the example practice when there is nothing yet', async () => {
    backend({ ...dashboard, empty: true, urgent: [], urgentTotal: 0, vendorAlerts: [] });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByTestId('dashboard-empty')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Load example practice/ })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Overdue/ })).not.toBeInTheDocument();
  });

  it('welcomes a new database with no practice profile', async () => {
    backend({ ...dashboard, empty: true }, { ...testPractice, name: '' });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByRole('heading', { name: 'Welcome to Privacy Desk' })).toBeInTheDocument();
  });
});
