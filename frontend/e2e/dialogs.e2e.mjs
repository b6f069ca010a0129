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
async function coveredBy(locator) {
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

/** reloadAnnouncing opens hash afresh with the deadlines to be announced again, and waits
 * for notice. The notices shown are remembered in the database, and the dev binary's own
 * window, signed in with the same backend session, may announce them (and remember them)
 * between our forgetting and our reload: then the reload is tried again. */
async function reloadAnnouncing(page, url, hash, notice) {
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => window.go.main.AppService.SetAppState('announcedDeadlines', ''));
    await page.goto(`${url}#/${hash}`);
    await page.reload();
    const shown = await notice.waitFor({ timeout: 8000 }).then(() => true, () => false);
    if (shown) return;
    if (attempt === 3) throw new Error(`no deadline notice on #/${hash} after ${attempt} reloads`);
  }
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
    await reloadAnnouncing(page, app.url, `requests/${ref}`, notice);
    await page.waitForFunction((s) => document.documentElement.dataset.mantineColorScheme === s, scheme);
    await page.getByRole('heading', { level: 1, name: new RegExp(ref) }).waitFor();
    await t.screenshot(`${width}x${height}-${scheme}-notice`);

    await page.getByTestId('actions').getByRole('button', { name: 'Extend the deadline' }).click();
    await dialog.waitFor();
    await primary.waitFor();
    // Wait for the dialog's opening transition, so its buttons are where they stay.
    await settled(page, primary);
    // The notice is still shown (under the dialog), and none of the dialog's buttons is
    // covered by it.
    assert.equal(await notice.count(), 1, `${where}: the overdue notice went away when the dialog opened`);
    assert.equal(await coveredBy(primary), '', `${where}: the dialog's "Extend the deadline" button is covered`);
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
    await primary.click(); // fails if anything else would take the click
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('status').filter({ hasText: 'Extended' }).waitFor();
    await notice.waitFor();
    await t.screenshot(`${width}x${height}-${scheme}-extended`);
  }
  await page.evaluate(() => window.go.main.AppService.SetAppState('colorScheme', 'light'));
}

/** The example practice's dialogs, each opened on its screen with the deadline notice of a
 * fresh start showing. */
const tour = [
  { name: 'deny', at: 'requests/PR-2026-0002', open: (p) => p.getByTestId('actions').getByRole('button', { name: 'Deny' }).click(), title: 'Deny' },
  {
    name: 'outcome',
    at: 'requests/PR-2026-0001',
    open: (p) => p.getByTestId('right-deletion').getByRole('button', { name: 'Record outcome' }).click(),
    title: /^Outcome: /,
  },
  { name: 'deletion-confirmation', at: 'requests/PR-2026-0001', open: (p) => p.getByRole('button', { name: 'Record confirmation' }).click(), title: 'Record the deletion confirmation' },
  {
    name: 'letter-details',
    at: 'requests/PR-2026-0001',
    open: async (p) => {
      await p.getByRole('button', { name: 'Make a letter' }).click();
      await p.getByRole('menuitem', { name: /With details/ }).click();
    },
    title: 'Make a letter for PR-2026-0001',
  },
  { name: 'audit-drawer', at: 'requests/PR-2026-0001', open: (p) => p.getByRole('button', { name: 'Audit trail', exact: true }).click(), title: 'Audit trail of PR-2026-0001' },
  { name: 'vendor-task', at: 'requests/PR-2026-0001', open: (p) => p.getByRole('button', { name: /^Record for / }).first().click(), title: /— PR-2026-0001$/ },
  { name: 'verification', at: 'requests/PR-2026-0008', open: (p) => p.getByRole('button', { name: 'Record verification' }).click(), title: 'Record identity verification' },
  {
    name: 'withdraw',
    at: 'requests/PR-2026-0001',
    open: (p) => p.getByTestId('actions').getByRole('button', { name: 'Withdrawn by the requester' }).click(),
    title: 'Withdrawn by the requester',
  },
  { name: 'add-account', at: 'settings', open: (p) => p.getByRole('button', { name: 'Add account' }).click(), title: 'Add a staff account' },
  { name: 'vendor-delete', at: 'vendors/1', open: (p) => p.getByRole('button', { name: 'Delete', exact: true }).click(), title: /^Delete .+\?$/ },
  { name: 'direct-all-vendors', at: 'requests/PR-2026-0001', open: (p) => p.getByRole('button', { name: /^Direct all vendors/ }).click(), title: 'Direct all vendors' },
  {
    name: 'letters-that-do-not-fit',
    at: 'requests/PR-2026-0001',
    open: async (p) => {
      await p.getByRole('button', { name: 'Make a letter' }).click();
      await p.getByRole('menuitem', { name: /^Why not the/ }).click();
    },
    title: 'Letters that do not fit this request now',
  },
  { name: 'reset-passphrase', at: 'settings', open: (p) => p.getByRole('button', { name: 'Reset passphrase' }).first().click(), title: /^New passphrase for / },
  { name: 'audit-entry', at: 'audit', open: (p) => p.getByRole('button', { name: 'Details', exact: true }).first().click(), title: /^Entry #/ },
  { name: 'about', at: 'dashboard', open: (p) => p.getByRole('button', { name: 'About Privacy Desk' }).click(), title: 'About Privacy Desk' },
  { name: 'shortcuts', at: 'dashboard', open: (p) => p.getByRole('button', { name: 'Keyboard shortcuts' }).click(), title: 'Keyboard shortcuts' },
];

// The tour checks geometry (in the window, buttons uncovered), which the colour scheme
// does not change: `make test` tours in light only; E2E_TOUR_SCHEMES=light,dark adds the
// dark screenshots for a visual review. (The extension dialog above is checked in both.)
const tourSchemes = (process.env.E2E_TOUR_SCHEMES || 'light').split(',').map((x) => x.trim());

async function everyDialogUnderANotice(t) {
  cli(t, 'demo');
  const app = await t.start();
  const page = await t.page();
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, app.url);
  const notice = page.locator('.mantine-Notification-root').filter({ hasText: /overdue/i }).first();
  const problems = [];
  for (const scheme of tourSchemes) {
    await page.evaluate((s) => window.go.main.AppService.SetAppState('colorScheme', s), scheme);
    for (const step of tour) {
      const where = `${step.name} (${scheme})`;
      await reloadAnnouncing(page, app.url, step.at, notice);
      await page.waitForFunction((s) => document.documentElement.dataset.mantineColorScheme === s, scheme);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await step.open(page);
      const dialog = page.getByRole('dialog', { name: step.title }).last();
      await dialog.waitFor();
      await settled(page, dialog);
      if ((await notice.count()) !== 1) problems.push(`${where}: the notice went away when the dialog opened`);
      // The dialog is wholly in the window; what does not fit scrolls inside it.
      const box = await dialog.boundingBox();
      if (box.y < 0 || box.y + box.height > 700.5 || box.x < 0 || box.x + box.width > 1024.5) {
        problems.push(`${where}: the dialog (${box.x.toFixed(0)},${box.y.toFixed(0)} ${box.width.toFixed(0)}×${box.height.toFixed(0)}) leaves the window`);
      }
      await t.screenshot(`tour-${step.name}-${scheme}`);
      // Its buttons are in view as it opens, however long it is: the content scrolls
      // under them.
      for (const b of await dialog.locator('.pd-dialog-actions').getByRole('button').all()) {
        const covered = await coveredBy(b);
        if (covered) problems.push(`${where}: "${(await b.innerText()).trim()}" is not in view as the dialog opens: ${covered}`);
      }
      // Every other button, scrolled to.
      for (const b of await dialog.getByRole('button').all()) {
        if (!(await b.isVisible())) continue;
        await b.scrollIntoViewIfNeeded();
        const covered = await coveredBy(b);
        const name = (await b.getAttribute('aria-label')) || (await b.innerText()).trim() || 'close';
        if (covered) problems.push(`${where}: "${name}" is covered: ${covered}`);
      }
      await t.screenshot(`tour-${step.name}-${scheme}-end`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
  }
  await page.evaluate(() => window.go.main.AppService.SetAppState('colorScheme', 'light'));
  assert.deepEqual(problems, []);
}

export const tests = [
  { name: 'dialogs: the overdue notice never covers the extension dialog', run: extendUnderOverdueNotice },
  { name: 'dialogs: every dialog at 1024×700 with a notice showing', run: everyDialogUnderANotice },
];
