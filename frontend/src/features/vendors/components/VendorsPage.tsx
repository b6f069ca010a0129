import type { Route } from '@/lib/router';
import { VendorList } from './VendorList';
import { VendorEditor } from './VendorEditor';
import { DataMapEditor } from './DataMapEditor';
import { VendorTasksPage } from './VendorTasksPanel';

/** The Vendors section: #/vendors (the register), #/vendors/new, #/vendors/<id>,
 * #/vendors/data-map, and #/vendors/tasks/<request reference>. */
export function VendorsPage({ route }: { route: Route }) {
  const sub = route.segments[1];
  if (sub === 'new') return <VendorEditor key="new" />;
  if (sub === 'data-map') return <DataMapEditor />;
  if (sub === 'tasks' && route.segments[2]) return <VendorTasksPage reference={route.segments[2]} />;
  if (sub && /^\d+$/.test(sub)) return <VendorEditor key={sub} id={Number(sub)} />;
  return <VendorList />;
}
