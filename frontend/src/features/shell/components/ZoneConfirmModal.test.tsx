import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, testPractice, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { ZoneConfirmModal } from './ZoneConfirmModal';

const zones = ['America/New_York', 'America/Chicago', 'Europe/Dublin'];
const countries = [{ code: 'DE', name: 'Germany' }, { code: 'IE', name: 'Ireland' }];
const proposal = (over = {}) => ({
  practiceName: 'Sessions, Inc.', timeZone: 'Europe/Dublin', fromComputer: true, holidayCountry: 'IE', fromAddress: true, confirmed: false, ...over,
});

function backend(p: ReturnType<typeof proposal>, confirm = async (c: any) => ({ ...testPractice, timeZone: c.timeZone, holidayCountry: c.holidayCountry })) {
  return installBackend({
    SettingsService: { ZoneProposal: async () => p, TimeZones: async () => zones, HolidayCountries: async () => countries, ConfirmZone: confirm },
  });
}

describe('ZoneConfirmModal', () => {
  afterEach(uninstallBackend);

  it('proposes the computer’s zone and the address’s country, and confirms them', async () => {
    const main = backend(proposal());
    let closed = false;
    renderWithProviders(<ZoneConfirmModal opened onClose={() => (closed = true)} />);
    const zone = await screen.findByRole('textbox', { name: 'Time zone' });
    expect(zone).toHaveValue('Europe/Dublin');
    expect(screen.getByText('This computer is set to Europe/Dublin.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Usual country of EU requesters' })).toHaveValue('Ireland');
    expect(screen.getByText('From the practice’s address.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Practice name' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(closed).toBe(true));
    expect(main.SettingsService.ConfirmZone).toHaveBeenCalledWith(expect.objectContaining({ timeZone: 'Europe/Dublin', holidayCountry: 'IE', practiceName: '' }));
  });

  it('asks for the zone when the computer does not say, and for the name in a new install; never America/Chicago silently', async () => {
    const main = backend(proposal({ practiceName: '', timeZone: 'America/Chicago', fromComputer: false, holidayCountry: 'DE', fromAddress: false }));
    renderWithProviders(<ZoneConfirmModal opened onClose={() => {}} />);
    const zone = await screen.findByRole('textbox', { name: 'Time zone' });
    expect(zone).toHaveValue('');
    expect(screen.getByText(/This computer does not say which time zone it is in/)).toBeInTheDocument();
    expect(screen.getByText(/No EU country found in the practice’s address/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('Choose the practice’s time zone.')).toBeInTheDocument();
    expect(screen.getByText('Enter the practice’s name.')).toBeInTheDocument();
    expect(main.SettingsService.ConfirmZone).not.toHaveBeenCalled();
    await userEvent.type(screen.getByRole('textbox', { name: 'Practice name' }), 'Sessions Ltd');
    await userEvent.click(zone);
    await userEvent.click(await screen.findByRole('option', { name: 'America/New_York', hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(main.SettingsService.ConfirmZone).toHaveBeenCalledWith(
        expect.objectContaining({ practiceName: 'Sessions Ltd', timeZone: 'America/New_York', holidayCountry: 'DE' }),
      ),
    );
  });

  it('puts the server’s refusal on its field', async () => {
    backend(proposal(), async () => {
      throw goError('invalid', '"Mars/Olympus" is not a known time zone.', 'timeZone');
    });
    renderWithProviders(<ZoneConfirmModal opened onClose={() => {}} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('"Mars/Olympus" is not a known time zone.')).toBeInTheDocument();
  });
});
