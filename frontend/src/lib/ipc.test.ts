import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, call, onLockedRefusal, parseError } from './ipc';
import { goError, installBackend, uninstallBackend } from '@/test/backend';

describe('parseError', () => {
  const cases: { name: string; reason: unknown; code: string; message: string; field?: string }[] = [
    {
      name: 'Wails v2: a string holding the JSON contract',
      reason: goError('invalid', '"x@" is not a valid email address (expected name@example.com).', 'email'),
      code: 'invalid',
      message: '"x@" is not a valid email address (expected name@example.com).',
      field: 'email',
    },
    {
      name: 'newer Wails: an Error whose message is the JSON contract',
      reason: new Error(goError('not_found', 'No request PR-2026-0009.')),
      code: 'not_found',
      message: 'No request PR-2026-0009.',
    },
    {
      name: 'a conflict keeps its code',
      reason: goError('conflict', 'A completed request cannot be extended.'),
      code: 'conflict',
      message: 'A completed request cannot be extended.',
    },
    {
      name: 'text that is not JSON is internal, shown as it is',
      reason: 'method AppService.Nope not found',
      code: 'internal',
      message: 'method AppService.Nope not found',
    },
    {
      name: 'JSON that is not the contract is internal',
      reason: '{"oops": true}',
      code: 'internal',
      message: '{"oops": true}',
    },
    {
      name: 'an unknown code becomes internal but keeps the message',
      reason: goError('teapot', 'I am a teapot.'),
      code: 'internal',
      message: 'I am a teapot.',
    },
    {
      name: 'an Error with plain text',
      reason: new TypeError('Failed to fetch'),
      code: 'internal',
      message: 'Failed to fetch',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const err = parseError(c.reason);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe(c.code);
      expect(err.message).toBe(c.message);
      expect(err.field).toBe(c.field);
    });
  }

  it('keeps every field problem of a validation error, the first also as field', () => {
    const err = parseError(
      JSON.stringify({
        code: 'invalid',
        message: 'This field is required.',
        field: 'requester.name',
        problems: [
          { field: 'requester.name', message: 'This field is required.' },
          { field: 'rights', message: 'Choose at least one right.' },
        ],
      }),
    );
    expect(err.field).toBe('requester.name');
    expect(err.problems).toEqual([
      { field: 'requester.name', message: 'This field is required.' },
      { field: 'rights', message: 'Choose at least one right.' },
    ]);
  });

  it('makes a list of one from an error with a field and none without', () => {
    expect(parseError(goError('invalid', 'Bad phone.', 'phone')).problems).toEqual([{ field: 'phone', message: 'Bad phone.' }]);
    expect(parseError(goError('conflict', 'Closed.')).problems).toEqual([]);
  });

  it('gives a plain sentence for nothing useful at all', () => {
    const err = parseError(undefined);
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/log file/);
  });
});

describe('call', () => {
  afterEach(uninstallBackend);

  it('returns the validated answer and passes the arguments', async () => {
    const main = installBackend({ Echo: { Twice: async (n: number) => ({ n: n * 2 }) } });
    await expect(call('Echo', 'Twice', [21], z.object({ n: z.number() }))).resolves.toEqual({ n: 42 });
    expect(main.Echo.Twice).toHaveBeenCalledWith(21);
  });

  it('rejects with the field error of a Wails v2 string rejection', async () => {
    installBackend({ SettingsService: { Save: () => Promise.reject(goError('invalid', 'Bad phone.', 'phone')) } });
    const err: AppError = await call('SettingsService', 'Save', [{}], z.unknown()).then(() => { throw new Error('resolved'); }, (e: unknown) => e as AppError);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid', field: 'phone', message: 'Bad phone.' });
  });

  it('tells the lock screen of a call refused as locked, and of no other refusal', async () => {
    installBackend({
      RequestService: {
        List: () => Promise.reject(goError('conflict', 'Privacy Desk is locked: unlock it with your passphrase first.', 'session')),
        Update: () => Promise.reject(goError('conflict', 'A completed request cannot be extended.')),
      },
    });
    let told = 0;
    const stop = onLockedRefusal(() => told++);
    await expect(call('RequestService', 'Update', [], z.unknown())).rejects.toMatchObject({ code: 'conflict' });
    expect(told).toBe(0);
    await expect(call('RequestService', 'List', [], z.unknown())).rejects.toMatchObject({ code: 'conflict', field: 'session' });
    expect(told).toBe(1);
    stop();
    await expect(call('RequestService', 'List', [], z.unknown())).rejects.toBeInstanceOf(AppError);
    expect(told).toBe(1);
  });

  it('refuses an answer of the wrong shape', async () => {
    installBackend({ AppService: { Info: async () => ({ version: 3 }) } });
    const err: AppError = await call('AppService', 'Info', [], z.object({ version: z.string() })).then(() => { throw new Error('resolved'); }, (e: unknown) => e as AppError);
    expect(err).toMatchObject({ code: 'internal' });
    expect(err.message).toMatch(/unexpected shape/);
  });

  it('says so when the method does not exist', async () => {
    installBackend({});
    const err: AppError = await call('RequestService', 'List', [], z.unknown()).then(() => { throw new Error('resolved'); }, (e: unknown) => e as AppError);
    expect(err).toMatchObject({ code: 'internal' });
    expect(err.message).toMatch(/RequestService\.List/);
  });
});
