// Two desks, one practice: two app processes on one PostgreSQL database. Runs only beside
// a PostgreSQL cluster (`make test-e2e-pg`, inside .ci/pg-cluster.sh, which sets
// PRIVACYDESK_TEST_PG); `make test-e2e` leaves it out.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { go, openApp } from './lib/ui.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', process.env.E2E_BIN || 'build/bin/privacydesk-dev');
const server = process.env.PRIVACYDESK_TEST_PG;

/** deskURL is the server's URL as desk n names it: the same database, another connection
 * name (so the two windows are two instances, not one brought to the front). */
function deskURL(n) {
  const u = new URL(server);
  u.searchParams.set('application_name', `desk${n}`);
  return u.toString();
}

async function openRequest(page, url, ref) {
  await page.goto(`${url}#/requests/${ref}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(ref) }).waitFor();
}

async function conflictAndSharedAttachment(t) {
  const home = (n) => path.join(t.dataDir, `desk${n}`);
  for (const n of [1, 2]) mkdirSync(home(n), { recursive: true });
  const env = { ...cliEnv(deskURL(1)), HOME: home(1), XDG_CONFIG_HOME: path.join(home(1), '.config') };
  execFileSync(bin, ['demo'], { env, stdio: 'ignore' });
  const ref = execFileSync(bin, ['request', 'add', '--name', 'Zoë Desks', '--email', 'zoe.desks@example.com', '--regime', 'ccpa', '--right', 'access', '--received', '2025-06-02'],
    { env, encoding: 'utf8' }).trim();
  assert.match(ref, /^PR-\d{4}-\d{4}$/);

  const one = await t.start({ dbPath: deskURL(1), home: home(1) });
  const two = await t.start({ dbPath: deskURL(2), home: home(2) });
  const a = await t.page();
  const b = await a.context().newPage();
  b.setDefaultTimeout(10_000);
  await openApp(a, one.url);
  await openApp(b, two.url);

  // Both desks open the request's edit form at the same version.
  for (const [page, url] of [[a, one.url], [b, two.url]]) {
    await openRequest(page, url, ref);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('form', { name: `Edit ${ref}` }).waitFor();
  }
  // Desk 1 saves first.
  const editA = a.getByRole('form', { name: `Edit ${ref}` });
  await editA.getByRole('textbox', { name: 'Assigned to' }).fill('Desk One');
  await editA.getByRole('button', { name: 'Save changes' }).click();
  await a.getByText('assigned to Desk One').waitFor();

  // Desk 2's save from the old version is refused with desk 1's change named.
  const editB = b.getByRole('form', { name: `Edit ${ref}` });
  await editB.getByRole('textbox', { name: 'Assigned to' }).fill('Desk Two');
  await editB.getByRole('button', { name: 'Save changes' }).click();
  const conflict = b.getByTestId('edit-conflict');
  await conflict.waitFor();
  const said = await conflict.innerText();
  assert.match(said, /changed by someone else/);
  assert.match(said, /Test Administrator changed assignee/);
  // (t.screenshot shows desk 1's page; this is desk 2's.)
  await b.screenshot({ path: path.resolve(here, '..', '..', process.env.E2E_ARTIFACTS || 'artifacts/e2e', 'two-desks-conflict.png') });
  await conflict.getByRole('button', { name: /Reload the request/ }).click();
  await b.waitForFunction(() => document.querySelector('input[value="Desk One"]') !== null);
  assert.equal(await editB.getByRole('textbox', { name: 'Assigned to' }).inputValue(), 'Desk One');

  // A file attached at desk 1 appears at desk 2, on its open request screen, by itself.
  await openRequest(b, two.url, ref);
  const file = path.join(t.dataDir, 'signed-form.txt');
  writeFileSync(file, 'Signed authorization, received at desk one.\n');
  await a.evaluate(([r, p]) => window.go.main.RequestService.AttachFile(r, p, ''), [ref, file]);
  await b.getByText('signed-form.txt').first().waitFor({ timeout: 15_000 });
  const shared = await b.evaluate((r) => window.go.main.RequestService.Get(r), ref);
  assert.deepEqual(shared.attachments.map((x) => x.originalName), ['signed-form.txt']);

  // Settings says which database the window uses: the server, not a file.
  await go(b, 'Settings');
  const u = new URL(server);
  assert.equal(await b.getByTestId('settings-database').innerText(), `Database: PostgreSQL server ${u.host}${u.pathname}`);
}

export const tests = server ? [{ name: 'two desks on PostgreSQL: a stale edit is refused with the other change, an attachment is shared', run: conflictAndSharedAttachment }] : [];
