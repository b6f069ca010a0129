// Every screen on a laptop: at 1024×700 and 1280×800, light and dark, nothing essential
// needs sideways scrolling and the buttons and columns that matter are on screen.
// Screenshots of each screen, size and scheme go to artifacts/e2e/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { dismissNotifications, openApp } from './lib/ui.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', process.env.E2E_BIN || 'build/bin/privacydesk-dev');

function cli(t, ...args) {
  return execFileSync(bin, args, { env: cliEnv(t.dbPath), encoding: 'utf8' }).trim();
}

/** overflow lists what scrolls sideways: the page, the main content, and any scrolling box
 * inside the main content whose content is wider than the box. */
async function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`page ${doc.scrollWidth} > ${doc.clientWidth}`);
    const main = document.getElementById('main');
    if (main && main.scrollWidth > main.clientWidth) out.push(`main ${main.scrollWidth} > ${main.clientWidth}`);
    for (const el of main?.querySelectorAll('*') ?? []) {
      const ox = getComputedStyle(el).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        out.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return out;
  });
}

/** onScreen asserts the element is visible and wholly inside the window's width. */
async function onScreen(page, locator, what) {
  await locator.first().waitFor();
  const box = await locator.first().boundingBox();
  const { width } = page.viewportSize();
  assert.ok(box, `${what}: not laid out`);
  assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${what}: x ${box.x.toFixed(0)}..${(box.x + box.width).toFixed(0)} outside 0..${width}`);
}

/** clearOfSaveBar moves through a long form with Tab and reports every field that ends up
 * under the sticky save bar. */
async function clearOfSaveBar(page, presses = 40) {
  const covered = [];
  const bar = page.locator('.pd-save-bar').first();
  await bar.waitFor();
  await page.locator('#main').focus();
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(() => {
      const el = document.activeElement;
      const bar = document.querySelector('.pd-save-bar');
      if (!el || !bar || bar.contains(el) || !document.getElementById('main')?.contains(el)) return null;
      if (el.closest('[role="dialog"], [role="listbox"]')) return null;
      const r = el.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      if (r.height === 0) return null;
      return r.bottom > b.top + 1 && r.top < b.bottom ? `${el.getAttribute('aria-label') || el.id || el.tagName} (${r.top.toFixed(0)}..${r.bottom.toFixed(0)}, bar ${b.top.toFixed(0)})` : null;
    });
    if (hit) covered.push(hit);
  }
  await page.keyboard.press('Escape');
  return covered;
}

/** The screens, each with what must be on screen once it has loaded. */
const screens = [
  {
    name: 'dashboard',
    hash: '#/dashboard',
    heading: 'Dashboard',
    essentials: (p) => [
      ['overdue card', p.getByTestId('card-overdue')],
      ['first urgent due date', p.getByTestId('urgent-due').first()],
    ],
  },
  {
    name: 'requests',
    hash: '#/requests',
    heading: 'Requests',
    essentials: (p) => [
      ['New request button', p.getByRole('button', { name: 'New request' })],
      ['Due column', p.getByRole('columnheader', { name: /Due/ })],
      ['Status column', p.getByRole('columnheader', { name: /Status/ })],
    ],
  },
  {
    name: 'request',
    hash: null, // the first request of the list
    heading: /PR-\d{4}-\d{4}/,
    essentials: () => [],
  },
  {
    name: 'new-request',
    hash: '#/requests/new',
    heading: 'New request',
    essentials: () => [],
    form: true,
  },
  {
    name: 'vendors',
    hash: '#/vendors',
    heading: 'Vendors',
    essentials: (p) => [
      ['Add vendor button', p.getByRole('button', { name: 'Add vendor' })],
      ['BAA status report button', p.getByRole('button', { name: 'BAA status report' })],
      ['Needs attention column', p.getByRole('columnheader', { name: 'Needs attention' })],
      ['PHI without BAA alert', p.getByTestId('vendor-alerts-cell').getByText(/without (a )?BAA/i)],
    ],
  },
  {
    name: 'vendor',
    hash: null, // the first vendor of the register
    heading: /.+/,
    essentials: (p) => [['Back to the register', p.getByRole('button', { name: 'Back to the register' })]],
  },
  { name: 'data-map', hash: '#/vendors/data-map', heading: /Data map/, essentials: () => [] },
  { name: 'letters', hash: '#/letters', heading: 'Letters', essentials: () => [] },
  { name: 'templates', hash: '#/letters/templates', heading: 'Letters', essentials: () => [] },
  {
    name: 'exports',
    hash: '#/exports',
    heading: 'Exports',
    essentials: (p) => [['section list', p.getByRole('navigation', { name: 'Export sections' })]],
  },
  { name: 'settings', hash: '#/settings', heading: 'Settings', essentials: () => [], form: true },
  { name: 'rules', hash: '#/rules', heading: 'Deadline rules', essentials: () => [] },
  { name: 'audit', hash: '#/audit', heading: 'Audit trail', essentials: () => [] },
  {
    name: 'readiness',
    hash: '#/readiness',
    heading: 'Ready for an audit',
    essentials: (p) => [
      ['Save as PDF button', p.getByRole('button', { name: 'Save as PDF' })],
      ['last item', p.getByTestId('readiness-item').last()],
    ],
  },
];

async function everyScreen(t) {
  cli(t, 'demo');
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  // The first vendor and request of the example practice, to open their screens.
  const firstVendor = await page.evaluate(() => window.go.main.VendorService.List({ search: '', category: '', baaStatus: '', phiAccess: '' }).then((v) => v[0].vendor.id));
  await page.goto(`${app.url}#/requests`);
  const firstRef = (await page.getByTestId('request-rows').getByRole('row').first().locator('[role="cell"]').first().innerText()).trim();
  const problems = [];
  for (const [width, height] of [
    [1024, 700],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark']) {
      await page.evaluate((s) => window.go.main.AppService.SetAppState('colorScheme', s), scheme);
      await page.reload();
      await page.waitForFunction((s) => document.documentElement.dataset.mantineColorScheme === s, scheme);
      // Below about 1200 px the sidebar shows icons only, each named for screen readers.
      const navWidth = await page.getByRole('navigation', { name: 'Main navigation' }).evaluate((el) => el.getBoundingClientRect().width);
      if (width < 1200 ? navWidth > 100 : navWidth < 180) problems.push(`sidebar ${navWidth}px wide at ${width}px ${scheme}`);
      if (width < 1200 && scheme === 'light') {
        // Each icon names its screen in a tooltip.
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Requests' }).hover();
        await page.getByRole('tooltip').filter({ hasText: 'Requests (Alt+2)' }).waitFor();
        await t.screenshot(`sidebar-tooltip-${width}x${height}`);
        await page.mouse.move(600, 5);
      }
      for (const s of screens) {
        const hash = s.hash ?? (s.name === 'vendor' ? `#/vendors/${firstVendor}` : `#/requests/${firstRef}`);
        await page.evaluate((h) => (window.location.hash = h), hash);
        await page.getByRole('heading', { level: 1, name: s.heading }).first().waitFor();
        await page.waitForLoadState('networkidle').catch(() => {});
        await page.waitForTimeout(400);
        const where = `${s.name} at ${width}×${height} ${scheme}`;
        for (const o of await overflow(page)) problems.push(`${where}: scrolls sideways: ${o}`);
        for (const [what, loc] of s.essentials(page)) {
          try {
            await onScreen(page, loc, what);
          } catch (e) {
            problems.push(`${where}: ${e.message}`);
          }
        }
        await t.screenshot(`${s.name}-${width}x${height}-${scheme}`);
        if (s.form && scheme === 'light') {
          for (const c of await clearOfSaveBar(page)) problems.push(`${where}: the save bar covers ${c}`);
          await t.screenshot(`${s.name}-${width}x${height}-tabbed`);
        }
        if (s.name === 'dashboard') await dismissNotifications(page);
      }
    }
  }
  await page.evaluate(() => window.go.main.AppService.SetAppState('colorScheme', 'light'));
  assert.deepEqual(problems, []);
}

export const tests = [{ name: 'layout: every screen', run: everyScreen }];
