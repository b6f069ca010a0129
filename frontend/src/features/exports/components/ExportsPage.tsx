import { useEffect, useRef } from 'react';
import { Alert, Button, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '@/components/PageHeader';
import { useCan } from '@/lib/session-context';
import { EmailDropZone } from '@/components/EmailDropZone';
import { backendHas } from '@/lib/ipc';
import type { Route } from '@/lib/router';
import { exportKindsQuery } from '../api/exports';
import { BackupSection } from './BackupSection';
import { ExportCard } from './ExportCard';
import { ImportSection } from './ImportSection';
import { ResponsePackageCard } from './ResponsePackageCard';

function SectionTitle({ id, title, children }: { id: string; title: string; children?: React.ReactNode }) {
  return (
    <Stack gap={2} id={id} style={{ scrollMarginTop: 56 }}>
      <Title order={2} fz={19}>
        {title}
      </Title>
      {children && (
        <Text size="sm" c="dimmed" maw={760}>
          {children}
        </Text>
      )}
    </Stack>
  );
}

const sections = [
  { id: 'exports-export', label: 'Export' },
  { id: 'exports-package', label: 'Response package' },
  { id: 'exports-import', label: 'Import' },
  { id: 'exports-backup', label: 'Backup and restore' },
];

/** SectionNav stays at the top of the screen while it scrolls: each section is one click
 * away, without a long scroll past the export cards. */
function SectionNav() {
  return (
    <Group
      component="nav"
      aria-label="Export sections"
      gap={4}
      py={6}
      mt={-16}
      className="pd-section-nav"
      style={{ position: 'sticky', top: 60, zIndex: 6 }}
    >
      {sections.map((s) => (
        <Button
          key={s.id}
          variant="subtle"
          size="compact-sm"
          onClick={() => {
            const el = document.getElementById(s.id);
            el?.scrollIntoView({ block: 'start' });
            el?.querySelector<HTMLElement>('button, input, a[href]')?.focus({ preventScroll: true });
          }}
        >
          {s.label}
        </Button>
      ))}
    </Group>
  );
}

/** The Exports screen (#/exports; ?open=export|import|backup from the File menu). */
export function ExportsPage({ route }: { route: Route }) {
  const canImport = useCan('requests');
  const canBackup = useCan('backup');
  const kinds = useQuery({ ...exportKindsQuery(), enabled: backendHas('ExportService') });
  const exportButton = useRef<HTMLButtonElement>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const backupButton = useRef<HTMLButtonElement>(null);
  const open = route.params.get('open');

  // File > Export…, Import…, Backup… land here: show that section and put the focus on
  // its first control.
  const pkg = route.params.get('package');
  useEffect(() => {
    if (pkg && kinds.isSuccess) document.getElementById('exports-package')?.scrollIntoView({ block: 'start' });
  }, [pkg, kinds.isSuccess]);
  useEffect(() => {
    if (!open) return;
    const target = { export: exportButton, import: importInput, backup: backupButton }[open];
    const el = target?.current;
    if (!el) return;
    document.getElementById(`exports-${open}`)?.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
  }, [open, kinds.isSuccess]);

  if (!backendHas('ExportService')) {
    return (
      <Stack>
        <PageHeader title="Exports" />
        <Alert color="gray">This build of Privacy Desk has no exports.</Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="xl">
      <PageHeader
        title="Exports"
        description="Your records out in the formats their readers need, old spreadsheets and emails in, and backups of everything."
      />
      <SectionNav />

      <Stack gap="md">
        <SectionTitle id="exports-export" title="Export">
          Each file is written complete or not at all: a cancelled or failed export leaves nothing behind. Every export is
          recorded in the audit trail.
        </SectionTitle>
        {kinds.isPending && <Skeleton h={220} />}
        {kinds.isError && <Alert color="red">{kinds.error.message}</Alert>}
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="lg">
          {kinds.data?.map((k, i) => <ExportCard key={k.kind} kind={k} buttonRef={i === 0 ? exportButton : undefined} />)}
          {kinds.data && (
            <div id="exports-package" style={{ scrollMarginTop: 56 }}>
              <ResponsePackageCard initialRef={route.params.get('package') ?? ''} />
            </div>
          )}
        </SimpleGrid>
      </Stack>

      <Stack gap="md">
        <SectionTitle id="exports-import" title="Import" />
        {canImport ? (
          <>
            <EmailDropZone />
            <ImportSection fileInputRef={importInput} />
          </>
        ) : (
          <Text c="dimmed">Importing needs the staff or administrator role.</Text>
        )}
      </Stack>

      <Stack gap="md">
        <SectionTitle id="exports-backup" title="Backup and restore" />
        {canBackup ? (
          <BackupSection backupButtonRef={backupButton} />
        ) : (
          <Text c="dimmed">Backups and restores are an administrator’s.</Text>
        )}
      </Stack>
    </Stack>
  );
}
