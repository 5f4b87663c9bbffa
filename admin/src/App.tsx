/** The console: resources shown by the viewer's capabilities (the server's, User.capabilities); zh-CN first. */
import type { ComponentType } from 'react';
import { Admin, Login, LoginForm, Resource, useTranslate } from 'react-admin';
import { Typography } from '@mui/material';
import WhatshotIcon from '@mui/icons-material/Whatshot';
import { HotProblemsPage } from './resources/hot/HotProblemsPage';
import MailIcon from '@mui/icons-material/Mail';
import InboxIcon from '@mui/icons-material/Inbox';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import PeopleIcon from '@mui/icons-material/People';
import BadgeIcon from '@mui/icons-material/Badge';
import CategoryIcon from '@mui/icons-material/Category';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n/i18nProvider';
import { Dashboard } from './Dashboard';
import { MessageList } from './resources/messages/MessageList';
import { MessageShow } from './resources/messages/MessageShow';
import { MessageCreate } from './resources/messages/MessageCreate';
import { InboxList } from './resources/inbox/InboxList';
import { ReviewList } from './resources/reviews/ReviewList';
import { UnitCreate, UnitEdit, UnitList } from './resources/units/Units';
import { UserCreate, UserEdit, UserList } from './resources/users/Users';
import { LeaderCreate, LeaderEdit, LeaderList } from './resources/leaders/Leaders';
import { CategoryCreate, CategoryEdit, CategoryList } from './resources/categories/Categories';
import { StatisticsPage } from './resources/statistics/StatisticsPage';
import BarChartIcon from '@mui/icons-material/BarChart';
import TimerIcon from '@mui/icons-material/Timer';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import SettingsIcon from '@mui/icons-material/Settings';
import { SlaPolicyCreate, SlaPolicyEdit, SlaPolicyList } from './resources/sla/SlaPolicies';
import { HolidayCreate, HolidayEdit, HolidayList } from './resources/holidays/Holidays';
import { ApiClientCreate, ApiClientEdit, ApiClientList } from './resources/apiclients/ApiClients';
import { SettingsPage } from './resources/settings/SettingsPage';
import { Layout } from './Layout';
import PendingActionsIcon from '@mui/icons-material/PendingActions';
import GavelIcon from '@mui/icons-material/Gavel';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnread';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import SummarizeIcon from '@mui/icons-material/Summarize';
import { PendingRequestList } from './resources/requests/PendingRequests';
import { SupervisionList } from './resources/supervisions/SupervisionList';
import { AddressedList } from './resources/addressed/AddressedList';
import { RankingPage } from './resources/ranking/RankingPage';
import { MonthlyReportPage } from './resources/reports/MonthlyReportPage';
import { PrintView } from './resources/messages/PrintView';
import ShortTextIcon from '@mui/icons-material/ShortText';
import { ReplyTemplateCreate, ReplyTemplateEdit, ReplyTemplateList } from './resources/templates/ReplyTemplates';
import { darkTheme, lightTheme } from './theme';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import { CatalogueCreate, CatalogueEdit, CatalogueList, CatalogueShow } from './resources/catalogue/Catalogue';
import { KnowledgeList } from './resources/knowledge/KnowledgeList';
import { can } from './capabilities';
import type { Capability } from './generated/graphql';
import { KnowledgeShow } from './resources/knowledge/KnowledgeShow';
import { KnowledgeCreate, KnowledgeEdit } from './resources/knowledge/KnowledgeForm';

/**
 * A resource of the console: its pages and menu icon; `readers`, the capability of the viewers who have it at all
 * (everyone when absent); `listReaders`, the capability of those who see its list (everyone who has it when absent: the
 * others have the resource only for references to it); `writers`, the capability of those who create and edit
 * (everyone who has it when absent). Capabilities are the server's (server/src/auth/capabilities.ts).
 */
interface ResourceSpec {
  name: string;
  recordRepresentation?: string;
  list?: ComponentType;
  show?: ComponentType;
  create?: ComponentType;
  edit?: ComponentType;
  icon?: ComponentType;
  readers?: Capability;
  listReaders?: Capability;
  writers?: Capability;
}

/** The resources in menu order. */
const RESOURCES: ResourceSpec[] = [
  {
    name: 'messages',
    recordRepresentation: 'serialNo',
    list: MessageList,
    show: MessageShow,
    create: MessageCreate,
    writers: 'MESSAGE_CREATE',
    icon: MailIcon,
  },
  { name: 'addressed', list: AddressedList, icon: MarkEmailUnreadIcon, readers: 'LEADER_INBOX' },
  { name: 'inbox', list: InboxList, icon: InboxIcon, readers: 'UNIT_INBOX' },
  { name: 'pending-requests', list: PendingRequestList, icon: PendingActionsIcon, readers: 'REQUEST_DECIDE' },
  { name: 'supervisions', list: SupervisionList, icon: GavelIcon, readers: 'SUPERVISION_TRACK' },
  { name: 'ranking', list: RankingPage, icon: LeaderboardIcon },
  { name: 'monthly-report', list: MonthlyReportPage, icon: SummarizeIcon },
  { name: 'hot-problems', list: HotProblemsPage, icon: WhatshotIcon },
  { name: 'message-print', show: PrintView },
  { name: 'reviews', list: ReviewList, icon: FactCheckIcon, readers: 'REPLY_REVIEW' },
  {
    name: 'reply-templates',
    recordRepresentation: 'title',
    list: ReplyTemplateList,
    create: ReplyTemplateCreate,
    edit: ReplyTemplateEdit,
    icon: ShortTextIcon,
    readers: 'TEMPLATE_MANAGE',
  },
  {
    name: 'knowledge',
    recordRepresentation: 'title',
    list: KnowledgeList,
    show: KnowledgeShow,
    create: KnowledgeCreate,
    edit: KnowledgeEdit,
    icon: MenuBookIcon,
    writers: 'KNOWLEDGE_WRITE',
  },
  { name: 'statistics', list: StatisticsPage, icon: BarChartIcon },
  {
    name: 'units',
    recordRepresentation: 'name',
    list: UnitList,
    create: UnitCreate,
    edit: UnitEdit,
    icon: AccountTreeIcon,
    listReaders: 'ORG_MANAGE',
    writers: 'ORG_MANAGE',
  },
  {
    name: 'users',
    recordRepresentation: 'displayName',
    list: UserList,
    create: UserCreate,
    edit: UserEdit,
    icon: PeopleIcon,
    readers: 'USER_READ',
    writers: 'USER_MANAGE',
  },
  {
    name: 'leaders',
    recordRepresentation: 'name',
    list: LeaderList,
    create: LeaderCreate,
    edit: LeaderEdit,
    icon: BadgeIcon,
    listReaders: 'ORG_MANAGE',
    writers: 'ORG_MANAGE',
  },
  {
    name: 'categories',
    recordRepresentation: 'name',
    list: CategoryList,
    create: CategoryCreate,
    edit: CategoryEdit,
    icon: CategoryIcon,
    listReaders: 'ORG_MANAGE',
    writers: 'ORG_MANAGE',
  },
  {
    name: 'dispatch-catalogue',
    recordRepresentation: 'matter',
    list: CatalogueList,
    show: CatalogueShow,
    create: CatalogueCreate,
    edit: CatalogueEdit,
    icon: AltRouteIcon,
    readers: 'PLATFORM_OVERVIEW',
    writers: 'CATALOGUE_MANAGE',
  },
  {
    name: 'sla-policies',
    recordRepresentation: 'name',
    list: SlaPolicyList,
    create: SlaPolicyCreate,
    edit: SlaPolicyEdit,
    icon: TimerIcon,
    readers: 'SLA_READ',
    writers: 'SLA_MANAGE',
  },
  {
    name: 'holidays',
    recordRepresentation: 'date',
    list: HolidayList,
    create: HolidayCreate,
    edit: HolidayEdit,
    icon: CalendarMonthIcon,
    readers: 'SLA_READ',
    writers: 'SLA_MANAGE',
  },
  {
    name: 'api-clients',
    recordRepresentation: 'name',
    list: ApiClientList,
    create: ApiClientCreate,
    edit: ApiClientEdit,
    icon: VpnKeyIcon,
    readers: 'API_CLIENT_MANAGE',
  },
  { name: 'settings', list: SettingsPage, icon: SettingsIcon, readers: 'SETTINGS_MANAGE' },
];

/** The viewer has the capability, or there is no such rule. */
const allows = (capability: Capability | undefined, permissions: unknown) => !capability || can(permissions, capability);

/** The login page: react-admin's form under the platform's name as the page's h1. */
function LoginPage() {
  const t = useTranslate();
  return (
    <Login>
      <Typography component="h1" variant="h6" sx={{ textAlign: 'center', mt: 1 }}>
        {t('wz.title')}
      </Typography>
      <LoginForm />
    </Login>
  );
}

export function App() {
  return (
    <Admin
      title="网络问政办理平台"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      dashboard={Dashboard}
      layout={Layout}
      loginPage={LoginPage}
      lightTheme={lightTheme}
      darkTheme={darkTheme}
      requireAuth
      disableTelemetry
    >
      {(permissions: unknown) =>
        RESOURCES.filter((r) => allows(r.readers, permissions)).map((r) => (
          <Resource
            key={r.name}
            name={r.name}
            recordRepresentation={r.recordRepresentation}
            list={allows(r.listReaders, permissions) ? r.list : undefined}
            show={r.show}
            create={allows(r.writers, permissions) ? r.create : undefined}
            edit={allows(r.writers, permissions) ? r.edit : undefined}
            icon={r.icon}
          />
        ))
      }
    </Admin>
  );
}
