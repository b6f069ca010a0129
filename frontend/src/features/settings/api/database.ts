// Settings > Database: which database this computer opens (backend/dbchoice), the form
// that edits it with the same rules as Choice.Validate, and the calls that test and save
// it. The password is sent to be tested and kept in the operating system's credential
// store; it is never part of the choice.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

export const engines = ['sqlite', 'postgres'] as const;
export type Engine = (typeof engines)[number];
export const sslModes = ['verify-full', 'verify-ca', 'require', 'disable'] as const;
export type SSLMode = (typeof sslModes)[number];

/** What each sslmode does, in words, safest first. */
export const sslModeLabels: Record<SSLMode, string> = {
  'verify-full': 'Encrypted, certificate and name verified (recommended)',
  'verify-ca': 'Encrypted, certificate verified',
  require: 'Encrypted, server not checked',
  disable: 'Not encrypted (not for a network)',
};

/** dbchoice.Choice as Go sends it (the fields of the other engine left out). */
export const choiceSchema = z.object({
  engine: z.enum(engines),
  host: z.string().optional().default(''),
  port: z.number().optional().default(0),
  database: z.string().optional().default(''),
  user: z.string().optional().default(''),
  sslMode: z.string().optional().default(''),
  caFile: z.string().optional().default(''),
});
export type Choice = z.infer<typeof choiceSchema>;

export const databaseSettingSchema = z.object({
  choice: choiceSchema,
  inUse: z.string(),
  defaultFile: z.string(),
  passwordKept: z.boolean(),
  override: z.string(),
  pending: z.boolean(),
  sslModes: orEmpty(z.array(z.string()), []),
});
export type DatabaseSetting = z.infer<typeof databaseSettingSchema>;

export const databaseTestSchema = z.object({
  summary: z.string(),
  contents: z.string(),
  encrypted: z.boolean(),
  server: z.string(),
  passwordKept: z.boolean(),
});
export type DatabaseTest = z.infer<typeof databaseTestSchema>;

export const databaseSavedSchema = z.object({
  test: databaseTestSchema,
  passwordStored: z.boolean(),
  passwordNotKept: z.string(),
  setting: databaseSettingSchema,
});
export type DatabaseSaved = z.infer<typeof databaseSavedSchema>;

export const databaseKeys = { setting: ['settings', 'database'] as const };

export const databaseQuery = () =>
  queryOptions({ queryKey: databaseKeys.setting, queryFn: () => call('SettingsService', 'Database', [], databaseSettingSchema) });

export const testDatabase = (choice: Choice, password: string) =>
  call('SettingsService', 'TestDatabase', [choice, password], databaseTestSchema);
export const saveDatabase = (choice: Choice, password: string) =>
  call('SettingsService', 'SaveDatabase', [choice, password], databaseSavedSchema);
export const chooseCAFile = () => call('SettingsService', 'ChooseDatabaseCAFile', [], z.string());

/** The form: the choice plus the password typed (empty: keep the one already kept). */
const trimmed = (s: string) => s.trim();
const hostProblem = (h: string) => {
  const v = trimmed(h);
  if (!v) return 'Enter the server’s name or address, e.g. db.office.lan.';
  if (/[\s/?#@]/.test(v) || (v.includes(':') && !/^[0-9a-f:.]+$/i.test(v)))
    return `Enter only the server’s name or address (“${v}” is not one); the port has its own field.`;
  return null;
};

export const databaseFormSchema = z
  .object({
    engine: z.enum(engines, { message: 'Choose this computer’s file or a PostgreSQL server.' }),
    host: z.string(),
    port: z.union([z.number(), z.literal('')]),
    database: z.string(),
    user: z.string(),
    sslMode: z.string(),
    caFile: z.string(),
    password: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.engine !== 'postgres') return;
    const add = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const host = hostProblem(v.host);
    if (host) add('host', host);
    if (v.port === '' || !Number.isInteger(v.port) || v.port < 1 || v.port > 65535)
      add('port', 'The port is a number from 1 to 65535 (PostgreSQL’s usual one is 5432).');
    if (!trimmed(v.database)) add('database', 'Enter the database’s name, e.g. practice.');
    else if (/[/?#]/.test(v.database)) add('database', 'The database’s name cannot hold / ? or #.');
    if (!trimmed(v.user)) add('user', 'Enter the user Privacy Desk connects as, e.g. privacydesk.');
    else if (/[@/:]/.test(v.user)) add('user', 'The user’s name cannot hold @ / or :.');
    if (!(sslModes as readonly string[]).includes(v.sslMode))
      add('sslMode', `Choose how the connection is secured: ${sslModes.join(', ')}.`);
    else if ((v.sslMode === 'verify-full' || v.sslMode === 'verify-ca') && !trimmed(v.caFile))
      add('caFile', `Choose the certificate authority’s file (ca.crt) that ${v.sslMode} checks the server’s certificate against.`);
  });
export type DatabaseForm = z.infer<typeof databaseFormSchema>;
export const databaseFormFields = ['engine', 'host', 'port', 'database', 'user', 'sslMode', 'caFile', 'password'];

/** validateDatabaseForm returns Mantine form errors ({field: message}) from the zod rules. */
export function validateDatabaseForm(values: DatabaseForm): Record<string, string> {
  const r = databaseFormSchema.safeParse(values);
  if (r.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.join('.') || 'engine';
    if (!(path in errors)) errors[path] = issue.message;
  }
  return errors;
}

export function toDatabaseForm(c: Choice): DatabaseForm {
  return {
    engine: c.engine,
    host: c.host,
    port: c.port || 5432,
    database: c.database,
    user: c.user,
    sslMode: c.sslMode || 'verify-full',
    caFile: c.caFile,
    password: '',
  };
}

/** fromDatabaseForm is the choice to send (the password goes beside it). */
export function fromDatabaseForm(f: DatabaseForm): Choice {
  if (f.engine === 'sqlite') return { engine: 'sqlite', host: '', port: 0, database: '', user: '', sslMode: '', caFile: '' };
  return {
    engine: 'postgres',
    host: f.host.trim(),
    port: f.port === '' ? 0 : f.port,
    database: f.database.trim(),
    user: f.user.trim(),
    sslMode: f.sslMode,
    caFile: f.sslMode === 'disable' ? '' : f.caFile.trim(),
  };
}
