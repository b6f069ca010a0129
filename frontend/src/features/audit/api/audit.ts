// The practice-wide audit trail, its chain check, and retention purges
// (RequestService.AuditTrail, VerifyAudit, PurgePreview, Purge in app/svc_requests.go).
import { z } from 'zod';
import { auditEventSchema } from '@/lib/audit-event';
import { call, orEmpty } from '@/lib/ipc';

const S = 'RequestService';

export const auditPageSchema = z.object({ items: orEmpty(z.array(auditEventSchema), []), total: z.number() });

export interface AuditFilter {
  entity: string;
  entityId: string;
  action: string;
  search: string;
  limit: number;
  offset: number;
}

const chainHeadSchema = z.object({ events: z.number(), hash: z.string() });

export const chainReportSchema = z.object({
  ok: z.boolean(),
  count: z.number(),
  badSeq: z.number(),
  problem: z.string(),
  /** requests, vendors and letters compared with their last event */
  records: z.number().optional().default(0),
  /** those whose events predate records: not checked */
  unrecorded: z.number().optional().default(0),
  head: chainHeadSchema.optional(),
});

export const anchorSchema = z.object({ file: z.string(), head: chainHeadSchema, line: z.string(), madeAt: z.string() });
export type AuditAnchor = z.infer<typeof anchorSchema>;

export const purgePreviewSchema = z.object({
  asOf: z.string().nullable(),
  items: orEmpty(
    z.array(
      z.object({
        reference: z.string(),
        regime: z.string(),
        status: z.string(),
        name: z.string(),
        closedOn: z.string().nullable(),
        keepUntil: z.string().nullable(),
        citation: z.string(),
        attachments: z.number(),
      }),
    ),
    [],
  ),
});
export type PurgePreview = z.infer<typeof purgePreviewSchema>;

export const auditKeys = {
  trail: (f: AuditFilter) => ['audit', 'trail', f] as const,
};

export const getAuditTrail = (f: AuditFilter) => call(S, 'AuditTrail', [f], auditPageSchema);
export const verifyAudit = () => call(S, 'VerifyAudit', [], chainReportSchema);
export const saveAuditAnchor = () => call(S, 'AuditAnchor', [], z.object({ saved: z.boolean(), anchor: anchorSchema.nullable() }));
export const saveAuditAnchorTo = (file: string) => call(S, 'AuditAnchorTo', [file], anchorSchema);
export const purgePreview = (asOf: string) => call(S, 'PurgePreview', [asOf], purgePreviewSchema);
export const purge = (asOf: string) => call(S, 'Purge', [asOf], purgePreviewSchema);
