import { useEffect, useRef, useState, type ReactElement } from 'react';
import { AppShell, Box, Group, NavLink, ScrollArea, Stack, Text, ThemeIcon, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconClipboardCheck, IconInfoCircle, IconKeyboard, IconShieldCheck, IconShieldLock } from '@tabler/icons-react';
import { onEvent } from '@/lib/ipc';
import { navigate, useRoute } from '@/lib/router';
import { appStateKeys, type AppInfo } from '@/lib/app';
import { useChangeWatch } from '@/lib/changes';
import { AboutModal } from '@/features/shell/components/AboutModal';
import { GlobalSearch } from '@/features/shell/components/GlobalSearch';
import { ShortcutsModal } from '@/features/shell/components/ShortcutsModal';
import { AccountMenu } from '@/features/session/components/AccountMenu';
import { ThemeMenu } from '@/features/shell/components/ThemeMenu';
import { WelcomeModal } from '@/features/shell/components/WelcomeModal';
import { RecoveryNotice } from '@/features/shell/components/RecoveryNotice';
import { ZoneConfirmModal } from '@/features/shell/components/ZoneConfirmModal';
import { DeadlineAnnouncer } from '@/features/dashboard/components/DeadlineAnnouncer';
import { AutoBackupNotifier } from '@/features/exports/components/AutoBackupNotifier';
import { dialogOpen } from './notices';
import { pages } from './pages';
import { PageOutlet } from './PageOutlet';

export function Shell({ info }: { info: AppInfo }) {
  const route = useRoute();
  const current = route.segments[0] ?? 'dashboard';
  const [aboutOpen, about] = useDisclosure(false);
  const [keysOpen, keys] = useDisclosure(false);
  const [welcomeOpen, setWelcomeOpen] = useState(() => info.state[appStateKeys.disclaimerSeen] !== '1');
  // After the welcome, the first start asks to confirm the practice's time zone; "Later"
  // holds until the next start (a reload of the window does not ask again).
  const [zoneOpen, setZoneOpen] = useState(
    () => info.state[appStateKeys.timeZoneConfirmed] !== '1' && sessionStorage.getItem(zoneLaterKey) !== '1',
  );
  const searchRef = useRef<HTMLInputElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const queryClient = useQueryClient();
  // Other desks' (and the command line's) changes appear within a few seconds.
  useChangeWatch();
  // Below about 1200 px (Mantine's lg) the sidebar shows icons only, each with its name in a
  // tooltip and for screen readers, so a laptop's width goes to the page.
  const wide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });

  // Move focus to the page on navigation, so keyboard and screen-reader users start at
  // the top of the new screen rather than on the link they pressed.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [current]);

  // Page shortcuts must not change the page behind an open dialog (the welcome dialog,
  // an action form): the dialog would stay on top of a screen it no longer belongs to.
  const unlessModal = (fn: () => void) => () => {
    if (!dialogOpen()) fn();
  };
  useHotkeys(
    [
      // The ref is read when the shortcut fires, not during render: unlessModal only
      // wraps the callback, which the compiler-based rule cannot see.
      // eslint-disable-next-line react-hooks/refs -- see above
      ['mod+K', unlessModal(() => searchRef.current?.focus())],
      ...pages.map((p) => [`alt+${p.key}`, unlessModal(() => navigate(p.id))] as [string, () => void]),
    ],
    [],
  );
  useHotkeys([['shift+slash', keys.open]]);

  useEffect(() => {
    const offs = [
      onEvent('menu:about', about.open),
      onEvent('menu:new-request', () => navigate('requests/new')),
      onEvent('menu:import', () => navigate('exports', { open: 'import' })),
      onEvent('menu:export', () => navigate('exports', { open: 'export' })),
      onEvent('menu:backup', () => navigate('exports', { open: 'backup' })),
      onEvent('app:focus', () => {
        void queryClient.invalidateQueries();
        notifications.show({ message: 'Privacy Desk is already open: this is its window.', autoClose: 3000 });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [about.open, queryClient]);

  return (
    <>
      <a href="#main" className="skip-link" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        Skip to main content
      </a>
      <AppShell header={{ height: 60 }} navbar={{ width: { base: 68, lg: 232 }, breakpoint: 0 }} padding={0}>
        <AppShell.Header px="md">
          <Group h="100%" justify="space-between" wrap="nowrap" gap="lg">
            <Group gap="xs" wrap="nowrap" w={wide ? 200 : undefined} style={{ flexShrink: 0 }}>
              <ThemeIcon size={32} radius="md" variant="filled">
                <IconShieldLock size={20} />
              </ThemeIcon>
              <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }} visibleFrom="md">
                Privacy Desk
              </Text>
            </Group>
            <Box style={{ flex: 1, maxWidth: 520 }}>
              <GlobalSearch inputRef={searchRef} />
            </Box>
            <Group gap="sm" wrap="nowrap">
              <AccountMenu />
              <ThemeMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label="Main navigation">
          <AppShell.Section grow component={ScrollArea}>
            <Stack gap={2} component="nav" aria-label="Sections">
              {pages.map((p) => (
                <NavTip key={p.id} label={`${p.label} (Alt+${p.key})`} show={!wide}>
                  <NavLink
                    href={`#/${p.id}`}
                    {...foldProps(p.label, wide)}
                    active={current === p.id}
                    aria-current={current === p.id ? 'page' : undefined}
                    leftSection={<p.icon size={19} stroke={1.6} />}
                    rightSection={
                      wide ? (
                        <Text size="xs" c="dimmed" aria-hidden>
                          Alt+{p.key}
                        </Text>
                      ) : undefined
                    }
                    variant="light"
                  />
                </NavTip>
              ))}
            </Stack>
          </AppShell.Section>
          <AppShell.Section>
            <Stack gap={2} pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
              <NavTip label="Ready for an audit" show={!wide}>
                <NavLink
                  href="#/readiness"
                  {...foldProps('Ready for an audit', wide)}
                  active={current === 'readiness'}
                  aria-current={current === 'readiness' ? 'page' : undefined}
                  leftSection={<IconClipboardCheck size={18} stroke={1.6} />}
                  variant="light"
                />
              </NavTip>
              <NavTip label="Audit trail" show={!wide}>
                <NavLink
                  href="#/audit"
                  {...foldProps('Audit trail', wide)}
                  active={current === 'audit'}
                  aria-current={current === 'audit' ? 'page' : undefined}
                  leftSection={<IconShieldCheck size={18} stroke={1.6} />}
                  variant="light"
                />
              </NavTip>
              <NavTip label="Keyboard shortcuts" show={!wide}>
                <NavLink
                  component={UnstyledButton}
                  {...foldProps('Keyboard shortcuts', wide)}
                  leftSection={<IconKeyboard size={18} stroke={1.6} />}
                  onClick={keys.open}
                />
              </NavTip>
              <NavTip label="About Privacy Desk" show={!wide}>
                <NavLink
                  component={UnstyledButton}
                  {...foldProps('About Privacy Desk', wide)}
                  leftSection={<IconInfoCircle size={18} stroke={1.6} />}
                  onClick={about.open}
                />
              </NavTip>
            </Stack>
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main" ref={mainRef} tabIndex={-1} className="pd-main" style={{ outline: 'none' }}>
          <Box px={{ base: 'lg', lg: 32 }} py={{ base: 'lg', lg: 28 }} maw={1320}>
            <PageOutlet route={route} info={info} />
          </Box>
        </AppShell.Main>
      </AppShell>

      <AboutModal opened={aboutOpen} onClose={about.close} info={info} />
      <ShortcutsModal opened={keysOpen} onClose={keys.close} />
      <WelcomeModal opened={welcomeOpen} onClose={() => setWelcomeOpen(false)} info={info} />
      <ZoneConfirmModal
        opened={zoneOpen && !welcomeOpen && !info.openError}
        onClose={() => {
          sessionStorage.setItem(zoneLaterKey, '1');
          setZoneOpen(false);
        }}
      />
      <DeadlineAnnouncer />
      <AutoBackupNotifier />
      <RecoveryNotice message={info.recovered} />
    </>
  );
}

const zoneLaterKey = 'privacydesk.zoneLater';

/** foldProps are a sidebar entry's looks: its name when the sidebar is wide, an icon
 * named for screen readers when it is folded. */
function foldProps(name: string, wide: boolean) {
  return {
    className: wide ? 'nav-link' : 'nav-link pd-icon-only',
    label: wide ? name : undefined,
    'aria-label': wide ? undefined : name,
    style: { borderRadius: 'var(--mantine-radius-md)' },
  };
}

/** NavTip names an icon-only sidebar entry in a tooltip on its right. */
function NavTip({ label, show, children }: { label: string; show: boolean; children: ReactElement }) {
  return (
    <Tooltip label={label} position="right" withArrow disabled={!show} openDelay={150}>
      {children}
    </Tooltip>
  );
}
