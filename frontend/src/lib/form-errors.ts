import { AppError, parseError } from './ipc';

interface FieldErrorTarget {
  setFieldError: (path: string, error: string) => void;
  getInputNode?: (path: string) => HTMLElement | null;
}

/** showOnField puts a server validation error on the form field it names and returns
 * true; any other error returns false so the caller shows it elsewhere. `fields` maps a
 * backend field name to the form path when they differ. */
export function showOnField(
  form: FieldErrorTarget,
  reason: unknown,
  knownFields: readonly string[],
  fields: Record<string, string> = {},
): boolean {
  const err = reason instanceof AppError ? reason : parseError(reason);
  if (err.code !== 'invalid' || !err.field) return false;
  const path = fields[err.field] ?? err.field;
  const root = path.split('.')[0];
  if (!knownFields.includes(root)) return false;
  form.setFieldError(path, err.message);
  form.getInputNode?.(path)?.focus();
  return true;
}
