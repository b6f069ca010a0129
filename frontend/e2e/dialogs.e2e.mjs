// Dialogs come first: a notice on screen (the overdue notice shown on start) never covers
// a dialog's buttons, and it is still there, readable, once the dialog is closed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { openApp } from './lib/ui.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', process.env.E2E_BIN || 'build/bin/privacydesk-dev');

function cli(t, ...args) {
  return execFileSync(bin, args, { env: cliEnv(t.dbPath), encoding: 'utf8' }).trim();
}

/** coveredBy says what covers locator's element ('' when nothing does): at its centre and
 * just inside each of its corners, what a click there reaches must be the element or
 * something inside it. */
export async function coveredBy(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inset = Math.min(3, r.width / 4, r.height / 4);
    const points = [
      ['centre', r.left + r.width / 2, r.top + r.height / 2],
      ['top left', r.left + inset, r.top + inset],
      ['top right', r.right - inset, r.top + inset],
      ['bottom left', r.left + inset, r.bottom - inset],
      ['bottom right', r.right - inset, r.bottom - inset],
    ];
    const covered = [];
    for (const [where, x, y] of points) {
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) continue;
      if (!hit) {
        covered.push(`${where}: off screen`);
        continue;
      }
      const owner = hit.closest('.mantine-Notification-root') ? 'a notification\'s ' : '';
      covered.push(`${where}: ${owner}${hit.tagName.toLowerCase()}.${String(hit.className).split(' ')[0]} "${(hit.textContent ?? '').trim().slice(0, 40)}"`);
    }
    return covered.join('; ');
  });
}

/** settled waits until the locator's box stops moving (a dialog's opening transition). */
async function settled(page, locator) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    const box = await locator.boundingBox();
    if (box && last && JSON.stringify(box) === JSON.stringify(last)) return;
    last = box;
    await page.waitForTimeout(100);
  }
  throw new Error('the dialog did not settle');
}

/** announceAgain makes the app announce its deadlines again on the next load: the notices
 * shown are remembered in the database (and the dev binary's own window may have shown
 * them first). */
async function announceAgain(page) {
  await page.evaluate(() => window.go.main.AppService.SetAppState('announcedDeadlines', ''));
}

async function extendUnderOverdueNotice(t) {
  // One HIPAA access request long overdue (due 5 February 2025), which the app announces
  // on start, and one received three days ago, whose 30 days may still be extended once.
  const overdue = cli(t, 'request', 'add', '--name', 'Ada Long-Ago', '--email', 'ada.longago@example.com',
    '--regime', 'hipaa', '--right', 'access', '--received', '2025-01-06');
  const received = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const ref = cli(t, 'request', 'add', '--name', 'Bea Recent', '--email', 'bea.recent@example.com',
    '--regime', 'hipaa', '--right', 'access', '--received', received);
  assert.match(ref, /^PR-\d{4}-\d{4}$/);

  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  const notice = page.locator('.mantine-Notification-root').filter({ hasText: overdue });
  const dialog = page.getByRole('dialog', { name: 'Extend the deadline' });
  const primary = dialog.getByRole('button', { name: 'Extend the deadline' });
  const views = [
    [1024, 700, 'light'],
    [1024, 700, 'dark'],
    [1280, 800, 'dark'],
    [1280, 800, 'light'],
  ];
  for (const [i, [width, height, scheme]] of views.entries()) {
    const where = `${width}×${height} ${scheme}`;
    await page.setViewportSize({ width, height });
    await page.evaluate((s) => window.go.main.AppService.SetAppState('colorScheme', s), scheme);
    await announceAgain(page);
    await page.goto(`${app.url}#/requests/${ref}`);
    await page.reload();
    await page.waitForFunction((s) => document.documentElement.dataset.mantineColorScheme === s, scheme);
    await page.getByRole('heading', { level: 1, name: new RegExp(ref) }).waitFor();
    await notice.waitFor();
    await t.screenshot(`${width}x${height}-${scheme}-notice`);

    await page.getByTestId('actions').getByRole('button', { name: 'Extend the deadline' }).click();
    await dialog.waitFor();
    await primary.waitFor();
    // Wait for the dialog's opening transition, so its buttons are where they stay.
    await settled(page, primary);
    // The notice is still shown (under the dialog), and none of the dialog's buttons is
    // covered by it.
    assert.equal(await notice.count(), 1, `${where}: the overdue notice went away when the dialog opened`);
    for (const b of await dialog.getByRole('button').all()) {
      const name = (await b.getAttribute('aria-label')) || (await b.innerText()).trim();
      assert.equal(await coveredBy(b), '', `${where}: the dialog's "${name}" button is covered`);
    }
    await t.screenshot(`${width}x${height}-${scheme}-extend-dialog`);

    if (i < views.length - 1) {
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.waitForFunction(() => !document.querySelector('.mantine-Modal-overlay')); // faded out
      // Readable after: the notice is on top again, where it can be read and closed.
      await notice.waitFor();
      assert.equal(await coveredBy(notice.getByRole('button').last()), '', `${where}: the notice's close button is covered after the dialog closed`);
      continue;
    }
    // And the primary button takes the click, there where it is.
    await dialog.getByRole('textbox', { name: /Reason for the extension/ }).fill('The records are archived off site.');
    await primary.click({ timeout: 3000 });
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('status').filter({ hasText: 'Extended' }).waitFor();
    await notice.waitFor();
    await t.screenshot(`${width}x${height}-${scheme}-extended`);
  }
  await page.evaluate(() => window.go.main.AppService.SetAppState('colorScheme', 'light'));
}

export const tests = [{ name: 'dialogs: the overdue notice never covers the extension dialog', run: extendUnderOverdueNotice }];
