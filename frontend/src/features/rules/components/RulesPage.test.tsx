import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import type { Rule, RuleChange } from '../api/rules';
import { RulesPage } from './RulesPage';

const rule = (over: Partial<Rule>): Rule => ({
  regime: 'ccpa',
  right: 'access',
  version: 2,
  extensionNotice: 'Tell the requester within the first 45 days.',
  pause: '',
  calendar: 'us-ca',
  citation: 'Cal. Civ. Code 1798.130(a)(2); 11 CCR 7021',
  effectiveFrom: '2020-01-01',
  effectiveUntil: null,
  checked: { on: '2026-12-07', read: 'Read 11 CCR 7021.', source: 'text', how: 'against the text of the law' },
  note: 'Answer within 45 days of receipt.',
  regimeLabel: 'California (CCPA/CPRA)',
  rightLabel: 'Access / right to know',
  acknowledgeText: '10 business days',
  respondText: '45 calendar days',
  extensionText: '45 calendar days',
  calendarLabel: 'California state holidays',
  pauseText: '',
  effectiveText: 'from 1 January 2020',
  checkedText: 'Checked 7 December 2026 against the text of the law',
  ...over,
});

const rules: Rule[] = [
  rule({}),
  rule({ right: 'opt-out', rightLabel: 'Opt out', acknowledgeText: '', respondText: '15 business days', extensionText: '' }),
  rule({
    regime: 'hipaa', regimeLabel: 'HIPAA', right: 'correction', rightLabel: 'Amendment', citation: '45 CFR 164.526(b)(2)',
    checked: { on: '2026-12-07', read: 'Per the reference notes.', source: 'summary', how: 'from secondary summaries only: the text of the law was not read' },
    checkedText: 'Checked 7 December 2026 from secondary summaries only: the text of the law was not read',
  }),
];

const change: RuleChange = {
  regime: 'ccpa',
  right: 'access',
  currentVersion: 2,
  citation: 'Cal. Civ. Code 1798.130(a)(2)',
  storedVersions: [1],
  total: 2,
  affected: [
    { reference: 'PR-2026-0001', requester: 'Łukasz', status: 'received', storedVersion: 1, dueOn: '2026-04-16', newDueOn: '2026-04-01', newBasis: '30 days', problem: '' },
    { reference: 'PR-2026-0002', requester: 'Ann', status: 'extended', storedVersion: 1, dueOn: '2026-04-30', newDueOn: null, newBasis: '', problem: 'The extension is past the legal maximum.' },
  ],
};

describe('RulesPage', () => {
  afterEach(uninstallBackend);

  it('lists every rule of a regime with its citation and note', async () => {
    installBackend({
      DashboardService: {
        Rules: async () => rules,
        RulesAffected: async () => [],
        StateClocks: async () => [
          {
            state: 'TX', stateName: 'Texas', what: 'electronic copy', period: { n: 15, unit: 'business-days' }, calendar: 'us-federal',
            citation: 'Tex. Health & Safety Code 181.102(a)', effectiveFrom: '2012-09-01',
            checked: { on: '2026-12-07', read: 'Read 181.102.', source: 'text', how: 'against the text of the law' },
            note: 'Send the electronic copy within 15 business days.',
          },
          {
            state: 'NY', stateName: 'New York', what: 'inspection', period: { n: 10, unit: 'calendar-days' }, calendar: 'us-federal',
            citation: 'N.Y. Public Health Law 18(2)(a)', effectiveFrom: null,
            checked: { on: '2026-12-07', read: 'Read the Department of Health notice.', source: 'guidance', how: "against the regulator's guidance, not the text of the law" },
            note: 'Inspection within 10 days.',
          },
        ],
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RulesPage />);
    const table = await screen.findByRole('table', { name: /California/ });
    expect(within(table).getAllByTestId('rule-row')).toHaveLength(2);
    expect(table).toHaveTextContent('Cal. Civ. Code 1798.130(a)(2); 11 CCR 7021');
    expect(table).toHaveTextContent('Answer within 45 days of receipt.');
    expect(within(table).getAllByTestId('rule-effective')[0]).toHaveTextContent('In force for requests received from 1 January 2020');
    expect(within(table).getAllByTestId('rule-checked')[0]).toHaveTextContent('Checked 7 December 2026 against the text of the law');
    expect(within(table).getAllByTestId('rule-checked')[0]).toHaveAttribute('title', 'Read 11 CCR 7021.');
    // A row checked against the text carries no warning; one resting on summaries says so.
    expect(within(table).queryByTestId('rule-source')).toBeNull();
    expect(screen.getByTestId('rules-current')).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'HIPAA' }));
    const hipaa = await screen.findByRole('table', { name: /HIPAA/ });
    expect(hipaa).toHaveTextContent('45 CFR 164.526(b)(2)');
    expect(within(hipaa).getByTestId('rule-source')).toHaveTextContent('Text not read: summaries only');
    const clocks = await screen.findByRole('table', { name: 'State patient-access clocks' });
    const [tx, ny] = within(clocks).getAllByTestId('state-clock');
    expect(tx).toHaveTextContent('Texas');
    expect(tx).toHaveTextContent('15 business days');
    expect(tx).toHaveTextContent('Tex. Health & Safety Code 181.102(a)');
    expect(within(tx).getByTestId('state-clock-checked')).toHaveTextContent('Checked Dec 7, 2026 against the text of the law');
    expect(within(tx).queryByTestId('rule-source')).toBeNull();
    expect(within(ny).getByTestId('rule-source')).toHaveTextContent("Regulator's guidance, not the text");
  });

  it('shows a law that changed on a date as one row per range', async () => {
    const uk = { regime: 'uk-gdpr', regimeLabel: 'UK GDPR', right: 'access', rightLabel: 'Access / right to know' };
    installBackend({
      DashboardService: {
        Rules: async () => [
          rule({ ...uk, citation: 'UK GDPR Art. 15, Art. 12(3)', effectiveFrom: '2021-01-01', effectiveUntil: '2026-02-04', effectiveText: '1 January 2021 to 4 February 2026' }),
          rule({ ...uk, citation: 'UK GDPR Art. 15, Arts. 12(3), 12A', effectiveFrom: '2026-02-05', effectiveText: 'from 5 February 2026', pauseText: 'The clock stops (Art. 12A).' }),
        ],
        RulesAffected: async () => [],
      },
    });
    renderWithProviders(<RulesPage />);
    const table = await screen.findByRole('table', { name: /UK GDPR/ });
    const rows = within(table).getAllByTestId('rule-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('In force for requests received 1 January 2021 to 4 February 2026');
    expect(rows[0]).not.toHaveTextContent('Art. 12A');
    expect(rows[1]).toHaveTextContent('In force for requests received from 5 February 2026');
    expect(rows[1]).toHaveTextContent('The clock stops (Art. 12A).');
  });

  it('shows which requests a changed rule affects and recomputes only when asked', async () => {
    let affected = [change];
    const main = installBackend({
      DashboardService: {
        Rules: async () => rules,
        RulesAffected: async () => affected,
        RecomputeRule: async () => {
          affected = [];
          return { regime: 'ccpa', right: 'access', version: 2, recomputed: [{ reference: 'PR-2026-0001', from: '2026-04-16', to: '2026-04-01' }], skipped: [change.affected[1]] };
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RulesPage />);
    const card = await screen.findByTestId('rule-change-ccpa-access');
    expect(card).toHaveTextContent('rule version 1 → 2');
    expect(card).toHaveTextContent('PR-2026-0001');
    expect(card).toHaveTextContent('Apr 1, 2026');
    expect(card).toHaveTextContent('Review by hand: The extension is past the legal maximum.');
    expect(main.DashboardService.RecomputeRule).not.toHaveBeenCalled();

    await user.click(within(card).getByRole('button', { name: 'Recompute with the new rule' }));
    await user.click(await screen.findByRole('button', { name: 'Recompute' }));
    expect(main.DashboardService.RecomputeRule).toHaveBeenCalledWith('ccpa', 'access', []);
    await waitFor(() => expect(screen.getByTestId('rules-current')).toBeInTheDocument());
  });

  it('says in the dialog why nothing was recomputed, where a notice would sit under it', async () => {
    installBackend({
      DashboardService: {
        Rules: async () => rules,
        RulesAffected: async () => [change],
        RecomputeRule: () => Promise.reject(goError('conflict', 'PR-2026-0001 changed meanwhile: check again.')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RulesPage />);
    const card = await screen.findByTestId('rule-change-ccpa-access');
    await user.click(within(card).getByRole('button', { name: 'Recompute with the new rule' }));
    const dialog = await screen.findByRole('dialog', { name: 'Recompute with the new rule?' });
    await user.click(within(dialog).getByRole('button', { name: 'Recompute' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Nothing was recomputedPR-2026-0001 changed meanwhile: check again.');
    // Closed, the failure is forgotten: asked again, the dialog starts clean.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument());
  });

  it('says so when the check fails', async () => {
    installBackend({
      DashboardService: { Rules: async () => rules, RulesAffected: () => Promise.reject(goError('invalid', 'The practice time zone is unknown.')) },
    });
    renderWithProviders(<RulesPage />);
    expect(await screen.findByText('The practice time zone is unknown.')).toBeInTheDocument();
  });
});
