import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { RecoveryKeyCard } from './RecoveryKeyCard';

const secret = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';

describe('RecoveryKeyCard', () => {
  afterEach(() => uninstallBackend());

  it('makes the key at a typed path, shows the secret once, then the public key', async () => {
    let set = false;
    const main = installBackend({
      ExportService: {
        RecoveryKey: async () => ({ set, recipient: set ? 'age1pub' : '' }),
        CreateRecoveryKeyTo: async () => {
          set = true;
          return { recipient: 'age1pub', secret, keyFile: '/k/key.txt', pdfFile: '/k/key.pdf', createdAt: '2026-12-07T15:00:00Z' };
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RecoveryKeyCard />);
    const card = await screen.findByRole('region', { name: 'Recovery key' });
    expect(await within(card).findByTestId('recovery-key-status')).toHaveTextContent('No recovery key yet');
    await user.click(within(card).getByRole('button', { name: 'Type a file path instead' }));
    await user.type(within(card).getByLabelText('Save the recovery key to'), '/k/key.txt');
    await user.click(within(card).getByRole('button', { name: 'Save the key here' }));
    expect(main.ExportService.CreateRecoveryKeyTo).toHaveBeenCalledWith('/k/key.txt', '/k/key.pdf', false);
    expect(await screen.findByTestId('recovery-key-secret')).toHaveTextContent(secret);
    await user.click(screen.getByRole('button', { name: 'I have kept it safe' }));
    expect(screen.queryByTestId('recovery-key-secret')).toBeNull();
    expect(await within(card).findByText('age1pub')).toBeInTheDocument();
  });

  it('asks before replacing a key and puts a refusal on the path field', async () => {
    const main = installBackend({
      ExportService: {
        RecoveryKey: async () => ({ set: true, recipient: 'age1old' }),
        CreateRecoveryKeyTo: async () => {
          throw goError('EINVALID', '/k/key.txt exists already', 'out');
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RecoveryKeyCard />);
    const card = await screen.findByRole('region', { name: 'Recovery key' });
    await within(card).findByText('age1old');
    await user.click(within(card).getByRole('button', { name: 'Type a file path instead' }));
    await user.type(within(card).getByLabelText('Save the recovery key to'), '/k/key.txt');
    await user.click(within(card).getByRole('button', { name: 'Save the key here' }));
    expect(main.ExportService.CreateRecoveryKeyTo).not.toHaveBeenCalled();
    expect(within(card).getByText(/still need the current key/)).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Save the key here' }));
    expect(main.ExportService.CreateRecoveryKeyTo).toHaveBeenCalledWith('/k/key.txt', '/k/key.pdf', true);
    expect(await within(card).findByText('/k/key.txt exists already')).toBeInTheDocument();
  });
});
