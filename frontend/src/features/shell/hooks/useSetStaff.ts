import { useMutation, useQueryClient } from '@tanstack/react-query';
import { appKeys, setStaff } from '../api/app';

export const lastStaffKey = 'pd.staff';

export function useSetStaff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => setStaff(name.trim()),
    onSuccess: (_v, name) => {
      try {
        localStorage.setItem(lastStaffKey, name.trim());
      } catch {
        // storage unavailable: the name is still set for this session
      }
      return qc.invalidateQueries({ queryKey: appKeys.info });
    },
  });
}

export function lastStaff(): string {
  try {
    return localStorage.getItem(lastStaffKey) ?? '';
  } catch {
    return '';
  }
}
