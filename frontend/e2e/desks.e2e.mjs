// Two desks, one practice: two app processes on one PostgreSQL database. Runs only beside
// a PostgreSQL cluster (`make test-e2e-pg`, inside .ci/pg-cluster.sh, which sets
// PRIVACYDESK_TEST_PG); `make test-e2e` leaves it out.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './lib/app.mjs';
import { fieldError, go, openApp, practiceToday } from './lib/ui.mjs';

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
  assert.equal(await b.getByTestId('settings-database-in-use').innerText(), `In use now: PostgreSQL server ${u.host}${u.pathname}`);
}

/** freshDatabase creates an empty database of the test's own on the cluster and returns
 * its URL (the cluster trusts the test's role on 127.0.0.1). */
function freshDatabase(name) {
  execFileSync('psql', [server, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/** asDesk is url as desk n names it (another connection name, another instance). */
function asDesk(url, n) {
  const u = new URL(url);
  u.searchParams.set('application_name', `desk${n}`);
  return u.toString();
}

// Two app processes on one PostgreSQL database log requests at the same time and keep
// unique references and one intact audit chain: both desks create requests at once,
// through the bound method the intake form calls, then every reference is unique, the
// year's numbers have no gap, and `audit verify` on that database passes.
const perDesk = 10;
async function concurrentIntake(t) {
  const db = freshDatabase('desks_intake');
  const home = (n) => path.join(t.dataDir, `intake${n}`);
  for (const n of [1, 2]) mkdirSync(home(n), { recursive: true });
  const env = { ...cliEnv(db), HOME: home(1), XDG_CONFIG_HOME: path.join(home(1), '.config') };
  const one = await t.start({ dbPath: asDesk(db, 1), home: home(1) });
  const two = await t.start({ dbPath: asDesk(db, 2), home: home(2) });
  const a = await t.page();
  const b = await a.context().newPage();
  b.setDefaultTimeout(10_000);
  // Desk 1 makes the new database's first administrator (the test account); desk 2 signs in.
  await openApp(a, one.url);
  await openApp(b, two.url);
  const today = await practiceToday(a);

  // The dev build answers one page's calls in order, so each desk gets a second page:
  // calls overlap within each process as well as between the two.
  const a2 = await a.context().newPage();
  const b2 = await a.context().newPage();
  await openApp(a2, one.url);
  await openApp(b2, two.url);
  const intake = (page, desk, first) =>
    page.evaluate(
      ([desk, first, n, today]) =>
        Promise.all(
          Array.from({ length: n }, (_, k) => k + first).map((i) =>
            window.go.main.RequestService.Create({
              requester: { name: `Desk ${desk} Requester ${i + 1}`, email: `desk${desk}.r${i + 1}@example.com` },
              channel: 'email',
              receivedDate: today,
              receivedTime: '',
              regime: 'ccpa',
              rights: ['access'],
            }).then((d) => d.request.reference),
          ),
        ),
      [desk, first, perDesk / 2, today],
    );
  // Both desks at the same time, each with its requests in flight together.
  const [a1, a2s, b1, b2s] = await Promise.all([intake(a, 1, 0), intake(a2, 1, perDesk / 2), intake(b, 2, 0), intake(b2, 2, perDesk / 2)]);
  const fromA = [...a1, ...a2s];
  const fromB = [...b1, ...b2s];
  const made = [...fromA, ...fromB];
  assert.equal(made.length, 2 * perDesk);
  assert.equal(new Set(made).size, made.length, `a reference was given twice: ${made.sort().join(' ')}`);

  // The year's numbers, as the command line lists the whole database: 1..N without a gap.
  const listed = JSON.parse(execFileSync(bin, ['request', 'list', '--format', 'json'], { env, encoding: 'utf8' }));
  const year = made[0].slice(3, 7);
  const numbers = listed
    .map((r) => r.reference)
    .filter((ref) => ref.startsWith(`PR-${year}-`))
    .map((ref) => Number(ref.slice(8)))
    .sort((x, y) => x - y);
  assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1), `the numbers of ${year} have a gap: ${numbers.join(' ')}`);
  for (const ref of made) assert.ok(listed.some((r) => r.reference === ref), `${ref} is not in the database`);

  // One audit chain, intact, holding every intake.
  const verified = execFileSync(bin, ['audit', 'verify'], { env, encoding: 'utf8' });
  assert.match(verified, /Audit trail intact: (\d+) events/);
  const events = Number(/Audit trail intact: (\d+) events/.exec(verified)[1]);
  assert.ok(events >= made.length, `${events} events for ${made.length} requests`);
  console.log(
    `     two desks: ${fromA.length} + ${fromB.length} requests at once, ${new Set(made).size} unique references, ` +
      `${year} numbered 1..${numbers.length} without a gap; ${verified.trim().replace(/\s*\n\s*/g, " ")}`,
  );
}

// Settings > Database on the cluster, with the role that must give a password: a wrong
// password is refused on its field, the right one finds the empty database, which is
// saved for this computer; signing out switches to it, and since this computer has no
// credential store the sign-in screen asks for the password (again after a restart).
async function databaseChosenInSettings(t) {
  const pwURL = process.env.PRIVACYDESK_TEST_PG_PASSWORD_URL;
  const password = process.env.PRIVACYDESK_TEST_PG_PASSWORD;
  const ca = process.env.PRIVACYDESK_TEST_PG_CA;
  const home = path.join(t.dataDir, 'desk-settings');
  mkdirSync(home, { recursive: true });
  // Neither --db nor PRIVACYDESK_DB: the window follows this computer's choice (none yet:
  // its own file).
  let app = await t.start({ dbPath: '', home });
  const page = await t.page();
  await openApp(page, app.url);
  await go(page, 'Settings');
  const card = page.getByTestId('database-card');
  await card.scrollIntoViewIfNeeded();
  assert.match(await card.getByTestId('settings-database-in-use').innerText(), /this computer's file .*desk-settings.*privacydesk\.db/);

  const u = new URL(pwURL);
  await card.getByText('A PostgreSQL server', { exact: true }).click();
  await card.getByRole('textbox', { name: 'Server' }).fill(u.hostname);
  await card.getByRole('textbox', { name: 'Port' }).fill(u.port);
  await card.getByRole('textbox', { name: 'Database' }).fill(u.pathname.slice(1));
  await card.getByRole('textbox', { name: 'User' }).fill(u.username);
  const pw = card.getByLabel('Password', { exact: true });
  await pw.fill('not-the-password');
  if (ca) {
    await card.getByRole('textbox', { name: 'Certificate authority (CA) file' }).fill(ca);
  } else {
    await card.getByRole('textbox', { name: 'Connection security' }).click();
    await page.getByRole('option', { name: /Not encrypted/ }).click();
  }
  await card.getByRole('button', { name: 'Test connection' }).click();
  await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
  assert.match(await fieldError(page, pw), /refused the password of pd_password/);

  await pw.fill(password);
  await card.getByRole('button', { name: 'Test connection' }).click();
  const result = card.getByTestId('database-test-result');
  await result.waitFor();
  assert.match(await result.innerText(), /The database is empty/);
  if (ca) assert.doesNotMatch(await result.innerText(), /not encrypted/);
  await card.scrollIntoViewIfNeeded();
  await t.screenshot('1-tested');
  await card.getByRole('button', { name: 'Save for this computer' }).click();
  const pending = card.getByTestId('database-pending');
  await pending.waitFor();
  assert.match(await pending.innerText(), new RegExp(`PostgreSQL server ${u.hostname}:${u.port}/${u.pathname.slice(1)} the next time`));
  await pending.scrollIntoViewIfNeeded();
  await t.screenshot('2-saved');
  // Kept in the user's data folder, without the password.
  const kept = readFileSync(path.join(home, '.config', 'PrivacyDesk', 'database.json'), 'utf8');
  assert.equal(JSON.parse(kept).host, u.hostname);
  assert.ok(!kept.includes(password), 'the password is in the setting file');

  // Sign out now: the sign-in screen is the server's, which wants its password.
  await pending.getByRole('button', { name: 'Sign out now' }).click();
  const connect = page.getByRole('heading', { name: 'Connect to the database' });
  await connect.waitFor();
  const dbPassword = page.getByLabel('Database password', { exact: true });
  await dbPassword.fill('still-not-it');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
  assert.match(await fieldError(page, dbPassword), /refused the password/);
  await t.screenshot('3-password-asked');
  await dbPassword.fill(password);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  // The empty database asks for its first administrator; then the window works there.
  await page.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
  await openApp(page, app.url);
  await go(page, 'Settings');
  assert.equal(await page.getByTestId('settings-database-in-use').innerText(), `In use now: PostgreSQL server ${u.host}${u.pathname}`);

  // At the next start the choice holds, and the password is asked for again (this
  // computer has no credential store to keep it in).
  await app.stop();
  app = await t.start({ dbPath: '', home });
  await page.goto(app.url);
  await connect.waitFor();
  await dbPassword.fill(password);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  await openApp(page, app.url);
  await go(page, 'Settings');
  assert.equal(await page.getByTestId('settings-database-in-use').innerText(), `In use now: PostgreSQL server ${u.host}${u.pathname}`);
  await page.getByTestId('database-card').scrollIntoViewIfNeeded();
  await t.screenshot('4-in-use');
}

export const tests = server
  ? [
      { name: 'two desks on PostgreSQL: a stale edit is refused with the other change, an attachment is shared', run: conflictAndSharedAttachment },
      { name: 'two desks on PostgreSQL log requests at once: unique references, no gap, one audit chain', run: concurrentIntake },
      ...(process.env.PRIVACYDESK_TEST_PG_PASSWORD_URL
        ? [{ name: 'two desks: the PostgreSQL server chosen in Settings, its password asked at sign-in', run: databaseChosenInSettings }]
        : []),
    ]
  : [];
