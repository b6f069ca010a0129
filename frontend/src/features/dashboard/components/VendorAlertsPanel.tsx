import { Anchor, Badge, Card, Group, ScrollArea, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertOctagon, IconAlertTriangle, IconBuildingStore, IconInfoCircle, IconShieldCheck } from '@tabler/icons-react';
import type { VendorAlert } from '@/lib/vendor-alert';

const severity = {
  critical: { color: 'red', icon: IconAlertOctagon, label: 'Critical' },
  warning: { color: 'orange', icon: IconAlertTriangle, label: 'Warning' },
  notice: { color: 'yellow', icon: IconInfoCircle, label: 'Notice' },
} as const;

/** Vendors that need attention: PHI without a current BAA, expiring or expired BAAs, reviews due. */
export function VendorAlertsPanel({ alerts, vendors, phiVendors }: { alerts: VendorAlert[]; vendors: number; phiVendors: number }) {
  const critical = alerts.filter((a) => a.severity === 'critical').length;
  return (
    <Card h="100%" padding={0} aria-labelledby="vendor-alerts-title" component="section">
      <Group justify="space-between" px="lg" pt="md" pb="sm" wrap="nowrap">
        <div>
          <Title order={2} fz={17} id="vendor-alerts-title">
            Vendor alerts
          </Title>
          <Text size="xs" c="dimmed">
            Business associate agreements
          </Text>
        </div>
        {alerts.length > 0 && (
          <Badge color={critical ? 'red' : 'orange'} variant="light">
            {alerts.length}
          </Badge>
        )}
      </Group>
      {alerts.length === 0 && vendors === 0 ? (
        <Stack align="center" gap={6} py={40} px="lg" data-testid="vendor-alerts-none">
          <ThemeIcon size={40} radius="xl" variant="light" color="gray">
            <IconBuildingStore size={22} />
          </ThemeIcon>
          <Text fw={600} ta="center">
            No vendor is registered yet
          </Text>
          <Text size="sm" c="dimmed" ta="center">
            Add each service provider that handles your clients' data to check its business associate agreement.
          </Text>
          <Anchor href="#/vendors/new" size="sm">
            Add a vendor
          </Anchor>
        </Stack>
      ) : alerts.length === 0 ? (
        <Stack align="center" gap={6} py={40} px="lg" data-testid="vendor-alerts-none">
          <ThemeIcon size={40} radius="xl" variant="light" color="teal">
            <IconShieldCheck size={22} />
          </ThemeIcon>
          <Text fw={600} ta="center">
            No vendor needs attention
          </Text>
          <Text size="sm" c="dimmed" ta="center">
            {phiVendors === 0
              ? vendors === 1
                ? 'The one registered vendor has no PHI access.'
                : `None of the ${vendors} registered vendors has PHI access.`
              : phiVendors === 1
                ? 'The vendor with PHI access has a signed, current BAA.'
                : `All ${phiVendors} vendors with PHI access have a signed, current BAA.`}
          </Text>
        </Stack>
      ) : (
        <ScrollArea.Autosize mah={330} type="auto">
          <Stack gap={0} px="lg" pb="sm" component="ul" m={0} style={{ listStyle: 'none' }} data-testid="vendor-alerts">
            {alerts.map((a) => {
              const s = severity[a.severity];
              return (
                <Group
                  key={`${a.vendorId}-${a.kind}`}
                  component="li"
                  gap="sm"
                  wrap="nowrap"
                  align="flex-start"
                  py={9}
                  style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                >
                  <ThemeIcon size={26} radius="xl" variant="light" color={s.color} aria-label={s.label} mt={2}>
                    <s.icon size={16} />
                  </ThemeIcon>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {a.vendorName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {a.message}
                    </Text>
                  </div>
                </Group>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      )}
      <Anchor href="#/vendors" size="sm" px="lg" pb="md" pt={4} display="block">
        Open the vendor register
      </Anchor>
    </Card>
  );
}
