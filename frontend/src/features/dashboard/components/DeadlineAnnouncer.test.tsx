import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactElement } from 'react';
import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Announcement, DashboardCounts } from '../api/dashboard';
import { announce } from './DeadlineAnnouncer';

const counts: DashboardCounts = { overdue: 3, dueToday: 1, dueWeek: 4, awaitingAck: 0, awaitingIdentity: 0, extended: 0, open: 9 };

function item(kind: Announcement['kind'], ref: string): Announcement {
  return { key: `${ref}-${kind}`, kind, reference: ref, requester: 'Zoë', right: 'access', dueOn: '2026-03-01', daysLeft: -2, message: `${ref} needs attention.` };
}

describe('deadline notices', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sum up with the Overdue and Due today cards’ numbers, close themselves and open the list', () => {
    const show = vi.spyOn(notifications, 'show').mockReturnValue('');
    // Two notices are new today, but the Overdue card counts three: the notice says three.
    announce([item('overdue', 'PR-2026-0001'), item('due-soon', 'PR-2026-0002')], counts);
    expect(show).toHaveBeenCalledTimes(1);
    const n = show.mock.calls[0][0];
    expect(typeof n.autoClose).toBe('number');
    render(<MantineProvider>{n.message as ReactElement}</MantineProvider>);
    expect(screen.getByTestId('deadline-summary')).toHaveTextContent('3 overdue, 1 due today, 1 due within 3 days.');
    expect(screen.getByRole('link', { name: 'Open the list' }).getAttribute('href')).toMatch(/due=overdue/);
  });

  it('name a single request, and close themselves even when it is overdue', () => {
    const show = vi.spyOn(notifications, 'show').mockReturnValue('');
    announce([item('overdue', 'PR-2026-0001')], counts);
    expect(show.mock.calls[0][0].title).toBe('Overdue: PR-2026-0001');
    expect(show.mock.calls[0][0].autoClose).toBeGreaterThan(0);
  });
});
