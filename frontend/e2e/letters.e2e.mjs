// A letter made from the request screen in two clicks and found in the request's
// letters (kept as evidence); the template editor refuses an unknown merge field on the
// text and previews the PDF live.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { dismissNotifications, expectNotification, go, openApp } from './lib/ui.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', process.env.E2E_BIN || 'build/bin/privacydesk-dev');

/** cli runs a headless command of the same binary on the test's database. */
function cli(t, ...args) {
  return execFileSync(bin, args, { env: cliEnv(t.dbPath), encoding: 'utf8' }).trim();
}

/** pdfText reads a PDF's text back with pdftotext (poppler-utils). */
function pdfText(file) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

async function openRequest(page, ref) {
  await page.evaluate((h) => (window.location.hash = h), `#/requests/${ref}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: ref }).waitFor();
}

async function acknowledgmentFromRequest(t) {
  cli(t, 'demo');
  const ref = cli(t, 'request', 'add', '--name', 'Łukasz Nguyễn-Müller', '--email', 'lukasz.nm@example.com',
    '--regime', 'ccpa', '--right', 'access', '--right', 'deletion', '--received', '2026-01-05');
  assert.match(ref, /^PR-\d{4}-\d{4}$/);

  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await dismissNotifications(page);
  await openRequest(page, ref);

  // Click 1: the menu lists the letters that fit this CCPA request, and no HIPAA letter.
  const panel = page.getByTestId('request-letters');
  await panel.getByText('No letter has been made for this request yet.').waitFor();
  await panel.getByRole('button', { name: 'Make a letter' }).click();
  const menu = page.getByRole('menu');
  await menu.getByRole('menuitem', { name: /^Acknowledgment/ }).waitFor();
  assert.equal(await menu.getByRole('menuitem', { name: /^HIPAA access/ }).count(), 0, 'a HIPAA letter is offered for a CCPA request');
  await menu.getByRole('menuitem', { name: /^Deletion confirmation/ }).waitFor();
  await t.screenshot('1-make-a-letter-menu');

  // Click 2: the acknowledgment is made and kept with the request.
  await menu.getByRole('menuitem', { name: /^Acknowledgment/ }).click();
  await expectNotification(page, 'Acknowledgment made');
  const row = panel.getByTestId('letter-row').filter({ hasText: 'Acknowledgment' });
  await row.waitFor();
  assert.match(await row.innerText(), /To Łukasz Nguyễn-Müller · \d+ pages? · Standard v\d+ · #\d+/);
  assert.match(await row.innerText(), /by Test Administrator/);
  const id = Number((await row.innerText()).match(/#(\d+)/)[1]);
  // The request's timeline records it.
  await page.getByText(/Letter made: Acknowledgment to Łukasz Nguyễn-Müller/).first().waitFor();
  await dismissNotifications(page);
  await t.screenshot('2-letter-in-request');

  // View: the stored PDF in the app.
  await row.getByRole('button', { name: `View letter ${id}` }).click();
  const viewer = page.getByRole('dialog').filter({ hasText: `Letter #${id}` });
  await viewer.getByText(/SHA-256 [0-9a-f]{64}/).waitFor();
  const src = await viewer.getByTestId('pdf-view').getAttribute('src');
  assert.match(src, /^blob:/);
  await t.screenshot('3-letter-viewer');
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'hidden' });

  // Save copy writes the stored bytes (the native dialog cannot be driven: the test hands
  // the backend the path the dialog would return). The copy reads as the letter.
  const copy = path.join(t.outDir, 'copy.pdf');
  await page.evaluate(([i, p]) => window.go.main.LetterService.SaveCopyTo(i, p), [id, copy]);
  const text = pdfText(copy);
  assert.match(text, new RegExp(`Re: Your privacy request ${ref}`));
  assert.match(text, /Dear Łukasz Nguyễn-Müller,/);
  assert.ok(readFileSync(copy).subarray(0, 5).toString() === '%PDF-');

  // Why not the others: each kind that does not fit says why.
  await panel.getByRole('button', { name: 'Make a letter' }).click();
  await page.getByRole('menuitem', { name: /Why not the \d+ other kinds/ }).click();
  const why = page.getByRole('dialog', { name: 'Letters that do not fit this request now' });
  await why.getByText(/HIPAA access:.*not a HIPAA request/).waitFor();
  await page.keyboard.press('Escape');

  // The Letters page lists it, with the request, and prints a batch of what is selected.
  await go(page, 'Letters');
  const listed = page.getByRole('table', { name: 'Letters made' }).getByTestId('letter-row').filter({ hasText: ref });
  await listed.waitFor();
  await listed.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Print 1 letter as one PDF' }).waitFor();
  await t.screenshot('4-letters-page');
  const batch = path.join(t.outDir, 'batch.pdf');
  const res = await page.evaluate(([i, p]) => window.go.main.LetterService.PrintBatchTo([i], p), [id, batch]);
  assert.equal(res.letters, 1);
  assert.match(pdfText(batch), /Dear Łukasz Nguyễn-Müller,/);

  // The audit trail has the letter, and the chain holds.
  assert.match(cli(t, 'audit', 'verify'), /\d+/);
}

async function templateEditor(t) {
  cli(t, 'demo');
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await dismissNotifications(page);

  await go(page, 'Letters');
  await page.getByRole('tab', { name: 'Templates' }).click();
  await page.getByRole('button', { name: 'Copy and edit the Acknowledgment template' }).click();
  await page.getByRole('heading', { level: 1, name: 'New Acknowledgment template' }).waitFor();
  // The live preview of the built-in text on the practice's letterhead.
  await page.getByTestId('preview-status').filter({ hasText: /\d+ pages?/ }).waitFor();
  assert.match(await page.getByTestId('pdf-view').getAttribute('src'), /^blob:/);

  await page.getByRole('textbox', { name: 'Template name' }).fill('Our wording');
  const text = page.getByRole('textbox', { name: 'Text' });
  const body = await text.inputValue();
  assert.ok(body.includes('Dear {{recipient.name}},'), 'the built-in salutation');
  await text.fill(body.replace('Dear {{recipient.name}},', 'Dear {{requester.nmae}},'));
  // Refused on the text, naming the field, before anything is saved.
  await page.getByText(/unknown merge field \{\{requester\.nmae\}\}; did you mean \{\{requester\.name\}\}/).first().waitFor();
  assert.equal(await text.getAttribute('aria-invalid'), 'true');
  await t.screenshot('1-unknown-field');
  await page.getByRole('button', { name: 'Save template' }).click();
  await page.waitForTimeout(500);
  assert.equal(await text.getAttribute('aria-invalid'), 'true');

  // Fixed with the field picker's spelling: the preview comes back, the copy is saved.
  await text.fill(body.replace('Thank you for contacting', 'Many thanks for writing to'));
  await page.getByTestId('preview-status').filter({ hasText: /\d+ pages?/ }).waitFor();
  assert.notEqual(await text.getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: 'Save template' }).click();
  await expectNotification(page, 'Our wording (Acknowledgment) is now at version 1');
  await page.getByRole('heading', { level: 1, name: 'Template: Our wording' }).waitFor();
  await t.screenshot('2-saved');

  await page.getByRole('button', { name: 'Templates' }).click();
  await page.getByTestId('template-row').filter({ hasText: 'Our wording' }).waitFor();
}

// exampleDeletion loads the example practice and opens the app on it: its GDPR deletion
// in progress, passed on to its vendors, is the request the vendor tests work on.
async function exampleDeletion(t) {
  cli(t, 'demo');
  const all = JSON.parse(cli(t, 'request', 'list', '--format', 'json'));
  const req = all.find((r) => r.regime === 'gdpr' && r.status === 'in-progress');
  assert.ok(req, 'no GDPR request in progress in the example practice');
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await dismissNotifications(page);
  return { page, ref: req.reference };
}

async function directionFromVendorTask(t) {
  const { page, ref } = await exampleDeletion(t);
  await openRequest(page, ref);

  const task = page.getByTestId('vendor-task').filter({ hasText: 'Healthcare Blocks' });
  // The example's vendors have no contact details: preflight refuses the letter and
  // says where to fix it.
  await task.getByRole('button', { name: 'Make the direction letter to Healthcare Blocks' }).click();
  const check = page.getByRole('dialog', { name: 'Check the letter before it is made' });
  await check.getByText(/There is nowhere to send this letter: the vendor \(Healthcare Blocks\)/).waitFor();
  await check.getByRole('link', { name: 'Open the vendor register' }).waitFor();
  assert.ok(await check.getByRole('button', { name: 'Make letter' }).isDisabled(), 'a blocked letter can be made');
  await t.screenshot('0-preflight-refuses');
  await check.getByRole('button', { name: 'Cancel' }).click();
  await check.waitFor({ state: 'hidden' });
  await page.evaluate(async () => {
    const list = await window.go.main.VendorService.List({});
    const hb = list.find((e) => (e.vendor ?? e).name === 'Healthcare Blocks');
    const d = await window.go.main.VendorService.Get((hb.vendor ?? hb).id);
    await window.go.main.VendorService.Update({ ...d.vendor, contactEmail: 'privacy@hb.example' });
  });
  await task.getByRole('button', { name: 'Make the direction letter to Healthcare Blocks' }).click();
  await expectNotification(page, 'Direction to a vendor made');
  // The request screen stays whole; the task names its letter; the request lists it.
  await page.getByRole('heading', { level: 1 }).filter({ hasText: ref }).waitFor();
  await task.getByText(/direction letter #\d+/).waitFor();
  const row = page.getByTestId('request-letters').getByTestId('letter-row').filter({ hasText: 'Direction to a vendor' });
  await row.getByText(/To Healthcare Blocks/).waitFor();
  await dismissNotifications(page);
  await t.screenshot('1-direction-letter');
}

// Direct all vendors: one batch of email drafts for every vendor with an address, the
// others reported and left out, one timeline line for the batch, the matrix updated.
async function directAllVendors(t) {
  const { page, ref } = await exampleDeletion(t);
  // Two vendors get an email address; the rest of the example's have none.
  await page.evaluate(async () => {
    const list = await window.go.main.VendorService.List({});
    for (const [name, email] of [['Healthcare Blocks', 'privacy@hb.example'], ['Google Cloud', 'privacy@gc.example']]) {
      const e = list.find((x) => (x.vendor ?? x).name === name);
      const d = await window.go.main.VendorService.Get((e.vendor ?? e).id);
      await window.go.main.VendorService.Update({ ...d.vendor, contactEmail: email });
    }
  });
  await openRequest(page, ref);
  const panel = page.getByTestId('vendor-tasks');
  await panel.getByRole('button', { name: /Direct all vendors/ }).waitFor();
  await panel.getByTestId('confirmation-matrix').waitFor();

  const dir = path.join(t.outDir, 'drafts');
  mkdirSync(dir);
  const res = await page.evaluate(([r, d]) => window.go.main.LetterService.DirectVendorsTo({ reference: r, method: 'email', acceptWarnings: true }, d), [ref, dir]);
  const told = res.letters.length;
  assert.ok(told >= 1, `no vendor directed: ${JSON.stringify(res.skipped)}`);
  assert.equal(res.files.length, told, 'one draft per vendor directed');
  for (const f of res.files) assert.ok(readFileSync(f, 'utf8').includes('X-Unsent: 1'), `${f} is not an unsent draft`);
  assert.ok(res.skipped.length >= 1, 'the vendors without an email address are reported');
  assert.ok(res.skipped.every((s) => s.vendorName && s.message), 'each vendor left out says why');

  await page.reload();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: ref }).waitFor();
  const lines = page.getByTestId('timeline').getByText(new RegExp(`Directed ${told} vendors? by email`));
  await lines.first().waitFor();
  assert.equal(await lines.count(), 1, 'the batch is one line of the timeline');
  await dismissNotifications(page);
  await page.getByTestId('confirmation-matrix').scrollIntoViewIfNeeded();
  await t.screenshot('1-directed');
}

// A patient named in Arabic gets a letter with the name as written (read back by
// pdftotext); the spelling they prefer, typed in "Name on letters", is printed instead.
async function nameInArabic(t) {
  cli(t, 'demo');
  const name = 'محمد عبد الله';
  const ref = cli(t, 'request', 'add', '--name', name, '--email', 'mohammed@example.com',
    '--regime', 'ccpa', '--right', 'access', '--received', '2026-01-05');
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url, 'Dana Reyes');
  await dismissNotifications(page);
  await openRequest(page, ref);

  const panel = page.getByTestId('request-letters');
  const make = async () => {
    await panel.getByRole('button', { name: 'Make a letter' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: /^Acknowledgment/ }).click();
    await expectNotification(page, 'Acknowledgment made');
    await dismissNotifications(page);
  };
  const text = async (to) => {
    const row = panel.getByTestId('letter-row').filter({ hasText: `To ${to}` });
    await row.waitFor();
    const id = Number((await row.innerText()).match(/#(\d+)/)[1]);
    const file = path.join(t.outDir, `letter-${id}.pdf`);
    await page.evaluate(([i, p]) => window.go.main.LetterService.SaveCopyTo(i, p), [id, file]);
    // pdftotext marks a right-to-left run with embedding controls.
    return pdfText(file).replace(/[\u202a-\u202e]/g, '');
  };

  await make();
  assert.match(await text(name), new RegExp(`Dear ${name},`));
  await t.screenshot('1-arabic-name');

  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: `Edit ${ref}` });
  await edit.getByRole('textbox', { name: 'Name on letters' }).fill('Mohammed Abdullah');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Name on letters', { exact: true }).waitFor();
  await make();
  const t2 = await text('Mohammed Abdullah');
  assert.match(t2, /Dear Mohammed Abdullah,/);
  assert.ok(!t2.includes(name), 'the recorded name is printed although a name on letters is set');
}

export const tests = [
  { name: 'letters: a patient named in Arabic gets a letter; the name on letters prints instead when set', run: nameInArabic },
  { name: 'letters: acknowledgment made from the request screen and found in its letters', run: acknowledgmentFromRequest },
  { name: 'letters: template editor refuses an unknown field and previews live', run: templateEditor },
  { name: 'letters: direction letter from a vendor task', run: directionFromVendorTask },
  { name: 'letters: direct all vendors in one batch', run: directAllVendors },
];
