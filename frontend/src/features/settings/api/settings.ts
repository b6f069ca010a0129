import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

// Regime identifiers (docs/legal.md#identifiers; backend/regime.go).
export const regimes = [
  { id: 'ccpa', label: 'California (CCPA/CPRA)' },
  { id: 'va', label: 'Virginia (VCDPA)' },
  { id: 'co', label: 'Colorado (CPA)' },
  { id: 'ct', label: 'Connecticut (CTDPA)' },
  { id: 'tx', label: 'Texas (TDPSA)' },
  { id: 'ut', label: 'Utah (UCPA)' },
  { id: 'or', label: 'Oregon (OCPA)' },
  { id: 'fl', label: 'Florida (FDBR)' },
  { id: 'gdpr', label: 'EU GDPR' },
  { id: 'uk-gdpr', label: 'UK GDPR' },
  { id: 'hipaa', label: 'HIPAA' },
] as const;
export type RegimeId = (typeof regimes)[number]['id'];

export const practiceSchema = z.object({
  name: z.string(),
  legalEntity: z.string(),
  address: z.string(),
  email: z.string(),
  phone: z.string(),
  privacyContact: z.string(),
  timeZone: z.string(),
  // Go's []byte travels as base64; nil as null.
  logo: z.string().nullable(),
  signatoryName: z.string(),
  signatoryTitle: z.string(),
  paperSize: z.enum(['letter', 'a4']),
  promisedDays: orEmpty(z.record(z.string(), z.number()), {}),
  holidayCountry: z.string(),
  closedDays: orEmpty(z.array(z.string()), []),
  attachmentMaxMB: z.number(),
  backupFolder: z.string(),
  backupKeep: z.number(),
  // What decides which laws reach the practice (docs/legal.md#applicability); '' and
  // null are not recorded, and a verdict that depends on one says "cannot tell".
  state: orEmpty(z.string(), ''),
  hipaaRole: orEmpty(z.enum(['', 'covered-entity', 'business-associate', 'neither']), ''),
  revenueBand: orEmpty(z.enum(['', 'under-25m', '25m-1b', 'over-1b']), ''),
  consumers: z.number().nullable().optional().transform((v) => v ?? null),
  sellsData: orEmpty(z.enum(['', 'yes', 'no']), ''),
  offersEU: orEmpty(z.enum(['', 'yes', 'no']), ''),
  offersUK: orEmpty(z.enum(['', 'yes', 'no']), ''),
  updatedAt: z.string(),
});
export type Practice = z.infer<typeof practiceSchema>;

export const hipaaRoles = [
  { value: 'covered-entity', label: 'Covered entity' },
  { value: 'business-associate', label: 'Business associate' },
  { value: 'neither', label: 'Neither' },
] as const;
export const revenueBands = [
  { value: 'under-25m', label: 'Under $25 million' },
  { value: '25m-1b', label: '$25 million to $1 billion' },
  { value: 'over-1b', label: 'Over $1 billion' },
] as const;
// USPS codes a practice's state may take (backend/settings.go).
export const usStates =
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  );

export const settingsKeys = {
  practice: ['settings', 'practice'] as const,
  timeZones: ['settings', 'timeZones'] as const,
  holidayCountries: ['settings', 'holidayCountries'] as const,
  zoneProposal: ['settings', 'zoneProposal'] as const,
};

/** A country whose public holidays the backend's rules know (backend/rules/calendar.go). */
export const holidayCountrySchema = z.object({ code: z.string().length(2), name: z.string().min(1) });
export type HolidayCountry = z.infer<typeof holidayCountrySchema>;

/** What the first start asks the practice to confirm (backend.ZoneProposal). */
export const zoneProposalSchema = z.object({
  practiceName: z.string(),
  timeZone: z.string(),
  fromComputer: z.boolean(),
  holidayCountry: z.string(),
  fromAddress: z.boolean(),
  confirmed: z.boolean(),
});
export type ZoneProposal = z.infer<typeof zoneProposalSchema>;
export const getZoneProposal = () => call('SettingsService', 'ZoneProposal', [], zoneProposalSchema);
export const confirmZone = (c: ZoneProposal) => call('SettingsService', 'ConfirmZone', [c], practiceSchema);

export const getPractice = () => call('SettingsService', 'Get', [], practiceSchema);
export const savePractice = (p: Practice) => call('SettingsService', 'Save', [p], practiceSchema);
export const getTimeZones = () => call('SettingsService', 'TimeZones', [], orEmpty(z.array(z.string()), []));
export const getHolidayCountries = () =>
  call('SettingsService', 'HolidayCountries', [], orEmpty(z.array(holidayCountrySchema), []));

export const practiceQuery = () => queryOptions({ queryKey: settingsKeys.practice, queryFn: getPractice });
export const timeZonesQuery = () =>
  queryOptions({ queryKey: settingsKeys.timeZones, queryFn: getTimeZones, staleTime: Infinity });
export const holidayCountriesQuery = () =>
  queryOptions({ queryKey: settingsKeys.holidayCountries, queryFn: getHolidayCountries, staleTime: Infinity });
