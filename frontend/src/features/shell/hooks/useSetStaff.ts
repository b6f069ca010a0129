import { useMutation, useQueryClient } from '@tanstack/react-query';
import { appKeys, setStaff } from '@/lib/app';

// The backend records the name for the audit trail and remembers it with the practice's
// data (app state "staff"), to be offered at the next start.
export function useSetStaff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => setStaff(name.trim()),
    onSuccess: () => qc.invalidateQueries({ queryKey: appKeys.info }),
  });
}
