import { useState } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query';
import { theme } from './theme';
import { practiceColorSchemeManager } from './color-scheme';
import { Root } from './Root';

export function App({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? makeQueryClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={practiceColorSchemeManager}>
      {/* Bottom left, over the sidebar's foot: clear of page actions (top right) and of the
          forms' save buttons (bottom right); overdue notices stay until closed. */}
      {/* Bottom centre: never over the sidebar's navigation, the header, a page's actions or
          the buttons at the right end of a long form's save bar. */}
      <Notifications position="bottom-center" limit={4} containerWidth={380} />
      <QueryClientProvider client={queryClient}>
        <Root />
      </QueryClientProvider>
    </MantineProvider>
  );
}
