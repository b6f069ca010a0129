import { useState } from 'react';
import { Alert, Button, Group, Modal, Skeleton, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { IconDeviceFloppy, IconExternalLink, IconEye, IconMailForward } from '@tabler/icons-react';
import { formatInstant } from '@/lib/dates';
import { letterPdfQuery, openLetter, saveLetterCopy, saveLetterDraft, type Letter } from '../api/letters';
import { PdfView } from './PdfView';

/** LetterActions are the buttons of a stored letter: view it here, save a copy through
 * the native dialog, open it in the system's PDF viewer. */
export function LetterActions({ letter, compact = false }: { letter: Letter; compact?: boolean }) {
  const size = compact ? 'compact-xs' : 'xs';
  const [viewing, setViewing] = useState(false);
  const fail = (title: string) => (err: Error) => notifications.show({ color: 'red', title, message: err.message });
  const save = useMutation({
    mutationFn: () => saveLetterCopy(letter.id),
    onSuccess: (saved) => saved && notifications.show({ color: 'teal', message: `A copy of letter #${letter.id} was saved.` }),
    onError: fail('Not saved'),
  });
  const open = useMutation({ mutationFn: () => openLetter(letter.id), onError: fail('Not opened') });
  const draft = useMutation({
    mutationFn: () => saveLetterDraft(letter.id),
    onSuccess: (saved) => saved && notifications.show({ color: 'teal', message: `Letter #${letter.id} was saved as an email draft: open it in your mail program to send it.` }),
    onError: fail('No email draft saved'),
  });
  return (
    <>
      <Group gap={4} justify="flex-end" wrap="wrap">
        <Button size={size} variant="default" leftSection={<IconEye size={14} />} onClick={() => setViewing(true)} aria-label={`View letter ${letter.id}`}>
          View
        </Button>
        <Button
          size={size}
          variant="default"
          leftSection={<IconDeviceFloppy size={14} />}
          loading={save.isPending}
          onClick={() => save.mutate()}
          aria-label={`Save a copy of letter ${letter.id}`}
        >
          Save copy
        </Button>
        <Button
          size={size}
          variant="default"
          leftSection={<IconExternalLink size={14} />}
          loading={open.isPending}
          onClick={() => open.mutate()}
          aria-label={`Open letter ${letter.id} in the PDF viewer`}
        >
          Open
        </Button>
        <Button
          size={size}
          variant="default"
          leftSection={<IconMailForward size={14} />}
          loading={draft.isPending}
          onClick={() => draft.mutate()}
          aria-label={`Save letter ${letter.id} as an email draft`}
        >
          Email draft
        </Button>
      </Group>
      {viewing && <LetterViewer letter={letter} onClose={() => setViewing(false)} />}
    </>
  );
}

function LetterViewer({ letter, onClose }: { letter: Letter; onClose: () => void }) {
  const q = useQuery(letterPdfQuery(letter.id));
  return (
    <Modal opened onClose={onClose} size="xl" title={`${letter.title} to ${letter.recipient} — ${letter.requestRef}`} centered>
      <Text size="xs" c="dimmed" mb="xs">
        Letter #{letter.id} · template {letter.templateName}, version {letter.templateVersion} · made {formatInstant(letter.createdAt)} by{' '}
        {letter.createdBy} · SHA-256 <span style={{ fontFamily: 'monospace' }}>{letter.sha256}</span>
      </Text>
      {q.isPending && <Skeleton h={600} />}
      {q.isError && (
        <Alert color="red" title="The letter could not be read">
          {q.error.message}
        </Alert>
      )}
      {q.data && <PdfView pdf={q.data.pdf} title={`Letter ${letter.id}`} height="70vh" />}
    </Modal>
  );
}
