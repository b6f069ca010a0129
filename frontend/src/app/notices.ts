import { getDefaultZIndex } from '@mantine/core';
import { notifications, notificationsStore, type NotificationData } from '@mantine/notifications';

// A dialog is the top of the window, as in any desktop program: notices sit above the
// header, the sidebar and the page, but under dialogs (and their dimmed backdrop), so a
// notice never covers a dialog's buttons wherever a small window puts them. A notice
// under a dialog keeps still, its time to close itself held, and is read in full once the
// dialog is closed. So a dialog that stays open says its own failure inside itself, not in
// a notice; a notice raised as a dialog closes ("Saved") shows once it has gone.

/** Above the app shell (getDefaultZIndex('app')), under dialogs and drawers ('modal'),
 * menus, dropdowns and tooltips ('popover'). */
export const noticesZIndex = getDefaultZIndex('modal') - 1;

/** What shows that a dialog is open: the content of Mantine's Modal and Drawer. */
export const openDialogSelector = '[role="dialog"][aria-modal="true"]';

export function dialogOpen(root: ParentNode = document): boolean {
  return root.querySelector(openDialogSelector) !== null;
}

type AutoClose = NotificationData['autoClose'];

/** holdNotices stops the notices that would close themselves from doing so, and keeps
 * in held what each had; a notice shown until closed is left as it is, and one changed
 * while held (a report's "Writing…" that became "Saved") is held again with its new time.
 * It returns null when nothing changes. */
export function holdNotices(list: NotificationData[], held: Map<string, AutoClose>): NotificationData[] | null {
  let changed = false;
  const out = list.map((n) => {
    const id = n.id ?? '';
    if (!id || n.autoClose === false) return n;
    held.set(id, n.autoClose);
    changed = true;
    return { ...n, autoClose: false };
  });
  return changed ? out : null;
}

/** releaseNotices gives the held notices back what they had, so each counts its full time
 * again from now, and forgets them (also the ones closed meanwhile). It returns null when
 * nothing changes. */
export function releaseNotices(list: NotificationData[], held: Map<string, AutoClose>): NotificationData[] | null {
  if (held.size === 0) return null;
  const out = list.map((n) => {
    const id = n.id ?? '';
    return held.has(id) ? { ...n, autoClose: held.get(id) } : n;
  });
  held.clear();
  return out;
}

/** holdNoticesUnderDialogs holds the notices while a dialog is open, those shown while it
 * is open too, and lets them go when the last dialog closes. It returns the function that
 * stops it. */
export function holdNoticesUnderDialogs(store = notificationsStore, root: HTMLElement = document.body): () => void {
  const held = new Map<string, AutoClose>();
  let holding = false;
  const apply = () => {
    // The store is written only when something changes: its listener below runs again.
    const all = [...store.getState().notifications, ...store.getState().queue];
    const next = holding ? holdNotices(all, held) : releaseNotices(all, held);
    if (next) notifications.updateState(store, () => next);
  };
  const check = () => {
    const open = dialogOpen(root);
    if (open === holding) return;
    holding = open;
    apply();
  };
  const observer = new MutationObserver(check);
  observer.observe(root, { childList: true, subtree: true });
  // A notice shown while a dialog is open is held as it appears.
  const unsubscribe = store.subscribe(() => {
    if (holding) apply();
  });
  check();
  return () => {
    observer.disconnect();
    unsubscribe();
    holding = false;
    apply();
  };
}
