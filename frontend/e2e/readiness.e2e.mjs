// The first start's time zone question and the "Ready for an audit" page, as a new
// practice meets them.
import assert from 'node:assert/strict';
import { expectNotification, signIn } from './lib/ui.mjs';

async function firstStartConfirmsZone(t) {
  const app = await t.start();
  const page = await t.page();
  await page.goto(app.url);
  await signIn(page);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Privacy Desk' });
  await welcome.getByRole('button', { name: 'Continue' }).click();
  await welcome.waitFor({ state: 'hidden' });

  // Next: where the practice is. The suite runs in Pacific/Kiritimati (TZ), which this
  // computer's zone is taken from, never America/Chicago unasked.
  const zone = page.getByRole('dialog', { name: 'Where is the practice?' });
  const tz = zone.getByRole('textbox', { name: 'Time zone' });
  await tz.waitFor();
  assert.equal(await tz.inputValue(), process.env.TZ || 'Pacific/Kiritimati');
  await zone.getByText(`This computer is set to ${process.env.TZ || 'Pacific/Kiritimati'}.`).waitFor();
  await t.screenshot('1-zone-question');
  // A new install has no practice name yet: asked too, and needed.
  await zone.getByRole('button', { name: 'Confirm' }).click();
  await zone.getByText('Enter the practice’s name.').waitFor();
  await zone.getByRole('textbox', { name: 'Practice name' }).fill('Sessions E2E');
  await zone.getByRole('button', { name: 'Confirm' }).click();
  await expectNotification(page, `Deadlines count days in ${process.env.TZ || 'Pacific/Kiritimati'}.`);
  await zone.waitFor({ state: 'hidden' });

  // The readiness page: the zone is confirmed and the recovery key was made with the
  // database (its first administrator's setup); an empty practice has most else to do.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Ready for an audit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ready for an audit' }).waitFor();
  const items = page.getByTestId('readiness-item');
  await items.first().waitFor();
  const states = await items.evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label')}=${e.dataset.ok}`));
  assert.deepEqual(states, [
    'Practice profile complete=false',
    'Time zone confirmed=true',
    'Data map filled=false',
    'Every vendor with PHI access under a current, checked BAA=false',
    'Backups running and restorable=false',
    'Recovery key made=true',
    "Letters' contact details complete=false",
    'No request overdue=true',
    'Every extension told to the requester in time=true',
  ]);
  await page.getByTestId('readiness-summary').getByText('4 of 9 in place').waitFor();
  await t.screenshot('2-readiness');
  // A red item links to where it is fixed.
  await page.getByRole('region', { name: 'Data map filled' }).getByRole('link', { name: 'Fill in the data map' }).click();
  await page.getByRole('heading', { level: 1, name: /Data map/ }).waitFor();

  // Restarted, the window does not ask again.
  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await zone.count(), 0, 'the time zone was asked again after it was confirmed');
}

export const tests = [{ name: 'first start: the computer’s time zone confirmed, then the readiness page', run: firstStartConfirmsZone }];
