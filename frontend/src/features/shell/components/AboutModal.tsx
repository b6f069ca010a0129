import { Code, Modal, Stack, Text } from '@mantine/core';
import type { AppInfo } from '@/lib/app';

export function AboutModal({ opened, onClose, info }: { opened: boolean; onClose: () => void; info: AppInfo }) {
  return (
    <Modal opened={opened} onClose={onClose} title="About Privacy Desk" centered size="md">
      <Stack gap="md">
        <Text>
          Privacy Desk keeps a small practice's privacy and patient-rights requests, their deadlines, vendor
          agreements and letters, on this computer only.
        </Text>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            Version
          </Text>
          <Text data-testid="about-version">{info.version}</Text>
        </Stack>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            Data folder
          </Text>
          <Code block data-testid="about-datadir">
            {info.dataDir}
          </Code>
        </Stack>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            Database
          </Text>
          <Code block>{info.dbPath}</Code>
          <Text size="xs" c="dimmed">
            Schema version {info.schemaVersion}
          </Text>
        </Stack>
        <Text size="sm" c="dimmed">
          {info.disclaimer}
        </Text>
      </Stack>
    </Modal>
  );
}
