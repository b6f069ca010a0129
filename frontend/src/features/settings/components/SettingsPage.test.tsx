import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, testInfo, testPractice, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { SettingsPage } from './SettingsPage';
import { SessionProvider } from '@/lib/session-context';
import type { Session } from '@/lib/app';

const zones = ['America/Chicago', 'Europe/Berlin', 'UTC'];

describe('SettingsPage', () => {
  afterEach(uninstallBackend);

  it('shows which database the window uses, read-only, to staff (an administrator has the Database card instead)', async () => {
    const staff: Session = { ...testInfo.session, role: 'staff', permissions: ['read', 'requests', 'letters', 'vendors', 'exports'] };
    installBackend({
      AppService: {
        Info: async () => ({ ...testInfo, dbPath: 'postgres://desk:xxxxx@db.example:5432/practice', database: 'PostgreSQL server db.example:5432/practice' }),
      },
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => zones,
        HolidayCountries: async () => [],
        Save: async (p: unknown) => p,
      },
    });
    renderWithProviders(
      <SessionProvider value={{ session: staff, lock: () => {}, signOut: () => {} }}>
        <SettingsPage />
      </SessionProvider>,
    );
    expect(await screen.findByTestId('settings-database')).toHaveTextContent('Database: PostgreSQL server db.example:5432/practice');
    expect(screen.queryByRole('textbox', { name: /database/i })).toBeNull();
  });

  it('shows an administrator no read-only database line: the Database card says it', async () => {
    installBackend({
      AppService: { Info: async () => testInfo },
      SettingsService: { Get: async () => testPractice, TimeZones: async () => zones, HolidayCountries: async () => [], Save: async (p: unknown) => p },
    });
    renderWithProviders(<SettingsPage />);
    expect(await screen.findByText('Files and backups')).toBeInTheDocument();
    expect(screen.queryByTestId('settings-database')).toBeNull();
  });

  it('shows a bad email on the email field as soon as the field is left, and saves nothing', async () => {
    const main = installBackend({
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => zones,
        HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }, { code: 'FR', name: 'France' }],
        Save: async (p: unknown) => p,
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);

    const email = await screen.findByRole('textbox', { name: 'Email' });
    await user.clear(email);
    await user.type(email, 'contact@sessions');
    await user.tab();

    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(/"contact@sessions" is not a valid email address/);

    await user.click(screen.getByRole('button', { name: /save profile/i }));
    expect(main.SettingsService.Save).not.toHaveBeenCalled();

    await user.clear(email);
    await user.type(email, 'privacy@sessionshealth.com');
    await user.tab();
    expect(email).not.toHaveAttribute('aria-invalid', 'true');
  });

  it("puts the server's validation error on the field it names", async () => {
    installBackend({
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => zones,
        HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }, { code: 'FR', name: 'France' }],
        Save: () => Promise.reject(goError('invalid', 'Choose a country for the public holidays of GDPR deadlines.', 'holidayCountry')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    const signatory = await screen.findByRole('textbox', { name: 'Signatory name' });
    await user.type(signatory, ' Jr.');
    await user.click(screen.getByRole('button', { name: /save profile/i }));

    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Usual country of EU requesters' })).toHaveAccessibleDescription(
        /Choose a country for the public holidays/,
      ),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows an error without a field above the form', async () => {
    installBackend({
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => zones,
        HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }, { code: 'FR', name: 'France' }],
        Save: () => Promise.reject(goError('internal', 'Internal error. The details were written to the log file.')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    await user.click(await screen.findByRole('button', { name: /save profile/i }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/details were written to the log file/);
  });

  it('sends promised days as numbers and leaves empty regimes out', async () => {
    const main = installBackend({
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => zones,
        HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }, { code: 'FR', name: 'France' }],
        Save: async (p: unknown) => p,
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    const hipaa = await screen.findByRole('textbox', { name: 'HIPAA' });
    await user.type(hipaa, '20');
    await user.click(screen.getByRole('button', { name: /save profile/i }));
    await waitFor(() => expect(main.SettingsService.Save).toHaveBeenCalled());
    const sent = (main.SettingsService.Save as any).mock.calls[0][0];
    expect(sent.promisedDays).toEqual({ ccpa: 45, hipaa: 20 });
    expect(sent.email).toBe('contact@sessionshealth.com');
  });

  it('edits what decides applicability: empty stays "not recorded", filled fields are sent', async () => {
    const main = installBackend({
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => zones,
        HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }],
        Save: async (p: unknown) => p,
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    await user.click(await screen.findByRole('textbox', { name: 'HIPAA role' }));
    await user.click(await screen.findByRole('option', { name: 'Covered entity', hidden: true }));
    await user.click(screen.getByRole('textbox', { name: /^State/ }));
    await user.type(screen.getByRole('textbox', { name: /^State/ }), 'CA');
    await user.click(await screen.findByRole('option', { name: 'CA', hidden: true }));
    await user.type(screen.getByRole('textbox', { name: /Consumers or patients a year/ }), '12000');
    await user.click(within(screen.getByRole('radiogroup', { name: 'Sells or shares personal data' })).getByLabelText('No'));
    await user.click(screen.getByRole('button', { name: /save profile/i }));
    await waitFor(() => expect(main.SettingsService.Save).toHaveBeenCalled());
    const sent = (main.SettingsService.Save as any).mock.calls[0][0];
    expect(sent).toMatchObject({ state: 'CA', hipaaRole: 'covered-entity', consumers: 12000, sellsData: 'no', revenueBand: '', offersEU: '', offersUK: '' });
  });

  it("puts the server's error on an applicability field", async () => {
    installBackend({
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => zones,
        HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }],
        Save: () => Promise.reject(goError('invalid', 'Enter a number of consumers between 0 and 1,000,000,000, or leave empty.', 'consumers')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    await user.type(await screen.findByRole('textbox', { name: /Consumers or patients a year/ }), '5');
    await user.click(screen.getByRole('button', { name: /save profile/i }));
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: /Consumers or patients a year/ })).toHaveAccessibleDescription(/between 0 and 1,000,000,000/),
    );
  });
});
