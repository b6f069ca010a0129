import { useState, type ReactNode } from 'react';
import { Anchor, Button, Group, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { AppError } from '@/lib/ipc';
import type { Job } from '../api/exports';
import { forgetJob, trackJob, useJob } from '../api/jobs';

/** useSaveJob is the state of a card that writes one file as a job: started through the
 * save dialog or to a typed path, followed under owner until its result is dismissed. */
export function useSaveJob(
  owner: string,
  {
    withDialog,
    toPath,
    clearErrors,
    onError,
  }: {
    withDialog: () => Promise<{ started: boolean; job: Job | null }>;
    toPath: (out: string) => Promise<Job>;
    /** called when a job starts and when the typed path changes */
    clearErrors: () => void;
    onError: (err: AppError) => void;
  },
) {
  const job = useJob(owner);
  const [pathOpen, setPathOpen] = useState(false);
  const [path, setPath] = useState('');
  const started = (j: Job | null) => {
    clearErrors();
    if (j) trackJob(owner, j);
  };
  const viaDialog = useMutation({ mutationFn: withDialog, onSuccess: (r) => started(r.started ? r.job : null), onError });
  const viaPath = useMutation({ mutationFn: () => toPath(path.trim()), onSuccess: started, onError });
  const busy = job?.state === 'running' || viaDialog.isPending || viaPath.isPending;
  return {
    job,
    viaDialog,
    viaPath,
    busy,
    pathOpen,
    togglePath: () => setPathOpen((o) => !o),
    path,
    editPath: (p: string) => {
      setPath(p);
      clearErrors();
    },
    /** dismiss clears a finished job's result; undefined while it runs */
    dismiss: job && job.state !== 'running' ? () => forgetJob(owner) : undefined,
  };
}

export type SaveJob = ReturnType<typeof useSaveJob>;

/** SaveDialogOrPath is the button that opens the save dialog and, on request, a field to
 * type the file path instead. onDialog and onPath check the card's own fields first. */
export function SaveDialogOrPath({
  save,
  buttonRef,
  icon,
  dialogLabel,
  onDialog,
  pathLabel,
  placeholder,
  pathError,
  submitLabel,
  onPath,
}: {
  save: SaveJob;
  buttonRef?: React.Ref<HTMLButtonElement>;
  icon: ReactNode;
  dialogLabel: string;
  onDialog: () => void;
  pathLabel: string;
  placeholder: string;
  pathError?: string;
  submitLabel: string;
  onPath: () => void;
}) {
  const { viaDialog, viaPath, busy } = save;
  return (
    <>
      <Group justify="space-between">
        <Button ref={buttonRef} leftSection={icon} onClick={onDialog} loading={viaDialog.isPending} disabled={busy && !viaDialog.isPending}>
          {dialogLabel}
        </Button>
        <Anchor component="button" type="button" size="xs" onClick={save.togglePath} aria-expanded={save.pathOpen}>
          {save.pathOpen ? 'Hide the path field' : 'Type a file path instead'}
        </Anchor>
      </Group>
      {save.pathOpen && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onPath();
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={pathLabel}
              placeholder={placeholder}
              value={save.path}
              onChange={(e) => save.editPath(e.currentTarget.value)}
              error={pathError}
              size="xs"
              style={{ flex: 1 }}
            />
            <Button type="submit" size="xs" variant="light" loading={viaPath.isPending} disabled={busy && !viaPath.isPending}>
              {submitLabel}
            </Button>
          </Group>
        </form>
      )}
    </>
  );
}
