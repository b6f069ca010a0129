// Exports end to end: the request log exported from the Exports screen, a backup made
// and restored through the screen with its preview, a spreadsheet imported with its
// row/column problems, and a dropped email opening the intake form.
//
// Native file dialogs cannot be driven in Chromium, so the tests use the screen's own
// "type a file path" fields, which call the same backend (ExportService.ExportTo,
// BackupTo, RestorePreview, Restore, PreviewImport) the dialogs lead to.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliEnv } from './lib/app.mjs';
import { expectNotification, fieldError, go, openApp } from './lib/ui.mjs';

async function loadExample(page) {
  const summary = await page.evaluate(() => window.go.main.AppService.LoadExample());
  assert.ok(summary.requests > 0, 'the example practice has requests');
  return summary;
}

async function exportRequestLog(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await loadExample(page);
  const total = (await page.evaluate(() => window.go.main.RequestService.List({ limit: 1 }))).total;

  await go(page, 'Exports');
  const card = page.getByRole('region', { name: 'Request log' });
  await card.getByText(/11 CCR 7101/).waitFor();
  await t.screenshot('1-exports-screen');

  // CSV for Excel, into a file typed in the path field.
  const csv = path.join(t.outDir, 'request log.csv');
  await card.getByRole('button', { name: 'Type a file path instead' }).click();
  const to = card.getByRole('textbox', { name: 'Save to' });
  // A relative path, or a folder that does not exist, is refused on the field before
  // anything runs.
  await to.fill('request log.csv');
  await card.getByRole('button', { name: 'Export to this file' }).click();
  await card.getByText(/Give the full path/).waitFor();
  assert.match(await fieldError(page, to), /full path/);
  await to.fill(path.join(t.outDir, 'no such folder', 'log.csv'));
  await card.getByRole('button', { name: 'Export to this file' }).click();
  await card.getByText(/does not exist/).waitFor();
  assert.match(await fieldError(page, to), /no such folder/);
  await to.fill(csv);
  await card.getByRole('button', { name: 'Export to this file' }).click();
  const done = card.getByTestId('job-done');
  await done.waitFor();
  assert.match(await done.innerText(), new RegExp(`Saved ${total} requests`));
  assert.match(await done.innerText(), /request log\.csv/);
  await t.screenshot('2-request-log-exported');

  const text = readFileSync(csv, 'utf8');
  assert.ok(text.startsWith('\ufeff'), 'the CSV starts with the byte order mark Excel needs');
  const header = text.slice(1, text.indexOf('\r\n'));
  for (const col of ['Reference', 'Date of request', 'Manner made (channel)', 'Nature of request (rights)', 'Date of response', 'Basis for denial']) {
    assert.ok(header.includes(col), `the header has ${col}: ${header}`);
  }
  const refs = new Set(text.match(/^PR-\d{4}-\d{4,}/gm));
  assert.equal(refs.size, total, 'one row per request');

  // The same log as an Excel workbook.
  await card.getByText('Excel', { exact: true }).click();
  assert.ok(await card.getByRole('radio', { name: 'Excel' }).isChecked());
  const xlsx = path.join(t.outDir, 'request log.xlsx');
  await to.fill(xlsx);
  await card.getByRole('button', { name: 'Export to this file' }).click();
  await card.getByTestId('job-done').getByText('request log.xlsx', { exact: false }).waitFor();
  assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK', 'an XLSX is a ZIP');

  // The exports are in the audit trail.
  const audit = await page.evaluate(() => window.go.main.RequestService.AuditTrail({ entity: 'export', limit: 10 }));
  assert.ok(audit.items.filter((e) => e.action === 'export').length >= 2, 'each export is audited');
}

async function backupAndRestore(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await loadExample(page);
  const vendorsBefore = (await page.evaluate(() => window.go.main.VendorService.List({}))).length;

  await go(page, 'Exports');
  const backupCard = page.getByRole('region', { name: 'Back up' });
  const file = path.join(t.dataDir, 'backups', 'before changes.pdbackup');
  await backupCard.getByLabel('Passphrase (optional)').fill('correct horse battery');
  await backupCard.getByLabel('Repeat the passphrase').fill('correct horse batter');
  await backupCard.getByRole('button', { name: 'Type a file path instead' }).click();
  await backupCard.getByRole('textbox', { name: 'Save the backup to' }).fill(file);
  await backupCard.getByRole('button', { name: 'Back up to this file' }).click();
  await backupCard.getByText('The two passphrases differ.').waitFor();
  assert.match(await fieldError(page, backupCard.getByLabel('Repeat the passphrase')), /differ/);
  await backupCard.getByLabel('Repeat the passphrase').fill('correct horse battery');
  await backupCard.getByRole('button', { name: 'Back up to this file' }).click();
  const done = backupCard.getByTestId('job-done');
  await done.waitFor({ timeout: 30_000 });
  assert.match(await done.innerText(), /Backup saved, encrypted/);
  await t.screenshot('1-backup-made');

  // Work goes on after the backup: a vendor is added.
  await page.evaluate(() =>
    window.go.main.VendorService.Create({ name: 'Added After The Backup', category: 'other', phiAccess: 'none', baaStatus: 'pending' }),
  );
  assert.equal((await page.evaluate(() => window.go.main.VendorService.List({}))).length, vendorsBefore + 1);

  const restoreCard = page.getByRole('region', { name: 'Restore' });
  const fileInput = restoreCard.getByRole('textbox', { name: 'Backup file' });
  const passInput = restoreCard.getByLabel('Passphrase or recovery key', { exact: true });

  // A backup cut off halfway is refused, on the file field; nothing changes.
  const cut = path.join(t.dataDir, 'backups', 'cut.pdbackup');
  const bytes = readFileSync(file);
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await fileInput.fill(cut);
  await passInput.fill('correct horse battery');
  await restoreCard.getByRole('button', { name: 'Check backup…' }).click();
  await restoreCard.getByText(/damaged or incomplete|cut short|does not check out/).first().waitFor();

  // A wrong passphrase is told on the passphrase field.
  await fileInput.fill(file);
  await passInput.fill('wrong horse battery');
  await restoreCard.getByRole('button', { name: 'Check backup…' }).click();
  await restoreCard.getByText(/passphrase is wrong/).waitFor({ timeout: 30_000 });
  assert.match(await fieldError(page, passInput), /passphrase is wrong/);
  await t.screenshot('2-wrong-passphrase');

  // The right one: the preview names the practice, the date and the counts.
  await passInput.fill('correct horse battery');
  await restoreCard.getByRole('button', { name: 'Check backup…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await dialog.waitFor({ timeout: 30_000 });
  assert.equal(await dialog.getByTestId('restore-practice').innerText(), 'Sessions, Inc.');
  assert.notEqual(await dialog.getByTestId('restore-date').innerText(), '—');
  const vendorsRow = dialog.getByTestId('restore-count-vendors');
  const cells = await vendorsRow.getByRole('cell').allInnerTexts();
  assert.deepEqual(cells.slice(1).map(Number), [vendorsBefore, vendorsBefore + 1], `vendor counts ${cells}`);
  await dialog.getByText(/SHA-256/).waitFor();
  await t.screenshot('3-restore-preview');

  await dialog.getByRole('button', { name: 'Restore' }).click();
  await dialog.getByTestId('job-done').waitFor({ timeout: 30_000 });
  assert.match(await dialog.getByTestId('job-done').innerText(), /Restored the backup of Sessions, Inc\./);
  assert.match(await dialog.getByTestId('job-done').innerText(), /previous data was kept as/);
  await t.screenshot('4-restored');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expectNotification(page, 'Backup restored');

  // The vendor added after the backup is gone; the register is as it was.
  await go(page, 'Vendors');
  await page.getByTestId('vendor-row').first().waitFor();
  assert.equal(await page.getByTestId('vendor-row').count(), vendorsBefore);
  assert.equal(await page.getByText('Added After The Backup').count(), 0);
  await t.screenshot('5-vendors-after-restore');
}

async function importSpreadsheet(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await go(page, 'Exports');
  const section = page.getByRole('region', { name: 'Import from a spreadsheet' });
  const file = path.join(t.outDir, 'old log.csv');
  writeFileSync(
    file,
    'Name,Email,Date received,Law,Request type\n' +
      'Ana Ruiz,ana@example.com,2026-01-05,CCPA,Access\n' +
      'Bo Chen,bo@example.com,31/31/2026,California,Delete\n',
  );
  await section.getByRole('textbox', { name: 'Spreadsheet file' }).fill(file);
  await section.getByRole('button', { name: 'Read file' }).click();
  const problems = section.getByTestId('import-problems');
  await problems.waitFor();
  assert.match(await problems.innerText(), /row 3, column Date received/);
  // While a row has a problem the button is disabled and promises no count.
  assert.ok(await section.getByRole('button', { name: 'Import', exact: true }).isDisabled(), 'import is disabled while a row has a problem');
  assert.equal(await section.getByRole('textbox', { name: 'Column for Requester name' }).inputValue(), 'Name');
  await t.screenshot('1-import-problem');

  writeFileSync(file, readFileSync(file, 'utf8').replace('31/31/2026', '01/06/2026'));
  await section.getByRole('button', { name: 'Read file' }).click();
  await problems.waitFor({ state: 'detached' });
  await section.getByRole('button', { name: 'Import 2 requests' }).click();
  await section.getByTestId('import-result').getByText('Imported 2 requests').waitFor();
  await t.screenshot('2-imported');
  const list = await page.evaluate(() => window.go.main.RequestService.List({ limit: 10 }));
  assert.equal(list.total, 2);
}

async function dropEmail(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await go(page, 'Exports');
  const eml =
    'From: "Maria Lopez" <maria@example.org>\r\nTo: contact@sessionshealth.com\r\nSubject: WITHDRAW CONSENT\r\n' +
    'Date: Mon, 2 Mar 2026 09:15:00 -0600\r\nMessage-ID: <abc@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' +
    'Please stop using my data for the newsletter.\r\n';
  const zone = page.getByTestId('email-drop-zone');
  const dt = await page.evaluateHandle((content) => {
    const d = new DataTransfer();
    d.items.add(new File([content], 'withdraw.eml', { type: 'message/rfc822' }));
    return d;
  }, eml);
  await zone.dispatchEvent('dragenter', { dataTransfer: dt });
  await zone.dispatchEvent('drop', { dataTransfer: dt });
  await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();
  await page.getByTestId('intake-from-email').getByText(/withdraw\.eml/).waitFor();
  assert.equal(await page.getByRole('textbox', { name: /Full name/ }).inputValue(), 'Maria Lopez');
  assert.equal(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue(), 'maria@example.org');
  assert.match(await page.getByRole('textbox', { name: 'What they asked for' }).inputValue(), /newsletter/);
  await t.screenshot('1-intake-from-email');

  // The law is the person's choice; withdraw-consent, proposed by the subject, is ticked.
  await page.getByRole('textbox', { name: /^Law/ }).click();
  await page.getByRole('option', { name: 'EU GDPR', exact: true }).click();
  const withdraw = page.getByRole('checkbox', { name: 'Withdraw consent' });
  await withdraw.waitFor();
  assert.ok(await withdraw.isChecked(), 'withdraw-consent is proposed');
  await t.screenshot('2-law-chosen');
  await page.getByRole('button', { name: 'Log request' }).click();
  await page.waitForFunction(() => /^#\/requests\/PR-/.test(window.location.hash));
  const ref = decodeURIComponent((await page.evaluate(() => window.location.hash)).split('/').pop());
  const detail = await page.evaluate((r) => window.go.main.RequestService.Get(r), ref);
  assert.deepEqual(detail.attachments.map((a) => a.originalName), ['withdraw.eml'], 'the email is attached to the request');
  await page.getByText('withdraw.eml').first().waitFor();
  await t.screenshot('3-request-with-email');

  // The request list takes a dropped email too.
  await go(page, 'Requests');
  const listZone = page.getByTestId('email-drop-zone');
  await listZone.waitFor();
  await listZone.dispatchEvent('drop', { dataTransfer: dt });
  await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: /Full name/ }).inputValue(), 'Maria Lopez');
  await page.getByRole('button', { name: 'Cancel' }).click();
  const heading = page.getByRole('heading', { level: 1, name: 'Requests' });
  await heading.waitFor();
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.querySelectorAll('*').forEach((el) => el.scrollTop > 0 && (el.scrollTop = 0));
  });
  await t.screenshot('4-request-list-drop-zone');
}

async function responsePackage(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await loadExample(page);
  const list = await page.evaluate(() => window.go.main.RequestService.List({ right: ['access'], limit: 100 }));
  // One the requester made themselves: a letter to an agent needs the agent's authority
  // recorded first (the letter preflight refuses it otherwise).
  const req = list.items.find((r) => r.regime !== 'hipaa' && r.submittedBy === 'self');
  assert.ok(req, 'the example practice has an access request made by the requester');
  const ref = req.reference;

  // Opened from a request (#/exports?package=REF): no cover letter yet, so it says what to do.
  await page.evaluate((r) => (window.location.hash = `#/exports?package=${r}`), ref);
  const card = page.getByRole('region', { name: 'Response package' });
  await card.getByTestId('package-plan').getByText(/no cover letter yet/).waitFor();
  await t.screenshot('1-no-cover-letter');

  await page.evaluate((r) => window.go.main.LetterService.Issue({ reference: r, kind: 'access-response', response: 'A copy of your data is enclosed.', acceptWarnings: true }), ref);
  await card.getByRole('button', { name: 'Check' }).click();
  await card.getByTestId('package-plan').getByText(/Cover letter: Access response/).waitFor();
  await card.getByRole('button', { name: 'Generate' }).click();
  const pass = await card.getByRole('textbox', { name: 'Passphrase (optional)' }).inputValue();
  assert.match(pass, /^([a-z2-9]{4}-){5}[a-z2-9]{4}$/, 'a generated passphrase in groups of four');
  await card.getByRole('button', { name: 'Type a file path instead' }).click();
  const out = path.join(t.outDir, `${ref}-response.zip`);
  await card.getByRole('textbox', { name: 'Save the package to' }).fill(out);
  await card.getByRole('button', { name: 'Make it there' }).click();
  const done = card.getByTestId('job-done');
  await done.waitFor();
  assert.match(await done.innerText(), /encrypted \(AES-256/);
  await t.screenshot('2-package-made');
  const zip = readFileSync(out);
  assert.equal(zip.subarray(0, 2).toString(), 'PK');
  const listing = execFileSync('bsdtar', ['-t', '-f', out, '--passphrase', pass]).toString();
  for (const name of ['manifest.json', `${ref} - your request.json`, `${ref} - your request.csv`, `${ref} - Access response.pdf`]) {
    assert.ok(listing.includes(name), `the package holds ${name}: ${listing}`);
  }
}

async function cancelLongExport(t) {
  // 30,000 requests, loaded with the headless demo command: the Excel export takes a few
  // seconds, long enough to cancel it from the screen.
  const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
  const bin = path.resolve(repo, process.env.E2E_BIN || 'build/bin/privacydesk-dev');
  execFileSync(bin, ['--db', t.dbPath, 'demo', '--requests', '30000', '--seed', '7'], { stdio: 'ignore', env: cliEnv(t.dbPath) });
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await go(page, 'Exports');
  const card = page.getByRole('region', { name: 'Request log' });
  await card.getByText('Excel', { exact: true }).click();
  await card.getByRole('button', { name: 'Type a file path instead' }).click();
  const out = path.join(t.outDir, 'all requests.xlsx');
  await card.getByRole('textbox', { name: 'Save to' }).fill(out);
  // The export stops at 1,000 rows until it is cancelled (a seam of the dev build): on a
  // fast machine it would otherwise be written before the Cancel button can be pressed.
  await page.evaluate(() => window.go.main.ExportService.HoldJobsAt(1000));
  await card.getByRole('button', { name: 'Export to this file' }).click();
  const bar = card.getByRole('progressbar');
  await bar.waitFor();
  await card.getByText(/of 30,010/).waitFor();
  await t.screenshot('1-running');
  await card.getByRole('button', { name: 'Cancel' }).click();
  await card.getByTestId('job-cancelled').waitFor({ timeout: 30_000 });
  await page.evaluate(() => window.go.main.ExportService.HoldJobsAt(0));
  await t.screenshot('2-cancelled');
  const left = readdirSync(t.outDir).filter((f) => f.includes('all requests'));
  assert.deepEqual(left, [], `a cancelled export left ${left}`);
}

export const tests = [
  { name: 'exports: the request log from the Exports screen, as CSV and XLSX', run: exportRequestLog },
  { name: 'exports: backup, then restore through the screen with its preview', run: backupAndRestore },
  { name: 'exports: spreadsheet import with a row/column problem, then imported', run: importSpreadsheet },
  { name: 'exports: a dropped email opens the intake form prefilled', run: dropEmail },
  { name: 'exports: an encrypted response package for an access request', run: responsePackage },
  { name: 'exports: a long Excel export cancelled from the screen leaves no file', run: cancelLongExport },
];
