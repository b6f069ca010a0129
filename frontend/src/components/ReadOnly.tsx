import type { ReactNode } from 'react';

/** ReadOnly disables every field and button inside it unless `editable`: what a role may
 * read but not change (an auditor's view of a request or a vendor). Links still work. */
export function ReadOnly({ editable, children }: { editable: boolean; children: ReactNode }) {
  if (editable) return children;
  return (
    <fieldset disabled aria-disabled style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      {children}
    </fieldset>
  );
}
