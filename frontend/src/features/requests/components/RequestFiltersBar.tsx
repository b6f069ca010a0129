import { useEffect, useState } from 'react';
import { Button, Collapse, Grid, Group, MultiSelect, Paper, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconFilterOff, IconSearch } from '@tabler/icons-react';
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
  // The box follows a search changed elsewhere (a cleared filter, a remembered one) while
  // the person's own typing stays local until the debounce sends it.
  // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
  useEffect(() => setText(filters.q), [filters.q]);
  useEffect(() => {
    if (debounced !== filters.q) onChange({ ...filters, q: debounced });
    // only the typed text drives this effect
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const n = activeFilterCount(filters);
  const moreSet = Boolean(filters.open || filters.assignee || filters.from || filters.to);
  const [more, setMore] = useState(moreSet);
  const showMore = more || moreSet;

  return (
    <Paper withBorder p="md" radius="md" role="search" aria-label="Filter requests">
      <Grid gutter="sm" align="flex-end">
        {/* Search gives a column to Due, whose values ("Due within 7 days", "Awaiting
            acknowledgement") were cut off at 1280 wide. */}
        <Grid.Col span={3}>
          <TextInput
            label="Search"
            placeholder="Reference, name, email, phone"
            leftSection={<IconSearch size={15} />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            type="search"
          />
        </Grid.Col>
        <Grid.Col span={2}>
          <MultiSelect
            label="Status"
            placeholder={filters.status.length ? undefined : 'Any'}
            data={options(statusLabels)}
            value={filters.status}
            onChange={(status) => set({ status })}
            clearable
            searchable
            maxDropdownHeight={320}
          />
        </Grid.Col>
        <Grid.Col span={2}>
          <MultiSelect
            label="Law"
            placeholder={filters.regime.length ? undefined : 'Any'}
            data={options(regimeLabels)}
            value={filters.regime}
            onChange={(regime) => set({ regime })}
            clearable
            searchable
          />
        </Grid.Col>
        <Grid.Col span={2}>
          <MultiSelect
            label="Right"
            placeholder={filters.right.length ? undefined : 'Any'}
            data={options(rightLabels)}
            value={filters.right}
            onChange={(right) => set({ right })}
            clearable
            searchable
            comboboxProps={{ width: 320, position: 'bottom-start' }}
          />
        </Grid.Col>
        <Grid.Col span={3}>
          <Select
            label="Due"
            placeholder="Any deadline"
            data={options(dueWindowLabels)}
            value={filters.due || null}
            onChange={(due) => set({ due: due ?? '' })}
            clearable
          />
        </Grid.Col>
      </Grid>
      <Collapse in={showMore}>
        <Grid gutter="sm" mt="sm">
          <Grid.Col span={3}>
            <Select
              label="Open or closed"
              data={openOptions}
              value={filters.open}
              onChange={(open) => set({ open: (open ?? '') as ListFilters['open'] })}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={3}>
            <TextInput
              label="Assignee"
              placeholder="Name, or - for unassigned"
              value={filters.assignee}
              onChange={(e) => set({ assignee: e.currentTarget.value })}
            />
          </Grid.Col>
          <Grid.Col span={3}>
            <TextInput label="Received from" type="date" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} />
          </Grid.Col>
          <Grid.Col span={3}>
            <TextInput label="Received to" type="date" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} />
          </Grid.Col>
        </Grid>
      </Collapse>
      <Group justify="space-between" mt="xs">
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconAdjustmentsHorizontal size={14} />}
          onClick={() => setMore((m) => !m)}
          disabled={moreSet}
          aria-expanded={showMore}
        >
          {showMore ? 'Fewer filters' : 'More filters: open or closed, assignee, received dates'}
        </Button>
        {n > 0 && (
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
        )}
      </Group>
    </Paper>
  );
}
