import { z } from 'zod';
import { call } from '@/lib/ipc';
import { sessionSchema } from '@/lib/app';

export const signedInSchema = z.object({
  session: sessionSchema,
  /** shown once, to be printed, when creating the first administrator made one */
  recoveryKey: z.string(),
});
export type SignedIn = z.infer<typeof signedInSchema>;

export const createAdministrator = (name: string, passphrase: string, repeat: string) =>
  call('SessionService', 'CreateAdministrator', [name, passphrase, repeat], signedInSchema);
export const signIn = (name: string, passphrase: string) => call('SessionService', 'SignIn', [name, passphrase], signedInSchema);
export const databasePasswordSchema = z.object({
  session: sessionSchema,
  kept: z.boolean(),
  notKept: z.string(),
});
/** giveDatabasePassword tests the PostgreSQL server's password and uses it (keep: also in
 * the credential store) when the credential store did not hold it. */
export const giveDatabasePassword = (password: string, keep: boolean) =>
  call('SessionService', 'GiveDatabasePassword', [password, keep], databasePasswordSchema);
export const unlock = (passphrase: string) => call('SessionService', 'Unlock', [passphrase], sessionSchema);

export type { LockReason } from '@/lib/session-context';
import type { LockReason } from '@/lib/session-context';
export const lock = (reason: LockReason) => call('SessionService', 'Lock', [reason], z.unknown());
export const signOut = () => call('SessionService', 'SignOut', [], z.unknown());
/** reportInput tells the backend's idle clock that the person used the keyboard or the
 * mouse (the window's other calls do not count); once the backend has locked it is
 * refused as locked. Send it through throttle (logic.ts), not on every event. */
export const reportInput = () => call('SessionService', 'ReportInput', [], z.unknown());
export const setIdleLock = (minutes: number) => call('SessionService', 'SetIdleLock', [minutes], z.unknown());

/** The passphrase's least length (backend.MinPassphraseLength). */
export const minPassphraseLength = 12;
