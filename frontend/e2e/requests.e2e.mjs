// A request logged, worked and closed through the UI, with its timeline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { choose, dismissNotifications, expectNotification, fieldError, go, openApp } from './lib/ui.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', process.env.E2E_BIN || 'build/bin/privacydesk-dev');

async function logVerifyComplete(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await dismissNotifications(page);
  await page.getByRole('button', { name: 'Load example practice' }).click();
  await expectNotification(page, 'Example practice loaded');
  await dismissNotifications(page);

  await go(page, 'Requests');
  await page.getByRole('button', { name: 'New request' }).click();
  await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();

  const form = page.getByRole('form', { name: 'New request' });
  await form.getByRole('textbox', { name: 'Full name' }).fill('Zoë O\'Brien-Núñez');
  const email = form.getByRole('textbox', { name: 'Email', exact: true });
  await email.fill('zoe@example');
  await email.blur();
  assert.match(await fieldError(page, email), /"zoe@example" is not a valid email address/);
  await choose(page, 'Law', 'California (CCPA/CPRA)', form);
  await form.getByRole('checkbox', { name: 'Access / right to know' }).check();
  await form.getByRole('button', { name: 'Log request' }).click();
  // Refused on the client: still on the form, the message on the email field.
  await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();
  assert.match(await fieldError(page, email), /not a valid email address/);
  await t.screenshot('1-bad-email', { fullPage: true });

  // The same email as an open request: shown as a possible duplicate, but not refused.
  await email.fill('zoe.obn@example.net');
  await page.getByTestId('duplicates').filter({ hasText: 'same email' }).waitFor();
  await t.screenshot('1b-duplicate');

  await email.fill('zoe@example.org');
  await email.blur();
  assert.equal(await fieldError(page, email), '');
  await form.getByRole('button', { name: 'Log request' }).click();

  const status = page.getByTestId('status');
  await status.waitFor();
  const ref = (await page.locator('h1 span').first().innerText()).trim();
  assert.match(ref, /^PR-\d{4}-\d{4}$/);
  assert.equal(await status.innerText(), 'Received');
  await page.getByText("Zoë O'Brien-Núñez").first().waitFor();
  await t.screenshot('1c-logged');

  // Identity: recording how it was verified moves the request to "Identity verified".
  await page.getByRole('button', { name: 'Record verification' }).click();
  const vdialog = page.getByRole('dialog', { name: 'Record identity verification' });
  await choose(page, 'Method', 'Matched to data on file', vdialog);
  assert.equal(await vdialog.getByRole('textbox', { name: 'Verified by' }).inputValue(), 'Test Administrator');
  await vdialog.getByRole('textbox', { name: 'Notes' }).fill('Matched name, email and date of first visit.');
  await vdialog.getByRole('button', { name: 'Record verification' }).click();
  await vdialog.waitFor({ state: 'hidden' });
  await page.getByTestId('verification').waitFor();
  await page.getByTestId('status').filter({ hasText: 'Identity verified' }).waitFor();
  const actions = page.getByTestId('actions');

  // Completion waits for the outcome of every right.
  assert.match(await actions.innerText(), /Complete.*: Record the outcome of every right first/);
  await page.getByTestId('right-access').getByRole('button', { name: 'Record outcome' }).click();
  const odialog = page.getByRole('dialog', { name: /Outcome/ });
  await odialog.getByRole('button', { name: 'Save outcome' }).click();
  await odialog.waitFor({ state: 'hidden' });
  await page.getByTestId('right-access').getByText('Granted', { exact: true }).waitFor();

  await actions.getByRole('button', { name: 'Complete', exact: true }).click();
  const cdialog = page.getByRole('dialog', { name: 'Complete' });
  // No response letter is recorded as sent, so the dialog asks why.
  await cdialog.getByLabel('Why is it completed without a sent response letter?').fill('Records handed over in person.');
  await cdialog.getByRole('button', { name: 'Complete', exact: true }).click();
  await cdialog.waitFor({ state: 'hidden' });
  await page.getByTestId('status').filter({ hasText: 'Completed' }).waitFor();

  const timeline = await page.getByTestId('timeline').innerText();
  for (const step of [/verif/i, /Identity verified/, /Granted|granted/, /Completed/]) assert.match(timeline, step);
  assert.match(timeline, /Test Administrator/);
  await page.getByTestId('timeline').scrollIntoViewIfNeeded();
  await t.screenshot('2-completed');

  // The list finds it by name, closed.
  await page.getByRole('link', { name: /Requests/ }).first().click();
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('Núñez');
  await page.getByTestId('request-count').filter({ hasText: 'match' }).waitFor();
  await page.getByRole('row', { name: new RegExp(ref) }).waitFor();
  assert.equal(await page.getByRole('row', { name: /Mia Schäfer/ }).count(), 0, 'the search did not filter the list');
  await t.screenshot('3-list');
  await page.getByRole('button', { name: 'Sort by Received' }).click();
  await page.waitForFunction(() => location.hash.includes('sort=received'));
  assert.match((await page.getByRole('columnheader', { name: /Received/ }).getAttribute('aria-sort')) ?? '', /ascending|descending/);

  // The last filters come back when the list is opened again.
  await page.keyboard.press('Alt+1');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.keyboard.press('Alt+2');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('q=Núñez'));
  assert.equal(await page.getByRole('searchbox', { name: 'Search', exact: true }).inputValue(), 'Núñez');

  // The header search opens a reference directly; editing is recorded in the timeline.
  await page.keyboard.press('Control+k');
  await page.keyboard.type(ref);
  await page.keyboard.press('Enter');
  await page.getByTestId('status').filter({ hasText: 'Completed' }).waitFor();
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: `Edit ${ref}` });
  await edit.getByRole('textbox', { name: 'Assigned to' }).fill('Jordan Ellis');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('assigned to Jordan Ellis').waitFor();
  assert.equal(await page.getByTestId('timeline').locator('.mantine-Timeline-item').count() >= 5, true);
}

// An appeal logged through the form names the denied request; each screen links to the
// other in the line under its title, and the links lead there.
async function appealLinks(t) {
  const denied = execFileSync(bin, ['request', 'add', '--name', 'Dana Denied', '--email', 'dana@example.com', '--regime', 'va', '--right', 'access', '--received', '2026-01-05'],
    { env: cliEnv(t.dbPath), encoding: 'utf8' }).trim();
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await dismissNotifications(page);
  await page.evaluate((r) => window.go.main.RequestService.Transition(r, { action: 'deny', denialReason: 'exemption', exemption: 'Va. Code 59.1-582', denialText: 'Records we must keep.' }), denied);

  await go(page, 'Requests');
  await page.getByRole('button', { name: 'New request' }).click();
  const form = page.getByRole('form', { name: 'New request' });
  await form.getByRole('textbox', { name: 'Full name' }).fill('Dana Denied');
  await form.getByRole('textbox', { name: 'Email', exact: true }).fill('dana@example.com');
  await choose(page, 'Law', 'Virginia (VCDPA)', form);
  await form.getByRole('checkbox', { name: 'Appeal of a denied request' }).check();
  await form.getByRole('textbox', { name: 'Appeal of' }).fill(denied);
  await t.screenshot('appeal-1-form');
  await form.getByRole('button', { name: 'Log request' }).click();
  const title = page.getByRole('heading', { level: 1 });
  await title.filter({ hasNotText: denied }).filter({ hasText: /PR-\d{4}-\d{4}/ }).waitFor();
  const appeal = (await title.innerText()).match(/PR-\d{4}-\d{4}/)[0];
  assert.notEqual(appeal, denied);

  const of = page.getByTestId('header-appeal-of');
  assert.equal((await of.innerText()).trim(), denied);
  await t.screenshot('appeal-2-appeal');
  await of.click();
  await title.filter({ hasText: denied }).waitFor();
  const by = page.getByTestId('header-appealed-by');
  assert.equal((await by.innerText()).trim(), appeal);
  await t.screenshot('appeal-3-denied');
  await by.click();
  await title.filter({ hasText: appeal }).waitFor();
}

export const tests = [
  { name: 'request: bad email on its field, fixed, verified, completed, timeline', run: logVerifyComplete },
  { name: 'request: an appeal and the denied request link to each other under their titles', run: appealLinks },
];
