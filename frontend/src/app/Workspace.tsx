import { useCallback, useEffect, useMemo, useState } from 'react';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { appKeys, type AppInfo } from '@/lib/app';
import { onEvent, onLockedRefusal } from '@/lib/ipc';
import { lock, reportInput, signOut, type LockReason } from '@/features/session/api/session';
import { LockScreen } from '@/features/session/components/LockScreen';
import { forgetSessionSearch } from '@/features/requests/api/filters';
import { inputReportMs, throttle, watchIdle } from '@/features/session/logic';
import { SessionProvider, type SessionValue } from '@/lib/session-context';
import { Shell } from './Shell';

const lockedTitle = 'Privacy Desk — locked';

// Workspace is the signed-in app and its lock. Locking hides the app without unmounting
// it (so unsaved input survives): its root is display:none and aria-hidden, every portal
// (dialogs, menus, notifications) is hidden by the body's data-pd-locked (global.css),
// keys do not reach it, its queries pause, and the title names no one. The backend
// refuses every call but the session's until the same account's passphrase unlocks it.
export function Workspace({ info }: { info: AppInfo }) {
  const qc = useQueryClient();
  const locked = info.session.state === 'locked';
  // The shell keeps the info it had when the window locked: the locked backend tells
  // nothing of the practice, and the shell underneath must not change.
  const [shellInfo, setShellInfo] = useState<AppInfo | null>(locked ? null : info);
  if (!locked && shellInfo !== info) setShellInfo(info);

  const refreshInfo = useCallback(() => qc.invalidateQueries({ queryKey: appKeys.info }), [qc]);

  const doLock = useCallback(
    (reason: LockReason) => {
      qc.setQueryData<AppInfo>(appKeys.info, (old) => old && { ...old, session: { ...old.session, state: 'locked', permissions: [] } });
      lock(reason)
        .catch(() => {}) // the window is locked either way; the backend's state is read next
        .finally(() => void refreshInfo());
    },
    [qc, refreshInfo],
  );
  // Signing out (refused while a job runs: the backend says which) drops everything of
  // the practice from memory for the next person; the info, asked again, brings the
  // sign-in screen. The promise rejects with the backend's refusal.
  const doSignOut = useCallback(
    () =>
      signOut().then(() => {
        qc.removeQueries({ predicate: (q) => q.queryHash !== JSON.stringify(appKeys.info) });
        forgetSessionSearch();
        notifications.clean();
        onlineManager.setOnline(true);
        void refreshInfo();
      }),
    [qc, refreshInfo],
  );
  // From the menus: a refusal is told in a notification.
  const signOutTold = useCallback(() => {
    doSignOut().catch((err: Error) => notifications.show({ color: 'red', title: 'Not signed out', message: err.message }));
  }, [doSignOut]);

  // While locked: no key reaches the app, its queries wait, its notifications go.
  useEffect(() => {
    if (!locked) return;
    document.body.dataset.pdLocked = 'true';
    const title = document.title;
    document.title = lockedTitle;
    notifications.clean();
    onlineManager.setOnline(false);
    const block = (e: Event) => {
      if (!(e.target instanceof Node && document.querySelector('[data-testid="lock-screen"]')?.contains(e.target))) {
        e.stopPropagation();
      }
    };
    for (const type of ['keydown', 'keyup', 'keypress']) window.addEventListener(type, block, true);
    return () => {
      delete document.body.dataset.pdLocked;
      document.title = title === lockedTitle ? 'Privacy Desk' : title;
      for (const type of ['keydown', 'keyup', 'keypress']) window.removeEventListener(type, block, true);
      onlineManager.setOnline(true);
    };
  }, [locked]);

  // The idle lock: this timer locks promptly; the backend keeps its own idle clock, which
  // only reported input restarts (a refresh does not), and locks even if this one never
  // fires (a hidden window's timers are throttled).
  const idleMs = info.session.idleLockSeconds * 1000;
  useEffect(() => {
    if (locked || idleMs <= 0) return;
    // A refusal as locked is handled below, like every call's; other failures change nothing.
    const report = throttle(() => void reportInput().catch(() => {}), inputReportMs(idleMs));
    const stop = watchIdle({ timeoutMs: idleMs, onIdle: () => doLock('idle'), onInput: report.call });
    return () => {
      stop();
      report.cancel();
    };
  }, [locked, idleMs, doLock]);

  // Any call the backend refuses as locked (it locked on its own, past the idle limit)
  // shows the lock screen; the backend has recorded the lock already.
  useEffect(
    () =>
      onLockedRefusal(() => {
        qc.setQueryData<AppInfo>(appKeys.info, (old) => old && { ...old, session: { ...old.session, state: 'locked', permissions: [] } });
        void refreshInfo();
      }),
    [qc, refreshInfo],
  );

  // Ctrl+L locks from anywhere, a half-typed field included.
  useHotkeys([['mod+L', () => doLock('shortcut')]], []);
  useEffect(() => {
    const offs = [
      onEvent('menu:lock', () => doLock('shortcut')),
      onEvent('menu:sign-out', signOutTold),
      // the desktop session locked (the backend locked already: app/sessionlock_linux.go)
      onEvent('session:locked', () => doLock('session')),
    ];
    return () => offs.forEach((off) => off());
  }, [doLock, signOutTold]);

  const value = useMemo<SessionValue | null>(
    () => shellInfo && { session: shellInfo.session, lock: doLock, signOut: signOutTold },
    [shellInfo, doLock, signOutTold],
  );
  return (
    <>
      {shellInfo && value && (
        <SessionProvider value={value}>
          <div id="pd-app" style={locked ? { display: 'none' } : undefined} aria-hidden={locked || undefined} inert={locked}>
            <Shell info={shellInfo} />
          </div>
        </SessionProvider>
      )}
      {locked && <LockScreen account={info.session.account} onUnlocked={() => void refreshInfo()} onSignOut={doSignOut} />}
    </>
  );
}
