import { useState } from 'react';
import { Alert, Button, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconSend } from '@tabler/icons-react';
import { formatDate } from '@/lib/dates';
import { usePracticeToday } from '@/lib/practice-today';
import { DialogActions } from '@/components/DialogActions';
import { letterKeys, markLetterSent, sendMethodLabels, type Letter } from '../api/letters';

/** SentRecord says when, how and by whom a letter went out, or offers "Mark as sent":
 * the sending is recorded once, apart from when the letter was made. */
export function SentRecord({ letter }: { letter: Letter }) {
  const [open, setOpen] = useState(false);
  if (letter.sent) {
    return (
      <Text size="xs" c="teal" data-testid="letter-sent">
        Sent {formatDate(letter.sent.on)} by {(sendMethodLabels[letter.sent.method] ?? letter.sent.method).toLowerCase()}
        {letter.sent.by ? ` (recorded by ${letter.sent.by})` : ''}
      </Text>
    );
  }
  return (
    <>
      <Button size="compact-xs" variant="light" leftSection={<IconSend size={12} />} onClick={() => setOpen(true)} aria-label={`Mark letter ${letter.id} as sent`}>
        Mark as sent
      </Button>
      {open && <MarkSentDialog letter={letter} onClose={() => setOpen(false)} />}
    </>
  );
}

function MarkSentDialog({ letter, onClose }: { letter: Letter; onClose: () => void }) {
  const qc = useQueryClient();
  const today = usePracticeToday();
  const [method, setMethod] = useState<string | null>(null);
  const [on, setOn] = useState('');
  const save = useMutation({
    mutationFn: () => markLetterSent(letter.id, method ?? '', on),
    onSuccess: (l) => {
      qc.invalidateQueries({ queryKey: letterKeys.all });
      qc.invalidateQueries({ queryKey: ['requests'] });
      notifications.show({ color: 'teal', message: `Letter #${l.id} recorded as sent.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Mark letter #${letter.id} as sent`} centered>
      <Stack>
        <Text size="sm">
          {letter.title} to {letter.recipient}. The sending is recorded once and cannot be changed afterwards.
        </Text>
        <Select
          label="How it was sent"
          required
          data={Object.entries(sendMethodLabels).map(([value, label]) => ({ value, label }))}
          value={method}
          onChange={setMethod}
          allowDeselect={false}
        />
        <TextInput label="Sent on" type="date" max={today} description="Leave empty for today" value={on} onChange={(e) => setOn(e.currentTarget.value)} />
        {save.isError && (
          <Alert color="red" title="Not recorded">
            {save.error.message}
          </Alert>
        )}
        <DialogActions>
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!method}>
            Record as sent
          </Button>
        </DialogActions>
      </Stack>
    </Modal>
  );
}
