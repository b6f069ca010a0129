import { afterEach, describe, expect, it, vi } from 'vitest';
import { notifications } from '@mantine/notifications';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend, installRuntime, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { ReportButton } from './ReportButton';

describe('ReportButton', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    uninstallBackend();
    delete (window as any).runtime;
  });

  it('saves the PDF report where the person chose and says so, even when the job ended before the answer', async () => {
    const { handlers, emit } = installRuntime();
    vi.spyOn(notifications, 'show').mockReturnValue('');
    const update = vi.spyOn(notifications, 'update').mockReturnValue('');
    const main = installBackend({
      ExportService: {
        // The job ends (its event arrives) before Export answers.
        Export: async () => {
          emit('job:done', { id: 'export-7', out: '/home/dana/baa.pdf' });
          return { started: true, job: { id: 'export-7', out: '/home/dana/baa.pdf', kind: 'export' } };
        },
      },
    });
    renderWithProviders(<ReportButton kind="baa" title="BAA status report">BAA status report</ReportButton>);
    await userEvent.click(screen.getByRole('button', { name: 'BAA status report' }));
    expect(main.ExportService.Export).toHaveBeenCalledWith({ kind: 'baa', format: 'pdf' });
    await waitFor(() => expect(update).toHaveBeenCalledWith(expect.objectContaining({ title: 'BAA status report saved', message: '/home/dana/baa.pdf', color: 'teal' })));
    expect(handlers['job:done']).toHaveLength(0);
  });

  it('says nothing when the save dialog was cancelled, and the refusal when the report failed', async () => {
    const { handlers, emit } = installRuntime();
    const show = vi.spyOn(notifications, 'show').mockReturnValue('');
    const update = vi.spyOn(notifications, 'update').mockReturnValue('');
    installBackend({ ExportService: { Export: async () => ({ started: false, job: null }) } });
    const { unmount } = renderWithProviders(<ReportButton kind="baa" title="BAA status report">BAA status report</ReportButton>);
    await userEvent.click(screen.getByRole('button', { name: 'BAA status report' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'BAA status report' })).toBeEnabled());
    expect(show).not.toHaveBeenCalled();
    expect(handlers['job:done']).toHaveLength(0);
    unmount();
    installBackend({ ExportService: { Export: async () => ({ started: true, job: { id: 'export-8', out: '/x.pdf' } }) } });
    renderWithProviders(<ReportButton kind="readiness" title="Readiness report">Readiness PDF</ReportButton>);
    await userEvent.click(screen.getByRole('button', { name: 'Readiness PDF' }));
    await waitFor(() => expect(show).toHaveBeenCalledWith(expect.objectContaining({ message: 'Writing /x.pdf…', loading: true })));
    act(() => emit('job:error', { id: 'export-8', message: 'The disk is full.' }));
    expect(update).toHaveBeenCalledWith(expect.objectContaining({ title: 'Readiness report not saved', message: 'The disk is full.', color: 'red' }));
  });
});
