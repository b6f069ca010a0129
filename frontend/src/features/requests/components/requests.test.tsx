import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, testInfo, testPractice, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { EditRequestPage, IntakeFormView } from './IntakePage';
import { RequestDetailPage } from './RequestDetailPage';
import type { RequestDetail } from '../api/schemas';

const options = {
  regimes: [
    { value: 'ccpa', label: 'California (CCPA/CPRA)', note: '', rights: [{ value: 'access', label: 'Access / right to know' }, { value: 'deletion', label: 'Deletion' }] },
    { value: 'va', label: 'Virginia (VCDPA)', note: 'Check whether this law applies.', rights: [{ value: 'access', label: 'Access / right to know' }] },
    { value: 'gdpr', label: 'GDPR (EU)', note: '', rights: [{ value: 'access', label: 'Access / right to know' }] },
  ],
  countries: [{ value: 'DE', label: 'Germany' }, { value: 'IE', label: 'Ireland' }],
  rights: [], statuses: [], channels: [], submittedBy: [], consentStatuses: [], outcomes: [], denialReasons: [],
  verificationMethods: [], verificationDegrees: [], pauseKinds: [], actions: [], dueWindows: [], sortColumns: [],
  limits: { name: 200, notes: 100000, description: 20000, address: 1000, tag: 50, tags: 20, pageSize: 1000 },
};

function detail(over: Partial<RequestDetail['request']> = {}): RequestDetail {
  return {
    request: {
      id: 1, reference: 'PR-2026-0042',
      requester: { name: '王小明', email: 'wang@example.org', phone: '', address: '', dateOfBirth: '', clientNumber: '', country: '', nameOnLetters: '' },
      submittedBy: 'self', agent: { name: '', email: '', phone: '', relationship: '', address: '' }, proofOfAuthority: false, requesterConfirmed: false,
      channel: 'email', receivedAt: '2026-03-02T15:00:00Z', receivedDate: '2026-03-02', regime: 'ccpa',
      rights: [{
        right: 'deletion', outcome: 'pending', denialReason: '', exemption: '', denialText: '', outcomeAt: null, outcomeBy: '',
        acknowledgeBy: '2026-03-16', respondBy: '2026-04-16', promisedBy: null, extendedRespondBy: '2026-05-31', extendedTo: null, extendedOn: null,
        ruleVersion: 1, citation: 'Cal. Civ. Code 1798.130(a)(2)', basis: '45 calendar days from 2 March 2026', canPause: false, stateClock: null, stateDue: null, stateCitation: '',
      }],
      description: '<script>alert(1)</script>', requesterWords: '', minor: false, guardianConsent: 'not-applicable', assignee: '', tags: null as unknown as string[],
      notes: "Robert'); DROP TABLE requests;--", appealOf: '', status: 'received', verification: null, deletionConfirmation: null, extension: null,
      pauses: [], nextDue: '2026-04-16', openVendorTasks: 0, closedAt: null, createdAt: '2026-03-02T15:00:00Z', updatedAt: '2026-03-02T15:00:00Z',
      ...over,
    },
    events: [{ id: 1, at: '2026-03-02T15:01:00Z', osUser: 'dana', staff: 'Dana', kind: 'created', action: '', fromStatus: '', toStatus: 'received', summary: 'Request logged', note: '' }],
    attachments: [],
    verifications: [],
    actions: [
      { action: 'acknowledge', label: 'Acknowledge receipt', target: 'acknowledged', needs: ['note'], allowed: true, reason: '' },
      { action: 'complete', label: 'Complete', target: 'completed', needs: ['note'], allowed: false, reason: 'Record the outcome of every right first (deletion is pending).' },
    ],
    allowed: ['acknowledge'],
    today: '2026-03-05',
    retention: { months: 24, citation: '11 CCR 7101' },
    appeals: [],
    extensionNotices: [],
  };
}

describe('intake form', () => {
  afterEach(uninstallBackend);

  it("offers only the chosen law's rights and puts the server's field error on its input", async () => {
    const main = installBackend({
      RequestService: {
        Options: async () => options,
        Duplicates: async () => [],
        Create: () => Promise.reject(goError('invalid', '2026-03-01 is before the practice existed.', 'receivedDate')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<IntakeFormView timeZone="America/Chicago" today="2026-03-05" staff="Dana" />);
    await user.type(screen.getByRole('textbox', { name: /Full name/ }), 'Zoë Ñúñez');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'zoe@example.org');

    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'Virginia (VCDPA)', hidden: true }));
    expect(await screen.findByTestId('regime-note')).toHaveTextContent('Check whether this law applies.');
    const rights = screen.getByRole('group', { name: /Rights asked for/ });
    expect(within(rights).getAllByRole('checkbox').map((c) => c.getAttribute('value'))).toEqual(['access']);
    await user.click(within(rights).getByRole('checkbox', { name: 'Access / right to know' }));

    await user.click(screen.getByRole('button', { name: 'Log request' }));
    await waitFor(() => expect(main.RequestService.Create).toHaveBeenCalled());
    const sent = (main.RequestService.Create as any).mock.calls[0][0];
    expect(sent).toMatchObject({ regime: 'va', rights: ['access'], requester: { name: 'Zoë Ñúñez', email: 'zoe@example.org' }, assignee: 'Dana' });
    await waitFor(() => expect(screen.getByLabelText(/Received on/)).toHaveAccessibleDescription(/before the practice existed/));
  });

  it("asks a GDPR request for the requester's country and sends it; other laws take none", async () => {
    const main = installBackend({
      RequestService: {
        Options: async () => options,
        Duplicates: async () => [],
        Create: () => Promise.reject(goError('invalid', 'stop here', 'notes')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<IntakeFormView timeZone="America/Chicago" today="2026-03-05" staff="Dana" />);
    await user.type(screen.getByRole('textbox', { name: /Full name/ }), 'Aoife');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'a@b.ie');
    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'Virginia (VCDPA)', hidden: true }));
    expect(screen.queryByRole('textbox', { name: /Requester's country/ })).toBeNull();

    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'GDPR (EU)', hidden: true }));
    const country = await screen.findByRole('textbox', { name: /Requester's country/ });
    expect(country).toHaveAttribute('placeholder', 'None chosen: weekends only');
    await user.click(country);
    await user.click(await screen.findByRole('option', { name: 'Ireland', hidden: true }));
    await user.click(within(screen.getByRole('group', { name: /Rights asked for/ })).getByRole('checkbox', { name: 'Access / right to know' }));
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    await waitFor(() => expect(main.RequestService.Create).toHaveBeenCalled());
    expect((main.RequestService.Create as any).mock.calls[0][0]).toMatchObject({ regime: 'gdpr', requester: { country: 'IE' } });
  });

  it('sends the name on letters, an optional spelling with a hint, and puts its error on it', async () => {
    const main = installBackend({
      RequestService: {
        Options: async () => options,
        Duplicates: async () => [],
        Create: () => Promise.reject(goError('invalid', 'The letter cannot print the name on letters (on the request).', 'requester.nameOnLetters')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<IntakeFormView timeZone="America/Chicago" today="2026-03-05" staff="Dana" />);
    await user.type(screen.getByRole('textbox', { name: /Full name/ }), 'محمد عبد الله');
    const onLetters = screen.getByRole('textbox', { name: /Name on letters/ });
    expect(onLetters).toHaveAccessibleDescription(/spelling letters print/);
    await user.type(onLetters, 'Mohammed Abdullah');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'm@example.org');
    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'Virginia (VCDPA)', hidden: true }));
    await user.click(within(screen.getByRole('group', { name: /Rights asked for/ })).getByRole('checkbox', { name: 'Access / right to know' }));
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    await waitFor(() => expect(main.RequestService.Create).toHaveBeenCalled());
    expect((main.RequestService.Create as any).mock.calls[0][0]).toMatchObject({ requester: { name: 'محمد عبد الله', nameOnLetters: 'Mohammed Abdullah' } });
    await waitFor(() => expect(onLetters).toHaveAccessibleDescription(/cannot print the name on letters/));
  });

  it("offers the practice's usual EU country at intake without filling it in", async () => {
    installBackend({
      RequestService: { Options: async () => options, Duplicates: async () => [] },
      SettingsService: { Get: async () => ({ ...testPractice, holidayCountry: 'IE' }), Applicability: async () => [] },
    });
    const user = userEvent.setup();
    renderWithProviders(<IntakeFormView timeZone="America/Chicago" today="2026-03-05" staff="Dana" />);
    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'GDPR (EU)', hidden: true }));
    const country = await screen.findByRole('textbox', { name: /Requester's country/ });
    expect(country).toHaveValue('');
    await user.click(await screen.findByRole('button', { name: /Use Ireland, where most of the practice's EU requesters live/ }));
    await waitFor(() => expect(country).toHaveValue('Ireland'));
    expect(screen.queryByTestId('requester-country-usual')).toBeNull();
  });

  it("shows the chosen law's verdict for the practice and steers a patient's health-record request to HIPAA", async () => {
    const verdicts = [
      { regime: 'ccpa', label: 'California (CCPA/CPRA)', verdict: 'applies-except-phi',
        reasons: ['protected health information is exempt; other personal information is covered'], citations: ['Cal. Civ. Code 1798.146'] },
      { regime: 'va', label: 'Virginia (VCDPA)', verdict: 'applies', reasons: ['processes the personal data of 150000 consumers'], citations: ['Va. Code 59.1-576(A)'] },
    ];
    const setup = (hipaaRole: string) =>
      installBackend({
        RequestService: { Options: async () => options, Duplicates: async () => [] },
        SettingsService: { Get: async () => ({ ...testPractice, hipaaRole }), Applicability: async () => verdicts },
      });
    setup('covered-entity');
    const user = userEvent.setup();
    const view = renderWithProviders(<IntakeFormView timeZone="America/Chicago" today="2026-03-05" staff="Dana" />);
    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'California (CCPA/CPRA)', hidden: true }));
    const verdict = await screen.findByTestId('regime-verdict');
    expect(verdict).toHaveTextContent(/By your practice profile: non-health data only/);
    expect(verdict).toHaveTextContent('Cal. Civ. Code 1798.146');
    expect(screen.getByTestId('regime-phi-hint')).toHaveTextContent(/HIPAA covered entity.*Choose HIPAA/);

    // A law that applies in full: its verdict, no hint.
    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'Virginia (VCDPA)', hidden: true }));
    await waitFor(() => expect(screen.getByTestId('regime-verdict')).toHaveTextContent(/applies/));
    expect(screen.queryByTestId('regime-phi-hint')).toBeNull();
    view.unmount();
    uninstallBackend();

    // Not a covered entity: the verdict, but no HIPAA hint.
    setup('neither');
    renderWithProviders(<IntakeFormView timeZone="America/Chicago" today="2026-03-05" staff="Dana" />);
    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'California (CCPA/CPRA)', hidden: true }));
    expect(await screen.findByTestId('regime-verdict')).toHaveTextContent(/non-health data only/);
    expect(screen.queryByTestId('regime-phi-hint')).toBeNull();
  });

  it('asks an appeal for the denied request it appeals and puts the server\'s refusal on that field', async () => {
    const withAppeal = {
      ...options,
      regimes: [{ value: 'va', label: 'Virginia (VCDPA)', note: '', rights: [{ value: 'access', label: 'Access / right to know' }, { value: 'appeal', label: 'Appeal of a denied request' }] }],
    };
    const main = installBackend({
      RequestService: {
        Options: async () => withAppeal,
        Duplicates: async () => [],
        Create: () => Promise.reject(goError('invalid', 'PR-2026-0007 was not denied, in whole or in part (it is in progress): only a refusal can be appealed.', 'appealOf')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<IntakeFormView timeZone="America/Chicago" today="2026-03-05" staff="Dana" />);
    await user.type(screen.getByRole('textbox', { name: /Full name/ }), 'Vera Lund');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'vera@example.org');
    await user.click(screen.getByRole('textbox', { name: /^Law/ }));
    await user.click(await screen.findByRole('option', { name: 'Virginia (VCDPA)', hidden: true }));
    expect(screen.queryByRole('textbox', { name: 'Appeal of' })).toBeNull();
    const rights = screen.getByRole('group', { name: /Rights asked for/ });
    await user.click(within(rights).getByRole('checkbox', { name: 'Appeal of a denied request' }));
    await user.type(screen.getByRole('textbox', { name: 'Appeal of' }), 'PR-2026-0007');
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    await waitFor(() => expect(main.RequestService.Create).toHaveBeenCalled());
    expect((main.RequestService.Create as any).mock.calls[0][0]).toMatchObject({ regime: 'va', rights: ['appeal'], appealOf: 'PR-2026-0007' });
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Appeal of' })).toHaveAccessibleDescription(/only a refusal can be appealed/));
  });

  it('refuses a bad email on its field without calling the backend', async () => {
    const main = installBackend({ RequestService: { Options: async () => options, Duplicates: async () => [], Create: async () => detail() } });
    const user = userEvent.setup();
    renderWithProviders(<IntakeFormView timeZone="UTC" today="2026-03-05" staff="" />);
    await user.type(screen.getByRole('textbox', { name: /Full name/ }), 'Łukasz');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'lukasz@');
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    expect(screen.getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription(/"lukasz@" is not a valid email address/);
    expect(main.RequestService.Create).not.toHaveBeenCalled();
  });

  it('takes the time received as 24-hour HH:MM text', async () => {
    const main = installBackend({ RequestService: { Options: async () => options, Duplicates: async () => [], Create: async () => detail() } });
    const user = userEvent.setup();
    renderWithProviders(<IntakeFormView timeZone="UTC" today="2026-03-05" staff="" />);
    const at = screen.getByRole('textbox', { name: 'At' });
    await user.clear(at);
    await user.type(at, '25:00');
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    expect(at).toHaveAccessibleDescription(/"25:00" is not a time \(expected HH:MM, 24-hour\)/);
    expect(main.RequestService.Create).not.toHaveBeenCalled();
  });
});

describe('edit form', () => {
  afterEach(uninstallBackend);

  const editInput = (version: number, notes: string) => ({
    requester: { name: 'Ana Núñez', email: 'ana@example.com', phone: '', address: '', dateOfBirth: '', clientNumber: '', country: '', nameOnLetters: '' },
    submittedBy: 'self', agent: { name: '', email: '', phone: '', relationship: '', address: '' }, proofOfAuthority: false, requesterConfirmed: false,
    channel: 'email', receivedDate: '2026-03-02', receivedTime: '09:00', regime: 'ccpa', rights: ['access'],
    description: '', requesterWords: '', minor: false, guardianConsent: 'not-applicable', assignee: '', tags: [], notes, version,
  });
  const theirs = "PR-2026-0042 was changed by someone else since you opened it: Sam changed notes at 09:04 on Mar 2. Your changes were not saved: open the request again to see theirs, then make yours.";

  it("sends the version it opened, shows another desk's change when the save is refused, and reloads the request", async () => {
    let opened = 0;
    const main = installBackend({
      AppService: { Info: async () => testInfo },
      SettingsService: { Get: async () => testPractice },
      RequestService: {
        Options: async () => options,
        Duplicates: async () => [],
        EditInput: async () => (++opened === 1 ? editInput(5, 'Mine') : editInput(7, "Sam's note")),
        Update: () => Promise.reject(goError('conflict', theirs, 'version')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<EditRequestPage reference="PR-2026-0042" />);
    const assignee = await screen.findByRole('textbox', { name: /Assigned to/ });
    await user.type(assignee, 'Dana');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByTestId('edit-conflict');
    expect(alert).toHaveTextContent('Not saved: someone else changed this request');
    expect(alert).toHaveTextContent('Sam changed notes at 09:04 on Mar 2');
    expect((main.RequestService.Update as any).mock.calls[0]).toMatchObject(['PR-2026-0042', { version: 5, assignee: 'Dana', notes: 'Mine' }]);
    // Nothing of the input is lost until the person chooses to reload.
    expect(screen.getByRole('textbox', { name: /Assigned to/ })).toHaveValue('Dana');

    await user.click(within(alert).getByRole('button', { name: /Reload the request/ }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue("Sam's note"));
    expect(screen.queryByTestId('edit-conflict')).toBeNull();
    expect(screen.getByRole('textbox', { name: /Assigned to/ })).toHaveValue('');
  });

  it('shows a conflict that is not about another desk as a plain error, with no reload', async () => {
    installBackend({
      AppService: { Info: async () => testInfo },
      SettingsService: { Get: async () => testPractice },
      RequestService: {
        Options: async () => options,
        Duplicates: async () => [],
        EditInput: async () => editInput(5, ''),
        Update: () => Promise.reject(goError('conflict', 'The request is closed: its regime, received date and rights can no longer change.')),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<EditRequestPage reference="PR-2026-0042" />);
    await user.type(await screen.findByRole('textbox', { name: /Assigned to/ }), 'Dana');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The request is closed');
    expect(screen.queryByTestId('edit-conflict')).toBeNull();
  });
});

describe('request screen', () => {
  afterEach(uninstallBackend);

  it('shows the allowed actions as buttons and the blocked ones with their reason; data stays plain text', async () => {
    installBackend({ RequestService: { Get: async () => detail() }, AppService: { Info: async () => testInfo } });
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    const actions = await screen.findByTestId('actions');
    expect(within(actions).getByRole('button', { name: 'Acknowledge receipt' })).toBeInTheDocument();
    expect(within(actions).queryByRole('button', { name: 'Complete' })).not.toBeInTheDocument();
    expect(actions).toHaveTextContent('Complete: Record the outcome of every right first');
    const right = screen.getByTestId('right-deletion');
    expect(right).toHaveTextContent('Cal. Civ. Code 1798.130(a)(2)');
    expect(right).toHaveTextContent('45 calendar days from 2 March 2026');
    expect(screen.getByText('<script>alert(1)</script>')).toBeInTheDocument();
    expect(screen.getByText("Robert'); DROP TABLE requests;--")).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('王小明');
  });

  it('takes an action and shows the detail the backend returns', async () => {
    const main = installBackend({
      RequestService: {
        Get: async () => detail(),
        Transition: async () => ({ ...detail({ status: 'acknowledged' }), actions: [] }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    await user.click(await screen.findByRole('button', { name: 'Acknowledge receipt' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /Note/ }), 'Sent the standard acknowledgment.');
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge receipt' }));
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('Acknowledged'));
    expect(main.RequestService.Transition).toHaveBeenCalledWith('PR-2026-0042', expect.objectContaining({ action: 'acknowledge', note: 'Sent the standard acknowledgment.' }));
  });

  it('offers the latest date the law allows as the extension date', async () => {
    const extend = { action: 'extend', label: 'Extend the deadline', target: 'extended', needs: ['reason', 'newDate', 'note'], allowed: true, reason: '' };
    const main = installBackend({
      RequestService: {
        Get: async () => ({ ...detail(), actions: [extend], allowed: ['extend'] }),
        Transition: async () => ({ ...detail({ status: 'extended' }), actions: [] }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    await user.click(await screen.findByRole('button', { name: 'Extend the deadline' }));
    const dialog = await screen.findByRole('dialog');
    const date = within(dialog).getByLabelText(/New due date/);
    expect(date).toHaveValue('2026-05-31');
    expect(date).toHaveAttribute('max', '2026-05-31');
    await user.type(within(dialog).getByRole('textbox', { name: /Reason for the extension/ }), 'Records are archived off site.');
    await user.click(within(dialog).getByRole('button', { name: 'Extend the deadline' }));
    await waitFor(() => expect(main.RequestService.Transition).toHaveBeenCalledWith('PR-2026-0042', expect.objectContaining({ action: 'extend', newDate: '2026-05-31' })));
  });

  it('offers only the limits of rights still extendable, and shows a late extension refused readably', async () => {
    // Correction's original period ended yesterday and access was already extended: only
    // the deletion's limit (31 May) may be offered, not their later ones.
    const extend = { action: 'extend', label: 'Extend the deadline', target: 'extended', needs: ['reason', 'newDate', 'note'], allowed: true, reason: '' };
    const base = detail().request.rights[0];
    const rights = [
      { ...base, right: 'correction', respondBy: '2026-03-04', extendedRespondBy: '2026-06-30' },
      { ...base, right: 'access', respondBy: '2026-03-20', extendedRespondBy: '2026-07-01', extendedTo: '2026-04-20', extendedOn: '2026-03-03' },
      base,
    ];
    const refusal = 'Too late to extend: the original period ended on 16 April 2026 for deletion (today is 17 April 2026). An extension must be taken, and the requester told of it with the reason, before the original period ends.';
    const main = installBackend({
      RequestService: {
        Get: async () => ({ ...detail({ rights }), actions: [extend], allowed: ['extend'] }),
        Transition: () => Promise.reject(goError('conflict', refusal)),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    await user.click(await screen.findByRole('button', { name: 'Extend the deadline' }));
    const dialog = await screen.findByRole('dialog');
    const date = within(dialog).getByLabelText(/New due date/);
    expect(date).toHaveValue('2026-05-31');
    expect(date).toHaveAttribute('max', '2026-05-31');
    // The dialog says which rights it moves, and which keep their date.
    expect(within(dialog).getByTestId('extend-which')).toHaveTextContent(
      'Extends deletion. Not extended: Correction (still due Mar 4, 2026); Access / right to know (still due Apr 20, 2026).',
    );
    await user.type(within(dialog).getByRole('textbox', { name: /Reason for the extension/ }), 'Records are archived off site.');
    await user.click(within(dialog).getByRole('button', { name: 'Extend the deadline' }));
    await waitFor(() => expect(main.RequestService.Transition).toHaveBeenCalled());
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(refusal);
  });

  it('reads the vendor tasks again after an action (starting work proposes them)', async () => {
    const main = installBackend({
      RequestService: {
        Get: async () => detail(),
        Transition: async () => ({ ...detail({ status: 'in-progress' }), actions: [] }),
      },
      VendorService: {
        Tasks: async () => ({ requestId: 1, requestRef: 'PR-2026-0042', status: 'received', rights: ['deletion'], proposed: false, proposedAt: null, tasks: [], open: 0, addable: [] }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    await user.click(await screen.findByRole('button', { name: 'Acknowledge receipt' }));
    await waitFor(() => expect(main.VendorService.Tasks).toHaveBeenCalled());
    const before = (main.VendorService.Tasks as any).mock.calls.length;
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /Note/ }), 'Started.');
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge receipt' }));
    await waitFor(() => expect((main.VendorService.Tasks as any).mock.calls.length).toBeGreaterThan(before));
  });

  it('links an appeal and the request whose denial it appeals, both ways', async () => {
    installBackend({ RequestService: { Get: async () => ({ ...detail({ regime: 'va', appealOf: 'PR-2026-0007', rights: [] }) }) } });
    const { unmount } = renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    const of = await screen.findByTestId('appeal-of');
    expect(of).toHaveTextContent('PR-2026-0007');
    expect(of).toHaveAttribute('href', '#/requests/PR-2026-0007');
    // ... and in the line under the title, where it is seen first.
    expect(screen.getByTestId('header-appeal-of')).toHaveAttribute('href', '#/requests/PR-2026-0007');
    expect(screen.getByTestId('header-appeal-of').parentElement).toHaveTextContent(/· appeal of PR-2026-0007$/);
    expect(screen.queryByTestId('appeals')).toBeNull();
    expect(screen.queryByTestId('header-appealed-by')).toBeNull();
    unmount();
    uninstallBackend();
    installBackend({
      RequestService: {
        Get: async () => ({ ...detail({ regime: 'va', status: 'denied' }), appeals: [{ reference: 'PR-2026-0050', receivedDate: '2026-04-20', status: 'in-progress' }] }),
      },
    });
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    const appeals = await screen.findByTestId('appeals');
    expect(screen.getByText('Appeal of this decision')).toBeInTheDocument();
    expect(appeals).toHaveTextContent('PR-2026-0050, received Apr 20, 2026');
    expect(within(appeals).getByText('In progress')).toBeInTheDocument();
    expect(within(appeals).getByRole('link', { name: 'PR-2026-0050' })).toHaveAttribute('href', '#/requests/PR-2026-0050');
    expect(screen.getByTestId('header-appealed-by')).toHaveAttribute('href', '#/requests/PR-2026-0050');
    expect(screen.getByTestId('header-appealed-by').closest('p')).toHaveTextContent(/· appealed by PR-2026-0050$/);
    expect(screen.queryByTestId('appeal-of')).toBeNull();
    expect(screen.queryByTestId('header-appeal-of')).toBeNull();
  });

  it("says the CCPA's no-verification rule only on CCPA requests", async () => {
    installBackend({ RequestService: { Get: async () => detail() } });
    const { unmount } = renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    expect(await screen.findByText(/Opt-out and limit requests need no verification/)).toBeInTheDocument();
    unmount();
    uninstallBackend();
    installBackend({ RequestService: { Get: async () => detail({ regime: 'gdpr' }) } });
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    expect(await screen.findByText(/Not verified yet/)).toBeInTheDocument();
    expect(screen.queryByText(/Opt-out and limit requests/)).not.toBeInTheDocument();
  });

  it('does not hold a GDPR erasure for a second confirmation', async () => {
    installBackend({ RequestService: { Get: async () => detail({ regime: 'gdpr' }) } });
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    expect(await screen.findByText(/erasure is not held back for a second confirmation/)).toBeInTheDocument();
    expect(screen.queryByText(/The deletion cannot be completed until/)).not.toBeInTheDocument();
  });

  it('leaves out the open-request notes on a closed request', async () => {
    const open = detail();
    installBackend({ RequestService: { Get: async () => open } });
    const { unmount } = renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    expect(await screen.findByText(/Extendable to/)).toBeInTheDocument();
    expect(screen.getByText(/The deletion cannot be completed until/)).toBeInTheDocument();
    unmount();
    uninstallBackend();
    const closed = detail({ status: 'denied', closedAt: '2026-03-20T10:00:00Z' });
    closed.request.rights = closed.request.rights.map((r) => ({ ...r, outcome: 'denied', denialReason: 'unverified' }));
    installBackend({ RequestService: { Get: async () => closed } });
    renderWithProviders(<RequestDetailPage reference="PR-2026-0042" />);
    expect(await screen.findByTestId('status')).toHaveTextContent('Denied');
    expect(screen.queryByText(/Extendable to/)).not.toBeInTheDocument();
    expect(screen.queryByText(/The deletion cannot be completed until/)).not.toBeInTheDocument();
  });
});
