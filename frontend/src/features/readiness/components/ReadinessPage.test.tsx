import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { ReadinessPage } from './ReadinessPage';

const item = (key: string, label: string, ok: boolean, fix: string, fixHint: string, detail = ok ? 'In order.' : 'Missing.') => ({
  key, label, ok, detail, fix, fixHint,
});

describe('ReadinessPage', () => {
  afterEach(uninstallBackend);

  it('shows each item green or red, with a link to where a red one is fixed', async () => {
    installBackend({
      DashboardService: {
        Readiness: async () => ({
          asOf: '2026-03-02', ready: false,
          items: [
            item('profile', 'Practice profile complete', true, 'settings', 'Complete the profile in Settings'),
            item('timeZone', 'Time zone confirmed', false, 'confirm-zone', 'Confirm the time zone'),
            item('dataMap', 'Data map filled', false, 'vendors/data-map', 'Fill in the data map', 'No category of personal data is recorded as collected yet.'),
            item('overdue', 'No request overdue', true, 'requests?due=overdue&sort=due', 'Open the overdue requests'),
          ],
        }),
      },
      SettingsService: {
        ZoneProposal: async () => ({ practiceName: 'Sessions', timeZone: 'America/Chicago', fromComputer: true, holidayCountry: 'DE', fromAddress: false, confirmed: false }),
        TimeZones: async () => ['America/Chicago'],
        HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }],
      },
    });
    renderWithProviders(<ReadinessPage />);
    expect(await screen.findByTestId('readiness-summary')).toHaveTextContent('2 of 4 in place');
    const items = screen.getAllByTestId('readiness-item');
    expect(items.map((i) => i.dataset.ok)).toEqual(['true', 'false', 'false', 'true']);
    const profile = within(screen.getByRole('region', { name: 'Practice profile complete' }));
    expect(profile.getByText('In place')).toBeInTheDocument();
    expect(profile.queryByRole('link')).not.toBeInTheDocument();
    const map = within(screen.getByRole('region', { name: 'Data map filled' }));
    expect(map.getByText('To do')).toBeInTheDocument();
    expect(map.getByText('No category of personal data is recorded as collected yet.')).toBeInTheDocument();
    expect(map.getByRole('link', { name: 'Fill in the data map' })).toHaveAttribute('href', '#/vendors/data-map');
    // The time zone is confirmed in the first start's own dialog.
    await userEvent.click(within(screen.getByRole('region', { name: 'Time zone confirmed' })).getByRole('button', { name: 'Confirm the time zone' }));
    expect(await screen.findByRole('dialog', { name: 'Where is the practice?' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save as PDF' })).toBeInTheDocument();
  });

  it('says Ready when every item is in place', async () => {
    installBackend({
      DashboardService: {
        Readiness: async () => ({ asOf: '2026-03-02', ready: true, items: [item('overdue', 'No request overdue', true, 'requests', 'Open')] }),
      },
    });
    renderWithProviders(<ReadinessPage />);
    expect(await screen.findByTestId('readiness-summary')).toHaveTextContent('Ready');
    expect(screen.queryByText('To do')).not.toBeInTheDocument();
  });
});
