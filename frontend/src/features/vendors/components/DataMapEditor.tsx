import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { AppError, parseError } from '@/lib/ipc';
import { navigate } from '@/lib/router';
import {
  dataMapQuery,
  saveDataMap,
  vendorKeys,
  vendorListQuery,
  type DataCategory,
  type VendorEntry,
} from '../api/vendors';

interface Row {
  key: string;
  examples: string;
  collected: boolean;
  sources: string;
  purposes: string;
  retention: string;
  disclosed: boolean;
  vendorIds: string[];
}

const toRows = (m: DataCategory[]): Row[] =>
  m.map((c) => ({
    key: c.key,
    examples: c.examples,
    collected: c.collected,
    sources: c.sources,
    purposes: c.purposes,
    retention: c.retention,
    disclosed: c.disclosed,
    vendorIds: c.vendors.map((v) => String(v.id)),
  }));

const noFilter = { search: '', category: '', baaStatus: '', phiAccess: '' };

/** The data map: every category of personal information, whether the practice collects
 * it, from where, why, for how long, and which vendors receive it. */
export function DataMapEditor() {
  const map = useQuery(dataMapQuery());
  const vendors = useQuery(vendorListQuery(noFilter));
  return (
    <>
      <PageHeader
        title="Data map"
        description="What personal information the practice holds, like the category table of its privacy policy. Access-request answers are built from it, and deletions are passed on to the vendors listed here."
        actions={
          <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate('vendors')}>
            Back to the register
          </Button>
        }
      />
      {map.isError || vendors.isError ? (
        <Alert color="red" title="The data map could not be read">
          {(map.error ?? vendors.error)?.message}
        </Alert>
      ) : !map.data || !vendors.data ? (
        <Skeleton h={500} />
      ) : (
        <DataMapForm map={map.data} vendors={vendors.data} />
      )}
    </>
  );
}

function DataMapForm({ map, vendors }: { map: DataCategory[]; vendors: VendorEntry[] }) {
  const qc = useQueryClient();
  const [info, setInfo] = useState(map);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ rows: Row[] }>({ mode: 'controlled', initialValues: { rows: toRows(map) } });
  const vendorData = vendors.map((e) => ({ value: String(e.vendor.id), label: e.vendor.name }));
  const names = new Map(vendors.map((e) => [String(e.vendor.id), e.vendor.name]));

  const save = useMutation({
    mutationFn: (rows: Row[]) =>
      saveDataMap(
        rows.map((r, i) => ({
          ...info[i],
          ...r,
          vendors: r.vendorIds.map((id) => ({ id: Number(id), name: names.get(id) ?? '' })),
        })),
      ),
    onSuccess: (saved) => {
      qc.setQueryData(vendorKeys.dataMap, saved);
      qc.invalidateQueries({ queryKey: vendorKeys.all });
      setInfo(saved);
      const values = { rows: toRows(saved) };
      form.setInitialValues(values);
      form.setValues(values);
      form.resetDirty(values);
      setFormError(null);
      notifications.show({ color: 'teal', title: 'Saved', message: 'The data map was saved.' });
    },
    onError: (reason) => {
      const err = reason instanceof AppError ? reason : parseError(reason);
      // The server names the row and the field: "identifiers.purposes".
      const [key, field] = (err.field ?? '').split('.');
      const i = form.values.rows.findIndex((r) => r.key === key);
      if (err.code === 'invalid' && i >= 0 && field) {
        form.setFieldError(`rows.${i}.${field === 'vendors' ? 'vendorIds' : field}`, err.message);
        setFormError(`${info[i].label}: ${err.message}`);
      } else {
        setFormError(err.message);
      }
    },
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v.rows))} noValidate>
      <Stack gap="md">
        {form.values.rows.map((r, i) => {
          const c = info[i];
          return (
            <Card key={r.key} component="section" aria-label={c.label} padding="lg" data-category={r.key}>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div>
                  <Title order={2} fz={16}>
                    {c.label}
                  </Title>
                  <Text size="xs" c="dimmed">
                    {c.citation}
                  </Text>
                </div>
                <Group gap="lg" wrap="nowrap">
                  <Switch
                    label="Collected"
                    {...form.getInputProps(`rows.${i}.collected`, { type: 'checkbox' })}
                    onChange={(e) => {
                      form.setFieldValue(`rows.${i}.collected`, e.currentTarget.checked);
                      if (!e.currentTarget.checked) form.setFieldValue(`rows.${i}.disclosed`, false);
                    }}
                  />
                  <Switch
                    label="Disclosed"
                    disabled={!r.collected}
                    {...form.getInputProps(`rows.${i}.disclosed`, { type: 'checkbox' })}
                  />
                </Group>
              </Group>
              {c.warning && (
                <Alert color="orange" mt="sm" py="xs">
                  {c.warning}
                </Alert>
              )}
              <Textarea mt="sm" label="Examples" autosize minRows={1} {...form.getInputProps(`rows.${i}.examples`)} />
              {r.collected && (
                <>
                  <SimpleGrid cols={{ base: 1, md: 3 }} mt="sm">
                    <Textarea label="Sources" autosize minRows={2} {...form.getInputProps(`rows.${i}.sources`)} />
                    <Textarea label="Purposes" required autosize minRows={2} {...form.getInputProps(`rows.${i}.purposes`)} />
                    <Textarea label="Retention" autosize minRows={2} {...form.getInputProps(`rows.${i}.retention`)} />
                  </SimpleGrid>
                  {r.disclosed && (
                    <MultiSelect
                      mt="sm"
                      label="Disclosed to these vendors"
                      data={vendorData}
                      searchable
                      {...form.getInputProps(`rows.${i}.vendorIds`)}
                    />
                  )}
                </>
              )}
              {!r.collected && r.vendorIds.length > 0 && (
                <Group gap={4} mt="sm">
                  <Text size="xs" c="dimmed">
                    Vendors listed:
                  </Text>
                  {r.vendorIds.map((id) => (
                    <Badge key={id} size="sm" variant="light" color="orange">
                      {names.get(id)}
                    </Badge>
                  ))}
                </Group>
              )}
            </Card>
          );
        })}
        {formError && (
          <Alert color="red" title="Not saved">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" pos="sticky" bottom={0} py="sm" className="pd-save-bar" style={{ background: 'var(--mantine-color-body)', zIndex: 5 }}>
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending}>
            Save data map
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
