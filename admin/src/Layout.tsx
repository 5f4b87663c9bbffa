/**
 * The console's frame: react-admin's layout with the menu in two groups, the daily work (办理) first and the
 * administration screens (系统管理) under their own heading. Which entries appear is decided by the resources
 * App.tsx registers from the viewer's capabilities (the server's), so a unit handler never sees the administration group.
 * Accessibility: each group is a `group` of the menu named by its heading (a menu may own groups, not list
 * items), and the page's title in the top bar is the page's h1.
 */
import { useLayoutEffect, type ReactNode } from 'react';
import { ListSubheader, ThemeProvider, type Theme } from '@mui/material';
import { enUS, zhCN } from '@mui/material/locale';
import { PasswordChangeGate } from './components/PasswordChangeGate';
import { NotificationBell } from './components/NotificationBell';
import {
  AppBar as RaAppBar,
  Layout as RaLayout,
  LoadingIndicator,
  LocalesMenuButton,
  Menu,
  TitlePortal,
  useLocaleState,
  useResourceDefinitions,
  useSidebarState,
  useTranslate,
} from 'react-admin';

export const WORK_RESOURCES = [
  'messages',
  'addressed',
  'inbox',
  'reviews',
  'pending-requests',
  'supervisions',
  'reply-templates',
  'knowledge',
  'statistics',
  'ranking',
  'monthly-report',
  'hot-problems',
];
export const ADMIN_RESOURCES = ['units', 'users', 'leaders', 'categories', 'dispatch-catalogue', 'sla-policies', 'holidays', 'api-clients', 'settings'];

function Group({ title, names, testId }: { title: string; names: string[]; testId: string }) {
  const resources = useResourceDefinitions();
  const [open] = useSidebarState();
  const shown = names.filter((n) => resources[n]?.hasList);
  if (!shown.length) return null;
  const headingId = `${testId}-heading`;
  return (
    <div data-testid={testId} role="group" {...(open ? { 'aria-labelledby': headingId } : { 'aria-label': title })}>
      {open && (
        <ListSubheader component="div" id={headingId} disableSticky sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>
          {title}
        </ListSubheader>
      )}
      {shown.map((n) => (
        <Menu.ResourceItem key={n} name={n} />
      ))}
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

/** The page's language follows the console's (screen readers, the browser's translation offer, the tests' guard). */
function DocumentLanguage() {
  const [locale] = useLocaleState();
  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'en' ? 'en' : 'zh-CN';
  }, [locale]);
  return null;
}

/** MUI's own labels (pagination, …) in the console's language. */
function MuiLocale({ children }: { children: ReactNode }) {
  const [locale] = useLocaleState();
  const t = useTranslate();
  const own = {
    ...((locale === 'en' ? enUS : zhCN).components ?? {}),
    // the top bar's loading spinner (and any other) is named for screen readers: axe's aria-progressbar-name
    MuiCircularProgress: { defaultProps: { 'aria-label': t('ra.page.loading') } },
  } as Record<string, { defaultProps?: object }>;
  const theme = (outer: Theme) => {
    const components = { ...outer.components } as Record<string, { defaultProps?: object } | undefined>;
    for (const [k, v] of Object.entries(own)) components[k] = { ...components[k], defaultProps: { ...v.defaultProps, ...components[k]?.defaultProps } };
    return { ...outer, components } as Theme;
  };
  return <ThemeProvider theme={theme}>{children}</ThemeProvider>;
}

/** The top bar: the page's title is its h1 (one per page); the bell (通知) before the language menu. */
function AppBar() {
  return (
    <RaAppBar
      toolbar={
        <>
          <NotificationBell />
          <LocalesMenuButton />
          <LoadingIndicator />
        </>
      }
    >
      <TitlePortal component="h1" sx={{ fontSize: '1.25rem', fontWeight: 400, m: 0 }} />
    </RaAppBar>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <MuiLocale>
      <DocumentLanguage />
      {/* A temporary password is changed before anything else shows (components/PasswordChangeGate.tsx). */}
      <PasswordChangeGate>
        <RaLayout menu={GroupedMenu} appBar={AppBar}>
          {children}
        </RaLayout>
      </PasswordChangeGate>
    </MuiLocale>
  );
}
