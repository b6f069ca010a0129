import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { AuditPage } from './AuditPage';

const head = { events: 12, hash: 'ab'.repeat(32) };
const base = {
  AuditTrail: async () => ({ items: [], total: 0 }),
  PurgePreview: async () => ({ asOf: null, items: [] }),
};

describe('AuditPage', () => {
  afterEach(() => uninstallBackend());

  it('names the record changed outside the app, and saves an anchor', async () => {
    const main = installBackend({
      RequestService: {
        ...base,
        VerifyAudit: async () => ({
          ok: false,
          count: 0,
          badSeq: 0,
          problem: "request PR-2026-0042: status is 'completed' but its last event (7) says 'in_progress'",
          records: 3,
          unrecorded: 0,
          head: { events: 0, hash: '' },
        }),
        AuditAnchor: async () => ({ saved: true, anchor: { file: '/k/anchor.pdf', head, line: `Events: 12  Head: ${head.hash}`, madeAt: '2026-12-07T15:00:00Z' } }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<AuditPage />);
    await user.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(await screen.findByText(/request PR-2026-0042: status is 'completed'/)).toBeInTheDocument();
    expect(screen.getByText('The trail does not verify')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save an audit anchor…' }));
    expect(main.RequestService.AuditAnchor).toHaveBeenCalled();
    expect(await screen.findByTestId('anchor-saved')).toHaveTextContent(`Events: 12 Head: ${head.hash}`);
  });

  it('says how many records were compared and how many predate records', async () => {
    installBackend({
      RequestService: {
        ...base,
        VerifyAudit: async () => ({ ok: true, count: 40, badSeq: 0, problem: '', records: 5, unrecorded: 2, head }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<AuditPage />);
    await user.click(await screen.findByRole('button', { name: 'Check now' }));
    const ok = await screen.findByTestId('chain-ok');
    expect(ok).toHaveTextContent('40 entries');
    expect(ok).toHaveTextContent('5 requests, vendors and letters are as their last entry recorded them');
    expect(ok).toHaveTextContent('2 were not checked');
  });
});
