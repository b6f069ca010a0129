import { Badge, Button, Group, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconLock, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { roleLabels } from '../logic';
import { useSession } from '@/lib/session-context';

// The header's account: who is signed in, in which role; Lock (Ctrl+L) and Sign out.
export function AccountMenu() {
  const s = useSession();
  if (!s) return null;
  const { account, role } = s.session;
  return (
    <Menu position="bottom-end" width={240} shadow="md" withArrow>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconUserCircle size={18} />}
          rightSection={<IconChevronDown size={14} />}
          aria-label={`Signed in as ${account}, ${roleLabels[role] ?? role}. Account menu`}
          maw={380}
        >
          <Group gap={8} wrap="nowrap" miw={0}>
            <Text span size="sm" truncate fw={500} miw={0}>
              {account}
            </Text>
            {/* The role is never cut short: the name gives way first. */}
            <Badge size="sm" variant="light" style={{ flexShrink: 0, overflow: 'visible' }} color={role === 'administrator' ? 'desk' : role === 'auditor' ? 'grape' : 'gray'}>
              {role}
            </Badge>
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {account}</Menu.Label>
        <Menu.Item leftSection={<IconLock size={16} />} rightSection={<Text size="xs" c="dimmed">Ctrl+L</Text>} onClick={() => s.lock('shortcut')}>
          Lock
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={s.signOut}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
