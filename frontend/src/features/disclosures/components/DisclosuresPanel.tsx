import { Alert, Button, Card, Group, Skeleton, Stack, Table, Text, TextInput, Textarea, Title, ActionIcon, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { formatDate } from '@/lib/dates';
import { showOnField } from '@/lib/form-errors';
import {
  addDisclosure,
  checkDisclosure,
  disclosureKeys,
  disclosuresQuery,
  removeDisclosure,
  type DisclosureInput,
} from '../api/disclosures';

const fields = ['disclosedOn', 'recipient', 'recipientAddress', 'description', 'purpose'] as const;
const empty: DisclosureInput = { disclosedOn: '', recipient: '', recipientAddress: '', description: '', purpose: '' };

/** DisclosuresPanel records, on a HIPAA accounting request, the disclosures of the
 * patient's information in the six years before the request, which the accounting letter
 * lists (45 CFR 164.528(b)). */
export function DisclosuresPanel({ reference, received, open }: { reference: string; received: string; open: boolean }) {
  const qc = useQueryClient();
  const list = useQuery(disclosuresQuery(reference));
  const form = useForm<DisclosureInput>({ initialValues: empty, validate: (v) => checkDisclosure(v, received) });
  const changed = () => {
    qc.invalidateQueries({ queryKey: disclosureKeys.list(reference) });
    qc.invalidateQueries({ queryKey: ['requests'] });
  };
  const add = useMutation({
    mutationFn: (d: DisclosureInput) => addDisclosure(reference, d),
    onSuccess: () => {
      form.reset();
      changed();
    },
    onError: (err) => {
      if (!showOnField(form, err, fields)) notifications.show({ color: 'red', title: 'Disclosure not recorded', message: err.message });
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => removeDisclosure(reference, id),
    onSuccess: changed,
    onError: (err) => notifications.show({ color: 'red', title: 'Disclosure not removed', message: err.message }),
  });

  return (
    <Card component="section" aria-label="Disclosures for the accounting" data-testid="disclosures">
      <Title order={2} fz={17}>
        Disclosures for the accounting
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Each disclosure of this patient's information in the six years before the request, from the practice's
        records: the accounting letter lists them (45 CFR 164.528).
      </Text>
      {list.isPending ? (
        <Skeleton h={60} />
      ) : list.isError ? (
        <Alert color="red">{list.error.message}</Alert>
      ) : list.data.length === 0 ? (
        <Text size="sm" mb="sm">
          None recorded. If the records show none, the letter will say no disclosures were made.
        </Text>
      ) : (
        <Table fz="sm" mb="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Recipient</Table.Th>
              <Table.Th>Purpose</Table.Th>
              {open && <Table.Th w={40} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(d.disclosedOn)}</Table.Td>
                <Table.Td>
                  {d.recipient}
                  <Text size="xs" c="dimmed">
                    {d.description}
                  </Text>
                </Table.Td>
                <Table.Td>{d.purpose}</Table.Td>
                {open && (
                  <Table.Td>
                    <Tooltip label="Remove (entered by mistake)">
                      <ActionIcon variant="subtle" color="red" aria-label={`Remove the disclosure to ${d.recipient}`} onClick={() => remove.mutate(d.id)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open && (
        <form onSubmit={form.onSubmit((v) => add.mutate(v))}>
          <Stack gap="xs">
            <Group grow align="flex-start">
              <TextInput label="Date disclosed" type="date" max={received} {...form.getInputProps('disclosedOn')} />
              <TextInput label="Recipient" {...form.getInputProps('recipient')} />
            </Group>
            <TextInput label="Recipient's address (if known)" {...form.getInputProps('recipientAddress')} />
            <Textarea label="Information disclosed" autosize minRows={1} {...form.getInputProps('description')} />
            <Textarea label="Purpose" autosize minRows={1} {...form.getInputProps('purpose')} />
            <Group justify="flex-end">
              <Button type="submit" size="xs" leftSection={<IconPlus size={14} />} loading={add.isPending}>
                Record disclosure
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}
