import { Badge, Group, Tooltip } from '@mantine/core';
import type { VendorAlert } from '@/lib/vendor-alert';

export const severityColor = { critical: 'red', warning: 'orange', notice: 'yellow' } as const;

/** shortAlert is the few words a badge shows; the tooltip has the full sentence. */
export function shortAlert(a: VendorAlert): string {
  switch (a.kind) {
    case 'phi-without-baa':
      return 'PHI without BAA';
    case 'baa-expired':
      return 'BAA expired';
    case 'baa-expiring':
      return a.days === 0 ? 'BAA expires today' : `BAA expires in ${a.days} day${a.days === 1 ? '' : 's'}`;
    case 'review-overdue':
      return 'Review overdue';
    case 'phi-not-returned':
      return 'PHI return not recorded';
    case 'baa-checklist-incomplete':
      return 'BAA checklist incomplete';
    default:
      // A kind this screen does not know yet still shows, with its sentence in the tooltip.
      return 'Needs attention';
  }
}

export function AlertBadges({ alerts }: { alerts: VendorAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {alerts.map((a) => (
        <Tooltip key={a.kind} label={a.message} multiline w={320} withArrow>
          <Badge
            color={severityColor[a.severity]}
            variant={a.severity === 'critical' ? 'filled' : 'light'}
            data-alert={a.kind}
            style={{ minWidth: 'max-content' }} // the whole phrase, not "BAA EXPIRES IN 20 D…"
          >
            {shortAlert(a)}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
