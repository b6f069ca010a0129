import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { loadExample } from '@/lib/app';

// Loads Sessions, Inc. and refetches everything, since every area may have gained data.
export function useLoadExample() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: loadExample,
    onSuccess: async (sum) => {
      await qc.invalidateQueries();
      const parts = [sum.vendors ? `${sum.vendors} vendors` : '', sum.requests ? `${sum.requests} requests` : ''].filter(Boolean);
      notifications.show({
        color: 'teal',
        title: 'Example practice loaded',
        message: `${sum.practice}${parts.length ? ` with ${parts.join(' and ')}` : ''}.`,
      });
    },
    onError: (err) => {
      notifications.show({ color: 'red', title: 'The example practice was not loaded', message: err.message });
    },
  });
}
