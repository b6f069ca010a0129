import { useState } from 'react';
import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { appKeys } from '@/lib/app';
import { useSession } from '@/lib/session-context';
import { setIdleLock } from '../api/session';

// The automatic lock's delay (HIPAA automatic logoff, 45 CFR 164.312(a)(2)(iii)): an
// administrator's setting, 1 to 30 minutes.
export function IdleLockCard() {
  const s = useSession();
  const qc = useQueryClient();
  const current = Math.round((s?.session.idleLockSeconds ?? 600) / 60);
  const [minutes, setMinutes] = useState<number | string>(current);
  const save = useMutation({
    mutationFn: (m: number) => setIdleLock(m),
    onSuccess: (_v, m) => {
      notifications.show({ color: 'teal', message: `The window now locks after ${m} minute${m === 1 ? '' : 's'} without input.` });
      void qc.invalidateQueries({ queryKey: appKeys.info });
    },
  });
  return (
    <Card withBorder radius="md" p="lg" component="section" aria-labelledby="idle-lock-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(Number(minutes));
        }}
      >
        <Stack gap="sm">
          <Title order={2} fz="lg" id="idle-lock-title">
            Automatic lock
          </Title>
          <Text size="sm" c="dimmed" maw={640}>
            The window locks itself after this long without input, and whoever was signed in unlocks it with their
            passphrase. Ctrl+L locks it at once.
          </Text>
          <Group align="flex-end">
            <NumberInput
              label="Lock after (minutes)"
              min={1}
              max={30}
              clampBehavior="strict"
              allowDecimal={false}
              w={200}
              value={minutes}
              onChange={setMinutes}
              error={save.error?.message}
            />
            <Button type="submit" variant="default" loading={save.isPending} disabled={Number(minutes) === current}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
