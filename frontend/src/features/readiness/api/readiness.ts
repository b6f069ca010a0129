// "Ready for an audit", as DashboardService.Readiness (app/svc_dashboard.go) answers it;
// the items are computed in backend/reporting/readiness.go.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

export const readinessItemSchema = z.object({
  key: z.string(),
  label: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  /** the window's route where it is fixed, or "confirm-zone" for the time zone question */
  fix: z.string(),
  fixHint: z.string(),
});
export type ReadinessItem = z.infer<typeof readinessItemSchema>;

export const readinessSchema = z.object({
  asOf: z.string().nullable(),
  ready: z.boolean(),
  items: orEmpty(z.array(readinessItemSchema), []),
});
export type Readiness = z.infer<typeof readinessSchema>;

export const getReadiness = () => call('DashboardService', 'Readiness', [], readinessSchema);
export const readinessKeys = { all: ['readiness'] as const };
export const readinessQuery = () => queryOptions({ queryKey: readinessKeys.all, queryFn: getReadiness });
