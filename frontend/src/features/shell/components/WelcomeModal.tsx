import { Alert, Button, Modal, Stack, Text } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { appKeys, appStateKeys, setAppState, type AppInfo } from '@/lib/app';
import { DialogActions } from '@/components/DialogActions';

// Shown after the first sign-in to a practice, once: Privacy Desk computes deadlines, it
// does not give legal advice. Whether it was seen is kept with the practice's data.
export function WelcomeModal({ opened, onClose, info }: { opened: boolean; onClose: () => void; info: AppInfo }) {
  const qc = useQueryClient();
  const close = () => {
    setAppState(appStateKeys.disclaimerSeen, '1')
      .then(() => qc.invalidateQueries({ queryKey: appKeys.info }))
      // not remembered: the disclaimer shows again next time, which is harmless
      .catch(() => {});
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Welcome to Privacy Desk" centered size="lg">
      <Stack gap="md">
        <Alert variant="light" color="blue" icon={<IconScale size={20} />} title="Deadlines, not legal advice">
          {info.disclaimer}
        </Alert>
        <Text size="sm">
          Every change you make is written to the audit trail with your staff account, {info.staff}, and your computer
          account.
        </Text>
        <DialogActions>
          <Button onClick={close} data-autofocus>
            Continue
          </Button>
        </DialogActions>
      </Stack>
    </Modal>
  );
}
