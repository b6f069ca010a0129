import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';
import { roleSchema, type Role } from '@/lib/app';

export const accountSchema = z.object({
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  /** failed sign-ins since the last that succeeded */
  failedAttempts: z.number(),
  /** the signed-in account */
  current: z.boolean(),
  /** when it last signed in (RFC 3339, UTC; the zero time when never) */
  lastSignIn: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const accountKeys = { all: ['accounts'] as const };

export const listAccounts = () => call('AccountService', 'List', [], orEmpty(z.array(accountSchema), []));
export const createAccount = (name: string, role: Role, passphrase: string) =>
  call('AccountService', 'Create', [name, role, passphrase], z.unknown());
export const disableAccount = (name: string) => call('AccountService', 'Disable', [name], z.unknown());
export const enableAccount = (name: string) => call('AccountService', 'Enable', [name], z.unknown());
export const resetPassphrase = (name: string, passphrase: string) =>
  call('AccountService', 'ResetPassphrase', [name, passphrase], z.unknown());
export const changeRole = (name: string, role: Role) => call('AccountService', 'ChangeRole', [name, role], z.unknown());

export const accountsQuery = () => queryOptions({ queryKey: accountKeys.all, queryFn: listAccounts });
