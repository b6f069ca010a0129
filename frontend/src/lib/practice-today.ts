import { useQuery } from '@tanstack/react-query';
import { appInfoQuery } from './app';

/** usePracticeToday is the practice's date (YYYY-MM-DD) as the backend counts it, in the
 * practice's time zone; '' until the app info has arrived (Root waits for it). Never take
 * "today" from the computer's clock: its zone need not be the practice's. */
export function usePracticeToday(): string {
  const info = useQuery(appInfoQuery());
  return info.data?.today ?? '';
}
