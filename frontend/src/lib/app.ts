import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

/** What a role may do (backend.Permission). */
export type Permission =
  | 'read'
  | 'audit-trail'
  | 'reports'
  | 'requests'
  | 'letters'
  | 'vendors'
  | 'exports'
  | 'backup'
  | 'accounts'
  | 'settings'
  | 'restore'
  | 'purge'
  | 'rule-changes';

export const roleSchema = z.enum(['administrator', 'staff', 'auditor', 'backup']);
export type Role = z.infer<typeof roleSchema>;

/** Who works in the window (SessionService): a new database asks for its first
 * administrator; then someone signs in; a locked window shows nothing of the practice. */
export const sessionSchema = z.object({
  /** db-password: the PostgreSQL server wants a password the credential store lacks */
  state: z.enum(['new', 'no-accounts', 'signed-out', 'signed-in', 'locked', 'db-password']),
  account: z.string(),
  role: z.union([roleSchema, z.literal('')]),
  permissions: orEmpty(z.array(z.string() as z.ZodType<Permission>), []),
  idleLockSeconds: z.number(),
  /** whose password the server wants (user@host:port/db), in the db-password state */
  databaseAccount: z.string().optional().default(''),
});
export type Session = z.infer<typeof sessionSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  dbPath: z.string(),
  /** which database, in words: "this computer's file PATH" or "PostgreSQL server HOST:PORT/DB" (no password) */
  database: z.string(),
  schemaVersion: z.number(),
  openError: z.string(),
  /** the signed-in account's name ('' while nobody is) */
  staff: z.string(),
  session: sessionSchema,
  disclaimer: z.string(),
  /** the practice's date (YYYY-MM-DD) in its time zone: the one "today" of the window */
  today: z.string(),
  timeZone: z.string(),
  /** what the window remembers for this practice, kept in its database (appStateKeys) */
  state: orEmpty(z.record(z.string(), z.string()), {}),
  /** set when opening the database finished or undid a restore a crash interrupted */
  recovered: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const exampleSummarySchema = z.object({
  practice: z.string(),
  vendors: z.number(),
  requests: z.number(),
});
export type ExampleSummary = z.infer<typeof exampleSummarySchema>;

export const appKeys = {
  info: ['app', 'info'] as const,
};

/** The keys AppService.GetAppState and SetAppState accept (storage.AppStateKeys). */
export const appStateKeys = {
  staff: 'staff',
  disclaimerSeen: 'disclaimerSeen',
  colorScheme: 'colorScheme',
  announced: 'announcedDeadlines',
  timeZoneConfirmed: 'timeZoneConfirmed',
} as const;
export type AppStateKey = (typeof appStateKeys)[keyof typeof appStateKeys];

export const getAppInfo = () => call('AppService', 'Info', [], appInfoSchema);
export const loadExample = () => call('AppService', 'LoadExample', [], exampleSummarySchema);

export const getAppState = (key: AppStateKey) => call('AppService', 'GetAppState', [key], z.string());
export const setAppState = (key: AppStateKey, value: string) => call('AppService', 'SetAppState', [key, value], z.unknown());

// Asked again every minute, so the practice's "today" moves on soon after its midnight
// while the window stays open.
export const infoRefreshMs = 60_000;

export const appInfoQuery = () =>
  queryOptions({
    queryKey: appKeys.info,
    queryFn: getAppInfo,
    staleTime: Infinity,
    refetchInterval: infoRefreshMs,
    // Asked while the window is locked too (the other queries then wait).
    networkMode: 'always',
  });
