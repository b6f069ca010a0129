import { Button, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconWand } from '@tabler/icons-react';
import { DialogActions } from '@/components/DialogActions';
import { useLoadExample } from '../hooks/useLoadExample';

// "Load example practice": asks first when a practice profile already exists, because
// the example replaces it.
export function LoadExampleButton({ hasPractice, ...props }: { hasPractice: boolean } & ButtonProps) {
  const mutation = useLoadExample();
  const [confirmOpen, confirm] = useDisclosure(false);
  return (
    <>
      <Button
        leftSection={<IconWand size={16} />}
        loading={mutation.isPending}
        onClick={() => (hasPractice ? confirm.open() : mutation.mutate())}
        {...props}
      >
        Load example practice
      </Button>
      <Modal opened={confirmOpen} onClose={confirm.close} title="Load the example practice?" centered>
        <Stack>
          <Text size="sm">
            The example practice, Sessions, Inc., replaces your practice profile and adds its example records.
            Your own requests are kept. The change is recorded in the audit trail.
          </Text>
          <DialogActions>
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button
              onClick={() => {
                confirm.close();
                mutation.mutate();
              }}
            >
              Load example
            </Button>
          </DialogActions>
        </Stack>
      </Modal>
    </>
  );
}
