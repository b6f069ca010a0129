import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { emptyVendor } from '../api/vendor-form';
import { VendorList } from './VendorList';

const options = {
  categories: [{ value: 'ai', label: 'AI services' }, { value: 'payments', label: 'Payments' }],
  phiAccess: [{ value: 'none', label: 'None' }, { value: 'limited', label: 'Limited' }, { value: 'full', label: 'Full' }],
  baaStatuses: [{ value: 'signed', label: 'Signed' }, { value: 'pending', label: 'Pending' }, { value: 'not-required', label: 'Not required' }],
  baaExemptions: [], dispositions: [], notifyMethods: [], clauses: [], dataCategories: [], passedOnRights: [],
};

describe('VendorList', () => {
  afterEach(uninstallBackend);

  it('shows each vendor with its BAA and a red badge for PHI without a BAA', async () => {
    installBackend({
      VendorService: {
        Options: async () => options,
        List: async () => [
          {
            vendor: { ...emptyVendor([]), id: 1, name: 'OpenAI', category: 'ai', phiAccess: 'limited', baaStatus: 'pending' },
            alerts: [{ vendorId: 1, vendorName: 'OpenAI', kind: 'phi-without-baa', severity: 'critical',
              message: 'OpenAI has limited PHI access without a signed, current BAA: the BAA is pending (45 CFR 164.502(e)).', date: null, days: 0, window: 0 }],
          },
          {
            vendor: { ...emptyVendor([]), id: 2, name: 'Stripe', category: 'payments', phiAccess: 'limited', baaStatus: 'not-required',
              baaReason: 'payment-processing', baaExpiresOn: null, nextReviewOn: '2026-09-01' },
            alerts: null,
          },
        ],
      },
    });
    renderWithProviders(<VendorList />);
    const rows = await screen.findAllByTestId('vendor-row');
    expect(rows).toHaveLength(2);
    const openai = within(rows[0]);
    expect(openai.getByRole('link', { name: 'OpenAI' })).toHaveAttribute('href', '#/vendors/1');
    expect(openai.getByText('PHI without BAA')).toBeInTheDocument();
    expect(openai.getByText('Pending')).toBeInTheDocument();
    const stripe = within(rows[1]);
    expect(stripe.getByText('Not required')).toBeInTheDocument();
    expect(stripe.getByText('Sep 1, 2026')).toBeInTheDocument();
    expect(stripe.queryByText('PHI without BAA')).not.toBeInTheDocument();
    expect(screen.getByTestId('vendor-summary')).toHaveTextContent('2 vendors · 2 with PHI access · 1 touching PHI without a current BAA');
  });
});
