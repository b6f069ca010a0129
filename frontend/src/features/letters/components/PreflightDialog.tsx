import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Button, Checkbox, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DialogActions } from '@/components/DialogActions';
import { fixHref, issueLetter, letterKeys, preflightLetter, type IssueInput, type Letter, type Problem } from '../api/letters';

type Input = Omit<IssueInput, 'reference'>;

const noLetter = (err: Error) => notifications.show({ color: 'red', title: 'No letter made', message: err.message, autoClose: 10_000 });

/** useIssue makes a letter and refreshes every list that shows it (the request's
 * letters and timeline, the Letters page, the vendor tasks). A failure goes to onFailure
 * (useLetterMaker: the dialog that asked, else a notice), a notice when none is given.
 * Both callbacks are the mutation's own, not mutate()'s: TanStack Query runs mutate()'s
 * only while the component that called it is still on screen, and a letter that fails
 * after the office manager moved on must still say so. */
export function useIssue(reference: string, onFailure: (err: Error) => void = noLetter) {
  const qc = useQueryClient();
  return useMutation({
    onError: (err: Error) => onFailure(err),
    mutationFn: (input: Omit<IssueInput, 'reference'>) => issueLetter({ ...input, reference }),
    onSuccess: (l) => {
      qc.invalidateQueries({ queryKey: letterKeys.all });
      qc.invalidateQueries({ queryKey: ['requests'] });
      qc.invalidateQueries({ queryKey: ['vendors'] });
      notifications.show({ color: 'teal', title: `${l.title} made`, message: `Letter #${l.id} to ${l.recipient} is kept with ${l.requestRef}.` });
    },
  });
}

/** onError, when given, shows a failure in the dialog that asked for the letter: a notice
 * would sit under that dialog (app/notices.ts). */
type Callbacks = { onSuccess?: (l: Letter) => void; onError?: (err: Error) => void };

/** useLetterMaker checks a letter before making it: with no problem it is made at once;
 * otherwise the dialog it returns lists them, blocking ones with a link to fix them and
 * warnings to tick, and "Make letter" waits until nothing blocks and every warning is
 * acknowledged. */
export function useLetterMaker(reference: string) {
  // The asking dialog's failure callback, used while the maker is on screen; after that
  // (the office manager went to another screen), a notice says it.
  const asked = useRef<Callbacks | undefined>(undefined);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const issue = useIssue(reference, (err) => {
    const onError = asked.current?.onError;
    if (mounted.current && onError) onError(err);
    else noLetter(err);
  });
  const [check, setCheck] = useState<{ input: Input; problems: Problem[]; cb?: Callbacks } | null>(null);
  const [checking, setChecking] = useState(false);
  const make = async (input: Input, cb?: Callbacks) => {
    setChecking(true);
    try {
      const problems = await preflightLetter({ ...input, reference });
      if (problems.length === 0) {
        asked.current = cb;
        issue.mutate(input, { onSuccess: cb?.onSuccess });
      }
      else setCheck({ input, problems, cb });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      (mounted.current && cb?.onError ? cb.onError : noLetter)(e);
    } finally {
      setChecking(false);
    }
  };
  const dialog = check && (
    <PreflightDialog
      reference={reference}
      problems={check.problems}
      onCancel={() => setCheck(null)}
      onConfirm={() => {
        asked.current = check.cb;
        issue.mutate({ ...check.input, acceptWarnings: true }, { onSuccess: check.cb?.onSuccess });
        setCheck(null);
      }}
    />
  );
  return { make, isPending: checking || issue.isPending, issue, dialog };
}

export function PreflightDialog({
  reference,
  problems,
  onCancel,
  onConfirm,
}: {
  reference: string;
  problems: Problem[];
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const blocking = problems.filter((p) => p.severity === 'blocking');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const [ticked, setTicked] = useState<string[]>([]);
  const ready = blocking.length === 0 && warnings.every((_, i) => ticked.includes(String(i)));
  return (
    <Modal opened onClose={onCancel} title="Check the letter before it is made" size="lg" centered>
      <Stack>
        {blocking.length > 0 && (
          <Alert color="red" title={blocking.length === 1 ? 'This must be fixed first' : 'These must be fixed first'}>
            <List spacing="xs" size="sm" data-testid="preflight-blocking">
              {blocking.map((p, i) => {
                const fix = fixHref(p, reference);
                return (
                  <List.Item key={`${p.code}-${i}`}>
                    {p.message}{' '}
                    {fix && (
                      <Anchor href={fix.href} onClick={onCancel} size="sm" fw={600}>
                        {fix.label}
                      </Anchor>
                    )}
                  </List.Item>
                );
              })}
            </List>
          </Alert>
        )}
        {warnings.length > 0 && (
          <Checkbox.Group
            label="Tick each warning to confirm you have read it"
            value={ticked}
            onChange={setTicked}
            data-testid="preflight-warnings"
          >
            <Stack gap="xs" mt="xs">
              {warnings.map((p, i) => {
                const fix = fixHref(p, reference);
                return (
                  <Checkbox
                    key={`${p.code}-${i}`}
                    value={String(i)}
                    label={
                      <Text size="sm" span>
                        {p.message}{' '}
                        {fix && (
                          <Anchor href={fix.href} onClick={onCancel} size="sm">
                            {fix.label}
                          </Anchor>
                        )}
                      </Text>
                    }
                  />
                );
              })}
            </Stack>
          </Checkbox.Group>
        )}
        <DialogActions>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={onConfirm} disabled={!ready}>
            Make letter
          </Button>
        </DialogActions>
      </Stack>
    </Modal>
  );
}
