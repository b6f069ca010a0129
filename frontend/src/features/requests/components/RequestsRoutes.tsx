import { backendHas } from '@/lib/ipc';
import type { Route } from '@/lib/router';
import { ComingSoon } from '@/features/placeholder/components/ComingSoon';
import { RequestsListPage } from './RequestsListPage';
import { EditRequestPage, IntakePage } from './IntakePage';
import { RequestDetailPage } from './RequestDetailPage';

// #/requests, #/requests/new, #/requests/PR-2026-0001
export function RequestsRoutes({ route }: { route: Route }) {
  if (!backendHas('RequestService')) {
    return (
      <ComingSoon
        title="Requests"
        intro="Every privacy and patient-rights request, from intake to the final answer."
        coming={[
          'Log a request: requester, who submitted it, channel, regime and rights',
          'Work it through verification, extension and completion, with the statutory deadline of each right',
          'Search and filter by status, regime, right, assignee and due date',
          'A timeline and audit trail for every request',
        ]}
      />
    );
  }
  const sub = route.segments[1];
  if (!sub) return <RequestsListPage route={route} />;
  if (sub === 'new') return <IntakePage />;
  if (route.segments[2] === 'edit') return <EditRequestPage reference={sub} key={`edit-${sub}`} />;
  return <RequestDetailPage reference={sub} key={sub} />;
}
