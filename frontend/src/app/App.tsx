import { useEffect, useState } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query';
import { holdNoticesUnderDialogs, noticesZIndex } from './notices';
import { theme } from './theme';
import { practiceColorSchemeManager } from './color-scheme';
import { Root } from './Root';

export function App({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? makeQueryClient());
  useEffect(() => holdNoticesUnderDialogs(), []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={practiceColorSchemeManager}>
      {/* Bottom centre: never over the sidebar's navigation, the header, a page's actions or
          the buttons at the right end of a long form's save bar. Under dialogs, which hold
          them until they close (./notices.ts). */}
      <Notifications position="bottom-center" limit={4} containerWidth={380} zIndex={noticesZIndex} />
      <QueryClientProvider client={queryClient}>
        <Root />
      </QueryClientProvider>
    </MantineProvider>
  );
}
