import { useState } from 'react';
import { Alert, Button, Checkbox, List, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconSend } from '@tabler/icons-react';
import { DialogActions } from '@/components/DialogActions';
import { directVendors, letterKeys, type DirectResult } from '../api/letters';
import { formatDate } from '@/lib/dates';

/** DirectAllVendors is the one action that directs every vendor not told yet: the
 * letters are made, kept and recorded as sent today, by post (one PDF to print) or by
 * email (one draft per vendor). A vendor whose letter cannot be made is reported, the
 * others go ahead. */
export function DirectAllVendors({ reference, waiting, onDone }: { reference: string; waiting: number; onDone: () => void }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState<'post' | 'email'>('post');
  const [accept, setAccept] = useState(false);
  const [result, setResult] = useState<DirectResult | null>(null);
  const run = useMutation({
    mutationFn: () => directVendors(reference, method, accept),
    onSuccess: (r) => {
      if (!r.saved) return; // the dialog was cancelled: nothing was made
      setResult(r);
      qc.invalidateQueries({ queryKey: letterKeys.all });
      qc.invalidateQueries({ queryKey: ['requests'] });
      onDone();
    },
  });
  const close = () => {
    setOpen(false);
    setResult(null);
    run.reset();
  };
  return (
    <>
      <Button size="xs" leftSection={<IconSend size={14} />} onClick={() => setOpen(true)}>
        Direct all vendors ({waiting})
      </Button>
      <Modal opened={open} onClose={close} title="Direct all vendors" centered>
        {result ? (
          <Stack gap="sm" data-testid="direct-result">
            <Alert color="teal" title={`Directed ${result.letters.length} ${result.letters.length === 1 ? 'vendor' : 'vendors'} by ${result.method}`}>
              <Text size="sm">
                Recorded as sent on {result.on ? formatDate(result.on) : 'today'}: {result.letters.map((l) => l.vendorName).join(', ')}.
              </Text>
              <Text size="sm">{result.method === 'post' ? `Print ${result.path} (${result.pages} pages).` : `Drafts saved in ${result.path}: open each and send it.`}</Text>
            </Alert>
            {result.skipped.length > 0 && (
              <Alert color="orange" title="Not directed">
                <List size="sm">
                  {result.skipped.map((s) => (
                    <List.Item key={s.vendorTaskId}>
                      {s.vendorName}: {s.message}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <DialogActions>
              <Button onClick={close}>Close</Button>
            </DialogActions>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Text size="sm">
              A direction letter to each of the {waiting} {waiting === 1 ? 'vendor' : 'vendors'} not told yet, recorded as sent today. A vendor whose letter
              cannot be made (no address to send it to) is left out and listed; the others go ahead.
            </Text>
            <SegmentedControl
              aria-label="How the letters go out"
              value={method}
              onChange={(v) => setMethod(v as 'post' | 'email')}
              data={[
                { value: 'post', label: 'Post: one PDF to print' },
                { value: 'email', label: 'Email: one draft per vendor' },
              ]}
            />
            <Checkbox label="Make the letters despite preflight warnings" checked={accept} onChange={(e) => setAccept(e.currentTarget.checked)} />
            {run.isError && (
              <Alert color="red" title="Vendors not directed" role="alert">
                {run.error.message}
              </Alert>
            )}
            <DialogActions>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button loading={run.isPending} onClick={() => run.mutate()}>
                Direct {waiting} {waiting === 1 ? 'vendor' : 'vendors'}
              </Button>
            </DialogActions>
          </Stack>
        )}
      </Modal>
    </>
  );
}
