// The practice profile as the Settings form edits it, with the same rules as
// backend/settings.go (Practice.Validate) so a mistake shows on its field as soon as the
// person leaves it; the server checks again and its answer lands on the same field.
import { z } from 'zod';
import { dateProblem, emailProblem, phoneProblem, text } from '@/lib/validate';
import { regimes, usStates, type Practice } from './settings';

export { dateProblem };

const wholeIn = (lo: number, hi: number, message: string) =>
  z.union([z.number(), z.literal('')]).refine((v) => v !== '' && Number.isInteger(v) && v >= lo && v <= hi, { message });

const optionalDays = z
  .union([z.number(), z.literal('')])
  .refine((v) => v === '' || (Number.isInteger(v) && v >= 1 && v <= 365), {
    message: 'Enter a number of days between 1 and 365, or leave empty.',
  });

const yesNo = z.enum(['', 'yes', 'no'], { message: 'Answer yes or no, or leave empty.' });

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
  // Applicability: every field may stay empty (not recorded).
  state: z
    .string()
    .refine((s) => s === '' || usStates.includes(s.trim().toUpperCase()), {
      message: 'Not a US state (expected a two-letter postal code such as CA, TX or NY).',
    }),
  hipaaRole: z.enum(['', 'covered-entity', 'business-associate', 'neither'], {
    message: 'The HIPAA role must be covered entity, business associate or neither.',
  }),
  revenueBand: z.enum(['', 'under-25m', '25m-1b', 'over-1b'], {
    message: 'Choose a revenue band: under $25 million, $25 million to $1 billion, or over $1 billion.',
  }),
  consumers: z
    .union([z.number(), z.literal('')])
    .refine((v) => v === '' || (Number.isInteger(v) && v >= 0 && v <= 1_000_000_000), {
      message: 'Enter a number of consumers between 0 and 1,000,000,000, or leave empty.',
    }),
  sellsData: yesNo,
  offersEU: yesNo,
  offersUK: yesNo,
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
    state: p.state,
    hipaaRole: p.hipaaRole,
    revenueBand: p.revenueBand,
    consumers: p.consumers ?? '',
    sellsData: p.sellsData,
    offersEU: p.offersEU,
    offersUK: p.offersUK,
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
    state: f.state.trim().toUpperCase(),
    consumers: f.consumers === '' ? null : f.consumers,
  };
}

