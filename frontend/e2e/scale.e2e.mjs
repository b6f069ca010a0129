// On a large generated database (E2E_SCALE_REQUESTS, 20,000 by default; the demo adds its
// own 10), the Requests screen opens while the dashboard is still loading: the app opens
// on the dashboard and goes to Requests at once. It prints how long the first rows took
// and, for comparison, how long the dashboard takes to show its charts on its own; it
// asserts only what is right (rows appear, the count is the database's), never a time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { openApp } from './lib/ui.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', process.env.E2E_BIN || 'build/bin/privacydesk-dev');
const requests = Number(process.env.E2E_SCALE_REQUESTS || 20_000);

async function requestsWhileDashboardLoads(t) {
  const t0 = Date.now();
  const out = execFileSync(bin, ['demo', '--requests', String(requests), '--seed', '16'],
    { env: cliEnv(t.dbPath), encoding: 'utf8' });
  const m = out.match(/([\d,]+) requests\)/);
  assert.ok(m, `demo said: ${out}`);
  const total = Number(m[1].replaceAll(',', ''));
  assert.ok(total >= requests, `demo made ${total} requests`);
  const made = Date.now() - t0;

  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  // The backend stays signed in, so a fresh load shows the shell with no prompt: the
  // dashboard starts loading, and the test goes to Requests as soon as the shell is there.
  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  const charts = page.getByRole('img', { name: /Requests per month/ });
  const chartsBefore = await charts.count();
  const t1 = Date.now();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Requests' }).click();
  await page.locator('[role=row][href]').first().waitFor({ timeout: 60_000 });
  const firstRows = Date.now() - t1;
  await page.getByTestId('request-count').filter({ hasText: /requests$/ }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('request-count').innerText(), `${total.toLocaleString('en-US')} requests`);
  await t.screenshot('requests');

  // For comparison: the dashboard alone, from a fresh load (a new hash alone would keep
  // the page and its cached answers), until its charts show.
  await page.goto(app.url + '#/');
  const t2 = Date.now();
  await page.reload();
  await charts.first().waitFor({ timeout: 60_000 });
  const dashboard = Date.now() - t2;
  console.log(`  scale: ${total} requests (demo ${made} ms); Requests' first rows ${firstRows} ms after leaving the dashboard ` +
    `(its charts ${chartsBefore ? 'already shown' : 'still loading'}); the dashboard alone shows its charts in ${dashboard} ms`);
}

// alone: its timings are printed, so nothing runs beside it.
export const tests = [{ name: 'requests open while the dashboard loads, on a large database', run: requestsWhileDashboardLoads, alone: true }];
