// A request that arrived by email: the .eml is read by the backend (ExportService.
// ImportEmail, from a dropped or chosen file), which proposes the intake; the intake
// form opens prefilled with it (takeIntakeDraft) and attaches the .eml once the request
// is saved (attachDraftEmail). Shared by the Exports screen and the Requests screens.
import { z } from 'zod';
import { call, orEmpty } from './ipc';

const S = 'ExportService';

const proposalSchema = z.object({
  token: z.string(),
  fileName: z.string(),
  input: z.record(z.string(), z.unknown()),
  fromName: z.string(),
  fromAddress: z.string(),
  date: z.string(),
  subject: z.string(),
  bodyFrom: z.string(),
  truncated: z.boolean(),
  attachments: orEmpty(z.array(z.string()), []),
  proposedRights: orEmpty(z.array(z.string()), []),
  note: z.string(),
});
export type EmailProposal = z.infer<typeof proposalSchema>;

export const importEmailFile = (path: string) => call(S, 'ImportEmail', [path], proposalSchema);
export const chooseEmailFile = () => call(S, 'ChooseEmailFile', [], z.string());
export const discardEmail = (token: string) => call(S, 'DiscardEmail', [token], z.boolean());
export const attachDraftEmail = (ref: string, token: string) =>
  call(S, 'AttachEmail', [ref, token], z.object({ originalName: z.string() }).passthrough());

function readBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error ?? new Error('The file cannot be read.'));
    r.readAsArrayBuffer(file);
  });
}

/** importEmailBytes sends a dropped File's content (base64, as Go's []byte travels). */
export async function importEmailBytes(file: File): Promise<EmailProposal> {
  const buf = await readBytes(file);
  let bin = '';
  for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return call(S, 'ImportEmailData', [file.name, btoa(bin)], proposalSchema);
}

/** isEmailFile tells an .eml (or message/rfc822) from other dropped files. */
export const isEmailFile = (name: string, type = '') => /\.eml$/i.test(name) || type === 'message/rfc822';

// The proposal waiting for the intake form: one at a time, held in memory only (it holds
// a patient's email).
let draft: EmailProposal | null = null;

export function setIntakeDraft(p: EmailProposal) {
  if (draft && draft.token !== p.token) void discardEmail(draft.token).catch(() => {});
  draft = p;
}

/** peekIntakeDraft is the waiting proposal, for the intake form's first values. */
export function peekIntakeDraft(): EmailProposal | null {
  return draft;
}

/** clearIntakeDraft marks the proposal taken (the form holds it now); the next new
 * request starts empty. Its email stays pending until attached or discarded. */
export function clearIntakeDraft(token: string | undefined) {
  if (draft && draft.token === token) draft = null;
}

/** mergeDraft lays the proposal's input over the empty form, field group by field group. */
export function mergeDraft<T extends object>(empty: T, input: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(empty as Record<string, unknown>) };
  for (const [k, v] of Object.entries(input)) {
    if (!(k in empty) || v === null || v === undefined) continue;
    const base = (empty as Record<string, unknown>)[k];
    if (base && typeof base === 'object' && !Array.isArray(base) && typeof v === 'object' && !Array.isArray(v)) {
      const inner: Record<string, unknown> = { ...(base as Record<string, unknown>) };
      for (const [ik, iv] of Object.entries(v as Record<string, unknown>)) if (iv !== null && iv !== undefined && iv !== '') inner[ik] = iv;
      out[k] = inner;
    } else if (v !== '' && !(Array.isArray(v) && v.length === 0 && Array.isArray(base) && base.length > 0)) {
      out[k] = v;
    }
  }
  return out as T;
}
