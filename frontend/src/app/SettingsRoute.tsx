import { Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { appKeys } from '@/lib/app';
import { useCan } from '@/lib/session-context';
import { SettingsPage } from '@/features/settings/components/SettingsPage';
import { AccountsSection } from '@/features/session/components/AccountsSection';
import { IdleLockCard } from '@/features/session/components/IdleLockCard';
import { DatabaseCard } from '@/features/settings/components/DatabaseCard';

// Settings: the practice profile, then, for an administrator, the staff accounts, the
// automatic lock and which database this computer opens.
export function SettingsRoute() {
  const qc = useQueryClient();
  const admin = useCan('accounts');
  const settings = useCan('settings');
  return (
    <Stack gap="xl">
      <div>
        <SettingsPage />
      </div>
      {admin && <AccountsSection onOwnChange={() => void qc.invalidateQueries({ queryKey: appKeys.info })} />}
      {settings && <IdleLockCard />}
      {settings && <DatabaseCard />}
    </Stack>
  );
}
