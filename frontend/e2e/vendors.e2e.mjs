// Issue 5: the vendor register's red alert on the dashboard, cleared by a signed BAA; and
// a deletion passed on to every vendor holding the data before it can be completed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectNotification, fieldError, go, openApp } from './lib/ui.mjs';

/** pick chooses an option in the Mantine Select labelled `label`. */
async function pick(page, label, option) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** reloadAt loads the page afresh at hash (no cached answers), past the staff prompt. */
async function reloadAt(page, hash) {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.reload();
  const dialog = page.getByRole('dialog');
  const shell = page.getByRole('navigation', { name: 'Sections' });
  await dialog.or(shell).first().waitFor();
  if (await dialog.isVisible()) {
    await dialog.getByRole('textbox', { name: 'Your name' }).fill('Casey E2E');
    await dialog.getByRole('button', { name: 'Continue' }).click();
  }
  await shell.waitFor();
}

function todayISO() {
  const t = new Date();
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}

async function vendorAlertOnDashboard(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);

  await go(page, 'Vendors');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  await page.getByRole('heading', { level: 1, name: 'New vendor' }).waitFor();
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await name.fill('Acme Telehealth');
  await pick(page, 'Category', 'Telehealth');
  await page.getByRole('radiogroup', { name: 'PHI access' }).getByText('Full', { exact: true }).click();

  // "Not required" needs its reason, on the field, before anything is saved.
  await pick(page, 'BAA status', 'Not required');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  const reason = page.getByRole('textbox', { name: 'Why no BAA is required' });
  assert.match(await fieldError(page, reason), /Say why no BAA is required/);
  await t.screenshot('1-reason-required');
  await pick(page, 'BAA status', 'Pending');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  await expectNotification(page, 'Acme Telehealth was saved');
  await page.waitForFunction(() => /^#\/vendors\/\d+$/.test(window.location.hash));
  const id = Number((await page.evaluate(() => window.location.hash)).split('/').pop());
  const alerts = page.getByTestId('vendor-alerts');
  await alerts.getByText(/Acme Telehealth has full PHI access without a signed, current BAA/).waitFor();
  await t.screenshot('2-vendor-red-alert');

  // A second vendor of the same name, in another case: the server's answer lands on Name.
  await go(page, 'Vendors');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('ACME telehealth');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  assert.match(await fieldError(page, page.getByRole('textbox', { name: 'Name', exact: true })), /already in the register/);

  // The register and the dashboard show the red alert.
  await go(page, 'Vendors');
  const row = page.getByTestId('vendor-row').filter({ hasText: 'Acme Telehealth' });
  await row.getByText('PHI without BAA').waitFor();
  await go(page, 'Dashboard');
  const panel = page.getByTestId('vendor-alerts');
  const item = panel.getByRole('listitem').filter({ hasText: 'Acme Telehealth' });
  await item.waitFor();
  assert.equal(await item.getByLabel('Critical').count(), 1, 'the alert is not red');
  await t.screenshot('3-dashboard-red-alert');

  // Attach the signed BAA (the native file dialog cannot be driven, so the test hands the
  // backend the path the dialog would return), then record it as signed.
  const pdf = path.join(t.dataDir, 'Acme BAA signed.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await page.evaluate(([vid, p]) => window.go.main.VendorService.AttachBAAFile(vid, p), [id, pdf]);
  await reloadAt(page, `#/vendors/${id}`);
  await page.getByTestId('baa-document').getByText('Acme BAA signed.pdf').waitFor();
  await pick(page, 'BAA status', 'Signed');
  await page.getByLabel('Signed on').fill(todayISO());
  await page.getByRole('radiogroup', { name: 'Clause 45 CFR 164.504(e)(2)(ii)(J)' }).getByText('Yes', { exact: true }).click();
  await page.getByRole('button', { name: 'Save vendor' }).click();
  await expectNotification(page, 'Acme Telehealth was saved');
  await page.getByTestId('vendor-alerts').waitFor({ state: 'detached' });
  await t.screenshot('4-signed');

  await go(page, 'Dashboard');
  await page.getByText('No vendor needs attention').waitFor();
  assert.equal(await page.getByTestId('vendor-alerts').count(), 0);
  await t.screenshot('5-dashboard-clear');
}

export const tests = [
  { name: 'vendor with PHI access and no BAA: red on the dashboard, cleared by a signed BAA', run: vendorAlertOnDashboard },
];
