import { vi, type Mock } from 'vitest';
import type { Practice } from '@/features/settings/api/settings';
import type { AppInfo } from '@/lib/app';

type Method = (...args: any[]) => Promise<unknown>;

/** installBackend puts a fake window.go.main in place, the way Wails binds Go structs. */
export function installBackend(structs: Record<string, Record<string, Method>>) {
  const main: Record<string, Record<string, Mock<Method>>> = {};
  for (const [s, methods] of Object.entries(structs)) {
    main[s] = {};
    for (const [m, fn] of Object.entries(methods)) main[s][m] = vi.fn(fn);
  }
  (window as any).go = { main };
  return main;
}

type Handler = (...data: unknown[]) => void;

/** installRuntime fakes the Wails runtime's events (window.runtime.EventsOn); emit plays
 * one as the backend would, to every listener still subscribed. */
export function installRuntime() {
  const handlers: Record<string, Handler[]> = {};
  (window as any).runtime = {
    EventsOn: (name: string, cb: Handler) => {
      (handlers[name] ??= []).push(cb);
      return () => {
        handlers[name] = handlers[name].filter((h) => h !== cb);
      };
    },
  };
  return {
    handlers,
    emit: (name: string, data: unknown) => (handlers[name] ?? []).forEach((h) => h(data)),
  };
}

export function uninstallBackend() {
  delete (window as any).go;
}

export const testInfo: AppInfo = {
  version: '0.1.0-test',
  dataDir: '/home/dana/.config/PrivacyDesk',
  dbPath: '/home/dana/.config/PrivacyDesk/privacydesk.db',
  database: "this computer's file /home/dana/.config/PrivacyDesk/privacydesk.db",
  schemaVersion: 1,
  openError: '',
  staff: 'Dana',
  session: {
    state: 'signed-in',
    account: 'Dana',
    role: 'administrator',
    permissions: ['read', 'audit-trail', 'reports', 'requests', 'letters', 'vendors', 'exports', 'backup', 'accounts', 'settings', 'restore', 'purge', 'rule-changes'],
    idleLockSeconds: 600,
    databaseAccount: '',
  },
  disclaimer: 'Deadlines, not legal advice.',
  today: '2026-03-05',
  timeZone: 'America/Chicago',
  state: { timeZoneConfirmed: '1', disclaimerSeen: '1' },
  recovered: '',
};

export const testPractice: Practice = {
  name: 'Sessions, Inc.',
  legalEntity: 'Sessions, Inc.',
  address: '3948 Market St #24702\nMinneapolis, MN 55424',
  email: 'contact@sessionshealth.com',
  phone: '',
  privacyContact: 'Privacy Officer',
  timeZone: 'America/Chicago',
  logo: null,
  signatoryName: 'Jordan Ellis',
  signatoryTitle: 'Privacy Officer',
  paperSize: 'letter',
  promisedDays: { ccpa: 45 },
  holidayCountry: 'DE',
  closedDays: [],
  attachmentMaxMB: 50,
  backupFolder: '',
  backupKeep: 14,
  state: '',
  hipaaRole: '',
  revenueBand: '',
  consumers: null,
  sellsData: '',
  offersEU: '',
  offersUK: '',
  updatedAt: '2026-01-05T10:00:00Z',
};

/** goError is what a Wails v2 binding rejects with: the error's text, JSON. */
export const goError = (code: string, message: string, field?: string) =>
  JSON.stringify(field ? { code, message, field } : { code, message });
