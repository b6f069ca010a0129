import type { ReactNode } from 'react';
import { Group, type GroupProps } from '@mantine/core';

/** DialogActions is the row of a dialog's buttons, at its right end. In a dialog taller
 * than the window (a laptop's 700 px) the content scrolls under it and the buttons stay in
 * view (global.css .pd-dialog-actions). */
export function DialogActions({ children, ...props }: { children: ReactNode } & GroupProps) {
  return (
    <Group justify="flex-end" className="pd-dialog-actions" {...props}>
      {children}
    </Group>
  );
}
