import { Modal, Table } from '@mantine/core';
import { pages } from '@/app/pages';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

export const shortcuts: [string, string][] = [
  [`${mod}+K`, 'Search requests'],
  [`${mod}+N`, 'New request'],
  ...pages.map((p) => [`Alt+${p.key}`, `Open ${p.label}`] as [string, string]),
  ['Tab / Shift+Tab', 'Move between controls'],
  ['Esc', 'Close a dialog or menu'],
  ['?', 'Show this list'],
];

export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" centered>
      <Table verticalSpacing={6}>
        <Table.Tbody>
          {shortcuts.map(([k, what]) => (
            <Table.Tr key={k}>
              <Table.Td w={160}>
                <kbd className="pd-kbd">{k}</kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
