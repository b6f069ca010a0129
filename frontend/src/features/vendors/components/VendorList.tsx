import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Select, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useElementSize } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconMap2, IconPlus, IconSearch } from '@tabler/icons-react';
import { PageHeader } from '@/components/PageHeader';
import { useCan } from '@/lib/session-context';
import { ReportButton } from '@/components/ReportButton';
import { formatDate } from '@/lib/dates';
import { navigate } from '@/lib/router';
import { labelOf, vendorListQuery, vendorOptionsQuery, type VendorFilter } from '../api/vendors';
import { AlertBadges } from './AlertBadges';

export const baaStatusColor: Record<string, string> = {
  signed: 'teal',
  pending: 'orange',
  'not-required': 'gray',
  expired: 'red',
  terminated: 'dark',
};

const nowrap = { whiteSpace: 'nowrap' } as const;
// A badge cuts its text with an ellipsis, so a squeezed table column shrank it to "LIMIT…":
// keep the whole word and let the vendor's name and services give way instead.
const fullBadge = { minWidth: 'max-content' } as const;

/** The vendor register: every vendor, its BAA and what needs attention. */
export function VendorList() {
  const canEdit = useCan('vendors');
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [baaStatus, setBaaStatus] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(search, 200);
  const filter: VendorFilter = { search: debounced, category: category ?? '', baaStatus: baaStatus ?? '', phiAccess: '' };
  const vendors = useQuery(vendorListQuery(filter));
  const options = useQuery(vendorOptionsQuery());
  const rows = vendors.data ?? [];
  const phi = rows.filter((r) => r.vendor.phiAccess !== 'none').length;
  const critical = rows.filter((r) => r.alerts.some((a) => a.severity === 'critical')).length;
  // A narrow window drops the secondary columns (category, then next review) so that
  // "Needs attention" stays on screen without sideways scrolling.
  const { ref: tableRef, width } = useElementSize();
  const showCategory = width === 0 || width >= 960;
  const showReview = width === 0 || width >= 820;

  return (
    <>
      <PageHeader
        title="Vendors"
        description="The service providers that handle your clients' data, their business associate agreements (45 CFR 164.504(e)) and what needs attention."
        actions={
          <>
            <Button variant="default" leftSection={<IconMap2 size={16} />} onClick={() => navigate('vendors/data-map')}>
              Data map
            </Button>
            <ReportButton kind="baa" title="BAA status report">
              BAA status report
            </ReportButton>
            {canEdit && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('vendors/new')}>
                Add vendor
              </Button>
            )}
          </>
        }
      />
      <Card padding="md" mb="md">
        <Group gap="sm" align="flex-end">
          <TextInput
            label="Search"
            placeholder="Name, services or contact"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={280}
          />
          <Select label="Category" placeholder="All" clearable data={options.data?.categories ?? []} value={category} onChange={setCategory} w={200} />
          <Select label="BAA status" placeholder="All" clearable data={options.data?.baaStatuses ?? []} value={baaStatus} onChange={setBaaStatus} w={180} />
          {vendors.isSuccess && (
            <Text size="sm" c="dimmed" ml="auto" data-testid="vendor-summary">
              {rows.length} vendor{rows.length === 1 ? '' : 's'} · {phi} with PHI access
              {critical > 0 && (
                <Text span c="red" fw={600}>
                  {' '}
                  · {critical} touching PHI without a current BAA
                </Text>
              )}
            </Text>
          )}
        </Group>
      </Card>
      {/* Measured from the first render (the observer attaches once): the table comes later. */}
      <div ref={tableRef}>
      {vendors.isPending ? (
        <Skeleton h={300} />
      ) : vendors.isError ? (
        <Alert color="red" title="The vendor register could not be read">
          {vendors.error.message}
        </Alert>
      ) : rows.length === 0 ? (
        <Card padding="xl">
          <Stack align="center" gap="xs">
            <Text fw={600}>{debounced || category || baaStatus ? 'No vendor matches these filters.' : 'No vendors yet.'}</Text>
            <Text size="sm" c="dimmed">
              Add each service provider that creates, receives, keeps or transmits your clients' data.
            </Text>
          </Stack>
        </Card>
      ) : (
        <Card padding={0}>
          <Table.ScrollContainer minWidth={showCategory ? 940 : showReview ? 800 : 680}>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Vendor register">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Vendor</Table.Th>
                  {showCategory && <Table.Th>Category</Table.Th>}
                  <Table.Th>PHI access</Table.Th>
                  <Table.Th>BAA</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  {showReview && <Table.Th>Next review</Table.Th>}
                  <Table.Th>Needs attention</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ vendor: v, alerts }) => (
                  <Table.Tr key={v.id} data-testid="vendor-row" data-vendor={v.name}>
                    <Table.Td>
                      <Anchor href={`#/vendors/${v.id}`} fw={600}>
                        {v.name}
                      </Anchor>
                      <Text size="xs" c="dimmed" lineClamp={1} maw={200}>
                        {v.services}
                      </Text>
                    </Table.Td>
                    {showCategory && <Table.Td>{labelOf(options.data?.categories, v.category)}</Table.Td>}
                    <Table.Td style={nowrap}>
                      <Badge variant="light" color={v.phiAccess === 'none' ? 'gray' : v.phiAccess === 'full' ? 'grape' : 'blue'} style={fullBadge}>
                        {labelOf(options.data?.phiAccess, v.phiAccess)}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={nowrap}>
                      <Badge variant="light" color={baaStatusColor[v.baaStatus]} style={fullBadge}>
                        {labelOf(options.data?.baaStatuses, v.baaStatus)}
                      </Badge>
                      {v.baaDocumentNotPdf && (
                        <Text size="xs" c="orange">
                          Document is not a PDF
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={nowrap}>{formatDate(v.baaExpiresOn)}</Table.Td>
                    {showReview && <Table.Td style={nowrap}>{formatDate(v.nextReviewOn)}</Table.Td>}
                    <Table.Td data-testid="vendor-alerts-cell" miw={170}>
                      <AlertBadges alerts={alerts} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      </div>
    </>
  );
}
