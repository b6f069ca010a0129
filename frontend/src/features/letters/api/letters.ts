// Letters as LetterService (app/svc_letters.go) answers them: the kinds that fit a
// request, letters kept as evidence, the template library and the live preview.
// Shapes follow backend/letters (kinds.go, letter.go, template.go, fields.go).
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';

const list = <T extends z.ZodType>(s: T) => orEmpty(z.array(s), []);

export const kindOptionSchema = z.object({
  kind: z.string(),
  title: z.string(),
  description: z.string(),
  toVendor: z.boolean(),
  fits: z.boolean(),
  reason: z.string(),
  usesResponse: z.boolean(),
  usesEnclosures: z.boolean(),
  usesDisclosures: z.boolean(),
});
export type KindOption = z.infer<typeof kindOptionSchema>;

export const letterSchema = z.object({
  id: z.number(),
  requestRef: z.string(),
  vendorTaskId: z.number(),
  vendorName: z.string(),
  kind: z.string(),
  title: z.string(),
  templateName: z.string(),
  templateVersion: z.number(),
  recipient: z.string(),
  pages: z.number(),
  size: z.number(),
  sha256: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** when, how and by whom the letter went out; null until recorded */
  sent: z
    .object({ on: z.string(), method: z.string(), by: z.string(), recordedAt: z.string() })
    .nullable()
    .optional(),
});
export type Letter = z.infer<typeof letterSchema>;

export const sendMethodLabels: Record<string, string> = { post: 'Post', email: 'Email', 'in-person': 'In person', portal: 'Patient portal' };

export const templateSchema = z.object({
  kind: z.string(),
  name: z.string(),
  version: z.number(),
  body: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  builtin: z.boolean(),
});
export type Template = z.infer<typeof templateSchema>;

export const fieldSchema = z.object({ name: z.string(), description: z.string(), where: z.string() });
export type Field = z.infer<typeof fieldSchema>;

// Go encodes []byte as base64.
const pdfBytes = z.string();

export const previewSchema = z.object({
  pdf: pdfBytes,
  pages: z.number(),
  fields: list(z.string()),
  example: z.boolean(),
  placeholders: list(z.string()),
});
export type Preview = z.infer<typeof previewSchema>;

export const letterPdfSchema = z.object({ letter: letterSchema, pdf: pdfBytes });

export const batchResultSchema = z.object({ saved: z.boolean(), path: z.string(), letters: z.number(), pages: z.number() });

export interface Disclosure {
  date: string;
  recipient: string;
  description: string;
  purpose: string;
}

export interface IssueInput {
  reference: string;
  kind: string;
  templateName?: string;
  vendorTaskId?: number;
  response?: string;
  enclosures?: string[];
  disclosures?: Disclosure[];
  /** acknowledges the preflight's warnings (blocking problems refuse the letter whatever it says) */
  acceptWarnings?: boolean;
}

/** A problem preflight found before a letter is made: blocking, or a warning to acknowledge. */
export const problemSchema = z.object({
  code: z.string(),
  severity: z.enum(['blocking', 'warning']),
  message: z.string(),
  field: z.string(),
  fix: z.string(),
});
export type Problem = z.infer<typeof problemSchema>;

/** fixHref is where a problem is fixed: the request's form, Settings, the data map, the
 * vendor register, the request's outcomes or its vendor tasks; null for a warning with
 * nothing to fix (fix "none": a fact to know before sending). */
export function fixHref(p: Problem, reference: string): { href: string; label: string } | null {
  switch (p.fix) {
    case 'none':
      return null;
    case 'settings':
      return { href: '#/settings', label: 'Open Settings' };
    case 'datamap':
      return { href: '#/vendors/data-map', label: 'Open the data map' };
    case 'vendor':
      return { href: '#/vendors', label: 'Open the vendor register' };
    case 'outcome':
      return { href: `#/requests/${reference}`, label: 'Record the outcome' };
    case 'tasks':
      // The tasks' own screen: on the request's they are at the foot of a long page.
      return { href: `#/vendors/tasks/${encodeURIComponent(reference)}`, label: 'Open the vendor tasks' };
    default:
      return { href: `#/requests/${reference}/edit`, label: 'Edit the request' };
  }
}

export interface LetterFilter {
  kind: string;
  search: string;
}

export interface PreviewInput {
  kind: string;
  body: string;
  reference?: string;
  vendorTaskId?: number;
}

export const letterKeys = {
  all: ['letters'] as const,
  kinds: (ref: string, stamp = 0) => ['letters', 'kinds', ref, stamp] as const,
  ofRequest: (ref: string) => ['letters', 'request', ref] as const,
  list: (f: LetterFilter) => ['letters', 'list', f] as const,
  templates: () => ['letters', 'templates'] as const,
  template: (kind: string, name: string) => ['letters', 'template', kind, name] as const,
  fields: () => ['letters', 'fields'] as const,
  pdf: (id: number) => ['letters', 'pdf', id] as const,
};

const svc = 'LetterService';

/** kindsQuery lists the kinds, and with a reference whether each fits that request;
 * stamp (when the request last changed) makes a changed request ask again. */
export const kindsQuery = (ref = '', stamp = 0) =>
  queryOptions({ queryKey: letterKeys.kinds(ref, stamp), queryFn: () => call(svc, 'Kinds', [ref], list(kindOptionSchema)) });

export const requestLettersQuery = (ref: string) =>
  queryOptions({ queryKey: letterKeys.ofRequest(ref), queryFn: () => call(svc, 'List', [ref], list(letterSchema)) });

export const allLettersQuery = (f: LetterFilter) =>
  queryOptions({
    queryKey: letterKeys.list(f),
    queryFn: () => call(svc, 'All', [{ kind: f.kind, search: f.search, limit: 0 }], list(letterSchema)),
  });

export const templatesQuery = () =>
  queryOptions({ queryKey: letterKeys.templates(), queryFn: () => call(svc, 'Templates', [''], list(templateSchema)) });

export const templateQuery = (kind: string, name: string) =>
  queryOptions({ queryKey: letterKeys.template(kind, name), queryFn: () => call(svc, 'Template', [kind, name, 0], templateSchema) });

export const fieldsQuery = () =>
  queryOptions({ queryKey: letterKeys.fields(), queryFn: () => call(svc, 'Fields', [], list(fieldSchema)), staleTime: Infinity });

export const letterPdfQuery = (id: number) =>
  queryOptions({ queryKey: letterKeys.pdf(id), queryFn: () => call(svc, 'Get', [id], letterPdfSchema), staleTime: Infinity });

export const issueLetter = (input: IssueInput) =>
  call(svc, 'Issue', [{ ...issueDefaults, ...input }], letterSchema);

const issueDefaults = { templateName: '', vendorTaskId: 0, response: '', enclosures: [], disclosures: [], acceptWarnings: false };

export const preflightLetter = (input: IssueInput) => call(svc, 'Preflight', [{ ...issueDefaults, ...input }], list(problemSchema));

export const previewTemplate = (input: PreviewInput) =>
  call(svc, 'Preview', [{ reference: '', vendorTaskId: 0, ...input }], previewSchema);

export const saveTemplate = (t: { kind: string; name: string; body: string }) =>
  call(svc, 'SaveTemplate', [{ ...t, version: 1 }], templateSchema);

/** markSent records that a letter went out (on: YYYY-MM-DD, '' for today). */
export const markLetterSent = (id: number, method: string, on: string) => call(svc, 'MarkSent', [id, { method, on }], letterSchema);

/** saveLetterDraft saves a stored letter as an .eml draft through the native dialog. */
export const saveLetterDraft = (id: number) => call(svc, 'SaveDraftAs', [id], z.boolean());

export const saveLetterCopy = (id: number) => call(svc, 'SaveAs', [id], z.boolean());

export const openLetter = (id: number) => call(svc, 'Open', [id], z.null().or(z.undefined()));

export const printBatch = (ids: number[]) => call(svc, 'PrintBatch', [ids], batchResultSchema);

/** pdfBlobURL turns base64 PDF bytes into a blob: URL the caller must revoke. */
export function pdfBlobURL(base64: string): string {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/** formatSize shows a byte count as people read it. */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** plural writes "1 page", "2 pages". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** sentence starts a description with a capital, as a line of its own reads. */
export function sentence(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

export const directResultSchema = z.object({
  saved: z.boolean(),
  reference: z.string(),
  method: z.string(),
  on: z.string().nullable(),
  letters: list(letterSchema),
  skipped: list(z.object({ vendorTaskId: z.number(), vendorName: z.string(), field: z.string(), message: z.string() })),
  path: z.string(),
  files: list(z.string()),
  pages: z.number(),
});
export type DirectResult = z.infer<typeof directResultSchema>;

/** directVendors is "Direct all vendors": a direction letter to every vendor not told
 * yet, kept and recorded as sent today by post (one PDF to print, where the person
 * chooses) or email (one draft per vendor, in the folder chosen). Vendors whose letter
 * cannot be made come back in skipped; saved is false when the dialog was cancelled. */
export const directVendors = (reference: string, method: 'post' | 'email', acceptWarnings = false) =>
  call(svc, 'DirectVendors', [{ reference, method, acceptWarnings }], directResultSchema);
