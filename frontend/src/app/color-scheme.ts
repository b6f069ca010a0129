import { isMantineColorScheme, type MantineColorScheme, type MantineColorSchemeManager } from '@mantine/core';
import { appStateKeys, setAppState } from '@/lib/app';

// The colour scheme is kept with the practice's data (app state "colorScheme"), not in the
// web view's localStorage, which every database opened on this computer would share.
// Mantine asks its manager synchronously, so the value lives here; Root hands over the
// practice's choice once the app info arrives (adoptColorScheme), and a choice made in
// the Theme menu is written back.

let current: MantineColorScheme = 'auto';
let listener: ((scheme: MantineColorScheme) => void) | null = null;

export const practiceColorSchemeManager: MantineColorSchemeManager = {
  get: () => current,
  set: (scheme) => {
    if (scheme === current) return;
    current = scheme;
    // Not remembered: the window keeps it until closed, which is harmless.
    setAppState(appStateKeys.colorScheme, scheme).catch(() => {});
  },
  subscribe: (onUpdate) => {
    listener = onUpdate;
  },
  unsubscribe: () => {
    listener = null;
  },
  clear: () => {
    current = 'auto';
  },
};

/** adoptColorScheme applies the practice's remembered scheme without writing it back. */
export function adoptColorScheme(scheme: string | undefined): void {
  const next: MantineColorScheme = isMantineColorScheme(scheme) ? scheme : 'auto';
  if (next === current) return;
  current = next;
  listener?.(next);
}
