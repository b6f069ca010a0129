// The disclosures recorded for a HIPAA accounting request (DisclosureService in
// app/svc_disclosures.go): what the hipaa-accounting letter lists (45 CFR 164.528).
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

export const disclosureSchema = z.object({
  id: z.number(),
  requestRef: z.string(),
  disclosedOn: z.string(),
  recipient: z.string(),
  recipientAddress: z.string(),
  description: z.string(),
  purpose: z.string(),
});
export type Disclosure = z.infer<typeof disclosureSchema>;
export type DisclosureInput = Omit<Disclosure, 'id' | 'requestRef'>;

export const disclosureKeys = {
  list: (ref: string) => ['disclosures', ref] as const,
};

export const disclosuresQuery = (ref: string) => ({
  queryKey: disclosureKeys.list(ref),
  queryFn: () => call('DisclosureService', 'List', [ref], orEmpty(z.array(disclosureSchema), [])),
});

export const addDisclosure = (ref: string, d: DisclosureInput) =>
  call('DisclosureService', 'Add', [ref, d], disclosureSchema);

export const removeDisclosure = (ref: string, id: number) =>
  call('DisclosureService', 'Remove', [ref, id], z.unknown());

/** checkDisclosure mirrors backend/disclosure.go so the common mistakes show at once. */
export function checkDisclosure(d: DisclosureInput, received: string): Partial<Record<keyof DisclosureInput, string>> {
  const errors: Partial<Record<keyof DisclosureInput, string>> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.disclosedOn)) errors.disclosedOn = 'Enter the date of the disclosure.';
  else if (received && d.disclosedOn > received)
    errors.disclosedOn = `The disclosure is dated after the request was received (${received}).`;
  if (!d.recipient.trim()) errors.recipient = 'This field is required.';
  if (!d.description.trim()) errors.description = 'This field is required.';
  if (!d.purpose.trim()) errors.purpose = 'This field is required.';
  return errors;
}
