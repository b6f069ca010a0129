// Exports, imports, backups and restore, as ExportService (app/svc_exports*.go) answers
// them. Long work returns a Job at once; its progress arrives as events (see jobs.ts).
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

const S = 'ExportService';
const list = <T extends z.ZodType>(s: T) => orEmpty(z.array(s), []);
const counts = orEmpty(z.record(z.string(), z.number()), {});

export const exportKindSchema = z.object({
  kind: z.string(),
  label: z.string(),
  description: z.string(),
  formats: list(z.string()),
  year: z.boolean(),
});
export type ExportKind = z.infer<typeof exportKindSchema>;

const errorBodySchema = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  out: z.string(),
  done: z.number(),
  total: z.number(),
  state: z.enum(['running', 'done', 'error', 'cancelled']),
  result: z.unknown().optional(),
  error: errorBodySchema.nullable().optional(),
  startedAt: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

const startSchema = z.object({ started: z.boolean(), job: jobSchema.nullable() });

/** What the export screen asks for; `out` is the file for ExportTo. */
export interface ExportRequest {
  kind: string;
  format: string;
  out?: string;
  year?: number;
  bom?: boolean;
}

/** The result of a finished export job (reporting.ExportResult). */
export const exportResultSchema = z.object({
  kind: z.string(),
  format: z.string(),
  out: z.string(),
  rows: z.number(),
  year: z.number().optional(),
  truncated: z.number().optional(),
  chain: z.object({ ok: z.boolean(), count: z.number().optional(), badSeq: z.number().optional(), problem: z.string().optional() }).passthrough().nullable().optional(),
});
export type ExportResult = z.infer<typeof exportResultSchema>;

export const backupResultSchema = z.object({
  file: z.string(),
  practiceName: z.string(),
  createdAt: z.string(),
  counts,
  encrypted: z.boolean(),
});
export type BackupResult = z.infer<typeof backupResultSchema>;

export const backupPreviewSchema = z.object({
  file: z.string(),
  name: z.string(),
  size: z.number(),
  encrypted: z.boolean(),
  practiceName: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number(),
  counts,
  files: z.number(),
  integrity: z.string(),
  current: counts.nullable().optional(),
  /** the check of the audit trail inside: intact, or the first broken event or record */
  chain: z.object({ ok: z.boolean(), count: z.number(), badSeq: z.number(), problem: z.string() }).passthrough().optional(),
  chainText: z.string().optional().default(''),
  /** the chain head the backup's manifest recorded (null for older backups) */
  auditHead: z.object({ events: z.number(), hash: z.string() }).nullable().optional(),
});
export type BackupPreview = z.infer<typeof backupPreviewSchema>;

export const restoreResultSchema = z.object({
  practiceName: z.string(),
  createdAt: z.string(),
  counts,
  setAside: list(z.string()),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

export const autoBackupSchema = z.object({
  state: z.enum(['off', 'done-today', 'running', 'made', 'failed']),
  folder: z.string().optional().default(''),
  file: z.string().optional().default(''),
  keep: z.number().optional().default(0),
  message: z.string().optional().default(''),
});
export type AutoBackup = z.infer<typeof autoBackupSchema>;

export const recoveryKeyStatusSchema = z.object({ set: z.boolean(), recipient: z.string() });
export type RecoveryKeyStatus = z.infer<typeof recoveryKeyStatusSchema>;

export const recoveryKeySchema = z.object({
  recipient: z.string(),
  /** the secret key, shown once: the app keeps only the recipient */
  secret: z.string(),
  keyFile: z.string(),
  pdfFile: z.string(),
  createdAt: z.string(),
});
export type RecoveryKey = z.infer<typeof recoveryKeySchema>;

export const recoveryKeyCreatedSchema = z.object({ saved: z.boolean(), key: recoveryKeySchema.nullable() });

export const importFieldSchema = z.object({ key: z.string(), label: z.string(), type: z.string(), required: z.boolean() });
export type ImportField = z.infer<typeof importFieldSchema>;

export const importPreviewSchema = z.object({
  kind: z.enum(['requests', 'vendors']),
  file: z.string(),
  name: z.string(),
  format: z.string(),
  sheet: z.string(),
  encoding: z.string(),
  headerRow: z.number(),
  header: list(z.string()),
  mapping: orEmpty(z.record(z.string(), z.number()), {}),
  fields: list(importFieldSchema),
  firstRows: list(z.object({ Row: z.number(), Cells: list(z.string()) })),
  rows: z.number(),
  ready: z.number(),
  problems: list(z.object({ where: z.string(), message: z.string() })),
  more: z.number(),
  canCommit: z.boolean(),
  checked: z.string(),
  notes: list(z.string()),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type Mapping = Record<string, number>;

export const importOutcomeSchema = z.object({
  imported: z.boolean(),
  count: z.number(),
  first: z.string(),
  last: z.string(),
  preview: importPreviewSchema,
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

const path = z.string();

export const exportKeys = {
  kinds: ['exports', 'kinds'] as const,
  autoBackup: ['exports', 'auto-backup'] as const,
  recoveryKey: ['exports', 'recovery-key'] as const,
};

export const getExportKinds = () => call(S, 'ExportKinds', [], list(exportKindSchema));
export const exportKindsQuery = () => queryOptions({ queryKey: exportKeys.kinds, queryFn: getExportKinds, staleTime: Infinity });

export const exportWithDialog = (req: ExportRequest) => call(S, 'Export', [{ out: '', year: 0, bom: false, ...req }], startSchema);
export const exportTo = (req: ExportRequest) => call(S, 'ExportTo', [{ out: '', year: 0, bom: false, ...req }], jobSchema);
export const cancelJob = (id: string) => call(S, 'Cancel', [id], z.boolean());
export const listJobs = () => call(S, 'Jobs', [], list(jobSchema));

export const backupWithDialog = (passphrase: string) => call(S, 'Backup', [passphrase], startSchema);
export const backupTo = (file: string, passphrase: string) => call(S, 'BackupTo', [file, passphrase], jobSchema);
export const chooseBackupFile = () => call(S, 'ChooseBackupFile', [], path);
export const restorePreview = (file: string, passphrase: string) => call(S, 'RestorePreview', [file, passphrase], backupPreviewSchema);
export const restoreBackup = (file: string, passphrase: string) => call(S, 'Restore', [file, passphrase], jobSchema);
export const getAutoBackup = () => call(S, 'AutoBackupStatus', [], autoBackupSchema);
export const autoBackupQuery = () => queryOptions({ queryKey: exportKeys.autoBackup, queryFn: getAutoBackup });
export const getRecoveryKey = () => call(S, 'RecoveryKey', [], recoveryKeyStatusSchema);
export const recoveryKeyQuery = () => queryOptions({ queryKey: exportKeys.recoveryKey, queryFn: getRecoveryKey });
export const createRecoveryKey = (replace: boolean) => call(S, 'CreateRecoveryKey', [replace], recoveryKeyCreatedSchema);
export const createRecoveryKeyTo = (keyFile: string, pdfFile: string, replace: boolean) =>
  call(S, 'CreateRecoveryKeyTo', [keyFile, pdfFile, replace], recoveryKeySchema);
/** the recovery key in a file the person chooses ('' when cancelled), for a restore */
export const readRecoveryKeyFile = () => call(S, 'ReadRecoveryKeyFile', [], z.string());
export const readRecoveryKeyFrom = (file: string) => call(S, 'ReadRecoveryKeyFrom', [file], z.string());

export const chooseImportFile = () => call(S, 'ChooseImportFile', [], path);
export const previewImport = (kind: string, file: string, mapping: Mapping | null) =>
  call(S, 'PreviewImport', [kind, file, mapping], importPreviewSchema);
export const commitImport = (kind: string, file: string, mapping: Mapping) =>
  call(S, 'CommitImport', [kind, file, mapping], importOutcomeSchema);

export const packagePlanSchema = z.object({
  reference: z.string(),
  requester: z.string(),
  coverLetter: z.object({ id: z.number(), title: z.string(), createdAt: z.string(), pages: z.number() }).passthrough().nullable(),
  files: list(z.object({ id: z.number(), originalName: z.string(), size: z.number() }).passthrough()),
  problem: z.string(),
  suggestedPassphrase: z.string(),
  minPassphrase: z.number(),
  fileName: z.string(),
});
export type PackagePlan = z.infer<typeof packagePlanSchema>;

export const packageResultSchema = z.object({
  file: z.string(),
  reference: z.string(),
  encryption: z.string(),
  files: list(z.object({ name: z.string(), size: z.number(), sha256: z.string() })),
});

export const planResponsePackage = (ref: string) => call(S, 'PlanResponsePackage', [ref], packagePlanSchema);
export const responsePackageWithDialog = (ref: string, passphrase: string) => call(S, 'ResponsePackage', [ref, passphrase], startSchema);
export const responsePackageTo = (ref: string, passphrase: string, out: string) =>
  call(S, 'ResponsePackageTo', [ref, passphrase, out], jobSchema);
