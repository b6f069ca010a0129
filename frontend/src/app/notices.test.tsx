import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import { Drawer, getDefaultZIndex, Modal } from '@mantine/core';
import { createNotificationsStore, notifications, type NotificationData } from '@mantine/notifications';
import { renderWithProviders } from '@/test/render';
import { dialogOpen, holdNotices, holdNoticesUnderDialogs, noticesZIndex, releaseNotices } from './notices';

type AutoClose = NotificationData['autoClose'];

const autoCloses = (list: NotificationData[]) => Object.fromEntries(list.map((n) => [n.id, n.autoClose]));

describe('holdNotices and releaseNotices', () => {
  it('hold the notices that close themselves and give each back what it had', () => {
    const held = new Map<string, AutoClose>();
    const list: NotificationData[] = [
      { id: 'overdue', message: 'overdue', autoClose: 15_000 },
      { id: 'saved', message: 'saved' }, // the default time of <Notifications>
      { id: 'kept', message: 'until closed', autoClose: false },
    ];
    const heldList = holdNotices(list, held)!;
    expect(autoCloses(heldList)).toEqual({ overdue: false, saved: false, kept: false });
    expect(list[0].autoClose).toBe(15_000); // the store's own objects are not changed
    // Held twice, nothing changes and what each had is kept.
    expect(holdNotices(heldList, held)).toBeNull();
    const released = releaseNotices(heldList, held)!;
    expect(autoCloses(released)).toEqual({ overdue: 15_000, saved: undefined, kept: false });
    expect('autoClose' in released[1]).toBe(true);
    expect(held.size).toBe(0);
    expect(releaseNotices(released, held)).toBeNull();
  });

  it('hold again a notice given a new time while held, and give it that time', () => {
    const held = new Map<string, AutoClose>();
    const list = holdNotices([{ id: 'report', message: 'Writing…', autoClose: false }, { id: 'n', message: 'n', autoClose: 4000 }], held)!;
    expect(held.has('report')).toBe(false);
    // The report is written: its notice now closes itself after 6 s.
    const updated = list.map((n) => (n.id === 'report' ? { ...n, message: 'Saved', autoClose: 6000 } : n));
    expect(autoCloses(holdNotices(updated, held)!)).toEqual({ report: false, n: false });
    expect(autoCloses(releaseNotices(updated, held)!)).toEqual({ report: 6000, n: 4000 });
  });

  it('forget a held notice that was closed meanwhile', () => {
    const held = new Map<string, AutoClose>();
    holdNotices([{ id: 'a', message: 'a', autoClose: 4000 }], held);
    expect(releaseNotices([{ id: 'b', message: 'b', autoClose: 8000 }], held)).toEqual([{ id: 'b', message: 'b', autoClose: 8000 }]);
    expect(held.size).toBe(0);
  });
});

describe('holdNoticesUnderDialogs', () => {
  let stop = () => {};
  afterEach(() => stop());

  it('holds the notices while a Mantine dialog is open, new ones too, and lets them go after', async () => {
    const store = createNotificationsStore();
    notifications.show({ id: 'overdue', message: 'PR-2025-0001 is overdue', autoClose: 15_000 }, store);
    stop = holdNoticesUnderDialogs(store);
    const state = () => autoCloses(store.getState().notifications);
    expect(state()).toEqual({ overdue: 15_000 });

    const view = renderWithProviders(
      <Modal opened onClose={() => {}} title="Extend the deadline">
        form
      </Modal>,
    );
    await waitFor(() => expect(state()).toEqual({ overdue: false }));
    expect(dialogOpen()).toBe(true);
    // Shown while the dialog is open: held as it appears.
    notifications.show({ id: 'backup', message: 'Backed up', autoClose: 8000 }, store);
    await waitFor(() => expect(state()).toEqual({ overdue: false, backup: false }));

    view.unmount();
    await waitFor(() => expect(state()).toEqual({ overdue: 15_000, backup: 8000 }));
    expect(dialogOpen()).toBe(false);
  });

  it('counts a drawer as a dialog, and stopping lets the notices go', async () => {
    const store = createNotificationsStore();
    notifications.show({ id: 'n', message: 'n', autoClose: 4000 }, store);
    stop = holdNoticesUnderDialogs(store);
    renderWithProviders(
      <Drawer opened onClose={() => {}} title="Audit trail">
        entries
      </Drawer>,
    );
    await waitFor(() => expect(store.getState().notifications[0].autoClose).toBe(false));
    stop();
    stop = () => {};
    expect(store.getState().notifications[0].autoClose).toBe(4000);
  });

  it('puts notices above the app shell and under dialogs, menus and tooltips', () => {
    expect(noticesZIndex).toBeGreaterThan(getDefaultZIndex('app'));
    expect(noticesZIndex).toBeLessThan(getDefaultZIndex('modal'));
  });
});
