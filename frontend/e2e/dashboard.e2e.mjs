// A request received long ago shows as overdue on the dashboard and opens from
// the overdue card; the Deadline rules view lists every rule with its citation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { openApp, practiceToday } from './lib/ui.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', process.env.E2E_BIN || 'build/bin/privacydesk-dev');

/** cli runs a headless command of the same binary on the test's database. */
function cli(t, ...args) {
  return execFileSync(bin, args, { env: cliEnv(t.dbPath), encoding: 'utf8' }).trim();
}

/** daysSince counts calendar days from an ISO date to today (the practice's, from the backend). */
function daysSince(iso, today) {
  const ms = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return Math.round((ms(today) - ms(iso)) / 86_400_000);
}

async function overdueFromCard(t) {
  // The example practice (Minneapolis, America/Chicago) and one HIPAA access request
  // received on 6 January 2025: due 30 days later, on 5 February 2025 (45 CFR 164.524(b)(2)).
  cli(t, 'demo');
  const ref = cli(t, 'request', 'add', '--name', 'Ada Łukasiewicz-O’Brien', '--email', 'ada.longago@example.com',
    '--regime', 'hipaa', '--right', 'access', '--received', '2025-01-06');
  assert.match(ref, /^PR-2025-\d{4}$/);

  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  const late = daysSince('2025-02-05', await practiceToday(page));
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

  // The card counts it; the urgency list puts it first (the most overdue) with its days.
  const card = page.getByTestId('card-overdue');
  const count = Number(await card.locator('.pd-count').innerText());
  assert.ok(count >= 1, `overdue card shows ${count}`);
  const row = page.getByTestId('urgent-row').filter({ hasText: ref });
  await row.waitFor();
  assert.equal(await page.getByTestId('urgent-row').first().getByRole('link').innerText(), ref);
  const rowText = await row.innerText();
  assert.ok(rowText.toLowerCase().includes(`${late} days overdue`), `row says: ${rowText}`);
  assert.ok(rowText.includes('Ada Łukasiewicz-O’Brien'), rowText);

  // Opening the app announces what is overdue, once per practice: the notices shown are
  // remembered in its database. The dev binary's own window shares that database and may
  // have announced them first, so forget them and open the page again.
  await page.evaluate(() => window.go.main.AppService.SetAppState('announcedDeadlines', ''));
  await page.reload();
  const notice = page.locator('.mantine-Notification-root').filter({ hasText: /overdue/ }).first();
  await notice.waitFor();
  // The notice keeps clear of the navigation, and says what the Overdue card says.
  const nb = await notice.boundingBox();
  const nav = await page.getByRole('navigation', { name: 'Main navigation' }).boundingBox();
  assert.ok(nb.x >= nav.x + nav.width, `the notice (x ${nb.x}) covers the sidebar (to ${nav.x + nav.width})`);
  assert.ok((await notice.innerText()).includes(`${count} overdue`) || count === 1, `notice says: ${await notice.innerText()}; card: ${count}`);
  const remembered = await page.evaluate(() => window.go.main.AppService.GetAppState('announcedDeadlines'));
  assert.ok(Object.keys(JSON.parse(remembered || '{}')).some((k) => k.includes(ref)), `remembered notices: ${remembered}`);
  // Said once: opening the page again announces nothing new.
  await page.reload();
  await page.getByTestId('card-overdue').waitFor();
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('.mantine-Notification-root').filter({ hasText: /overdue/ }).count(), 0, 'announced twice');

  // Hovering the due date shows how it was computed, with the citation.
  await row.getByText('Feb 5, 2025').hover();
  await page.getByRole('tooltip').filter({ hasText: '164.524' }).waitFor();
  await page.mouse.move(5, 5);

  await page.getByRole('img', { name: /Requests per month/ }).waitFor();
  await t.screenshot('dashboard-light');
  await page.getByRole('img', { name: /On-time rate/ }).scrollIntoViewIfNeeded();
  await t.screenshot('dashboard-charts-light');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).scrollIntoViewIfNeeded();
  // The colour scheme is the practice's, kept in its database: chosen in the Theme menu,
  // written through the backend, and applied again after a reload.
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await page.getByRole('menuitem', { name: 'Dark' }).click();
  await page.waitForFunction(() => window.go.main.AppService.GetAppState('colorScheme').then((v) => v === 'dark'));
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'dark');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'the web view keeps app state in localStorage');
  await page.getByTestId('card-overdue').waitFor();
  await page.getByRole('img', { name: /Requests per month/ }).waitFor();
  await t.screenshot('dashboard-dark');
  await page.getByRole('img', { name: /On-time rate/ }).scrollIntoViewIfNeeded();
  await t.screenshot('dashboard-charts-dark');
  await page.evaluate(() => window.go.main.AppService.SetAppState('colorScheme', 'light'));

  // The card opens the request list filtered to the overdue requests: the same number,
  // most overdue first (sorted by due date, ascending).
  await page.getByTestId('card-overdue').click();
  await page.waitForURL(/#\/requests\?.*due=overdue.*sort=due/);
  assert.equal(await page.getByRole('columnheader', { name: /Due/ }).first().getAttribute('aria-sort'), 'ascending');
  const listed = page.getByTestId('request-rows').getByRole('row').filter({ hasText: ref });
  await listed.waitFor();
  const summary = await page.getByTestId('request-count').innerText();
  assert.ok(summary.includes(String(count)), `list says "${summary}", card said ${count}`);

  // And the request opens from there.
  await listed.click();
  await page.waitForURL(new RegExp(`#/requests/${ref}$`));
  await page.getByRole('heading', { level: 1, name: new RegExp(ref) }).waitFor();
  await t.screenshot('request');
}

async function rulesView(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await page.goto(`${app.url}#/rules`);
  await page.getByRole('heading', { level: 1, name: 'Deadline rules' }).waitFor();
  await page.getByTestId('rules-current').waitFor();
  const tabs = page.getByRole('tablist', { name: 'Regimes' }).getByRole('tab');
  assert.equal(await tabs.count(), 11);
  const ccpa = page.getByRole('table', { name: /California/ });
  assert.ok((await ccpa.innerText()).includes('1798.130'));
  await page.getByRole('tab', { name: 'UK GDPR' }).click();
  const uk = page.getByRole('table', { name: /UK GDPR/ });
  await uk.waitFor();
  assert.ok((await uk.innerText()).includes('Art. 12'));
  await t.screenshot('rules');
}

export const tests = [
  { name: 'dashboard: a request received long ago is overdue and opens from the overdue card', run: overdueFromCard },
  { name: 'dashboard: the deadline rules view lists every rule with its citation', run: rulesView },
];
