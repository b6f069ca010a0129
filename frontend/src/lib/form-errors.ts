import { notifications } from '@mantine/notifications';
import { AppError, parseError } from './ipc';

interface FieldErrorTarget {
  setFieldError: (path: string, error: string) => void;
  getInputNode?: (path: string) => HTMLElement | null;
}

/** focusField brings a form field into view and focuses it. Long forms (the vendor form)
 * put the field far from the Save button, and a plain focus() does not always scroll a
 * date input into view, so scroll explicitly, to the middle clear of the sticky header.
 * A field without an input node (a segmented control, a checklist row) gets a
 * notification instead, so the user still learns that something needs fixing. */
export function focusField(form: Pick<FieldErrorTarget, 'getInputNode'>, path: string, message?: string): void {
  const node = form.getInputNode?.(path);
  if (node) {
    node.scrollIntoView?.({ block: 'center', behavior: 'auto' });
    node.focus({ preventScroll: true });
    return;
  }
  notifications.show({ color: 'red', title: 'Fix the highlighted field', message: message ?? 'A field on this form needs a correction.' });
}

/** focusFirstError is for form.onSubmit's validation-failure callback: it shows the first
 * field with an error. */
export function focusFirstError(form: Pick<FieldErrorTarget, 'getInputNode'>, errors: Record<string, unknown>): void {
  const first = Object.keys(errors)[0];
  if (first) focusField(form, first, typeof errors[first] === 'string' ? (errors[first] as string) : undefined);
}

/** showOnField puts a server validation error on the form fields it names (every field
 * of its problems list), focuses the first of them and returns true; any other error, or
 * one naming none of the form's fields, returns false so the caller shows it elsewhere.
 * A problem of a field the form does not have is told in a notification, so it is not
 * lost. `fields` maps a backend field name to the form path when they differ. */
export function showOnField(
  form: FieldErrorTarget,
  reason: unknown,
  knownFields: readonly string[],
  fields: Record<string, string> = {},
): boolean {
  const err = reason instanceof AppError ? reason : parseError(reason);
  if (err.code !== 'invalid' || err.problems.length === 0) return false;
  const marked: { path: string; message: string }[] = [];
  const elsewhere: string[] = [];
  for (const p of err.problems) {
    const path = fields[p.field] ?? p.field;
    if (knownFields.includes(path.split('.')[0])) marked.push({ path, message: p.message });
    else elsewhere.push(p.message);
  }
  if (marked.length === 0) return false;
  for (const m of marked) form.setFieldError(m.path, m.message);
  focusField(form, marked[0].path, marked[0].message);
  if (elsewhere.length > 0) {
    notifications.show({ color: 'red', title: 'Also needs a correction', message: elsewhere.join(' ') });
  }
  return true;
}
