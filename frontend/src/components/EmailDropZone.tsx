// A place to drop a request that arrived by email (.eml): the email is read, and the
// intake form opens prefilled with it; the .eml is attached when the request is saved.
//
// In the app's window Wails hands dropped files over with their paths
// (window.runtime.OnFileDrop, options.DragAndDrop.EnableFileDrop); in a browser (the
// dev server) only the file's content is available, which is sent instead.
import { useEffect, useId, useRef, useState } from 'react';
import { Anchor, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconMailDown } from '@tabler/icons-react';
import {
  chooseEmailFile,
  importEmailBytes,
  importEmailFile,
  isEmailFile,
  setIntakeDraft,
  type EmailProposal,
} from '@/lib/email-intake';
import { parseError } from '@/lib/ipc';
import { navigate } from '@/lib/router';

interface WailsDrop {
  wails?: { flags?: { enableWailsDragAndDrop?: boolean } };
  runtime?: { OnFileDrop?: (cb: (x: number, y: number, paths: string[]) => void, useDropTarget?: boolean) => void };
}

// Wails registers one OnFileDrop callback for the whole window; it hands each drop to
// the zone under the pointer (the zones are marked with the --wails-drop-target style).
const zones = new Map<string, (paths: string[]) => void>();
let nativeRegistered = false;

function registerNative() {
  const w = window as unknown as WailsDrop;
  if (nativeRegistered || typeof w.runtime?.OnFileDrop !== 'function') return;
  nativeRegistered = true;
  w.runtime.OnFileDrop((x, y, paths) => {
    const el = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-email-drop]');
    const handler = el ? zones.get(el.dataset.emailDrop ?? '') : undefined;
    handler?.(paths ?? []);
  }, true);
}

/** useEmailDropTarget registers onPaths for the files the app's window drops on the
 * element marked with the returned id (data-email-drop={id}, with the style
 * --wails-drop-target: drop). */
export function useEmailDropTarget(onPaths: (paths: string[]) => void): string {
  const id = useId();
  useEffect(() => {
    registerNative();
    zones.set(id, onPaths);
    return () => {
      zones.delete(id);
    };
  });
  return id;
}

export const nativePaths = () => Boolean((window as unknown as WailsDrop).wails?.flags?.enableWailsDragAndDrop);

/** openProposal opens the intake form with the proposal; the form says where it came from. */
export function openProposal(p: EmailProposal) {
  setIntakeDraft(p);
  navigate('requests/new');
}

export function EmailDropZone({ compact = false }: { compact?: boolean }) {
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const depth = useRef(0);

  const run = async (work: () => Promise<EmailProposal>) => {
    setBusy(true);
    setError(null);
    try {
      openProposal(await work());
    } catch (e) {
      setError(parseError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const choose = async () => {
    setError(null);
    try {
      const p = await chooseEmailFile();
      if (p) await run(() => importEmailFile(p));
    } catch (e) {
      setError(parseError(e).message);
    }
  };
  const fromPaths = (paths: string[]) => {
    const eml = paths.find((p) => isEmailFile(p));
    if (!eml) {
      setError('That is not an email file: drop an .eml file (in most mail programs, drag the message out or use “Save as”).');
      return;
    }
    void run(() => importEmailFile(eml));
  };

  const id = useEmailDropTarget(fromPaths);

  return (
    <Paper
      withBorder
      px={compact ? 'sm' : 'lg'}
      py={compact ? 6 : 'lg'}
      radius="md"
      data-email-drop={id}
      data-testid="email-drop-zone"
      aria-label="Drop an email file here"
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-color-desk-5)' : undefined,
        background: over ? 'var(--mantine-color-desk-light)' : undefined,
        ['--wails-drop-target' as string]: 'drop',
      }}
      onDragEnter={(e) => {
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(e) => {
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        // In the app's window the paths arrive through OnFileDrop; here only in a browser.
        if (nativePaths()) return;
        const files = [...e.dataTransfer.files];
        const eml = files.find((f) => isEmailFile(f.name, f.type));
        if (!eml) {
          setError(files.length ? 'That is not an email file: drop an .eml file.' : 'Nothing was dropped.');
          return;
        }
        void run(() => importEmailBytes(eml));
      }}
    >
      {compact ? (
        <Group gap={8} wrap="nowrap" align="center">
          {busy ? <Loader size="xs" /> : <IconMailDown size={18} stroke={1.5} color="var(--mantine-color-desk-6)" />}
          <Stack gap={0}>
            <Text size="xs" fw={600}>
              {busy ? 'Reading the email…' : 'Drop a request email (.eml)'}
            </Text>
            <Anchor component="button" type="button" size="xs" ta="left" onClick={() => void choose()}>
              or choose a file…
            </Anchor>
            {error && (
              <Text size="xs" c="red" role="alert" maw={260}>
                {error}
              </Text>
            )}
          </Stack>
        </Group>
      ) : (
        <Group gap="md" wrap="nowrap" align="center">
          {busy ? <Loader size="sm" /> : <IconMailDown size={30} stroke={1.5} color="var(--mantine-color-desk-6)" />}
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {busy ? 'Reading the email…' : 'Drop a request email (.eml) here'}
            </Text>
            <Text size="xs" c="dimmed">
              It opens as a new request with the sender, date, subject and text filled in; the email is attached when you save.{' '}
              <Anchor component="button" type="button" size="xs" onClick={() => void choose()}>
                Choose a file…
              </Anchor>
            </Text>
            {error && (
              <Text size="xs" c="red" role="alert">
                {error}
              </Text>
            )}
          </Stack>
        </Group>
      )}
    </Paper>
  );
}
