// Steps that many end-to-end tests share, written as a person would do them.
import assert from 'node:assert/strict';
import { testAccount } from './app.mjs';

/**
 * signIn gets past the screens before the app, as testAccount (the account the headless
 * commands sign in as, lib/app.mjs): a new database's "Create the first administrator",
 * or "Sign in" when a command made the database first (either order works). Nothing to
 * do when the window is signed in already (a reload keeps the backend's session).
 */
export async function signIn(page, account = testAccount) {
  const first = page.getByRole('heading', { name: 'Create the first administrator' });
  const signin = page.getByRole('heading', { name: 'Sign in', exact: true });
  const shell = page.getByRole('navigation', { name: 'Sections' });
  await first.or(signin).or(shell).first().waitFor();
  if (await first.isVisible()) {
    await page.getByRole('textbox', { name: 'Your name' }).fill(account.user);
    await page.getByLabel('Passphrase', { exact: true }).fill(account.passphrase);
    await page.getByLabel('Repeat the passphrase', { exact: true }).fill(account.passphrase);
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
    // An encrypted database's recovery key is shown once, to be printed.
    const key = page.getByRole('heading', { name: 'Print the recovery key' });
    await key.or(shell).first().waitFor();
    if (await key.isVisible()) {
      if (!/^AGE-SECRET-KEY-1/.test(await page.getByTestId('recovery-key').innerText())) throw new Error('no recovery key shown');
      await page.getByRole('button', { name: 'I have kept it safe' }).click();
    }
  } else if (await signin.isVisible()) {
    await page.getByRole('textbox', { name: 'Name' }).fill(account.user);
    await page.getByLabel('Passphrase', { exact: true }).fill(account.passphrase);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  await shell.waitFor();
}

/** openApp loads the UI, signs in and closes the one-time disclaimer when it appears. */
export async function openApp(page, url) {
  await page.goto(url);
  await signIn(page);
  const shell = page.getByRole('navigation', { name: 'Sections' });
  await shell.waitFor();
  // Which first-start dialogs come follows from what the practice's database remembers
  // (the Shell opens them from the same state), so the suite waits for exactly those, as
  // long as they take: a short "does it appear?" wait loses the race on a busy machine.
  const { state, openError } = await page.evaluate(() => window.go.main.AppService.Info());
  const zoneLater = await page.evaluate(() => sessionStorage.getItem('privacydesk.zoneLater'));
  if (state?.disclaimerSeen !== '1') {
    const dialog = page.getByRole('dialog', { name: 'Welcome to Privacy Desk' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  // A new practice is asked to confirm its time zone next; the suites answer "Later"
  // (which holds for this session) and keep the default profile they expect.
  if (state?.timeZoneConfirmed !== '1' && zoneLater !== '1' && !openError) {
    const zone = page.getByRole('dialog', { name: 'Where is the practice?' });
    await zone.getByRole('button', { name: 'Later' }).click();
    await zone.waitFor({ state: 'hidden' });
  }
}

/** practiceToday is the practice's date (YYYY-MM-DD) as the backend counts it, in the
 * practice's time zone. Never take "today" from this process's clock: the suite runs in a
 * zone far from the practice's (TZ), where it is often another day. */
export async function practiceToday(page) {
  return page.evaluate(() => window.go.main.AppService.Info().then((i) => i.today));
}

/** go opens a sidebar section. */
export async function go(page, section) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
  await page.getByRole('heading', { level: 1, name: section }).waitFor();
}

/** fieldError returns the error text shown for the input labelled `label` ('' if none). */
export async function fieldError(page, input) {
  if ((await input.getAttribute('aria-invalid')) !== 'true') return '';
  const ids = ((await input.getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
  for (const id of ids) {
    const el = page.locator(`[id="${id}"]`);
    if (id.includes('error') && (await el.count())) return (await el.innerText()).trim();
  }
  assert.fail('the field is marked invalid but shows no error text');
}

export async function expectNotification(page, text) {
  await page.locator('.mantine-Notification-root').filter({ hasText: text }).first().waitFor();
}

/** choose picks `option` in the Mantine select labelled `label` (within `scope`). */
export async function choose(page, label, option, scope = page) {
  await scope.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** dismissNotifications closes the notifications on screen (they close themselves, but slowly). */
export async function dismissNotifications(page) {
  await page.waitForTimeout(300);
  const close = page.locator('.mantine-Notification-root button.mantine-Notification-closeButton, .mantine-Notification-root button[aria-label]');
  for (let i = 0; i < 20 && (await close.count()) > 0; i++) {
    await close.first().click({ timeout: 2000 }).catch(() => {});
    await page.waitForTimeout(150);
  }
}
