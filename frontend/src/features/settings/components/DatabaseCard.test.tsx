import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import type { DatabaseSetting } from '../api/database';
import { DatabaseCard } from './DatabaseCard';

const fileSetting: DatabaseSetting = {
  choice: { engine: 'sqlite', host: '', port: 0, database: '', user: '', sslMode: '', caFile: '' },
  inUse: "this computer's file /home/dana/.config/PrivacyDesk/privacydesk.db",
  defaultFile: '/home/dana/.config/PrivacyDesk/privacydesk.db',
  passwordKept: false,
  override: '',
  pending: false,
  sslModes: ['verify-full', 'verify-ca', 'require', 'disable'],
};

const worked = {
  summary: 'Connected to practice on db.office.lan:5432 (PostgreSQL 16.4). The database is empty.',
  contents: 'empty',
  encrypted: true,
  server: '16.4',
  passwordKept: false,
};

async function fillServer(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByText('A PostgreSQL server'));
  await user.type(screen.getByRole('textbox', { name: /^Server/ }), 'db.office.lan');
  await user.type(screen.getByRole('textbox', { name: /^Database/ }), 'practice');
  await user.type(screen.getByRole('textbox', { name: /^User/ }), 'privacydesk');
  await user.type(screen.getByRole('textbox', { name: /Certificate authority/ }), '/etc/privacydesk/ca.crt');
  await user.type(screen.getByLabelText(/^Password/), 'a-long-password');
}

describe('Settings > Database', () => {
  afterEach(uninstallBackend);

  it('shows the database in use and offers this computer’s file by default', async () => {
    installBackend({ SettingsService: { Database: async () => fileSetting } });
    renderWithProviders(<DatabaseCard />);
    expect(await screen.findByTestId('settings-database-in-use')).toHaveTextContent(`In use now: ${fileSetting.inUse}`);
    expect(screen.getByText(fileSetting.defaultFile)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /^Server/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Save for this computer' })).toBeDisabled();
  });

  it('names each missing field of a server and calls nothing', async () => {
    const main = installBackend({ SettingsService: { Database: async () => fileSetting, TestDatabase: async () => worked } });
    const user = userEvent.setup();
    renderWithProviders(<DatabaseCard />);
    await user.click(await screen.findByText('A PostgreSQL server'));
    await user.click(screen.getByRole('button', { name: /Test connection/ }));
    expect(screen.getByRole('textbox', { name: /^Server/ })).toHaveAccessibleDescription(/server’s name or address/);
    expect(screen.getByRole('textbox', { name: /^Database/ })).toHaveAccessibleDescription(/database’s name/);
    expect(screen.getByRole('textbox', { name: /Certificate authority/ })).toHaveAccessibleDescription(/verify-full checks/);
    expect(main.SettingsService.TestDatabase).not.toHaveBeenCalled();
  });

  it('tests the connection with the password typed and tells what it found', async () => {
    const main = installBackend({ SettingsService: { Database: async () => fileSetting, TestDatabase: async () => worked } });
    const user = userEvent.setup();
    renderWithProviders(<DatabaseCard />);
    await fillServer(user);
    await user.click(screen.getByRole('button', { name: /Test connection/ }));
    expect(await screen.findByTestId('database-test-result')).toHaveTextContent(/The database is empty/);
    expect(main.SettingsService.TestDatabase).toHaveBeenCalledWith(
      { engine: 'postgres', host: 'db.office.lan', port: 5432, database: 'practice', user: 'privacydesk', sslMode: 'verify-full', caFile: '/etc/privacydesk/ca.crt' },
      'a-long-password',
    );
  });

  it('puts what failed on its field: the certificate not trusted on the CA file', async () => {
    installBackend({
      SettingsService: {
        Database: async () => fileSetting,
        TestDatabase: async () => {
          throw goError('invalid', "The server's certificate is not trusted: no certificate authority in the CA file signed it.", 'caFile');
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<DatabaseCard />);
    await fillServer(user);
    await user.click(screen.getByRole('button', { name: /Test connection/ }));
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: /Certificate authority/ })).toHaveAccessibleDescription(/certificate is not trusted/),
    );
    expect(screen.queryByTestId('database-test-result')).toBeNull();
  });

  it('saves, says it takes effect at the next start and offers to sign out', async () => {
    const saved = {
      ...fileSetting,
      choice: { engine: 'postgres' as const, host: 'db.office.lan', port: 5432, database: 'practice', user: 'privacydesk', sslMode: 'verify-full', caFile: '/etc/privacydesk/ca.crt' },
      passwordKept: true,
      pending: true,
    };
    const main = installBackend({
      SettingsService: {
        Database: async () => fileSetting,
        SaveDatabase: async () => ({ test: worked, passwordStored: true, passwordNotKept: '', setting: saved }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<DatabaseCard />);
    await fillServer(user);
    await user.click(screen.getByRole('button', { name: 'Save for this computer' }));
    expect(await screen.findByTestId('database-pending')).toHaveTextContent(/PostgreSQL server db.office.lan:5432\/practice the next time Privacy Desk starts/);
    expect(main.SettingsService.SaveDatabase).toHaveBeenCalledWith(expect.objectContaining({ engine: 'postgres' }), 'a-long-password');
    // The password is not kept in the form after saving.
    expect(screen.getByLabelText(/^Password/)).toHaveValue('');
    expect(screen.getByText(/One is kept here/)).toBeInTheDocument();
  });

  it('says when --db or PRIVACYDESK_DB takes priority', async () => {
    installBackend({ SettingsService: { Database: async () => ({ ...fileSetting, override: 'This window was started on PostgreSQL server x:5432/y (the --db option or PRIVACYDESK_DB).' }) } });
    renderWithProviders(<DatabaseCard />);
    expect(await screen.findByText('Started on another database')).toBeInTheDocument();
  });
});
