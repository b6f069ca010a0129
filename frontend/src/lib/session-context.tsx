import { createContext, useContext } from 'react';
import type { Permission, Session } from '@/lib/app';
export type LockReason = 'idle' | 'shortcut' | 'session';

// The signed-in session, for the screens that hide what the account's role may not do
// (the backend refuses it anyway: app/permissions.go), and the header's Lock and Sign out.
export interface SessionValue {
  session: Session;
  lock: (reason: LockReason) => void;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export const SessionProvider = SessionContext.Provider;

export function useSession(): SessionValue | null {
  return useContext(SessionContext);
}

/** useCan says whether the signed-in role may do p. Outside a session (component tests
 * render screens alone) everything is allowed, as before accounts. */
export function useCan(p: Permission): boolean {
  const s = useContext(SessionContext);
  return s === null || s.session.permissions.includes(p);
}
