// The app shell, used from the keyboard.
import assert from 'node:assert/strict';
import { openApp } from './lib/ui.mjs';

async function keyboardShell(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await page.getByRole('button', { name: /^Signed in as Test Administrator, Administrator/ }).waitFor();

  // The first Tab reaches the skip link.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content');

  for (const [key, heading] of [['Alt+6', 'Settings'], ['Alt+2', 'Requests'], ['Alt+1', 'Welcome to Privacy Desk']]) {
    await page.keyboard.press(key);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search requests');

  await page.getByRole('button', { name: 'About Privacy Desk' }).click();
  const about = page.getByRole('dialog', { name: 'About Privacy Desk' });
  assert.equal((await about.getByTestId('about-datadir').innerText()).trim(), t.dataDir);
  await t.screenshot('about');
  await page.keyboard.press('Escape');
  await about.waitFor({ state: 'hidden' });
}

async function darkTheme(t) {
  const app = await t.start();
  const page = await t.page();
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page, app.url);
  const scheme = await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
  assert.equal(scheme, 'dark', 'the UI did not follow the system dark theme');
  await page.keyboard.press('Alt+6');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await t.screenshot('dark-settings');
}

export const tests = [
  { name: 'shell: skip link, shortcuts, search focus, About with the data folder', run: keyboardShell },
  { name: 'shell: follows a dark system theme', run: darkTheme },
];
