// Starting and stopping the dev build of Privacy Desk, which serves the real UI and the
// real Go bindings (over a websocket at /wails/ipc) to any browser.
//
// Wails' dev build reads -devserver/-assetdir from os.Args, or from the environment
// variables `devserver` and `assetdir` (wails v2.9.2 internal/app/app_dev.go). We use the
// environment, with PRIVACYDESK_DB for the database, so no flag parsing is involved.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The staff account the tests sign in as: the headless commands (cliEnv) make it the
 * first administrator of the database they create, and the window signs in with it.
 * The same two values as the Makefile's and .ci/test-account.sh.
 */
export const testAccount = { user: 'Test Administrator', passphrase: 'correct horse battery staple' };

/** cliEnv is the environment of a headless command on dbPath, signed in as testAccount. */
export function cliEnv(dbPath) {
  return { ...process.env, PRIVACYDESK_DB: dbPath, PRIVACYDESK_USER: testAccount.user, PRIVACYDESK_PASSPHRASE: testAccount.passphrase };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * startApp runs `xvfb-run -a BIN` (the dev build needs a display) in its own process
 * group, on the database dbPath, and waits until it answers on a free port while checking
 * the process is still alive (a stale server on a reused port must not pass for ours).
 */
export async function startApp({ bin, dbPath, assetDir, logFile, home: homeDir, timeoutMs = 60_000 }) {
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const out = openSync(logFile, 'a');
  // Hermetic: the app's own window (WebKit) keeps its caches and storage beside the test's
  // database, not in the home folder of the account running the tests.
  // (A database on a PostgreSQL server has no folder: the caller gives the home folder.)
  const home = homeDir ?? path.join(path.dirname(path.resolve(dbPath)), 'home');
  const xdg = { HOME: home, XDG_DATA_HOME: path.join(home, '.local', 'share'), XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_CONFIG_HOME: path.join(home, '.config') };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true });
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x800x24', bin], {
    detached: true, // own process group: stopped as a whole by its PID
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      ...xdg,
      PRIVACYDESK_DB: dbPath,
      devserver: addr,
      assetdir: path.resolve(assetDir),
      loglevel: 'Warning',
    },
  });
  closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const url = `http://${addr}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`the app exited before answering (${JSON.stringify(exited)}); see ${logFile}`);
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`the app did not answer on ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (res.ok && body.includes('/wails/ipc.js') && !exited) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return {
    url,
    pid: child.pid,
    stop: () => stopProcess(child),
    get alive() {
      return exited === null;
    },
  };
}

/** stopProcess ends the process group led by child: TERM, then KILL after a grace period. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = once(child, 'exit');
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
  await exit;
  clearTimeout(timer);
  // Xvfb and the app are in the same group; make sure nothing of it is left.
  signalGroup('SIGKILL');
}
