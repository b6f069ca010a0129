// Tells the person, once, that opening the database finished or undid a restore a crash
// had interrupted (AppInfo.recovered, from package dbfile): their data is whole, and
// they should know which data it is.
import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';

let shown = '';

export function RecoveryNotice({ message }: { message: string }) {
  useEffect(() => {
    if (!message || shown === message) return;
    shown = message;
    notifications.show({
      id: 'restore-recovered',
      color: 'yellow',
      title: 'An interrupted restore was settled',
      message,
      autoClose: false,
    });
  }, [message]);
  return null;
}
