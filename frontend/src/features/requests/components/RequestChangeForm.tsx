import { useState, type ReactNode } from 'react';
import { Alert, Button, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { showOnField } from '@/lib/form-errors';
import { DialogActions } from '@/components/DialogActions';
import type { RequestDetail } from '../api/schemas';

/** RequestChangeForm is a modal's form that records one change to a request (an outcome,
 * a verification, a deletion confirmation): the fresh detail goes to onDone and the modal
 * closes; a server error lands on its field, or above the form when it names none. */
export function RequestChangeForm<V extends object>({
  form,
  change,
  submitLabel,
  onClose,
  onDone,
  children,
}: {
  form: UseFormReturnType<V>;
  change: (v: V) => Promise<RequestDetail>;
  submitLabel: string;
  onClose: () => void;
  onDone: (d: RequestDetail) => void;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: change,
    onSuccess: (d) => {
      onDone(d);
      onClose();
    },
    onError: (err) => {
      if (!showOnField(form, err, Object.keys(form.values))) setError(err.message);
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v))}>
      <Stack gap="md">
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {children}
        <DialogActions>
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </DialogActions>
      </Stack>
    </form>
  );
}
