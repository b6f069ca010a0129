// The bridge to the Go backend. Wails v2 binds each Go struct as
// window.go.main.<Struct>.<Method>(...args), which returns a Promise; we call it directly
// (no generated bindings), validate every answer with zod, and turn every rejection into
// an AppError with the code/message/field/problems contract of app/uierror.go.
import { z } from 'zod';

export type ErrorCode = 'invalid' | 'not_found' | 'conflict' | 'internal';

const errorCodes: readonly ErrorCode[] = ['invalid', 'not_found', 'conflict', 'internal'];

/** One field's problem, as a form shows it beside the field. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The one error type the UI handles: a code to branch on, a message for the person and,
 * for validation, the form field it belongs to. A validation error lists every field
 * with a problem in problems (field and message are the first of them), so a form can
 * mark them all at once. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly problems: readonly FieldProblem[];

  constructor(code: ErrorCode, message: string, field?: string, problems?: readonly FieldProblem[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field || undefined;
    const listed = (problems ?? []).filter((p) => p.field);
    this.problems = listed.length > 0 ? listed : this.field ? [{ field: this.field, message }] : [];
  }
}

const internalSentence = 'Something went wrong inside Privacy Desk. The details were written to the log file.';

const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional().nullable(),
  problems: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .nullable(),
});

function fromText(text: string): AppError {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = errorBody.safeParse(JSON.parse(trimmed));
      if (parsed.success) {
        const { code, message, field, problems } = parsed.data;
        const known = (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal';
        return new AppError(known, message || internalSentence, field ?? undefined, problems ?? undefined);
      }
    } catch {
      // not JSON after all: fall through to the plain-text case
    }
  }
  // Text that is not our contract comes from the runtime itself (a method that does not
  // exist, a lost connection); show it, as an internal error, rather than hide it.
  return new AppError('internal', trimmed || internalSentence);
}

/** parseError turns whatever a bound method rejected with into an AppError: Wails v2
 * rejects with the error's text (a string), newer versions with an Error whose message is
 * that text; anything else is an internal error. */
export function parseError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (typeof reason === 'string') return fromText(reason);
  if (reason instanceof Error) return fromText(reason.message);
  if (reason && typeof reason === 'object') {
    const parsed = errorBody.safeParse(reason);
    if (parsed.success) return fromText(JSON.stringify(parsed.data));
  }
  return new AppError('internal', internalSentence);
}

type BoundMethod = (...args: unknown[]) => Promise<unknown>;

interface WailsWindow {
  go?: Record<string, Record<string, Record<string, BoundMethod>>>;
  runtime?: {
    EventsOn?: (name: string, cb: (...data: unknown[]) => void) => () => void;
    EventsOff?: (name: string) => void;
    BrowserOpenURL?: (url: string) => void;
  };
}

function wails(): WailsWindow {
  return window as unknown as WailsWindow;
}

/** backendAvailable reports whether the page runs inside Privacy Desk (or its dev server). */
export function backendAvailable(): boolean {
  return Boolean(wails().go?.main);
}

/** backendHas reports whether the running backend binds the struct (areas arrive one by one). */
export function backendHas(struct: string): boolean {
  return Boolean(wails().go?.main?.[struct]);
}

/** isLockedRefusal tells the backend's refusal of a call because the session is locked
 * (app/permissions.go errLocked: code conflict, field session). The backend locks on its
 * own when the idle limit passes without input, whatever the window's timer did. */
export function isLockedRefusal(err: AppError): boolean {
  return err.code === 'conflict' && err.field === 'session';
}

const lockedRefusalListeners = new Set<() => void>();

/** onLockedRefusal calls cb whenever a call is refused because the session is locked (the
 * workspace then shows its lock screen); it returns the unsubscribe. */
export function onLockedRefusal(cb: () => void): () => void {
  lockedRefusalListeners.add(cb);
  return () => void lockedRefusalListeners.delete(cb);
}

/** call invokes Struct.Method(...args) on the Go side and validates the answer. */
export async function call<S extends z.ZodType>(
  struct: string,
  method: string,
  args: unknown[],
  schema: S,
): Promise<z.infer<S>> {
  const fn = wails().go?.main?.[struct]?.[method];
  if (typeof fn !== 'function') {
    throw new AppError(
      'internal',
      `The backend has no ${struct}.${method}. Is this page running inside Privacy Desk?`,
    );
  }
  let raw: unknown;
  try {
    raw = await fn(...args);
  } catch (reason) {
    const err = parseError(reason);
    if (isLockedRefusal(err)) for (const cb of [...lockedRefusalListeners]) cb();
    throw err;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    console.error(`${struct}.${method} answered in an unexpected shape`, parsed.error.issues, raw);
    throw new AppError('internal', `The backend's answer to ${struct}.${method} had an unexpected shape.`);
  }
  return parsed.data;
}

/** onEvent subscribes to a backend event (menus, second launch) and returns the unsubscribe. */
export function onEvent(name: string, cb: (...data: unknown[]) => void): () => void {
  const on = wails().runtime?.EventsOn;
  if (typeof on !== 'function') return () => {};
  const off = on(name, cb);
  return typeof off === 'function' ? off : () => wails().runtime?.EventsOff?.(name);
}

/** nullish turns Go's null slices and maps into empty ones before validation. */
export function orEmpty<T extends z.ZodType>(schema: T, empty: z.input<T>) {
  return z.preprocess((v) => (v === null || v === undefined ? empty : v), schema);
}
