// The practice profile as the Settings form edits it, with the same rules as
// backend/settings.go (Practice.Validate) so a mistake shows on its field as soon as the
// person leaves it; the server checks again and its answer lands on the same field.
import { z } from 'zod';
import { dateProblem, emailProblem, phoneProblem, text } from '@/lib/validate';
import { regimes, type Practice } from './settings';

export { dateProblem };

const wholeIn = (lo: number, hi: number, message: string) =>
  z.union([z.number(), z.literal('')]).refine((v) => v !== '' && Number.isInteger(v) && v >= lo && v <= hi, { message });

const optionalDays = z
  .union([z.number(), z.literal('')])
  .refine((v) => v === '' || (Number.isInteger(v) && v >= 1 && v <= 365), {
    message: 'Enter a number of days between 1 and 365, or leave empty.',
  });

export const practiceFormSchema = z.object({
  name: text(200, true),
  legalEntity: text(200),
  address: text(1000),
  email: z.string().superRefine((s, ctx) => {
    const p = emailProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
  phone: z.string().superRefine((s, ctx) => {
    const p = phoneProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
  privacyContact: text(200),
  timeZone: z.string().min(1, "Choose the practice's time zone."),
  logo: z.string().nullable(),
  signatoryName: text(200),
  signatoryTitle: text(200),
  paperSize: z.enum(['letter', 'a4'], { message: 'Paper size must be US Letter or A4.' }),
  promisedDays: z.record(z.string(), optionalDays),
  holidayCountry: z.string().length(2, 'Choose a country for the public holidays of GDPR deadlines.'),
  closedDays: z.array(z.string()).superRefine((days, ctx) => {
    for (const d of days) {
      const p = dateProblem(d);
      if (p) {
        ctx.addIssue({ code: 'custom', message: p });
        return;
      }
    }
  }),
  attachmentMaxMB: wholeIn(1, 2048, 'The attachment limit must be between 1 and 2048 MB.'),
  backupFolder: text(4096),
  backupKeep: wholeIn(1, 365, 'Keep between 1 and 365 automatic backups.'),
});

export type PracticeForm = z.infer<typeof practiceFormSchema>;
export const practiceFormFields = Object.keys(practiceFormSchema.shape);

/** validatePracticeForm returns Mantine form errors ({path: message}) from the zod rules. */
export function validatePracticeForm(values: PracticeForm): Record<string, string> {
  const r = practiceFormSchema.safeParse(values);
  if (r.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.join('.');
    if (!(path in errors)) errors[path] = issue.message;
  }
  return errors;
}

export function toForm(p: Practice): PracticeForm {
  const promisedDays: Record<string, number | ''> = {};
  for (const r of regimes) promisedDays[r.id] = p.promisedDays[r.id] > 0 ? p.promisedDays[r.id] : '';
  return {
    name: p.name,
    legalEntity: p.legalEntity,
    address: p.address,
    email: p.email,
    phone: p.phone,
    privacyContact: p.privacyContact,
    timeZone: p.timeZone,
    logo: p.logo || null,
    signatoryName: p.signatoryName,
    signatoryTitle: p.signatoryTitle,
    paperSize: p.paperSize,
    promisedDays,
    holidayCountry: p.holidayCountry,
    closedDays: [...p.closedDays],
    attachmentMaxMB: p.attachmentMaxMB,
    backupFolder: p.backupFolder,
    backupKeep: p.backupKeep,
  };
}

export function fromForm(f: PracticeForm, base: Practice): Practice {
  const promisedDays: Record<string, number> = {};
  for (const [k, v] of Object.entries(f.promisedDays)) if (v !== '' && v > 0) promisedDays[k] = v;
  return {
    ...base,
    ...f,
    name: f.name.trim(),
    email: f.email.trim(),
    phone: f.phone.trim(),
    promisedDays,
    closedDays: [...f.closedDays].sort(),
    attachmentMaxMB: f.attachmentMaxMB === '' ? 0 : f.attachmentMaxMB,
    backupKeep: f.backupKeep === '' ? 0 : f.backupKeep,
  };
}

// EU member states, for the public holidays that roll GDPR deadlines (docs/legal.md#holidays).
export const euCountries: { value: string; label: string }[] = [
  ['AT', 'Austria'], ['BE', 'Belgium'], ['BG', 'Bulgaria'], ['HR', 'Croatia'], ['CY', 'Cyprus'],
  ['CZ', 'Czechia'], ['DK', 'Denmark'], ['EE', 'Estonia'], ['FI', 'Finland'], ['FR', 'France'],
  ['DE', 'Germany'], ['GR', 'Greece'], ['HU', 'Hungary'], ['IE', 'Ireland'], ['IT', 'Italy'],
  ['LV', 'Latvia'], ['LT', 'Lithuania'], ['LU', 'Luxembourg'], ['MT', 'Malta'], ['NL', 'Netherlands'],
  ['PL', 'Poland'], ['PT', 'Portugal'], ['RO', 'Romania'], ['SK', 'Slovakia'], ['SI', 'Slovenia'],
  ['ES', 'Spain'], ['SE', 'Sweden'],
].map(([value, label]) => ({ value, label: `${label} (${value})` }));
