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
  updatedAt: z.string(),
});
export type Practice = z.infer<typeof practiceSchema>;

export const settingsKeys = {
  practice: ['settings', 'practice'] as const,
  timeZones: ['settings', 'timeZones'] as const,
  holidayCountries: ['settings', 'holidayCountries'] as const,
};

/** A country whose public holidays the backend's rules know (backend/rules/calendar.go). */
export const holidayCountrySchema = z.object({ code: z.string().length(2), name: z.string().min(1) });
export type HolidayCountry = z.infer<typeof holidayCountrySchema>;

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
