/**
 * The console's frame: react-admin's layout with the menu in two groups, the daily work (办理) first and the
 * administration screens (系统管理) under their own heading. Which entries appear is decided by the resources
 * App.tsx registers for the viewer's role, so a unit handler never sees the administration group.
 */
import type { ReactNode } from 'react';
import { ListSubheader } from '@mui/material';
import { Layout as RaLayout, Menu, useResourceDefinitions, useSidebarState, useTranslate } from 'react-admin';

export const WORK_RESOURCES = ['messages', 'inbox', 'reviews', 'statistics'];
export const ADMIN_RESOURCES = ['units', 'users', 'leaders', 'categories', 'sla-policies', 'holidays', 'api-clients', 'settings'];

function Group({ title, names, testId }: { title: string; names: string[]; testId: string }) {
  const resources = useResourceDefinitions();
  const [open] = useSidebarState();
  const shown = names.filter((n) => resources[n]?.hasList);
  if (!shown.length) return null;
  return (
    <div data-testid={testId}>
      {open && <ListSubheader disableSticky sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>{title}</ListSubheader>}
      {shown.map((n) => <Menu.ResourceItem key={n} name={n} />)}
    </div>
  );
}

function GroupedMenu() {
  const t = useTranslate();
  return (
    <Menu>
      <Menu.DashboardItem />
      <Group title={t('wz.menu.work')} names={WORK_RESOURCES} testId="menu-work" />
      <Group title={t('wz.menu.admin')} names={ADMIN_RESOURCES} testId="menu-admin" />
    </Menu>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return <RaLayout menu={GroupedMenu}>{children}</RaLayout>;
}
