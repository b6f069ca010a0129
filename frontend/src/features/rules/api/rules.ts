// The deadline rules (backend/rules, through DashboardService.Rules) and the open
// requests a changed rule would affect (backend/rulechange.go).
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

const date = z.string().nullable();
const list = <T extends z.ZodType>(item: T) => orEmpty(z.array(item), []);

// When a rule row was last checked, what was read, and what it rests on: the text of the
// law ("text"), the regulator's guidance ("guidance") or secondary summaries ("summary").
export const checkedSchema = z.object({
  on: z.string(),
  read: z.string(),
  source: z.enum(['text', 'guidance', 'summary']).or(z.literal('')).default(''),
  how: z.string().default(''),
});
export type Checked = z.infer<typeof checkedSchema>;

export const ruleSchema = z.object({
  regime: z.string(),
  right: z.string(),
  version: z.number(),
  extensionNotice: z.string(),
  pause: z.string(),
  calendar: z.string(),
  citation: z.string(),
  // The days of receipt the rule applies to (a law that changed on a date has a row per
  // range) and when it was last checked against the law, with what was read.
  effectiveFrom: z.string(),
  effectiveUntil: date,
  checked: checkedSchema,
  note: z.string(),
  regimeLabel: z.string(),
  rightLabel: z.string(),
  acknowledgeText: z.string(),
  respondText: z.string(),
  extensionText: z.string(),
  calendarLabel: z.string(),
  pauseText: z.string(),
  effectiveText: z.string(),
  checkedText: z.string(),
});
export type Rule = z.infer<typeof ruleSchema>;

// A state's own clock for a patient's access to their records (45 CFR 160.203(b)).
export const stateClockSchema = z.object({
  state: z.string(),
  stateName: z.string(),
  what: z.string(),
  period: z.object({ n: z.number(), unit: z.string() }),
  calendar: z.string(),
  citation: z.string(),
  effectiveFrom: date,
  checked: checkedSchema,
  note: z.string(),
});
export type StateClock = z.infer<typeof stateClockSchema>;

export const affectedSchema = z.object({
  reference: z.string(),
  requester: z.string(),
  status: z.string(),
  storedVersion: z.number(),
  dueOn: date,
  newDueOn: date,
  newBasis: z.string(),
  problem: z.string(),
});
export type AffectedRight = z.infer<typeof affectedSchema>;

export const ruleChangeSchema = z.object({
  regime: z.string(),
  right: z.string(),
  currentVersion: z.number(),
  citation: z.string(),
  storedVersions: list(z.number()),
  affected: list(affectedSchema),
  total: z.number(),
});
export type RuleChange = z.infer<typeof ruleChangeSchema>;

export const recomputeResultSchema = z.object({
  regime: z.string(),
  right: z.string(),
  version: z.number(),
  recomputed: list(z.object({ reference: z.string(), from: date, to: date })),
  skipped: list(affectedSchema),
});
export type RecomputeResult = z.infer<typeof recomputeResultSchema>;

export const rulesKeys = {
  all: ['rules'] as const,
  table: () => [...rulesKeys.all, 'table'] as const,
  affected: () => [...rulesKeys.all, 'affected'] as const,
  stateClocks: () => [...rulesKeys.all, 'state-clocks'] as const,
};

export const getRules = () => call('DashboardService', 'Rules', [], list(ruleSchema));
export const getStateClocks = () => call('DashboardService', 'StateClocks', [], list(stateClockSchema));
export const getRulesAffected = () => call('DashboardService', 'RulesAffected', [], list(ruleChangeSchema));
export const recomputeRule = (v: { regime: string; right: string; refs: string[] }) =>
  call('DashboardService', 'RecomputeRule', [v.regime, v.right, v.refs], recomputeResultSchema);

export const rulesQuery = () => queryOptions({ queryKey: rulesKeys.table(), queryFn: getRules, staleTime: Infinity });
export const stateClocksQuery = () =>
  queryOptions({ queryKey: rulesKeys.stateClocks(), queryFn: getStateClocks, staleTime: Infinity });
export const rulesAffectedQuery = () => queryOptions({ queryKey: rulesKeys.affected(), queryFn: getRulesAffected, staleTime: 0 });
