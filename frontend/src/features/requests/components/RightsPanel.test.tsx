import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '@/test/render';
import { RightsPanel } from './RightsPanel';
import type { Request, RequestRight } from '../api/schemas';

function right(over: Partial<RequestRight> = {}): RequestRight {
  return {
    right: 'access', outcome: 'pending', denialReason: '', exemption: '', denialText: '', outcomeAt: null, outcomeBy: '',
    acknowledgeBy: null, respondBy: '2026-12-17', promisedBy: null, extendedRespondBy: null, extendedTo: null,
    ruleVersion: 1, citation: 'UK GDPR Art. 12(3)', basis: 'one month from 17 November 2026', canPause: true,
    ...over,
  } as RequestRight;
}

function request(rights: RequestRight[], over: Partial<Request> = {}): Request {
  return {
    id: 1, reference: 'PR-2026-0007', regime: 'uk-gdpr', status: 'acknowledged', rights, pauses: [], receivedDate: '2026-11-17',
    ...over,
  } as unknown as Request;
}

describe('RightsPanel', () => {
  it.each([
    ['a later promise is not shown: the law governs', '2027-01-01', 'Dec 17', null],
    ['an earlier promise is shown next to the law', '2026-12-10', 'Dec 10', /Your policy: by Dec 10/],
  ])('%s', (_name, promisedBy, due, policy) => {
    renderWithProviders(<RightsPanel request={request([right({ promisedBy })])} today="2026-11-28" onChanged={() => {}} />);
    expect(screen.getByText(/^Due/).textContent).toContain(due);
    expect(screen.getByText(/Law: respond by Dec 17/)).toBeInTheDocument();
    if (policy) expect(screen.getByText(policy)).toBeInTheDocument();
    else expect(screen.queryByText(/Your policy/)).toBeNull();
  });

  it('says until when a right may be extended, that one whose period ended may not, and when one was', () => {
    const rights = [
      right({ right: 'access', respondBy: '2026-12-17', extendedRespondBy: '2027-02-17', canPause: false }),
      right({ right: 'correction', respondBy: '2026-11-27', extendedRespondBy: '2027-01-27', canPause: false }),
      right({ right: 'deletion', respondBy: '2026-11-20', extendedRespondBy: '2027-01-20', extendedTo: '2026-12-20', extendedOn: '2026-11-19', canPause: false }),
    ];
    renderWithProviders(<RightsPanel request={request(rights)} today="2026-11-28" onChanged={() => {}} />);
    expect(within(screen.getByTestId('right-access')).getByTestId('extendable').textContent).toBe('Extendable to Feb 17, 2027 if the requester is told by Dec 17, 2026');
    expect(within(screen.getByTestId('right-correction')).getByTestId('extendable').textContent).toBe('Not extendable: its original period ended on Nov 27, 2026');
    expect(within(screen.getByTestId('right-deletion')).queryByTestId('extendable')).toBeNull();
    expect(within(screen.getByTestId('right-deletion')).getByText(/Extended to Dec 20, 2026, on Nov 19, 2026/)).toBeInTheDocument();
  });

  describe('an extended right whose extension letter was not made', () => {
    const extended = [
      right({ right: 'access', respondBy: '2026-12-17', extendedRespondBy: '2027-02-17', extendedTo: '2027-01-17', extendedOn: '2026-11-20', canPause: false }),
      right({ right: 'correction', respondBy: '2026-12-20', extendedRespondBy: '2027-02-20', extendedTo: '2027-01-20', extendedOn: '2026-11-20', canPause: false }),
      right({ right: 'deletion', respondBy: '2026-12-27', canPause: false }),
    ];
    const notice = { extendedOn: '2026-11-20', rights: ['access', 'correction'], noticeBy: '2026-12-17', letterMadeOn: null };

    it.each([
      ['on the last day: send it by then', '2026-12-17', false, 'Send the extension letter by Dec 17, 2026'],
      ['the day after: not sent in time', '2026-12-18', true, 'The extension letter was not sent in time (due by Dec 17, 2026)'],
    ])('%s', (_name, today, late, says) => {
      renderWithProviders(<RightsPanel request={request(extended)} notices={[notice]} today={today} onChanged={() => {}} />);
      for (const r of ['access', 'correction']) {
        const warning = within(screen.getByTestId(`right-${r}`)).getByTestId('extension-notice');
        expect(warning.dataset.late).toBe(String(late));
        expect(warning.textContent).toContain(says);
      }
      const correction = within(screen.getByTestId('right-correction')).getByTestId('extension-notice').textContent;
      if (late) expect(correction).toContain('The extension may not hold: the original date, Dec 20, 2026, governed. Answer as soon as possible.');
      else expect(correction).toContain('or the extension may not hold');
      // A right the extension did not move has no notice to send.
      expect(within(screen.getByTestId('right-deletion')).queryByTestId('extension-notice')).toBeNull();
      // A flag, not a recomputation: the due date still counts the extension.
      expect(within(screen.getByTestId('right-access')).getByText(/^Due/).textContent).toContain('Jan 17, 2027');
    });

    it('no warning once the letter was made in time', () => {
      renderWithProviders(
        <RightsPanel request={request(extended)} notices={[{ ...notice, letterMadeOn: '2026-11-21' }]} today="2026-12-18" onChanged={() => {}} />,
      );
      expect(screen.queryByTestId('extension-notice')).toBeNull();
    });
  });

  it('says since when the clock is stopped instead of a due date that moves every day', () => {
    const stopped = { since: '2026-11-20', kind: 'clarification', label: 'Waiting for a clarification' };
    renderWithProviders(
      <RightsPanel request={request([right({ respondBy: '2026-12-29' })], { clockStopped: stopped })} today="2026-11-28" onChanged={() => {}} />,
    );
    expect(screen.getByTestId('clock-stopped').textContent).toContain('Clock stopped since Nov 20, 2026 (waiting for a clarification)');
    expect(screen.getByText(/Due Dec 29, 2026 if the clock restarts today/)).toBeInTheDocument();
    expect(screen.queryByText(/days? left|overdue/i)).toBeNull();
  });

  it("shows a California practice's own patient-access dates under HIPAA's due date, the earlier governing", () => {
    const stateClock = {
      state: 'CA', stateName: 'California', hipaaDue: '2026-04-01', governs: '2026-03-09',
      why: 'California law, inspection: 5 business days, earlier than HIPAA\'s 1 April 2026', citation: 'Cal. Health & Safety Code 123110(b)',
      clocks: [
        { what: 'inspection', due: '2026-03-09', how: '5 business days', citation: 'Cal. Health & Safety Code 123110(b)' },
        { what: 'copies', due: '2026-03-17', how: '15 days', citation: 'Cal. Health & Safety Code 123110(c)' },
      ],
    };
    const r = right({
      respondBy: '2026-04-01', citation: '45 CFR 164.524(b)(2)', basis: '30 calendar days', canPause: false, stateClock,
      stateDue: '2026-03-09', stateCitation: 'Cal. Health & Safety Code 123110(b)',
    });
    renderWithProviders(
      <RightsPanel request={request([r], { regime: 'hipaa', receivedDate: '2026-03-02' })} today="2026-03-03" onChanged={() => {}} />,
    );
    const panel = screen.getByTestId('state-clock').textContent ?? '';
    expect(panel).toMatch(/California law: inspection by Mar 9.*copies by Mar 17.*HIPAA: by Apr 1/);
    expect(panel).toMatch(/The earlier date governs: Mar 9.*\(Cal\. Health & Safety Code 123110\(b\)\)/);
    // The stored state date is the due date, with both laws named.
    expect(screen.getByText(/^Due/).textContent).toContain('Mar 9');
    expect(screen.getByTestId('state-due').textContent).toBe('State law, which governs: by Mar 9, 2026 (Cal. Health & Safety Code 123110(b))');
    expect(screen.getByText('45 CFR 164.524(b)(2)')).toBeInTheDocument();
  });

  it.each([
    ['no country: says the date moved past weekends only', '', true],
    ["the requester's country chosen: its holidays counted, no note", 'IE', false],
  ])('GDPR, %s', (_name, country, note) => {
    const r = right({ respondBy: '2026-02-02', citation: 'GDPR Art. 15, Art. 12(3)', canPause: false });
    const req = request([r], { regime: 'gdpr', receivedDate: '2025-12-31', requester: { country } as Request['requester'] });
    renderWithProviders(<RightsPanel request={req} today="2026-01-05" onChanged={() => {}} />);
    if (note) expect(screen.getByTestId('weekends-only').textContent).toBe('Counted with weekends only: no country chosen');
    else expect(screen.queryByTestId('weekends-only')).toBeNull();
  });

  it('shows no state clock for a right without one', () => {
    renderWithProviders(<RightsPanel request={request([right({ stateClock: null })])} today="2026-11-28" onChanged={() => {}} />);
    expect(screen.queryByTestId('state-clock')).toBeNull();
  });
});
