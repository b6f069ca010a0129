// One event of the audit trail as every service sends it (backend.AuditEvent in
// backend/audit.go): the practice-wide trail, a request's history and a vendor's history.
import { z } from 'zod';

export const auditEventSchema = z.object({
  seq: z.number(),
  at: z.string(),
  osUser: z.string(),
  staff: z.string(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.string(),
  after: z.string(),
  /** what a request, vendor or letter was after the change (JSON); '' for other events */
  record: z.string().optional().default(''),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
