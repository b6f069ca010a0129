import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, testInfo, testPractice, uninstallBackend } from '@/test/backend';
import type { AppInfo, Session } from '@/lib/app';
import { App } from '@/app/App';
import { reportInput } from './api/session';
import { inputReportMs, newAccountErrors, throttle, watchIdle } from './logic';

const appError = (body: object) => JSON.stringify(body);

function backend(first: Session, more: Record<string, Record<string, (...a: any[]) => Promise<unknown>>> = {}) {
  let session = first;
  const info = (): AppInfo =>
    session.state === 'signed-in' ? { ...testInfo, session } : { ...testInfo, session, staff: '', today: '', state: {} };
  const main = installBackend({
    AppService: { Info: async () => info(), GetAppState: async () => '', SetAppState: async () => null },
    SettingsService: { Get: async () => testPractice },
    ...more,
  });
  return { main, set: (s: Session) => (session = s) };
}

const signedIn = testInfo.session;
const locked: Session = { ...signedIn, state: 'locked', permissions: [] };

describe('the rules of a new passphrase', () => {
  it('asks for a name, 12 characters and the same passphrase twice', () => {
    expect(newAccountErrors({ name: ' ', passphrase: 'short', repeat: 'shorter' })).toEqual({
      name: 'Enter the name this person signs in with.',
      passphrase: 'The passphrase has 5 characters; it needs at least 12 (a few ordinary words make a good one).',
      repeat: 'The two passphrases are not the same: type it again.',
    });
    // Characters, not bytes: 12 accented letters are enough.
    expect(newAccountErrors({ name: 'Dana', passphrase: 'éééééééééééé', repeat: 'éééééééééééé' })).toEqual({});
  });
});

describe('watchIdle', () => {
  it('calls once after the time without input, and input restarts the clock', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const target = new EventTarget();
      const onIdle = vi.fn();
      const stop = watchIdle({ timeoutMs: 5000, onIdle, target, now: () => now });
      now = 4000;
      vi.advanceTimersByTime(4000);
      target.dispatchEvent(new Event('keydown'));
      now = 8000;
      vi.advanceTimersByTime(4000);
      expect(onIdle).not.toHaveBeenCalled();
      now = 9500;
      vi.advanceTimersByTime(1500);
      expect(onIdle).toHaveBeenCalledTimes(1);
      now = 20000;
      vi.advanceTimersByTime(10000);
      expect(onIdle).toHaveBeenCalledTimes(1);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('reporting input to the backend', () => {
  it('reports at once, then at most once an interval, the last input at its end', () => {
    vi.useFakeTimers();
    try {
      const report = vi.fn();
      const t = throttle(report, 15_000);
      t.call();
      expect(report).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1000);
      t.call();
      vi.advanceTimersByTime(4000);
      t.call();
      t.call();
      expect(report).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(9999);
      expect(report).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1);
      expect(report).toHaveBeenCalledTimes(2); // the input of 1 s and 5 s, at 15 s
      vi.advanceTimersByTime(60_000);
      expect(report).toHaveBeenCalledTimes(2); // no input, no report
      t.call();
      expect(report).toHaveBeenCalledTimes(3); // long after the last: at once
      t.call();
      t.cancel(); // the window locked or went: the waiting report is dropped
      vi.advanceTimersByTime(60_000);
      expect(report).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports often enough for the idle limit', () => {
    expect(inputReportMs(600_000)).toBe(15_000);
    expect(inputReportMs(60_000)).toBe(15_000);
    expect(inputReportMs(20_000)).toBe(5000);
    expect(inputReportMs(3000)).toBe(1000);
  });

  it('passes input, not time, to the reporter', () => {
    const target = new EventTarget();
    const onInput = vi.fn();
    const stop = watchIdle({ timeoutMs: 5000, onIdle: () => {}, onInput, target, now: () => 0 });
    target.dispatchEvent(new Event('keydown'));
    target.dispatchEvent(new Event('mousemove'));
    expect(onInput).toHaveBeenCalledTimes(2);
    stop();
    target.dispatchEvent(new Event('keydown'));
    expect(onInput).toHaveBeenCalledTimes(2);
  });
});

describe('the session screens', () => {
  afterEach(uninstallBackend);

  it('creates the first administrator of a new database, field errors first', async () => {
    const b = backend({ state: 'new', account: '', role: '', permissions: [], idleLockSeconds: 0, databaseAccount: '' }, {
      SessionService: {
        CreateAdministrator: vi.fn(async () => {
          b.set(signedIn);
          return { session: signedIn, recoveryKey: '' };
        }),
      },
    });
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Create the first administrator' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Passphrase', { selector: 'input' }), 'too short');
    await user.click(screen.getByRole('button', { name: 'Create administrator and sign in' }));
    expect(screen.getByRole('textbox', { name: 'Your name' })).toHaveAccessibleDescription(/Enter the name/);
    expect(screen.getByText(/The passphrase has 9 characters/)).toBeInTheDocument();
    expect(b.main.SessionService.CreateAdministrator).not.toHaveBeenCalled();

    await user.type(screen.getByRole('textbox', { name: 'Your name' }), 'Dana');
    await user.type(screen.getByLabelText('Passphrase', { selector: 'input' }), ' and more');
    await user.type(screen.getByLabelText('Repeat the passphrase', { selector: 'input' }), 'too short and more');
    await user.click(screen.getByRole('button', { name: 'Create administrator and sign in' }));
    expect(b.main.SessionService.CreateAdministrator).toHaveBeenCalledWith('Dana', 'too short and more', 'too short and more');
    expect(await screen.findByRole('button', { name: /Signed in as Dana/ })).toBeInTheDocument();
  });

  it('tells a wrong passphrase on its field and a disabled account above the form', async () => {
    const answers = [
      appError({ code: 'invalid', message: 'The name or the passphrase is not right.', field: 'passphrase' }),
      appError({ code: 'conflict', message: 'The staff account Dana is disabled; an administrator can enable it.' }),
    ];
    const b = backend({ state: 'signed-out', account: '', role: '', permissions: [], idleLockSeconds: 0, databaseAccount: '' }, {
      SessionService: { SignIn: vi.fn(async () => Promise.reject(answers.shift())) },
    });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('heading', { name: 'Sign in' });
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Dana');
    await user.type(screen.getByLabelText('Passphrase', { selector: 'input' }), 'wrong passphrase');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('The name or the passphrase is not right.')).toBeInTheDocument();
    expect(screen.getByLabelText('Passphrase', { selector: 'input' })).toHaveValue('');
    await user.type(screen.getByLabelText('Passphrase', { selector: 'input' }), 'right passphrase');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The staff account Dana is disabled');
    expect(b.main.SessionService.SignIn).toHaveBeenLastCalledWith('Dana', 'right passphrase');
  });

  it('asks for the PostgreSQL server’s password before signing in, a refused one on its field', async () => {
    const signedOut: Session = { state: 'signed-out', account: '', role: '', permissions: [], idleLockSeconds: 0, databaseAccount: '' };
    const b = backend({ ...signedOut, state: 'db-password', databaseAccount: 'privacydesk@db.office.lan:5432/practice' }, {
      SessionService: {
        GiveDatabasePassword: vi.fn(async (password: string) => {
          if (password !== 'the right one') {
            return Promise.reject(appError({ code: 'invalid', message: 'The server refused the password of privacydesk: check it.', field: 'password' }));
          }
          b.set(signedOut);
          return { session: signedOut, kept: true, notKept: '' };
        }),
      },
    });
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Connect to the database' })).toBeInTheDocument();
    expect(screen.getByText(/password for the user privacydesk is not kept/)).toBeInTheDocument();
    const field = screen.getByLabelText('Database password', { selector: 'input' });
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(field).toHaveAccessibleDescription('Enter the database’s password.');
    expect(b.main.SessionService.GiveDatabasePassword).not.toHaveBeenCalled();
    await user.type(field, 'wrong');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText(/refused the password of privacydesk/)).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveValue('');
    await user.type(field, 'the right one');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(b.main.SessionService.GiveDatabasePassword).toHaveBeenLastCalledWith('the right one', true);
  });

  it('locks on Ctrl+L: the app is hidden but kept, and unlocks with the passphrase', async () => {
    const b = backend(signedIn, {
      SessionService: {
        Lock: vi.fn(async () => {
          b.set(locked);
          return null;
        }),
        Unlock: vi.fn(async () => {
          b.set(signedIn);
          return signedIn;
        }),
        SignOut: async () => null,
      },
    });
    const user = userEvent.setup();
    render(<App />);
    const search = await screen.findByRole('searchbox', { name: 'Search requests' });
    await user.type(search, 'half typed');
    await user.keyboard('{Control>}l{/Control}');
    expect(await screen.findByRole('heading', { name: 'Privacy Desk is locked' })).toBeInTheDocument();
    expect(b.main.SessionService.Lock).toHaveBeenCalledWith('shortcut');
    const app = document.getElementById('pd-app')!;
    expect(app).toHaveStyle({ display: 'none' });
    expect(app).toHaveAttribute('aria-hidden', 'true');
    expect(document.title).toBe('Privacy Desk — locked');
    expect(document.body.dataset.pdLocked).toBe('true');

    await user.type(screen.getByLabelText('Passphrase', { selector: 'input' }), 'correct horse battery staple{Enter}');
    expect(b.main.SessionService.Unlock).toHaveBeenCalledWith('correct horse battery staple');
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Privacy Desk is locked' })).not.toBeInTheDocument());
    await act(async () => {});
    expect(document.getElementById('pd-app')).not.toHaveStyle({ display: 'none' });
    expect(screen.getByRole('searchbox', { name: 'Search requests' })).toHaveValue('half typed');
    expect(document.body.dataset.pdLocked).toBeUndefined();
  });
});

describe('the backend\'s idle lock', () => {
  afterEach(uninstallBackend);

  it('reports input, and shows the lock screen when a call is refused as locked', async () => {
    const lockedRefusal = appError({ code: 'conflict', field: 'session', message: 'Privacy Desk is locked: unlock it with your passphrase first.' });
    let backendLocked = false;
    const b = backend(signedIn, {
      SessionService: {
        ReportInput: vi.fn(async () => {
          if (backendLocked) throw lockedRefusal;
          return null;
        }),
        Lock: vi.fn(async () => null),
        Unlock: async () => signedIn,
        SignOut: async () => null,
      },
    });
    const user = userEvent.setup();
    render(<App />);
    const search = await screen.findByRole('searchbox', { name: 'Search requests' });
    await user.type(search, 'a');
    await waitFor(() => expect(b.main.SessionService.ReportInput).toHaveBeenCalled());
    expect(screen.queryByRole('heading', { name: 'Privacy Desk is locked' })).not.toBeInTheDocument();

    // The window's timer did not fire; the backend locked on its own.
    backendLocked = true;
    b.set(locked);
    await expect(reportInput()).rejects.toThrow('Privacy Desk is locked');
    expect(await screen.findByRole('heading', { name: 'Privacy Desk is locked' })).toBeInTheDocument();
    expect(document.getElementById('pd-app')).toHaveStyle({ display: 'none' });
    expect(b.main.SessionService.Lock).not.toHaveBeenCalled();
  });
});

describe('roles in the window', () => {
  afterEach(uninstallBackend);

  it('shows an auditor the settings read-only, without accounts or the lock setting', async () => {
    const auditor: Session = { ...signedIn, account: 'Ira', role: 'auditor', permissions: ['read', 'audit-trail', 'reports'] };
    backend(auditor, { SettingsService: { Get: async () => testPractice, TimeZones: async () => ['America/Chicago'], HolidayCountries: async () => [] } });
    window.location.hash = '#/settings';
    render(<App />);
    expect(await screen.findByText('Only an administrator changes the practice’s settings.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Practice name/ })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save profile' })).toBeDisabled();
    expect(screen.queryByRole('heading', { name: 'Staff accounts' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Automatic lock' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Database' })).not.toBeInTheDocument();
    window.location.hash = '';
  });

  it('lists the accounts for an administrator and shows why the last administrator stays', async () => {
    const refusal = 'Dana is the last enabled administrator: make another account an administrator first.';
    const b = backend(signedIn, {
      SettingsService: {
        Get: async () => testPractice,
        TimeZones: async () => ['America/Chicago'],
        HolidayCountries: async () => [],
        Database: async () => ({
          choice: { engine: 'sqlite' },
          inUse: "this computer's file /data/privacydesk.db",
          defaultFile: '/data/privacydesk.db',
          passwordKept: false,
          override: '',
          pending: false,
          sslModes: ['verify-full', 'verify-ca', 'require', 'disable'],
        }),
      },
      AccountService: {
        List: async () => [
          { name: 'Dana', role: 'administrator', disabled: false, failedAttempts: 0, current: true, lastSignIn: '2026-03-05T14:30:00Z' },
          { name: 'Robin Front', role: 'staff', disabled: true, failedAttempts: 4, current: false, lastSignIn: '0001-01-01T00:00:00Z' },
        ],
        Disable: vi.fn(async () => Promise.reject(appError({ code: 'conflict', message: refusal }))),
        Enable: vi.fn(async () => null),
      },
    });
    window.location.hash = '#/settings';
    const user = userEvent.setup();
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Staff accounts' });
    expect(await within(table).findByText('Robin Front')).toBeInTheDocument();
    expect(within(table).getByText('4 failed sign-ins')).toBeInTheDocument();
    expect(within(table).getByText('Never')).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(refusal);
    expect(b.main.AccountService.Disable).toHaveBeenCalledWith('Dana');
    await user.click(within(table).getByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(b.main.AccountService.Enable).toHaveBeenCalledWith('Robin Front'));
    expect(screen.getByRole('heading', { name: 'Automatic lock' })).toBeInTheDocument();
    // Which database this computer opens is an administrator's choice too.
    expect(await screen.findByRole('heading', { name: 'Database' })).toBeInTheDocument();
    expect(await screen.findByTestId('settings-database-in-use')).toHaveTextContent('/data/privacydesk.db');
    window.location.hash = '';
  });
});

describe('signing out from the lock', () => {
  afterEach(uninstallBackend);

  it('"Sign in as someone else" ends the session and shows the sign-in screen', async () => {
    const b = backend(locked, {
      SessionService: {
        SignOut: vi.fn(async () => {
          b.set({ state: 'signed-out', account: '', role: '', permissions: [], idleLockSeconds: 0, databaseAccount: '' });
          return null;
        }),
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Sign in as someone else' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(b.main.SessionService.SignOut).toHaveBeenCalledTimes(1);
    expect(document.body.dataset.pdLocked).toBeUndefined();
  });

  it('says why while a job keeps the session', async () => {
    const refusal = 'Wait for “Backup” to finish (or cancel it) before signing out.';
    backend(locked, { SessionService: { SignOut: async () => Promise.reject(appError({ code: 'conflict', message: refusal })) } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Sign in as someone else' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(refusal);
    expect(screen.getByRole('heading', { name: 'Privacy Desk is locked' })).toBeInTheDocument();
  });
});
