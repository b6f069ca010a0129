// The practice's audit trail, filterable, and its chain check.
import assert from 'node:assert/strict';
import { dismissNotifications, expectNotification, openApp } from './lib/ui.mjs';

async function auditTrail(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await page.getByRole('button', { name: 'Load example practice' }).click();
  await expectNotification(page, 'Example practice loaded');
  await dismissNotifications(page);

  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
  await page.getByRole('button', { name: 'Check now' }).click();
  assert.match(await page.getByTestId('chain-ok').innerText(), /The chain holds: [\d,]+ entries/);

  await page.getByRole('textbox', { name: 'Which' }).fill('PR-2026-0001');
  const table = page.getByTestId('audit-table');
  // The filter applies after a short pause in typing: wait until every row is that request's.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')];
    return rows.length > 0 && rows.every((r) => r.textContent.includes('PR-2026-0001'));
  });
  const rows = await table.locator('tbody tr').allInnerTexts();
  assert.ok(rows.length > 0 && rows.every((r) => r.includes('PR-2026-0001')), `rows not filtered: ${rows.join(' | ')}`);
  await t.screenshot('filtered');
}

export const tests = [{ name: 'audit: the chain holds and the trail filters to one request', run: auditTrail }];
