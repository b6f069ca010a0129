// Steps that many end-to-end tests share, written as a person would do them.
import assert from 'node:assert/strict';

/** openApp loads the UI and answers the "who is working" prompt when it appears. */
export async function openApp(page, url, staff = 'Casey E2E') {
  await page.goto(url);
  const dialog = page.getByRole('dialog', { name: /Welcome to Privacy Desk|Who is working today/ });
  const shell = page.getByRole('navigation', { name: 'Sections' });
  await dialog.or(shell).first().waitFor();
  if (await dialog.isVisible()) {
    await dialog.getByRole('textbox', { name: 'Your name' }).fill(staff);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  await shell.waitFor();
  // A new practice is asked to confirm its time zone next; the suites answer "Later"
  // (which holds for this session) and keep the default profile they expect.
  const zone = page.getByRole('dialog', { name: 'Where is the practice?' });
  if (await zone.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
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
