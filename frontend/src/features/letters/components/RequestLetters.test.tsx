import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'react';
import { Button } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { RequestLetters } from './RequestLetters';

const kind = (k: string, title: string, fits: boolean, extra: Record<string, unknown> = {}) => ({
  kind: k,
  title,
  description: `${title} description`,
  toVendor: false,
  fits,
  reason: fits ? '' : `A ${k} letter does not fit request PR-2026-0001: it is a California (CCPA/CPRA) request, not a HIPAA request.`,
  usesResponse: false,
  usesEnclosures: false,
  usesDisclosures: false,
  ...extra,
});

const letter = {
  id: 7,
  requestRef: 'PR-2026-0001',
  vendorTaskId: 0,
  vendorName: '',
  kind: 'acknowledgment',
  title: 'Acknowledgment',
  templateName: 'Standard',
  templateVersion: 1,
  recipient: 'Zoë O’Brien-Núñez',
  pages: 1,
  size: 41000,
  sha256: 'a'.repeat(64),
  createdBy: 'Dana',
  createdAt: '2026-03-09T15:00:00Z',
};

describe('RequestLetters', () => {
  afterEach(uninstallBackend);

  it('offers the kinds that fit, the practice copies and vendor directions', async () => {
    installBackend({
      LetterService: {
        Kinds: async () => [
          kind('acknowledgment', 'Acknowledgment', true),
          kind('hipaa-access', 'HIPAA access', false),
          kind('vendor-direction', 'Direction to a vendor', true, { toVendor: true }),
        ],
        List: async () => [],
        Templates: async () => [
          { kind: 'acknowledgment', name: 'Standard', version: 1, body: '', createdBy: '', createdAt: '0001-01-01T00:00:00Z', builtin: true },
          { kind: 'acknowledgment', name: 'Gentle', version: 3, body: '', createdBy: 'Dana', createdAt: '2026-03-01T10:00:00Z', builtin: false },
        ],
      },
      VendorService: {
        Tasks: async () => ({ tasks: [{ id: 4, vendorName: 'Healthcare Blocks', status: 'to-notify', letterId: 0 }] }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestLetters reference="PR-2026-0001" />);
    await screen.findByText('No letter has been made for this request yet.');
    const make = screen.getByRole('button', { name: /Make a letter/ });
    await waitFor(() => expect(make).toBeEnabled());

    await user.click(make);
    // In jsdom the dropdown hides itself soon after opening (nothing is laid out), so the
    // items are checked for presence.
    const item = (name: RegExp) => screen.queryByRole('menuitem', { name, hidden: true });
    await screen.findByRole('menuitem', { name: /^Acknowledgment(?!:)/, hidden: true });
    await waitFor(() => expect(item(/Direction to Healthcare Blocks/)).not.toBeNull());
    expect(item(/Acknowledgment: Gentle/)).not.toBeNull();
    expect(item(/^HIPAA access/)).toBeNull();
    expect(item(/Why not the 1 other kinds/)).not.toBeNull();
  });

  it('makes the letter in two clicks and lists it with its actions', async () => {
    const kept: (typeof letter)[] = [];
    const backend = installBackend({
      LetterService: {
        Kinds: async () => [kind('acknowledgment', 'Acknowledgment', true)],
        List: async () => kept,
        Templates: async () => [],
        Preflight: async () => [],
        Issue: async () => {
          kept.push(letter);
          return letter;
        },
      },
      VendorService: { Tasks: async () => ({ tasks: [] }) },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestLetters reference="PR-2026-0001" />);
    const make = await screen.findByRole('button', { name: /Make a letter/ });
    await waitFor(() => expect(make).toBeEnabled());
    await user.click(make);
    await user.click(await screen.findByRole('menuitem', { name: /^Acknowledgment/, hidden: true }));
    await waitFor(() => expect(backend.LetterService.Issue).toHaveBeenCalledTimes(1));
    expect(backend.LetterService.Issue.mock.calls[0][0]).toMatchObject({ reference: 'PR-2026-0001', kind: 'acknowledgment', templateName: '', vendorTaskId: 0 });

    const row = await screen.findByTestId('letter-row');
    expect(row).toHaveTextContent('Acknowledgment');
    expect(row).toHaveTextContent('To Zoë O’Brien-Núñez · 1 page · Standard v1 · #7');
    expect(within(row).getByRole('button', { name: 'Save a copy of letter 7' })).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Open letter 7 in the PDF viewer' })).toBeInTheDocument();
    // Made is not sent: the row offers to record the sending.
    expect(within(row).getByRole('button', { name: 'Mark letter 7 as sent' })).toBeInTheDocument();
  });

  it('shows when, how and by whom a letter was sent', async () => {
    installBackend({
      LetterService: {
        Kinds: async () => [],
        List: async () => [{ ...letter, sent: { on: '2026-03-10', method: 'post', by: 'Dana', recordedAt: '2026-03-10T16:00:00Z' } }],
        Templates: async () => [],
      },
      VendorService: { Tasks: async () => ({ tasks: [] }) },
    });
    renderWithProviders(<RequestLetters reference="PR-2026-0001" />);
    const sent = await screen.findByTestId('letter-sent');
    expect(sent).toHaveTextContent(/^Sent .*2026 by post \(recorded by Dana\)$/);
    expect(screen.queryByRole('button', { name: 'Mark letter 7 as sent' })).toBeNull();
  });

  it('says why a letter was refused', async () => {
    installBackend({
      LetterService: {
        Kinds: async () => [kind('acknowledgment', 'Acknowledgment', true)],
        List: async () => [],
        Templates: async () => [],
        Preflight: async () => [],
        Issue: async () => {
          throw JSON.stringify({ code: 'invalid', message: 'Enter the practice’s name in Settings before making letters.', field: 'practice.name' });
        },
      },
      VendorService: { Tasks: async () => ({ tasks: null }) },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestLetters reference="PR-2026-0001" />);
    const make = await screen.findByRole('button', { name: /Make a letter/ });
    await waitFor(() => expect(make).toBeEnabled());
    await user.click(make);
    await user.click(await screen.findByRole('menuitem', { name: /^Acknowledgment/, hidden: true }));
    expect(await screen.findByText('Enter the practice’s name in Settings before making letters.')).toBeInTheDocument();
  });

  it('says a letter failed after the office manager left the request for another screen', async () => {
    let refuse: (reason: string) => void = () => {};
    const backend = installBackend({
      LetterService: {
        Kinds: async () => [kind('acknowledgment', 'Acknowledgment', true)],
        List: async () => [],
        Templates: async () => [],
        Preflight: async () => [],
        Issue: () =>
          new Promise((_, reject) => {
            refuse = reject;
          }),
      },
      VendorService: { Tasks: async () => ({ tasks: [] }) },
    });
    function Screen() {
      const [here, setHere] = useState(true);
      return (
        <>
          <Notifications />
          <Button onClick={() => setHere(false)}>Go to the dashboard</Button>
          {here && <RequestLetters reference="PR-2026-0001" />}
        </>
      );
    }
    notifications.clean(); // earlier tests' notices, kept by the global store
    const user = userEvent.setup();
    renderWithProviders(<Screen />);
    const make = await screen.findByRole('button', { name: /Make a letter/ });
    await waitFor(() => expect(make).toBeEnabled());
    await user.click(make);
    await user.click(await screen.findByRole('menuitem', { name: /^Acknowledgment/, hidden: true }));
    await waitFor(() => expect(backend.LetterService.Issue).toHaveBeenCalledTimes(1));
    await user.click(screen.getByRole('button', { name: 'Go to the dashboard' }));
    expect(screen.queryByTestId('request-letters')).toBeNull();
    refuse(JSON.stringify({ code: 'invalid', message: 'The disk is full: the letter was not kept.' }));
    expect(await screen.findByText('The disk is full: the letter was not kept.')).toBeInTheDocument();
    expect(screen.getByText('No letter made')).toBeInTheDocument();
  });

  it("sends 'vendors not told' to the vendor tasks' own screen, not the top of the request", async () => {
    installBackend({
      LetterService: {
        Kinds: async () => [kind('acknowledgment', 'Acknowledgment', true)],
        List: async () => [],
        Templates: async () => [],
        Preflight: async () => [
          { code: 'vendors-not-told', severity: 'blocking', message: 'Stripe has not been told to delete.', field: 'vendors', fix: 'tasks' },
        ],
        Issue: async () => letter,
      },
      VendorService: { Tasks: async () => ({ tasks: [] }) },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestLetters reference="PR-2026-0001" />);
    const make = await screen.findByRole('button', { name: /Make a letter/ });
    await waitFor(() => expect(make).toBeEnabled());
    await user.click(make);
    await user.click(await screen.findByRole('menuitem', { name: /^Acknowledgment/, hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Check the letter before it is made' });
    expect(within(dialog).getByRole('link', { name: 'Open the vendor tasks' })).toHaveAttribute('href', '#/vendors/tasks/PR-2026-0001');
  });

  it('shows the preflight problems: blocking ones with a way to fix them, warnings to tick before making the letter', async () => {
    let problems = [
      { code: 'no-address', severity: 'blocking', message: 'There is nowhere to send this letter.', field: 'requester.address', fix: 'request' },
      { code: 'agent-not-addressed', severity: 'warning', message: 'This letter is addressed to Ann, not to Pat.', field: 'agent.name', fix: 'request' },
      { code: 'extension-notice-late', severity: 'warning', message: 'This notice is late.', field: 'extension', fix: 'none' },
    ];
    const backend = installBackend({
      LetterService: {
        Kinds: async () => [kind('acknowledgment', 'Acknowledgment', true)],
        List: async () => [],
        Templates: async () => [],
        Preflight: async () => problems,
        Issue: async () => letter,
      },
      VendorService: { Tasks: async () => ({ tasks: [] }) },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestLetters reference="PR-2026-0001" />);
    const make = await screen.findByRole('button', { name: /Make a letter/ });
    await waitFor(() => expect(make).toBeEnabled());
    await user.click(make);
    await user.click(await screen.findByRole('menuitem', { name: /^Acknowledgment/, hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Check the letter before it is made' });
    expect(within(dialog).getByText(/There is nowhere to send this letter/)).toBeInTheDocument();
    expect(within(dialog).getAllByRole('link', { name: 'Edit the request' })[0]).toHaveAttribute('href', '#/requests/PR-2026-0001/edit');
    // A warning with nothing to fix (a late extension notice) offers no link, only the tick.
    expect(within(dialog).getAllByRole('link', { name: 'Edit the request' })).toHaveLength(2);
    expect(within(within(dialog).getByTestId('preflight-warnings')).getAllByRole('link')).toHaveLength(1);
    // A blocking problem: no way to make the letter, even with the warning ticked.
    await user.click(within(dialog).getByRole('checkbox', { name: /addressed to Ann/ }));
    expect(within(dialog).getByRole('button', { name: 'Make letter' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    // Only the warning left: ticking it allows the letter, made with the warnings accepted.
    problems = problems.slice(1);
    await user.click(make);
    await user.click(await screen.findByRole('menuitem', { name: /^Acknowledgment/, hidden: true }));
    const again = await screen.findByRole('dialog', { name: 'Check the letter before it is made' });
    const confirm = within(again).getByRole('button', { name: 'Make letter' });
    expect(confirm).toBeDisabled();
    await user.click(within(again).getByRole('checkbox', { name: /addressed to Ann/ }));
    expect(confirm).toBeDisabled();
    await user.click(within(again).getByRole('checkbox', { name: /This notice is late/ }));
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    await waitFor(() => expect(backend.LetterService.Issue).toHaveBeenCalledTimes(1));
    expect(backend.LetterService.Issue.mock.calls[0][0]).toMatchObject({ kind: 'acknowledgment', acceptWarnings: true });
  });
});
