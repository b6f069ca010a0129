import { useEffect, useState } from 'react';
import { Button, Group, MultiSelect, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { dueWindowLabels, options, regimeLabels, rightLabels, statusLabels } from '@/lib/labels';
import { activeFilterCount, emptyFilters, type ListFilters } from '../api/filters';

const openOptions = [
  { value: '', label: 'Open and closed' },
  { value: 'true', label: 'Open only' },
  { value: 'false', label: 'Closed only' },
];

export function RequestFiltersBar({ filters, onChange }: { filters: ListFilters; onChange: (f: ListFilters) => void }) {
  const [text, setText] = useState(filters.q);
  const [debounced] = useDebouncedValue(text, 300);
  useEffect(() => setText(filters.q), [filters.q]);
  useEffect(() => {
    if (debounced !== filters.q) onChange({ ...filters, q: debounced });
    // only the typed text drives this effect
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const n = activeFilterCount(filters);

  return (
    <Paper withBorder p="md" radius="md" role="search" aria-label="Filter requests">
      <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm" verticalSpacing="sm">
        <TextInput
          label="Search"
          placeholder="Reference, name, email, phone, notes"
          leftSection={<IconSearch size={15} />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          type="search"
        />
        <MultiSelect
          label="Status"
          placeholder={filters.status.length ? undefined : 'Any status'}
          data={options(statusLabels)}
          value={filters.status}
          onChange={(status) => set({ status })}
          clearable
          searchable
        />
        <MultiSelect
          label="Law"
          placeholder={filters.regime.length ? undefined : 'Any law'}
          data={options(regimeLabels)}
          value={filters.regime}
          onChange={(regime) => set({ regime })}
          clearable
          searchable
        />
        <MultiSelect
          label="Right"
          placeholder={filters.right.length ? undefined : 'Any right'}
          data={options(rightLabels)}
          value={filters.right}
          onChange={(right) => set({ right })}
          clearable
          searchable
        />
        <Select
          label="Due"
          placeholder="Any deadline"
          data={options(dueWindowLabels)}
          value={filters.due || null}
          onChange={(due) => set({ due: due ?? '' })}
          clearable
        />
        <Select
          label="Open or closed"
          data={openOptions}
          value={filters.open}
          onChange={(open) => set({ open: (open ?? '') as ListFilters['open'] })}
          allowDeselect={false}
        />
        <TextInput
          label="Assignee"
          placeholder="Name, or - for unassigned"
          value={filters.assignee}
          onChange={(e) => set({ assignee: e.currentTarget.value })}
        />
        <Group gap="xs" grow wrap="nowrap" align="flex-end">
          <TextInput label="Received from" type="date" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} />
          <TextInput label="to" type="date" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </Group>
      </SimpleGrid>
      {n > 0 && (
        <Group justify="flex-end" mt="sm">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => {
              setText('');
              onChange({ ...emptyFilters, sort: filters.sort, desc: filters.desc });
            }}
          >
            Clear {n} filter{n === 1 ? '' : 's'}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
