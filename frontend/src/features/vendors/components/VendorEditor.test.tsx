import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { emptyVendor } from '../api/vendor-form';
import { VendorEditor } from './VendorEditor';

const clauses = [
  { id: 'i', citation: '45 CFR 164.504(e)(2)(i)', text: 'Permitted uses.' },
  { id: 'iii', citation: '45 CFR 164.504(e)(2)(iii)', text: 'Termination.' },
];
const options = {
  categories: [{ value: 'other', label: 'Other' }],
  phiAccess: [{ value: 'limited', label: 'Limited' }],
  baaStatuses: [{ value: 'signed', label: 'Signed' }, { value: 'pending', label: 'Pending' }],
  baaExemptions: [], dispositions: [], notifyMethods: [], clauses, dataCategories: [], passedOnRights: [],
};
const event = (seq: number, action: string, changes: unknown[]) => ({
  seq, at: '2026-03-02T10:00:00Z', osUser: 'dana', staff: 'Dana', entity: 'vendor', entityId: 'Fax Co', action,
  before: '', after: '', prevHash: '', hash: '', changes,
});
const vendor = (extra = {}) => ({
  ...emptyVendor(clauses), id: 7, name: 'Fax Co', category: 'other', phiAccess: 'limited', baaStatus: 'signed', baaSignedOn: '2026-01-05',
  checklist: [{ clause: 'i', answer: '', note: '' }, { clause: 'iii', answer: 'no', note: 'Section 9' }], ...extra,
});

describe('VendorEditor', () => {
  afterEach(uninstallBackend);

  it('says in the history what each change changed', async () => {
    installBackend({
      VendorService: {
        Options: async () => options,
        Get: async () => ({
          vendor: vendor(), alerts: [], tasks: [], attachments: [],
          history: [event(2, 'update', [{ field: 'baaStatus', label: 'BAA status', before: 'Pending', after: 'Signed' },
            { field: 'notes', label: 'Notes', before: '', after: 'Countersigned.' }]), event(1, 'create', [])],
        }),
      },
    });
    renderWithProviders(<VendorEditor id={7} />);
    const history = await screen.findByTestId('vendor-history');
    const changes = within(history).getByRole('list', { name: 'What changed' });
    expect(within(changes).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'BAA status: Pending → Signed', 'Notes: empty → Countersigned.']);
    expect(within(history).getByText('Added')).toBeInTheDocument();
    expect(within(history).getAllByRole('list', { name: 'What changed' })).toHaveLength(1);
  });

  it('answers the checklist "all present, per the signed agreement" in one step, each clause still editable', async () => {
    const user = userEvent.setup();
    const main = installBackend({
      VendorService: {
        Options: async () => options,
        Get: async () => ({ vendor: vendor(), alerts: [], tasks: [], attachments: [], history: [] }),
        MarkChecklistAllPresent: async () => vendor({ checklist: [{ clause: 'i', answer: 'yes', note: 'Present, per the signed agreement.' },
          { clause: 'iii', answer: 'yes', note: 'Section 9' }] }),
      },
    });
    renderWithProviders(<VendorEditor id={7} />);
    await user.click(await screen.findByRole('button', { name: 'All present, per the signed agreement' }));
    expect(main.VendorService.MarkChecklistAllPresent).toHaveBeenCalledWith(7);
    const note = screen.getByRole('textbox', { name: 'Note on 45 CFR 164.504(e)(2)(i)' });
    await waitFor(() => expect(note).toHaveValue('Present, per the signed agreement.'));
    expect(screen.getByRole('textbox', { name: 'Note on 45 CFR 164.504(e)(2)(iii)' })).toHaveValue('Section 9');
    const row = screen.getByRole('radiogroup', { name: 'Clause 45 CFR 164.504(e)(2)(iii)' });
    expect(within(row).getByRole('radio', { name: 'Yes' })).toBeChecked();
    await user.clear(note);
    await user.type(note, 'Section 2');
    expect(note).toHaveValue('Section 2');
  });

  it('offers the one-step answer only once the BAA is saved as signed', async () => {
    installBackend({
      VendorService: {
        Options: async () => options,
        Get: async () => ({ vendor: vendor({ baaStatus: 'pending', baaSignedOn: null }), alerts: [], tasks: [], attachments: [], history: [] }),
      },
    });
    renderWithProviders(<VendorEditor id={7} />);
    expect(await screen.findByRole('button', { name: 'All present, per the signed agreement' })).toBeDisabled();
    expect(screen.getByText(/Save the BAA status as Signed first/)).toBeInTheDocument();
  });

  it('shows at a glance when an early renewal leaves the previous BAA and when the renewal starts', async () => {
    installBackend({
      VendorService: {
        Options: async () => options,
        Get: async () => ({
          vendor: vendor({ baaEffectiveOn: '2026-04-01', priorBaaEndsOn: '2026-03-20', baaExpiresOn: '2027-03-31' }),
          alerts: [], tasks: [], attachments: [], history: [],
        }),
      },
    });
    const { unmount } = renderWithProviders(<VendorEditor id={7} />);
    expect(await screen.findByTestId('glance-prior-baa')).toHaveTextContent('Previous BAA in force until: Mar 20, 2026');
    expect(screen.getByText('Renewal in force from: Apr 1, 2026')).toBeInTheDocument();
    unmount();
    uninstallBackend();
    // A BAA that renews nothing says neither.
    installBackend({
      VendorService: { Options: async () => options, Get: async () => ({ vendor: vendor({ baaEffectiveOn: '2026-04-01' }), alerts: [], tasks: [], attachments: [], history: [] }) },
    });
    renderWithProviders(<VendorEditor id={7} />);
    await screen.findByText(/^Expires:/);
    expect(screen.queryByTestId('glance-prior-baa')).toBeNull();
    expect(screen.queryByText(/Renewal in force from/)).toBeNull();
  });
});

describe('groupClauses', () => {
  it('folds clauses that changed the same way, keeps the others and the fields apart', async () => {
    const { groupClauses } = await import('./VendorEditor');
    const clause = (id: string, before: string, after: string) => ({ field: `checklist.${id}`, label: `Clause ${id}`, before, after });
    const got = groupClauses([
      { field: 'baaStatus', label: 'BAA status', before: 'Pending', after: 'Signed' },
      clause('i', 'not checked', 'yes'), clause('ii-A', 'not checked', 'yes'), clause('ii-J', 'no', 'yes'), clause('iii', 'not checked', 'yes'),
    ]);
    expect(got.map((c) => `${c.label}: ${c.before} → ${c.after}`)).toEqual([
      'BAA status: Pending → Signed', '3 checklist clauses: not checked → yes', 'Clause ii-J: no → yes']);
  });
});
