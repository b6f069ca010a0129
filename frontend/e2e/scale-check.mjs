// Manual check, not part of the suite: the request list on a big database.
//   privacydesk --db /tmp/scale/pd.db demo --requests 100000
//   E2E_BIN=build/bin/privacydesk-dev node frontend/e2e/scale-check.mjs /tmp/scale/pd.db
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startApp } from './lib/app.mjs';
import { signIn } from './lib/ui.mjs';

const db = process.argv[2];
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const app = await startApp({ bin: path.resolve(repo, process.env.E2E_BIN || 'build/bin/privacydesk-dev'), dbPath: db, assetDir: path.join(repo, 'frontend/dist'), logFile: '/tmp/scale-check.log' });
const profile = mkdtempSync(path.join(os.tmpdir(), 'pd-scale-'));
const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 }, args: ['--no-sandbox', '--disable-gpu'] });
const page = ctx.pages()[0];
try {
  const time = async (what, fn) => {
    const t0 = Date.now();
    await fn();
    console.log(`${what}: ${Date.now() - t0} ms`);
  };
  await page.goto(app.url + '#/requests');
  await signIn(page);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Privacy Desk' });
  if (await welcome.isVisible()) await welcome.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await time('first page', () => page.getByTestId('request-count').filter({ hasText: /[\d,]+ requests/ }).waitFor({ timeout: 30000 }));
  console.log(await page.getByTestId('request-count').innerText());
  await time('sort by name', async () => {
    await page.getByRole('button', { name: 'Sort by Requester' }).click();
    await page.waitForFunction(() => location.hash.includes('sort=name'));
    await page.locator('[role=row][href]').first().waitFor();
  });
  await time('search', async () => {
    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('garcia');
    await page.getByTestId('request-count').filter({ hasText: 'match' }).waitFor({ timeout: 30000 });
  });
  console.log(await page.getByTestId('request-count').innerText());
  await time('scroll through 3 pages', async () => {
    for (let i = 0; i < 12; i++) {
      await page.getByTestId('request-rows').evaluate((el) => el.scrollBy(0, 10000));
      await page.waitForTimeout(150);
    }
  });
  console.log('rows in DOM:', await page.locator('[role=row][href]').count());
  await page.screenshot({ path: '/tmp/scale.png' });
} finally {
  await ctx.close();
  await app.stop();
  rmSync(profile, { recursive: true, force: true });
}
