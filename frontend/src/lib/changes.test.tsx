import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { isRefreshed, useChangeWatch } from './changes';

describe('change watch', () => {
  afterEach(uninstallBackend);

  it('refreshes lists, the dashboard and its notices, never the open edit form', () => {
    expect(isRefreshed(['requests', 'list', {}])).toBe(true);
    expect(isRefreshed(['requests', 'detail', 'PR-2026-0001'])).toBe(true);
    expect(isRefreshed(['dashboard', 'announcements'])).toBe(true);
    expect(isRefreshed(['requests', 'edit', 'PR-2026-0001'])).toBe(false);
    expect(isRefreshed(['app', 'info'])).toBe(false);
    expect(isRefreshed(['app', 'changes'])).toBe(false);
  });

  it('reads the shown data again when the marker moves, and only then', async () => {
    let marker = 10;
    let asked = 0;
    const counts = { list: 0, edit: 0 };
    installBackend({
      AppService: {
        ChangeMarker: async () => {
          asked++;
          return marker;
        },
      },
    });
    function Screen() {
      useChangeWatch(15);
      useQuery({ queryKey: ['requests', 'list'], queryFn: async () => ++counts.list });
      useQuery({ queryKey: ['requests', 'edit', 'PR-2026-0001'], queryFn: async () => ++counts.edit });
      return null;
    }
    renderWithProviders(<Screen />);
    // While the marker stays at 10 nothing is read again.
    await waitFor(() => expect(asked).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    expect(counts.list).toBe(1);
    // It moves to 12 (another desk's change): the list is read again, the edit form not.
    marker = 12;
    await waitFor(() => expect(counts.list).toBe(2), { timeout: 5000 });
    const after = asked;
    await waitFor(() => expect(asked).toBeGreaterThanOrEqual(after + 3), { timeout: 5000 });
    expect(counts.list).toBe(2);
    expect(counts.edit).toBe(1);
  });
});
