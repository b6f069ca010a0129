// Tells the person when the automatic backup failed. It runs in the background after
// startup (app/autobackup.go), possibly before this window listens, so the status is
// also asked for once on load.
import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { backendHas, onEvent } from '@/lib/ipc';
import { autoBackupSchema, exportKeys, getAutoBackup, type AutoBackup } from '../api/exports';

let shown = '';

function tell(s: AutoBackup) {
  if (s.state !== 'failed' || shown === s.message) return;
  shown = s.message;
  notifications.show({
    id: 'auto-backup-failed',
    color: 'red',
    title: 'Automatic backup failed',
    message: `${s.message} Check the backup folder in Settings.`,
    autoClose: false,
  });
}

export function AutoBackupNotifier() {
  const qc = useQueryClient();
  useEffect(() => {
    if (!backendHas('ExportService')) return;
    void getAutoBackup()
      .then(tell)
      .catch(() => {});
    return onEvent('backup:auto', (d) => {
      const s = autoBackupSchema.safeParse(d);
      if (!s.success) return;
      qc.setQueryData(exportKeys.autoBackup, s.data);
      tell(s.data);
    });
  }, [qc]);
  return null;
}
