import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goError, installBackend, installRuntime, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { parseHash } from '@/lib/router';
import { resetJobs } from '../api/jobs';
import { ExportsPage } from './ExportsPage';

// The Wails runtime's events, faked: the test plays the backend's job events.
let runtime: ReturnType<typeof installRuntime>;
const emit = (name: string, data: unknown) => act(() => runtime.emit(name, data));

const kinds = [
  { kind: 'requests', label: 'Request log', description: 'Every request (11 CCR 7101).', formats: ['csv', 'xlsx', 'json'], year: false },
  { kind: 'metrics', label: 'Yearly metrics', description: '11 CCR 7102.', formats: ['csv', 'xlsx', 'json', 'pdf'], year: true },
];
const job = (over: Record<string, unknown> = {}) => ({
  id: 'export-1', kind: 'export', label: 'Request log (CSV)', out: '/home/dana/log.csv', done: 0, total: 0, state: 'running',
  startedAt: '2026-03-02T15:00:00Z', ...over,
});
const base = {
  ExportKinds: async () => kinds,
  Jobs: async () => [],
  AutoBackupStatus: async () => ({ state: 'off', message: 'Automatic backups are off: choose a backup folder in Settings.' }),
  RecoveryKey: async () => ({ set: false, recipient: '' }),
};
const route = parseHash('#/exports');

describe('ExportsPage', () => {
  beforeEach(() => {
    resetJobs();
    runtime = installRuntime();
  });
  afterEach(() => {
    uninstallBackend();
    delete (window as any).runtime;
  });

  it('exports to a typed path, follows the job with a progress bar and Cancel, then says what was saved', async () => {
    const main = installBackend({
      ExportService: { ...base, ExportTo: async () => job(), Cancel: async () => true },
    });
    const user = userEvent.setup();
    renderWithProviders(<ExportsPage route={route} />);
    const card = await screen.findByRole('region', { name: 'Request log' });
    await user.click(within(card).getByRole('button', { name: 'Type a file path instead' }));
    await user.type(within(card).getByRole('textbox', { name: 'Save to' }), '/home/dana/log.csv');
    await user.click(within(card).getByRole('button', { name: 'Export to this file' }));
    expect(main.ExportService.ExportTo).toHaveBeenCalledWith({ kind: 'requests', format: 'csv', out: '/home/dana/log.csv', year: 0, bom: true });

    emit('job:progress', { id: 'export-1', done: 1000, total: 4000, label: 'Request log (CSV)' });
    const bar = await within(card).findByRole('progressbar', { name: 'Request log (CSV) progress' });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(within(card).getByText(/1,000 of 4,000/)).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(main.ExportService.Cancel).toHaveBeenCalledWith('export-1');

    emit('job:done', { id: 'export-1', label: 'Request log (CSV)', kind: 'export', out: '/home/dana/log.csv',
      result: { kind: 'requests', format: 'csv', out: '/home/dana/log.csv', rows: 4000 } });
    expect(await within(card).findByText('Saved 4,000 requests')).toBeInTheDocument();
    expect(within(card).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('puts a refused path on its field, and tells a cancelled export wrote nothing', async () => {
    let calls = 0;
    installBackend({
      ExportService: {
        ...base,
        ExportTo: async () => {
          calls++;
          if (calls === 1) throw goError('invalid', 'The folder /nope does not exist; choose another or create it first.', 'out');
          return job({ id: 'export-2' });
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<ExportsPage route={route} />);
    const card = await screen.findByRole('region', { name: 'Request log' });
    await user.click(within(card).getByRole('button', { name: 'Type a file path instead' }));
    const to = within(card).getByRole('textbox', { name: 'Save to' });
    await user.type(to, '/nope/log.csv');
    await user.click(within(card).getByRole('button', { name: 'Export to this file' }));
    await waitFor(() => expect(to).toHaveAccessibleDescription(/does not exist/));

    await user.click(within(card).getByRole('button', { name: 'Export to this file' }));
    emit('job:error', { id: 'export-2', label: 'Request log (CSV)', kind: 'export', cancelled: true, code: 'conflict', message: 'Cancelled.' });
    expect(await within(card).findByText(/cancelled\. Nothing was written/)).toBeInTheDocument();
  });

  it('offers the year for metrics and a BOM only for CSV', async () => {
    const main = installBackend({ ExportService: { ...base, Export: async () => ({ started: false, job: null }) } });
    const user = userEvent.setup();
    renderWithProviders(<ExportsPage route={route} />);
    const card = await screen.findByRole('region', { name: 'Yearly metrics' });
    const year = within(card).getByRole('textbox', { name: 'Calendar year' });
    await user.clear(year);
    await user.type(year, '2025');
    await user.click(within(card).getByText('PDF'));
    expect(within(card).queryByRole('checkbox', { name: /byte order mark/ })).not.toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Export…' }));
    expect(main.ExportService.Export).toHaveBeenCalledWith({ kind: 'metrics', format: 'pdf', out: '', year: 2025, bom: false });
  });

  it('imports a spreadsheet: the mapping, the first rows and each problem by row and column; import only when valid', async () => {
    const preview = {
      kind: 'requests', file: '/home/dana/old.csv', name: 'old.csv', format: 'csv', sheet: '', encoding: 'UTF-8', headerRow: 1,
      header: ['Name', 'Received'], mapping: { requesterName: 0, receivedDate: 1 },
      fields: [
        { key: 'requesterName', label: 'Requester name', type: 'text', required: true },
        { key: 'receivedDate', label: 'Date of request', type: 'date', required: true },
        { key: 'notes', label: 'Notes', type: 'text', required: false },
      ],
      firstRows: [{ Row: 2, Cells: ['Ana Ruiz', '2026-01-05'] }, { Row: 3, Cells: ['Bo Chen', '31/31/2026'] }],
      rows: 2, ready: 1, problems: [{ where: 'row 3, column Received', message: '"31/31/2026" is not a date.' }], more: 0,
      canCommit: false, checked: 'Every row was checked.',
    };
    const note = 'Column Received: dates with slashes are read day first (DD/MM/YYYY), because row 3, column Received (13/01/2026) can only be read that way: 05/01/2026 is 5 January 2026.';
    const fixed = { ...preview, mapping: { requesterName: 0 }, problems: [], ready: 2, canCommit: true, notes: [note] };
    const main = installBackend({
      ExportService: {
        ...base,
        PreviewImport: async (_k: string, _f: string, m: unknown) => (m && !('receivedDate' in (m as object)) ? fixed : preview),
        CommitImport: async () => ({ imported: true, count: 2, first: 'PR-2026-0001', last: 'PR-2026-0002', preview: fixed }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<ExportsPage route={route} />);
    const section = await screen.findByRole('region', { name: 'Import from a spreadsheet' });
    await user.type(within(section).getByRole('textbox', { name: 'Spreadsheet file' }), '/home/dana/old.csv');
    await user.click(within(section).getByRole('button', { name: 'Read file' }));

    const problems = await within(section).findByTestId('import-problems');
    expect(problems).toHaveTextContent('row 3, column Received: "31/31/2026" is not a date.');
    expect(within(section).getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(within(section).queryByRole('button', { name: /Import 1 request/ })).not.toBeInTheDocument();
    expect(within(section).getByRole('table', { name: 'First rows of the file' })).toHaveTextContent('Bo Chen');
    expect(within(section).getByRole('textbox', { name: 'Column for Requester name' })).toHaveValue('Name');
    // Only mapped and required fields show until asked for all.
    expect(within(section).queryByRole('textbox', { name: 'Column for Notes' })).not.toBeInTheDocument();

    // Unmapping the date column asks for a new preview with that mapping.
    const dateColumn = within(section).getByRole('textbox', { name: 'Column for Date of request' });
    await user.click(dateColumn);
    const listbox = await waitFor(() => document.getElementById(dateColumn.getAttribute('aria-controls') ?? '')!);
    await user.click(within(listbox).getByRole('option', { name: '— Not imported —', hidden: true }));
    expect(main.ExportService.PreviewImport).toHaveBeenLastCalledWith('requests', '/home/dana/old.csv', { requesterName: 0 });
    const button = await within(section).findByRole('button', { name: 'Import 2 requests' });
    await waitFor(() => expect(button).toBeEnabled());
    // How the date column's day and month were read is said before importing.
    expect(within(section).getByTestId('import-note')).toHaveTextContent(note);
    await user.click(button);
    expect(await within(section).findByTestId('import-result')).toHaveTextContent('Imported 2 requests');
    expect(within(section).getByTestId('import-result')).toHaveTextContent('PR-2026-0001 to PR-2026-0002');
  });

  it('checks a backup, shows the practice, date and counts, and restores only when confirmed', async () => {
    const previewAnswer = {
      file: '/media/usb/b.pdbackup', name: 'b.pdbackup', size: 4096, encrypted: true, practiceName: 'Sessions, Inc.',
      createdAt: '2026-03-01T18:00:00Z', appVersion: '0.1.0', schemaVersion: 5, counts: { requests: 12, vendors: 10, attachments: 3, auditEvents: 90 },
      files: 4, integrity: 'All 4 files inside match their SHA-256 checksums.', current: { requests: 13, vendors: 10, attachments: 3, auditEvents: 99 },
      chain: { ok: false, count: 90, badSeq: 0, problem: "request PR-2026-0003: assignee is 'Mallory' but its last event (41) says ''" },
      chainText: "Its audit trail does not verify: request PR-2026-0003: assignee is 'Mallory' but its last event (41) says ''.",
    };
    let tries = 0;
    const main = installBackend({
      ExportService: {
        ...base,
        RestorePreview: async () => {
          tries++;
          if (tries === 1) throw goError('invalid', 'The passphrase is wrong. Nothing was restored.', 'passphrase');
          return previewAnswer;
        },
        Restore: async () => job({ id: 'restore-1', kind: 'restore', label: 'Restore', out: '/media/usb/b.pdbackup' }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<ExportsPage route={route} />);
    const card = await screen.findByRole('region', { name: 'Restore' });
    await user.type(within(card).getByRole('textbox', { name: 'Backup file' }), '/media/usb/b.pdbackup');
    const pass = within(card).getByLabelText('Passphrase', { exact: false, selector: 'input' });
    await user.type(pass, 'wrong one');
    await user.click(within(card).getByRole('button', { name: 'Check backup…' }));
    await waitFor(() => expect(pass).toHaveAccessibleDescription(/passphrase is wrong/));
    expect(main.ExportService.Restore).not.toHaveBeenCalled();

    await user.click(within(card).getByRole('button', { name: 'Check backup…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    expect(within(dialog).getByTestId('restore-practice')).toHaveTextContent('Sessions, Inc.');
    expect(within(dialog).getByTestId('restore-count-requests')).toHaveTextContent(/Requests\s*12\s*13/);
    expect(within(dialog).getByText(/SHA-256/)).toBeInTheDocument();
    expect(within(dialog).getByTestId('restore-chain')).toHaveTextContent('does not verify: request PR-2026-0003');
    await user.click(within(dialog).getByRole('button', { name: 'Keep the current data' }));
    expect(main.ExportService.Restore).not.toHaveBeenCalled();

    await user.click(within(card).getByRole('button', { name: 'Check backup…' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Restore' }));
    expect(main.ExportService.Restore).toHaveBeenCalledWith('/media/usb/b.pdbackup', 'wrong one');
    emit('job:done', { id: 'restore-1', label: 'Restore', kind: 'restore', out: '/media/usb/b.pdbackup',
      result: { practiceName: 'Sessions, Inc.', createdAt: '2026-03-01T18:00:00Z', counts: { requests: 12 }, setAside: ['/data/privacydesk.db.before-restore-1'] } });
    const done = await screen.findByTestId('job-done');
    expect(done).toHaveTextContent('Restored the backup of Sessions, Inc.');
    expect(done).toHaveTextContent('The previous data was kept as /data/privacydesk.db.before-restore-1');
  });

  it('takes the recovery key from its file for a restore', async () => {
    const key = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';
    const main = installBackend({
      ExportService: {
        ...base,
        ReadRecoveryKeyFile: async () => key,
        RestorePreview: async () => {
          throw goError('invalid', 'stop here', 'file');
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<ExportsPage route={route} />);
    const card = await screen.findByRole('region', { name: 'Restore' });
    await user.click(within(card).getByRole('button', { name: 'Use the recovery key file…' }));
    const pass = within(card).getByLabelText('Passphrase or recovery key', { selector: 'input' });
    await waitFor(() => expect(pass).toHaveValue(key));
    await user.type(within(card).getByRole('textbox', { name: 'Backup file' }), '/b/privacydesk-2026-12-07.pdbackup');
    await user.click(within(card).getByRole('button', { name: 'Check backup…' }));
    expect(main.ExportService.RestorePreview).toHaveBeenCalledWith('/b/privacydesk-2026-12-07.pdbackup', key);
  });

  it('refuses a short or mistyped backup passphrase before asking the backend', async () => {
    const main = installBackend({ ExportService: { ...base, Backup: async () => ({ started: false, job: null }) } });
    const user = userEvent.setup();
    renderWithProviders(<ExportsPage route={route} />);
    const card = await screen.findByRole('region', { name: 'Back up' });
    const pass = within(card).getByLabelText('Passphrase (optional)', { selector: 'input' });
    const again = within(card).getByLabelText('Repeat the passphrase', { selector: 'input' });
    await user.type(pass, 'short');
    await user.click(within(card).getByRole('button', { name: 'Back up…' }));
    expect(pass).toHaveAccessibleDescription(/at least 12 characters/);
    await user.type(pass, ' but longer');
    await user.type(again, 'short but longr');
    await user.click(within(card).getByRole('button', { name: 'Back up…' }));
    expect(again).toHaveAccessibleDescription(/differ/);
    expect(main.ExportService.Backup).not.toHaveBeenCalled();
    await user.clear(again);
    await user.type(again, 'short but longer');
    await user.click(within(card).getByRole('button', { name: 'Back up…' }));
    expect(main.ExportService.Backup).toHaveBeenCalledWith('short but longer');
  });
});
