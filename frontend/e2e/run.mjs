#!/usr/bin/env node
// End-to-end tests: the dev build of Privacy Desk (real UI + real Go backend) driven in
// Debian's Chromium through playwright-core. Each test gets its own data folder and app
// process; everything is stopped by PID at the end. The last line is "N passed, N failed".
//
//   E2E_BIN=build/bin/privacydesk-dev node frontend/e2e/run.mjs [name-filter]
//
// Build the binary with `go build -tags dev -o build/bin/privacydesk-dev ./app` and the UI
// with `npm --prefix frontend run build` first.
//
// E2E_JOBS tests run at once (default 1; `make test-e2e E2E_JOBS=2`). Every test has its
// own data folder, app process, display and browser profile, so they are independent; a
// test marked `alone: true` (one that prints a timing) runs with nothing beside it. App
// starts are taken one at a time: `xvfb-run -a` picks its display by looking for a free
// number, and two starting together could pick the same one.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startApp } from './lib/app.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const bin = path.resolve(repo, process.env.E2E_BIN || 'build/bin/privacydesk-dev');
const assetDir = path.resolve(repo, 'frontend', 'dist');
const artifacts = path.resolve(repo, process.env.E2E_ARTIFACTS || 'artifacts/e2e');
const browserPath = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const filter = process.argv[2] || '';
const jobs = Math.max(1, Number(process.env.E2E_JOBS || 1));
// The app, its command line and Chromium run with the process zone far from the practice's
// (America/Chicago): a "today" taken from the computer's clock then fails on every run.
// `make test-e2e` sets TZ from TEST_TZ; run directly, UTC+14 is the default.
process.env.TZ ||= 'Pacific/Kiritimati';
console.log(`e2e: process time zone ${process.env.TZ}`);

function fail(msg) {
  console.error(`e2e: ${msg}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (!existsSync(bin)) fail(`no dev binary at ${bin} (go build -tags dev -o build/bin/privacydesk-dev ./app)`);
if (!existsSync(path.join(assetDir, 'index.html'))) fail(`no built UI in ${assetDir} (npm --prefix frontend run build)`);
if (!existsSync(browserPath)) fail(`no Chromium at ${browserPath} (apt-get install chromium)`);
mkdirSync(artifacts, { recursive: true });

// Collect the tests: every *.e2e.mjs here exports `tests`, a list of {name, run}.
const tests = [];
for (const f of readdirSync(here).filter((f) => f.endsWith('.e2e.mjs')).sort()) {
  const mod = await import(pathToFileURL(path.join(here, f)).href);
  for (const t of mod.tests) if (t.name.includes(filter)) tests.push({ ...t, file: f });
}

const running = new Set();
async function stopAll() {
  await Promise.all([...running].map((a) => a.stop()));
  running.clear();
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await stopAll();
    process.exit(130);
  });
}

let passed = 0;
let failed = 0;
const started = Date.now();

// One app start at a time (see the top of this file).
let startQueue = Promise.resolve();
function serialStart(fn) {
  const next = startQueue.then(fn, fn);
  startQueue = next.catch(() => {});
  return next;
}

async function runOne(t) {
  const mine = new Set(); // this test's apps
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'privacydesk-e2e-'));
  // Files a test saves (exports, letters) go outside the data folder: the app refuses to
  // write readable files into its encrypted data folder.
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'privacydesk-e2e-out-'));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'privacydesk-chromium-'));
  const slug = t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const logFile = path.join(artifacts, `${slug}.log`);
  rmSync(logFile, { force: true });
  let context;
  let page;
  // Anything the window's Content-Security-Policy blocks is a failure of the test.
  const blocked = [];
  const t0 = Date.now();
  const ctx = {
    dataDir,
    outDir,
    dbPath: path.join(dataDir, 'privacydesk.db'),
    /** start the app on this test's database; returns {url, stop}. over replaces startApp's
     * options (another database, a home folder of its own for a second desk). */
    async start(over = {}) {
      const app = await serialStart(() => startApp({ bin, dbPath: ctx.dbPath, assetDir, logFile, ...over }));
      running.add(app);
      mine.add(app);
      const stop = app.stop;
      app.stop = async () => {
        await stop();
        running.delete(app);
        mine.delete(app);
      };
      return app;
    },
    async page() {
      if (!page) {
        context = await chromium.launchPersistentContext(profile, {
          executablePath: browserPath,
          headless: true,
          viewport: { width: 1280, height: 800 },
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        });
        page = context.pages()[0] ?? (await context.newPage());
        page.setDefaultTimeout(10_000);
        page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
        page.on('console', (m) => {
          if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) blocked.push(m.text());
        });
      }
      return page;
    },
    async screenshot(name, options = {}) {
      if (page) await page.screenshot({ path: path.join(artifacts, `${slug}-${name}.png`), ...options });
    },
  };
  try {
    await t.run(ctx);
    if (blocked.length > 0) throw new Error(`the Content-Security-Policy blocked: ${blocked.join(' | ')}`);
    passed++;
    console.log(`ok   ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${t.name} (${t.file})`);
    console.log(String(err?.stack || err).split('\n').map((l) => '     ' + l).join('\n'));
    try {
      await ctx.screenshot('failure');
      console.log(`     screenshot: ${path.join(artifacts, `${slug}-failure.png`)}; app log: ${logFile}`);
    } catch {
      // the page is gone
    }
  } finally {
    await context?.close().catch(() => {});
    await Promise.all([...mine].map((a) => a.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

// Workers take tests in order; an `alone` test waits until the others are done and holds
// the rest back while it runs.
const queue = [...tests];
let active = 0;
let aloneRunning = false;
const waiters = [];
const wake = () => waiters.splice(0).forEach((w) => w());
const until = (cond) => (cond() ? Promise.resolve() : new Promise((r) => waiters.push(r)).then(() => until(cond)));
async function worker() {
  for (;;) {
    await until(() => !aloneRunning);
    const t = queue.shift();
    if (!t) return;
    if (t.alone) {
      aloneRunning = true;
      await until(() => active === 0);
    }
    active++;
    try {
      await runOne(t);
    } finally {
      active--;
      if (t.alone) aloneRunning = false;
      wake();
    }
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, tests.length) }, worker));

console.log(`e2e: ${tests.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || tests.length === 0 ? 1 : 0);
