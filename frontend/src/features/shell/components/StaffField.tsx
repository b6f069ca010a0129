import { useState } from 'react';
import { Button, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { useSetStaff } from '../hooks/useSetStaff';

// "Working as": the staff name that every audit event records next to the OS user.
export function StaffField({ staff }: { staff: string }) {
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState(staff);
  const [nameError, setNameError] = useState('');
  const mutation = useSetStaff();
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={300}
      trapFocus
      withArrow
      shadow="md"
    >
      <Popover.Target>
        <Button
          variant="subtle"
          color={staff ? 'gray' : 'orange'}
          leftSection={<IconUser size={16} />}
          onClick={() => {
            setName(staff);
            setNameError('');
            mutation.reset();
            setOpened((o) => !o);
          }}
          aria-label={staff ? `Working as ${staff}. Change` : 'Enter your name for the audit trail'}
          maw={260}
        >
          <Text span size="sm" truncate>
            {staff ? `Working as: ${staff}` : 'Who is working?'}
          </Text>
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) {
              setNameError('Enter your name.');
              return;
            }
            mutation.mutate(name, { onSuccess: () => setOpened(false) });
          }}
        >
          <Stack gap="sm">
            <TextInput
              label="Your name"
              description="Recorded with every change in the audit trail."
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameError('');
              }}
              // Selected, so typing replaces the name rather than adding to it.
              onFocus={(e) => e.currentTarget.select()}
              error={nameError || mutation.error?.message}
              data-autofocus
              maxLength={200}
            />
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={mutation.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
