import { useEffect } from 'react';
import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { setDisplayTimeZone } from '@/lib/dates';
import { practiceQuery } from '@/features/settings/api/settings';
import { appInfoQuery, appKeys } from '@/lib/app';
import { BlockingScreen } from '@/features/shell/components/BlockingScreen';
import { FirstStartScreen } from '@/features/session/components/FirstStartScreen';
import { SignInScreen } from '@/features/session/components/SignInScreen';
import { DatabasePasswordScreen } from '@/features/session/components/DatabasePasswordScreen';
import { Workspace } from './Workspace';
import { adoptColorScheme } from './color-scheme';

// Root decides between the app and a screen before it: the database was refused, the
// page is not talking to the backend at all, the PostgreSQL server wants its password, a
// new database needs its first administrator, or nobody is signed in.
export function Root() {
  const info = useQuery(appInfoQuery());
  const qc = useQueryClient();
  const signedIn = info.data?.session.state === 'signed-in';
  // Times are shown in the practice's time zone. Set during render, before the shell and
  // its pages render; a changed zone (Settings saved) re-renders from here down.
  const practice = useQuery({ ...practiceQuery(), enabled: signedIn && !info.data?.openError });
  setDisplayTimeZone(practice.data?.timeZone || info.data?.timeZone);
  // The colour scheme is the practice's (kept in its database): applied when the app info
  // arrives, and again if another database is restored in its place.
  const scheme = info.data?.state.colorScheme;
  useEffect(() => {
    if (info.isSuccess) adoptColorScheme(scheme);
  }, [info.isSuccess, scheme]);
  // index.html paints the shell's frame (#boot) before any script runs; it stays until
  // the first answer, then the app takes its place.
  useEffect(() => {
    if (!info.isPending) document.getElementById('boot')?.remove();
  }, [info.isPending]);
  if (info.isPending) {
    return document.getElementById('boot') ? null : (
      <Center h="100vh">
        <Loader aria-label="Starting Privacy Desk" />
      </Center>
    );
  }
  if (info.isError) {
    return (
      <BlockingScreen
        title="Privacy Desk cannot reach its backend"
        message={info.error.message}
        hint="Close this window and start Privacy Desk again. If it keeps happening, the log file in the data folder says why."
      />
    );
  }
  if (info.data.openError) {
    const server = /^postgres(ql)?:\/\//.test(info.data.dbPath);
    return (
      <BlockingScreen
        title="The database was not opened"
        message={info.data.openError}
        path={info.data.dbPath}
        hint={
          server
            ? `The server is the one chosen under Settings > Database, or given with --db or PRIVACYDESK_DB. Once it can be reached, start Privacy Desk again. To work on this computer's file instead, start Privacy Desk with --db FILE, or remove database.json from ${info.data.dataDir}.`
            : 'Privacy Desk has not changed this file. To work with another database, start Privacy Desk with the option --db FILE or the environment variable PRIVACYDESK_DB set to its path; or put a backup in its place and start again.'
        }
      />
    );
  }
  const { session } = info.data;
  const refresh = () => void qc.invalidateQueries({ queryKey: appKeys.info });
  if (session.state === 'new' || session.state === 'no-accounts') {
    return <FirstStartScreen upgrade={session.state === 'no-accounts'} dataDir={info.data.dataDir} onDone={refresh} />;
  }
  if (session.state === 'db-password') {
    return <DatabasePasswordScreen database={info.data.database} account={session.databaseAccount} onDone={refresh} />;
  }
  if (session.state === 'signed-out') return <SignInScreen dataDir={info.data.dataDir} onDone={refresh} />;
  return <Workspace info={info.data} />;
}
