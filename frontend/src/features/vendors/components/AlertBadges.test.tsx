import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/render';
import { vendorAlertSchema } from '@/lib/vendor-alert';
import { AlertBadges, shortAlert } from './AlertBadges';

const alert = (kind: string, message: string) =>
  vendorAlertSchema.parse({ vendorId: 3, vendorName: 'Healthcare Blocks', kind, severity: 'warning', message, date: null, days: 0, window: 0 });

describe('AlertBadges', () => {
  it('labels the checklist warning of a signed BAA', () => {
    const a = alert('baa-checklist-incomplete',
      "Healthcare Blocks: the signed BAA's checklist has 12 of 12 clauses unanswered (45 CFR 164.504(e)(2)).");
    expect(shortAlert(a)).toBe('BAA checklist incomplete');
    renderWithProviders(<AlertBadges alerts={[a]} />);
    expect(screen.getByText('BAA checklist incomplete').closest('[data-alert]')).toHaveAttribute('data-alert', 'baa-checklist-incomplete');
  });

  it('still shows a kind it does not know, instead of failing the whole list', () => {
    const a = alert('something-new', 'Healthcare Blocks: something new needs a look.');
    expect(a.kind).toBe('something-new');
    renderWithProviders(<AlertBadges alerts={[a]} />);
    expect(screen.getByText('Needs attention').closest('[data-alert]')).toHaveAttribute('data-alert', 'something-new');
  });
});
