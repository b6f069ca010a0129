import { afterEach, describe, expect, it } from 'vitest';
import { installBackend, uninstallBackend } from '@/test/backend';
import { adoptColorScheme, practiceColorSchemeManager as manager } from './color-scheme';

describe('practiceColorSchemeManager', () => {
  afterEach(() => {
    uninstallBackend();
    adoptColorScheme('auto');
  });

  it("writes a chosen scheme to the practice's app state, not to localStorage", async () => {
    const main = installBackend({ AppService: { SetAppState: async () => null } });
    manager.set('dark');
    expect(manager.get('auto')).toBe('dark');
    expect(main.AppService.SetAppState).toHaveBeenCalledWith('colorScheme', 'dark');
    expect(localStorage.length).toBe(0);
    // The same scheme again is not written again.
    manager.set('dark');
    expect(main.AppService.SetAppState).toHaveBeenCalledTimes(1);
  });

  it("adopts the practice's scheme, telling Mantine, without writing it back", () => {
    const main = installBackend({ AppService: { SetAppState: async () => null } });
    const seen: string[] = [];
    manager.subscribe((s) => seen.push(s));
    adoptColorScheme('light');
    adoptColorScheme('nonsense');
    expect(seen).toEqual(['light', 'auto']);
    expect(manager.get('dark')).toBe('auto');
    expect(main.AppService.SetAppState).not.toHaveBeenCalled();
    manager.unsubscribe();
  });
});
