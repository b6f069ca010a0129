import { useEffect, useMemo, useRef } from 'react';
import { useElementSize } from '@mantine/hooks';
import { Alert, Badge, Box, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconPlus } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { useCan } from '@/lib/session-context';
import { EmailDropZone } from '@/components/EmailDropZone';
import { daysBetween, dueColor, dueText, formatDate } from '@/lib/dates';
import { usePracticeToday } from '@/lib/practice-today';
import { closedStatuses, label, regimeShort, rightShort, statusColors, statusLabels, statusShort } from '@/lib/labels';
import { hrefFor, navigate, type Route } from '@/lib/router';
import { LoadExampleButton } from '@/features/shell/components/LoadExampleButton';
import { lastFilter, rememberFilter, requestListQuery } from '../api/requests';
import type { Request } from '../api/schemas';
import {
  activeFilterCount,
  filtersFromParams,
  filtersToParams,
  fromRemembered,
  rememberSessionSearch,
  toRequestFilter,
  withSessionSearch,
  type ListFilters,
} from '../api/filters';
import { RequestFiltersBar } from './RequestFiltersBar';

const rowHeight = 56;

// Column ids are the backend's sort keys (backend.RequestSorts).
// The table's meta carries the practice's today (from the backend) to the Due cells.
type ListMeta = { today: string };

const columns: ColumnDef<Request>[] = [
  {
    id: 'reference',
    accessorFn: (r) => r.reference,
    header: 'Reference',
    size: 130,
    cell: ({ row }) => (
      <Text size="sm" ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
        {row.original.reference}
      </Text>
    ),
  },
  {
    id: 'name',
    accessorFn: (r) => r.requester.name,
    header: 'Requester',
    size: 250,
    cell: ({ row }) => (
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {row.original.requester.name}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {row.original.requester.email || row.original.requester.phone || ' '}
        </Text>
      </Stack>
    ),
  },
  {
    id: 'regime',
    accessorFn: (r) => r.regime,
    header: 'Law',
    size: 190,
    cell: ({ row }) => (
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {label(regimeShort, row.original.regime)}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {row.original.rights.map((r) => label(rightShort, r.right)).join(', ')}
        </Text>
      </Stack>
    ),
  },
  {
    id: 'status',
    accessorFn: (r) => r.status,
    header: 'Status',
    size: 170,
    cell: ({ row }) => (
      <Badge
        variant="light"
        color={statusColors[row.original.status] ?? 'gray'}
        radius="sm"
        tt="none"
        fw={600}
        maw="100%"
        title={label(statusLabels, row.original.status)}
      >
        {label(statusShort, row.original.status)}
      </Badge>
    ),
  },
  {
    id: 'received',
    accessorFn: (r) => r.receivedDate,
    header: 'Received',
    size: 120,
    cell: ({ row }) => <Text size="sm">{formatDate(row.original.receivedDate)}</Text>,
  },
  {
    id: 'due',
    accessorFn: (r) => r.nextDue,
    header: 'Due',
    size: 170,
    cell: ({ row, table }) => {
      const r = row.original;
      const { today } = table.options.meta as ListMeta;
      if (closedStatuses.has(r.status) || !r.nextDue || !today) return <Text size="sm" c="dimmed">—</Text>;
      const left = daysBetween(today, r.nextDue);
      return (
        <Stack gap={0}>
          <Text size="sm">{formatDate(r.nextDue)}</Text>
          <Text size="xs" c={dueColor(left) === 'gray' ? 'dimmed' : dueColor(left)} fw={left <= 2 ? 600 : 400}>
            {dueText(left)}
          </Text>
        </Stack>
      );
    },
  },
  {
    id: 'assignee',
    accessorFn: (r) => r.assignee,
    header: 'Assignee',
    size: 140,
    cell: ({ row }) => (
      <Text size="sm" truncate c={row.original.assignee ? undefined : 'dimmed'}>
        {row.original.assignee || 'Unassigned'}
      </Text>
    ),
  },
];

// Fixed widths for what has a known length; the rest share the space.
const fixed: Record<string, string> = { reference: '146px', received: '122px', due: '136px', status: 'minmax(170px, 170fr)' };
const templateOf = (ids: string[]) =>
  columns
    .filter((c) => ids.includes(c.id!))
    .map((c) => fixed[c.id!] ?? `minmax(${Math.round((c.size ?? 120) * 0.5)}px, ${c.size ?? 120}fr)`)
    .join(' ');

// On a narrow window the secondary columns go first, so the Due column never leaves the
// screen: the received date below this width of the table, then the assignee.
const dropBelow: Record<string, number> = { received: 960, assignee: 780 };
function visibleColumnsAt(width: number): string[] {
  return columns.map((c) => c.id!).filter((id) => !(width > 0 && width < (dropBelow[id] ?? 0)));
}

export function RequestsListPage({ route }: { route: Route }) {
  const hasParams = [...route.params.keys()].length > 0;

  // Arriving with no filters restores the last ones used (kept by the backend in the data
  // folder, so they survive a restart), with the search typed in this window (kept in
  // memory only).
  useEffect(() => {
    if (hasParams) return;
    let cancelled = false;
    lastFilter()
      .then((f) => {
        const params = filtersToParams(withSessionSearch(fromRemembered(f)));
        if (!cancelled && Object.values(params).some(Boolean)) navigate('requests', params, true);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [hasParams]);

  const filters = useMemo(() => filtersFromParams(route.params), [route.params]);
  const setFilters = (f: ListFilters) => {
    rememberSessionSearch(f.q);
    rememberFilter(toRequestFilter(f)).catch(() => {});
    navigate('requests', filtersToParams(f), true);
  };

  const query = useInfiniteQuery(requestListQuery(toRequestFilter(filters)));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;

  const sorting: SortingState = filters.sort ? [{ id: filters.sort, desc: filters.desc }] : [];
  const today = usePracticeToday();
  const { ref: tableBoxRef, width: tableWidth } = useElementSize();
  const shown = visibleColumnsAt(tableWidth);
  const gridTemplate = templateOf(shown);
  const columnVisibility = Object.fromEntries(columns.map((c) => [c.id!, shown.includes(c.id!)]));

  const table = useReactTable({
    data: rows,
    columns,
    meta: { today } satisfies ListMeta,
    state: { sorting, columnVisibility },
    manualSorting: true,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const s = next[0];
      setFilters({ ...filters, sort: s?.id ?? '', desc: s?.desc ?? true });
    },
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: query.hasNextPage ? tableRows.length + 1 : tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= tableRows.length - 1 && query.hasNextPage && !query.isFetchingNextPage) {
      void query.fetchNextPage();
    }
  }, [last, tableRows.length, query]);

  const filtered = activeFilterCount(filters) > 0;
  const canLog = useCan('requests');

  return (
    <>
      <PageHeader
        title="Requests"
        description="Every privacy and patient-rights request, from intake to the final answer."
        actions={
          <>
            {canLog && <EmailDropZone compact />}
            {canLog && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('requests/new')}>
                New request
              </Button>
            )}
          </>
        }
      />
      <RequestFiltersBar filters={filters} onChange={setFilters} />

      <Group justify="space-between" mt="md" mb={6}>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="request-count">
          {query.isPending ? 'Loading…' : `${total.toLocaleString()} request${total === 1 ? '' : 's'}${filtered ? (total === 1 ? ' matches' : ' match') : ''}`}
        </Text>
        {query.isFetching && !query.isPending && <Loader size="xs" />}
      </Group>

      {query.isError ? (
        <Alert color="red" title="The requests could not be listed">
          {query.error.message}
        </Alert>
      ) : !query.isPending && total === 0 ? (
        <EmptyList filtered={filtered} onClear={() => setFilters({ ...filters, q: '', status: [], open: '', regime: [], right: [], assignee: '', from: '', to: '', due: '' })} />
      ) : (
        <Box
          ref={tableBoxRef}
          role="table"
          aria-label="Requests"
          aria-rowcount={total + 1}
          style={{
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 'var(--mantine-radius-md)',
            background: 'var(--mantine-color-body)',
            overflow: 'hidden',
          }}
        >
          <div role="rowgroup">
            {table.getHeaderGroups().map((hg) => (
              <Box
                role="row"
                key={hg.id}
                style={{
                  display: 'grid',
                  gridTemplateColumns: gridTemplate,
                  borderBottom: '1px solid var(--mantine-color-default-border)',
                  background: 'light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-6))',
                }}
              >
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  const canSort = h.column.getCanSort();
                  return (
                    <Box
                      role="columnheader"
                      key={h.id}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      px="sm"
                      py={8}
                    >
                      {canSort ? (
                        <button
                          type="button"
                          onClick={h.column.getToggleSortingHandler()}
                          className="pd-sort-button"
                          aria-label={`Sort by ${String(h.column.columnDef.header)}`}
                        >
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          {sorted === 'asc' ? <IconArrowUp size={14} /> : sorted === 'desc' ? <IconArrowDown size={14} /> : <IconArrowsSort size={14} opacity={0.35} />}
                        </button>
                      ) : (
                        <Text size="xs" fw={700} c="dimmed" tt="uppercase" py={2}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                        </Text>
                      )}
                    </Box>
                  );
                })}
              </Box>
            ))}
          </div>
          <div
            ref={scrollRef}
            role="rowgroup"
            style={{ height: 'calc(100vh - 352px)', minHeight: 260, overflow: 'auto', position: 'relative' }}
            data-testid="request-rows"
          >
            {query.isPending ? (
              <Center h={200}>
                <Loader />
              </Center>
            ) : (
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((vi) => {
                  const row = tableRows[vi.index];
                  if (!row) {
                    return (
                      <Center key="more" style={{ position: 'absolute', top: vi.start, height: vi.size, width: '100%' }}>
                        <Loader size="sm" />
                      </Center>
                    );
                  }
                  return (
                    <a
                      role="row"
                      key={row.id}
                      aria-rowindex={vi.index + 2}
                      href={hrefFor(`requests/${row.original.reference}`)}
                      className="pd-row"
                      style={{ top: vi.start, height: vi.size, gridTemplateColumns: gridTemplate }}
                    >
                      {row.getVisibleCells().map((cell) => (
                        <Box role="cell" key={cell.id} px="sm" style={{ minWidth: 0, alignSelf: 'center' }}>
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </Box>
                      ))}
                    </a>
                  );
                })}
              </div>
            )}
          </div>
        </Box>
      )}
    </>
  );
}

function EmptyList({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const canLog = useCan('requests');
  const canLoad = useCan('settings');
  return (
    <Box
      p="xl"
      style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}
      data-testid="requests-empty"
    >
      {filtered ? (
        <Stack align="flex-start" gap="sm">
          <Text fw={600}>No request matches these filters.</Text>
          <Button variant="default" onClick={onClear}>
            Clear the filters
          </Button>
        </Stack>
      ) : (
        <Stack align="flex-start" gap="sm">
          <Text fw={600}>No requests yet.</Text>
          <Text size="sm" c="dimmed" maw={620}>
            Log each privacy or patient-rights request as it arrives, by email, phone, mail or in person: Privacy Desk
            works out its deadlines and keeps a record of every step. To look around first, load the example practice.
          </Text>
          <Group>
            {canLog && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('requests/new')}>
                Log the first request
              </Button>
            )}
            {canLoad && <LoadExampleButton hasPractice variant="light" />}
          </Group>
        </Stack>
      )}
    </Box>
  );
}
