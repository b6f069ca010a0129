import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { VendorTasksPanel } from './VendorTasksPanel';

const task = (id: number, vendorName: string, extra = {}) => ({
  id, requestRef: 'PR-2026-0007', vendorId: id, vendorName, rights: ['deletion'], categories: ['identifiers'], status: 'to-notify',
  notifiedOn: null, notifiedVia: '', notifiedNote: '', letterId: 0, confirmedOn: null, confirmationNote: '', confirmation: null,
  waivedOn: null, waivedReason: '', createdAt: '2026-03-02T10:00:00Z', updatedAt: '2026-03-02T10:00:00Z', ...extra,
});

const options = {
  categories: [], phiAccess: [], baaStatuses: [], baaExemptions: [], dispositions: [], clauses: [], passedOnRights: [],
  notifyMethods: [{ value: 'email', label: 'Email' }, { value: 'portal', label: 'Vendor portal or ticket' }],
  dataCategories: [{ key: 'identifiers', label: 'Identifiers', citation: '', examples: '' }],
};

describe('VendorTasksPanel', () => {
  afterEach(uninstallBackend);

  it('lists the open tasks and puts the server’s refusal on the field it names', async () => {
    const main = installBackend({
      VendorService: {
        Options: async () => options,
        Tasks: async () => ({
          requestId: 7, requestRef: 'PR-2026-0007', status: 'in-progress', rights: ['deletion'], proposed: true,
          proposedAt: '2026-03-02T10:00:00Z', open: 1, addable: [{ id: 9, name: 'Datadog' }],
          tasks: [task(1, 'Healthcare Blocks'), task(2, 'Stripe', { status: 'waived', waivedReason: 'Tax records', waivedOn: '2026-03-02' })],
        }),
        UpdateTask: () => Promise.reject(goError('invalid', "Attach the vendor's confirmation, or note how it was given.", 'confirmationNote')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<VendorTasksPanel reference="PR-2026-0007" />);
    const rows = await screen.findAllByTestId('vendor-task');
    expect(rows.map((r) => r.dataset.vendor)).toEqual(['Healthcare Blocks', 'Stripe']);
    expect(screen.getByTestId('open-vendor-tasks')).toHaveTextContent('1 open');
    expect(within(rows[1]).getByText('Waived: Tax records')).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('button', { name: 'Remove Stripe' })).not.toBeInTheDocument();

    await user.click(within(rows[0]).getByRole('button', { name: 'Record for Healthcare Blocks' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('textbox', { name: 'How it was confirmed' })).toHaveAccessibleDescription(
        /Attach the vendor's confirmation/,
      ),
    );
    expect(main.VendorService.UpdateTask).toHaveBeenCalledWith(1, expect.objectContaining({ notifiedOn: null, waivedReason: '' }));
  });
});

describe('Earlier rounds', () => {
  afterEach(uninstallBackend);

  it('shows what a vendor was told and confirmed before a right added later, and what it is told now', async () => {
    installBackend({
      VendorService: {
        Options: async () => options,
        Tasks: async () => ({
          requestId: 7, requestRef: 'PR-2026-0007', status: 'in-progress', rights: ['correction', 'deletion'], proposed: true,
          proposedAt: '2026-03-02T10:00:00Z', open: 1, addable: [],
          tasks: [
            task(1, 'Healthcare Blocks', {
              earlier: [{ rights: ['correction'], notifiedOn: '2026-02-25', notifiedVia: 'email', notifiedNote: '', letterId: 0,
                confirmedOn: '2026-03-01', confirmationNote: 'Corrected', waivedOn: null, waivedReason: '', carriedOn: false,
                confirmation: { attachmentId: 3, sha256: 'ab', name: 'corrected.pdf', type: 'application/pdf', size: 10,
                  attachedAt: '2026-03-01T10:00:00Z', attachedBy: 'Dana' }, endedAt: '2026-03-02T10:00:00Z' }],
            }),
            task(2, 'Stripe'),
          ],
        }),
      },
    });
    renderWithProviders(<VendorTasksPanel reference="PR-2026-0007" />);
    const rows = await screen.findAllByTestId('vendor-task');
    const earlier = within(rows[0]).getByTestId('earlier-rounds');
    expect(earlier).toHaveTextContent(/Earlier — Correction: told .*by email.*confirmed .*Corrected.*corrected\.pdf/);
    expect(earlier).toHaveTextContent(/Now — Deletion/);
    expect(within(rows[1]).queryByTestId('earlier-rounds')).not.toBeInTheDocument();
    // A task whose vendor was told in an earlier round is proof: it is waived, not removed.
    expect(within(rows[0]).queryByRole('button', { name: 'Remove Healthcare Blocks' })).not.toBeInTheDocument();
    expect(within(rows[0]).getByTestId('no-remove')).toHaveTextContent('Told before: waive it instead of removing it');
    expect(within(rows[1]).queryByTestId('no-remove')).not.toBeInTheDocument();
    expect(within(rows[1]).getByRole('button', { name: 'Remove Stripe' })).toBeInTheDocument();
  });
});

describe('Direct all vendors', () => {
  afterEach(uninstallBackend);

  it('shows the confirmation matrix and directs every vendor not told in one action, reporting the one left out', async () => {
    const tasks = [
      task(1, 'Healthcare Blocks'),
      task(2, 'Stripe'),
      task(3, 'Datadog', { status: 'confirmed', notifiedOn: '2026-03-01', notifiedVia: 'email', confirmedOn: '2026-03-02', confirmationNote: 'by email' }),
    ];
    const main = installBackend({
      VendorService: {
        Options: async () => options,
        Tasks: async () => ({
          requestId: 7, requestRef: 'PR-2026-0007', status: 'in-progress', rights: ['deletion'], proposed: true,
          proposedAt: '2026-03-02T10:00:00Z', open: 2, addable: [], tasks,
        }),
      },
      LetterService: {
        DirectVendors: async () => ({
          saved: true, reference: 'PR-2026-0007', method: 'email', on: '2026-03-02', path: '/tmp/drafts', pages: 1,
          files: ['/tmp/drafts/a.eml'],
          letters: [{ id: 5, requestRef: 'PR-2026-0007', vendorTaskId: 1, vendorName: 'Healthcare Blocks', kind: 'vendor-direction',
            title: 'Direction to a vendor', templateName: 'Standard', templateVersion: 1, recipient: 'Healthcare Blocks', pages: 1, size: 10,
            sha256: 'ab', createdBy: 'Dana', createdAt: '2026-03-02T10:00:00Z', sent: { on: '2026-03-02', method: 'email', by: 'Dana', recordedAt: '2026-03-02T10:00:00Z' } }],
          skipped: [{ vendorTaskId: 2, vendorName: 'Stripe', field: 'contactEmail', message: 'Stripe has no email address to address the draft to.' }],
        }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<VendorTasksPanel reference="PR-2026-0007" />);
    const matrix = await screen.findByTestId('confirmation-matrix');
    const rows = within(matrix).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.vendor)).toEqual(['Healthcare Blocks', 'Stripe', 'Datadog']);
    expect(within(rows[0]).getByText('pending')).toBeInTheDocument();
    expect(within(rows[2]).queryByText('pending')).not.toBeInTheDocument();

    // Two vendors are waiting to be told: one button directs both.
    await user.click(screen.getByRole('button', { name: 'Direct all vendors (2)' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByText('Email: one draft per vendor'));
    await user.click(within(dialog).getByRole('button', { name: 'Direct 2 vendors' }));
    const result = await within(dialog).findByTestId('direct-result');
    expect(main.LetterService.DirectVendors).toHaveBeenCalledWith({ reference: 'PR-2026-0007', method: 'email', acceptWarnings: false });
    expect(within(result).getByText('Directed 1 vendor by email')).toBeInTheDocument();
    expect(within(result).getByText(/Stripe: Stripe has no email address/)).toBeInTheDocument();
  });
});

describe('A vendor’s reply email', () => {
  afterEach(uninstallBackend);

  it('is attached and proposed as the confirmation, which the person saves', async () => {
    const told = task(1, 'Healthcare Blocks', { status: 'notified', notifiedOn: '2026-03-01', notifiedVia: 'email' });
    const attached = { ...told, confirmation: { attachmentId: 3, name: 'reply.eml', type: 'message/rfc822', size: 151, sha256: 'ab', attachedAt: '2026-03-02T10:00:00Z', attachedBy: 'Dana' } };
    const main = installBackend({
      VendorService: {
        Options: async () => options,
        Tasks: async () => ({
          requestId: 7, requestRef: 'PR-2026-0007', status: 'in-progress', rights: ['deletion'], proposed: true,
          proposedAt: '2026-03-02T10:00:00Z', open: 1, addable: [], tasks: [told],
        }),
        AttachTaskReply: async () => ({
          task: attached, confirmedOn: '2026-03-01', from: 'Privacy Team <privacy@hb.example>', subject: 'Re: PR-2026-0007',
          note: 'Reply by email from Privacy Team <privacy@hb.example>, 1 Mar 2026 20:15 CST: Re: PR-2026-0007',
        }),
        UpdateTask: async () => ({ ...attached, status: 'confirmed', confirmedOn: '2026-03-01' }),
      },
      ExportService: { ChooseEmailFile: async () => '/home/dana/reply.eml' },
    });
    const user = userEvent.setup();
    renderWithProviders(<VendorTasksPanel reference="PR-2026-0007" />);
    const rows = await screen.findAllByTestId('vendor-task');
    await user.click(within(rows[0]).getByRole('button', { name: 'Record for Healthcare Blocks' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'choose it' }));
    await within(dialog).findByTestId('task-reply-proposal');
    expect(main.VendorService.AttachTaskReply).toHaveBeenCalledWith(1, '/home/dana/reply.eml');
    expect(within(dialog).getByLabelText('Confirmed on')).toHaveValue('2026-03-01');
    expect(within(dialog).getByRole('textbox', { name: 'How it was confirmed' })).toHaveValue(
      'Reply by email from Privacy Team <privacy@hb.example>, 1 Mar 2026 20:15 CST: Re: PR-2026-0007',
    );
    // Nothing is confirmed until the person saves.
    expect(main.VendorService.UpdateTask).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(main.VendorService.UpdateTask).toHaveBeenCalledWith(1, expect.objectContaining({ confirmedOn: '2026-03-01', notifiedOn: '2026-03-01' })),
    );
  });
});

describe('Vendors without a task', () => {
  afterEach(uninstallBackend);

  it('names a vendor that came to hold the data after the proposal and proposes its task', async () => {
    const main = installBackend({
      VendorService: {
        Options: async () => options,
        Tasks: async () => ({
          requestId: 7, requestRef: 'PR-2026-0007', status: 'in-progress', rights: ['deletion'], proposed: true,
          proposedAt: '2026-03-02T10:00:00Z', open: 0, addable: [{ id: 9, name: 'Doxy' }], missing: [{ id: 9, name: 'Doxy' }],
          tasks: [task(1, 'Healthcare Blocks', { status: 'confirmed', notifiedOn: '2026-03-01', notifiedVia: 'email', confirmedOn: '2026-03-02', confirmationNote: 'ok' })],
        }),
        ProposeTasks: async () => ({
          requestId: 7, requestRef: 'PR-2026-0007', status: 'in-progress', rights: ['deletion'], proposed: true,
          proposedAt: '2026-03-02T10:00:00Z', open: 1, addable: [], missing: [], tasks: [task(9, 'Doxy')],
        }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<VendorTasksPanel reference="PR-2026-0007" />);
    const alert = await screen.findByTestId('missing-vendors');
    expect(alert).toHaveTextContent('Doxy holds the data this request affects but has no task');
    await user.click(within(alert).getByRole('button', { name: 'Propose vendor tasks' }));
    expect(main.VendorService.ProposeTasks).toHaveBeenCalledWith('PR-2026-0007');
  });
});
