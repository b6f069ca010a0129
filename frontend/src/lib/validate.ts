// Field rules shared by every form, the same as the Go validators in backend/settings.go
// (ValidateText, ValidateEmail, ValidatePhone, ValidateDate), with the same messages.
import { z } from 'zod';

// Counted in characters (code points), as Go's utf8.RuneCountInString does.
export const chars = (s: string) => [...s].length;
// eslint-disable-next-line no-control-regex
const controlChar = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export function text(max: number, required = false) {
  return z.string().superRefine((s, ctx) => {
    if (required && s.trim() === '') ctx.addIssue({ code: 'custom', message: 'This field is required.' });
    else if (chars(s) > max) ctx.addIssue({ code: 'custom', message: `Too long: ${chars(s)} characters, at most ${max}.` });
    else if (controlChar.test(s)) ctx.addIssue({ code: 'custom', message: 'The text contains a control character.' });
  });
}

// Go accepts what net/mail.ParseAddress takes as a bare address with a dot in the domain.
const emailRE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
export function emailProblem(s: string): string | null {
  const v = s.trim();
  if (v === '') return null;
  const local = v.slice(0, v.lastIndexOf('@'));
  if (!emailRE.test(v) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return `"${v}" is not a valid email address (expected name@example.com).`;
  }
  return null;
}

const phoneRE = /^\+?[0-9 ().-]{7,25}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/;
export function phoneProblem(s: string): string | null {
  const v = s.trim();
  if (v === '' || phoneRE.test(v)) return null;
  return `"${v}" is not a phone number (digits, spaces, + ( ) . - allowed).`;
}

export function dateProblem(s: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return `"${s}" is not a date (expected YYYY-MM-DD).`;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return `${s} is not a date that exists.`;
  return null;
}


/** formErrors runs a zod schema over form values and returns Mantine form errors
 * ({"requester.email": "..."}), the first problem of each field. */
export function formErrors<T>(schema: z.ZodType<T>, values: unknown): Record<string, string> {
  const r = schema.safeParse(values);
  if (r.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.join('.');
    if (!(path in errors)) errors[path] = issue.message;
  }
  return errors;
}
