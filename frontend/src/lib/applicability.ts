// The verdicts of which privacy laws reach the practice, from the profile recorded in
// Settings (backend/rules/practice_profile.go). Shared: Settings refreshes them after a
// save, the rules page lists them and the intake form shows the chosen regime's.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

/** One regime's verdict for the practice's recorded profile (backend/rules/profile.go). */
export const verdictSchema = z.object({
  regime: z.string(),
  label: z.string(),
  verdict: z.enum(['applies', 'applies-except-phi', 'does-not-apply', 'check', 'cannot-tell']),
  reasons: orEmpty(z.array(z.string()), []),
  citations: orEmpty(z.array(z.string()), []),
});
export type RegimeVerdict = z.infer<typeof verdictSchema>;
export const verdictLabels: Record<RegimeVerdict['verdict'], string> = {
  applies: 'Applies',
  'applies-except-phi': 'Non-health data only',
  'does-not-apply': 'Does not apply',
  check: 'Check',
  'cannot-tell': 'Cannot tell',
};

export const applicabilityKey = ['settings', 'applicability'] as const;

export const getApplicability = () =>
  call('SettingsService', 'Applicability', [], orEmpty(z.array(verdictSchema), []));
export const applicabilityQuery = () => queryOptions({ queryKey: applicabilityKey, queryFn: getApplicability });

/** Whether a verdict calls for a warning when a request is logged under its regime. */
export const verdictWarns = (v: RegimeVerdict | undefined) =>
  v !== undefined && (v.verdict === 'does-not-apply' || v.verdict === 'applies-except-phi');

/** The intake hint: a covered entity's patient asking about their health record under a
 * regime that exempts PHI is making a HIPAA request. */
// The state laws, whose PHI exemptions (entity- or data-level) reach a covered entity.
const phiExempting = new Set(['ccpa', 'va', 'co', 'ct', 'tx', 'ut', 'or', 'fl']);

export function phiHint(regime: string, verdict: RegimeVerdict | undefined, hipaaRole: string): string | null {
  if (!phiExempting.has(regime) || hipaaRole !== 'covered-entity') return null;
  if (!verdictWarns(verdict)) return null;
  return 'This practice is a HIPAA covered entity and this law exempts protected health information: a patient asking about their own health record is making a HIPAA request. Choose HIPAA for that.';
}
