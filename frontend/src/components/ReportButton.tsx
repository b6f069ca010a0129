import { useState, type ReactNode } from 'react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf } from '@tabler/icons-react';
import { z } from 'zod';
import { call, onEvent } from '@/lib/ipc';

const startSchema = z.object({ started: z.boolean(), job: z.object({ id: z.string(), out: z.string() }).passthrough().nullable() });
const endSchema = z.object({ id: z.string(), message: z.string().optional(), cancelled: z.boolean().optional() }).passthrough();

/** ReportButton saves one of the PDF reports (reporting.ReportKinds) where the person
 * chooses, as the Exports screen's card does, and says when it is written. */
export function ReportButton({ kind, title, children }: { kind: string; title: string; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    // The report is quick: its job may end before Export answers, so listen first.
    const ended = new Map<string, { ok: boolean; message: string }>();
    let notify: ((id: string) => void) | null = null;
    const on = (ok: boolean) => (d: unknown) => {
      const e = endSchema.safeParse(d);
      if (!e.success) return;
      ended.set(e.data.id, { ok, message: e.data.message ?? '' });
      notify?.(e.data.id);
    };
    const offs = [onEvent('job:done', on(true)), onEvent('job:error', on(false))];
    const stop = () => offs.forEach((off) => off());
    try {
      const start = await call('ExportService', 'Export', [{ kind, format: 'pdf' }], startSchema);
      const job = start.job;
      if (!start.started || !job) {
        stop();
        return;
      }
      notifications.show({ id: `report-${job.id}`, loading: true, title, message: `Writing ${job.out}…`, autoClose: false });
      notify = (id) => {
        const e = ended.get(id);
        if (id !== job.id || !e) return;
        stop();
        notifications.update({
          id: `report-${job.id}`, loading: false, autoClose: e.ok ? 8000 : false, color: e.ok ? 'teal' : 'red',
          title: e.ok ? `${title} saved` : `${title} not saved`, message: e.ok ? job.out : e.message,
        });
      };
      notify(job.id);
    } catch (err) {
      stop();
      notifications.show({ color: 'red', title: `${title} not saved`, message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" leftSection={<IconFileTypePdf size={16} />} loading={busy} onClick={() => void run()}>
      {children}
    </Button>
  );
}
