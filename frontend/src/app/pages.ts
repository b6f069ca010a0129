import {
  IconBuildingStore,
  IconFileExport,
  IconInbox,
  IconLayoutDashboard,
  IconMail,
  IconSettings,
  type Icon,
} from '@tabler/icons-react';

export interface PageDef {
  id: string;
  label: string;
  icon: Icon;
  /** Alt+<key> opens the page */
  key: string;
}

export const pages: PageDef[] = [
  { id: 'dashboard', label: 'Dashboard', icon: IconLayoutDashboard, key: '1' },
  { id: 'requests', label: 'Requests', icon: IconInbox, key: '2' },
  { id: 'vendors', label: 'Vendors', icon: IconBuildingStore, key: '3' },
  { id: 'letters', label: 'Letters', icon: IconMail, key: '4' },
  { id: 'exports', label: 'Exports', icon: IconFileExport, key: '5' },
  { id: 'settings', label: 'Settings', icon: IconSettings, key: '6' },
];
