import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, testInfo, testPractice, uninstallBackend } from '@/test/backend';
import { App } from './App';

function backend(info = testInfo, practice = testPractice) {
  return installBackend({
    AppService: {
      Info: async () => info,
      GetAppState: async () => '',
      SetAppState: async () => null,
      LoadExample: async () => ({ practice: 'Sessions, Inc.', vendors: 0, requests: 0 }),
    },
    SettingsService: {
      Get: async () => practice,
      TimeZones: async () => ['America/Chicago'],
      HolidayCountries: async () => [{ code: 'DE', name: 'Germany' }],
      Save: async (p: unknown) => p,
    },
  });
}

describe('Shell', () => {
  afterEach(uninstallBackend);

  it('tells once that an interrupted restore was settled when the database was opened', async () => {
    const recovered = 'A restore of monday.pdbackup was interrupted and has now been finished.';
    backend({ ...testInfo, recovered });
    render(<App />);
    expect(await screen.findByText(recovered)).toBeInTheDocument();
    expect(screen.getByText('An interrupted restore was settled')).toBeInTheDocument();
  });

  it('navigates with the sidebar and marks the current page', async () => {
    backend();
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: /Settings/ }));
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Settings/ })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('link', { name: /Dashboard/ }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Dashboard/ })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: /Settings/ })).not.toHaveAttribute('aria-current');
  });

  it('opens pages with Alt+number and focuses search with Ctrl+K', async () => {
    backend();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('heading', { name: 'Dashboard' });
    await user.keyboard('{Alt>}6{/Alt}');
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.getByRole('searchbox', { name: 'Search requests' })).toHaveFocus();
  });

  it('offers the example practice on a new database', async () => {
    const main = backend(testInfo, { ...testPractice, name: '', email: '' });
    const user = userEvent.setup();
    render(<App />);
    const button = await screen.findByRole('button', { name: /Load example practice/ });
    await user.click(button);
    await act(async () => {});
    expect(main.AppService.LoadExample).toHaveBeenCalledTimes(1);
  });

  it('blocks the app when the database was refused, naming the file', async () => {
    backend({ ...testInfo, openError: 'This database was written by a newer version of Privacy Desk (schema 9).' });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'The database was not opened' })).toBeInTheDocument();
    expect(screen.getByText(/written by a newer version/)).toBeInTheDocument();
    expect(screen.getByTestId('db-path')).toHaveTextContent(testInfo.dbPath);
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
  });

  it('says how to get past a PostgreSQL server that cannot be reached', async () => {
    backend({
      ...testInfo,
      dbPath: 'postgres://privacydesk@db.office.lan:5432/practice?sslmode=verify-full',
      database: 'PostgreSQL server db.office.lan:5432/practice',
      openError: 'Cannot reach the PostgreSQL database postgres://privacydesk@db.office.lan:5432/practice: No PostgreSQL server answers at db.office.lan:5432.',
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'The database was not opened' })).toBeInTheDocument();
    expect(screen.getByText(/No PostgreSQL server answers/)).toBeInTheDocument();
    expect(screen.getByText(/chosen under Settings > Database/)).toHaveTextContent(`remove database.json from ${testInfo.dataDir}`);
  });

  it('shows the disclaimer once, remembered with the practice, naming the signed-in account', async () => {
    const main = backend({ ...testInfo, state: { timeZoneConfirmed: '1' } });
    const user = userEvent.setup();
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Welcome to Privacy Desk' });
    expect(within(dialog).getByText('Deadlines, not legal advice.')).toBeInTheDocument();
    expect(within(dialog).getByText(/your staff account, Dana,/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    // Seen once: remembered with the practice's data, not in the web view.
    await waitFor(() => expect(main.AppService.SetAppState).toHaveBeenCalledWith('disclaimerSeen', '1'));
    expect(localStorage.length).toBe(0);
  });

  it("names the signed-in account and role in the header, in the practice's colour scheme", async () => {
    const main = backend({ ...testInfo, state: { disclaimerSeen: '1', timeZoneConfirmed: '1', colorScheme: 'dark' } });
    render(<App />);
    expect(await screen.findByRole('button', { name: 'Signed in as Dana, Administrator. Account menu' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: 'Welcome to Privacy Desk' })).not.toBeInTheDocument();
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark'));
    // Applying the practice's scheme does not write it back.
    expect(main.AppService.SetAppState).not.toHaveBeenCalled();
  });

  it('ignores the page shortcuts while a dialog is open', async () => {
    backend({ ...testInfo, state: { timeZoneConfirmed: '1' } });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('dialog', { name: 'Welcome to Privacy Desk' });
    await user.keyboard('{Alt>}6{/Alt}');
    await act(async () => {});
    expect(screen.queryByRole('heading', { name: 'Settings', level: 1 })).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Welcome to Privacy Desk' })).toBeInTheDocument();
  });
});
