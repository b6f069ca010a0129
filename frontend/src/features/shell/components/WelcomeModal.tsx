import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { appKeys, appStateKeys, setAppState, type AppInfo } from '@/lib/app';
import { useSetStaff } from '../hooks/useSetStaff';

// Shown at start while no staff name is set. The first time, it also carries the
// disclaimer: Privacy Desk computes deadlines, it does not give legal advice. Both the
// name last entered and whether the disclaimer was seen are kept with the practice's data.
export function WelcomeModal({ opened, onClose, info }: { opened: boolean; onClose: () => void; info: AppInfo }) {
  const [first] = useState(() => info.state[appStateKeys.disclaimerSeen] !== '1');
  const [name, setName] = useState(() => info.staff || info.state[appStateKeys.staff] || '');
  const [nameError, setNameError] = useState('');
  const mutation = useSetStaff();
  const qc = useQueryClient();

  const close = () => {
    if (first) {
      setAppState(appStateKeys.disclaimerSeen, '1')
        .then(() => qc.invalidateQueries({ queryKey: appKeys.info }))
        // not remembered: the disclaimer shows again next time, which is harmless
        .catch(() => {});
    }
    onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={first ? 'Welcome to Privacy Desk' : 'Who is working today?'}
      centered
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) {
            setNameError('Enter your name, or choose “Not now”.');
            return;
          }
          mutation.mutate(name, { onSuccess: close });
        }}
      >
        <Stack gap="md">
          {first && (
            <Alert variant="light" color="blue" icon={<IconScale size={20} />} title="Deadlines, not legal advice">
              {info.disclaimer}
            </Alert>
          )}
          <Text size="sm">
            Every change you make is written to the audit trail with your computer account and the name you
            enter here.
          </Text>
          <TextInput
            label="Your name"
            placeholder="e.g. Dana Reyes"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setNameError('');
            }}
            // The name offered is selected, so typing replaces it rather than adding to it.
            onFocus={(e) => e.currentTarget.select()}
            error={nameError || mutation.error?.message}
            data-autofocus
            maxLength={200}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Not now
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Continue
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
