/// <reference types="vite/client" />
// The contract with Go, checked from this side. app/contract_test.go calls every bound
// method on the example practice and keeps what each returns under
// app/testdata/contract (methods.json lists them all). Here every function the API
// modules export is called against a fake backend that answers with those samples, so
// each answer goes through the very zod schema the screen uses. The test fails when a
// schema does not parse what Go sends, and when a bound method is called by no API
// module (it should then be removed from Go).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Vitest runs from frontend/.
const contractDir = resolve(process.cwd(), '../app/testdata/contract') + '/';

interface BoundMethod {
  struct: string;
  method: string;
  sample: boolean;
}

const methods: BoundMethod[] = JSON.parse(readFileSync(contractDir + 'methods.json', 'utf8'));
const sampleOf = (m: BoundMethod): unknown =>
  m.sample ? JSON.parse(readFileSync(`${contractDir}${m.struct}.${m.method}.json`, 'utf8')) : null;

// anything stands for every argument: whatever an API function reads from it, it gets
// another stand-in, so the function reaches its backend call.
function anything(): unknown {
  const target = () => undefined;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'then' || prop === 'toJSON') return undefined;
      if (prop === 'length') return 0;
      return anything();
    },
    apply: () => anything(),
    ownKeys: () => [],
  });
}

const called = new Set<string>();
const shapeErrors = new Map<string, unknown>();

beforeAll(() => {
  const main: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const m of methods) {
    main[m.struct] ??= {};
    const sample = sampleOf(m);
    main[m.struct][m.method] = async () => {
      called.add(`${m.struct}.${m.method}`);
      return structuredClone(sample);
    };
  }
  (window as unknown as { go: unknown }).go = { main };
  vi.spyOn(console, 'error').mockImplementation((msg: unknown, issues: unknown) => {
    const text = String(msg);
    const match = /^(\w+\.\w+) answered in an unexpected shape/.exec(text);
    if (match) shapeErrors.set(match[1], issues);
  });
});

afterAll(() => {
  delete (window as unknown as { go?: unknown }).go;
  vi.restoreAllMocks();
});

const modules = import.meta.glob(['./features/*/api/*.ts', './lib/*.ts', '!./**/*.test.ts'], { eager: true });

describe('the contract between Go and the UI', () => {
  it('has samples from Go', () => {
    expect(methods.length).toBeGreaterThan(50);
  });

  it('parses every sample with the schema the UI uses, and calls every bound method', async () => {
    for (const mod of Object.values(modules)) {
      for (const value of Object.values(mod as Record<string, unknown>)) {
        if (typeof value !== 'function') continue;
        // Stand-ins first; a function that reads a dropped file gets a real File.
        for (const arg of [anything, () => new File(['From: a@example.org\r\n\r\nHello'], 'request.eml')]) {
          try {
            const made = await (value as (...a: unknown[]) => unknown)(arg(), arg(), arg(), arg());
            // Query options (TanStack queryOptions) carry the call in their queryFn.
            const queryFn = (made as { queryFn?: unknown } | null)?.queryFn;
            if (typeof queryFn === 'function') await queryFn(anything());
            break;
          } catch {
            // A hook called outside a component, or a function that refused this
            // stand-in: what counts is which backend calls were made and how their
            // answers parsed.
          }
        }
      }
    }
    const problems = [...shapeErrors.entries()].map(([m, issues]) => `${m}: ${JSON.stringify(issues)}`);
    expect(problems, 'answers the UI cannot parse').toEqual([]);
    const uncalled = methods.map((m) => `${m.struct}.${m.method}`).filter((k) => !called.has(k));
    expect(uncalled, 'bound methods no API module calls').toEqual([]);
  });
});
