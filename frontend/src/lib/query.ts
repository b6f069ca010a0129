import { QueryClient } from '@tanstack/react-query';
import { AppError } from './ipc';

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A local database: answers are fast and only this app changes them.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof AppError && err.code !== 'internal') && count < 1,
      },
    },
  });
}

// Every query and mutation goes through lib/ipc's call, which only throws AppError.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: AppError;
  }
}
