import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, testInfo, testPractice, uninstallBackend } from '@/test/backend';
import { App } from './App';

function backend(info = testInfo, practice = testPractice) {
  return installBackend({
    AppService: {
      Info: async () => info,
      SetStaff: async () => null,
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

  it('asks who is working when no staff name is set, with the disclaimer the first time', async () => {
    const main = backend({ ...testInfo, staff: '' });
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByRole('dialog', { name: 'Welcome to Privacy Desk' })).toBeInTheDocument();
    expect(screen.getByText('Deadlines, not legal advice.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Your name' }), 'Dana Reyes');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(main.AppService.SetStaff).toHaveBeenCalledWith('Dana Reyes');
    // Seen once: remembered with the practice's data, not in the web view.
    await waitFor(() => expect(main.AppService.SetAppState).toHaveBeenCalledWith('disclaimerSeen', '1'));
    expect(localStorage.length).toBe(0);
  });

  it("offers the practice's last staff name, without the disclaimer once seen, in its colour scheme", async () => {
    const main = backend({ ...testInfo, staff: '', state: { disclaimerSeen: '1', staff: 'Dana Reyes', colorScheme: 'dark' } });
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Who is working today?' });
    expect(within(dialog).getByRole('textbox', { name: 'Your name' })).toHaveValue('Dana Reyes');
    expect(within(dialog).queryByText('Deadlines, not legal advice.')).not.toBeInTheDocument();
    // The name offered is selected when the field gets focus: typing replaces it.
    const field = within(dialog).getByRole('textbox', { name: 'Your name' });
    field.blur();
    field.focus();
    await userEvent.setup().keyboard('Jo Kim');
    expect(field).toHaveValue('Jo Kim');
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark'));
    // Applying the practice's scheme does not write it back.
    expect(main.AppService.SetAppState).not.toHaveBeenCalled();
  });

  it('ignores the page shortcuts while a dialog is open', async () => {
    backend({ ...testInfo, staff: '' });
    const user = userEvent.setup();
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Welcome to Privacy Desk' });
    // Continue with no name says a name is needed, and keeps the dialog open.
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByRole('textbox', { name: 'Your name' })).toHaveAccessibleDescription(/Enter your name, or choose “Not now”/);
    await user.keyboard('{Alt>}6{/Alt}');
    await act(async () => {});
    expect(screen.queryByRole('heading', { name: 'Settings', level: 1 })).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Welcome to Privacy Desk' })).toBeInTheDocument();
  });
});
