// Other desks' changes appear: the window asks the backend every few seconds for a number
// that moves whenever the practice's data changes anywhere (AppService.ChangeMarker, the
// audit trail's length), and when it moves reads again what shows shared data.
import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { z } from 'zod';
import { call } from './ipc';

export const changeKeys = { marker: ['app', 'changes'] as const };

/** How often the window asks whether anything changed. */
export const changePollMs = 3_000;

export const getChangeMarker = () => call('AppService', 'ChangeMarker', [], z.number());

// The queries read again when the data changed: lists, screens, the dashboard and its
// deadline notices. The form editing a request is left alone (it would start again and
// lose the input); its save is refused with the other change named if it is stale.
const refreshedRoots = new Set(['requests', 'dashboard', 'vendors', 'letters', 'disclosures', 'audit', 'readiness']);

/** isRefreshed tells whether a query shows shared data read again when it changed. */
export function isRefreshed(key: QueryKey): boolean {
  if (!refreshedRoots.has(String(key[0]))) return false;
  return !(key[0] === 'requests' && key[1] === 'edit');
}

/** useChangeWatch polls the change marker and, when it moves, invalidates the queries
 * that show shared data (the active ones are read again at once). */
export function useChangeWatch(intervalMs: number = changePollMs) {
  const qc = useQueryClient();
  const marker = useQuery({ queryKey: changeKeys.marker, queryFn: getChangeMarker, refetchInterval: intervalMs, retry: false });
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (marker.data === undefined) return;
    if (seen.current !== undefined && seen.current !== marker.data) {
      void qc.invalidateQueries({ predicate: (q) => isRefreshed(q.queryKey) });
    }
    seen.current = marker.data;
  }, [marker.data, qc]);
}
