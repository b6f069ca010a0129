// The vendor register's red alert on the dashboard, cleared by a signed BAA; and
// a deletion passed on to every vendor holding the data before it can be completed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectNotification, fieldError, go, openApp, practiceToday, signIn } from './lib/ui.mjs';

/** pick chooses an option in the Mantine Select labelled `label` within scope (the
 * options open in a portal, outside any dialog). */
async function pick(scope, label, option, page = scope) {
  await scope.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** reloadAt loads the page afresh at hash (no cached answers); the session stays signed in. */
async function reloadAt(page, hash) {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.reload();
  await signIn(page);
}

/** expectFieldError waits for the server's answer to land on input. */
async function expectFieldError(page, input, re) {
  await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await input.elementHandle());
  assert.match(await fieldError(page, input), re);
}

async function vendorAlertOnDashboard(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);

  await go(page, 'Vendors');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  await page.getByRole('heading', { level: 1, name: 'New vendor' }).waitFor();
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await name.fill('Acme Telehealth');
  await pick(page, 'Category', 'Telehealth');
  await page.getByRole('radiogroup', { name: 'PHI access' }).getByText('Full', { exact: true }).click();

  // "Not required" needs its reason, on the field, before anything is saved.
  await pick(page, 'BAA status', 'Not required');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  const reason = page.getByRole('textbox', { name: 'Why no BAA is required' });
  assert.match(await fieldError(page, reason), /Say why no BAA is required/);
  await t.screenshot('1-reason-required');
  await pick(page, 'BAA status', 'Pending');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  await expectNotification(page, 'Acme Telehealth was saved');
  await page.waitForFunction(() => /^#\/vendors\/\d+$/.test(window.location.hash));
  const id = Number((await page.evaluate(() => window.location.hash)).split('/').pop());
  const alerts = page.getByTestId('vendor-alerts');
  await alerts.getByText(/Acme Telehealth has full PHI access without a signed, current BAA/).waitFor();
  await t.screenshot('2-vendor-red-alert');

  // A second vendor of the same name, in another case: the server's answer lands on Name.
  await go(page, 'Vendors');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('ACME telehealth');
  await page.getByRole('button', { name: 'Add vendor' }).click();
  await expectFieldError(page, page.getByRole('textbox', { name: 'Name', exact: true }), /already in the register/);

  // The register and the dashboard show the red alert.
  await go(page, 'Vendors');
  const row = page.getByTestId('vendor-row').filter({ hasText: 'Acme Telehealth' });
  await row.getByText('PHI without BAA').waitFor();
  await go(page, 'Dashboard');
  const panel = page.getByTestId('vendor-alerts');
  const item = panel.getByRole('listitem').filter({ hasText: 'Acme Telehealth' });
  await item.waitFor();
  assert.equal(await item.getByLabel('Critical').count(), 1, 'the alert is not red');
  await t.screenshot('3-dashboard-red-alert');

  // Attach the signed BAA (the native file dialog cannot be driven, so the test hands the
  // backend the path the dialog would return), then record it as signed.
  const pdf = path.join(t.outDir, 'Acme BAA signed.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await page.evaluate(([vid, p]) => window.go.main.VendorService.AttachBAAFile(vid, p), [id, pdf]);
  await reloadAt(page, `#/vendors/${id}`);
  await page.getByTestId('baa-document').getByText('Acme BAA signed.pdf').waitFor();
  await pick(page, 'BAA status', 'Signed');
  await page.getByLabel('Signed on').fill(await practiceToday(page));
  // The signed BAA checked clause by clause: an unanswered clause would leave a warning.
  const clauses = page.getByRole('radiogroup', { name: /^Clause 45 CFR 164\.504\(e\)\(2\)/ });
  const n = await clauses.count();
  assert.ok(n >= 10, `only ${n} checklist clauses`);
  for (let i = 0; i < n; i++) await clauses.nth(i).getByText('Yes', { exact: true }).click();
  await page.getByRole('button', { name: 'Save vendor' }).click();
  await expectNotification(page, 'Acme Telehealth was saved');
  await page.getByTestId('vendor-alerts').waitFor({ state: 'detached' });
  // The history says what the save changed, field by field.
  const history = page.getByTestId('vendor-history');
  await history.getByText('BAA status: Pending → Signed').waitFor();
  await history.getByText('12 checklist clauses: not checked → yes').waitFor();
  await history.scrollIntoViewIfNeeded();
  await t.screenshot('4-signed');

  await go(page, 'Dashboard');
  await page.getByText('No vendor needs attention').waitFor();
  assert.equal(await page.getByTestId('vendor-alerts').count(), 0);
  await t.screenshot('5-dashboard-clear');
}

/** backend calls a bound Go method from the page, as the UI does. */
function backend(page, struct, method, ...args) {
  return page.evaluate(([s, m, a]) => window.go.main[s][m](...a), [struct, method, args]);
}

/** completeBlockedBy returns why "Complete" is blocked on the request ('' when allowed). */
async function completeBlockedBy(page, ref) {
  const d = await backend(page, 'RequestService', 'Get', ref);
  const complete = d.actions.find((a) => a.action === 'complete');
  assert.ok(complete, `complete is not offered while the request is ${d.request.status}`);
  return complete.allowed ? '' : complete.reason;
}

async function deletionReachesVendors(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);

  // A register of three vendors: two hold client data, one holds none.
  const mk = (v) =>
    backend(page, 'VendorService', 'Create', {
      id: 0, services: '', category: 'other', contactName: '', contactEmail: '', contactPhone: '', website: '', phiAccess: 'none',
      dataCategories: [], hosting: '', subcontractors: '', baaStatus: 'pending', baaReason: '', baaReasonNote: '', baaSignedOn: null,
      baaEffectiveOn: null, baaExpiresOn: null, nextReviewOn: null, baaDocument: null, baaDocumentNotPdf: false, checklist: [],
      terminatedOn: null, phiDisposition: '', phiConfirmedOn: null, notes: '', createdAt: '0001-01-01T00:00:00Z',
      updatedAt: '0001-01-01T00:00:00Z', ...v,
    });
  await mk({ name: 'Healthcare Blocks', category: 'hosting', phiAccess: 'full', dataCategories: ['identifiers', 'health'] });
  await mk({ name: 'Stripe', category: 'payments', phiAccess: 'limited', dataCategories: ['identifiers'], baaStatus: 'not-required', baaReason: 'payment-processing' });
  await mk({ name: 'Datadog', category: 'monitoring' });

  // The data map says identifiers and health information are collected and disclosed.
  await go(page, 'Vendors');
  await page.getByRole('button', { name: 'Data map' }).click();
  await page.getByRole('heading', { level: 1, name: 'Data map' }).waitFor();
  for (const [label, purpose] of [['Identifiers', 'Scheduling and billing'], ['Health information (PHI)', 'Treatment']]) {
    const card = page.getByRole('region', { name: label, exact: true });
    await card.getByRole('switch', { name: 'Collected' }).check({ force: true });
    await card.getByRole('switch', { name: 'Disclosed' }).check({ force: true });
    await card.getByRole('textbox', { name: 'Purposes' }).fill(purpose);
  }
  await page.getByRole('button', { name: 'Save data map' }).click();
  await expectNotification(page, 'The data map was saved');
  await t.screenshot('1-data-map');

  // A deletion request goes in progress: the tasks are proposed.
  const created = await backend(page, 'RequestService', 'Create', {
    requester: { name: 'Zoë O’Brien-Núñez', email: 'zoe@example.com', phone: '', address: '', dateOfBirth: '', clientNumber: '' },
    submittedBy: 'self', agent: { name: '', email: '', phone: '', relationship: '' }, proofOfAuthority: false, requesterConfirmed: false,
    channel: 'email', receivedDate: await practiceToday(page), receivedTime: '', regime: 'ccpa', rights: ['deletion'], description: '', minor: false,
    guardianConsent: 'not-applicable', assignee: '', tags: [], notes: '',
  });
  const ref = created.request.reference;
  // A granted CCPA deletion needs the requester's identity verified first (11 CCR 7060).
  await backend(page, 'RequestService', 'RecordVerification', ref, {
    method: 'data-on-file', verifiedBy: 'Dana Reyes', verifiedOn: '', degree: 'reasonable', notes: '', permissionAttachmentId: 0, requesterConfirmed: false,
  });
  await backend(page, 'RequestService', 'Transition', ref, { action: 'start', note: 'Working on it' });
  await backend(page, 'RequestService', 'SetOutcome', ref, { right: 'deletion', outcome: 'granted', denialReason: '', exemption: '', denialText: '' });
  await backend(page, 'RequestService', 'RecordDeletionConfirmation', ref, { confirmedOn: '', channel: 'email', note: 'Confirmed by reply' });

  // The request screen embeds the vendor tasks and says why it cannot be completed.
  await reloadAt(page, `#/requests/${ref}`);
  const actions = page.getByTestId('actions');
  await actions.getByRole('listitem').filter({ hasText: /Complete.*: 2 vendor tasks are still open/ }).waitFor();
  assert.equal(await actions.getByRole('button', { name: 'Complete', exact: true }).count(), 0, 'Complete is offered with open vendor tasks');
  const panel = page.getByTestId('vendor-tasks');
  await panel.waitFor();
  const tasks = panel.getByTestId('vendor-task');
  await tasks.first().waitFor();
  assert.deepEqual(await tasks.evaluateAll((rows) => rows.map((r) => r.dataset.vendor)), ['Healthcare Blocks', 'Stripe']);
  assert.equal((await panel.getByTestId('open-vendor-tasks').textContent()).trim(), '2 open');
  await t.screenshot('2-tasks-proposed');

  // It cannot be completed while the tasks are open.
  assert.match(await completeBlockedBy(page, ref), /2 vendor tasks are still open/);
  const refused = await page.evaluate(async (r) => {
    try {
      await window.go.main.RequestService.Transition(r, { action: 'complete', note: '' });
      return null;
    } catch (e) {
      return JSON.parse(String(e instanceof Error ? e.message : e));
    }
  }, ref);
  assert.equal(refused?.code, 'conflict', 'a request with open vendor tasks was completed');

  // Healthcare Blocks: told by email; confirming without proof is refused on its field.
  await panel.getByRole('button', { name: 'Record for Healthcare Blocks' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Told on').fill(await practiceToday(page));
  await pick(dialog, 'How', 'Email', page);
  await dialog.getByLabel('Confirmed on').fill(await practiceToday(page));
  await dialog.getByRole('button', { name: 'Save' }).click();
  const how = dialog.getByRole('textbox', { name: 'How it was confirmed' });
  await expectFieldError(page, how, /Attach the vendor's confirmation, or note how it was given/);
  await how.fill('Deletion confirmed by their support, ticket 4411');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await tasks.filter({ hasText: 'Healthcare Blocks' }).getByText('Confirmed', { exact: true }).waitFor();
  assert.match(await completeBlockedBy(page, ref), /1 vendor task is still open/);

  // Stripe: waived with a reason.
  await panel.getByRole('button', { name: 'Record for Stripe' }).click();
  await dialog.getByRole('textbox', { name: 'Reason for waiving' }).fill('Payment records are kept for tax law');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await tasks.filter({ hasText: 'Stripe' }).getByText('Waived: Payment records are kept for tax law').waitFor();
  await panel.getByTestId('open-vendor-tasks').waitFor({ state: 'detached' });
  await t.screenshot('3-tasks-closed');

  assert.equal(await completeBlockedBy(page, ref), '');
  await actions.getByRole('button', { name: 'Complete', exact: true }).waitFor();
  const done = await backend(page, 'RequestService', 'Transition', ref, { action: 'complete', note: 'Deleted everywhere', noLetterReason: 'Confirmed by phone.' });
  assert.equal(done.request.status, 'completed');
  const timeline = done.events.filter((e) => e.kind === 'vendor-task').map((e) => e.summary);
  assert.ok(timeline.some((s) => s.includes('Vendor task Stripe: waived')), timeline.join('\n'));
}

async function exampleRegister(t) {
  const app = await t.start();
  const page = await t.page();
  await openApp(page, app.url);
  await page.getByRole('button', { name: 'Load example practice' }).click();
  await expectNotification(page, 'Example practice loaded');
  await go(page, 'Vendors');
  const rows = page.getByTestId('vendor-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 13);
  await rows.filter({ hasText: 'Fax service (example: PHI without BAA)' }).getByText('PHI without BAA', { exact: true }).waitFor();
  await rows.filter({ hasText: 'Scheduling app (example: review overdue)' }).getByText('Review overdue', { exact: true }).waitFor();
  await rows.filter({ hasText: 'Transcription service (example: BAA expiring)' }).getByText(/BAA expires in \d+ days/).waitFor();
  await rows.filter({ hasText: 'OpenAI' }).getByText('Signed').waitFor();
  await rows.filter({ hasText: 'Stripe' }).getByText('Not required').waitFor();
  await t.screenshot('1-register');
  await rows.filter({ hasText: 'Healthcare Blocks' }).getByRole('link', { name: 'Healthcare Blocks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Healthcare Blocks' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Where it is hosted' }).inputValue(), 'Hosted on AWS (Amazon Web Services), US regions');
  await t.screenshot('2-vendor');
  // (The example's deadline announcements cover the top right: go by the button's link.)
  await page.evaluate(() => (window.location.hash = '#/vendors/data-map'));
  await page.getByRole('heading', { level: 1, name: 'Data map' }).waitFor();
  const ids = page.getByRole('region', { name: 'Identifiers', exact: true });
  assert.equal(await ids.getByRole('switch', { name: 'Collected' }).isChecked(), true);
  assert.equal(await page.getByRole('region', { name: 'Biometric information' }).getByRole('switch', { name: 'Collected' }).isChecked(), false);
  await t.screenshot('3-data-map');
}

export const tests = [
  { name: 'example practice: the ten vendors of the policy, three labelled examples with the alerts, and the data map', run: exampleRegister },
  { name: 'vendor with PHI access and no BAA: red on the dashboard, cleared by a signed BAA', run: vendorAlertOnDashboard },
  { name: 'a deletion reaches every vendor holding the data before it can be completed', run: deletionReachesVendors },
];
