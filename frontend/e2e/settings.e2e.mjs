// The practice profile, validated on its fields, kept across a restart.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectNotification, fieldError, go, openApp } from './lib/ui.mjs';

async function profileEmailKeptAfterRestart(t) {
  let app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);

  // A new database: the dashboard says how to start.
  await page.getByTestId('first-run').waitFor();
  await t.screenshot('1-first-run');
  await page.getByRole('button', { name: 'Load example practice' }).click();
  await expectNotification(page, 'Example practice loaded');
  await page.getByTestId('first-run').waitFor({ state: 'hidden' });
  await t.screenshot('2-dashboard-example');

  await go(page, 'Settings');
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  assert.equal(await email.inputValue(), 'contact@sessionshealth.com');

  await email.fill('contact@sessionshealth');
  await email.blur();
  assert.match(await fieldError(page, email), /"contact@sessionshealth" is not a valid email address/);
  await page.getByRole('button', { name: 'Save profile' }).click();
  assert.equal(await page.getByText('Saved', { exact: true }).count(), 0, 'an invalid profile was saved');
  await t.screenshot('3-bad-email');

  // The server applies the same rule and names the field (a Wails v2 rejection is a string).
  const rejected = await page.evaluate(async () => {
    const p = await window.go.main.SettingsService.Get();
    try {
      await window.go.main.SettingsService.Save({ ...p, email: 'contact@sessionshealth' });
      return null;
    } catch (e) {
      return { type: typeof e, text: String(e instanceof Error ? e.message : e) };
    }
  });
  assert.ok(rejected, 'the backend accepted a bad email');
  assert.equal(JSON.parse(rejected.text).field, 'email');
  assert.equal(JSON.parse(rejected.text).code, 'invalid');

  await email.fill('privacy@sessionshealth.com');
  await email.blur();
  assert.equal(await fieldError(page, email), '');

  // A logo: a PNG is previewed and sent with the profile; a text file is refused on the field.
  const logoInput = page.locator('input[type=file][accept="image/png,image/jpeg"]');
  await logoInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await page.getByText('notes.txt is not a PNG or JPEG image.').waitFor();
  await logoInput.setInputFiles(fileURLToPath(new URL('../public/icon.png', import.meta.url)));
  await page.getByRole('img', { name: 'Practice logo' }).waitFor();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expectNotification(page, 'The practice profile was saved');

  // Restart the app on the same data folder: the change was kept.
  await app.stop();
  app = await t.start();
  await openApp(page, app.url);
  await go(page, 'Settings');
  const after = page.getByRole('textbox', { name: 'Email', exact: true });
  await page.waitForFunction(() => document.querySelector('input[type=email]')?.value !== '');
  assert.equal(await after.inputValue(), 'privacy@sessionshealth.com');
  assert.equal(await page.getByRole('textbox', { name: 'Practice name' }).inputValue(), 'Sessions, Inc.');
  await page.getByRole('img', { name: 'Practice logo' }).waitFor();
  await t.screenshot('4-after-restart');
}

async function corruptDatabaseRefused(t) {
  const junk = Buffer.from('This is not a SQLite database, it is a shopping list.\n'.repeat(200));
  writeFileSync(t.dbPath, junk);
  const app = await t.start();
  const page = await t.page();
  await page.goto(app.url);
  await page.getByRole('heading', { name: 'The database was not opened' }).waitFor();
  assert.equal((await page.getByTestId('db-path').innerText()).trim(), t.dbPath);
  assert.equal(await page.getByRole('navigation', { name: 'Sections' }).count(), 0);
  await t.screenshot('refused');
  await app.stop();
  assert.ok(readFileSync(t.dbPath).equals(junk), 'the refused file was modified');
}

// Settings > Database without a server: the form names each missing field, a server that
// does not answer is named on the Server field, nothing is saved, and a staff account
// does not see the card (the backend refuses it too).
async function databaseSettingChecked(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await go(page, 'Settings');
  const card = page.getByTestId('database-card');
  await card.scrollIntoViewIfNeeded();
  assert.match(await card.getByTestId('settings-database-in-use').innerText(), /In use now: this computer's file .*privacydesk\.db/);
  // Started with PRIVACYDESK_DB (as every suite is): it takes priority, and the card says so.
  await card.getByText('Started on another database').waitFor();
  await t.screenshot('database-1-file');

  await card.getByText('A PostgreSQL server', { exact: true }).click();
  const server = card.getByRole('textbox', { name: 'Server' });
  const ca = card.getByRole('textbox', { name: 'Certificate authority (CA) file' });
  await card.getByRole('button', { name: 'Test connection' }).click();
  assert.match(await fieldError(page, server), /server’s name or address/);
  assert.match(await fieldError(page, card.getByRole('textbox', { name: 'Database' })), /database’s name/);
  assert.match(await fieldError(page, card.getByRole('textbox', { name: 'User' })), /user Privacy Desk connects as/);
  assert.match(await fieldError(page, ca), /verify-full checks/);

  // Nothing listens on port 1 of this computer: the failure names the host and port.
  await server.fill('127.0.0.1');
  const port = card.getByRole('textbox', { name: 'Port' });
  await port.fill('1');
  await card.getByRole('textbox', { name: 'Database' }).fill('practice');
  await card.getByRole('textbox', { name: 'User' }).fill('privacydesk');
  await card.getByRole('textbox', { name: 'Connection security' }).click();
  await page.getByRole('option', { name: /server not checked/ }).click();
  assert.equal(await ca.inputValue(), '');
  await card.getByRole('button', { name: 'Test connection' }).click();
  await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
  assert.match(await fieldError(page, server), /No PostgreSQL server answers at 127\.0\.0\.1:1/);
  await card.scrollIntoViewIfNeeded();
  await t.screenshot('database-2-unreachable');
  await card.getByRole('button', { name: 'Save for this computer' }).click();
  await page.waitForTimeout(500);
  assert.match(await fieldError(page, server), /No PostgreSQL server answers/);
  const setting = await page.evaluate(() => window.go.main.SettingsService.Database());
  assert.equal(setting.choice.engine, 'sqlite', 'an unreachable server was saved');
}

export const tests = [
  { name: 'practice profile: bad email on its field, fixed, kept after a restart', run: profileEmailKeptAfterRestart },
  { name: 'settings database: missing fields and an unreachable server named on their fields, nothing saved', run: databaseSettingChecked },
  { name: 'a file that is not a database is refused, named, and left untouched', run: corruptDatabaseRefused },
];
